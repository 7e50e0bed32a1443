import FleetModel
import Testing

/// The per-node update machine: every legal move, and a sweep proving every other pair of
/// different states is refused.
@Suite("Node update state machine")
struct NodeUpdateStateTests {
    /// The legal moves between different states, written out independently of the source.
    static let legal: Set<[NodeUpdateState]> = [
        [.pending, .notified], [.pending, .downloading], [.pending, .failed], [.pending, .cancelled],
        [.notified, .downloading], [.notified, .failed], [.notified, .cancelled],
        [.downloading, .downloaded], [.downloading, .failed], [.downloading, .cancelled],
        [.downloaded, .installing], [.downloaded, .failed], [.downloaded, .cancelled],
        [.installing, .succeeded], [.installing, .failed], [.installing, .rolledBack], [.installing, .cancelled],
    ]

    static let allPairs = NodeUpdateState.allCases.flatMap { from in NodeUpdateState.allCases.map { [from, $0] } }

    @Test func finalStatesAreTheFourOutcomes() {
        #expect(Set(NodeUpdateState.allCases.filter(\.isFinal)) == [.succeeded, .failed, .rolledBack, .cancelled])
    }

    @Test func wireNamesAreSnakeCase() {
        #expect(NodeUpdateState.allCases.map(\.rawValue) == [
            "pending", "notified", "downloading", "downloaded", "installing", "succeeded", "failed", "rolled_back",
            "cancelled",
        ])
    }

    @Test(arguments: allPairs)
    func everyPairIsDecidedByTheTable(pair: [NodeUpdateState]) throws {
        let (from, to) = (pair[0], pair[1])
        var state = from
        if from == to {
            #expect(state.canTransition(to: to))
            #expect(try state.apply(to) == .unchanged)
        } else if Self.legal.contains(pair) {
            #expect(state.canTransition(to: to))
            #expect(try state.apply(to) == .changed(from: from, to: to))
            #expect(state == to)
        } else {
            #expect(!state.canTransition(to: to))
            #expect(throws: TransitionError(machine: "node update", from: from.rawValue, to: to.rawValue, fromIsFinal: from.isFinal)) {
                try state.apply(to)
            }
            #expect(state == from)
        }
    }

    @Test func theHappyPathReachesSucceeded() throws {
        var state = NodeUpdateState.pending
        for next in [NodeUpdateState.notified, .downloading, .downloading, .downloaded, .installing, .installing, .succeeded] {
            try state.apply(next)
        }
        #expect(state == .succeeded)
        #expect(state.isFinal)
    }

    @Test func refusalFromAFinalStateSaysItIsFinal() throws {
        var state = NodeUpdateState.succeeded
        do {
            try state.apply(.downloading)
            Issue.record("succeeded → downloading was accepted")
        } catch {
            #expect(error.detail == "a node update cannot move from 'succeeded' to 'downloading': 'succeeded' is final")
            #expect(ErrorBody(error) == ErrorBody(error: "invalid_transition", detail: error.detail))
        }
    }

    @Test func refusalBetweenLiveStatesSaysTheMoveIsNotAllowed() throws {
        var state = NodeUpdateState.notified
        let error = try #require(throws: TransitionError.self) { try state.apply(.installing) }
        #expect(error.detail == "a node update cannot move from 'notified' to 'installing': that transition is not allowed")
    }
}
