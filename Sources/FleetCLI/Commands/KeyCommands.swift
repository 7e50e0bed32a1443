import FleetModel
import Glibc

/// `fleetctl keys generate`: an Ed25519 key pair for signing manifests offline. No server is
/// asked; the private key never leaves this machine.
enum KeyCommands {
    static func generate(_ context: CommandContext) async throws(FleetClientError) -> ExitCode {
        guard let pair = Ed25519.generate() else { throw .local("cannot make a key pair") }
        guard let path = context.arguments.value("output") else {
            context.print("private key: \(pair.privateKey)\npublic key:  \(pair.publicKey)")
            return .success
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .local("cannot create \(path) (it must not exist yet)") }
        defer { close(descriptor) }
        let bytes = Array((pair.privateKey + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw .local("cannot write \(path)")
        }
        context.print("private key written to \(path); keep it offline\npublic key: \(pair.publicKey)\n"
            + "nodes that should accept updates signed with it list the public key in trusted_keys")
        return .success
    }
}
