/// Any body of `POST /updates`: an ``UpdateAction`` when it has an `action` field (even a
/// null one), otherwise an ``UpdateCreation``.
public enum UpdatesRequest: Codable, Sendable, Equatable, ValidatedPayload {
    /// A new job (no `action` field).
    case create(UpdateCreation)
    /// An action on a job.
    case action(UpdateAction)

    private enum CodingKeys: String, CodingKey {
        case action
    }

    /// Decodes whichever of the two the body is.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if container.contains(.action) {
            self = .action(try UpdateAction(from: decoder))
        } else {
            self = .create(try UpdateCreation(from: decoder))
        }
    }

    /// Encodes the wrapped creation or action as it is.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .create(let creation): try creation.encode(to: encoder)
        case .action(let action): try action.encode(to: encoder)
        }
    }

    /// Validates the wrapped creation or action.
    public func validate() throws(PayloadError) {
        switch self {
        case .create(let creation): try creation.validate()
        case .action(let action): try action.validate()
        }
    }
}
