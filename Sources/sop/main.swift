import Foundation
import SOPCLI

exit(SOPCommand.run(Array(CommandLine.arguments.dropFirst())))
