import CoAPCore
import FleetModel

/// Why a request of ``FleetClient`` failed, sorted by what the operator can do about it.
public enum FleetClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an error: its code and its `{"error", "detail"}` body.
    case server(code: String, error: String, detail: String)
    /// No answer: the server is down, unreachable, refused the DTLS handshake, or was too slow.
    case unreachable(String)
    /// Something on this side: a file that cannot be read or written, a malformed answer.
    case local(String)
    /// A request that cannot be made as given (values that do not fit together); nothing was sent.
    case usage(String)

    /// The exit status fleetctl gives for this failure.
    public var exitCode: ExitCode {
        switch self {
        case .server, .local: .serverError
        case .unreachable: .unreachable
        case .usage: .usage
        }
    }

    public var description: String {
        switch self {
        case .server(let code, let error, let detail): "\(detail) (\(code) \(error))"
        case .unreachable(let reason): reason
        case .local(let reason), .usage(let reason): reason
        }
    }

    /// Sorts a CoAPCore failure: an error answer keeps its body; timeouts, transport and DTLS
    /// failures say the server could not be reached at `server`.
    static func from(_ error: any Error, server: String) -> FleetClientError {
        guard let error = error as? CoAPError else { return .local("\(error)") }
        switch error.kind {
        case .response:
            let code = error.code?.description ?? "error"
            if let body = try? Payload.decode(ErrorBody.self, from: error.payload) {
                return .server(code: code, error: body.error, detail: body.detail)
            }
            return .server(code: code, error: "error", detail: String(decoding: error.payload, as: UTF8.self))
        case .timeout:
            return .unreachable("the server at \(server) did not answer in time")
        case .dtls:
            return .unreachable("the DTLS handshake with \(server) failed: \(error.message)")
        case .transport:
            return .unreachable("cannot reach the server at \(server): \(error.message)")
        default:
            return .local(error.message)
        }
    }
}
