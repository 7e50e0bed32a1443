// fleetctl: the operator's command line for a CoAP Fleet server. Everything lives in FleetCLI;
// this file hands it the command line, the environment and the terminal.
import FleetCLI
import Foundation

let environment = ProcessInfo.processInfo.environment
let status = await FleetCtl.run(
    arguments: Array(CommandLine.arguments.dropFirst()), environment: environment, output: StandardOutput(),
    style: TerminalStyle.detect(environment: environment))
exit(status.rawValue)
