/// fleet-bench's command line: `fleet-bench [--scenarios 1,2,…] [--quick] [--output FILE]
/// [--bin-dir DIR]` runs the benchmark; `fleet-bench load --port P --kind test|register|health
/// --concurrency C [--duration S] [--count N] [--nodes N]` is the load generator it starts.
enum BenchCommandLine {
    /// What to do.
    enum Request {
        case benchmark(BenchSettings)
        case load(LoadSettings)
        case help
    }

    static let usage = """
        usage: fleet-bench [--scenarios 1,2,3,4,5,6,7,8] [--quick] [--output FILE] [--bin-dir DIR]
               fleet-bench load --port P --kind test|register|health --concurrency C [--duration S] [--count N] [--nodes N]

        Starts fleet-server (and fleet-sim, fleet-node) from the same build on 127.0.0.1, runs each
        scenario bounded in time and count, stops everything, and prints a table; --output also
        writes the figures as JSON. --quick runs smaller counts (a smoke test, not the targets).
        """

    static func parse(_ arguments: [String]) throws(BenchError) -> Request {
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var words = arguments[...]
        let isLoad = words.first == "load"
        if isLoad { words = words.dropFirst() }
        while let word = words.popFirst() {
            if word == "--help" || word == "-h" { return .help }
            guard word.hasPrefix("--") else { throw BenchError("unexpected argument \(word)") }
            let name = String(word.dropFirst(2))
            if name == "quick" {
                flags.insert(name)
                continue
            }
            guard let value = words.popFirst() else { throw BenchError("\(word) needs a value") }
            options[name] = value
        }
        func integer(_ name: String) throws(BenchError) -> Int? {
            guard let text = options[name] else { return nil }
            guard let value = Int(text), value > 0 else { throw BenchError("--\(name) must be a positive integer, not \(text)") }
            return value
        }
        if isLoad {
            guard let port = try integer("port"), port <= 65_535 else { throw BenchError("load needs --port") }
            guard let kind = options["kind"].flatMap(LoadKind.init(rawValue:)) else { throw BenchError("load needs --kind test|register|health") }
            let duration = try integer("duration")
            let count = try integer("count")
            guard duration != nil || count != nil else { throw BenchError("load needs --duration or --count") }
            return .load(LoadSettings(
                port: UInt16(port), kind: kind, concurrency: try integer("concurrency") ?? 64, duration: duration, count: count,
                nodes: try integer("nodes") ?? 10_000))
        }
        let known: Set<String> = ["scenarios", "output", "bin-dir"]
        if let unknown = options.keys.first(where: { !known.contains($0) }) { throw BenchError("unknown option --\(unknown)") }
        let scenarios = try (options["scenarios"] ?? "1,2,3,4,5,6,7,8").split(separator: ",").map { text throws(BenchError) in
            guard let number = Int(text), (1...8).contains(number) else { throw BenchError("scenarios are 1…8, not \(text)") }
            return number
        }
        return .benchmark(BenchSettings(
            scenarios: Set(scenarios), quick: flags.contains("quick"), output: options["output"],
            binaries: BenchBinaries(directory: options["bin-dir"] ?? BenchBinaries.beside)))
    }
}

/// How a benchmark run goes.
struct BenchSettings {
    let scenarios: Set<Int>
    let quick: Bool
    let output: String?
    let binaries: BenchBinaries
}

/// One load generator run.
struct LoadSettings {
    let port: UInt16
    let kind: LoadKind
    let concurrency: Int
    let duration: Int?
    let count: Int?
    let nodes: Int
}
