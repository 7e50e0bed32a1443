import FleetModel
import Testing

/// The job machine and how a job's outcome follows from its nodes' states.
@Suite("Job state machine")
struct JobStateTests {
    static let legal: Set<[JobState]> = [
        [.created, .installing], [.created, .cancelled],
        [.installing, .completed], [.installing, .partiallyFailed], [.installing, .failed], [.installing, .cancelled],
    ]

    static let allPairs = JobState.allCases.flatMap { from in JobState.allCases.map { [from, $0] } }

    @Test(arguments: allPairs)
    func everyPairIsDecidedByTheTable(pair: [JobState]) throws {
        let (from, to) = (pair[0], pair[1])
        var state = from
        if from == to {
            #expect(try state.apply(to) == .unchanged)
        } else if Self.legal.contains(pair) {
            #expect(try state.apply(to) == .changed(from: from, to: to))
            #expect(state == to)
        } else {
            #expect(!state.canTransition(to: to))
            #expect(throws: TransitionError.self) { try state.apply(to) }
            #expect(state == from)
        }
    }

    @Test func finalStatesAreTheFourOutcomes() {
        #expect(Set(JobState.allCases.filter(\.isFinal)) == [.completed, .partiallyFailed, .failed, .cancelled])
        #expect(JobState.partiallyFailed.rawValue == "partially_failed")
    }

    @Test func aCreatedJobStaysCreatedWhateverTheNodes() {
        #expect(JobState.derived(from: [.pending, .pending], current: .created) == .created)
        #expect(JobState.derived(from: [.succeeded], current: .created) == .created)
        #expect(JobState.derived(from: [], current: .created) == .created)
    }

    @Test(arguments: [
        ([NodeUpdateState.pending], JobState.installing),
        ([.succeeded, .installing], .installing),
        ([.failed, .downloading], .installing),
        ([.succeeded, .succeeded], .completed),
        ([.succeeded], .completed),
        ([.failed, .failed], .failed),
        ([.rolledBack, .failed, .cancelled], .failed),
        ([.cancelled], .failed),
        ([.succeeded, .failed], .partiallyFailed),
        ([.succeeded, .rolledBack], .partiallyFailed),
        ([.succeeded, .cancelled], .partiallyFailed),
        ([], .completed),
    ])
    func anInstallingJobFollowsItsNodes(nodes: [NodeUpdateState], expected: JobState) {
        #expect(JobState.derived(from: nodes, current: .installing) == expected)
    }

    @Test func aSummaryWithZeroCountsIgnoresThoseStates() {
        #expect(JobState.derived(from: [.pending: 0, .downloading: 0, .succeeded: 2], current: .installing) == .completed)
        #expect(JobState.derived(from: [.pending: 1, .succeeded: 2], current: .installing) == .installing)
        #expect(JobState.derived(from: [.failed: 1, .succeeded: 0], current: .installing) == .failed)
    }

    @Test(arguments: [JobState.completed, .partiallyFailed, .failed, .cancelled])
    func aFinalJobNeverChanges(state: JobState) {
        #expect(JobState.derived(from: [.succeeded], current: state) == state)
        #expect(JobState.derived(from: [.failed], current: state) == state)
        #expect(JobState.derived(from: [.downloading], current: state) == state)
    }

    @Test func cancellingAnInstallingJobKeepsItCancelledAfterNodesFinish() throws {
        var job = JobState.created
        try job.apply(.installing)
        try job.apply(.cancelled)
        #expect(JobState.derived(from: [.succeeded, .cancelled], current: job) == .cancelled)
    }

    @Test func aFinishedJobCannotBeCancelled() throws {
        var job = JobState.completed
        let error = try #require(throws: TransitionError.self) { try job.apply(.cancelled) }
        #expect(error.detail == "a job cannot move from 'completed' to 'cancelled': 'completed' is final")
    }
}
