import FleetModel

/// When a rollout passed its milestones, in seconds from `install`, as seen by polling the job's
/// summary: the install answered, every node past `pending` (announced), the first node and
/// half of them `succeeded`. It shows where a rollout's time goes.
struct RolloutTimeline {
    let nodes: Int
    let installAnswered: Double
    private(set) var everyNodeAnnounced: Double?
    private(set) var firstSucceeded: Double?
    private(set) var halfSucceeded: Double?

    init(nodes: Int, installAnswered: Double) {
        self.nodes = nodes
        self.installAnswered = installAnswered
    }

    /// Notes the milestones `summary` shows for the first time at `seconds`.
    mutating func record(_ summary: [NodeUpdateState: Int], at seconds: Double) {
        let succeeded = summary[.succeeded] ?? 0
        if everyNodeAnnounced == nil, (summary[.pending] ?? 0) == 0 { everyNodeAnnounced = seconds }
        if firstSucceeded == nil, succeeded > 0 { firstSucceeded = seconds }
        if halfSucceeded == nil, succeeded * 2 >= nodes { halfSucceeded = seconds }
    }

    /// The milestones as results without targets (polled every 0.5 s, so that coarse).
    func results(_ scenario: String) -> [BenchResult] {
        [("install answered", installAnswered), ("every node announced", everyNodeAnnounced),
         ("first node succeeded", firstSucceeded), ("half the nodes succeeded", halfSucceeded)]
            .compactMap { metric, seconds in seconds.map { BenchResult(scenario, metric, $0, "s", notes: "after install") } }
    }
}
