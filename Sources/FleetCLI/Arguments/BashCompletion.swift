/// The bash completion script (`complete -F _fleetctl fleetctl`).
enum BashCompletion {
    /// The script for the commands of `table` and the `globals`.
    static func script(_ table: CommandTable, globals: [OptionSpec]) -> String {
        let helpSpellings = ["--help", "-h"].filter { !Completion.spellings(globals).contains($0) }
        let subcommands = table.paths.compactMap { path -> String? in
            let words = table.nextWords(after: path)
            return words.isEmpty ? nil : arm(path, words)
        }
        let commands = table.commands
        let options = commands.filter { !$0.options.isEmpty }.map {
            arm($0.path, Completion.spellings($0.options))
        }
        let (valueOptions, fileOptions, choices) = Completion.optionArms(of: commands, arm: arm)
        return #"""
            # bash completion for fleetctl, made by 'fleetctl completion bash'.
            # Load it with: source <(fleetctl completion bash)

            # Prints the command words that may follow the command words $1, one a line.
            _fleetctl_subcommands() {
                case "$1" in
            \#(Completion.caseArms(subcommands))
                esac
            }

            # Prints the options valid after the command words $1: the command's, then the global ones.
            _fleetctl_options() {
                case "$1" in
            \#(Completion.caseArms(options))
                esac\#(afterwards(Completion.spellings(globals) + helpSpellings))
            }

            # Prints the options after the command words $1 that take a value.
            _fleetctl_value_options() {
                case "$1" in
            \#(Completion.caseArms(valueOptions))
                esac\#(afterwards(Completion.spellings(globals.filter(\.takesValue))))
            }

            # Prints the options after the command words $1 whose value is a file name.
            _fleetctl_file_options() {
                case "$1" in
            \#(Completion.caseArms(fileOptions))
                esac\#(afterwards(Completion.spellings(globals.filter { Completion.isFile($0.valueName) })))
            }

            # Prints the values the first argument of the command $1 may take.
            _fleetctl_choices() {
                case "$1" in
            \#(Completion.caseArms(choices))
                esac
            }

            # Succeeds when argument $2 (from 0) of the command $1 is a file name.
            _fleetctl_file_argument() {
                case "$1:$2" in
            \#(Completion.caseArms(Completion.fileArgumentArms(commands)))
                esac
                return 1
            }

            # Succeeds when $1 is one of the lines the command in the other arguments prints.
            _fleetctl_among() {
                local word="$1" line
                shift
                while IFS= read -r line; do
                    [[ $line == "$word" ]] && return 0
                done < <("$@")
                return 1
            }

            # Completes the word under the cursor from the command words, options and arguments before it.
            _fleetctl() {
                local cur="${COMP_WORDS[COMP_CWORD]}" cmdpath="" word option
                local -i i positionals=0 expecting=0
                COMPREPLY=()
                for (( i = 1; i < COMP_CWORD; i++ )); do
                    word="${COMP_WORDS[i]}"
                    if (( expecting )); then
                        # bash splits --option=value into --option, = and value.
                        [[ $word == "=" ]] || expecting=0
                        continue
                    fi
                    case "$word" in
                        --*=*) ;;
                        -?*)
                            if _fleetctl_among "$word" _fleetctl_value_options "$cmdpath"; then
                                expecting=1
                            fi
                            ;;
                        *)
                            if (( positionals == 0 )) && _fleetctl_among "$word" _fleetctl_subcommands "$cmdpath"; then
                                cmdpath="${cmdpath:+$cmdpath }$word"
                            else
                                (( positionals += 1 ))
                            fi
                            ;;
                    esac
                done
                if (( expecting )); then
                    # The cursor is on an option's value.
                    option="${COMP_WORDS[COMP_CWORD-1]}"
                    if [[ $cur == "=" ]]; then
                        cur=""
                    elif [[ $option == "=" ]]; then
                        option="${COMP_WORDS[COMP_CWORD-2]}"
                    fi
                    if _fleetctl_among "$option" _fleetctl_file_options "$cmdpath"; then
                        compopt -o filenames 2>/dev/null
                        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                    fi
                    return 0
                fi
                if [[ $cur == -* ]]; then
                    mapfile -t COMPREPLY < <(compgen -W "$(_fleetctl_options "$cmdpath")" -- "$cur")
                elif (( positionals == 0 )) && [[ -n "$(_fleetctl_subcommands "$cmdpath")$(_fleetctl_choices "$cmdpath")" ]]; then
                    mapfile -t COMPREPLY < <(compgen -W "$(_fleetctl_subcommands "$cmdpath") $(_fleetctl_choices "$cmdpath")" -- "$cur")
                elif _fleetctl_file_argument "$cmdpath" "$positionals"; then
                    compopt -o filenames 2>/dev/null
                    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                fi
                return 0
            }

            complete -F _fleetctl fleetctl

            """#
    }

    /// A `case` arm printing `words` for the command words `path`.
    private static func arm(_ path: [String], _ words: [String]) -> String {
        "        \(Completion.quote(path.joined(separator: " ")))) \(printing(words)) ;;"
    }

    /// A command printing `words` one a line.
    private static func printing(_ words: [String]) -> String {
        "printf '%s\\n' " + words.map(Completion.quote).joined(separator: " ")
    }

    /// A line printing the (global) `words` after a `case`, or nothing when there are none.
    private static func afterwards(_ words: [String]) -> String {
        words.isEmpty ? "" : "\n    " + printing(words)
    }
}
