"""What every command module shares: exit codes, how a command is added to the parser, `-` for
standard input and output, and the version."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.document.errors import DocumentError

if TYPE_CHECKING:
    from postmortem.document.model import Document

EXIT_OK, EXIT_DIFFERENT, EXIT_BAD_INPUT = 0, 1, 2
EXIT_CLOSED_PIPE = 141  # as a shell reports a command stopped by SIGPIPE (128 + 13)

DISTRIBUTION = "postmortem-writer"  # the package's name on the package index
STDIO = "-"  # a FILE argument of "-" means standard input (or standard output, for -o)
STDIN_NAME = "<stdin>"  # how errors name standard input, as compilers do

# The parser's add_parser: a command module's register(add) adds its commands with it.
AddCommand = Callable[..., argparse.ArgumentParser]
Handler = Callable[[argparse.Namespace], int]
Options = dict[str, Any]


def is_stdio(path: Path | str | None) -> bool:
    return path is not None and str(path) == STDIO


def read_input(path: Path) -> tuple[str, Path]:
    """The text of FILE, or of standard input for `-`; and the name errors give it. Raises
    DocumentError (FILE:LINE: what) for a file that is missing, too large or not UTF-8."""
    from postmortem.storage import toml_file as storage

    if not is_stdio(path):
        return storage.read_text(path), path
    name = Path(STDIN_NAME)
    raw = sys.stdin.buffer.read(storage.MAX_FILE_BYTES + 1)
    if len(raw) > storage.MAX_FILE_BYTES:
        raise DocumentError(name, f"input is larger than {storage.MAX_FILE_BYTES // 2**20} MiB")
    return storage.decode(raw, name), name


def load_input(path: Path) -> tuple[Document, Path]:
    """The post-mortem in FILE (or standard input for `-`), checked; and the name errors give
    it. Raises DocumentError."""
    from postmortem.storage import toml_file as storage

    text, name = read_input(path)
    return storage.parse(text, name), name


def write_output(text: str | Iterable[bytes], output: Path | str) -> None:
    """Write text (or its UTF-8, piece by piece) to standard output for `-`, else atomically
    to the file (said on stderr)."""
    if is_stdio(output):
        write_stdout(text)
        return
    from postmortem.storage.toml_file import write_atomic

    write_atomic(Path(output), text)
    print(f"wrote {output}", file=sys.stderr)


def write_stdout(text: str | Iterable[bytes]) -> None:
    """Write text to standard output as UTF-8 (what the standard's files are), all of it: an
    unbuffered stream (python -u) takes only what the pipe has room for in one write, and a
    reader that went away would otherwise go unnoticed. A closed pipe raises BrokenPipeError,
    which main answers. Pieces of UTF-8 are written as they come (a large file is never one
    string)."""
    sys.stdout.flush()
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # standard output replaced by a text stream (a caller capturing it)
        sys.stdout.write(text if isinstance(text, str) else b"".join(text).decode("utf-8"))
        return
    for piece in (text.encode("utf-8"),) if isinstance(text, str) else text:
        data = memoryview(piece)
        while data:
            written = stream.write(data)
            data = data[written if written is not None else 0:]
    stream.flush()


def version() -> str:
    """The installed package's version (pyproject.toml's, the one source); from the source
    tree's pyproject.toml when the package is not installed."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return _version_in_source_tree() or "unknown"


def _version_in_source_tree() -> str | None:
    import tomllib

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        project = tomllib.loads(pyproject.read_text("utf-8")).get("project", {})
    except (OSError, ValueError):
        return None
    found = project.get("version") if isinstance(project, dict) else None
    return found if isinstance(found, str) else None


class VersionAction(argparse.Action):
    """--version: print the version and stop; looked up only when asked, as reading the
    package's metadata costs every other start a few milliseconds."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"postmortem {version()}")
        parser.exit()
