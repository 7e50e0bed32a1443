import FleetNode
import Testing

@Suite struct CommandLineSplitterTests {
    @Test func whitespaceSeparatesWords() throws {
        #expect(try CommandLineSplitter.arguments(of: "  apt-get install -y  curl\tjq\n", shell: false)
            == ["apt-get", "install", "-y", "curl", "jq"])
    }

    @Test func singleQuotesKeepEverythingLiterally() throws {
        #expect(try CommandLineSplitter.arguments(of: #"echo 'a  "b" $HOME \n' 'it''s'"#, shell: false)
            == ["echo", #"a  "b" $HOME \n"#, "its"])
    }

    @Test func doubleQuotesEscapeOnlyQuoteBackslashDollarAndBacktick() throws {
        #expect(try CommandLineSplitter.arguments(of: #"say "a \"b\" \\ \$x \` \n" end"#, shell: false)
            == ["say", #"a "b" \ $x ` \n"#, "end"])
    }

    @Test func backslashOutsideQuotesMakesTheNextCharacterOrdinary() throws {
        #expect(try CommandLineSplitter.arguments(of: #"a\ b c\'d \\ e\"f"#, shell: false) == ["a b", "c'd", #"\"#, #"e"f"#])
        #expect(try CommandLineSplitter.arguments(of: "one\\\ntwo", shell: false) == ["onetwo"])
    }

    @Test func quotedPartsJoinTheirWordAndEmptyQuotesMakeEmptyWords() throws {
        #expect(try CommandLineSplitter.arguments(of: #"pre'fix'"mid"\ post"#, shell: false) == ["prefixmid post"])
        #expect(try CommandLineSplitter.arguments(of: #"a '' "" b"#, shell: false) == ["a", "", "", "b"])
    }

    @Test func shellSyntaxStaysLiteral() throws {
        #expect(try CommandLineSplitter.arguments(of: "a|b ; c && d > out", shell: false)
            == ["a|b", ";", "c", "&&", "d", ">", "out"])
        #expect(try CommandLineSplitter.arguments(of: "ls $HOME ~ *.txt #x", shell: false)
            == ["ls", "$HOME", "~", "*.txt", "#x"])
    }

    @Test func shellModeHandsTheTextToSh() throws {
        #expect(try CommandLineSplitter.arguments(of: "echo 'a | b' > /dev/null", shell: true)
            == ["/bin/sh", "-c", "echo 'a | b' > /dev/null"])
    }

    @Test func unterminatedQuotesAndTrailingBackslashesAreRejected() {
        #expect(throws: CommandError.unparsable("unterminated single quote")) {
            try CommandLineSplitter.arguments(of: "echo 'open", shell: false)
        }
        #expect(throws: CommandError.unparsable("unterminated double quote")) {
            try CommandLineSplitter.arguments(of: #"echo "open"#, shell: false)
        }
        #expect(throws: CommandError.unparsable("unterminated double quote")) {
            try CommandLineSplitter.arguments(of: #"echo "open\"#, shell: false)
        }
        #expect(throws: CommandError.unparsable("trailing backslash")) {
            try CommandLineSplitter.arguments(of: #"echo \"#, shell: false)
        }
    }

    @Test func textWithoutWordsIsRejected() throws {
        for text in ["", " \t\n "] {
            #expect(throws: CommandError.unparsable("no program in \"\(text)\"")) {
                try CommandLineSplitter.arguments(of: text, shell: false)
            }
        }
        #expect(try CommandLineSplitter.arguments(of: "''", shell: false) == [""])
    }
}
