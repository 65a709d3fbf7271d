"""Opening a file for the app fast: show it first, build the model right after.

Importing pydantic and building the model and its validator takes about 85 ms, as long as
Textual takes to draw the first screen. So the app opens an Unchecked file: read, parsed as
TOML (a syntax error is reported at once) and checked against the model by a child process on
the other core while Textual loads. A file that fails that check is reported, in the same
words, before the screen is taken over; a good one is drawn from its plain data, and the app
builds its own model of it straight after the first frame, before it handles any key.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.document.errors import DocumentError
from postmortem.document.text import normalize_line
from postmortem.storage import toml_file as storage
from postmortem.storage.watch import Fingerprint, digest_of, fingerprint

if TYPE_CHECKING:
    from postmortem.document.model import Document


@dataclass(frozen=True)
class Unchecked:
    """A file read and parsed as TOML, not yet checked against the model."""

    path: Path
    text: str
    data: dict[str, Any]
    raw: bytes = b""  # the file's bytes as read, and their status: for its fingerprint
    stat: os.stat_result | None = None
    new: bool = False  # the file does not exist yet: the first save creates it

    def fingerprint(self) -> Fingerprint | None:
        """The fingerprint of the file as it was read (watch.py), taken when first needed; None
        for a new file, so that a file someone else creates meanwhile is seen as a change."""
        if self.new:
            return None
        if self.stat is None:
            return fingerprint(self.path)
        return Fingerprint.of(self.stat, digest_of(self.raw))

    def text_at(self, dotted: str) -> str:
        """What a one-line field bound to the dotted path shows once the model holds it."""
        value: Any = self.data
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            return ""
        if isinstance(value, list):  # a list shown on one line, e.g. additional responders
            return ", ".join(normalize_line(str(item)) for item in value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return normalize_line(str(value))

    def check(self) -> Document:
        """The document, checked; raises DocumentError as storage.load would."""
        return storage.validate(self.data, self.text, self.path)


_collection_paused = False


def pause_collection() -> None:
    """Pause the cyclic garbage collector while the app starts: importing Textual and building
    the first screen allocate so much that it runs over and over, for ~40 ms, and finds next to
    nothing (what starting creates lives as long as the app)."""
    global _collection_paused
    if gc.isenabled():
        gc.disable()
        _collection_paused = True


def resume_collection() -> None:
    """Resume the collector paused by pause_collection, once the model is built. What exists
    by then is frozen: later collections, e.g. between keys, need not look through the app and
    the whole document again each time."""
    global _collection_paused
    if _collection_paused:
        _collection_paused = False
        gc.freeze()
        gc.enable()


def read(path: Path) -> Unchecked:
    """Read and parse path; raises DocumentError for a file that is not TOML."""
    raw, stat = storage.read_bytes(path)
    text = storage.decode(raw, path)
    return Unchecked(path, text, storage.parse_data(text, path), raw, stat)


def new_file(path: Path, data: dict[str, Any]) -> Unchecked:
    """A file that does not exist yet, to start from data (e.g. the author from the settings);
    nothing is written until the first save. Raises DocumentError when it could never be
    saved there: its folder is missing, or the path is a folder."""
    if path.is_dir():
        raise DocumentError(path, "is a folder, not a file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise DocumentError(path, f"the folder {folder} does not exist")
    return Unchecked(path, "", data, new=True)


class Verdict:
    """The outcome of checking an Unchecked file, possibly still being worked out."""

    def __init__(self, file: Unchecked, child: tuple[int, int] | None = None) -> None:
        self.file = file
        self._child = child  # (pid, the read end of its pipe)

    def wait(self) -> None:
        """Return when the file is good; raise its DocumentError when it is not."""
        if self._child is None:
            return
        pid, pipe = self._child
        self._child = None
        with os.fdopen(pipe, "rb") as reader:
            reply = reader.read()
        _, status = os.waitpid(pid, 0)
        if status == 0 and reply == b"ok":
            return
        if status == 0 and reply:
            import json

            raise _error_from(json.loads(reply), self.file.path)
        self.file.check()  # the child died: check here, which raises as it would have


def check_in_background(file: Unchecked) -> Verdict:
    """Start checking file in a child process; check it here and now where that gains nothing
    (pydantic already loaded, as in tests) or cannot be done (no fork)."""
    if "pydantic" in sys.modules or not hasattr(os, "fork"):
        file.check()
        return Verdict(file)
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        file.check()
        return Verdict(file)
    if pid == 0:  # the child: check, answer, and leave without running the parent's cleanup
        os.close(read_end)
        _answer(file, write_end)
    os.close(write_end)
    return Verdict(file, (pid, read_end))


def _answer(file: Unchecked, pipe: int) -> None:
    code = 0
    try:
        try:
            file.check()
            reply = b"ok"
        except DocumentError as error:
            import json

            reply = json.dumps({"message": error.message, "line": error.line,
                                "field": error.field}).encode()
        with os.fdopen(pipe, "wb") as writer:
            writer.write(reply)
    except BaseException:  # noqa: BLE001 - whatever it was, the parent checks again itself
        code = 1
    os._exit(code)


def _error_from(reply: dict[str, Any], path: Path) -> DocumentError:
    return DocumentError(path, str(reply["message"]), reply.get("line"), reply.get("field"))
