/// The board temperature from the kernel's thermal zones.
public enum Thermal {
    /// Parses a thermal zone `temp` file, millidegrees Celsius as an integer, into °C; nil when not an integer.
    public static func celsius(parsingMillidegrees text: String) -> Double? {
        guard let millidegrees = Int(text.filter { !$0.isWhitespace }) else { return nil }
        return Double(millidegrees) / 1000
    }

    /// The highest temperature in °C among `<directory>/thermal_zone*/temp`.
    ///
    /// Zones whose `temp` cannot be read or parsed (some drivers fail the read) are skipped.
    /// Returns nil when no zone gives a reading, which is normal on boards and virtual machines without sensors.
    public static func highestCelsius(directory: String = "/sys/class/thermal") -> Double? {
        let zones = (DirectoryListing.names(in: directory) ?? []).filter { $0.hasPrefix("thermal_zone") }
        return zones
            .compactMap { TextFile.read("\(directory)/\($0)/temp").flatMap(celsius(parsingMillidegrees:)) }
            .max()
    }
}
