"""The canonical TOML of a document: a snapshot of it as plain data, and its rendering.

Autosave and the recovery copy render a document again and again while it is being edited, in
a thread of their own: snapshot takes plain data the thread can render while the document
goes on changing, and a Renderer renders again only the parts that changed."""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from collections.abc import Iterator, Sequence
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import tomli_w

from postmortem.storage.timeline_rows import BLOCK_ROWS, RowCache, TimelineRows, render_columns

if TYPE_CHECKING:
    from postmortem.document.model import Document

PACK_OVER = 64 * 1024  # a part that renders to more bytes than this is kept packed
UNPACK_PIECE = 256 * 1024  # a packed part is written out this many bytes at a time


class Packed:
    """A large part's UTF-8, compressed: the timeline of 10,000 rows is 1.4 MB as text, a
    fifth of that packed. Unpacked a piece at a time as it is written, so the whole text of it
    is never in memory (packing and unpacking take a few ms)."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    def unpacked(self) -> Iterator[bytes]:
        """The text, a piece at a time; data may be several packed streams one after another
        (a long array of tables is packed a block of rows at a time: see Renderer)."""
        data = self.data
        while data:
            unpacker = zlib.decompressobj()
            pending = data
            while pending:
                piece = unpacker.decompress(pending, UNPACK_PIECE)
                pending = unpacker.unconsumed_tail
                if piece:
                    yield piece
                if unpacker.eof:
                    break
            rest = unpacker.flush()
            if rest:
                yield rest
            data = unpacker.unused_data


Chunk = bytes | Packed | TimelineRows
Chunks = Sequence[Chunk]  # a file's parts, in order: see pieces


def pieces(chunks: Chunks) -> Iterator[bytes]:
    """The file's bytes, part by part, a packed part a piece at a time; without the newlines
    that would begin the file (as dumps_data leaves them out)."""
    started = False
    for chunk in chunks:
        for piece in chunk_pieces(chunk):
            if not started:
                piece = piece.lstrip(b"\n")
                started = bool(piece)
            if piece:
                yield piece


def chunk_pieces(chunk: Chunk) -> Iterator[bytes]:
    if isinstance(chunk, Packed):
        return chunk.unpacked()
    if isinstance(chunk, TimelineRows):
        return chunk.pieces()
    return iter((chunk,))


def snapshot(document: Document, renderer: Renderer | None = None) -> dict[str, Any]:
    """The document as plain data (fresh containers, immutable values): it can be rendered in
    another thread while the document goes on changing. Quick, but for the timeline, the one
    part that grows to thousands of rows: with a renderer, it is its blocks of rendered rows
    (timeline_rows.py: what changed since the renderer's last snapshot costs, not the rest);
    without one, FlatRows, the values of every row."""
    from postmortem.document.model import TimelineEvent, redundant_stated_times

    data = document.model_dump(exclude_none=True, exclude={"timeline"})
    for name, held in redundant_stated_times(document).items():  # as loading holds it
        data["stated_times"][name] = held.model_dump()
    fields = tuple(TimelineEvent.model_fields)
    timeline = (renderer.rows(fields).take(document.timeline) if renderer is not None
                else FlatRows.of(fields, document.timeline))
    return {name: timeline if name == "timeline" else data[name]
            for name in type(document).model_fields if name == "timeline" or name in data}


class FlatRows:
    """An array of tables whose rows hold plain values only, all in one flat list: the first
    row's values in the order of fields, then the second row's, and so on. A third of the
    memory of a dict a row, and compared as quickly. None stands for a value left out."""

    __slots__ = ("fields", "values")

    def __init__(self, fields: tuple[str, ...], values: list[Any]) -> None:
        self.fields = fields
        self.values = values

    @classmethod
    def of(cls, fields: tuple[str, ...], rows: Sequence[object]) -> FlatRows | list[Any]:
        """The rows' fields; [] for no rows (an empty array is written as a value, not as
        tables)."""
        if not rows:
            return []
        return cls(fields, list(chain.from_iterable(map(attrgetter(*fields), rows))))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, FlatRows) and self.fields == other.fields
                and self.values == other.values)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list is

    def rendered(self, header: str) -> Iterator[str]:
        """The rows' tables, under header, BLOCK_ROWS rows a piece (timeline_rows.py)."""
        width = len(self.fields)
        step = BLOCK_ROWS * width
        for start in range(0, len(self.values), step):
            values = self.values[start:start + step]
            yield render_columns(self.fields, [values[column::width] for column in
                                               range(width)], header)


def dumps_data(data: dict[str, Any]) -> str:
    """The canonical TOML of a snapshot."""
    return "".join(_table_pieces(data, ())).lstrip("\n")


def encoded_data(data: dict[str, Any], size: int = UNPACK_PIECE) -> Iterator[bytes]:
    """dumps_data's text as UTF-8, about size characters at a time: written piece by piece, a
    file of 200,000 rows is never one string (56 MB, when a character is not Latin-1)."""
    batch: list[str] = []
    held = 0
    started = False
    for piece in _table_pieces(data, ()):
        if not started:
            piece = piece.lstrip("\n")
            started = bool(piece)
        batch.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(batch).encode("utf-8")
            batch, held = [], 0
    if held:
        yield "".join(batch).encode("utf-8")


def chunks_data(data: dict[str, Any]) -> list[Chunk]:
    """dumps_data, as the parts of the file (see pieces)."""
    return Renderer().chunks(data)


class Renderer:
    """The file's bytes for a document rendered again and again (autosave, the recovery copy):
    a part that has not changed since the last call is not rendered again, so typing in one
    field of a 10,000-row post-mortem renders that field's part, not the whole timeline. The
    timeline's rows are kept rendered in blocks (rows(), for the event loop's snapshot); the
    rest is for one thread at a time.

    The parts are kept, and handed out, as UTF-8 (a large one Packed, the timeline as
    TimelineRows): written one after another (pieces) they are the file, and no copy of the
    whole text is ever made (one character beyond Latin-1 makes a Python string of the whole
    timeline twice as big as its UTF-8)."""

    def __init__(self) -> None:
        self._parts: dict[str, tuple[Any, Chunk]] = {}
        self._rows: RowCache | None = None

    def rows(self, fields: tuple[str, ...]) -> RowCache:
        """The timeline's rendered rows, kept from one snapshot to the next."""
        if self._rows is None or self._rows.fields != fields:
            self._rows = RowCache(fields)
        return self._rows

    def chunks(self, data: dict[str, Any]) -> list[Chunk]:
        plain = {k: v for k, v in data.items() if not isinstance(v, dict)
                 and not _is_table_array(v)}
        parts = {"": plain} | {k: v for k, v in data.items() if k not in plain}
        chunks = [self._render(key, value) for key, value in parts.items()]
        self._parts = {key: self._parts[key] for key in parts}
        return chunks

    def dumps(self, data: dict[str, Any]) -> str:
        return b"".join(pieces(self.chunks(data))).decode("utf-8")

    def _render(self, key: str, value: Any) -> Chunk:
        cached = self._parts.get(key)
        if cached is not None and (cached[0] is value or cached[0] == value):
            return cached[1]
        rendered = value if isinstance(value, TimelineRows) else _render_part(
            value if key == "" else {key: value})
        self._parts[key] = (value, rendered)
        return rendered


def _render_part(table: dict[str, Any]) -> Chunk:
    """A part's UTF-8, packed as it is rendered once it grows past PACK_OVER."""
    out = io.BytesIO()  # its value is taken without a copy: no list of rows, no join
    packer = None
    for piece in _table_pieces(table, ()):
        data = piece.encode("utf-8")
        if packer is not None:
            out.write(packer.compress(data))
        else:
            out.write(data)
            if out.tell() > PACK_OVER:
                packer = zlib.compressobj(1)
                text, out = out.getvalue(), io.BytesIO()
                out.write(packer.compress(text))
    if packer is None:
        return out.getvalue()
    out.write(packer.flush())
    return Packed(out.getvalue())


def _is_table_array(value: Any) -> bool:
    if isinstance(value, FlatRows | TimelineRows):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table_pieces(data: dict[str, Any], path: tuple[str, ...]) -> Iterator[str]:
    """The TOML of a table, in pieces: its values, then its subtables, then a piece for each
    row of each array of tables."""
    plain = {k: v for k, v in data.items() if not isinstance(v, dict) and not _is_table_array(v)}
    if plain or (path and not data):
        header = f"\n[{'.'.join(path)}]\n" if path else ""
        yield header + _dump_literals(plain)
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _table_pieces(value, (*path, key))
        elif _is_table_array(value):
            if isinstance(value, TimelineRows):
                yield from (piece.decode("utf-8") for piece in value.pieces())
                continue
            header = f"\n[[{'.'.join((*path, key))}]]\n"
            if isinstance(value, FlatRows):
                yield from value.rendered(header)
                continue
            for row in value:
                yield header + _dump_literals(row)


def _dump_literals(table: dict[str, Any]) -> str:
    """tomli_w's text for a table of plain values (a timeline row: 1 µs, not tomli_w's 12)."""
    lines = []
    for key, value in table.items():
        literal = _plain_literal(value)
        if literal is None or _BARE_KEY.fullmatch(key) is None:
            return str(tomli_w.dumps(table, multiline_strings=True))
        lines.append(f"{key} = {literal}\n")
    return "".join(lines)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# What tomli_w escapes in a string (a newline only outside a multi-line string).
_ESCAPED = re.compile(r'[\x00-\x08\x0b-\x1f\x7f"\\]')


def _plain_literal(value: Any) -> str | None:
    """value as tomli_w writes it (multi-line strings on), for the common kinds; else None."""
    kind = type(value)
    if kind is str:
        if _ESCAPED.search(value) is not None:
            return None
        return f'"""\n{value}"""' if "\n" in value else f'"{value}"'
    if kind is dt.datetime or kind is dt.date or kind is int:
        return str(value)
    return None
