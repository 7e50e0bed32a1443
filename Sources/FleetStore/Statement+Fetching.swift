extension Statement {
    /// Runs the statement with `arguments` to its end, ignoring any rows.
    public func execute(_ arguments: [SQLiteValue] = []) throws(SQLiteError) {
        try startRun(arguments)
        defer { finishRun() }
        while try step() != nil {}
    }

    /// Runs the statement with `arguments` and transforms every row, in order.
    public func fetchAll<Element>(_ arguments: [SQLiteValue] = [], _ transform: (Row) throws -> Element) throws -> [Element] {
        try startRun(arguments)
        defer { finishRun() }
        var elements: [Element] = []
        while let row = try step() {
            elements.append(try transform(row))
        }
        return elements
    }

    /// Runs the statement with `arguments` and transforms its first row; nil when there is none.
    public func fetchOne<Element>(_ arguments: [SQLiteValue] = [], _ transform: (Row) throws -> Element) throws -> Element? {
        try startRun(arguments)
        defer { finishRun() }
        return try step().map(transform)
    }
}
