"""Recovery copies: the latest unsaved work, kept where a crash cannot take it.

While the author types, a copy of the whole document is written (atomically) to the user's state
folder, $XDG_STATE_HOME/postmortem/recovery or ~/.local/state/postmortem/recovery, never beside
the document. There is one copy per document, named after a hash of its absolute path. A
successful save removes it; so a copy found on start is work that never reached the file, and
the app offers it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.document.errors import DocumentError, SaveError
from postmortem.storage import rendering
from postmortem.storage import toml_file as storage

if TYPE_CHECKING:
    from postmortem.document.model import Document


def state_dir() -> Path:
    """Where postmortem keeps its state: the user's state folder as platformdirs says it
    ($XDG_STATE_HOME/postmortem or ~/.local/state/postmortem on Linux)."""
    import platformdirs  # already loaded by Textual when the app runs

    return platformdirs.user_state_path("postmortem", appauthor=False)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to put on a terminal: control characters (ESC above all) shown as escapes."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def printable_path(path: Path) -> str:
    """A path as text that is safe to show or write anywhere (odd bytes and controls escaped)."""
    raw = os.fsencode(path).decode("utf-8", "backslashreplace")
    return printable(raw.replace("\n", "\\n"))


def read_document(path: Path) -> Document:
    """storage.load, with every way a hostile file can fail turned into a DocumentError."""
    try:
        return storage.load(path)
    except RecursionError as error:
        raise DocumentError(path, "nested too deeply to be a post-mortem") from error
    except MemoryError as error:
        raise DocumentError(path, "too large to read") from error


def absolute(path: Path) -> Path:
    return Path(os.path.abspath(path.expanduser()))


def copy_name(document_path: Path) -> str:
    """The recovery copy's file name: readable stem plus a hash of the absolute path."""
    full = absolute(document_path)
    import hashlib  # not at the top: the first frame does without it

    key = hashlib.sha256(os.fsencode(full)).hexdigest()[:16]
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", full.stem)[:40] or "document"
    return f"{stem}-{key}.toml"


@dataclass(frozen=True)
class RecoveryOffer:
    """Unsaved work found on start, and how it relates to the file."""

    copy: Path
    document_path: Path
    document: Document
    written_at: dt.datetime
    file_is_newer: bool  # the file was changed after the copy was written


class RecoveryStore:
    """The recovery copy of one document."""

    def __init__(self, document_path: Path, root: Path | None = None) -> None:
        self.document_path = absolute(document_path)
        self.folder = (root or state_dir()) / "recovery"

    @cached_property
    def path(self) -> Path:
        """Where the copy is: worked out when first asked, after the first frame (it hashes)."""
        return self.folder / copy_name(self.document_path)

    def exists(self) -> bool:
        return self.path.is_file()

    def write(self, document: Document) -> None:
        """Replace the copy with the document; raises SaveError (the old copy stays)."""
        self.write_snapshot(rendering.snapshot(document))

    def write_snapshot(self, data: dict[str, Any],
                       render: Callable[[dict[str, Any]], rendering.Chunks] = rendering.chunks_data,
                       ) -> None:
        """write, of a rendering.snapshot (rendered by render); safe in another thread."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise SaveError(self.folder, f"cannot create the folder: {error.strerror}") from error
        header = self._header().encode("utf-8")
        storage.write_atomic(self.path, chain((header,), rendering.pieces(render(data))))

    def _header(self) -> str:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return (
            "# postmortem recovery copy: unsaved work for\n"
            f"# {printable_path(self.document_path)}\n"
            f"# written {now}. Open that file in postmortem to be offered this copy.\n"
        )

    def remove(self) -> None:
        # a copy that cannot be removed is compared, and offered if it differs, on the next start
        with contextlib.suppress(OSError):
            self.path.unlink()

    def set_aside(self) -> Path | None:
        """Move the copy out of the way (it is never deleted unseen); returns where it went."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.set-aside-{stamp}.toml")
        try:
            os.replace(self.path, target)
        except OSError:
            return None
        return target

    def offer(self, current: Document) -> RecoveryOffer | None:
        """The copy, when it holds something the file does not; raises DocumentError when the
        copy exists but cannot be read (it is left where it is)."""
        try:
            copied = self.path.stat()
        except OSError:
            return None
        document = read_document(self.path)
        if document == current:
            self.remove()
            return None
        return RecoveryOffer(
            copy=self.path,
            document_path=self.document_path,
            document=document,
            written_at=dt.datetime.fromtimestamp(copied.st_mtime),
            file_is_newer=_mtime_ns(self.document_path) > copied.st_mtime_ns,
        )


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0

