// coap-file-server: serves the files of one directory over CoAP.
//
//   GET  /files          the file names, one per line (observable: notified on every upload)
//   GET  /files/{name}   a file, block-wise when large (resumable with Block2)
//   PUT  /files/{name}   stores a file, block-wise when large
//
// Usage: coap-file-server [--port 5683] [--root DIR]
import CoAPCore
import Glibc
import Synchronization

let (port, root): (UInt16, String) = {
    var port: UInt16 = 5683
    var root = "."
    var arguments = CommandLine.arguments.dropFirst().makeIterator()
    while let argument = arguments.next() {
        switch argument {
        case "--port": port = arguments.next().flatMap(UInt16.init) ?? port
        case "--root": root = arguments.next() ?? root
        default:
            print("usage: coap-file-server [--port N] [--root DIR]")
            exit(2)
        }
    }
    return (port, root)
}()
/// Set once the server runs: uploads notify the observers of the listing through it.
let running = Mutex<CoAPServer?>(nil)

/// True for a plain file name: no separators, no dot files, nothing that leaves the root.
func isSafeName(_ name: String) -> Bool {
    !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && name.utf8.count <= 255
}

func listFiles() -> String {
    guard let directory = opendir(root) else { return "" }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if isSafeName(name) && entry.pointee.d_type == DT_REG { names.append(name) }
    }
    return names.sorted().joined(separator: "\n")
}

var router = CoAPRouter()
router.add(CoAPResource("files", observable: true, attributes: LinkAttributes(resourceType: "file-list", contentFormats: [.textPlain]),
                        handlers: [.get: { _ in .text(listFiles()) }]))
router.on(.get, "files/{name}", attributes: LinkAttributes(contentFormats: [.octetStream])) { request in
    let name = request.pathParameters["name"]!
    var status = stat()
    guard isSafeName(name), stat("\(root)/\(name)", &status) == 0 else { return .text("no such file", code: .notFound) }
    let tag = withUnsafeBytes(of: (Int64(status.st_mtim.tv_sec), Int64(status.st_size))) { Array($0.prefix(8)) }
    return CoAPResponse(code: .content, contentFormat: .octetStream,
                        body: .file(FileBody(path: "\(root)/\(name)", size: Int(status.st_size), entityTag: tag)))
}
router.on(.put, "files/{name}") { request in
    let name = request.pathParameters["name"]!
    guard isSafeName(name) else { return .text("bad file name", code: .badRequest) }
    // Write beside, then rename: a reader never sees half a file.
    let temporary = "\(root)/.\(name).part"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { return .text("cannot store", code: .internalServerError) }
    let written = request.payload.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    guard written == request.payload.count, rename(temporary, "\(root)/\(name)") == 0 else {
        unlink(temporary)
        return .text("cannot store", code: .internalServerError)
    }
    running.withLock { $0?.notify("files") }
    return .text("stored \(written) bytes", code: .changed)
}

mkdir(root, 0o755)
let server: CoAPServer
do {
    server = try CoAPServer(configuration: .init(endpoints: [.udp(port: port)], maxBodySize: 64 << 20), router: router)
} catch {
    print("coap-file-server: \(error)")
    exit(1)
}
running.withLock { $0 = server }

print("coap-file-server: serving \(root) on \(server.boundEndpoints.map(\.description).joined(separator: ", "))")
fflush(nil)  // Standard output may be a pipe: say it now.
var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGINT)
sigaddset(&signals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &signals, nil)
var received: Int32 = 0
sigwait(&signals, &received)
server.shutdown()
print("coap-file-server: stopped")
