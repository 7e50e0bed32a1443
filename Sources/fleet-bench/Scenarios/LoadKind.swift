/// The request streams the load generator sends in scenarios 1–3.
enum LoadKind: String, CaseIterable, Sendable {
    /// `GET /test`.
    case test
    /// `POST /nodes`, node `bench-NNNNN` for request i (i modulo the node count).
    case register
    /// `PUT /health` for node `bench-NNNNN`, cycling through the nodes.
    case health

    /// The requests of this kind for a fleet of `nodes`.
    func template(nodes: Int) -> RequestTemplate {
        switch self {
        case .test:
            return RequestTemplate(.get, path: ["test"])
        case .register:
            return RequestTemplate(.post, path: ["nodes"], contentFormat: .json) { index in
                let node = Self.nodeID(index % nodes)
                return Array(#"{"node_id":"\#(node)","hostname":"\#(node)","status":"online","coap_port":5683,"health_interval_s":60}"#.utf8)
            }
        case .health:
            return RequestTemplate(.put, path: ["health"], contentFormat: .json) { index in
                let cpu = Double(index % 97), memory = Double(20 + index % 61)
                return Array(("{\"node_id\":\"\(Self.nodeID(index % nodes))\",\"overall_healthy\":true,\"cpu_percent\":\(cpu),"
                    + "\"memory_percent\":\(memory),\"disk_percent\":41.5,\"temperature\":48.0,"
                    + "\"services_status\":{\"ssh\":true},\"error_messages\":[]}").utf8)
            }
        }
    }

    /// `bench-00042`.
    static func nodeID(_ index: Int) -> String {
        let digits = String(index)
        return "bench-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
