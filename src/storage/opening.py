"""Opening a file for the app fast: show it first, build the model right after, once.

Importing pydantic and building the model and its validator takes about 85 ms, as long as
Textual takes to draw the first screen. So the app opens an Unchecked file: read, parsed as
TOML (a syntax error is reported at once) and vetted in plain Python (vet, shape.py), which
tells a file the model will take from one it may not. A file the model refuses is reported,
in the model's words, before the screen is taken over; a good one is drawn from its plain
data, and the app builds its model of it, the one validation, straight after the first
frame, before it handles any key.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.document.errors import DocumentError
from postmortem.document.shape import surely_valid
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
    model: Document | None = None  # built already, by vet: a file the quick check doubted

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
        if self.model is not None:
            return self.model
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


def vet(file: Unchecked) -> Unchecked:
    """The file, once it is sure to pass the model's check: raises DocumentError, with the
    model's words, for one that does not. Most files are vetted in plain Python (shape.py),
    and their model is built after the first frame; one the quick check is not sure of is
    checked by the model here and now, and comes back with its model built."""
    if surely_valid(file.data):
        return file
    return replace(file, model=file.check())
