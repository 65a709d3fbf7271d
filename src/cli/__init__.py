"""The `postmortem` command. Commands that only read or export never import Textual.

Each module of this package adds its commands to the parser (register); this one runs them, and
answers for all of them what every Unix command does alike: a closed pipe ends it quietly, bad
input is one line on stderr and exit 2, ctrl+c is exit 130."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from postmortem.cli import completion, documents, editing, log, review, serve, settings, shelf
from postmortem.cli.base import EXIT_BAD_INPUT, EXIT_CLOSED_PIPE, VersionAction
from postmortem.document.errors import DocumentError, SaveError

COMMAND_MODULES = (editing, log, documents, review, shelf, settings, completion, serve)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser, names = _parser()
    if "_ARGCOMPLETE" in os.environ:  # a shell asks for completions (see cli/completion.py)
        completion.complete(parser)
    if args and args[0] not in names and not args[0].startswith("-"):
        args.insert(0, "shelf" if os.path.isdir(args[0]) else "open")
    if not args and _in_a_folder_of_postmortems():
        args = ["shelf"]
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


def _parser() -> tuple[argparse.ArgumentParser, set[str]]:
    """The parser, and the names of its commands."""
    parser = _Parser(
        prog="postmortem",
        description="Write an incident post-mortem to the organisation's standard.",
        epilog="postmortem FILE opens FILE in the app; a new FILE is written at the first "
               "save. postmortem DIR, or postmortem alone in a folder of post-mortems, opens "
               "the shelf. A FILE of - is standard input (and -o - standard output).",
    )
    parser.add_argument("--version", action=VersionAction, help="print the version and exit")
    commands = parser.add_subparsers(parser_class=_Parser, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands.add_parser)
    return parser, set(commands.choices)
