"""Putting a new version of the document in place without ever losing someone else's version.

Other copies of postmortem (a second window, `postmortem log`, the shelf) take the folder's lock
while they look at the file and write it, so they never interleave. Anything else (an editor,
`sed -i`, `git pull`) takes no lock; for those, the new file is swapped in with one atomic
exchange (Linux's renameat2 RENAME_EXCHANGE): whatever stood at the path at that very moment
ends up under the temporary name, where it is compared with the version we last knew. When it
is someone else's, it is kept beside the file, never deleted. A path that did not exist is
created with a hard link, which fails rather than replace a file that appeared meanwhile.
Where the exchange is not available, the file is compared once more just before a plain rename.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from postmortem.document.errors import SaveError
from postmortem.storage.watch import Fingerprint, fingerprint
from postmortem.storage.writing import Temporary, folder_of, sync_folder, write_temporary
from postmortem.storage.writing import reason as reason_for

LOCK_WAIT_SECONDS = 5.0


class StaleFile(Exception):
    """The file is not the version we last knew: someone else changed (or created) it."""


@dataclass(frozen=True)
class Replaced:
    """What replacing the file did."""

    fingerprint: Fingerprint  # of the file we put in place, as written
    displaced: Path | None = None  # someone else's version found in place, kept here


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's advisory lock (flock on the folder itself: no lock file to litter a
    repository); raises SaveError when another writer keeps it longer than wait."""
    import fcntl

    try:
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise SaveError(folder, reason_for(error)) from error
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise SaveError(folder, "another postmortem keeps writing here; try "
                                            "again") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def replace_file(path: Path, text: str | Iterable[bytes], known: Fingerprint | None, *,
                 new_file: bool = False, aside: Path | None = None,
                 digest: Callable[[], str] | None = None) -> Replaced:
    """Write text to path if path is still the version known, or absent (it was deleted, or
    is new); raises StaleFile (nothing written) when someone else changed or created it,
    SaveError when writing fails. Should someone else's rename land in the instant of
    replacing, their version is kept at aside. digest: how to hash what was written, when
    that is wanted (see Fingerprint), rather than hashing it as it is written."""
    path = Path(os.path.realpath(path))  # a symlink stays a link: its target is written
    with folder_lock(folder_of(path)):
        return replace_held(path, text, known, new_file=new_file, aside=aside, digest=digest)


def replace_held(path: Path, text: str | Iterable[bytes], known: Fingerprint | None, *,
                 new_file: bool = False, aside: Path | None = None,
                 digest: Callable[[], str] | None = None) -> Replaced:
    """replace_file for a caller that holds the folder's lock already (to read, change and
    write the file as one step, as `postmortem log` does); path has no symlink in it."""
    absent = _check_unchanged(path, known, new_file)
    written = write_temporary(path, text, hashed=digest is None)
    try:
        displaced = _put_in_place(written, path, known, absent)
    except BaseException:
        written.discard()
        raise
    kept = _keep_if_theirs(displaced, known, aside or aside_path(path, "theirs"))
    sync_folder(folder_of(path))
    return Replaced(Fingerprint.of(written.stat, digest or written.digest), kept)


def _check_unchanged(path: Path, known: Fingerprint | None, new_file: bool) -> bool:
    """Raise StaleFile unless path is the version known; True when it is absent (so writing
    creates it: new, or deleted since, which the author was told of)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return True
    except OSError as error:
        raise SaveError(path, reason_for(error)) from error
    if new_file or known is None:
        raise StaleFile(path)  # a file appeared where there was none
    refuse_read_only(path, stat)
    if known.same_stat(stat):
        return False  # the very file we know, untouched: no need to read it
    now = fingerprint(path)
    if now is None or now.digest != known.digest:
        raise StaleFile(path)
    return False


def refuse_read_only(path: Path, stat: os.stat_result) -> None:
    """A file nobody may write (chmod a-w, as a reviewer may set a published post-mortem) is
    not replaced, even where the folder would let us."""
    if not stat.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise SaveError(path, "the file is read-only (chmod u+w allows saving)")


def _put_in_place(written: Temporary, path: Path, known: Fingerprint | None,
                  absent: bool) -> Path | None:
    """Move the written file to path; returns the temporary name now holding what path held
    at that instant (None when nothing was there, or it could not be known)."""
    try:
        if absent:
            os.link(written.name, path)  # fails, replacing nothing, if a file appeared
            os.unlink(written.name)
            return None
        if exchange(written.name, path):
            return Path(written.name)
        if _check_unchanged(path, known, new_file=False):  # no exchange: look once more
            return _put_in_place(written, path, known, absent=True)
        os.replace(written.name, path)
    except FileExistsError as error:
        raise StaleFile(path) from error
    except OSError as error:
        raise SaveError(path, reason_for(error)) from error
    return None


def _keep_if_theirs(displaced: Path | None, known: Fingerprint | None, aside: Path) -> Path | None:
    """Drop the displaced file when it is the version we knew; otherwise keep it at aside."""
    if displaced is None:
        return None
    if known is not None and _same_stat(displaced, known):  # ours, untouched: not read again
        with contextlib.suppress(OSError):
            os.unlink(displaced)
        return None
    found = fingerprint(displaced)
    if found is None or (known is not None and found.digest == known.digest):
        with contextlib.suppress(OSError):
            os.unlink(displaced)
        return None
    os.replace(displaced, aside)
    return aside


def _same_stat(path: Path, known: Fingerprint) -> bool:
    try:
        return known.same_stat(os.stat(path))
    except OSError:
        return False


def aside_path(path: Path, kind: str, when: dt.datetime | None = None) -> Path:
    """FILE.mine-20260127-140211.toml beside FILE, never an existing file."""
    stamp = (when or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.{kind}-{stamp}.toml")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.{kind}-{stamp}-{number}.toml")
        number += 1
    return candidate


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_unsupported = False


def exchange(first: str, second: Path) -> bool:
    """Swap two paths atomically (renameat2 with RENAME_EXCHANGE); False where the system
    or the file system cannot, or second does not exist."""
    global _unsupported
    if _unsupported:
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        _unsupported = True
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        _unsupported = True
        return False
    if code == errno.ENOENT:
        return False
    raise OSError(code, os.strerror(code), str(second))
