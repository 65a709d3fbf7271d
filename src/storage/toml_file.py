"""Reading and writing the document as TOML: canonical, diff-friendly and atomic."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The files are read with tomli, not tomllib: its compiled wheel gives the same data and the
# same errors in about two thirds of the time (tests/test_toml_reader.py checks both).
import tomli

from postmortem.document.errors import DocumentError, SaveError

if TYPE_CHECKING:  # the model (and pydantic) load after the first frame: see opening.py
    from collections.abc import Iterable

    from pydantic import ValidationError

    from postmortem.document.model import Document

MAX_FILE_BYTES = 64 * 1024 * 1024


# --- writing -----------------------------------------------------------------------------------

def dumps(document: Document) -> str:
    """The canonical TOML text: fixed key order, one [[table]] per row, multi-line strings."""
    from postmortem.storage.rendering import dumps_data, snapshot

    return dumps_data(snapshot(document))


def save(document: Document, path: Path) -> None:
    write_atomic(path, dumps(document))


def write_atomic(path: Path, text: str | Iterable[bytes]) -> str:
    """Replace path with text (or UTF-8 pieces, written one after another), or leave it exactly
    as it was; keeps its permissions. Returns the digest of what it wrote (see watch.py)."""
    path = Path(path)
    written = write_temporary(path, text)
    try:
        os.replace(written.name, path)
    except BaseException as error:
        written.discard()
        if isinstance(error, OSError):
            raise SaveError(path, reason_for(error)) from error
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


def write_temporary(path: Path, text: str | Iterable[bytes]) -> Temporary:
    """Write text (or UTF-8 pieces) to a new hidden file in path's folder, synced to disk and
    with path's permissions; raises SaveError, leaving nothing behind."""
    import hashlib
    import tempfile  # not at the top: the first frame does without it

    pieces = (text.encode("utf-8"),) if isinstance(text, str) else text
    digest = hashlib.sha256()
    mode = _mode_for(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                        dir=folder_of(path))
    except OSError as error:
        raise SaveError(path, reason_for(error)) from error
    try:
        with os.fdopen(handle, "wb") as temp:
            for piece in pieces:
                temp.write(piece)
                digest.update(piece)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(name, mode)
        stat = os.stat(name)
    except BaseException as error:  # whatever stops the write, the temporary file goes
        with contextlib.suppress(OSError):
            os.unlink(name)
        if isinstance(error, OSError):
            raise SaveError(path, reason_for(error)) from error
        raise
    return Temporary(name, digest.hexdigest(), stat)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def reason_for(error: OSError) -> str:
    """What an OSError means, in the words we show a person."""
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
    return decode(read_bytes(path)[0], path)


def read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes, and its status as they were read."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > MAX_FILE_BYTES:
                raise DocumentError(path, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB")
            return handle.read(), stat
    except FileNotFoundError as error:
        raise DocumentError(path, "no such file") from error
    except IsADirectoryError as error:
        raise DocumentError(path, "is a folder, not a file") from error
    except OSError as error:
        raise DocumentError(path, f"cannot read: {reason_for(error)}") from error


def decode(raw: bytes, path: Path | str | None = None) -> str:
    """The text of a file's bytes; a DocumentError names the line that is not UTF-8."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")  # editors on Windows add a BOM
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DocumentError(path, "is not UTF-8 text (a byte there is not valid UTF-8)", line) \
            from error


def parse(text: str, path: Path | str | None = None) -> Document:
    return validate(parse_data(text, path), text, path)


def parse_data(text: str, path: Path | str | None = None) -> dict[str, Any]:
    """The TOML text as plain data, not yet checked against the model."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise _toml_error(error, path) from error
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


def _toml_error(error: tomli.TOMLDecodeError, path: Path | str | None) -> DocumentError:
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
