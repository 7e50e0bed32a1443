import FleetModel
import FoundationEssentials

/// A registered node as the store keeps it.
public struct StoredNode: Sendable, Equatable {
    /// The node's latest registration payload.
    public var registration: NodeRegistration
    /// The address its registration came from (where announcements go).
    public var address: String
    /// When it first registered.
    public var registeredAt: Date
    /// When it last registered or reported health.
    public var lastSeen: Date

    public init(registration: NodeRegistration, address: String, registeredAt: Date, lastSeen: Date) {
        self.registration = registration
        self.address = address
        self.registeredAt = registeredAt
        self.lastSeen = lastSeen
    }

    /// The node's id.
    public var id: String { registration.nodeID }
}
