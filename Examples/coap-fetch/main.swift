// coap-fetch: a tiny CoAP client.
//
//   coap-fetch URI                 GET, body to standard output
//   coap-fetch URI -o FILE         GET into FILE, resuming a partial FILE, with progress
//   coap-fetch URI --put FILE      PUT the bytes of FILE
//   coap-fetch URI --observe N     print the first N states of an observable resource
import CoAPCore
import Glibc
import Synchronization

let arguments = Array(CommandLine.arguments.dropFirst())
guard let uri = arguments.first, arguments.count == 1 || arguments.count == 3 else {
    print("usage: coap-fetch URI [-o FILE | --put FILE | --observe N]")
    exit(2)
}

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while case let count = fread(&chunk, 1, chunk.count, file), count > 0 { bytes += chunk[0..<count] }
    return bytes
}

/// The percentage shown last, so each one is printed once.
final class LastPercent: Sendable { let value = Atomic(-1) }

let client = try CoAPClient()
defer { client.shutdown() }
do {
    switch arguments.count > 1 ? arguments[1] : "" {
    case "-o":
        let showProgress = isatty(1) == 1
        let shown = LastPercent()
        let size = try await client.download(uri, toFile: arguments[2]) { progress in
            guard showProgress, let total = progress.total, total > 0 else { return }
            let percent = progress.completed * 100 / total
            if shown.value.exchange(percent, ordering: .relaxed) != percent { print("\r\(percent)%", terminator: "") }
        }
        print("\(showProgress ? "\r" : "")saved \(size) bytes to \(arguments[2])")
    case "--put":
        guard let bytes = readFile(arguments[2]) else {
            print("coap-fetch: cannot read \(arguments[2])")
            exit(1)
        }
        let answer = try await client.put(uri, payload: bytes, contentFormat: .octetStream, timeout: .seconds(300))
        print("\(answer.code) \(answer.text)")
    case "--observe":
        var remaining = Int(arguments[2]) ?? 1
        for try await state in try client.observe(uri) {
            print(state.text)
            fflush(nil)
            remaining -= 1
            if remaining == 0 { break }
        }
    default:
        let answer = try await client.get(uri)
        print(answer.text)
    }
} catch let error as CoAPError {
    print("coap-fetch: \(error)")
    exit(error.kind == .response ? 1 : 3)
}
