/// The options given on a command line, with the look-ups commands need.
public protocol OptionValues {
    /// The values of each option taking a value that was given, by long name, in the order given
    /// (only the last one for an option that is not repeatable).
    var values: [String: [String]] { get }
    /// The long names of the flags that were given.
    var flags: Set<String> { get }
}

extension OptionValues {
    /// The value of the option `name` (its last one), or `nil` if it was not given.
    public func value(_ name: String) -> String? { values[name]?.last }

    /// Every value given to the option `name`, in order; empty if it was not given.
    public func values(_ name: String) -> [String] { values[name] ?? [] }

    /// Whether the flag `name` was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }
}
