import CoAPCore
import FleetModel
import FoundationEssentials

/// JSON answers and `{"error", "detail"}` errors, the way every fleet resource speaks.
enum FleetResponses {
    /// A JSON answer.
    static func json(_ value: some Encodable, code: CoAPCode = .content) -> CoAPResponse {
        do {
            return CoAPResponse(code: code, contentFormat: .json, payload: try Payload.encode(value))
        } catch {
            return self.error(.internalServerError, "internal_error", "the answer could not be encoded: \(error)")
        }
    }

    /// A node's acknowledgement (answers to registrations and health reports), encoded the fast way.
    static func acknowledgement(_ answer: NodeAcknowledgement, code: CoAPCode) -> CoAPResponse {
        do {
            return CoAPResponse(code: code, contentFormat: .json, payload: try answer.encoded)
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

/// A failure inside a fleet handler that becomes an error answer.
struct FleetFailure: Error {
    let code: CoAPCode
    let error: String
    let detail: String

    init(_ code: CoAPCode, _ error: String, _ detail: String) {
        self.code = code
        self.error = error
        self.detail = detail
    }

    init(_ payloadError: PayloadError) {
        self.init(payloadError.code == .tooLarge ? .requestEntityTooLarge : .badRequest, payloadError.code.rawValue, payloadError.detail)
    }

    var response: CoAPResponse { FleetResponses.error(code, error, detail) }

    static func notFound(_ what: String, _ id: String) -> FleetFailure {
        FleetFailure(.notFound, "not_found", "no \(what) '\(id)'")
    }
}

extension CoAPRequest {
    /// The JSON body decoded and validated as `T`; a body in another content format is 4.15,
    /// malformed or invalid JSON is 4.00, each with a field-level detail.
    func decode<T: Decodable>(_ type: T.Type, sizeLimit: Int) throws(FleetFailure) -> T {
        if let format = contentFormat, format != .json {
            throw FleetFailure(.unsupportedContentFormat, "unsupported_content_format",
                               "send application/json (content format 50), not \(format)")
        }
        do {
            return try Payload.decode(type, from: payload, sizeLimit: sizeLimit)
        } catch {
            throw FleetFailure(error)
        }
    }

    /// Who asked, for the audit log: the authenticated identity, else the peer address.
    var actor: String { identity ?? peer.description }
}

/// Turns a throwing fleet handler into a CoAP handler: failures become their error answers,
/// anything unexpected becomes 5.00 and is logged.
func fleetHandler(_ logger: Logger, _ body: @escaping @Sendable (CoAPRequest) throws -> CoAPResponse) -> CoAPHandler {
    { request in
        do {
            return try body(request)
        } catch let failure as FleetFailure {
            return failure.response
        } catch {
            logger.error("\(request.method) /\(request.path) failed: \(error)")
            return FleetResponses.error(.internalServerError, "internal_error", "the request could not be completed")
        }
    }
}
