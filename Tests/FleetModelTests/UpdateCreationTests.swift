import FleetModel
import Testing

/// The rules of a new job: targets, and what each package type needs.
@Suite("Update creation")
struct UpdateCreationTests {
    static func creation(
        _ type: PackageType = .pip, targets: [String] = ["all"], packages: [String]? = ["requests==2.31.0"],
        artifactID: String? = nil, installPath: String? = nil
    ) -> UpdateCreation {
        UpdateCreation(
            name: "job", version: "1.0", packageType: type, targetNodes: targets, packages: packages,
            artifactID: artifactID, installPath: installPath
        )
    }

    @Test func validCombinationsAreAccepted() {
        #expect(validationError(Self.creation(.pip)) == nil)
        #expect(validationError(Self.creation(.pip, packages: nil, artifactID: "wheel-1")) == nil)
        #expect(validationError(Self.creation(.apt, packages: ["curl"])) == nil)
        #expect(validationError(Self.creation(.file, packages: nil, artifactID: "a1", installPath: "/opt/app/app.bin")) == nil)
        #expect(validationError(Self.creation(.firmware, packages: nil, artifactID: "fw-2", installPath: "/boot/fw.img")) == nil)
        #expect(validationError(Self.creation(targets: ["n1", "n2"])) == nil)
        // The seed's short example: a pip job naming nothing to install.
        #expect(validationError(Self.creation(.pip, packages: nil)) == nil)
    }

    @Test(arguments: [
        (PackageType.apt, nil, "a1", "field 'packages' is required for package_type 'apt'"),
        (.file, nil, nil, "field 'artifact_id' is required for package_type 'file'"),
        (.firmware, nil, nil, "field 'artifact_id' is required for package_type 'firmware'"),
        (.file, "a1", nil, "field 'install_path' is required for package_type 'file'"),
        (.firmware, "a1", nil, "field 'install_path' is required for package_type 'firmware'"),
    ] as [(PackageType, String?, String?, String)])
    func missingCombinationFieldsAreNamed(type: PackageType, artifactID: String?, installPath: String?, detail: String) throws {
        let error = try #require(validationError(Self.creation(type, packages: nil, artifactID: artifactID, installPath: installPath)))
        #expect(error.code == .missingField)
        #expect(error.detail == detail)
    }

    @Test(arguments: [
        ("relative/path", "must be an absolute path"), ("/opt/app/", "must name a file"),
        ("/opt/../etc/passwd", "must not contain '..' components"), ("", "must not be empty"),
        ("/opt/a\nb", "must not contain control characters"),
    ])
    func installPathMustBeAbsoluteAndPlain(path: String, reason: String) throws {
        let error = try #require(validationError(Self.creation(.file, packages: nil, artifactID: "a1", installPath: path)))
        #expect(error.code == .invalidValue)
        #expect(error.detail.hasPrefix("field 'install_path' \(reason)"))
    }

    @Test(arguments: [
        ([String](), "field 'packages' must list at least one package"),
        (["ok", ""], "field 'packages[1]' must not be empty"),
        (["--index-url=http://evil"], "field 'packages[0]' must be a package specifier, not an option"),
    ])
    func packagesMustBeSpecifiers(packages: [String], detail: String) throws {
        let error = try #require(validationError(Self.creation(.apt, packages: packages)))
        #expect(error.code == .invalidValue)
        #expect(error.detail.hasPrefix(detail))
    }

    @Test func artifactIDFollowsTheIdRule() throws {
        let error = try #require(validationError(Self.creation(.file, packages: nil, artifactID: "../x", installPath: "/x")))
        #expect(error.detail.hasPrefix("field 'artifact_id'"))
    }

    @Test(arguments: [
        ([String](), "field 'target_nodes' must list at least one node id"),
        (["all", "n1"], "field 'target_nodes' may hold \"all\" only on its own"),
        (["n1", "all"], "field 'target_nodes' may hold \"all\" only on its own"),
        (["n1", "n 2"], "field 'target_nodes[1]' must start with a letter or digit"),
        (["n1", "n1"], "field 'target_nodes' lists 'n1' more than once"),
    ])
    func targetsMustBeAllOrDistinctIds(targets: [String], detail: String) throws {
        let error = try #require(validationError(Self.creation(targets: targets)))
        #expect(error.code == .invalidValue)
        #expect(error.detail.hasPrefix(detail))
    }

    @Test func unknownTargetsAreListedInRequestOrder() {
        let known: Set = ["n1", "n3"]
        #expect(Self.creation(targets: ["n4", "n1", "n2", "n3"]).unknownTargets(known: known) == ["n4", "n2"])
        #expect(Self.creation(targets: ["n1"]).unknownTargets(known: known).isEmpty)
        #expect(Self.creation(targets: ["all"]).unknownTargets(known: []).isEmpty)
        #expect(Self.creation(targets: ["all"]).targetsAllNodes)
        #expect(!Self.creation(targets: ["n1"]).targetsAllNodes)
    }

    @Test func unknownPackageTypeListsTheAllowedOnes() throws {
        let json = #"{"name":"x","version":"1","package_type":"npm","target_nodes":["all"],"packages":["a"]}"#
        let error = try #require(payloadError(UpdatesRequest.self, json))
        #expect(error.code == .invalidValue)
        #expect(error.detail == "field 'package_type' must be one of: pip, file, firmware, apt (got 'npm')")
    }

    @Test(arguments: [("name", ""), ("version", ""), ("name", String(repeating: "n", count: 129)), ("version", String(repeating: "v", count: 65))])
    func nameAndVersionMustBeShortNonEmptyText(field: String, value: String) throws {
        var creation = Self.creation()
        if field == "name" { creation.name = value } else { creation.version = value }
        let error = try #require(validationError(creation))
        #expect(error.code == .invalidValue)
        #expect(error.detail.hasPrefix("field '\(field)' must"))
    }

    @Test func commandsMustBeNonEmptyWhenPresent() throws {
        var creation = Self.creation(.file, packages: nil, artifactID: "a1", installPath: "/x")
        creation.postInstall = ""
        #expect(validationError(creation)?.detail == "field 'post_install' must not be empty")
        creation.postInstall = "systemctl restart app"
        creation.healthCheck = ""
        #expect(validationError(creation)?.detail == "field 'health_check' must not be empty")
    }

    @Test func commandTimeoutDefaultsAndIsBounded() throws {
        let base = #""name":"x","version":"1","package_type":"apt","target_nodes":["n1"],"packages":["curl"]"#
        #expect(try decode(UpdateCreation.self, "{\(base)}").commandTimeoutSeconds == 300)
        #expect(try decode(UpdateCreation.self, #"{\#(base),"command_timeout_s":60}"#).commandTimeoutSeconds == 60)
        let error = try #require(payloadError(UpdateCreation.self, #"{\#(base),"command_timeout_s":0}"#))
        #expect(error.detail == "field 'command_timeout_s' must be between 1 and 86400 (got 0)")
    }

    @Test func everyFieldRoundTripsWithSnakeCaseKeys() throws {
        let creation = UpdateCreation(
            name: "fw", version: "2.0", packageType: .firmware, targetNodes: ["n1"], artifactID: "fw-2",
            installPath: "/boot/fw.img", postInstall: "sync", healthCheck: "true", commandTimeoutSeconds: 30, shell: true
        )
        let object = try encodedObject(creation)
        #expect(Set(object.keys) == [
            "name", "version", "package_type", "target_nodes", "artifact_id", "install_path", "post_install",
            "health_check", "command_timeout_s", "shell",
        ])
        #expect(try Payload.decode(UpdateCreation.self, from: Payload.encode(creation)) == creation)
    }

    @Test func shellDefaultsToFalse() throws {
        let creation = try Payload.decode(
            UpdateCreation.self, from: Array(#"{"name":"u","version":"1","package_type":"pip","target_nodes":["all"]}"#.utf8))
        #expect(creation.shell == false)
        let withShell = try Payload.decode(
            UpdateCreation.self, from: Array(#"{"name":"u","version":"1","package_type":"pip","target_nodes":["all"],"shell":true}"#.utf8))
        #expect(withShell.shell)
    }
}
