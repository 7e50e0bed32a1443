import Foundation

/// The benchmark's outcome: a table for people and a JSON file for tools.
enum BenchReport {
    /// The results as an aligned table.
    static func table(_ results: [BenchResult]) -> String {
        let rows = [["scenario", "metric", "value", "target", "met", "notes"]] + results.map { result in
            [result.scenario, result.metric, "\(BenchResult.text(result.value)) \(result.unit)", result.target.map { "\($0) \(result.unit)" } ?? "",
             result.met.map { $0 ? "yes" : "NO" } ?? "", result.notes]
        }
        let widths = (0..<6).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// The results, the machine and the time, as JSON written to `path`.
    static func write(_ results: [BenchResult], machine: [String: String], to path: String) throws {
        struct Document: Encodable {
            let machine: [String: String]
            let results: [BenchResult]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(Document(machine: machine, results: results)).write(to: URL(fileURLWithPath: path))
    }

    /// What the figures were measured on: CPU model and count, memory, kernel.
    static func machine() -> [String: String] {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
        let memory = ((try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? "").split(separator: "\n")
            .first { $0.hasPrefix("MemTotal") }?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0"
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return [
            "cpu": model, "cpus": "\(ProcessInfo.processInfo.activeProcessorCount)",
            "memory_mb": "\((Int(memory) ?? 0) / 1024)", "kernel": release,
            "date": ISO8601DateFormatter().string(from: Date()),
        ]
    }
}
