/// Why ``Migrator/migrate(_:)`` refused or failed, told apart by ``kind``.
public struct MigrationError: Error, CustomStringConvertible {
    /// The category of a ``MigrationError``.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case failed, unknownMigrations
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A migration threw; it was rolled back and ``MigrationError/underlying`` says why.
        public static let failed = Kind(.failed)
        /// The database records migrations this program does not know: it was migrated by a
        /// newer version, and this one refuses to run on it.
        public static let unknownMigrations = Kind(.unknownMigrations)

        public var description: String { "\(base)" }
    }

    /// What went wrong.
    public let kind: Kind
    /// The migration that failed, or the unknown migrations recorded in the database.
    public let migrations: [String]
    /// The error a failed migration threw.
    public let underlying: (any Error)?

    /// An error with the given parts.
    public init(_ kind: Kind, migrations: [String], underlying: (any Error)? = nil) {
        self.kind = kind
        self.migrations = migrations
        self.underlying = underlying
    }

    public var description: String {
        let names = migrations.map { "\"\($0)\"" }.joined(separator: ", ")
        switch kind {
        case .failed: return "migration \(names) failed and was rolled back: \(underlying.map { "\($0)" } ?? "unknown error")"
        default: return "the database has migrations this program does not know (it was migrated by a newer version): \(names)"
        }
    }
}
