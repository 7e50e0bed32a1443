/// Handles one method of one resource. Runs on the server's loop thread: keep it fast, and
/// hand slow work to a task of your own.
public typealias CoAPHandler = @Sendable (CoAPRequest) throws -> CoAPResponse

/// A resource a server offers: a path template, a handler per method, and how it is described
/// in `/.well-known/core`.
public struct CoAPResource: Sendable {
    /// The path without a leading slash; `{name}` segments match any one segment, e.g.
    /// `nodes/{id}/health`.
    public let template: String
    /// Handlers by method; any other method is answered 4.05 Method Not Allowed.
    public var handlers: [CoAPMethod: CoAPHandler]
    /// When true, GET with Observe registers an observer (RFC 7641) and
    /// ``CoAPServer/notify(_:)`` sends the new state to it.
    public var observable: Bool
    /// Link attributes for `/.well-known/core` (RFC 6690 §3).
    public var attributes: LinkAttributes
    /// Largest request body this resource takes (nil: the server's `maxBodySize`); a larger
    /// one is refused with 4.13 as soon as its size shows.
    public var maxBodySize: Int?
    /// When set, a body sent block-wise is written to a file in this directory as it arrives,
    /// rather than held in memory, and the handler finds it in ``CoAPRequest/bodyFile``.
    public var spoolDirectory: String?

    let segments: [PathSegment]

    public init(
        _ template: String, observable: Bool = false, attributes: LinkAttributes = LinkAttributes(),
        maxBodySize: Int? = nil, spoolDirectory: String? = nil, handlers: [CoAPMethod: CoAPHandler] = [:]
    ) {
        let trimmed = template.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        self.template = trimmed.joined(separator: "/")
        self.segments = trimmed.map { segment in
            if segment.hasPrefix("{") && segment.hasSuffix("}") && segment.count > 2 {
                return .parameter(String(segment.dropFirst().dropLast()))
            }
            return .literal(segment)
        }
        self.handlers = handlers
        self.observable = observable
        self.attributes = attributes
        self.maxBodySize = maxBodySize
        self.spoolDirectory = spoolDirectory
    }

    /// True when the template has no `{name}` segment.
    public var isLiteral: Bool {
        segments.allSatisfy { if case .literal = $0 { true } else { false } }
    }

    enum PathSegment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }
}

/// Link-format attributes of a resource (RFC 6690 §3.1–3.4, RFC 7641 §6 for `obs`).
public struct LinkAttributes: Sendable, Equatable {
    /// Resource type (`rt`), e.g. `fleet.health`.
    public var resourceType: String?
    /// Interface description (`if`), e.g. `core.s` for a sensor-like resource.
    public var interface: String?
    /// Content-Formats the resource offers (`ct`).
    public var contentFormats: [ContentFormat]
    /// A human-readable title.
    public var title: String?

    public init(
        resourceType: String? = nil, interface: String? = nil, contentFormats: [ContentFormat] = [],
        title: String? = nil
    ) {
        self.resourceType = resourceType
        self.interface = interface
        self.contentFormats = contentFormats
        self.title = title
    }
}
