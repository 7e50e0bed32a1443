/// Renders `/.well-known/core` in CoRE Link Format (RFC 6690).
enum LinkFormat {
    /// One link per resource, filtered by the request's query (RFC 6690 §4.1: `href`, `rt`,
    /// `if`, `ct`, `title`, `obs`; a trailing `*` matches a prefix).
    static func render(_ resources: [CoAPResource], query: [String]) -> String {
        let filters = query.compactMap { item -> (String, String)? in
            guard let equals = item.firstIndex(of: "=") else { return (item, "") }
            return (String(item[..<equals]), String(item[item.index(after: equals)...]))
        }
        return resources.filter { resource in
            filters.allSatisfy { matches(resource, name: $0.0, pattern: $0.1) }
        }.map(link).joined(separator: ",")
    }

    private static func link(_ resource: CoAPResource) -> String {
        var text = "</\(resource.template)>"
        let attributes = resource.attributes
        if let rt = attributes.resourceType { text += ";rt=\"\(rt)\"" }
        if let interface = attributes.interface { text += ";if=\"\(interface)\"" }
        switch attributes.contentFormats.count {
        case 0: break
        case 1: text += ";ct=\(attributes.contentFormats[0].rawValue)"
        default: text += ";ct=\"\(attributes.contentFormats.map { String($0.rawValue) }.joined(separator: " "))\""
        }
        if let title = attributes.title { text += ";title=\"\(title)\"" }
        if resource.observable { text += ";obs" }
        return text
    }

    private static func matches(_ resource: CoAPResource, name: String, pattern: String) -> Bool {
        let values: [String]
        switch name {
        case "href": values = ["/" + resource.template]
        case "rt": values = resource.attributes.resourceType.map { $0.split(separator: " ").map(String.init) } ?? []
        case "if": values = resource.attributes.interface.map { $0.split(separator: " ").map(String.init) } ?? []
        case "ct": values = resource.attributes.contentFormats.map { String($0.rawValue) }
        case "title": values = resource.attributes.title.map { [$0] } ?? []
        case "obs": return resource.observable
        default: return false
        }
        if pattern.hasSuffix("*") {
            let prefix = pattern.dropLast()
            return values.contains { $0.hasPrefix(prefix) }
        }
        return values.contains(pattern)
    }
}
