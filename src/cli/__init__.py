"""The `postmortem` command. Commands that only read or export never import Textual.

Each module of this package adds its commands to the parser (register); this one runs them, and
answers for all of them what every Unix command does alike: a closed pipe ends it quietly, bad
input is one line on stderr and exit 2, ctrl+c is exit 130."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from postmortem.cli.base import EXIT_BAD_INPUT, EXIT_CLOSED_PIPE, VersionAction
from postmortem.document.errors import DocumentError, SaveError

# The modules of this package that add commands, in the order help lists them, and the
# commands each adds (tests/test_cli_conventions.py checks them against the parser): a command
# that opens the app builds only its own module's part of the parser, as the whole parser (16
# commands) costs the first frame about 8 ms.
COMMANDS = {
    "editing": ("open", "new", "demo"),
    "log": ("log",),
    "documents": ("import", "export", "fmt"),
    "review": ("check", "diff"),
    "shelf": ("shelf", "list", "search", "actions"),
    "settings": ("config",),
    "completion": ("completion",),
    "serve": ("serve",),
}
COMMAND_NAMES = frozenset(name for names in COMMANDS.values() for name in names)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    completing = "_ARGCOMPLETE" in os.environ  # a shell asks for completions
    if args and args[0] not in COMMAND_NAMES and not args[0].startswith("-"):
        args.insert(0, "shelf" if os.path.isdir(args[0]) else "open")
    if not args and not completing and _in_a_folder_of_postmortems():
        args = ["shelf"]
    opens_the_app = bool(args) and args[0] in COMMANDS["editing"] and not completing
    parser, _ = _parser(("editing",) if opens_the_app else tuple(COMMANDS))
    if completing:  # (see cli/completion.py)
        from postmortem.cli import completion

        completion.complete(parser)
    if not args:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        options = parser.parse_args(args)
        result: int = options.handler(options)
        sys.stdout.flush()  # a closed pipe shows here at the latest, not at interpreter exit
        return result
    except DocumentError as error:
        print(error, file=sys.stderr)  # FILE:LINE: field: what, as compilers say it
        return EXIT_BAD_INPUT
    except SaveError as error:
        print(f"postmortem: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return _closed_pipe()
    except KeyboardInterrupt:
        return 130


def _in_a_folder_of_postmortems() -> bool:
    """`postmortem` alone, in a terminal, in a folder that holds post-mortems: the shelf."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    from pathlib import Path

    from postmortem.shelf.scan import holds_postmortems

    return holds_postmortems(Path("."))


def _closed_pipe() -> int:
    """The reader of our output went away (`postmortem export FILE | head -1`): stop quietly.
    Standard output now points at /dev/null, so that the interpreter's last flush of what is
    still buffered cannot fail again and print a traceback (the Python documentation's recipe
    for SIGPIPE)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_CLOSED_PIPE


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"postmortem: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def command_modules(names: Sequence[str] = tuple(COMMANDS)) -> list[ModuleType]:
    return [importlib.import_module(f"postmortem.cli.{name}") for name in names]


def _parser(modules: Sequence[str] = tuple(COMMANDS)) -> tuple[argparse.ArgumentParser, set[str]]:
    """The parser (of the commands of the named modules: all by default), and the names of its
    commands."""
    parser = _Parser(
        prog="postmortem",
        description="Write an incident post-mortem to the organisation's standard.",
        epilog="postmortem FILE opens FILE in the app; a new FILE is written at the first "
               "save. postmortem DIR, or postmortem alone in a folder of post-mortems, opens "
               "the shelf. A FILE of - is standard input (and -o - standard output).",
    )
    parser.add_argument("--version", action=VersionAction, help="print the version and exit")
    commands = parser.add_subparsers(parser_class=_Parser, metavar="COMMAND")
    for module in command_modules(modules):
        module.register(commands.add_parser)
    return parser, set(commands.choices)
