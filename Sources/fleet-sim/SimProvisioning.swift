import CoAPCore
import FleetModel
import Foundation
import Synchronization

/// Keys for the simulated nodes of a `coaps://` run: an admin provisions each node through the
/// server's API (`POST /nodes/{id}/key`), as an operator would with `fleetctl nodes provision`.
enum SimProvisioning {
    private struct Provisioned: Decodable {
        let pskKey: String

        enum CodingKeys: String, CodingKey {
            case pskKey = "psk_key"
        }
    }

    /// ``keys(_:logger:)`` from synchronous code, waiting for it. (`main.swift` stays
    /// synchronous: top-level `await` would start runtime threads before it blocks SIGTERM.)
    static func keysWaiting(_ options: SimOptions, logger: Logger) throws -> [String: [UInt8]] {
        let outcome = Mutex<Result<[String: [UInt8]], any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let result: Result<[String: [UInt8]], any Error>
            do {
                result = .success(try await keys(options, logger: logger))
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// The key of every node, by node id. A 4.29 (the admin's request rate) is waited out for
    /// the Max-Age the server gives; any other failure ends the run.
    static func keys(_ options: SimOptions, logger: Logger) async throws -> [String: [UInt8]] {
        guard let admin = options.pskAdmin, let keyFile = options.pskAdminKeyFile else { return [:] }
        guard let text = try? String(contentsOfFile: keyFile, encoding: .utf8) else {
            throw SimOptionError("cannot read the admin key file \(keyFile)")
        }
        let adminKey = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        let client = try CoAPClient(configuration: .init(dtls: .psk(identity: admin, key: adminKey)), logger: logger.labelled("provisioning"))
        defer { client.shutdown() }
        let ids = (0..<options.nodes).map(options.nodeID)
        return try await withThrowingTaskGroup(of: (String, [UInt8]).self) { group in
            var keys: [String: [UInt8]] = [:]
            var next = ids.makeIterator()
            func startNext() -> Bool {
                guard let id = next.next() else { return false }
                group.addTask { (id, try await provision(id, server: options.server, client: client)) }
                return true
            }
            for _ in 0..<8 where startNext() {}
            while let (id, key) = try await group.next() {
                keys[id] = key
                _ = startNext()
            }
            return keys
        }
    }

    private static func provision(_ id: String, server: String, client: CoAPClient) async throws -> [UInt8] {
        for _ in 0..<100 {
            do {
                let answer = try await client.post("\(server)/nodes/\(id)/key", timeout: .seconds(10))
                return Array(try JSONDecoder().decode(Provisioned.self, from: Data(answer.payload)).pskKey.utf8)
            } catch let error as CoAPError where error.code == .tooManyRequests {
                let wait = error.options.first(.maxAge)?.uintValue ?? 1
                try await Task.sleep(for: .seconds(Int(wait)))
            }
        }
        throw SimOptionError("the server kept refusing to provision \(id) (4.29)")
    }
}
