"""Reading and writing the document as TOML: canonical, diff-friendly and atomic."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from postmortem.errors import DocumentError, SaveError
from postmortem.model import Document

MAX_FILE_BYTES = 64 * 1024 * 1024


# --- writing -----------------------------------------------------------------------------------

def dumps(document: Document) -> str:
    """The canonical TOML text: fixed key order, one [[table]] per row, multi-line strings."""
    return _render_table(document.model_dump(exclude_none=True), ()).lstrip("\n")


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _render_table(data: dict[str, Any], path: tuple[str, ...]) -> str:
    plain = {k: v for k, v in data.items() if not isinstance(v, dict) and not _is_table_array(v)}
    out = []
    if plain or (path and not data):
        header = f"\n[{'.'.join(path)}]\n" if path else ""
        out.append(header + _dump_literals(plain))
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(_render_table(value, (*path, key)))
        elif _is_table_array(value):
            header = f"\n[[{'.'.join((*path, key))}]]\n"
            out.extend(header + _dump_literals(row) for row in value)
    return "".join(out)


def save(document: Document, path: Path) -> None:
    write_atomic(path, dumps(document))


def write_atomic(path: Path, text: str) -> None:
    """Replace path with text, or leave it exactly as it was; keeps its permissions."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    mode = _mode_for(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise SaveError(path, _reason(error)) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as error:  # whatever stops the write, the temporary file goes
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError):
            raise SaveError(path, _reason(error)) from error
        raise
    _sync_folder(folder)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _reason(error: OSError) -> str:
    import errno

    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the folder does not exist",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


# --- reading -----------------------------------------------------------------------------------

def load(path: Path) -> Document:
    return parse(read_text(path), path)


def read_text(path: Path) -> str:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DocumentError(path, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB")
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise DocumentError(path, "no such file") from error
    except IsADirectoryError as error:
        raise DocumentError(path, "is a folder, not a file") from error
    except OSError as error:
        raise DocumentError(path, f"cannot read: {_reason(error)}") from error
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")  # editors on Windows add a BOM
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DocumentError(path, "is not UTF-8 text (a byte there is not valid UTF-8)", line) \
            from error


def parse(text: str, path: Path | str | None = None) -> Document:
    try:
        data = fast_loads(text)
        if data is None:
            data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(error, path) from error
    except RecursionError as error:
        raise DocumentError(path, "not valid TOML: arrays or tables nested too deeply") \
            from error
    try:
        return Document.model_validate(data)
    except ValidationError as error:
        raise _validation_error(error, text, path) from error


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)")


def _toml_error(error: tomllib.TOMLDecodeError, path: Path | str | None) -> DocumentError:
    message = str(error)
    match = _TOML_POSITION.search(message)
    line = int(match.group(1)) if match else None
    message = _TOML_POSITION.sub("", message)
    message = re.sub(r"\s*\(at end of document\)", " at the end of the file", message)
    return DocumentError(path, f"not valid TOML: {message[:1].lower()}{message[1:]}", line)


def _validation_error(
    error: ValidationError, text: str, path: Path | str | None
) -> DocumentError:
    first = error.errors()[0]
    loc = tuple(first["loc"])
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
        shown = repr(given) if not isinstance(given, dict | list) else type(given).__name__
        message += f", got {shown[:60]}"
    return message


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


def _statement_lines(text: str) -> list[tuple[int, str]]:
    """The numbered lines that do not start inside a multi-line string (whose lines can look
    like keys or [tables] but are text)."""
    result: list[tuple[int, str]] = []
    quote = ""  # the delimiter of the multi-line string open at the end of the line so far
    for number, line in enumerate(text.splitlines(), start=1):
        if not quote:
            result.append((number, line))
        index = 0
        while index < len(line):
            if quote:
                if quote == '"""' and line[index] == "\\":
                    index += 2
                elif line.startswith(quote, index):
                    index += 3
                    while line.startswith(quote[0], index):  # up to two quotes end the text
                        index += 1
                    quote = ""
                else:
                    index += 1
            elif line[index] == "#":
                break
            elif line.startswith(('"""', "'''"), index):
                quote = line[index:index + 3]
                index += 3
            elif line[index] in "\"'":
                index = _string_end(line, index)
            else:
                index += 1
    return result


def _string_end(line: str, start: int) -> int:
    """The index after the one-line string that starts at line[start]."""
    index = start + 1
    while index < len(line) and line[index] != line[start]:
        index += 2 if line[start] == '"' and line[index] == "\\" else 1
    return index + 1


def _key_path(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in text.split("."))


def _common_prefix(a: tuple[Any, ...], b: tuple[Any, ...]) -> int:
    count = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        count += 1
    return count


# --- the canonical form, fast ------------------------------------------------------------------
# tomllib and tomli_w are pure Python and go character by character: about 170 ms to read and
# 80 ms to write a 10,000-row timeline. The file is nearly always in the canonical form dumps()
# writes, so each has a fast path for exactly that form, built on whole-line regular
# expressions, giving exactly what tomllib and tomli_w give. Anything else (comments, inline
# tables, literal strings, a duplicate key, ...) falls back to them, errors included.

class _NotCanonical(Exception):
    pass


# Runs of plain characters, or escapes. Possessive (++, *+): there is one way to split a string
# into these, so never backtracking keeps a line that does not match from costing more than one.
_ESCAPE = r'\\[btnfr"\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}'
_BASIC = rf'(?:[^"\\\x00-\x08\x0a-\x1f\x7f]++|{_ESCAPE})*+'
_MULTILINE = rf'(?:[^"\\\x00-\x08\x0b-\x1f\x7f]++|{_ESCAPE})*+'
_STRING = rf'"{_BASIC}"|"""\n{_MULTILINE}"""'
_KEY = r"[A-Za-z0-9_-]+"
_HOUR = r"(?:[01]\d|2[0-3])"
_LINE = re.compile(
    rf"""
     [ \t]*(?P<blank>\n)
    |\[\[(?P<array_table>{_KEY}(?:\.{_KEY})*)\]\]\n
    |\[(?P<table>{_KEY}(?:\.{_KEY})*)\]\n
    |(?P<key>{_KEY})\ =\ (?:
        "(?P<string>{_BASIC})"
       |\"\"\"\n(?P<multiline>{_MULTILINE})\"\"\"
       |(?P<datetime>\d{{4}}-\d\d-\d\d\ {_HOUR}:[0-5]\d:[0-5]\d(?:[+-]{_HOUR}:[0-5]\d|Z)?)
       |(?P<date>\d{{4}}-\d\d-\d\d)
       |(?P<integer>-?(?:0|[1-9][0-9]*))
       |(?P<boolean>true|false)
       |(?P<empty>\[\])
       |\[\n(?P<array>(?:\ {{4}}(?:{_STRING}),\n)+)\]
    )\n
    """,
    re.VERBOSE | re.ASCII,  # ASCII: \d is 0-9 only, as in TOML (int() reads other digits too)
)
_ITEM = re.compile(rf' {{4}}(?:"({_BASIC})"|"""\n({_MULTILINE})"""),\n')
_TOML_ESCAPE = re.compile(r'\\(?:([btnfr"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))')
_TOML_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(match: re.Match[str]) -> str:
    if match.group(1):
        return _TOML_ESCAPES[match.group(1)]
    code = int(match.group(2) or match.group(3), 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _NotCanonical  # tomllib: not a Unicode scalar value
    return chr(code)


def _string(source: str) -> str:
    return _TOML_ESCAPE.sub(_unescape, source) if "\\" in source else source


def _value(match: re.Match[str], kind: str) -> Any:
    source = match.group(kind)
    if kind == "string" or kind == "multiline":
        return _string(source)
    if kind == "datetime":  # the regex admits only what tomllib reads the same way
        return dt.datetime.fromisoformat(source)
    if kind == "date":
        return dt.date(int(source[0:4]), int(source[5:7]), int(source[8:10]))
    if kind == "integer":
        return int(source)
    if kind == "boolean":
        return source == "true"
    if kind == "empty":
        return []
    items = []
    end = 0
    for item in _ITEM.finditer(source):
        if item.start() != end:
            raise _NotCanonical
        end = item.end()
        single, multiline = item.groups()
        items.append(_string(single if single is not None else multiline))
    if end != len(source):
        raise _NotCanonical
    return items


def fast_loads(text: str) -> dict[str, Any] | None:
    """What tomllib.loads(text) returns, when text is in the canonical form; otherwise None."""
    if "\r" in text:
        return None
    if not text.endswith("\n"):
        text += "\n"
    try:
        return _fast_loads(text)
    except (_NotCanonical, ValueError, OverflowError):
        return None


def _fast_loads(text: str) -> dict[str, Any]:
    root: dict[str, Any] = {}
    current = root
    # Every table a [header] or [[header]] made, by identity: others are implicit parents.
    headed: set[int] = set()
    array_tables: set[int] = set()  # the lists [[header]] made (a `key = [...]` is frozen)
    match_line = _LINE.match
    position, end = 0, len(text)
    while position < end:
        match = match_line(text, position)
        if match is None:
            raise _NotCanonical
        position = match.end()
        kind = match.lastgroup
        if kind == "blank":
            continue
        if kind == "table" or kind == "array_table":
            *parents, last = match.group(kind).split(".")
            table = root
            for name in parents:
                table = table.setdefault(name, {})
                if not isinstance(table, dict):
                    raise _NotCanonical  # a value, or a table in an array: leave it to tomllib
            if kind == "table":
                current = table.setdefault(last, {})
                if not isinstance(current, dict) or id(current) in headed:
                    raise _NotCanonical
            else:
                rows = table.get(last)
                if rows is None:
                    rows = table[last] = []
                    array_tables.add(id(rows))
                elif id(rows) not in array_tables:
                    raise _NotCanonical  # a table, a value or a `key = [...]` array
                current = {}
                rows.append(current)
            headed.add(id(current))
            continue
        key = match.group("key")
        if kind is None or key in current:
            raise _NotCanonical
        current[key] = _value(match, kind)
    return root


# tomli_w's string escapes (multi-line strings keep their newlines), and the characters that
# need one: control characters other than tab, the quote and the backslash.
_COMPACT_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"',
                    "\\": "\\\\"}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_NEEDS_ESCAPE_MULTILINE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f"\\]')
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _COMPACT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _toml_string(value: str) -> str:
    if "\n" in value:
        value = value.replace("\r\n", "\n")
        return '"""\n' + _NEEDS_ESCAPE_MULTILINE.sub(_escape, value) + '"""'
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _toml_literal(value: Any) -> str | None:
    """tomli_w's rendering of a value, for the kinds a document holds; None for the rest."""
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | dt.date):  # dt.datetime is a dt.date
        return str(value)
    if isinstance(value, list):
        if not value:
            return "[]"
        items = []
        for item in value:
            if isinstance(item, list):
                return None
            literal = _toml_literal(item)
            if literal is None:
                return None
            items.append("    " + literal)
        return "[\n" + ",\n".join(items) + ",\n]"
    return None


_BARE_KEYS: set[str] = set()  # keys seen to be bare (a document has a few dozen)


def _is_bare(key: str) -> bool:
    if key in _BARE_KEYS:
        return True
    if not _BARE_KEY.fullmatch(key):
        return False
    if len(_BARE_KEYS) < 1000:
        _BARE_KEYS.add(key)
    return True


def _dump_literals(table: dict[str, Any]) -> str:
    """tomli_w.dumps(table, multiline_strings=True) for a table of plain values."""
    lines = []
    for key, value in table.items():
        literal = _toml_string(value) if type(value) is str else _toml_literal(value)
        if literal is None or not _is_bare(key):
            return str(tomli_w.dumps(table, multiline_strings=True))
        lines.append(f"{key} = {literal}\n")
    return "".join(lines)
