/// A Swift type that can be stored in and read from a SQLite column.
///
/// `Int64`, `Int`, `Double`, `String`, `[UInt8]`, `Bool`, ``SQLiteValue`` and `Optional`s of
/// them conform. A non-optional type refuses `NULL`; `Optional` maps `NULL` to `nil`.
public protocol SQLiteValueConvertible {
    /// The value to bind.
    var sqliteValue: SQLiteValue { get }
    /// The Swift value stored in `sqliteValue`, or nil when the storage class does not fit
    /// (integers are not read as text, text is not read as a number, `NULL` only as an `Optional`).
    init?(sqliteValue: SQLiteValue)
}

extension SQLiteValue: SQLiteValueConvertible {
    /// The value itself.
    public var sqliteValue: SQLiteValue { self }
    /// The value itself: never fails.
    public init?(sqliteValue: SQLiteValue) { self = sqliteValue }
}

extension Int64: SQLiteValueConvertible {
    /// An ``SQLiteValue/integer(_:)``.
    public var sqliteValue: SQLiteValue { .integer(self) }
    /// The value of an ``SQLiteValue/integer(_:)``.
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue else { return nil }
        self = value
    }
}

extension Int: SQLiteValueConvertible {
    /// An ``SQLiteValue/integer(_:)``.
    public var sqliteValue: SQLiteValue { .integer(Int64(self)) }
    /// The value of an ``SQLiteValue/integer(_:)`` that fits in `Int`.
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue, let fitting = Int(exactly: value) else { return nil }
        self = fitting
    }
}

extension Bool: SQLiteValueConvertible {
    /// The ``SQLiteValue/integer(_:)`` 1 or 0.
    public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) }
    /// False for the integer 0, true for any other ``SQLiteValue/integer(_:)``.
    public init?(sqliteValue: SQLiteValue) {
        guard case .integer(let value) = sqliteValue else { return nil }
        self = value != 0
    }
}

extension Double: SQLiteValueConvertible {
    /// A ``SQLiteValue/real(_:)``.
    public var sqliteValue: SQLiteValue { .real(self) }
    /// The value of a ``SQLiteValue/real(_:)``, or of an ``SQLiteValue/integer(_:)`` converted.
    public init?(sqliteValue: SQLiteValue) {
        switch sqliteValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
}

extension String: SQLiteValueConvertible {
    /// A ``SQLiteValue/text(_:)``.
    public var sqliteValue: SQLiteValue { .text(self) }
    /// The value of a ``SQLiteValue/text(_:)``.
    public init?(sqliteValue: SQLiteValue) {
        guard case .text(let value) = sqliteValue else { return nil }
        self = value
    }
}

extension Array: SQLiteValueConvertible where Element == UInt8 {
    /// A ``SQLiteValue/blob(_:)``.
    public var sqliteValue: SQLiteValue { .blob(self) }
    /// The bytes of a ``SQLiteValue/blob(_:)``.
    public init?(sqliteValue: SQLiteValue) {
        guard case .blob(let value) = sqliteValue else { return nil }
        self = value
    }
}

extension Optional: SQLiteValueConvertible where Wrapped: SQLiteValueConvertible {
    /// The wrapped value's, or ``SQLiteValue/null``.
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
    /// `nil` for ``SQLiteValue/null``, otherwise the wrapped type's conversion.
    public init?(sqliteValue: SQLiteValue) {
        if case .null = sqliteValue {
            self = .none
            return
        }
        guard let value = Wrapped(sqliteValue: sqliteValue) else { return nil }
        self = .some(value)
    }
}
