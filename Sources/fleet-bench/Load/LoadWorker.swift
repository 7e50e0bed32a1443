import CoAPCore
import Glibc

/// One socket of a load run and the requests it keeps in flight, run on a thread of its own:
/// it fills every free slot with a new request, waits in `poll` for answers or the next
/// timeout, and matches each answer to its slot by token and message id.
///
/// A request's 4-byte token is its slot number (2 bytes) followed by its message id, so an
/// answer finds its slot without a search. Message ids count up from a random start and never
/// repeat on one socket: after 65,536 requests the worker lets the last ones finish and moves
/// to a fresh socket (a new source port, so a new session on the server).
struct LoadWorker: Sendable {
    /// Where the requests go.
    let address: sockaddr_in
    /// The socket to start with, connected to `address` (see ``openSocket(to:)``); the worker
    /// closes it.
    let socket: Int32
    /// Requests kept in flight, at most 65,536.
    let slotCount: Int
    /// What to send.
    let template: RequestTemplate
    /// The run's shared request budget.
    let budget: RequestBudget
    /// Nanoseconds after which an unanswered request is counted lost and its slot reused.
    let timeout: UInt64

    /// A request in flight, or a free slot.
    private struct Slot {
        /// True while a request waits for its answer here.
        var busy = false
        /// That request's message id (also the last two bytes of its token).
        var messageID: UInt16 = 0
        /// When (``LoadClock``) it was sent.
        var sentAt: UInt64 = 0
    }

    /// A UDP socket connected to `address`, with a receive buffer large enough for bursts of answers.
    static func openSocket(to address: sockaddr_in) throws(LoadError) -> Int32 {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system("socket") }
        var bufferSize: Int32 = 4 << 20
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &bufferSize, socklen_t(MemoryLayout<Int32>.size))
        var address = address
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let error = LoadError.system("connect")
            close(descriptor)
            throw error
        }
        return descriptor
    }

    /// Sends and receives until the budget is used up and every request has been answered or
    /// has timed out; returns what it counted. Should a fresh socket be refused, the worker
    /// stops early and leaves the rest of the budget to the others.
    func run() -> LoadTally {
        precondition((1...(1 << 16)).contains(slotCount), "1…65536 requests in flight per socket")
        var tally = LoadTally()
        var slots = [Slot](repeating: Slot(), count: slotCount)
        var freeSlots = Array((0..<slotCount).reversed())
        var busyCount = 0
        var descriptor = socket
        defer { close(descriptor) }
        var nextMessageID = UInt16.random(in: .min ... .max)
        var messageIDsLeft = 1 << 16
        var exhausted = false
        let code = CoAPCode(rawValue: template.method.rawValue)
        let options = template.encodedOptions
        var token: [UInt8] = [0, 0, 0, 0]
        var request: [UInt8] = []
        var received = [UInt8](repeating: 0, count: 2048)

        /// Frees `slot` and counts its answer (`code`, or a RST when nil) at `now`.
        func complete(_ slot: Int, code: CoAPCode?, now: UInt64) {
            let latency = now &- slots[slot].sentAt
            if let code { tally.recordAnswer(code, latency: latency, now: now) } else { tally.recordReset(latency: latency, now: now) }
            slots[slot].busy = false
            freeSlots.append(slot)
            busyCount -= 1
        }

        /// Acknowledges a confirmable answer and counts it if it is for a request in flight.
        func handle(_ answer: CoAPDatagram.Response, now: UInt64) {
            if answer.type == .confirmable {
                _ = Self.send(CoAPDatagram.emptyAcknowledgement(messageID: answer.messageID), on: descriptor)
            }
            switch answer.type {
            case .reset:
                if let slot = slots.firstIndex(where: { $0.busy && $0.messageID == answer.messageID }) {
                    complete(slot, code: nil, now: now)
                }
            case .acknowledgement where answer.code.rawValue == 0:
                break  // an empty ACK: the response follows separately
            default:
                let slot = Int(answer.token >> 16)
                let messageID = UInt16(truncatingIfNeeded: answer.token)
                guard answer.tokenLength == 4, slot < slots.count, slots[slot].busy, slots[slot].messageID == messageID,
                    answer.type != .acknowledgement || answer.messageID == messageID
                else { return }
                complete(slot, code: answer.code, now: now)
            }
        }

        while true {
            let now = LoadClock.now()
            var oldest = UInt64.max
            for slot in slots.indices where slots[slot].busy {
                if now &- slots[slot].sentAt >= timeout {
                    slots[slot].busy = false
                    freeSlots.append(slot)
                    busyCount -= 1
                    tally.lost += 1
                } else {
                    oldest = min(oldest, slots[slot].sentAt)
                }
            }
            while !exhausted, messageIDsLeft > 0, let slot = freeSlots.last {
                guard let index = budget.claim(now: now) else {
                    exhausted = true
                    break
                }
                freeSlots.removeLast()
                let messageID = nextMessageID
                nextMessageID &+= 1
                messageIDsLeft -= 1
                token[0] = UInt8(truncatingIfNeeded: slot >> 8)
                token[1] = UInt8(truncatingIfNeeded: slot)
                token[2] = UInt8(truncatingIfNeeded: messageID >> 8)
                token[3] = UInt8(truncatingIfNeeded: messageID)
                request.removeAll(keepingCapacity: true)
                CoAPDatagram.appendMessage(
                    to: &request, type: template.type, code: code, messageID: messageID, token: token, options: options,
                    payload: template.payload(index))
                tally.sent += 1
                tally.lastActivity = now
                if Self.send(request, on: descriptor) {
                    slots[slot] = Slot(busy: true, messageID: messageID, sentAt: now)
                    busyCount += 1
                    oldest = min(oldest, now)
                } else {
                    tally.lost += 1
                    freeSlots.append(slot)
                }
            }
            if busyCount == 0 {
                if exhausted { break }
                if messageIDsLeft == 0 {
                    guard let fresh = try? Self.openSocket(to: address) else { break }
                    close(descriptor)
                    descriptor = fresh
                    nextMessageID = UInt16.random(in: .min ... .max)
                    messageIDsLeft = 1 << 16
                }
                continue
            }
            let wait = (oldest &+ timeout &- now + 999_999) / 1_000_000
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(clamping: max(1, wait))) > 0 else { continue }
            while true {
                let count = received.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if count < 0 {
                    if errno == EINTR { continue }
                    break  // drained (EAGAIN), or an ICMP error now reported and cleared
                }
                let answer = received.withUnsafeBytes { CoAPDatagram.decodeResponse(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                if let answer { handle(answer, now: LoadClock.now()) }
            }
        }
        return tally
    }

    /// Sends one datagram, trying a second time after a failure (a connected UDP socket reports
    /// an earlier ICMP error on the next call, once); false if both attempts failed.
    private static func send(_ datagram: [UInt8], on descriptor: Int32) -> Bool {
        for _ in 0..<2 {
            let sent = datagram.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            if sent == datagram.count { return true }
        }
        return false
    }
}
