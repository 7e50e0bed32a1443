import FoundationEssentials

/// One node's state in ``FleetHealth``.
public enum NodeHealthState: String, Codable, Sendable, CaseIterable, WireEnum {
    /// Its latest report says `overall_healthy: true`.
    case healthy
    /// Its latest report says `overall_healthy: false`.
    case unhealthy
    /// Not heard from for too long (see ``NodeLiveness``).
    case offline
    /// Online but has sent no health report yet.
    case unknown

    /// Decodes a state; anything else is `invalid_value` listing the allowed ones.
    public init(from decoder: any Decoder) throws {
        try self.init(wireValueFrom: decoder)
    }

    /// The state of a node last heard from at `lastSeen`, whose latest report (if any) said
    /// `latestReportHealthy`: offline beats everything, then no report means unknown.
    public static func assess(
        lastSeen: Date, latestReportHealthy: Bool?, healthIntervalSeconds: Int, now: Date
    ) -> NodeHealthState {
        guard NodeLiveness.isOnline(lastSeen: lastSeen, healthIntervalSeconds: healthIntervalSeconds, now: now)
        else { return .offline }
        guard let latestReportHealthy else { return .unknown }
        return latestReportHealthy ? .healthy : .unhealthy
    }
}
