import CoAPCore
import FleetModel
import FleetStore

/// Versions of the parts a fleet server is built from, as `GET /system` will report them.
public enum FleetServerInfo {
    /// `name version` pairs for CoAP Fleet, libcoap and SQLite.
    public static var libraryVersions: [String: String] {
        ["coap-fleet": FleetVersion.current, "libcoap": LibCoAP.version, "sqlite": SQLiteLibrary.version]
    }
}
