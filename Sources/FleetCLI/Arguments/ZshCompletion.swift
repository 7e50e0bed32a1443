/// The zsh completion script (`#compdef fleetctl`): load it with `source`, or save it as
/// `_fleetctl` in a directory of `$fpath`.
enum ZshCompletion {
    /// The script for the commands of `table` and the `globals`.
    static func script(_ table: CommandTable, globals: [OptionSpec]) -> String {
        let help = [OptionSpec.flag("help", short: "h", help: "show help")].filter { option in
            !globals.contains { $0.name == option.name }
        }
        let subcommands = table.paths.compactMap { path -> String? in
            let words = table.nextWords(after: path)
            guard !words.isEmpty else { return nil }
            return arm(path, words.map { word in
                let described = table.command(path + [word])?.summary
                    ?? table.nextWords(after: path + [word]).joined(separator: ", ")
                return "\(word):\(described)"
            })
        }
        let commands = table.commands
        let options = commands.filter { !$0.options.isEmpty }.map { arm($0.path, described($0.options)) }
        let (valueOptions, fileOptions, choices) = Completion.optionArms(of: commands, arm: arm)
        return #"""
            #compdef fleetctl
            # zsh completion for fleetctl, made by 'fleetctl completion zsh'.
            # Load it with: source <(fleetctl completion zsh) (after compinit), or save it as _fleetctl
            # in a directory of $fpath.

            # Sets reply to the command words that may follow the command words $1, as word:description.
            _fleetctl_subcommands() {
                reply=()
                case $1 in
            \#(Completion.caseArms(subcommands))
                esac
            }

            # Sets reply to the options valid after the command words $1, as option:description: the
            # command's, then the global ones.
            _fleetctl_options() {
                reply=()
                case $1 in
            \#(Completion.caseArms(options))
                esac\#(afterwards(described(globals + help)))
            }

            # Sets reply to the options after the command words $1 that take a value.
            _fleetctl_value_options() {
                reply=()
                case $1 in
            \#(Completion.caseArms(valueOptions))
                esac\#(afterwards(Completion.spellings(globals.filter(\.takesValue))))
            }

            # Sets reply to the options after the command words $1 whose value is a file name.
            _fleetctl_file_options() {
                reply=()
                case $1 in
            \#(Completion.caseArms(fileOptions))
                esac\#(afterwards(Completion.spellings(globals.filter { Completion.isFile($0.valueName) })))
            }

            # Sets reply to the values the first argument of the command $1 may take.
            _fleetctl_choices() {
                reply=()
                case $1 in
            \#(Completion.caseArms(choices))
                esac
            }

            # Succeeds when argument $2 (from 0) of the command $1 is a file name.
            _fleetctl_file_argument() {
                case $1:$2 in
            \#(Completion.caseArms(Completion.fileArgumentArms(commands)))
                esac
                return 1
            }

            # Completes the word under the cursor from the command words, options and arguments before it.
            _fleetctl() {
                local cmdpath='' word option
                local -i i positionals=0 expecting=0
                local -a reply names candidates
                for (( i = 2; i < CURRENT; i++ )); do
                    word=${words[i]}
                    if (( expecting )); then
                        expecting=0
                        continue
                    fi
                    case $word in
                        (--*=*) ;;
                        (-?*)
                            _fleetctl_value_options "$cmdpath"
                            (( ${reply[(Ie)$word]} )) && expecting=1
                            ;;
                        (*)
                            _fleetctl_subcommands "$cmdpath"
                            names=(${reply%%:*})
                            if (( positionals == 0 && ${names[(Ie)$word]} )); then
                                cmdpath=${cmdpath:+$cmdpath }$word
                            else
                                (( positionals += 1 ))
                            fi
                            ;;
                    esac
                done
                if (( expecting )); then
                    # The cursor is on an option's value.
                    _fleetctl_file_options "$cmdpath"
                    (( ${reply[(Ie)${words[CURRENT-1]}]} )) && _files
                    return
                fi
                if [[ $PREFIX == --*=* ]]; then
                    # The cursor is on the value of --option=value.
                    option=${PREFIX%%=*}
                    _fleetctl_file_options "$cmdpath"
                    compset -P '*='
                    (( ${reply[(Ie)$option]} )) && _files
                    return
                fi
                if [[ $PREFIX == -* ]]; then
                    _fleetctl_options "$cmdpath"
                    candidates=("${reply[@]}")
                    _describe -t options option candidates
                    return
                fi
                if (( positionals == 0 )); then
                    _fleetctl_subcommands "$cmdpath"
                    candidates=("${reply[@]}")
                    _fleetctl_choices "$cmdpath"
                    candidates+=("${reply[@]}")
                    if (( ${#candidates} )); then
                        _describe -t commands command candidates
                        return
                    fi
                fi
                _fleetctl_file_argument "$cmdpath" $positionals && _files
            }

            if [[ $funcstack[1] == _fleetctl ]]; then
                _fleetctl "$@"
            else
                compdef _fleetctl fleetctl
            fi

            """#
    }

    /// `options` as `--name:help` and `-n:help`, for `_describe`.
    private static func described(_ options: [OptionSpec]) -> [String] {
        options.flatMap { option in
            Completion.spellings([option]).map { "\($0):\(option.help)" }
        }
    }

    /// A `case` arm adding `words` to `reply` for the command words `path`.
    private static func arm(_ path: [String], _ words: [String]) -> String {
        "        \(Completion.quote(path.joined(separator: " ")))) reply=(\(self.words(words))) ;;"
    }

    /// `words` quoted for the shell, separated by spaces.
    private static func words(_ words: [String]) -> String {
        words.map(Completion.quote).joined(separator: " ")
    }

    /// A line adding the (global) `words` to `reply` after a `case`, or nothing when there are none.
    private static func afterwards(_ words: [String]) -> String {
        words.isEmpty ? "" : "\n    reply+=(\(self.words(words)))"
    }
}
