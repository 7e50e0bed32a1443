import FleetServer

print("fleet-server: the CoAP API arrives with issue 3 (libraries: \(FleetServerInfo.libraryVersions))")
