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

if TYPE_CHECKING:
    from postmortem.document.model import Document

PACK_OVER = 64 * 1024  # a part that renders to more bytes than this is kept packed
UNPACK_PIECE = 256 * 1024  # a packed part is written out this many bytes at a time
BLOCKS_OVER = 512  # an array of tables with this many rows is rendered a block at a time
BLOCK_ROWS = 128  # the blocks' rows on average...
MAX_BLOCK_ROWS = 1024  # ...and at most


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


Chunk = bytes | Packed
Chunks = Sequence[Chunk]  # a file's parts, in order: see pieces


def pieces(chunks: Chunks) -> Iterator[bytes]:
    """The file's bytes, part by part, a packed part a piece at a time; without the newlines
    that would begin the file (as dumps_data leaves them out)."""
    started = False
    for chunk in chunks:
        for piece in chunk.unpacked() if isinstance(chunk, Packed) else (chunk,):
            if not started:
                piece = piece.lstrip(b"\n")
                started = bool(piece)
            if piece:
                yield piece


def snapshot(document: Document, renderer: Renderer | None = None) -> dict[str, Any]:
    """The document as plain data (fresh containers, immutable values): it can be rendered in
    another thread while the document goes on changing. Quick (10,000 rows: 2 ms).

    The timeline, the one part that grows to thousands of rows, is held as FlatRows. When it
    is as renderer last rendered it, that very FlatRows is taken again: a save while typing
    elsewhere then makes no copy of the timeline (it is compared, and the comparison let go)."""
    from postmortem.document.model import TimelineEvent, redundant_stated_times

    data = document.model_dump(exclude_none=True, exclude={"timeline"})
    for name, held in redundant_stated_times(document).items():  # as loading holds it
        data["stated_times"][name] = held.model_dump()
    timeline = FlatRows.of(tuple(TimelineEvent.model_fields), document.timeline,
                           renderer.last("timeline") if renderer else None)
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
    def of(cls, fields: tuple[str, ...], rows: Sequence[object],
           previous: object = None) -> FlatRows | list[Any]:
        """The rows' fields; previous itself when it holds the same; [] for no rows (an
        empty array is written as a value, not as tables)."""
        if not rows:
            return []
        values = list(chain.from_iterable(map(attrgetter(*fields), rows)))
        if isinstance(previous, FlatRows) and previous.fields == fields \
                and previous.values == values:
            return previous
        return cls(fields, values)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, FlatRows) and self.fields == other.fields
                and self.values == other.values)

    __hash__ = None  # type: ignore[assignment]  # mutable, as a list is

    def tables(self) -> Iterator[dict[str, Any]]:
        width = len(self.fields)
        for start in range(0, len(self.values), width):
            row = self.values[start:start + width]
            yield {name: value for name, value in zip(self.fields, row, strict=True)
                   if value is not None}


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
    field of a 10,000-row post-mortem renders that field's part, not the whole timeline
    (about 90 ms, and a burst of short-lived objects). For one thread at a time, but for
    last, which any thread may ask.

    The parts are kept, and handed out, as UTF-8 (a large one Packed): written one after
    another (pieces) they are the file, and no copy of the whole text is ever made (one
    character beyond Latin-1 makes a Python string of the whole timeline twice as big as its
    UTF-8)."""

    def __init__(self) -> None:
        self._parts: dict[str, tuple[Any, Chunk]] = {}
        self._blocks: dict[str, dict[tuple[Any, ...], bytes]] = {}

    def last(self, key: str) -> Any:
        """The value of the part key as last rendered, or None."""
        cached = self._parts.get(key)
        return cached[0] if cached is not None else None

    def chunks(self, data: dict[str, Any]) -> list[Chunk]:
        plain = {k: v for k, v in data.items() if not isinstance(v, dict)
                 and not _is_table_array(v)}
        parts = {"": plain} | {k: v for k, v in data.items() if k not in plain}
        chunks = [self._render(key, value) for key, value in parts.items()]
        self._parts = {key: self._parts[key] for key in parts}
        self._blocks = {key: blocks for key, blocks in self._blocks.items() if key in parts}
        return chunks

    def dumps(self, data: dict[str, Any]) -> str:
        return b"".join(pieces(self.chunks(data))).decode("utf-8")

    def _render(self, key: str, value: Any) -> Chunk:
        cached = self._parts.get(key)
        if cached is not None and (cached[0] is value or cached[0] == value):
            return cached[1]
        if isinstance(value, FlatRows) and len(value.values) >= BLOCKS_OVER * len(value.fields):
            rendered: Chunk = self._render_blocks(key, value)
        else:
            rendered = _render_part(value if key == "" else {key: value})
        self._parts[key] = (value, rendered)
        return rendered

    def _render_blocks(self, key: str, rows: FlatRows) -> Packed:
        """A long array of tables, packed a block of rows at a time: a block that was rendered
        before (found by its values) is not rendered again. The blocks end where the rows'
        content says (see row_blocks), so a row added or removed changes one block only."""
        kept = self._blocks.get(key, {})
        blocks: dict[tuple[Any, ...], bytes] = {}
        packed: list[bytes] = []
        for block in row_blocks(rows):
            data = blocks.get(block) or kept.get(block)
            if data is None:
                data = _pack(_table_pieces({key: FlatRows(rows.fields, list(block))}, ()))
            blocks[block] = data
            packed.append(data)
        self._blocks[key] = blocks
        return Packed(b"".join(packed))


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


def row_blocks(rows: FlatRows) -> list[tuple[Any, ...]]:
    """The rows' values cut into blocks of about BLOCK_ROWS rows (at most MAX_BLOCK_ROWS): a
    block ends after a row whose first value's hash says so. The cuts depend on the rows
    alone, not on where they are, so an edit changes the block it is in and no other."""
    values, width = rows.values, len(rows.fields)
    blocks: list[tuple[Any, ...]] = []
    start = 0
    cuts = [row for row, first in enumerate(values[::width]) if hash(first) % BLOCK_ROWS == 0]
    for row in cuts:
        end = (row + 1) * width
        while end - start > MAX_BLOCK_ROWS * width:
            blocks.append(tuple(values[start:start + MAX_BLOCK_ROWS * width]))
            start += MAX_BLOCK_ROWS * width
        blocks.append(tuple(values[start:end]))
        start = end
    while start < len(values):
        blocks.append(tuple(values[start:start + MAX_BLOCK_ROWS * width]))
        start += MAX_BLOCK_ROWS * width
    return blocks


def _pack(pieces: Iterator[str]) -> bytes:
    """The pieces' UTF-8 as one packed stream."""
    packer = zlib.compressobj(1)
    data = [packer.compress(piece.encode("utf-8")) for piece in pieces]
    data.append(packer.flush())
    return b"".join(data)


def _is_table_array(value: Any) -> bool:
    if isinstance(value, FlatRows):
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
            header = f"\n[[{'.'.join((*path, key))}]]\n"
            for row in value.tables() if isinstance(value, FlatRows) else value:
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
