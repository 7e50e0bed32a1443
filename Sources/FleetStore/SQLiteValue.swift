/// One SQLite value, in one of SQLite's five storage classes.
///
/// Literals make argument lists short: `[42, 2.5, "text", nil, true]`. A `Bool` is stored as
/// the integer 0 or 1, as SQLite itself does.
public enum SQLiteValue: Hashable, Sendable {
    /// `INTEGER`: a signed 64-bit integer.
    case integer(Int64)
    /// `REAL`: an IEEE 754 double.
    case real(Double)
    /// `TEXT`: a UTF-8 string.
    case text(String)
    /// `BLOB`: bytes, stored as given.
    case blob([UInt8])
    /// `NULL`.
    case null
}

extension SQLiteValue: ExpressibleByIntegerLiteral {
    /// An ``integer(_:)``.
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLiteValue: ExpressibleByFloatLiteral {
    /// A ``real(_:)``.
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLiteValue: ExpressibleByStringLiteral {
    /// A ``text(_:)``.
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLiteValue: ExpressibleByBooleanLiteral {
    /// The ``integer(_:)`` 1 or 0.
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}

extension SQLiteValue: ExpressibleByNilLiteral {
    /// ``null``.
    public init(nilLiteral: ()) { self = .null }
}
