"""The file as we last read or wrote it, kept (compressed) as the base of a three-way merge
should someone else change the file while we hold unsaved edits."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator

from postmortem.storage.rendering import Chunks, Packed, chunk_pieces, pieces

Version = tuple[bytes | Packed, ...]  # a file's bytes, as the pieces that were written


class Recording:
    """The bytes of one write, kept as the very pieces written (on the writer's thread): the
    renderer keeps them too (the timeline's blocks), so a version costs no copy and no CPU."""

    def __init__(self) -> None:
        self._parts: list[bytes | Packed] = []

    def tee_chunks(self, chunks: Chunks) -> Iterator[bytes]:
        """The file's bytes from its rendered parts, as rendering.pieces gives them; a part
        packed already (a large one) is kept as it is packed."""
        started = False
        for chunk in chunks:
            if started and isinstance(chunk, Packed):
                self._parts.append(chunk)
                yield from chunk.unpacked()
                continue
            for piece in chunk_pieces(chunk) if started else pieces([chunk]):
                started = True  # the newlines that would begin the file are left out
                self._parts.append(piece)
                yield piece

    def version(self) -> Version:
        return tuple(self._parts)


HISTORY = 4  # versions kept: enough to find the one a late writer started from


class KnownVersion:
    """The last versions of the file we know (read or written): one read is kept packed (a 1 MB
    file, 10,000 rows, is ~150 KB), one written is the pieces written, which share the
    timeline's blocks with the renderer. The newest is the base of a merge with someone
    else's change; an older one is, when their change was made to it (a writer that read
    the file before our last save landed and wrote after it)."""

    def __init__(self) -> None:
        self._packed: list[Version] = []  # oldest first
        self._written: list[bool] = []  # for each, whether it is one we wrote
        self._lock = threading.Lock()

    def remember_bytes(self, data: bytes) -> None:
        import zlib

        self._remember((Packed(zlib.compress(data, 1)),), written=False)

    def remember_written(self, recording: Recording) -> None:
        self._remember(recording.version(), written=True)

    def _remember(self, packed: Version, *, written: bool) -> None:
        with self._lock:
            self._packed = [*self._packed, packed][-HISTORY:]
            self._written = [*self._written, written][-HISTORY:]

    def forget(self) -> None:
        with self._lock:
            self._packed, self._written = [], []

    def text(self) -> str | None:
        """The newest version's text, or None when it is not known (e.g. the file was not
        ours)."""
        with self._lock:
            packed = self._packed[-1] if self._packed else None
        return None if packed is None else _unpacked(packed)

    def closest_to(self, theirs: bytes) -> str | None:
        """The version theirs most likely grew from (None when none is known): the one sharing
        the most lines with it, then the one whose changed lines theirs resembles most. Where
        that still ties, the older: a change that looks made to either is then merged as made
        to the older, so that our edit since is kept (as a conflict, at worst), never undone.
        Only a version we saved after can be that older one: with no save of ours since, what
        changed since was someone else's (a row another window added, then undid), not ours
        to keep."""
        with self._lock:
            history = _candidates(self._packed, self._written)
        # Lines counted, not a set: a duplicated row adds lines the file has already, and two
        # versions told apart by it alone tied, the older taken: the row was added twice.
        their_lines = Counter(theirs.decode("utf-8", "replace").splitlines())
        best: tuple[tuple[int, int], str] | None = None
        for packed in history:  # oldest first: a tie keeps the older
            text = _unpacked(packed)
            score = _distance(their_lines, Counter(text.splitlines()))
            if best is None or score < best[0]:
                best = (score, text)
        return None if best is None else best[1]


def _candidates(history: list[Version], written: list[bool]) -> list[Version]:
    """The versions a change may have been made to: the newest, and those before our last
    save."""
    last_save = max((index for index, ours in enumerate(written) if ours), default=-1)
    return [version for index, version in enumerate(history)
            if index <= last_save or index == len(history) - 1]


SIMILAR_LINES_COMPARED = 64  # beyond this many changed lines, only their number counts


def _distance(theirs: Counter[str], base: Counter[str]) -> tuple[int, int]:
    """How far theirs is from base: the lines only one of them has (counted), then (negated)
    how much of each line theirs changed it keeps of the line it most likely was."""
    added, removed = theirs - base, base - theirs
    count = added.total() + removed.total()
    if len(added) > SIMILAR_LINES_COMPARED or len(removed) > SIMILAR_LINES_COMPARED:
        return count, 0
    kept = sum(max((_shared_ends(line, old) for old in removed), default=0) for line in added)
    return count, -kept


def _shared_ends(one: str, other: str) -> int:
    """The characters two lines share at their start and their end."""
    start = len(os.path.commonprefix([one, other]))
    end = len(os.path.commonprefix([one[start:][::-1], other[start:][::-1]]))
    return start + end


def _unpacked(version: Version) -> str:
    return b"".join(piece for part in version for piece in chunk_pieces(part)
                    ).decode("utf-8", "replace")
