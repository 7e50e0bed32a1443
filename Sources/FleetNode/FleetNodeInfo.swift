import CoAPCore
import FleetModel

/// Versions of the parts a fleet node agent is built from, as `GET /system` will report them.
public enum FleetNodeInfo {
    /// `name version` pairs for CoAP Fleet and libcoap.
    public static var libraryVersions: [String: String] {
        ["coap-fleet": FleetVersion.current, "libcoap": LibCoAP.version]
    }
}
