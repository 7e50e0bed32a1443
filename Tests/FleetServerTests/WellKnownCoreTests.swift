import CoAPCore
import Testing

/// `/.well-known/core` (RFC 6690): every fleet resource, described.
@Suite("Resource discovery")
struct WellKnownCoreTests {
    /// One link of a link-format document: the target and its attributes (`obs` has "").
    struct Link {
        let target: String
        let attributes: [String: String]
    }

    static func parse(_ text: String) -> [String: Link] {
        var links: [String: Link] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: ";").map(String.init)
            guard let first = parts.first, first.hasPrefix("</"), first.hasSuffix(">") else { continue }
            let target = String(first.dropFirst(2).dropLast())
            var attributes: [String: String] = [:]
            for part in parts.dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                attributes[pair[0]] = pair.count > 1 ? pair[1].trimmingCharacters(in: ["\""]) : ""
            }
            links[target] = Link(target: target, attributes: attributes)
        }
        return links
    }

    /// Every resource: rt, ct and whether it is observable.
    static let expected: [(path: String, rt: String, ct: String, observable: Bool)] = [
        ("test", "fleet.test", "50", false),
        ("system", "fleet.system", "50", false),
        ("health", "fleet.health", "50", true),
        ("nodes", "fleet.nodes", "50", false),
        ("nodes/{id}/health", "fleet.node.health", "50", true),
        ("nodes/{id}/metrics", "fleet.node.metrics", "50", true),
        ("nodes/{id}/key", "fleet.node.key", "50", false),
        ("updates", "fleet.updates", "50", false),
        ("updates/{job_id}/status", "fleet.update.status", "50", true),
        ("artifacts", "fleet.artifacts", "50", false),
        ("artifacts/{id}", "fleet.artifact", "42", false),
    ]

    static func links(_ fleet: FleetHarness) async throws -> [String: Link] {
        let answer = try await fleet.get("/.well-known/core")
        #expect(answer.code == .content)
        #expect(answer.contentFormat == .linkFormat)
        return parse(answer.text)
    }

    @Test func everyResourceIsListedWithTypeFormatAndObservability() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let links = try await Self.links(fleet)
        #expect(Set(links.keys).isSuperset(of: Self.expected.map(\.path)), "\(links.keys.sorted())")
        for resource in Self.expected {
            let link = try #require(links[resource.path], "\(resource.path) is not listed")
            #expect(link.attributes["rt"] == resource.rt, "\(resource.path)")
            #expect(link.attributes["ct"] == resource.ct, "\(resource.path)")
            #expect((link.attributes["obs"] != nil) == resource.observable, "\(resource.path) obs")
        }
    }

    @Test func theListingCanBeFiltered() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let answer = try await fleet.get("/.well-known/core?rt=fleet.node.*")
        #expect(Set(Self.parse(answer.text).keys) == ["nodes/{id}/health", "nodes/{id}/metrics", "nodes/{id}/key"])
    }

    /// DESIGN §2: "`/.well-known/core` lists every resource with `rt`, `if`, `ct` and `obs`".
    @Test
    func everyResourceHasAnInterface() async throws {
        let fleet = try FleetHarness()
        defer { fleet.close() }
        let links = try await Self.links(fleet)
        for resource in Self.expected {
            let link = try #require(links[resource.path])
            #expect(link.attributes["if"]?.isEmpty == false, "\(resource.path) has no if")
        }
    }
}
