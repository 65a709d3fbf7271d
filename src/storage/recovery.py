"""Recovery copies: the latest unsaved work, kept where a crash cannot take it.

While the author types, a copy of the whole document is written (atomically) to the user's state
folder, $XDG_STATE_HOME/postmortem/recovery or ~/.local/state/postmortem/recovery, never beside
the document. Each running instance keeps its own copy, named after a hash of the document's
absolute path and the instance. A successful save removes it; so a copy found on start, that no
running instance holds, is work that never reached the file, and the app offers it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.document.errors import DocumentError, SaveError
from postmortem.document.unfinished import Unfinished, read_all
from postmortem.storage import rendering
from postmortem.storage import toml_file as storage
from postmortem.storage.writing import reason

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
    return parse_document(storage.read_bytes(path)[0], path)


def parse_document(raw: bytes, path: Path, *, yielding: bool = False) -> Document:
    """The document in a file's bytes; every way they can fail is a DocumentError (yielding:
    see toml_file.parse_data)."""
    return _parse(raw, path, yielding=yielding)[0]


def read_recovery_copy(path: Path) -> tuple[Document, list[Unfinished]]:
    """A recovery copy: the document, and the typing that was not in it yet."""
    return _parse(storage.read_bytes(path)[0], path, with_unfinished=True)


def _parse(raw: bytes, path: Path, *, with_unfinished: bool = False,
           yielding: bool = False) -> tuple[Document, list[Unfinished]]:
    try:
        text = storage.decode(raw, path)
        data = storage.parse_data(text, path, yielding=yielding)
        unfinished = read_all(data.pop(UNFINISHED, None)) if with_unfinished else []
        return storage.validate(data, text, path), unfinished
    except RecursionError as error:
        raise DocumentError(path, "nested too deeply to be a post-mortem") from error
    except MemoryError as error:
        raise DocumentError(path, "too large to read") from error


UNFINISHED = "unfinished"  # the recovery copy's table of typing not in the document yet


def unfinished_pieces(unfinished: list[Unfinished]) -> list[bytes]:
    """The recovery copy's last part: the typing not in the document yet, as TOML."""
    if not unfinished:
        return []
    import tomli_w

    text = tomli_w.dumps({UNFINISHED: [item.as_data() for item in unfinished]})
    return [b"\n", text.encode("utf-8")]


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
    unfinished: list[Unfinished] = field(default_factory=list)  # typing not in the document


class RecoveryStore:
    """The recovery copies of one document: this instance's own, and those that instances which
    ended without saving left behind.

    Each running instance writes its own copy (so two windows on one file never remove each
    other's), and holds a lock on a companion file for as long as it runs: a copy whose lock
    nobody holds is unsaved work from an instance that is gone, and is offered. Copies are
    written to the first folder that takes them: the state folder, else a private folder in
    the temporary folder, else in /dev/shm (memory, for a full disk)."""

    def __init__(self, document_path: Path, root: Path | None = None) -> None:
        self.document_path = absolute(document_path)
        self.folders = [folder for folder in (
            (root or state_dir()) / "recovery", *_fallback_folders()) if folder is not None]
        self.folder = self.folders[0]
        self._instance = f"{os.getpid()}-{time.time_ns() % 10**9}"
        self._lock: int | None = None  # the descriptor holding this instance's lock
        self._closed = False  # the instance is done: a late write leaves its copy unheld
        self.news: str | None = None  # said once: copies went to another folder, and why

    @cached_property
    def stem(self) -> str:
        """The start of every copy's name for this document (hashes: not before first use)."""
        return copy_name(self.document_path).removesuffix(".toml")

    @property
    def path(self) -> Path:
        """This instance's copy."""
        return self.folder / f"{self.stem}.{self._instance}.toml"

    def exists(self) -> bool:
        return self.path.is_file()

    def write(self, document: Document) -> None:
        """Replace the copy with the document; raises SaveError (the old copy stays)."""
        self.write_snapshot(rendering.snapshot(document))

    def write_snapshot(self, data: dict[str, Any],
                       render: Callable[[dict[str, Any]], rendering.Chunks] = rendering.chunks_data,
                       unfinished: list[Unfinished] | None = None) -> None:
        """write, of a rendering.snapshot (rendered by render), with the typing not in the
        document yet; safe in another thread. Should the folder refuse it, the next folder
        that takes it is used from then on."""
        header = self._header().encode("utf-8")
        tail = unfinished_pieces(unfinished or [])
        failures: list[str] = []
        for folder in self.folders[self.folders.index(self.folder):]:
            try:
                self._write_in(folder, chain((header,), rendering.pieces(render(data)), tail))
            except SaveError as error:
                failures.append(f"{printable_path(folder)}: {error.reason}")
                continue
            if failures:
                self.news = (f"Recovery copies now go to {printable_path(folder)}, as "
                             f"{'; '.join(failures)}.")
            return
        raise SaveError(self.folder, "no folder takes the recovery copy (" +
                        "; ".join(failures) + ")")

    def _write_in(self, folder: Path, pieces: Iterable[bytes]) -> None:
        if folder != self.folder:
            self.remove()  # the copy moves: one copy per instance
            self._release()
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise SaveError(folder, f"cannot create the folder: {error.strerror}") from error
        self.folder = folder
        if not self._closed:  # a write after close holds nothing: the next start may offer it
            self._hold_lock()
        try:
            storage.write_atomic(self.path, pieces, hashed=False)
        finally:
            if self._closed:
                self._release()  # written after close: the next start must be able to offer it

    def _hold_lock(self) -> None:
        if self._lock is not None:
            return
        import fcntl

        try:
            descriptor = os.open(self._lock_path(self.path), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise SaveError(self.folder, reason(error)) from error
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        self._lock = descriptor

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    @staticmethod
    def _lock_path(copy: Path) -> Path:
        return copy.with_suffix(".lock")

    def _header(self) -> str:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return (
            "# postmortem recovery copy: unsaved work for\n"
            f"# {printable_path(self.document_path)}\n"
            f"# written {now}. Open that file in postmortem to be offered this copy.\n"
        )

    def remove(self) -> None:
        """Remove this instance's copy (a copy that cannot be removed is compared, and offered
        if it differs, on the next start)."""
        with contextlib.suppress(OSError):
            self.path.unlink()

    def close(self) -> None:
        """This instance is done: its copy, if any is left, becomes another's to offer (as does
        one written later, by a write already under way)."""
        self._closed = True
        if self._lock is not None and not self.exists():
            with contextlib.suppress(OSError):
                self._lock_path(self.path).unlink()
        self._release()

    def left_behind(self) -> list[Path]:
        """Copies of this document that no running instance holds, newest first."""
        found = []
        for folder in self.folders:
            for copy in folder.glob(f"{glob.escape(self.stem)}*.toml"):
                if ".set-aside-" not in copy.name and copy != self.path and _unheld(
                        self._lock_path(copy)):
                    found.append(copy)
        return sorted(found, key=_mtime_ns, reverse=True)

    def set_aside(self, copy: Path) -> Path | None:
        """Move a copy out of the way (it is never deleted unseen); returns where it went."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = copy.with_name(f"{copy.stem}.set-aside-{stamp}.toml")
        try:
            os.replace(copy, target)
        except OSError:
            return None
        forget_copy(copy)
        return target

    def offer(self, current: Document) -> RecoveryOffer | None:
        """The newest copy left behind that holds something the file does not (copies that
        hold nothing more are removed); raises DocumentError when one cannot be read (it is
        left where it is)."""
        for copy in self.left_behind():
            try:
                copied = copy.stat()
            except OSError:
                continue
            document, unfinished = read_recovery_copy(copy)
            if document == current and not unfinished:
                forget_copy(copy)
                with contextlib.suppress(OSError):
                    copy.unlink()
                continue
            return RecoveryOffer(
                copy=copy,
                document_path=self.document_path,
                document=document,
                written_at=dt.datetime.fromtimestamp(copied.st_mtime),
                file_is_newer=_mtime_ns(self.document_path) > copied.st_mtime_ns,
                unfinished=unfinished,
            )
        return None


def forget_copy(copy: Path) -> None:
    """Remove the lock file of a copy that was taken, dropped or found to hold nothing more."""
    with contextlib.suppress(OSError):
        copy.with_suffix(".lock").unlink()


def _unheld(lock: Path) -> bool:
    """Whether no running instance holds this lock (a copy without one is from before locks)."""
    import fcntl

    try:
        descriptor = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def _fallback_folders() -> list[Path | None]:
    """Private folders to write recovery copies to when the state folder will not take them."""
    import tempfile

    user = f"postmortem-{os.getuid()}" if hasattr(os, "getuid") else "postmortem"
    shm = Path("/dev/shm")
    return [Path(tempfile.gettempdir()) / user / "recovery",
            shm / user / "recovery" if shm.is_dir() else None]


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0

