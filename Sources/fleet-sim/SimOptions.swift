import CoAPCore
import FleetModel

/// What `fleet-sim` was asked to do, from its command line.
enum SimCommand: Equatable {
    case help
    case run(SimOptions)
}

/// The settings of one simulation run.
struct SimOptions: Equatable {
    /// The fleet server every agent registers with, `coap://host:port` or `coaps://host:port`.
    var server = "coap://127.0.0.1:5683"
    /// For a `coaps://` server: the admin identity that provisions every node's key, and the
    /// file holding its key.
    var pskAdmin: String?
    var pskAdminKeyFile: String?
    /// How many virtual nodes to run.
    var nodes = 0
    /// Node ids are `<prefix>-0001`, `<prefix>-0002`, ….
    var prefix = "sim"
    /// Seconds between one agent's health reports.
    var healthInterval: Double = 10
    /// The base directory of the agents' state dirs and install roots; nil: a new temporary one.
    var directory: String?
    /// Whether to leave the nodes' directories behind at exit.
    var keep = false
    /// How many CoAP clients the agents share (round-robin); nil: max(1, nodes / 250).
    var clients: Int?
    /// Agents started per second.
    var startRate: Double = 200
    /// The log level of the agents and of libcoap.
    var logLevel: Logger.Level = .warning

    /// Whether the nodes speak DTLS, each with a key provisioned for it.
    var isSecure: Bool { server.hasPrefix("coaps://") }

    /// The number of shared clients this run uses.
    var clientCount: Int { min(nodes, clients ?? max(1, nodes / 250)) }

    /// The id of node `index` (0-based): `<prefix>-0001` for index 0, at least 4 digits.
    func nodeID(_ index: Int) -> String {
        let number = String(index + 1)
        let width = max(4, String(nodes).count)
        return "\(prefix)-" + String(repeating: "0", count: max(0, width - number.count)) + number
    }

    static let usage = """
        usage: fleet-sim --nodes N [--server URI] [--prefix P] [--health-interval S] [--directory DIR] [--keep]
                         [--clients K] [--start-rate R] [--log-level LEVEL] [--help]
                         [--psk-admin ID --psk-admin-key-file FILE]

        Runs N virtual fleet nodes (the real FleetNode agent) in one process until SIGINT or SIGTERM.

          --server URI           the fleet server (default coap://127.0.0.1:5683)
          --nodes N              how many nodes to run (required, 1…20000)
          --prefix P             node ids are P-0001, P-0002, … (default sim)
          --health-interval S    seconds between a node's health reports (default 10)
          --directory DIR        where each node's state/ and root/ go (DIR/<node>/…; default a new
                                 temporary directory); the nodes' directories are removed at exit
          --keep                 leave the directories behind at exit
          --clients K            CoAP clients the agents share, round-robin (default max(1, N/250))
          --start-rate R         agents started per second (default 200)
          --log-level LEVEL      trace, debug, info, notice, warning (default), error, critical
          --psk-admin ID         with a coaps:// server: the admin identity that provisions each
                                 node's key (POST /nodes/{id}/key) before the nodes start
          --psk-admin-key-file FILE  the file holding that admin's key
          --help                 this text
        """

    /// Parses the arguments (without the program name); `--flag value` and `--flag=value` both work.
    static func parse(_ arguments: [String]) throws(SimOptionError) -> SimCommand {
        var options = SimOptions()
        var nodesGiven = false
        var index = 0
        while index < arguments.count {
            var flag = arguments[index]
            var inlineValue: String?
            if flag.hasPrefix("--"), let equals = flag.firstIndex(of: "=") {
                inlineValue = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            }
            index += 1
            func value() throws(SimOptionError) -> String {
                if let inlineValue { return inlineValue }
                guard index < arguments.count else { throw SimOptionError("\(flag) needs a value") }
                defer { index += 1 }
                return arguments[index]
            }
            switch flag {
            case "--help", "-h":
                return .help
            case "--keep":
                guard inlineValue == nil else { throw SimOptionError("--keep takes no value") }
                options.keep = true
            case "--server":
                let server = try value()
                guard server.hasPrefix("coap://") || server.hasPrefix("coaps://"), (try? CoAPURI(server)) != nil else {
                    throw SimOptionError("--server wants coap://host:port or coaps://host:port, not '\(server)'")
                }
                options.server = server.hasSuffix("/") ? String(server.dropLast()) : server
            case "--nodes":
                options.nodes = try integer(flag, try value(), 1...20_000)
                nodesGiven = true
            case "--psk-admin":
                options.pskAdmin = try value()
            case "--psk-admin-key-file":
                options.pskAdminKeyFile = try value()
            case "--prefix":
                options.prefix = try value()
            case "--health-interval":
                options.healthInterval = try number(flag, try value(), 0.1...86_400)
            case "--directory":
                let directory = try value()
                guard !directory.isEmpty else { throw SimOptionError("--directory needs a path") }
                options.directory = directory
            case "--clients":
                options.clients = try integer(flag, try value(), 1...1_000)
            case "--start-rate":
                options.startRate = try number(flag, try value(), 0.1...100_000)
            case "--log-level":
                let name = try value()
                guard let level = Logger.Level(name: name) else { throw SimOptionError("unknown log level '\(name)'") }
                options.logLevel = level
            default:
                throw SimOptionError("unknown argument '\(arguments[index - 1])'")
            }
        }
        guard nodesGiven else { throw SimOptionError("--nodes is required") }
        guard options.isSecure == (options.pskAdmin != nil), options.isSecure == (options.pskAdminKeyFile != nil) else {
            throw SimOptionError("a coaps:// server needs --psk-admin and --psk-admin-key-file, and only it does")
        }
        // The widest id must be a valid node id.
        guard FleetIdentifier.isValid(options.nodeID(options.nodes - 1)) else {
            throw SimOptionError("--prefix '\(options.prefix)' does not make valid node ids (a letter or digit, then letters, digits, '.', '_', ':', '-'; at most \(FleetIdentifier.maximumLength))")
        }
        return .run(options)
    }

    private static func integer(_ flag: String, _ text: String, _ range: ClosedRange<Int>) throws(SimOptionError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw SimOptionError("\(flag) wants a whole number in \(range.lowerBound)…\(range.upperBound), not '\(text)'")
        }
        return value
    }

    private static func number(_ flag: String, _ text: String, _ range: ClosedRange<Double>) throws(SimOptionError) -> Double {
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw SimOptionError("\(flag) wants a number in \(range.lowerBound)…\(range.upperBound), not '\(text)'")
        }
        return value
    }
}

/// A command line `fleet-sim` cannot run.
struct SimOptionError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
