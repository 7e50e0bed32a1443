/// A table of text in aligned columns, as `fleetctl` lists nodes, jobs and packages:
///
/// ```
/// NODE     STATE        PROGRESS
/// node-01  succeeded        100%
/// node-02  downloading       45%
/// ```
///
/// Headers are upper-cased; columns are two spaces apart and as wide as their widest cell,
/// counted in characters (grapheme clusters) with ANSI escape sequences (colour) not counted;
/// no line ends in spaces, and every line ends with a newline.
public struct TextTable: Sendable, Equatable {
    /// One column: its header, how its cells line up, and optionally how wide it may grow.
    public struct Column: Sendable, Equatable {
        /// Which side of the column the cells keep to.
        public enum Alignment: Sendable, Equatable {
            /// Padded on the right: names, states.
            case left
            /// Padded on the left: numbers, percentages, sizes.
            case right
        }

        /// The header, printed upper-cased.
        public var header: String
        /// Which side of the column the cells keep to.
        public var alignment: Alignment
        /// The most characters a cell may show; a longer cell is cut and ends in `…`. Nil
        /// leaves cells whole. The header is never cut, so it may make the column wider.
        /// Values below 1 count as 1.
        public var maxWidth: Int?

        /// A column headed `header`.
        public init(header: String, alignment: Alignment = .left, maxWidth: Int? = nil) {
            self.header = header
            self.alignment = alignment
            self.maxWidth = maxWidth
        }
    }

    /// The columns, left to right.
    public let columns: [Column]
    /// The rows so far, each a cell per column.
    public private(set) var rows: [[String]]

    /// A table with `columns` and, optionally, its first `rows`.
    public init(columns: [Column], rows: [[String]] = []) {
        self.columns = columns
        self.rows = []
        for row in rows { append(row) }
    }

    /// Adds a row below the others: one cell per column, left to right. Missing cells at the end
    /// are empty; cells beyond the last column are dropped.
    public mutating func append(_ row: [String]) {
        var cells = Array(row.prefix(columns.count))
        cells += Array(repeating: "", count: columns.count - cells.count)
        rows.append(cells)
    }

    /// The table as text: the header line (bold when `style` has colour), then a line per row.
    /// A table without rows is just its header line.
    public func render(style: TerminalStyle) -> String {
        let cells = rows.map { row in
            zip(row, columns).map { cell, column in column.maxWidth.map { cell.cut(toWidth: $0) } ?? cell }
        }
        let headers = columns.map { $0.header.uppercased() }
        let widths = columns.indices.map { index in
            cells.reduce(headers[index].visibleWidth) { max($0, $1[index].visibleWidth) }
        }
        var text = style.bold(line(headers, widths: widths)) + "\n"
        for row in cells {
            text += line(row, widths: widths) + "\n"
        }
        return text
    }

    /// One line of `cells` padded to `widths`, two spaces apart, without trailing spaces.
    private func line(_ cells: [String], widths: [Int]) -> String {
        let padded = columns.indices.map { index in
            let padding = String(repeating: " ", count: widths[index] - cells[index].visibleWidth)
            return columns[index].alignment == .left ? cells[index] + padding : padding + cells[index]
        }
        var line = padded.joined(separator: "  ")
        while line.last == " " { line.removeLast() }
        return line
    }
}

extension String {
    /// How many columns the text takes on a terminal, counted as characters (grapheme clusters)
    /// with ANSI CSI escape sequences (`ESC [ … final`, colour and bold) left out.
    fileprivate var visibleWidth: Int {
        ansiSegments.reduce(0) { $0 + ($1.isEscape ? 0 : $1.text.count) }
    }

    /// The text cut to at most `width` visible characters, the last of them `…` when anything
    /// was cut. Escape sequences are all kept, so a colour still gets its reset.
    fileprivate func cut(toWidth width: Int) -> String {
        let limit = max(width, 1)
        guard visibleWidth > limit else { return self }
        var result = "", shown = 0
        for segment in ansiSegments {
            if segment.isEscape {
                result += segment.text
                continue
            }
            for character in segment.text {
                if shown < limit - 1 {
                    result.append(character)
                } else if shown == limit - 1 {
                    result += "…"
                }
                shown += 1
            }
        }
        return result
    }

    /// The text split into runs of visible characters and single ANSI CSI escape sequences.
    private var ansiSegments: [(text: String, isEscape: Bool)] {
        let scalars = Array(unicodeScalars)
        var segments: [(text: String, isEscape: Bool)] = []
        var visible = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if let end = Self.csiEnd(in: scalars, from: index) {
                if !visible.isEmpty { segments.append((String(visible), false)) }
                visible = String.UnicodeScalarView()
                segments.append((String(String.UnicodeScalarView(scalars[index..<end])), true))
                index = end
            } else {
                visible.append(scalars[index])
                index += 1
            }
        }
        if !visible.isEmpty { segments.append((String(visible), false)) }
        return segments
    }

    /// Where the CSI escape sequence starting at `start` of `scalars` ends (just past its final
    /// byte), or nil when no complete one starts there: ESC, `[`, parameter and intermediate
    /// bytes (0x20–0x3F), then a final byte (0x40–0x7E).
    private static func csiEnd(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard scalars[start] == "\u{1B}", start + 1 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var index = start + 2
        while index < scalars.count {
            let value = scalars[index].value
            index += 1
            if (0x40...0x7E).contains(value) { return index }
            if !(0x20...0x3F).contains(value) { return nil }
        }
        return nil
    }
}
