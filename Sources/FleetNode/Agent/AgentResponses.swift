import CoAPCore
import FleetModel

/// JSON answers and `{"error", "detail"}` errors of the agent's endpoint, as the fleet server gives them.
enum AgentResponses {
    /// A JSON answer (2.05 unless `code` says otherwise), or 5.00 when `value` cannot be encoded.
    static func json(_ value: some Encodable, code: CoAPCode = .content) -> CoAPResponse {
        do {
            return CoAPResponse(code: code, contentFormat: .json, payload: try Payload.encode(value))
        } catch {
            return self.error(.internalServerError, "internal_error", "the answer could not be encoded: \(error)")
        }
    }

    /// An error answer with the contract's body.
    static func error(_ code: CoAPCode, _ error: String, _ detail: String) -> CoAPResponse {
        CoAPResponse(code: code, contentFormat: .json, payload: ErrorBody(error: error, detail: detail).encoded)
    }

    /// The contract's body for the errors CoAPCore raises itself (unknown path, method, size).
    static func protocolError(_ code: CoAPCode, _ detail: String) -> CoAPResponse {
        CoAPResponse(code: code, contentFormat: .json, payload: ErrorBody(protocolCode: code.description, detail: detail).encoded)
    }
}
