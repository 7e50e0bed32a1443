import FleetModel

/// What a ``NodeAgent`` did, told to the observer given at its creation (for logs and tests).
public enum NodeAgentEvent: Sendable, Equatable {
    /// The server accepted the registration (`POST /nodes`) with this answer.
    case registered(NodeAcknowledgement)
    /// The registration failed (`detail`); the next attempt follows after `retryIn`.
    case registrationFailed(detail: String, retryIn: Duration)
    /// The server recorded a health report (`PUT /health`) with this answer.
    case reported(NodeAcknowledgement)
    /// The server did not know the node (4.04 to `PUT /health`); the agent registers again.
    case forgotten
    /// A health report failed (`detail`); the next one follows after the health interval.
    case reportFailed(detail: String)
    /// A job moved to `state` with `progress` (0…100).
    case jobChanged(jobID: String, state: NodeUpdateState, progress: Double)
}
