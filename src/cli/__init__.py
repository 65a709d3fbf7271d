"""The `postmortem` command. Commands that only read or export never import Textual.

Each module of this package adds its commands to the parser (register); this one runs them."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from postmortem.cli import documents, editing, review, shelf
from postmortem.cli.base import EXIT_BAD_INPUT, EXIT_CLOSED_PIPE
from postmortem.document.errors import DocumentError, SaveError

COMMAND_MODULES = (editing, documents, review, shelf)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser, names = _parser()
    if args and args[0] not in names and not args[0].startswith("-"):
        args.insert(0, "shelf" if os.path.isdir(args[0]) else "open")
    if not args and _in_a_folder_of_postmortems():
        args = ["shelf"]
    if not args:
        parser.print_help()
        return EXIT_BAD_INPUT
    options = parser.parse_args(args)
    try:
        result: int = options.handler(options)
        return result
    except DocumentError as error:
        print(error, file=sys.stderr)  # FILE:LINE: field: what, as compilers say it
        return EXIT_BAD_INPUT
    except SaveError as error:
        print(f"postmortem: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_CLOSED_PIPE


def _quiet_stdout() -> None:
    """The reader of standard output has gone (`postmortem check … | head`): say nothing more,
    not even as Python flushes standard output on the way out."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _in_a_folder_of_postmortems() -> bool:
    """`postmortem` alone, in a terminal, in a folder that holds post-mortems: the shelf."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    from pathlib import Path

    from postmortem.shelf.scan import holds_postmortems

    return holds_postmortems(Path("."))


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
        epilog="postmortem FILE opens FILE in the app (creating it if it does not exist); "
               "postmortem DIR, or postmortem alone in a folder of post-mortems, opens the "
               "shelf.",
    )
    commands = parser.add_subparsers(parser_class=_Parser, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands.add_parser)
    return parser, set(commands.choices)
