/// The set of resources a server offers, and how a request path finds its resource.
///
/// A literal segment beats a `{parameter}` in the same position, so `updates/available` and
/// `updates/{id}` can live side by side.
public struct CoAPRouter: Sendable {
    /// Every resource, in registration order.
    public private(set) var resources: [CoAPResource] = []
    private var literalIndex: [String: Int] = [:]

    public init() {}

    /// Adds a resource, or merges its handlers into one already registered for the template.
    public mutating func add(_ resource: CoAPResource) {
        if let existing = resources.firstIndex(where: { $0.template == resource.template }) {
            resources[existing].handlers.merge(resource.handlers) { _, new in new }
            resources[existing].observable = resources[existing].observable || resource.observable
            if resource.attributes != LinkAttributes() { resources[existing].attributes = resource.attributes }
            if let limit = resource.maxBodySize { resources[existing].maxBodySize = limit }
            return
        }
        if resource.isLiteral { literalIndex[resource.template] = resources.count }
        resources.append(resource)
    }

    /// Registers `handler` for `method` on `template`.
    public mutating func on(
        _ method: CoAPMethod, _ template: String, observable: Bool = false,
        attributes: LinkAttributes = LinkAttributes(), maxBodySize: Int? = nil, handler: @escaping CoAPHandler
    ) {
        add(CoAPResource(template, observable: observable, attributes: attributes, maxBodySize: maxBodySize, handlers: [method: handler]))
    }

    /// A resolved request target: which resource, and the values of its parameters.
    struct Match {
        let index: Int
        let parameters: [String: String]
    }

    /// The resource a path belongs to, preferring literal segments position by position.
    func resolve(_ path: [String]) -> Match? {
        if let index = literalIndex[path.joined(separator: "/")] { return Match(index: index, parameters: [:]) }
        var best: (index: Int, score: [Bool])?
        for (index, resource) in resources.enumerated() where resource.segments.count == path.count {
            var score: [Bool] = []
            var matches = true
            for (segment, value) in zip(resource.segments, path) {
                switch segment {
                case .literal(let literal):
                    if literal != value { matches = false }
                    score.append(true)
                case .parameter:
                    if value.isEmpty { matches = false }
                    score.append(false)
                }
                if !matches { break }
            }
            guard matches else { continue }
            if let current = best, !Self.isBetter(score, than: current.score) { continue }
            best = (index, score)
        }
        guard let best else { return nil }
        var parameters: [String: String] = [:]
        for (segment, value) in zip(resources[best.index].segments, path) {
            if case .parameter(let name) = segment { parameters[name] = value }
        }
        return Match(index: best.index, parameters: parameters)
    }

    private static func isBetter(_ score: [Bool], than other: [Bool]) -> Bool {
        for (a, b) in zip(score, other) where a != b { return a }
        return false
    }
}
