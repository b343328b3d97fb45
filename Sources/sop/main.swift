import Foundation
import SOPCLI

exit(await SOPCommand.run(Array(CommandLine.arguments.dropFirst())))
