/// Distribution names as pip knows them: taken from requirement specifiers and wheel file
/// names, and compared in their normalized form (PEP 503: lowercase, runs of `-`, `_` and `.`
/// become one `-`).
enum PipDistribution {
    /// The normalized distribution name of a specifier like `Demo_Pkg[extra]>=1.0; python_version>"3"`.
    static func name(ofRequirement specifier: String) -> String {
        let stop: Set<Character> = ["<", ">", "=", "!", "~", "[", ";", "@", " ", "("]
        return normalized(String(specifier.prefix { !stop.contains($0) }))
    }

    /// The normalized distribution name of a wheel file name
    /// (`{distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl`), nil when it is not one.
    static func name(ofWheel fileName: String) -> String? {
        guard fileName.hasSuffix(".whl") else { return nil }
        let parts = fileName.dropLast(4).split(separator: "-")
        guard parts.count == 5 || parts.count == 6, !parts[0].isEmpty else { return nil }
        return normalized(String(parts[0]))
    }

    /// The PEP 503 form of `name`.
    static func normalized(_ name: String) -> String {
        var result = ""
        var pendingSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                pendingSeparator = !result.isEmpty
            } else {
                if pendingSeparator { result.append("-") }
                pendingSeparator = false
                result.append(character)
            }
        }
        return result
    }
}
