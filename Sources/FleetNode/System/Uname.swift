import Glibc

/// The kernel's identity from `uname(2)`.
struct Uname: Sendable, Equatable {
    /// The kernel name, e.g. `Linux`.
    var sysname: String
    /// The kernel release, e.g. `6.1.0-18-arm64`.
    var release: String
    /// The hardware name, e.g. `aarch64`.
    var machine: String

    /// The running kernel's identity; empty strings in the unlikely case `uname` fails.
    static func current() -> Uname {
        var info = utsname()
        guard uname(&info) == 0 else { return Uname(sysname: "", release: "", machine: "") }
        return Uname(
            sysname: CString.decode(tuple: info.sysname), release: CString.decode(tuple: info.release),
            machine: CString.decode(tuple: info.machine)
        )
    }
}
