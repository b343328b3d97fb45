// The system libyaml (Debian: libyaml-dev), read event by event by SOPLoader.
#include <yaml.h>
