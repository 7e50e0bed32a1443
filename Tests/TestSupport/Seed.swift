/// The payloads of `seed/coap-update-system.md`, verbatim, and variants of them.
public enum Seed {
    /// "Node Registration", exactly as the seed shows it.
    public static let registrationPayload = """
        {
          "node_id": "worker-03",
          "hostname": "worker-03",
          "ip_address": "<NODE_IP>",
          "status": "online",
          "last_seen": "2025-09-17T10:00:00",
          "services": ["docker", "ssh"],
          "drivers": ["gpio", "i2c"],
          "system_info": {
            "os": "linux",
            "arch": "arm64"
          }
        }
        """

    /// "Health Status Report", exactly as the seed shows it.
    public static let healthPayload = """
        {
          "node_id": "node-123",
          "overall_healthy": true,
          "cpu_percent": 15.5,
          "memory_percent": 45.2,
          "disk_percent": 30.1,
          "temperature": 42.5,
          "services_status": {
            "systemd": true,
            "network": true,
            "ssh": true,
            "docker": false
          },
          "error_messages": ["Service docker is not running"]
        }
        """

    /// "Create Update", exactly as the seed shows it.
    public static let createPayload = """
        {
          "name": "python-packages-update",
          "version": "2025.09.16",
          "package_type": "pip",
          "target_nodes": ["all"],
          "packages": ["aiocoap==0.4.7", "aiohttp==3.9.1"]
        }
        """

    /// "Trigger Update", exactly as the seed shows it.
    public static let triggerPayload = """
        {
          "action": "install",
          "job_id": "abc123-def456-ghi789"
        }
        """

    /// The seed's short trigger example from its endpoint list.
    public static let shortTriggerPayload = #"{"action":"install","job_id":"abc123-def456-ghi789"}"#

    /// The seed's short status example from its endpoint list.
    public static let shortStatusPayload = #"{"action":"status","job_id":"abc123-def456-ghi789"}"#

    /// The seed's short create example.
    public static let shortCreatePayload = #"{"name":"update","version":"1.0","package_type":"pip","target_nodes":["all"]}"#

    /// The seed's registration for `nodeID`, with the agent's `coap_port` (and interval).
    public static func registration(nodeID: String, coapPort: UInt16, healthInterval: Int? = nil) -> String {
        let interval = healthInterval.map { #", "health_interval_s": \#($0)"# } ?? ""
        return """
            {"node_id": "\(nodeID)", "hostname": "\(nodeID)", "ip_address": "127.0.0.1", "status": "online",
             "last_seen": "2025-09-17T10:00:00", "services": ["docker", "ssh"], "drivers": ["gpio", "i2c"],
             "system_info": {"os": "linux", "arch": "arm64"}, "coap_port": \(coapPort)\(interval)}
            """
    }

    /// The seed's health report for `nodeID`, with a verdict and a CPU figure.
    public static func health(nodeID: String, healthy: Bool = true, cpu: Double = 15.5) -> String {
        """
        {"node_id": "\(nodeID)", "overall_healthy": \(healthy), "cpu_percent": \(cpu), "memory_percent": 45.2,
         "disk_percent": 30.1, "temperature": 42.5,
         "services_status": {"systemd": true, "network": true, "ssh": true, "docker": false},
         "error_messages": ["Service docker is not running"]}
        """
    }

    /// A `pip` job for the given nodes.
    public static func pipJob(_ nodes: [String], name: String = "python-packages-update") -> String {
        let targets = nodes.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"name":"\#(name)","version":"2025.09.16","package_type":"pip","target_nodes":[\#(targets)],"packages":["aiocoap==0.4.7"]}"#
    }

    /// A `file` job writing an artifact to `/opt/app/app.bin`.
    public static func fileJob(_ nodes: [String], artifactID: String) -> String {
        let targets = nodes.map { "\"\($0)\"" }.joined(separator: ",")
        return #"""
            {"name":"app-config","version":"3.1","package_type":"file","target_nodes":[\#(targets)],
             "artifact_id":"\#(artifactID)","install_path":"/opt/app/app.bin",
             "post_install":"systemctl restart app","health_check":"systemctl is-active app","command_timeout_s":60}
            """#
    }
}
