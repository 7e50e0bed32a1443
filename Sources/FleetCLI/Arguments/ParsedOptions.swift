/// The global options given on a command line, wherever they stood.
public struct ParsedOptions: OptionValues, Sendable, Equatable {
    /// The values of the options taking a value, by long name.
    public var values: [String: [String]]
    /// The flags given, by long name.
    public var flags: Set<String>

    /// Options as given; empty when nothing was.
    public init(values: [String: [String]] = [:], flags: Set<String> = []) {
        self.values = values
        self.flags = flags
    }

    /// Notes that `option` was given, with `value` if it takes one.
    mutating func record(_ option: OptionSpec, value: String?) {
        guard let value else {
            flags.insert(option.name)
            return
        }
        values[option.name] = option.repeatable ? values(option.name) + [value] : [value]
    }
}
