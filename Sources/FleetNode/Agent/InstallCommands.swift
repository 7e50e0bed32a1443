/// The programs installers run, as argument vectors (no shell): the node's config file may
/// point them at a virtual environment's pip or a wrapper.
public struct InstallCommands: Sendable, Equatable {
    /// The pip invocation; `install`, `uninstall` and `list` arguments follow it.
    public var pip: [String]
    /// The apt invocation; `install -y` and the packages follow it.
    public var apt: [String]

    /// Creates the commands; the defaults are `python3 -m pip` and `apt-get`.
    public init(pip: [String] = ["python3", "-m", "pip"], apt: [String] = ["apt-get"]) {
        self.pip = pip
        self.apt = apt
    }
}
