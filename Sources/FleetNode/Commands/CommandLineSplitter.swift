/// Turns configured command text (`post_install`, `health_check`) into an argument vector.
///
/// Without a shell the text is split the way a POSIX shell splits words, but nothing is expanded:
/// - spaces, tabs and newlines separate words;
/// - `'…'` quotes everything up to the next `'` literally;
/// - `"…"` quotes too, where a backslash escapes only `"`, `\`, `$` and `` ` `` (and joins lines before a
///   newline); any other backslash stays as it is;
/// - outside quotes a backslash makes the next character ordinary (before a newline it joins lines);
/// - `''` and `""` give an empty word.
///
/// `$VAR`, `~`, globs and `#` are kept literally, and shell operators such as `|`, `;`, `&&`, `>` and `<` are
/// **not** interpreted: they are plain words (`a|b` is one word, `a | b` three). Text that needs them must be
/// run with `shell: true`.
public enum CommandLineSplitter {
    /// The argument vector for `text`: `["/bin/sh", "-c", text]` when `shell` is true, otherwise its words.
    ///
    /// - Throws: ``CommandError/unparsable(_:)`` for an unterminated quote, a trailing backslash or text
    ///   without any word (only when `shell` is false).
    public static func arguments(of text: String, shell: Bool) throws(CommandError) -> [String] {
        if shell { return ["/bin/sh", "-c", text] }
        let words = try split(text)
        guard !words.isEmpty else { throw .unparsable("no program in \"\(text)\"") }
        return words
    }

    /// Where the splitter is within the text.
    private enum Context {
        case unquoted, singleQuoted, doubleQuoted
    }

    /// The words of `text`, following the rules described on the type.
    private static func split(_ text: String) throws(CommandError) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        // Distinguishes an empty quoted word (`''`) from no word at all.
        var inWord = false
        var context = Context.unquoted
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch context {
            case .unquoted:
                switch scalar {
                case " ", "\t", "\n":
                    if inWord { words.append(String(word)) }
                    word.removeAll()
                    inWord = false
                case "'":
                    context = .singleQuoted
                    inWord = true
                case "\"":
                    context = .doubleQuoted
                    inWord = true
                case "\\":
                    guard let next = scalars.next() else { throw .unparsable("trailing backslash") }
                    if next != "\n" {
                        word.append(next)
                        inWord = true
                    }
                default:
                    word.append(scalar)
                    inWord = true
                }
            case .singleQuoted:
                if scalar == "'" { context = .unquoted } else { word.append(scalar) }
            case .doubleQuoted:
                switch scalar {
                case "\"":
                    context = .unquoted
                case "\\":
                    guard let next = scalars.next() else { throw .unparsable("unterminated double quote") }
                    switch next {
                    case "\"", "\\", "$", "`": word.append(next)
                    case "\n": break
                    default: word.append(contentsOf: ["\\", next])
                    }
                default:
                    word.append(scalar)
                }
            }
        }
        switch context {
        case .unquoted: break
        case .singleQuoted: throw .unparsable("unterminated single quote")
        case .doubleQuoted: throw .unparsable("unterminated double quote")
        }
        if inWord { words.append(String(word)) }
        return words
    }
}
