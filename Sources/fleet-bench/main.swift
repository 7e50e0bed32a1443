// fleet-bench: measures fleet-server, fleet-node and fleet-sim of the same build on loopback.
// Everything it starts, it stops; every scenario is bounded in time and count.
import Foundation

let request: BenchCommandLine.Request
do {
    request = try BenchCommandLine.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("fleet-bench: \(error)\n\n\(BenchCommandLine.usage)\n".utf8))
    exit(2)
}

switch request {
case .help:
    print(BenchCommandLine.usage)
case .load(let settings):
    let generator = LoadGenerator(
        host: "127.0.0.1", port: settings.port, template: settings.kind.template(nodes: settings.nodes),
        concurrency: settings.concurrency, duration: settings.duration.map { .seconds($0) }, count: settings.count)
    do {
        print(try generator.run().json)
    } catch {
        FileHandle.standardError.write(Data("fleet-bench load: \(error)\n".utf8))
        exit(1)
    }
case .benchmark(let settings):
    do {
        let results = try await Benchmark(settings: settings).run()
        print("\n" + BenchReport.table(results))
        if let output = settings.output {
            try BenchReport.write(results, machine: BenchReport.machine(), to: output)
            print("figures written to \(output)")
        }
        exit(results.contains { $0.met == false } ? 1 : 0)
    } catch {
        FileHandle.standardError.write(Data("fleet-bench: \(error)\n".utf8))
        exit(1)
    }
}
