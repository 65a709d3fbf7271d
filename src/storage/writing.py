"""Writing a file as the user means it: the file a symlink names is written, not the link;
a device or a FIFO is written to, not replaced; a regular file is replaced atomically, keeping
its permissions and, where we may, its owner and group."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from postmortem.document.errors import SaveError


def write_atomic(path: Path, text: str | Iterable[bytes], *, hashed: bool = True) -> str:
    """Replace the file at path with text (or UTF-8 pieces, written one after another), or
    leave it exactly as it was. Returns the digest of what it wrote (see watch.py; "" when
    not hashed: a recovery copy is never compared, and hashing 7 MB costs 4 ms).

    A symlink is written through: its target is replaced, in the target's folder, and the link
    stays a link. Anything that is not a regular file (a character device such as /dev/null, a
    FIFO) or that leads into /proc (/dev/stdout, /dev/fd/1: a process's open file) is written
    to directly: replacing it would destroy it, or miss the stream it stands for."""
    path = Path(path)
    pieces = (text.encode("utf-8"),) if isinstance(text, str) else text
    found = _status(path)
    if found is not None and (not stat.S_ISREG(found.st_mode) or _leads_into_proc(path)):
        return _write_in_place(path, pieces)
    return _replace(Path(os.path.realpath(path)), pieces, found, path, hashed)


def _status(path: Path) -> os.stat_result | None:
    """The status of what path names, through any symlinks; None when nothing is there yet."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SaveError(path, reason(error)) from error


def _leads_into_proc(path: Path) -> bool:
    """Whether path, or a symlink on the way to its file (of a folder too: /dev/fd/1), names
    something under /proc."""
    current = os.path.abspath(path)
    for _ in range(40):  # as many links as the kernel follows
        folder = os.path.realpath(os.path.dirname(current))
        current = os.path.join(folder, os.path.basename(current))
        if current == "/proc" or current.startswith("/proc/"):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(folder, os.readlink(current))  # relative to the link's folder
    return False


def _write_in_place(path: Path, pieces: Iterable[bytes]) -> str:
    import hashlib  # not at the top: the first frame does without it

    digest = hashlib.sha256()
    try:
        with open(path, "wb") as handle:
            for piece in pieces:
                handle.write(piece)
                digest.update(piece)
    except OSError as error:
        raise SaveError(path, reason(error)) from error
    return digest.hexdigest()


def _replace(path: Path, pieces: Iterable[bytes], found: os.stat_result | None,
             shown: Path, hashed: bool) -> str:
    """Write a new file beside path and rename it over path. path has no symlink in it (a
    dangling link's target is created); errors name shown, the path the user gave."""
    written = write_temporary(path, pieces, found, shown=shown, hashed=hashed)
    try:
        os.replace(written.name, path)
    except BaseException as error:
        written.discard()
        if isinstance(error, OSError):
            raise SaveError(shown, reason(error)) from error
        raise
    sync_folder(folder_of(path))
    return written.digest


@dataclass(frozen=True)
class Temporary:
    """A file written and synced beside its target, not yet put in place."""

    name: str
    digest: str  # of the bytes written
    stat: os.stat_result  # as written: its inode and time travel with it when it is renamed

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.name)


def folder_of(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def write_temporary(path: Path, text: str | Iterable[bytes],
                    found: os.stat_result | None = None, *,
                    shown: Path | None = None, hashed: bool = True) -> Temporary:
    """Write text (or UTF-8 pieces) to a new hidden file in path's folder, synced to disk and
    with the permissions, owner and group of found (the file it will replace; by default
    path's, if any); raises SaveError naming shown (or path), leaving nothing behind."""
    import hashlib  # (as tempfile)
    import tempfile  # not at the top: the first frame does without it

    pieces = (text.encode("utf-8"),) if isinstance(text, str) else text
    found = found if found is not None else _status(path)
    shown = shown or path
    digest = hashlib.sha256() if hashed else _NoDigest()
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                        dir=folder_of(path))
    except OSError as error:
        raise SaveError(shown, reason(error)) from error
    try:
        with os.fdopen(handle, "wb") as temp:
            write_batched(temp.fileno(), pieces, digest)
            os.fsync(temp.fileno())
        keep_owner(name, found)
        os.chmod(name, _mode(found))  # after chown, which clears set-user-ID bits
        written = os.stat(name)
    except BaseException as error:  # whatever stops the write, the temporary file goes
        with contextlib.suppress(OSError):
            os.unlink(name)
        if isinstance(error, OSError):
            raise SaveError(shown, reason(error)) from error
        raise
    return Temporary(name, digest.hexdigest(), written)


# Bytes handed to the kernel in one writev. A write per piece (a block of the timeline's rows,
# ~35 KB) costs twice the CPU in all (write, fsync and the unlink of the file it replaces: ext4
# does per call what it could do once): 7 MB, 50,000 rows, took 8 ms that way, 3.5 ms in 1 MB.
WRITE_BATCH = 1 << 20
_MOST_BUFFERS = 512  # at most this many pieces a call (the kernel takes 1,024)


class Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...


def write_batched(descriptor: int, pieces: Iterable[bytes], digest: Digest) -> None:
    """Write the pieces one after another to descriptor, about WRITE_BATCH bytes a call,
    hashing them into digest as they go by."""
    batch: list[bytes] = []
    held = 0
    for piece in pieces:
        digest.update(piece)
        batch.append(piece)
        held += len(piece)
        if held >= WRITE_BATCH or len(batch) >= _MOST_BUFFERS:
            write_all(descriptor, batch)
            batch, held = [], 0
    write_all(descriptor, batch)


def write_all(descriptor: int, batch: list[bytes]) -> None:
    """Write every byte of the batch (a short write, as a signal may cause, goes on where it
    stopped)."""
    views = [memoryview(piece).cast("B") for piece in batch if piece]
    first = 0
    while first < len(views):
        written = os.writev(descriptor, views[first:] if first else views)
        if written <= 0:
            raise OSError(errno.EIO, "the system wrote nothing")
        while first < len(views) and written >= len(views[first]):
            written -= len(views[first])
            first += 1
        if written:
            views[first] = views[first][written:]


class _NoDigest:
    def update(self, data: bytes) -> None:
        pass

    def hexdigest(self) -> str:
        return ""


def _mode(found: os.stat_result | None) -> int:
    if found is not None:
        return found.st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def keep_owner(temp_name: str, found: os.stat_result | None) -> None:
    """Give the new file the old one's owner and group, as far as we are allowed: root may
    give both, a member of the file's group that group."""
    if found is None:
        return
    mine = os.stat(temp_name)
    if (mine.st_uid, mine.st_gid) == (found.st_uid, found.st_gid):
        return
    try:
        os.chown(temp_name, found.st_uid, found.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.chown(temp_name, -1, found.st_gid)


def sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def reason(error: OSError) -> str:
    """Why an operation on a file failed, in plain words."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the folder does not exist",
        errno.EISDIR: "it is a folder",
        errno.ELOOP: "too many levels of symbolic links",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))
