"""Adding timeline rows to a post-mortem file from outside the app (`postmortem log`), from
any number of processes at once, while the app may have the file open.

Each append reads the file, adds the rows in time order and writes it back as one step under
the folder's lock, the lock every copy of postmortem takes to write (guarded.py): appenders
and the app's saves never interleave, so no appender's rows are lost. Anything that writes
without the lock (an editor, `git pull`) is caught as the new file is swapped in: then the
whole step runs again on its version. The app takes appended rows in as someone else's change
(disk_changes.py), merged with its unsaved edits; timeline rows merge as a collection.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.document.errors import DocumentError, SaveError
from postmortem.storage import toml_file
from postmortem.storage.guarded import StaleFile, folder_lock, replace_held
from postmortem.storage.watch import Fingerprint, digest_of
from postmortem.storage.writing import folder_of

if TYPE_CHECKING:
    from postmortem.document.model import Document, Milestone, TimelineEvent

ATTEMPTS = 5  # reads and writes again when something without the lock changed the file
RowKey = tuple[object, str, str]


@dataclass(frozen=True)
class Appended:
    """What appending did."""

    added: int
    duplicates: int  # rows already in the file (or twice in the batch): the same time and text
    created: bool = False  # the file did not exist and was written new
    moved_milestones: tuple[str, ...] = field(default=())  # "detected" taken from another row
    marked: int = 0  # rows given a milestone (a row already in the file too)


def row_key(event: TimelineEvent) -> RowKey:
    """What makes two rows the same: the minute they are at and their text."""
    return (event.time, event.event, event.actions)


def append_events(path: Path, events: Sequence[TimelineEvent],
                  new_document: Callable[[], Document] | None = None) -> Appended:
    """Add events to the timeline of the post-mortem at path (a new file, from new_document,
    when there is none), skipping those it holds already. Raises DocumentError when the file
    does not load or would grow past the limits, SaveError when it cannot be written; the
    file is then as it was."""
    real = Path(os.path.realpath(path))
    for _attempt in range(ATTEMPTS):
        with folder_lock(folder_of(real)):
            try:
                return _append_once(real, path, events, new_document)
            except StaleFile:
                continue  # changed without the lock while we worked: again, on its version
    raise SaveError(path, "the file keeps being changed by another program; try again")


def _append_once(real: Path, shown: Path, events: Sequence[TimelineEvent],
                 new_document: Callable[[], Document] | None) -> Appended:
    document, known = _read(real, shown, new_document)
    outcome = add_rows(document, events)
    if outcome.added == 0 and outcome.marked == 0 and known is not None:
        return outcome  # nothing to write
    text = toml_file.dumps(document)
    _check_loads(text, shown)
    replace_held(real, text, known, new_file=known is None)
    return Appended(outcome.added, outcome.duplicates, known is None, outcome.moved_milestones,
                    outcome.marked)


def _read(real: Path, shown: Path, new_document: Callable[[], Document] | None
          ) -> tuple[Document, Fingerprint | None]:
    """The document in the file and the file's fingerprint; a new document (None) when
    there is no file."""
    from postmortem.document.model import Document

    if not real.exists():
        return (new_document() if new_document else Document()), None
    raw, stat = toml_file.read_bytes(real)
    document = toml_file.parse(toml_file.decode(raw, shown), shown)
    return document, Fingerprint.of(stat, digest_of(raw))


def _check_loads(text: str, shown: Path) -> None:
    """Never write a file the app would refuse: too large, or past the text limits."""
    if len(text.encode("utf-8")) > toml_file.MAX_FILE_BYTES:
        raise DocumentError(shown, "adding these rows would make the file larger than "
                                   f"{toml_file.MAX_FILE_BYTES // 2**20} MiB; nothing was added")
    try:
        toml_file.parse(text, shown)
    except DocumentError as error:
        raise DocumentError(shown, f"adding these rows would leave a file that does not load "
                                   f"({error.message}); nothing was added") from error


def add_rows(document: Document, events: Sequence[TimelineEvent]) -> Appended:
    """Insert events into document's timeline in time order, skipping any it holds already
    (the same minute and text). A row that carries a milestone takes it from any other row."""
    seen = {row_key(row) for row in document.timeline}
    added = duplicates = marked = 0
    moved: list[str] = []
    for event in events:
        key = row_key(event)
        target = event
        if key in seen:
            duplicates += 1
            target = next(row for row in document.timeline if row_key(row) == key)
        else:
            seen.add(key)
            document.insert_event(event)
            added += 1
        if event.milestone is not None and (target is event or target.milestone is not
                                            event.milestone):
            moved.extend(_take_milestone(document, target, event.milestone))
            marked += 1
    return Appended(added, duplicates, moved_milestones=tuple(moved), marked=marked)


def _take_milestone(document: Document, target: TimelineEvent,
                    milestone: Milestone) -> list[str]:
    moved = []
    for row in document.timeline:
        if row.milestone is milestone and row is not target:
            row.milestone = None
            moved.append(milestone.value)
    target.milestone = milestone
    return moved
