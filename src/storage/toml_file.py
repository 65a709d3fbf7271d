"""Reading and writing the document as TOML: canonical, diff-friendly and atomic."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The files are read with tomli, not tomllib: its compiled wheel gives the same data and the
# same errors in about two thirds of the time (tests/test_toml_reader.py checks both).
import tomli

from postmortem.document.errors import DocumentError
from postmortem.document.errors import SaveError as SaveError  # what writing raises
from postmortem.document.limits import MAX_FILE_BYTES as MAX_FILE_BYTES
from postmortem.document.limits import TooLarge
from postmortem.storage import timeline_reader
from postmortem.storage.writing import reason as _reason
from postmortem.storage.writing import write_atomic as write_atomic

if TYPE_CHECKING:  # the model (and pydantic) load after the first frame: see opening.py
    from pydantic import ValidationError

    from postmortem.document.model import Document



# --- writing -----------------------------------------------------------------------------------

def dumps(document: Document) -> str:
    """The canonical TOML text: fixed key order, one [[table]] per row, multi-line strings."""
    from postmortem.storage.rendering import dumps_data, snapshot

    return dumps_data(snapshot(document))


def save(document: Document, path: Path) -> None:
    """Write dumps' text atomically: rendered as autosave renders it (the timeline's rows in
    blocks, render_row's quick way: a fifth less CPU than dumps at 50,000 rows), written
    piece by piece (never one string), not hashed (nobody asks)."""
    from postmortem.storage.rendering import Renderer, pieces, snapshot

    renderer = Renderer()
    write_atomic(path, pieces(renderer.chunks(snapshot(document, renderer))), hashed=False)


# --- reading -----------------------------------------------------------------------------------

# A file longer than this has its timeline rows read by timeline_reader (a long timeline is
# most of a large file); a shorter one is read by the parser alone, as quickly.
FAST_TIMELINE_OVER = 64 * 1024

def load(path: Path) -> Document:
    return parse(read_text(path), path)


def read_text(path: Path) -> str:
    return decode(read_bytes(path)[0], path)


def read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes, and its status as they were read."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > MAX_FILE_BYTES:
                raise too_big(path, f"is {stat.st_size / 2**20:.1f} MiB")
            raw = handle.read(MAX_FILE_BYTES + 1)  # a device or pipe has no size to check first
            if len(raw) > MAX_FILE_BYTES:
                raise too_big(path, f"holds more than {MAX_FILE_BYTES // 2**20} MiB")
            return raw, stat
    except FileNotFoundError as error:
        raise DocumentError(path, "no such file") from error
    except IsADirectoryError as error:
        raise DocumentError(path, "is a folder, not a file") from error
    except OSError as error:
        raise DocumentError(path, f"cannot read: {_reason(error)}") from error


def too_big(path: Path, size: str) -> DocumentError:
    return DocumentError(path, f"{size}; a post-mortem file may be at most "
                               f"{MAX_FILE_BYTES // 2**20} MiB")


def decode(raw: bytes, path: Path | str | None = None) -> str:
    """The text of a file's bytes; a DocumentError names the line that is not UTF-8."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")  # editors on Windows add a BOM
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DocumentError(path, "is not UTF-8 text (a byte there is not valid UTF-8)", line) \
            from error


def parse(text: str, path: Path | str | None = None, *, yielding: bool = False) -> Document:
    return validate(parse_data(text, path, yielding=yielding), text, path)


def parse_data(text: str, path: Path | str | None = None, *,
               yielding: bool = False) -> dict[str, Any]:
    """The TOML text as plain data, not yet checked against the model. yielding: read by the
    standard library's reader, which gives the same data (tests/test_toml_reader.py) but is
    Python, so other threads run while it reads; tomli's compiled reader (and the timeline
    reader's long regular expression matches) hold the interpreter for the whole file (0.15 s
    at 10,000 rows), a pause of the app's keys when it reads in a worker thread."""
    if len(text) > FAST_TIMELINE_OVER and not yielding:
        data = timeline_reader.read(text, tomli.loads)
        if data is not None:
            return data
    loads = tomli.loads
    refusals: tuple[type[ValueError], ...] = (tomli.TOMLDecodeError,)
    if yielding:  # imported only here: a session that never reads this way does without it
        import tomllib

        loads, refusals = tomllib.loads, (tomllib.TOMLDecodeError,)
    try:
        return loads(text)
    except refusals as error:
        raise _toml_error(error, path) from error
    except ValueError as error:  # tomllib lets int()'s own refusal through
        raise _huge_integer(text, path) from error
    except RecursionError as error:
        raise DocumentError(path, "not valid TOML: arrays or tables nested too deeply") \
            from error


def validate(data: dict[str, Any], text: str, path: Path | str | None = None) -> Document:
    """The document in data (parsed from text); a DocumentError names the line at fault."""
    from pydantic import ValidationError

    from postmortem.document.model import Document

    try:
        return Document.model_validate(data)
    except ValidationError as error:
        raise _validation_error(error, text, path) from error


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


def _toml_error(error: ValueError, path: Path | str | None) -> DocumentError:
    message = str(error)
    match = _TOML_POSITION.search(message)
    line = int(match.group(1)) if match else None
    message = _TOML_POSITION.sub("", message)
    message = re.sub(r"\s*\(at end of document\)", " at the end of the file", message)
    return DocumentError(path, f"not valid TOML: {message[:1].lower()}{message[1:]}", line)


# From the start of a run of digits only: trying every digit of a long run would be quadratic.
_HUGE_INTEGER = re.compile(r"(?<![0-9_])[0-9][0-9_]{4300,}")


def _huge_integer(text: str, path: Path | str | None) -> DocumentError:
    """Python reads no integer of more than 4,300 decimal digits (sys.int_info)."""
    match = _HUGE_INTEGER.search(text)
    line = text.count("\n", 0, match.start()) + 1 if match else None
    return DocumentError(path, "not valid TOML: an integer has more than 4,300 digits", line)


def _validation_error(
    error: ValidationError, text: str, path: Path | str | None
) -> DocumentError:
    first = error.errors()[0]
    loc = tuple(first["loc"])
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, TooLarge):  # found before the fields were read: it knows where
        loc = cause.loc
    message = _plain_message(first)
    more = error.error_count() - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return DocumentError(path, message, locate(text, loc), field_name(loc))


def _plain_message(error: Any) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        return "unknown field (check its spelling, or whether it belongs in another section)"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind.startswith(("date", "datetime", "enum", "int", "string", "bool", "list", "model")):
        message += f", got {_shown(given)}"
    return message


def _shown(given: Any) -> str:
    """A value from the file, short enough for a one-line message."""
    if isinstance(given, dict | list):
        return type(given).__name__
    if isinstance(given, int) and given.bit_length() > 64:  # repr() refuses 4,300+ digits
        return f"an integer of {given.bit_length()} bits"
    if isinstance(given, str) and len(given) > 60:
        given = given[:60]
    return repr(given)[:60]


def field_name(loc: tuple[Any, ...]) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def locate(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line of the TOML text that holds the value at loc (a pydantic error location)."""
    best_line, best_depth = None, 0
    first_inside: int | None = None  # the first line of a part of loc, e.g. an array's first row
    table: tuple[Any, ...] = ()
    array_counts: dict[tuple[str, ...], int] = {}
    for number, raw in _statement_lines(text):
        line = raw.strip()
        if line.startswith("[["):
            names = _key_path(line.strip("[]"))
            index = array_counts.get(names, -1) + 1
            array_counts[names] = index
            table = (*names, index)
            candidate = table
        elif line.startswith("["):
            table = _key_path(line.strip("[]"))
            candidate = table
        elif "=" in line and not line.startswith("#"):
            candidate = (*table, *_key_path(line.split("=", 1)[0]))
        else:
            continue
        depth = _common_prefix(candidate, loc)
        if depth == len(candidate) and depth > best_depth:
            best_line, best_depth = number, depth
        elif loc and depth == len(loc) and first_inside is None:
            first_inside = number
    return best_line if best_line is not None else first_inside


def line_index(text: str) -> dict[str, int]:
    """The line of every table and key of the TOML text, by dotted path with the rows of an
    array of tables counted from 0 in the file's order ("timeline.3.event"); an array of
    tables' own path is its first row's line. One pass: for many lookups, where locate() would
    read the text again for each."""
    lines: dict[str, int] = {}
    table = ""
    array_counts: dict[str, int] = {}
    for number, raw in _statement_lines(text):
        line = raw.strip()
        if line.startswith("[["):
            names = ".".join(_key_path(line.strip("[]")))
            index = array_counts.get(names, -1) + 1
            array_counts[names] = index
            lines.setdefault(names, number)
            table = f"{names}.{index}"
            lines[table] = number
        elif line.startswith("["):
            table = ".".join(_key_path(line.strip("[]")))
            lines.setdefault(table, number)
        elif "=" in line and not line.startswith("#"):
            key = ".".join(_key_path(line.split("=", 1)[0]))
            lines.setdefault(f"{table}.{key}" if table else key, number)
    return lines


# What ends a stretch of plain characters: in a line, a comment or a string's opening quote; in
# a multi-line basic string, an escape or the closing quotes; in a multi-line literal one, its
# closing quotes. The lines are read from one of these to the next, never a character at a time.
_SPECIAL = re.compile(r"[#\"']")
_IN_BASIC = re.compile(r'\\.?|"""')
_IN_LITERAL = re.compile(r"'''")
_ONE_LINE = {'"': re.compile(r'"(?:[^"\\]|\\.)*(?:"|\\)?'), "'": re.compile(r"'[^']*'?")}


def _statement_lines(text: str) -> list[tuple[int, str]]:
    """The numbered lines that do not start inside a multi-line string (whose lines can look
    like keys or [tables] but are text)."""
    result: list[tuple[int, str]] = []
    quote = ""  # the delimiter of the multi-line string open at the end of the line so far
    for number, line in enumerate(text.splitlines(), start=1):
        if not quote:
            result.append((number, line))
        quote = _open_at_end(line, quote)
    return result


def _open_at_end(line: str, quote: str) -> str:
    """The multi-line string still open at the end of line ("" for none), given the one open
    at its start."""
    index = 0
    while index < len(line):
        if quote:
            found = (_IN_BASIC if quote == '"""' else _IN_LITERAL).search(line, index)
            if found is None:
                return quote
            index = found.end()
            if found.group().startswith("\\"):
                continue
            while line.startswith(quote[0], index):  # up to two quotes end the text
                index += 1
            quote = ""
            continue
        found = _SPECIAL.search(line, index)
        if found is None or found.group() == "#":
            return ""
        index = found.start()
        if line.startswith(('"""', "'''"), index):
            quote = line[index:index + 3]
            index += 3
        else:
            string = _ONE_LINE[line[index]].match(line, index)  # it matches the quote at least
            index = string.end() if string is not None else len(line)
    return quote


def _key_path(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def _common_prefix(a: tuple[Any, ...], b: tuple[Any, ...]) -> int:
    count = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        count += 1
    return count
