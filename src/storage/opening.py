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
from collections.abc import Iterator
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


# The model of a long timeline is built this many rows a step: a key typed meanwhile waits
# for one step (~10 ms), not for the whole build (~0.3 s at 50,000 rows).
ROWS_PER_STEP = 2_000


class ModelBuild:
    """The model of a vetted file, built a step at a time (the timeline's rows a few thousand
    at a time), so that keys are handled between steps; the same document as check() gives."""

    def __init__(self, file: Unchecked) -> None:
        self._steps = _steps(file)
        self.document: Document | None = None
        self._refused: DocumentError | None = None

    def step(self) -> bool:
        """Build one more step; True once the document is built. Raises DocumentError (again
        at each call once it has)."""
        if self._refused is not None:
            raise self._refused
        if self.document is None:
            try:
                self.document = next(self._steps)
            except DocumentError as error:
                self._refused = error
                raise
        return self.document is not None

    def finish(self) -> Document:
        """The document, its remaining steps built now. Raises DocumentError."""
        while not self.step():
            pass
        assert self.document is not None
        return self.document


def _steps(file: Unchecked) -> Iterator[Document | None]:
    rows = file.data.get("timeline")
    if file.model is not None or not isinstance(rows, list) or len(rows) <= ROWS_PER_STEP:
        yield file.check()
        return
    from pydantic import TypeAdapter, ValidationError

    from postmortem.document.model import Document, TimelineEvent, drop_redundant_stated_times

    try:
        document = Document.model_validate({**file.data, "timeline": []})
        adapter = TypeAdapter(list[TimelineEvent])
        events: list[TimelineEvent] = []
        for start in range(0, len(rows), ROWS_PER_STEP):
            yield None
            events += adapter.validate_python(rows[start:start + ROWS_PER_STEP])
    except (ValidationError, ValueError):
        yield file.check()  # refused: in the model's words, naming the line at fault
        return
    document.timeline = sorted(events, key=_event_time)  # as the model's validator sorts
    drop_redundant_stated_times(document)  # it needs the milestones, only now in place
    yield document


def _event_time(event: Any) -> dt.datetime:
    time: dt.datetime = event.time
    return time


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
