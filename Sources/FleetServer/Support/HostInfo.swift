import Glibc

/// Facts about the machine the server runs on, as `GET /system` reports them.
struct HostInfo: Sendable {
    let hostname: String
    let operatingSystem: String
    let kernel: String
    let architecture: String

    static let current: HostInfo = {
        var names = utsname()
        uname(&names)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return HostInfo(hostname: text(names.nodename), operatingSystem: text(names.sysname).lowercased(),
                        kernel: text(names.release), architecture: text(names.machine))
    }()
}
