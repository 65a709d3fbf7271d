"""The file as we last read or wrote it, kept (compressed) as the base of a three-way merge
should someone else change the file while we hold unsaved edits."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from postmortem.storage.rendering import Chunks, Packed, pieces


class Recording:
    """The bytes of one write, compressed as they go by (on the writer's thread)."""

    def __init__(self) -> None:
        import zlib

        self._compressor = zlib.compressobj(1)
        self._parts: list[bytes] = []

    def tee_chunks(self, chunks: Chunks) -> Iterator[bytes]:
        """The file's bytes from its rendered parts, as rendering.pieces gives them; a part
        packed already (a long timeline) is kept as it is packed, not compressed again, so
        the packed bytes may be several compressed streams one after another."""
        started = False
        for chunk in chunks:
            if not started:  # the newlines that would begin the file are left out
                for piece in pieces([chunk]):
                    started = True
                    yield self._record(piece)
            elif isinstance(chunk, Packed):
                self._keep_packed(chunk)
                yield from chunk.unpacked()
            elif chunk:
                yield self._record(chunk)

    def _record(self, piece: bytes) -> bytes:
        self._parts.append(self._compressor.compress(piece))
        return piece

    def _keep_packed(self, chunk: Packed) -> None:
        import zlib

        self._parts += [self._compressor.flush(), chunk.data]
        self._compressor = zlib.compressobj(1)

    def packed(self) -> bytes:
        return b"".join(self._parts) + self._compressor.flush()


class KnownVersion:
    """The last version of the file we know, packed: a 1 MB file (10,000 rows) is ~150 KB."""

    def __init__(self) -> None:
        self._packed: bytes | None = None
        self._lock = threading.Lock()

    def remember_bytes(self, data: bytes) -> None:
        import zlib

        with self._lock:
            self._packed = zlib.compress(data, 1)

    def remember_written(self, recording: Recording) -> None:
        with self._lock:
            self._packed = recording.packed()

    def forget(self) -> None:
        with self._lock:
            self._packed = None

    def text(self) -> str | None:
        """The version's text, or None when it is not known (e.g. the file was not ours)."""
        with self._lock:
            packed = self._packed
        if packed is None:
            return None
        return b"".join(Packed(packed).unpacked()).decode("utf-8", "replace")
