@testable import FleetNode
import Testing

@Suite("pip distribution names")
struct PipDistributionTests {
    @Test(arguments: [
        ("Demo_Pkg[extra]>=1.0", "demo-pkg"),
        ("a.b==2", "a-b"),
        (#"x ; python_version>"3""#, "x"),
        (#"x;python_version>"3""#, "x"),
        ("name @ https://example.com/name-1.0.tar.gz", "name"),
        ("name@https://example.com/name-1.0.tar.gz", "name"),
        ("requests", "requests"),
        ("Requests~=2.31", "requests"),
        ("zope.interface!=5.0", "zope-interface"),
        ("pkg (>=1.0)", "pkg"),
        ("pkg<2", "pkg"),
    ])
    func nameOfARequirement(specifier: String, expected: String) {
        #expect(PipDistribution.name(ofRequirement: specifier) == expected)
    }

    @Test(arguments: [
        ("demo-1.0-py3-none-any.whl", "demo"),
        ("Demo_Pkg-1.0-py3-none-any.whl", "demo-pkg"),
        ("zope.interface-6.0-cp311-cp311-manylinux_2_17_x86_64.whl", "zope-interface"),
        ("demo-1.0-1build-py3-none-any.whl", "demo"),
        ("My_Tool-2.0.1-7-cp312-abi3-linux_x86_64.whl", "my-tool"),
    ])
    func nameOfAWheel(fileName: String, expected: String) {
        #expect(PipDistribution.name(ofWheel: fileName) == expected)
    }

    @Test(arguments: [
        "demo-1.0.tar.gz",
        "demo-1.0-py3-none-any.zip",
        "demo-1.0-py3-none-any.WHL",
        "demo-1.0.whl",
        "demo-1.0-py3-any.whl",
        "demo-1.0-1-2-py3-none-any.whl",
        ".whl",
        "-1.0-py3-none-any.whl",
        "demo",
    ])
    func notAWheelIsNil(fileName: String) {
        #expect(PipDistribution.name(ofWheel: fileName) == nil)
    }

    @Test(arguments: [
        ("Friendly-Bard", "friendly-bard"),
        ("Friendly.Bard", "friendly-bard"),
        ("FRIENDLY_BARD", "friendly-bard"),
        ("friendly--bard", "friendly-bard"),
        ("FrIeNdLy-._.-bArD", "friendly-bard"),
        ("a_b.c-d", "a-b-c-d"),
        ("simple", "simple"),
    ])
    func pep503Normalization(name: String, expected: String) {
        #expect(PipDistribution.normalized(name) == expected)
    }
}
