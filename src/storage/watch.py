"""Has the file changed on disk since we last read or wrote it?

A fingerprint is the file's inode, modification time, size and a hash of its bytes. The inode,
time and size are cheap to compare every couple of seconds; the hash is only read when they
differ, so a file that was merely touched (or rewritten with the same bytes) does not count as
changed. The inode tells a file put in place by someone else's rename from ours, whatever its
time says.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Fingerprint:
    """A file's identity (inode, modification time, size) and a hash of its bytes. The hash
    of a file we wrote ourselves may be given as a way to compute it (from the pieces
    written): it is only needed once the file's identity no longer matches, so the 4 ms it
    takes at 50,000 timeline rows is not spent on every save. Immutable."""

    __slots__ = ("_digest", "_hash_it", "inode", "mtime_ns", "size")

    def __init__(self, mtime_ns: int, size: int, digest: str | Callable[[], str],
                 inode: int = 0) -> None:  # inode 0: not known
        self.mtime_ns = mtime_ns
        self.size = size
        self.inode = inode
        self._digest: str | None = digest if isinstance(digest, str) else None
        self._hash_it: Callable[[], str] | None = None if isinstance(digest, str) else digest

    @classmethod
    def of(cls, stat: os.stat_result, digest: str | Callable[[], str]) -> Fingerprint:
        return cls(stat.st_mtime_ns, stat.st_size, digest, stat.st_ino)

    @property
    def digest(self) -> str:
        digest = self._digest
        if digest is None:  # two threads may both compute it: the same text either way
            assert self._hash_it is not None
            digest = self._digest = self._hash_it()
        return digest

    def same_stat(self, stat: os.stat_result) -> bool:
        same_file = not self.inode or self.inode == stat.st_ino
        return same_file and self.mtime_ns == stat.st_mtime_ns and self.size == stat.st_size

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, Fingerprint):
            return NotImplemented
        return (self.mtime_ns, self.size, self.inode) == (
            other.mtime_ns, other.size, other.inode) and self.digest == other.digest

    def __hash__(self) -> int:
        return hash((self.mtime_ns, self.size, self.inode))

    def __repr__(self) -> str:
        digest = self._digest if self._digest is not None else "(not computed yet)"
        return (f"Fingerprint(mtime_ns={self.mtime_ns}, size={self.size}, digest={digest}, "
                f"inode={self.inode})")


def digest_of(data: bytes) -> str:
    import hashlib  # not at the top: the first frame does without it

    return hashlib.sha256(data).hexdigest()


def fingerprint(path: Path) -> Fingerprint | None:
    """The file's fingerprint now, or None when it is missing or unreadable."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
    except OSError:
        return None
    return Fingerprint.of(stat, digest_of(data))


class DiskState(Enum):
    SAME = "same"
    CHANGED = "changed"  # someone else wrote different bytes
    MISSING = "missing"  # deleted, moved away, or unreadable


@dataclass
class DiskWatch:
    """Remembers the file as we last knew it and tells whether someone else has changed it."""

    path: Path
    known: Fingerprint | None = None

    def remember(self, print_: Fingerprint | None) -> None:
        self.known = print_

    def current(self) -> Fingerprint | None:
        """The file's fingerprint now; reuses the known hash when time and size are unchanged."""
        try:
            stat = self.path.stat()
        except OSError:
            return None
        if self.known is not None and self.known.same_stat(stat):
            return self.known
        return fingerprint(self.path)

    def check(self) -> DiskState:
        now = self.current()
        if now is None:
            return DiskState.MISSING
        if now is self.known:
            return DiskState.SAME  # the very file we know, untouched: its hash is not needed
        if self.known is not None and now.digest == self.known.digest:
            self.known = now  # touched, or rewritten with the same bytes: not a change
            return DiskState.SAME
        return DiskState.CHANGED
