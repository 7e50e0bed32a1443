/// Spells a decoder's coding path the way error details name fields:
/// `system_info.os`, `target_nodes[2]`.
enum FieldPath {
    /// The dotted path of `codingPath`, with array positions in brackets.
    static func string(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path
    }

    /// The dotted path of `codingPath` followed by `key`.
    static func string(_ codingPath: [any CodingKey], _ key: some CodingKey) -> String {
        string(codingPath + [key])
    }
}
