import FleetStore
import Testing

@Test func linkedSQLiteIsAtLeast3_37ForStrictTables() {
    let parts = SQLiteLibrary.version.split(separator: ".").compactMap { Int($0) }
    #expect(parts.count >= 2 && (parts[0] > 3 || (parts[0] == 3 && parts[1] >= 37)))
}
