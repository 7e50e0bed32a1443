/// Follows an observable resource for `--watch`: each notification is shown as it arrives,
/// redrawn in place on a terminal, as a new block otherwise, or as one JSON line with `--json`.
enum Watch {
    /// Observes `path` until `render` says the resource reached its end (or the observation
    /// ends); `render` turns a payload into text and tells whether it is the last one.
    static func follow(
        _ path: String, _ context: CommandContext,
        render: ([UInt8]) throws(FleetClientError) -> (text: String, done: Bool)
    ) async throws(FleetClientError) {
        let notifications = try context.client.observe(path)
        var shownLines = 0
        do {
            for try await payload in notifications {
                let (text, done) = try render(payload)
                if context.json {
                    context.printJSON(payload)
                } else if context.style.isTerminal {
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
                    context.output.write(LiveLines.redraw(lines, previousCount: shownLines))
                    shownLines = lines.count
                } else {
                    context.output.write(text + "\n")
                }
                if done { return }
            }
        } catch let error as FleetClientError {
            throw error
        } catch {
            throw .local("\(error)")
        }
    }
}
