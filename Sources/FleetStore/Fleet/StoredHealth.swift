import FleetModel
import FoundationEssentials

/// One health report and when it arrived.
public struct StoredHealth: Sendable, Equatable {
    public var report: HealthReport
    public var receivedAt: Date

    public init(report: HealthReport, receivedAt: Date) {
        self.report = report
        self.receivedAt = receivedAt
    }
}
