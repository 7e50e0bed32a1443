import FleetModel
import Testing

@Suite("JSON values")
struct JSONValueTests {
    @Test func everyKindDecodes() throws {
        let json = #"{"n":null,"t":true,"f":false,"i":42,"d":-1.5,"s":"x","a":[1,"two",[]],"o":{"k":{}}}"#
        #expect(try decode([String: JSONValue].self, json) == [
            "n": .null, "t": .bool(true), "f": .bool(false), "i": .number(42), "d": .number(-1.5), "s": .string("x"),
            "a": .array([.number(1), .string("two"), .array([])]), "o": .object(["k": .object([:])]),
        ])
    }

    @Test func integersEncodeWithoutAFraction() throws {
        let bytes = try Payload.encode(["i": JSONValue.number(42), "b": .bool(true), "n": .null])
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"b":true,"i":42,"n":null}"#)
    }

    @Test func systemInfoKeepsNestedValues() throws {
        let registration = try decode(NodeRegistration.self, #"{"node_id":"n1","system_info":{"cpus":4,"board":{"model":"rk3566"}}}"#)
        #expect(registration.systemInfo["cpus"] == .number(4))
        #expect(registration.systemInfo["board"] == .object(["model": .string("rk3566")]))
    }
}
