import Foundation

/// Where the programs under test are: beside the running fleet-bench (the same build), unless
/// `--bin-dir` says otherwise.
struct BenchBinaries: Sendable {
    let directory: String

    /// The directory of this executable.
    static var beside: String {
        (URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path as NSString).deletingLastPathComponent
    }

    func path(_ name: String) -> String { "\(directory)/\(name)" }
}
