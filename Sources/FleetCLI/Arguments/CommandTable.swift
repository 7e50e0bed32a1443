/// Questions about a table of commands that parsing, help and completion share: which words may
/// follow some command words, and which command some words name.
struct CommandTable {
    /// The commands, in the order given.
    let commands: [CommandSpec]

    /// The command named exactly by `path`, if any.
    func command(_ path: [String]) -> CommandSpec? {
        commands.first { $0.path == path }
    }

    /// The words that may follow `path` to name a longer command, in table order, each once.
    func nextWords(after path: [String]) -> [String] {
        var words: [String] = []
        for command in commands where command.path.count > path.count && command.path.starts(with: path) {
            let word = command.path[path.count]
            if !words.contains(word) { words.append(word) }
        }
        return words
    }

    /// Every group and command path, shortest first: `[]`, `["nodes"]`, `["nodes", "list"]`…
    var paths: [[String]] {
        var paths: [[String]] = [[]]
        var index = 0
        while index < paths.count {
            paths += nextWords(after: paths[index]).map { paths[index] + [$0] }
            index += 1
        }
        return paths
    }
}
