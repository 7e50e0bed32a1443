import FleetNode
import Testing

@Test func libraryVersionsNameLibcoap() {
    #expect(FleetNodeInfo.libraryVersions["libcoap"]?.hasPrefix("4.3") == true)
}
