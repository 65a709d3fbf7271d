"""Shell completion for bash, zsh and fish, generated from the parser by argcomplete.

`postmortem completion SHELL` prints the script to install (README: "Shell completion"). The
shell then runs `postmortem` itself with _ARGCOMPLETE set to ask for completions; only then is
argcomplete imported, so that no other start pays for it.
"""

from __future__ import annotations

import argparse

from postmortem.cli.base import EXIT_OK, AddCommand, write_stdout

SHELLS = ("bash", "zsh", "fish")
INSTALL = {
    "bash": 'add to ~/.bashrc:  eval "$(postmortem completion bash)"',
    "zsh": 'add to ~/.zshrc, after compinit:  eval "$(postmortem completion zsh)"',
    "fish": "run once:  postmortem completion fish > ~/.config/fish/completions/postmortem.fish",
}


def register(add: AddCommand) -> None:
    epilog = "Install:\n" + "\n".join(f"  {shell}: {how}" for shell, how in INSTALL.items())
    completion = add("completion", help="print the shell completion script for bash, zsh or fish",
                     epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL",
                            help=f"the shell to complete in: {', '.join(SHELLS)}")
    completion.set_defaults(handler=_completion)


def _completion(options: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    write_stdout(shellcode(["postmortem"], shell=options.shell))
    return EXIT_OK


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's request for completions and end the process (argcomplete's way)."""
    import argcomplete

    argcomplete.autocomplete(parser)
