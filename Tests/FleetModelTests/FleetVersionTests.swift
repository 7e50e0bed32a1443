import FleetModel
import Testing

@Test func versionIsSemantic() {
    #expect(FleetVersion.current.split(separator: ".").count == 3)
}
