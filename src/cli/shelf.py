"""The shelf from the command line: list, actions and search need no screen (and never import
Textual); `shelf` (and `postmortem DIR`) opens the shelf in the app."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.cli.base import EXIT_BAD_INPUT, EXIT_DIFFERENT, EXIT_OK, AddCommand, write_stdout

if TYPE_CHECKING:
    from postmortem.shelf.catalog import Shelf
    from postmortem.shelf.entry import Entry
    from postmortem.shelf.formats import ShownPath


def register(add: AddCommand) -> None:
    opener = add("shelf", help="open the shelf: every post-mortem under DIR (the default "
                               "command for a folder)")
    opener.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="DIR",
                        help="the folder of post-mortems (default: this one)")
    opener.add_argument("--since", metavar="REV", help="only what changed since git revision REV")
    opener.set_defaults(handler=_open_shelf)

    lister = add("list", help="list every post-mortem under DIR")
    lister.add_argument("folder", type=Path, metavar="DIR", help="the folder of post-mortems")
    lister.add_argument("--since", metavar="REV", help="only what changed since git revision REV")
    lister.add_argument("--format", choices=("text", "json", "csv"), default="text",
                        help="text (a line each), json or csv")
    lister.set_defaults(handler=_list)

    actions = add("actions", help="every action item under DIR, overdue and open first")
    actions.add_argument("folder", type=Path, metavar="DIR", help="the folder of post-mortems")
    actions.add_argument("--open", action="store_true",
                         help="only items not Completed or Verified")
    actions.add_argument("--overdue", action="store_true",
                         help="only overdue items; exit 1 when there is any")
    actions.add_argument("--owner", metavar="NAME", default="",
                         help="only items whose owner's name holds NAME (any case)")
    actions.add_argument("--format", choices=("text", "json", "csv", "ics"), default="text",
                         help="text, json, csv, or ics (a calendar of the due dates)")
    actions.set_defaults(handler=_actions)

    search = add("search", help="full-text search of every post-mortem under DIR, best first")
    search.add_argument("folder", type=Path, metavar="DIR", help="the folder of post-mortems")
    search.add_argument("query", nargs="+", metavar="WORD", help="the words to find")
    search.add_argument("--format", choices=("text", "json", "csv"), default="text",
                        help="text, json or csv")
    search.set_defaults(handler=_search)


def _shelf(folder: Path) -> Shelf:
    import gc

    from postmortem.shelf.catalog import Shelf, shelf_folder

    # A command that runs once and ends: the cyclic collector would only walk, over and over,
    # the entries it is building (a third of the time at 10,000 files) and find nothing.
    gc.disable()
    return Shelf(shelf_folder(folder)).update()


def _report_broken(entries: list[Entry], shown: ShownPath) -> bool:
    """Say each file that failed to load, FILE:LINE: field: what, on stderr; True if any."""
    broken = [entry for entry in entries if entry.broken]
    for entry in broken:
        print(entry.error_at(shown(entry.path)), file=sys.stderr)
    return bool(broken)


def _write(text: str) -> None:
    """Write to stdout; a reader that went away (| head) ends the command quietly (main)."""
    write_stdout(text)


def _truncated(shelf: Shelf) -> None:
    if shelf.truncated:
        from postmortem.shelf.scan import MAX_FILES

        print(f"postmortem: {shelf.root}: more than {MAX_FILES:,} files; only the first were "
              "looked at", file=sys.stderr)


def _list(options: argparse.Namespace) -> int:
    from postmortem.shelf import formats

    shelf = _shelf(options.folder)
    entries = shelf.sorted_entries()
    if options.since:
        from postmortem.shelf.git import changed_since

        changed = changed_since(shelf.root, options.since)
        entries = [entry for entry in entries if entry.path in changed]
    shown = formats.shown_under(str(options.folder))
    records = formats.list_records(entries, shelf.commits(), dt.date.today(), shown)
    if options.format == "json":
        _write(formats.as_json(records))
    elif options.format == "csv":
        _write(formats.as_csv(records, formats.LIST_FIELDS))
    else:
        _write(formats.list_text(records))
    _truncated(shelf)
    return EXIT_BAD_INPUT if _report_broken(entries, shown) else EXIT_OK


def _actions(options: argparse.Namespace) -> int:
    from postmortem.shelf import formats
    from postmortem.shelf.actions import ActionFilter, action_rows, in_follow_up_order

    shelf = _shelf(options.folder)
    today = dt.date.today()
    entries = shelf.sorted_entries()
    rows = in_follow_up_order(action_rows(entries), today)
    status = "overdue" if options.overdue else "open" if options.open else ""
    rows = ActionFilter(owner=options.owner, status=status).apply(rows, today)
    shown = formats.shown_under(str(options.folder))
    records = formats.action_records(rows, today, shown)
    if options.format == "json":
        _write(formats.as_json(records))
    elif options.format == "csv":
        _write(formats.as_csv(records, formats.ACTION_FIELDS))
    elif options.format == "ics":
        _write(formats.actions_ics(records, dt.datetime.now(dt.UTC)))
    else:
        _write(formats.actions_text(records))
    _truncated(shelf)
    if _report_broken(entries, shown):
        return EXIT_BAD_INPUT
    return EXIT_DIFFERENT if options.overdue and rows else EXIT_OK


def _search(options: argparse.Namespace) -> int:
    from postmortem.shelf import formats

    shelf = _shelf(options.folder)
    query = " ".join(options.query)
    found = shelf.search(query, rank_all=True) or []
    shown = formats.shown_under(str(options.folder))
    records = formats.search_records([(entry, shelf.matches(query, entry)) for entry in found],
                                     shown)
    if options.format == "json":
        _write(formats.as_json(records))
    elif options.format == "csv":
        _write(formats.as_csv(records, formats.SEARCH_FIELDS))
    else:
        _write(formats.search_text(records))
    _truncated(shelf)
    if _report_broken(shelf.sorted_entries(), shown):
        return EXIT_BAD_INPUT
    return EXIT_OK if records else EXIT_DIFFERENT


def _open_shelf(options: argparse.Namespace) -> int:
    from postmortem.shelf.catalog import shelf_folder

    folder = shelf_folder(options.folder)
    changed = None
    if options.since:
        from postmortem.shelf.git import changed_since

        changed = changed_since(folder, options.since)
    from postmortem.app.shelf_app import run_shelf

    return run_shelf(folder, changed)
