"""Reviewing from the command line: `check` (what a reviewer would flag; a CI gate) and `diff`
(what changed between two versions, by section and field, for a pull request)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from postmortem.cli.base import (
    EXIT_BAD_INPUT,
    EXIT_DIFFERENT,
    EXIT_OK,
    STDIN_NAME,
    STDIO,
    AddCommand,
)
from postmortem.document.errors import DocumentError

if TYPE_CHECKING:
    from postmortem.cli.check_output import CheckedFile


FORMATS = ("text", "json", "github")  # as cli/check_output.py writes them


def register(add: AddCommand) -> None:
    check = add("check", help="list what a reviewer would flag; exit 1 on an error",
                description="Review post-mortems (TOML or Markdown; - reads standard input). "
                            "Exit 0: no error; 1: an error (with --strict, any finding); "
                            "2: a file could not be read.")
    check.add_argument("files", nargs="*", metavar="FILE",
                       help="post-mortems to review (TOML or Markdown), or - for standard input")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="text (FILE:LINE: severity rule: message), json, or github "
                            "(workflow annotations)")
    check.add_argument("--strict", action="store_true", help="exit 1 on any finding")
    check.add_argument("--rule", action="append", default=[], metavar="RULE",
                       help="only this rule (repeat it, or separate rules with commas)")
    check.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    check.set_defaults(handler=_check)

    diff = add("diff", help="what changed between two versions, by section and field",
               description="Compare two post-mortems (TOML or Markdown); one may be - "
                           "(e.g. git show REV:FILE | postmortem diff - FILE). Exit 0: the "
                           "same; 1: they differ; 2: a file could not be read.")
    diff.add_argument("old", metavar="OLD", help="the earlier version (TOML or Markdown, or -)")
    diff.add_argument("new", metavar="NEW", help="the later version (TOML or Markdown, or -)")
    diff.set_defaults(handler=_diff)


# --- check -------------------------------------------------------------------------------------

def _check(options: argparse.Namespace) -> int:
    from postmortem.cli.check_output import render, summary
    from postmortem.document.review import RULE_BY_ID

    if options.list_rules:
        return _list_rules()
    wanted = _rule_ids(options.rule, set(RULE_BY_ID))
    if not options.files:
        raise DocumentError(None, "check: name at least one FILE (or - for standard input)")
    if options.files.count("-") > 1:
        raise DocumentError(None, "check: standard input (-) can be read only once")
    files = [_check_one(name, wanted) for name in options.files]
    sys.stdout.write(render(files, options.format))
    sys.stdout.flush()
    for file in files:
        if file.unreadable:
            print(file.unreadable, file=sys.stderr)
    if not all(file.unreadable for file in files):
        print(summary(files), file=sys.stderr)
    return _exit_code(files, options.strict)


def _rule_ids(given: list[str], known: set[str]) -> set[str] | None:
    wanted = {rule.strip() for value in given for rule in value.split(",") if rule.strip()}
    unknown = sorted(wanted - known)
    if unknown:
        raise DocumentError(None, f"--rule: no rule {', '.join(unknown)} (postmortem check "
                                  "--list-rules lists them)")
    return wanted or None


def _check_one(name: str, wanted: set[str] | None) -> CheckedFile:
    from postmortem.cli.check_output import CheckedFile, named
    from postmortem.document import clock
    from postmortem.document.review import review
    from postmortem.markdown.review_input import read_input

    shown = STDIN_NAME if name == STDIO else name  # how errors name standard input
    try:
        source = read_input(name)
    except DocumentError as error:
        return CheckedFile(shown, unreadable=str(error))
    result = review(source.document, clock.today(), only=wanted, facts=source.facts)
    lines = [source.line_of(finding.field) for finding in result.findings]
    findings = sorted(named(result.findings, lines, source.document), key=lambda f: f[0])
    return CheckedFile(shown, findings, result.suggested)


def _exit_code(files: list[CheckedFile], strict: bool) -> int:
    from postmortem.document.review import Level

    if any(file.unreadable for file in files):
        return EXIT_BAD_INPUT
    findings = [finding for file in files for _, finding, _ in file.findings]
    failing = findings if strict else [f for f in findings if f.severity is Level.ERROR]
    return EXIT_DIFFERENT if failing else EXIT_OK


def _list_rules() -> int:
    from postmortem.document.review import RULES

    for rule in RULES:
        section = rule.section or "any"
        print(f"{rule.id:<22} {rule.severity.value:<8} {section:<14} {rule.checks}")
    return EXIT_OK


# --- diff --------------------------------------------------------------------------------------

def _diff(options: argparse.Namespace) -> int:
    from postmortem.document.compare import section_changes
    from postmortem.markdown.review_input import read_input

    if options.old == "-" and options.new == "-":
        raise DocumentError(None, "diff: standard input (-) can be only one of the two")
    old, new = read_input(options.old), read_input(options.new)
    changes = section_changes(old.document, new.document)
    for heading, lines in changes:
        sys.stdout.write(heading + "\n" + "".join(f"  {line}\n" for line in lines))
    sys.stdout.flush()
    return EXIT_DIFFERENT if changes else EXIT_OK
