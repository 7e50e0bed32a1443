/// The version of CoAP Fleet that these libraries and executables belong to.
public enum FleetVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
