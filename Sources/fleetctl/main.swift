import CoAPCore
import FleetModel

print("fleetctl \(FleetVersion.current) (libcoap \(LibCoAP.version))")
