"""`postmortem log`: timeline rows from the shell while the incident runs. One event typed on
the command line, or lines read (a paste, a pipe, a log file, chat) with their timestamps
recognised, or the commands of a shell history; added to the file under the folder lock that
every postmortem takes, so any number of shells and the open app can write at once.

Exit 0: everything was added (or was there already); 1: some lines were not understood (the
rest were added); 2: bad usage or input, nothing added."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.cli.base import (
    EXIT_DIFFERENT,
    EXIT_OK,
    STDIN_NAME,
    AddCommand,
    is_stdio,
    write_stdout,
)
from postmortem.document.errors import DocumentError
from postmortem.document.vocabulary import Milestone

if TYPE_CHECKING:
    from postmortem.capture import Captured
    from postmortem.document.model import Document, TimelineEvent

# A row to add, and the zone its time was read in (for --dry-run).
Row = tuple["TimelineEvent", str]
MILESTONES = tuple(milestone.value for milestone in Milestone)
DESCRIPTION = """\
Add to the timeline of FILE (created if missing), even while the app has it open.

  postmortem log inc.toml "rolled back to v41" --milestone mitigated
  postmortem log inc.toml "paged" --at 14:02 --tz Europe/London
  pbpaste | postmortem log inc.toml - --dry-run
  journalctl -u api -o short-iso --since -1h | postmortem log inc.toml -
  kubectl get events | postmortem log inc.toml - --at now
  postmortem log inc.toml --history --since 14:00

Lines may start with ISO-8601 times (with an offset, Z, or none: --tz), YYYY-MM-DD HH:MM[:SS],
HH:MM[:SS] (the incident's date; past midnight, the next day), syslog (Jun 15 14:02:11),
journalctl -o short-iso, seconds or milliseconds since 1970, bash (#1686838800) and zsh
(: 1686838800:0;cmd) history, kubectl events' ages (counted back from --at), and chat copies
([2:02 PM] Name: text, "Name  14:02", "Today at 2:02 PM"). A line without a time takes the time
of the line before it; a command after a prompt ($ or #) goes to Actions Taken.
Exit 0: all added; 1: some lines were not understood (reported as SOURCE:LINE: why, the rest
added); 2: bad usage or input, nothing added."""


def register(add: AddCommand) -> None:
    log = add("log", help="add timeline events: one message, pasted or piped lines, or shell "
                          "history", description=DESCRIPTION,
              formatter_class=argparse.RawDescriptionHelpFormatter)
    log.add_argument("file", type=Path, metavar="FILE", help="the post-mortem (TOML) to add to")
    log.add_argument("message", nargs="?", metavar="MESSAGE",
                     help="the event; - reads lines from standard input instead")
    log.add_argument("--at", metavar="TIME",
                     help="the event's time (default: now); for lines, what kubectl ages and "
                          "\"Today\" count from: now, -5m, 14:02, 2026-06-15 14:02, ISO-8601")
    log.add_argument("--milestone", choices=MILESTONES,
                     help="mark the event as this milestone (taken from any other row)")
    log.add_argument("--actions", metavar="TEXT", default="",
                     help="what was done (the Actions Taken column)")
    log.add_argument("--from", dest="source", metavar="LOGFILE",
                     help="read lines from LOGFILE (- for standard input)")
    log.add_argument("--history", nargs="?", const="", metavar="PATH",
                     help="add the commands of a shell history (default: $HISTFILE, else "
                          "~/.zsh_history under zsh, else ~/.bash_history)")
    zone = log.add_argument(
        "--tz", metavar="ZONE",
        help="the zone of times written without one: an IANA name (Europe/Berlin), UTC or an "
             "offset (+02:00); default: the config's timezone, else this machine's")
    zone.completer = _zone_names  # type: ignore[attr-defined]  # argcomplete's hook
    log.add_argument("--since", metavar="TIME", help="only rows at or after TIME")
    log.add_argument("--until", metavar="TIME", help="only rows at or before TIME")
    log.add_argument("--dry-run", action="store_true",
                     help="print the rows that would be added (UTC, with the zone each was "
                          "read in) and change nothing")
    log.set_defaults(handler=_log)


def _zone_names(prefix: str, **_: object) -> list[str]:
    """The IANA zone names that start with prefix, for shell completion of --tz."""
    from zoneinfo import available_timezones

    return sorted(name for name in available_timezones() if name.startswith(prefix))


@dataclass(frozen=True)
class _Context:
    path: Path
    zone: dt.tzinfo
    incident_date: dt.date
    dated: bool  # the file gives the incident date (else today's is used, and said)
    now: dt.datetime

    def moment(self, text: str | None, option: str) -> dt.datetime | None:
        from postmortem.capture import parse_moment

        if text is None:
            return None
        try:
            return parse_moment(text, zone=self.zone, incident_date=self.incident_date,
                                now=self.now)
        except ValueError as error:
            raise DocumentError(None, f"{option}: {error}") from error


def _log(options: argparse.Namespace) -> int:
    from postmortem.capture import timeline_events

    mode = _mode(options)
    context = _context(options)
    if mode == "one":
        return _finish(options, context, [_one_event(options, context)], unparsed=0)
    captured, source = _read_captured(options, context, mode)
    _report_unparsed(captured, source)
    rows = list(zip(timeline_events(captured.rows), (row.zone for row in captured.rows),
                    strict=True))
    if options.milestone and rows:  # the last line read is the one marked
        last, zone = rows[-1]
        rows[-1] = (last.model_copy(update={"milestone": Milestone(options.milestone)}), zone)
    return _finish(options, context, rows, unparsed=len(captured.unparsed))


def _mode(options: argparse.Namespace) -> str:
    """one (a message or --actions), lines (- or --from) or history; raises DocumentError
    (exit 2) for a mix or nothing."""
    reading = options.message == "-" or options.source is not None
    typed = (options.message not in (None, "-")) or bool(options.actions)
    chosen = [name for name, given in (("one", typed and not reading), ("lines", reading),
                                       ("history", options.history is not None)) if given]
    if typed and reading:
        raise DocumentError(None, "give a MESSAGE, or lines to read (- or --from), not both")
    if len(chosen) != 1:
        raise DocumentError(None, "give one of: a MESSAGE, - (lines on standard input), "
                                  "--from LOGFILE or --history [PATH]")
    if chosen[0] != "one" and options.actions:
        raise DocumentError(None, "--actions goes with a MESSAGE; read lines take theirs "
                                  "from the commands in them")
    return chosen[0]


def _context(options: argparse.Namespace) -> _Context:
    path: Path = options.file
    if is_stdio(path):
        raise DocumentError(path, "log adds to a file: name the post-mortem's TOML file")
    if path.suffix.lower() in (".md", ".markdown"):
        raise DocumentError(path, "log adds to this tool's TOML file; import the Markdown first "
                                  f"(postmortem import {path}) and log to the TOML beside it")
    zone = _zone(options.tz)
    now = dt.datetime.now(dt.UTC)
    date = _incident_date(path)
    return _Context(path, zone, date or now.astimezone(zone).date(), date is not None, now)


def _zone(name: str | None) -> dt.tzinfo:
    from postmortem.capture import UnknownZone, machine_zone, zone_named
    from postmortem.cli.editing import settings_told

    if name is None:
        name = settings_told().timezone
        if not name:
            return machine_zone()
    try:
        return zone_named(name)
    except UnknownZone as error:
        raise DocumentError(None, f"--tz: {error}") from error


def _incident_date(path: Path) -> dt.date | None:
    """The incident date the file gives (None when it gives none, or there is no file)."""
    from postmortem.storage import toml_file

    if not path.exists():
        return None
    return toml_file.load(path).incident.date


def _one_event(options: argparse.Namespace, context: _Context) -> Row:
    from postmortem.capture import zone_label
    from postmortem.document.model import TimelineEvent

    if not (options.message or "").strip() and not options.actions.strip():
        raise DocumentError(None, "the event is empty: give its words, or --actions")
    when = context.moment(options.at, "--at") or context.now
    event = TimelineEvent.model_validate({
        "time": when, "event": options.message or "", "actions": options.actions,
        "milestone": options.milestone})
    return event, zone_label(context.zone) if options.at else "UTC"


def _read_captured(options: argparse.Namespace, context: _Context,
                   mode: str) -> tuple[Captured, str]:
    from postmortem.capture import CaptureTooLarge, parse_history, parse_lines

    since = context.moment(options.since, "--since")
    until = context.moment(options.until, "--until")
    name = _history_path(options.history) if mode == "history" else (
        options.source if options.source is not None else "-")
    if is_stdio(name) and sys.stdin.isatty():
        print("postmortem: reading lines from the terminal; paste them, then ctrl+d",
              file=sys.stderr)
    text, shown = _read_text(name, history=mode == "history")
    try:
        if mode == "history":
            return parse_history(text, zone=context.zone, since=since, until=until), shown
        anchor = context.moment(options.at, "--at")
        captured = parse_lines(text, zone=context.zone, incident_date=context.incident_date,
                               anchor=anchor, since=since, until=until)
        if not context.dated and captured != parse_lines(
                text, zone=context.zone, incident_date=None, anchor=anchor, since=since,
                until=until):  # some line needed the date: say which was taken
            print(f"postmortem: {context.path} gives no incident date: times of day alone "
                  f"are read as on {context.incident_date}", file=sys.stderr)
        return captured, shown
    except CaptureTooLarge as error:
        raise DocumentError(shown, str(error)) from error


def _history_path(given: str) -> str:
    if given:
        return given
    if os.environ.get("HISTFILE"):
        return os.environ["HISTFILE"]
    home = Path.home()
    zsh = home / ".zsh_history"
    if os.environ.get("SHELL", "").endswith("zsh") and zsh.exists():
        return str(zsh)
    bash = home / ".bash_history"
    return str(bash if bash.exists() or not zsh.exists() else zsh)


def _read_text(name: str, history: bool = False) -> tuple[str, str]:
    """The text of a file (or standard input for -), leniently decoded: a log may hold bytes
    that are not UTF-8, and zsh writes its history in an encoding of its own."""
    from postmortem.capture import MAX_CAPTURE_CHARACTERS
    from postmortem.capture.history import unmetafy

    limit = MAX_CAPTURE_CHARACTERS * 4 + 1  # bytes: no character takes more than four

    def decode(raw: bytes) -> str:
        return (unmetafy(raw) if history else raw).decode("utf-8", "replace")

    if is_stdio(name):
        return decode(sys.stdin.buffer.read(limit)), STDIN_NAME
    try:
        with open(name, "rb") as handle:
            return decode(handle.read(limit)), name
    except FileNotFoundError as error:
        raise DocumentError(name, "no such file") from error
    except OSError as error:
        raise DocumentError(name, f"cannot read: {error.strerror or error}") from error


def _report_unparsed(captured: Captured, source: str) -> None:
    """Each line not understood, as SOURCE:LINE: why: the line (shortened)."""
    for problem in captured.unparsed:
        text = problem.text if len(problem.text) <= 60 else problem.text[:59] + "…"
        print(DocumentError(source, f"{problem.reason}: {text}", problem.line),
              file=sys.stderr)


def _finish(options: argparse.Namespace, context: _Context, rows: list[Row],
            unparsed: int) -> int:
    if options.dry_run:
        _show_dry_run(context, rows)
    else:
        _append(context, rows)
    return EXIT_DIFFERENT if unparsed else EXIT_OK


def _new_document(context: _Context, rows: list[TimelineEvent]) -> Document:
    from postmortem.cli.editing import settings_told
    from postmortem.document.model import Document

    data = settings_told().new_document_data()
    if rows:
        first = min(row.time for row in rows)
        data.setdefault("incident", {})["date"] = first.astimezone(context.zone).date()
    return Document.model_validate(data)


def _append(context: _Context, rows: list[Row]) -> None:
    from postmortem.storage.appending import append_events

    if not rows:
        print(f"postmortem: nothing to add to {context.path}", file=sys.stderr)
        return
    events = [event for event, _zone in rows]
    outcome = append_events(context.path, events, lambda: _new_document(context, events))
    said = f"added {outcome.added} row{'s' if outcome.added != 1 else ''} to {context.path}"
    if outcome.created:
        said = f"created {context.path}; " + said
    if outcome.duplicates:
        said += f" ({outcome.duplicates} already there, skipped)"
    for milestone in outcome.moved_milestones:
        said += f"; the {milestone} milestone moved to the new row"
    print(f"postmortem: {said}", file=sys.stderr)


def _show_dry_run(context: _Context, rows: list[Row]) -> None:
    """Each row as it would be added, in time order: its UTC minute, the zone its time was
    read in, its text; a row the file holds already (or given twice) is marked."""
    from postmortem.storage.appending import row_key

    seen = set()
    if context.path.exists():
        from postmortem.storage import toml_file

        seen = {row_key(row) for row in toml_file.load(context.path).timeline}
    lines, new = [], 0
    for event, zone in sorted(rows, key=lambda row: row[0].time):
        text = event.event + (f"  [actions: {event.actions}]" if event.actions else "")
        if event.milestone is not None:
            text += f"  [{event.milestone.value}]"
        key = row_key(event)
        mark = "  (already there)" if key in seen else ""
        new += not mark
        seen.add(key)
        lines.append(f"{event.time:%Y-%m-%d %H:%M} UTC  from {zone:<16} {text}{mark}\n")
    write_stdout("".join(lines))
    print(f"postmortem: would add {new} row{'s' if new != 1 else ''} to {context.path}; "
          "nothing was changed (--dry-run)", file=sys.stderr)
