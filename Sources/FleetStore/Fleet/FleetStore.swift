import FleetModel
import FoundationEssentials

/// Everything the fleet server keeps. Each method is one transaction: a method that returned
/// has committed (and survives `kill -9` of the process), one that threw changed nothing.
///
/// ``SQLiteFleetStore`` is the implementation; the protocol leaves room for a server-grade SQL
/// backend for fleets that outgrow one machine.
public protocol FleetStore: Sendable {
    /// Registers a node, or refreshes one that registered before. True when it is new.
    func registerNode(_ registration: NodeRegistration, address: String, at time: Date) throws -> Bool
    /// One node.
    func node(_ id: String) throws -> StoredNode?
    /// Every node, by id.
    func nodes() throws -> [StoredNode]
    /// When every node was last seen, with its reporting interval (cheap for a large fleet:
    /// nothing is decoded).
    func sightings() throws -> [NodeSighting]
    /// Versions installed by finished jobs, by node id and update name (the newest job wins).
    func installedVersions() throws -> [String: [String: String]]
    /// Removes a node, its health history and its part in jobs that are not finished; those
    /// jobs' states follow from their remaining nodes again. Returns the ids of those jobs, or
    /// nil when there was no such node.
    func removeNode(_ id: String, at time: Date) throws -> [String]?

    /// Keeps a health report of a registered node, and at most `retention` reports per node.
    /// `json` is the report as received, already decoded and validated into `report`, kept as
    /// it is (nil: `report` is encoded). False (and nothing written) when the node is not
    /// registered.
    func recordHealth(_ report: HealthReport, json: String?, at time: Date, retention: Int) throws -> Bool
    /// The newest report of every node that has one, by node id.
    func latestHealth() throws -> [String: StoredHealth]
    /// The newest `limit` reports of one node, oldest first.
    func healthHistory(of nodeID: String, limit: Int) throws -> [StoredHealth]

    /// Stores a new job with its target nodes, all `pending`.
    func createJob(_ job: StoredJob) throws
    /// One job with its nodes.
    func job(_ id: String) throws -> StoredJob?
    /// Every job, newest first.
    func jobs() throws -> [StoredJob]
    /// Reads a job, lets `change` move it and its nodes on, and writes what changed, in one
    /// transaction. Nil when there is no such job; if `change` throws, nothing is written.
    func updateJob<Result>(_ id: String, _ change: (inout StoredJob) throws -> Result) throws -> Result?
    /// Reads one node's part of a job and the job's state, lets `change` move them on, and
    /// writes what changed, in one transaction: the cost does not grow with the job's other
    /// nodes. Nil when there is no such job; if `change` throws, nothing is written.
    func updateJobNode<Result>(_ jobID: String, _ nodeID: String, _ change: (inout JobNodeChange) throws -> Result) throws -> Result?
    /// Jobs being installed in which this node has not reached a final state.
    func unfinishedJobs(for nodeID: String) throws -> [StoredJob]

    /// Records an artifact whose file is in place.
    func addArtifact(_ artifact: StoredArtifact) throws
    /// One artifact.
    func artifact(_ id: String) throws -> StoredArtifact?
    /// Every artifact, newest first.
    func artifacts() throws -> [StoredArtifact]
    /// Removes an artifact unless a job that is not finished uses it.
    func removeArtifact(_ id: String) throws -> ArtifactRemoval

    /// Appends to the audit log of administrative actions.
    func audit(_ entry: AuditEntry) throws
    /// The newest `limit` audit entries, newest first.
    func auditLog(limit: Int) throws -> [AuditEntry]

    /// How many of each thing the store holds.
    func counts() throws -> SystemInfo.Counts
}

/// What ``FleetStore/removeArtifact(_:)`` did.
public enum ArtifactRemoval: Sendable, Equatable {
    /// Removed; its file can go.
    case removed(StoredArtifact)
    /// There was no such artifact.
    case notFound
    /// Jobs that are not finished use it.
    case inUse(jobIDs: [String])
}
