package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// The bash and zsh scripts ask lockbox itself for candidates
// (--generate-bash-completion), so they follow the command definitions.
const bashCompletion = `# lockbox completion for bash: source <(lockbox completion bash)
_lockbox_complete() {
	local cur words
	cur="${COMP_WORDS[COMP_CWORD]}"
	if [[ "$cur" == -* ]]; then
		words=$("${COMP_WORDS[@]:0:$COMP_CWORD}" "$cur" --generate-bash-completion 2>/dev/null)
	else
		words=$("${COMP_WORDS[@]:0:$COMP_CWORD}" --generate-bash-completion 2>/dev/null)
	fi
	if [[ $COMP_CWORD -gt 1 && "$cur" != -* ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	else
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
	fi
}
complete -o default -o filenames -F _lockbox_complete lockbox
`

const zshCompletion = `#compdef lockbox
# lockbox completion for zsh: source <(lockbox completion zsh)
_lockbox() {
	local -a opts
	local cur=${words[-1]}
	if [[ "$cur" == -* ]]; then
		opts=("${(@f)$(${words[@]:0:#words[@]-1} "$cur" --generate-bash-completion 2>/dev/null)}")
	else
		opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion 2>/dev/null)}")
	fi
	if [[ ${#words[@]} -gt 2 && "$cur" != -* ]]; then
		_files
	else
		compadd -- $opts
	fi
}
compdef _lockbox lockbox
`

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script",
		ArgsUsage: "bash|zsh|fish",
		Description: `EXAMPLES:
   source <(lockbox completion bash)      (add it to ~/.bashrc)
   source <(lockbox completion zsh)       (add it to ~/.zshrc)
   lockbox completion fish > ~/.config/fish/completions/lockbox.fish`,
		Action: func(c *cli.Context) error {
			if c.Args().Len() != 1 {
				return usageErrorf("completion needs one shell: bash, zsh or fish").hint("lockbox completion bash")
			}
			switch sh := c.Args().First(); sh {
			case "bash":
				fmt.Fprint(c.App.Writer, bashCompletion)
			case "zsh":
				fmt.Fprint(c.App.Writer, zshCompletion)
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return failf("generating the fish completion: %v", err)
				}
				fmt.Fprint(c.App.Writer, s)
			default:
				return usageErrorf("unknown shell %q", sh).hint("choose bash, zsh or fish")
			}
			return nil
		},
	}
}

// manCommand prints the man page, made from the same command definitions
// ("make man").
func manCommand() *cli.Command {
	return &cli.Command{
		Name:   "man",
		Hidden: true,
		Usage:  "print the man page (roff)",
		Action: func(c *cli.Context) error {
			s, err := c.App.ToManWithSection(1) // a user command
			if err != nil {
				return failf("generating the man page: %v", err)
			}
			fmt.Fprint(c.App.Writer, s)
			return nil
		},
	}
}
