import CoAPCore
import FleetModel
import Foundation

/// The options every command takes, and how they become ``ConnectionSettings``: an option
/// beats its environment variable (`FLEETCTL_SERVER`, `FLEETCTL_TIMEOUT`), which beats the
/// config file, which beats the default.
public enum GlobalOptions {
    /// The global options' specifications.
    public static let specs: [OptionSpec] = [
        .value("server", valueName: "URI", help: "the fleet server, coap:// or coaps:// (FLEETCTL_SERVER; default coap://127.0.0.1:5683)"),
        .value("timeout", valueName: "SECONDS", help: "limit for each request (FLEETCTL_TIMEOUT; default 10)"),
        .flag("json", help: "print the server's JSON, one document per line"),
        .value("psk-identity", valueName: "ID", help: "DTLS pre-shared key identity"),
        .value("psk-key-file", valueName: "FILE", help: "file holding the pre-shared key"),
        .value("cert", valueName: "FILE", help: "client certificate (PEM) for coaps://"),
        .value("key", valueName: "FILE", help: "the certificate's private key (PEM)"),
        .value("ca", valueName: "FILE", help: "CA certificate (PEM) the server's certificate must chain to"),
        .value("server-name", valueName: "NAME", help: "the name the server's certificate must carry (default fleet-server)"),
    ]

    /// The connection settings from the global `options`, `environment` and `file`.
    public static func settings(
        _ options: ParsedOptions, environment: [String: String], file: FleetctlConfigFile
    ) throws(FleetClientError) -> ConnectionSettings {
        var settings = ConnectionSettings()
        let server = options.value("server") ?? environment["FLEETCTL_SERVER"] ?? file.server ?? settings.serverURI
        guard server.hasPrefix("coap://") || server.hasPrefix("coaps://") else {
            throw .usage("--server must be a coap:// or coaps:// URI, not '\(server)'")
        }
        settings.serverURI = server.hasSuffix("/") ? String(server.dropLast()) : server
        if let text = options.value("timeout") ?? environment["FLEETCTL_TIMEOUT"] {
            guard let seconds = Double(text), seconds > 0, seconds <= 3600 else {
                throw .usage("--timeout must be seconds in (0, 3600], not '\(text)'")
            }
            settings.timeout = .milliseconds(Int((seconds * 1000).rounded()))
        } else if let seconds = file.timeout {
            settings.timeout = .milliseconds(Int((seconds * 1000).rounded()))
        }
        settings.dtls = try credentials(options, file: file)
        if settings.serverURI.hasPrefix("coaps://"), settings.dtls == nil {
            throw .usage("coaps:// needs --psk-identity and --psk-key-file, or --cert, --key and --ca")
        }
        return settings
    }

    /// PSK when an identity is given, certificates when a certificate is; nil for neither.
    private static func credentials(_ options: ParsedOptions, file: FleetctlConfigFile) throws(FleetClientError) -> DTLSClientCredentials? {
        if let identity = options.value("psk-identity") ?? file.pskIdentity {
            guard let keyFile = options.value("psk-key-file") ?? file.pskKeyFile else {
                throw .usage("--psk-identity needs --psk-key-file")
            }
            guard let contents = FileManager.default.contents(atPath: expandHome(keyFile)) else {
                throw .usage("cannot read the key file \(keyFile)")
            }
            let key = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty, key.utf8.count <= 64 else { throw .usage("the key in \(keyFile) must be 1…64 bytes") }
            return .psk(identity: identity, key: Array(key.utf8))
        }
        if let cert = options.value("cert") ?? file.cert {
            guard let key = options.value("key") ?? file.key, let ca = options.value("ca") ?? file.ca else {
                throw .usage("--cert needs --key and --ca")
            }
            let name = options.value("server-name") ?? file.serverName ?? ServerIdentity.defaultName
            return .pki(PKICredentials(caFile: expandHome(ca), certificateFile: expandHome(cert), privateKeyFile: expandHome(key), peerName: name))
        }
        return nil
    }

    /// `~/x` with the home directory spelled out.
    private static func expandHome(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }
}
