"""Commands that write with the app or make a file to write in: open, new, demo."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.cli.base import EXIT_OK, AddCommand, is_stdio, write_output
from postmortem.document.errors import DocumentError

if TYPE_CHECKING:
    from postmortem.storage.config import Settings
    from postmortem.storage.opening import Unchecked


def register(add: AddCommand) -> None:
    opener = add("open", help="open FILE in the app (the default command)")
    opener.add_argument("file", type=Path, metavar="FILE",
                        help="the post-mortem (TOML) to edit, written at the first save if it "
                             "does not exist yet; a Markdown file is imported first; a folder "
                             "starts a new post-mortem in it")
    # The shelf opens the editor this way: ctrl+q (or escape in the section list) then says
    # it goes back to the shelf.
    opener.add_argument("--from-shelf", action="store_true", help=argparse.SUPPRESS)
    opener.set_defaults(handler=_open)

    new = add("new", help="create a new post-mortem file")
    new.add_argument("file", type=Path, metavar="FILE",
                     help="the TOML file to create, or - to print it on standard output")
    new.add_argument("--id", default=None,
                     help="incident ID, e.g. INC-2026-0042 (default: the next one, from the "
                          "config's id_prefix; --id '' for none)")
    new.add_argument("--title", default="", help="the incident's title")
    new.add_argument("--severity", default=None, choices=["P1", "P2", "P3", "P4"],
                     help="severity (default: the config's severity, if any)")
    new.add_argument("--date", default=None, help="incident date, YYYY-MM-DD")
    new.set_defaults(handler=_new)

    demo = add("demo", help="open a fresh copy of the shipped demo")
    demo.set_defaults(handler=_demo)


def settings_told() -> Settings:
    """The user's settings; each problem in the file said on stderr (its default is used)."""
    from postmortem.storage.config import load_settings

    settings = load_settings()
    for problem in settings.problems:
        print(problem, file=sys.stderr)  # FILE:LINE: key: what, as for any bad input
    return settings


def _new(options: argparse.Namespace) -> int:
    from postmortem.document.model import Document
    from postmortem.storage.toml_file import dumps, write_atomic

    path: Path = options.file
    if not is_stdio(path) and path.exists():
        raise DocumentError(path, "already exists; open it with: postmortem " + str(path))
    settings = settings_told()
    data = settings.new_document_data()
    incident: dict[str, Any] = data.setdefault("incident", {})
    incident["date"] = _date(options.date)
    if options.severity is not None:
        incident["severity"] = options.severity
    data["title"] = options.title
    Document.model_validate(data)  # bad input stops here, before an incident ID is taken
    incident["id"] = options.id if options.id is not None else _next_id(settings)
    text = dumps(Document.model_validate(data))
    if is_stdio(path):
        write_output(text, path)
        return EXIT_OK
    write_atomic(path, text)
    print(f"created {path}", file=sys.stderr)
    return EXIT_OK


def _next_id(settings: Settings) -> str:
    from postmortem.storage.incident_ids import take_incident_id

    return take_incident_id(settings)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise DocumentError(None, f"--date: expected YYYY-MM-DD, got {text!r}") from error


def demo_copy() -> Path:
    """A fresh copy of the shipped demo in a new temporary folder; the original is never opened
    for writing."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="postmortem-demo-"))
    target = folder / "demo.toml"
    from postmortem.document.shipped import shipped_bytes

    target.write_bytes(shipped_bytes("demo.toml"))
    return target


def _demo(options: argparse.Namespace) -> int:
    return _run_app(demo_copy())


def _open(options: argparse.Namespace) -> int:
    path: Path = options.file
    if is_stdio(path):
        raise DocumentError(path, "the app edits a file, not standard input: save it to a file "
                                  "and open that")
    if path.is_dir():
        path = new_name_in(path)
        print(f"postmortem: a new post-mortem in {path} (written at the first save)",
              file=sys.stderr)
    if path.suffix.lower() in (".md", ".markdown"):
        from postmortem.markdown.importer import toml_for_markdown

        path = toml_for_markdown(path)
    return _run_app(path, from_shelf=options.from_shelf)


def new_name_in(folder: Path, now: dt.datetime | None = None) -> Path:
    """A file name for a new post-mortem in folder that no file has yet."""
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    candidate, number = folder / f"postmortem-{stamp}.toml", 2
    while candidate.exists():
        candidate, number = folder / f"postmortem-{stamp}-{number}.toml", number + 1
    return candidate


def _run_app(path: Path, from_shelf: bool = False) -> int:
    from postmortem.storage import opening

    settings = settings_told()
    opening.pause_collection()
    # bad input: said before the screen. Handed straight on, not held here: the file's text
    # and data (megabytes for a long timeline) are let go as soon as the model is built.
    opened = [opening.vet(_read_or_start(path, settings))]
    from postmortem.app.application import run_app

    return run_app(path, opened.pop(), settings, from_shelf=from_shelf)


def _read_or_start(path: Path, settings: Settings) -> Unchecked:
    """The file, read; or, when there is none yet, a new post-mortem to be written there at the
    first save, filled from the settings."""
    from postmortem.storage import opening

    if path.exists() or path.is_symlink():
        return opening.read(path)
    return opening.new_file(path, settings.new_document_data())
