/// One option of a command or of fleetctl as a whole: a flag (`--json`) or an option taking a value
/// (`--server URI`), spelled `--name` and, when it has one, `-s`.
public struct OptionSpec: Sendable, Equatable {
    /// The long name, without the leading `--` (`"server"`).
    public var name: String
    /// The one-letter short name, without the leading `-` (`"o"`), if the option has one.
    public var short: Character?
    /// What the value stands for in help texts (`"URI"`, `"FILE"`); `nil` for a flag without value.
    /// Values named `FILE` or `PATH` complete as file names.
    public var valueName: String?
    /// One line saying what the option does.
    public var help: String
    /// Whether a value may be given several times, every value being kept; otherwise the last wins.
    public var repeatable: Bool
    /// Whether the command refuses to run without this option (only for options taking a value).
    public var required: Bool

    /// An option described field by field; `.flag` and `.value` read better in a command table.
    public init(
        name: String, short: Character? = nil, valueName: String? = nil, help: String,
        repeatable: Bool = false, required: Bool = false
    ) {
        self.name = name
        self.short = short
        self.valueName = valueName
        self.help = help
        self.repeatable = repeatable
        self.required = required
    }

    /// A flag without value, such as `--json` or `--watch`.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, help: help)
    }

    /// An option taking a value, such as `--server URI` or `-o FILE`.
    public static func value(
        _ name: String, short: Character? = nil, valueName: String, help: String,
        repeatable: Bool = false, required: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name: name, short: short, valueName: valueName, help: help, repeatable: repeatable,
            required: required)
    }

    /// Whether the option takes a value.
    var takesValue: Bool { valueName != nil }

    /// How the option reads in a usage line: `-o FILE`, `--watch`, `[--name N]`, `[--packages P]...`.
    var usage: String {
        let spelled = (short.map { "-\($0)" } ?? "--\(name)") + (valueName.map { " \($0)" } ?? "")
        let bracketed = required ? spelled : "[\(spelled)]"
        return repeatable ? bracketed + "..." : bracketed
    }

    /// How the option reads in the option list of a help text: `-o, --output FILE`, `    --watch`.
    var label: String {
        (short.map { "-\($0), " } ?? "    ") + "--\(name)" + (valueName.map { " \($0)" } ?? "")
    }
}
