import FleetModel
import Foundation

/// fleetctl as a function of its command line, environment and output, so the executable is
/// one call and tests can run it in-process too.
public enum FleetCtl {
    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func run(
        arguments: [String], environment: [String: String], output: any OutputSink, style: TerminalStyle
    ) async -> ExitCode {
        let result: ParseResult
        do {
            result = try ArgumentParser.parse(arguments, commands: CommandCatalog.specs, globals: GlobalOptions.specs)
        } catch {
            output.error("fleetctl: \(error.message)\n\n\(shortUsage(for: error.commandPath))")
            return .usage
        }
        switch result {
        case .help(let path):
            output.write(usage(for: path))
            return .success
        case .version:
            output.write("fleetctl \(FleetVersion.current)\n")
            return .success
        case .run(let command, let globals):
            return await execute(command, globals: globals, environment: environment, output: output, style: style)
        }
    }

    private static func execute(
        _ command: ParsedCommand, globals: ParsedOptions, environment: [String: String], output: any OutputSink,
        style: TerminalStyle
    ) async -> ExitCode {
        if command.command.path == ["completion"] {
            do {
                output.write(try Completion.script(
                    shell: command.positional("SHELL"), commands: CommandCatalog.specs, globals: GlobalOptions.specs))
                return .success
            } catch {
                output.error("fleetctl: \(error.message)\n")
                return .usage
            }
        }
        guard let entry = CommandCatalog.entries.first(where: { $0.spec.path == command.command.path }) else {
            output.error("fleetctl: no such command\n")
            return .usage
        }
        let client: FleetClient
        do {
            let file = try FleetctlConfigFile.path(environment: environment).map(FleetctlConfigFile.load) ?? FleetctlConfigFile()
            client = try FleetClient(settings: GlobalOptions.settings(globals, environment: environment, file: file))
        } catch {
            return report(error, command: command, output: output)
        }
        defer { client.shutdown() }
        let context = CommandContext(
            arguments: command, client: client, output: output, style: style, json: globals.flag("json"))
        do {
            return try await entry.action(context)
        } catch {
            return report(error, command: command, output: output)
        }
    }

    /// Prints `error` the way its exit status calls for and returns that status.
    private static func report(_ error: FleetClientError, command: ParsedCommand, output: any OutputSink) -> ExitCode {
        switch error {
        case .usage(let message):
            output.error("fleetctl: \(message)\n\n\(shortUsage(for: command.command.path))")
        case .server(let code, let name, let detail):
            output.error("fleetctl: \(detail) (\(code) \(name))\n")
        case .unreachable(let reason), .local(let reason):
            output.error("fleetctl: \(reason)\n")
        }
        return error.exitCode
    }

    /// What a usage error shows: a command's usage line and where its help is, or the help of
    /// a group or of fleetctl as a whole.
    private static func shortUsage(for path: [String]) -> String {
        guard let spec = CommandCatalog.specs.first(where: { $0.path == path }) else { return usage(for: path) }
        return "\(spec.usage)\nrun 'fleetctl \(path.joined(separator: " ")) --help' for its options\n"
    }

    /// The help for `path`: the overview, a group's commands, or one command.
    private static func usage(for path: [String]) -> String {
        let specs = CommandCatalog.specs
        if let spec = specs.first(where: { $0.path == path }) {
            return HelpText.command(spec, globals: GlobalOptions.specs)
        }
        if !path.isEmpty, specs.contains(where: { $0.path.starts(with: path) }) {
            return HelpText.group(path, commands: specs, globals: GlobalOptions.specs)
        }
        return HelpText.overview(commands: specs, globals: GlobalOptions.specs)
    }
}
