import FleetNode
import Testing

@Test func thermalParsesMillidegrees() {
    #expect(Thermal.celsius(parsingMillidegrees: "45500\n") == 45.5)
    #expect(Thermal.celsius(parsingMillidegrees: "-5000") == -5)
    #expect(Thermal.celsius(parsingMillidegrees: "") == nil)
    #expect(Thermal.celsius(parsingMillidegrees: "hot") == nil)
}

@Test func thermalTakesHighestZone() throws {
    let directory = try HealthTestDirectory()
    defer { directory.remove() }
    try directory.write("45000\n", to: "thermal_zone0/temp")
    try directory.write("61500\n", to: "thermal_zone1/temp")
    try directory.write("broken\n", to: "thermal_zone2/temp")
    try directory.write("99000\n", to: "cooling_device0/temp")
    #expect(Thermal.highestCelsius(directory: directory.path) == 61.5)
}

@Test func thermalIsNilWithoutZones() throws {
    let directory = try HealthTestDirectory()
    defer { directory.remove() }
    #expect(Thermal.highestCelsius(directory: directory.path) == nil)
    #expect(Thermal.highestCelsius(directory: directory.path + "/missing") == nil)
}
