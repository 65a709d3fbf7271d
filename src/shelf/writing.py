"""Changing one action item's status or due date in its own file, from the shelf.

As safe as the editor's save: the file is read and its hash compared with the one the shelf
read; the item is changed through the model (so the value is held as loading holds it); the
file is checked once more right before it is replaced, atomically (write_atomic); and when the
file changed on disk in between, nothing is written and FileChanged says so. The session's
own save does the same for an open file; this path is kept apart so that it can take up the
session's locks when they come.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.document.errors import DocumentError
from postmortem.shelf.reading import kind_of
from postmortem.storage import toml_file
from postmortem.storage.recovery import printable_path
from postmortem.storage.watch import DiskState, DiskWatch, Fingerprint, digest_of

if TYPE_CHECKING:
    from postmortem.document.model import Document


class FileChanged(Exception):
    """The file is not as the shelf read it: someone changed it. Nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{printable_path(path)} changed on disk since the shelf read it; "
                         "nothing was written. The shelf has read it again: look, then change "
                         "it again.")
        self.path = path


class NotWritable(Exception):
    """The shelf does not write this file (a Markdown post-mortem): why, and what to do."""


@dataclass(frozen=True)
class ItemChange:
    """What to change in one item: its status, its due date (None clears it), or both."""

    item_id: str
    status: str | None = None
    due: dt.date | None = None
    change_due: bool = False

    def values(self) -> dict[str, Any]:
        changed: dict[str, Any] = {}
        if self.status is not None:
            changed["status"] = self.status
        if self.change_due:
            changed["due"] = self.due
        return changed


def change_item(path: Path, read_digest: str, change: ItemChange) -> str:
    """Write change into the file at path, which the shelf read with hash read_digest; returns
    the hash of what was written. Raises FileChanged, NotWritable, DocumentError (a file that
    does not load, or no such item) or SaveError (the disk refused; the file is as it was)."""
    if kind_of(path.name) == "markdown":
        raise NotWritable(f"{printable_path(path)} is Markdown: the shelf writes only this "
                          "tool's TOML files. Open it (enter) to import it into TOML beside it, "
                          "and change the item there.")
    raw, stat = toml_file.read_bytes(path)
    read_now = Fingerprint(stat.st_mtime_ns, stat.st_size, digest_of(raw))
    if read_now.digest != read_digest:
        raise FileChanged(path)
    text = toml_file.decode(raw, path)
    document = toml_file.parse(text, path)
    _apply(document, change, path)
    written = toml_file.dumps(document)
    if DiskWatch(path, read_now).check() is not DiskState.SAME:  # changed while we worked
        raise FileChanged(path)
    if written == text:
        return read_now.digest
    return toml_file.write_atomic(path, written)


def _apply(document: Document, change: ItemChange, path: Path) -> None:
    from pydantic import ValidationError

    from postmortem.document.model import ActionItem

    for index, item in enumerate(document.action_items):
        if item.id == change.item_id:
            try:
                document.action_items[index] = ActionItem.model_validate(
                    item.model_dump() | change.values())
            except ValidationError as error:
                detail = error.errors()[0]
                raise DocumentError(path, str(detail["msg"]).removeprefix("Value error, "),
                                    field=f"{change.item_id}.{detail['loc'][0]}") from error
            return
    raise DocumentError(path, f"has no action item {change.item_id} (any more)")
