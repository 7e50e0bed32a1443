import FleetNode
import Foundation
import Testing
import TestSupport

/// Writes `json` as `node.json` in a fresh temporary directory and returns its path; remove it with ``removeConfigFile(_:)``.
func writeConfigFile(_ json: String) throws -> String {
    let path = try makeTemporaryDirectory("node-config") + "/node.json"
    try json.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Removes the directory ``writeConfigFile(_:)`` made.
func removeConfigFile(_ path: String) {
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

@Suite("fleet-node config file")
struct NodeConfigFileTests {
    /// Every key the file knows.
    static let full = """
        {
          "server": "coap://fleet.example:5683", "node_id": "board-9", "host": "0.0.0.0", "port": 5700,
          "health_interval_s": 15, "state_dir": "/srv/fleet-node", "install_root": "/opt/root", "log_level": "debug",
          "services": ["sshd", "mosquitto"], "drivers": ["i2c-dev", "spi_bcm2835"], "mount_points": ["/", "/data"],
          "thresholds": {"cpu_percent": 85, "memory_percent": 80.5, "disk_percent": 95, "temperature_c": 70},
          "install": {"pip": ["/opt/venv/bin/python", "-m", "pip"], "apt": ["sudo", "apt-get"]}
        }
        """

    /// What loading `json` throws.
    static func failure(_ json: String) throws -> (message: String?, path: String) {
        let path = try writeConfigFile(json)
        defer { removeConfigFile(path) }
        do throws(NodeCommandLineError) {
            _ = try NodeConfigFile.load(path: path)
            return (nil, path)
        } catch {
            return (error.message, path)
        }
    }

    @Test func theSystemdExampleIsAValidFile() throws {
        let file = try NodeConfigFile.load(path: "\(repositoryRoot)/Examples/systemd/config.json")
        #expect(file.server == "coaps://fleet.example.org:5684")
        #expect(file.pskKeyFile == "/etc/fleet-node/psk.key")
        #expect(file.allowedInstallPaths == ["/opt", "/usr/local", "/lib/firmware"])
    }

    @Test func everyKeyIsRead() throws {
        let path = try writeConfigFile(Self.full)
        defer { removeConfigFile(path) }
        let file = try NodeConfigFile.load(path: path)
        #expect(file.server == "coap://fleet.example:5683")
        #expect(file.nodeID == "board-9")
        #expect(file.host == "0.0.0.0")
        #expect(file.port == 5700)
        #expect(file.healthIntervalSeconds == 15)
        #expect(file.stateDirectory == "/srv/fleet-node")
        #expect(file.installRoot == "/opt/root")
        #expect(file.logLevel == "debug")
        #expect(file.services == ["sshd", "mosquitto"])
        #expect(file.drivers == ["i2c-dev", "spi_bcm2835"])
        #expect(file.mountPoints == ["/", "/data"])
        #expect(file.thresholds?.cpuPercent == 85)
        #expect(file.thresholds?.memoryPercent == 80.5)
        #expect(file.thresholds?.diskPercent == 95)
        #expect(file.thresholds?.temperature == 70)
        #expect(file.install?.pip == ["/opt/venv/bin/python", "-m", "pip"])
        #expect(file.install?.apt == ["sudo", "apt-get"])
    }

    @Test func emptyObjectSetsNothing() throws {
        let path = try writeConfigFile("{}")
        defer { removeConfigFile(path) }
        let file = try NodeConfigFile.load(path: path)
        #expect(file.services == nil && file.thresholds == nil && file.port == nil)
    }

    @Test func unknownKeysAreRefusedByName() throws {
        var (message, path) = try Self.failure(#"{"servces": ["sshd"]}"#)
        #expect(message == "config file \(path) has an unknown key servces")
        (message, path) = try Self.failure(#"{"thresholds": {"cpu": 50}}"#)
        #expect(message == "config file \(path) has an unknown key thresholds.cpu")
        (message, path) = try Self.failure(#"{"install": {"pip3": ["pip3"]}}"#)
        #expect(message == "config file \(path) has an unknown key install.pip3")
    }

    @Test func wrongTypesNameTheKeyAndTheType() throws {
        var (message, path) = try Self.failure(#"{"port": "5683"}"#)
        #expect(message == "port in \(path) must be an integer 0…65535")
        (message, path) = try Self.failure(#"{"port": 56.5}"#)
        #expect(message == "port in \(path) must be an integer 0…65535")
        (message, path) = try Self.failure(#"{"port": 1e30}"#)
        #expect(message == "port in \(path) must be an integer 0…65535")
        (message, path) = try Self.failure(#"{"services": "sshd"}"#)
        #expect(message == "services in \(path) must be an array of strings")
        (message, path) = try Self.failure(#"{"drivers": ["i2c-dev", 7]}"#)
        #expect(message == "drivers in \(path) must be an array of strings")
        (message, path) = try Self.failure(#"{"thresholds": {"cpu_percent": "high"}}"#)
        #expect(message == "thresholds.cpu_percent in \(path) must be a number")
        (message, path) = try Self.failure(#"{"thresholds": 90}"#)
        #expect(message == "thresholds in \(path) must be an object")
        (message, path) = try Self.failure(#"{"server": 1}"#)
        #expect(message == "server in \(path) must be a string")
        (message, path) = try Self.failure(#"["sshd"]"#)
        #expect(message == "config file \(path) must hold a JSON object")
    }

    @Test func outOfRangeValuesAreRefused() throws {
        var (message, path) = try Self.failure(#"{"thresholds": {"cpu_percent": 150}}"#)
        #expect(message == "thresholds.cpu_percent in \(path) must be 0…100")
        (message, path) = try Self.failure(#"{"thresholds": {"temperature_c": -60}}"#)
        #expect(message == "thresholds.temperature_c in \(path) must be -50…200")
        (message, path) = try Self.failure(#"{"install": {"apt": []}}"#)
        #expect(message == "install.apt in \(path) must name a program, not be empty")
        (message, path) = try Self.failure(#"{"mount_points": ["/", "data"]}"#)
        #expect(message == "mount_points in \(path) must hold absolute paths, not data")
    }

    @Test func brokenJSONIsReported() throws {
        let (message, path) = try Self.failure(#"{"port": }"#)
        #expect(message?.hasPrefix("config file \(path) is not JSON") == true)
    }

    @Test func missingFileIsReported() {
        #expect(throws: NodeCommandLineError("config file /nonexistent/node.json does not exist")) {
            try NodeConfigFile.load(path: "/nonexistent/node.json")
        }
    }
}
