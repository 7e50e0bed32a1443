import FleetCLI
import Testing

/// Aligned columns: upper-case headers, two-space gaps, widths in characters with colour codes
/// not counted, no trailing spaces, cells cut with "…".
@Suite("TextTable")
struct TextTableTests {
    static let columns: [TextTable.Column] = [
        .init(header: "node"), .init(header: "state"), .init(header: "progress", alignment: .right),
    ]

    @Test func alignsColumnsByTheWidestCell() {
        var table = TextTable(columns: Self.columns)
        table.append(["node-01", "succeeded", "100%"])
        table.append(["n2", "downloading", "45%"])
        #expect(table.render(style: .plain) == """
            NODE     STATE        PROGRESS
            node-01  succeeded        100%
            n2       downloading       45%

            """)
    }

    @Test func emptyTableIsTheHeaderLine() {
        #expect(TextTable(columns: Self.columns).render(style: .plain) == "NODE  STATE  PROGRESS\n")
    }

    @Test func initialRowsAreLikeAppendedOnes() {
        var appended = TextTable(columns: Self.columns)
        appended.append(["a", "b", "c"])
        #expect(TextTable(columns: Self.columns, rows: [["a", "b", "c"]]) == appended)
        #expect(appended.rows == [["a", "b", "c"]])
    }

    @Test func missingCellsAreEmptyAndExtraCellsDropped() {
        var table = TextTable(columns: Self.columns)
        table.append(["node-01"])
        table.append(["n2", "failed", "10%", "surplus"])
        #expect(table.rows == [["node-01", "", ""], ["n2", "failed", "10%"]])
        #expect(table.render(style: .plain) == """
            NODE     STATE   PROGRESS
            node-01
            n2       failed       10%

            """)
    }

    @Test func noLineEndsInSpaces() {
        var table = TextTable(columns: [.init(header: "name"), .init(header: "note")])
        table.append(["a-rather-long-name", "x"])
        table.append(["b", ""])
        table.append(["c", "ends in space "])
        let rendered = table.render(style: .plain)
        #expect(rendered == """
            NAME                NOTE
            a-rather-long-name  x
            b
            c                   ends in space

            """)
        for line in rendered.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.last != " ")
        }
        #expect(rendered.hasSuffix("\n"))
    }

    @Test func widthsCountCharactersNotBytesOrScalars() {
        var table = TextTable(columns: [.init(header: "name"), .init(header: "size", alignment: .right)])
        table.append(["Zürich", "1"])  // precomposed ü: one scalar, two UTF-8 bytes
        table.append(["Zu\u{308}rich", "22"])  // u + combining diaeresis: two scalars, one character
        table.append(["🇨🇭 flag", "333"])  // a flag: two scalars, one character
        table.append(["温度", "4"])
        #expect(table.render(style: .plain) == """
            NAME    SIZE
            Zürich     1
            Zu\u{308}rich    22
            🇨🇭 flag   333
            温度         4

            """)
    }

    @Test func colourCodesInCellsDoNotCountAndHeaderIsBold() {
        let style = TerminalStyle(color: true, isTerminal: true)
        var table = TextTable(columns: Self.columns)
        table.append(["node-01", style.stateColored("succeeded"), "100%"])
        table.append(["n2", style.stateColored("downloading"), "45%"])
        let green = "\u{1B}[32m", yellow = "\u{1B}[33m", bold = "\u{1B}[1m", reset = "\u{1B}[0m"
        #expect(table.render(style: style) == """
            \(bold)NODE     STATE        PROGRESS\(reset)
            node-01  \(green)succeeded\(reset)        100%
            n2       \(yellow)downloading\(reset)       45%

            """)
    }

    @Test func withoutColourThereAreNoEscapeBytes() {
        let style = TerminalStyle(color: false, isTerminal: true)
        var table = TextTable(columns: Self.columns)
        table.append(["node-01", style.stateColored("failed"), style.red("0%")])
        let rendered = table.render(style: style)
        #expect(!rendered.utf8.contains(0x1B))
        #expect(rendered == """
            NODE     STATE   PROGRESS
            node-01  failed        0%

            """)
    }

    @Test func cellsLongerThanMaxWidthAreCut() {
        var table = TextTable(columns: [
            .init(header: "id", maxWidth: 6), .init(header: "error", maxWidth: 10),
            .init(header: "n", alignment: .right, maxWidth: 1),
        ])
        table.append(["abcdef", "sha256 mismatch", "12"])
        table.append(["abcdefgh", "timeout", "3"])
        #expect(table.render(style: .plain) == """
            ID      ERROR       N
            abcdef  sha256 mi…  …
            abcde…  timeout     3

            """)
    }

    @Test func headerIsNeverCut() {
        var table = TextTable(columns: [.init(header: "version", maxWidth: 3), .init(header: "x")])
        table.append(["1.2.3", "y"])
        #expect(table.render(style: .plain) == """
            VERSION  X
            1.…      y

            """)
    }

    @Test func cuttingAColouredCellKeepsItsReset() {
        let style = TerminalStyle(color: true, isTerminal: true)
        var table = TextTable(columns: [.init(header: "state", maxWidth: 5), .init(header: "node")])
        table.append([style.stateColored("downloading"), "n1"])
        #expect(table.render(style: .plain) == """
            STATE  NODE
            \u{1B}[33mdown…\u{1B}[0m  n1

            """)
    }
}
