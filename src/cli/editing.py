"""Commands that write with the app or make a file to write in: open, new, demo."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib import resources
from pathlib import Path

from postmortem.cli.base import EXIT_OK, AddCommand
from postmortem.document.errors import DocumentError


def register(add: AddCommand) -> None:
    opener = add("open", help="open FILE in the app (the default command)")
    opener.add_argument("file", type=Path)
    # The shelf opens the editor this way: ctrl+q (or escape in the section list) then says
    # it goes back to the shelf.
    opener.add_argument("--from-shelf", action="store_true", help=argparse.SUPPRESS)
    opener.set_defaults(handler=_open)

    new = add("new", help="create a new post-mortem file")
    new.add_argument("file", type=Path)
    new.add_argument("--id", default="", help="incident ID, e.g. INC-2026-0042")
    new.add_argument("--title", default="")
    new.add_argument("--severity", default=None, choices=["P1", "P2", "P3", "P4"])
    new.add_argument("--date", default=None, help="incident date, YYYY-MM-DD")
    new.set_defaults(handler=_new)

    demo = add("demo", help="open a fresh copy of the shipped demo")
    demo.set_defaults(handler=_demo)


def _new(options: argparse.Namespace) -> int:
    from postmortem.document.model import Document
    from postmortem.storage.toml_file import save

    path: Path = options.file
    if path.exists():
        raise DocumentError(path, "already exists; open it with: postmortem " + str(path))
    incident = {"id": options.id, "severity": options.severity, "date": _date(options.date)}
    document = Document.model_validate({"title": options.title, "incident": incident})
    save(document, path)
    print(f"created {path}", file=sys.stderr)
    return EXIT_OK


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
    target.write_bytes((resources.files("postmortem.data") / "demo.toml").read_bytes())
    return target


def _demo(options: argparse.Namespace) -> int:
    return _run_app(demo_copy())


def _open(options: argparse.Namespace) -> int:
    path: Path = options.file
    if path.suffix.lower() in (".md", ".markdown"):
        from postmortem.markdown.importer import toml_for_markdown

        path = toml_for_markdown(path)
    if not path.exists():
        from postmortem.document.model import Document
        from postmortem.storage.toml_file import save

        save(Document(), path)
    if options.from_shelf:
        return _run_app(path, from_shelf=True)
    return _run_app(path)


def _run_app(path: Path, from_shelf: bool = False) -> int:
    from postmortem.storage import opening

    opening.pause_collection()
    file = opening.read(path)
    verdict = opening.check_in_background(file)  # while Textual loads, on the other core
    from postmortem.app.application import run_app

    verdict.wait()  # bad input is reported here, before the screen is taken over
    return run_app(path, file, from_shelf=from_shelf)
