import Glibc

/// Why a load run could not start: a bad address or a socket the system refused.
struct LoadError: Error, CustomStringConvertible {
    /// What went wrong, for people.
    let description: String

    /// An error for the failed call `call`, with the system's text for the current `errno`.
    static func system(_ call: String) -> LoadError {
        LoadError(description: "\(call): \(String(cString: strerror(errno)))")
    }
}
