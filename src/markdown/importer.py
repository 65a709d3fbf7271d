"""Markdown import: a post-mortem written to the standard, by this app or by hand, as a Document.

Nothing is dropped. Text that fits no field is kept as an Extra after the part it followed, is
exported there again, and is listed in the report. For a file this app exported,
export_markdown(import_markdown(md)) is the same text, byte for byte.

The import commands (import_file, toml_for_markdown) also mark the milestones the rows' words
suggest when the file marks none (review/suggest.py), and list them in the report.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from postmortem.document.errors import DocumentError
from postmortem.document.limits import (
    MAX_IMPORT_LINES,
    MAX_MARKDOWN_LINES,
    MAX_TABLE_CELLS,
    TooLarge,
    table_cells,
)
from postmortem.document.model import Document, drop_redundant_stated_times
from postmortem.document.outline import LABEL_BY_PATH, heading
from postmortem.document.review.suggest import apply_suggestions, suggested_milestones
from postmortem.document.text import sanitize
from postmortem.markdown.read_document import MarkdownReader
from postmortem.markdown.report import ImportReport
from postmortem.storage.rendering import encoded_data, snapshot
from postmortem.storage.toml_file import read_text, write_atomic

__all__ = ["ImportReport", "NotAPostmortem", "import_file", "import_markdown",
           "mark_suggested_milestones", "read_markdown", "read_markdown_data",
           "toml_for_markdown"]

# What a post-mortem has, for the error when a file has none of it.
_EXAMPLES = f"'## {heading('timeline')}', '{LABEL_BY_PATH['incident.id'].bold}'"


class NotAPostmortem(DocumentError):
    """The Markdown holds no post-mortem at all (empty, or none of the standard's headings and
    labels): a README, say, which the shelf passes over rather than lists as broken."""


def import_markdown(text: str) -> Document:
    return read_markdown(text)[0]


def read_markdown(text: str, path: Path | str | None = None) -> tuple[Document, ImportReport]:
    """The document a Markdown post-mortem holds, and the report of how it was read."""
    document, report, _ = read_markdown_data(text, path)
    return document, report


def read_markdown_data(text: str, path: Path | str | None = None,
                       ) -> tuple[Document, ImportReport, dict[str, Any]]:
    """read_markdown, and the data read before the model took it (its rows in the file's
    order, say), for a review."""
    _check_input(text, path)
    text = sanitize(text.removeprefix("\ufeff"))
    _check_lines(text, path)

    def check(parsed: str, source_line: Callable[[int], int]) -> None:
        _check_size(parsed, path, source_line)

    reader = MarkdownReader(text, check)
    data = reader.read()
    if reader.evidence() < 2:
        raise NotAPostmortem(path, "does not look like a post-mortem: none of the standard's "
                                  f"headings or labels were found (e.g. {_EXAMPLES})")
    try:
        document = Document.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        cause = first.get("ctx", {}).get("error")
        loc = cause.loc if isinstance(cause, TooLarge) else first["loc"]
        where = ".".join(str(part) for part in loc)
        raise DocumentError(path, f"could not import: {first['msg']}", field=where) from error
    reader.report.filled = _filled(document)
    reader.report.extras.sort()
    reader.report.unreadable.sort()
    return document, reader.report, data


def mark_suggested_milestones(document: Document, report: ImportReport) -> None:
    """Mark the milestones the rows' words suggest, when none is marked, and list them in the
    report: the import does this, so that the measured times can be checked at once."""
    suggestions = suggested_milestones(document)
    apply_suggestions(document, suggestions)
    drop_redundant_stated_times(document)
    report.suggested = [suggestion.describe() for suggestion in suggestions]


def import_file(md_path: Path, toml_path: Path | None = None, force: bool = False) -> int:
    """`postmortem import FILE.md [-o FILE.toml] [--force]`: write the TOML, print the report."""
    md_path = Path(md_path)
    target = Path(toml_path) if toml_path is not None else md_path.with_suffix(".toml")
    document, report = read_markdown(read_text(md_path), md_path)
    mark_suggested_milestones(document, report)
    if target.resolve() == md_path.resolve():
        raise DocumentError(target, "is the Markdown file being imported; choose another "
                                    "output with -o")
    if target.exists() and not force:
        raise DocumentError(target, "already exists; add --force to overwrite it, or write "
                                    "elsewhere with -o")
    _save(document, target)
    print(report.render(str(md_path)), file=sys.stderr)
    print(f"wrote {target}", file=sys.stderr)
    return 0


def toml_for_markdown(md_path: Path) -> Path:
    """The TOML file `postmortem FILE.md` opens: FILE.toml, imported from the Markdown unless it
    already exists. The Markdown itself is never written."""
    md_path = Path(md_path)
    target = md_path.with_suffix(".toml")
    if target.exists():
        print(f"postmortem: {target} already exists; opening it (not importing {md_path} "
              "again)", file=sys.stderr)
        return target
    if not md_path.exists():
        print(f"postmortem: {md_path} does not exist; starting a new post-mortem in {target}",
              file=sys.stderr)
        return target
    document, report = read_markdown(read_text(md_path), md_path)
    mark_suggested_milestones(document, report)
    _save(document, target)
    print(report.render(str(md_path)), file=sys.stderr)
    print(f"postmortem: imported into {target}", file=sys.stderr)
    return target


def _save(document: Document, target: Path) -> None:
    """save(), with the TOML written as it is rendered (byte for byte the same file)."""
    write_atomic(target, encoded_data(snapshot(document)))


def _check_input(text: str, path: Path | str | None) -> None:
    if "\x00" in text:
        raise DocumentError(path, "is a binary file, not Markdown")
    if not text.strip():
        raise NotAPostmortem(path, "is empty: there is nothing to import")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    if "schema_version" in data:
        raise DocumentError(path, "is a postmortem TOML file, not Markdown: there is nothing "
                                  "to import (open a .toml file with: postmortem FILE.toml)")


def _check_lines(text: str, path: Path | str | None) -> None:
    lines = text.count("\n") + 1
    if lines > MAX_IMPORT_LINES:
        raise DocumentError(path, f"has {lines:,} lines; a post-mortem to import may have at "
                                  f"most {MAX_IMPORT_LINES:,}", MAX_IMPORT_LINES + 1)


def _check_size(text: str, path: Path | str | None, source_line: Callable[[int], int]) -> None:
    """Refuse Markdown past the limits (limits.py) before parsing it, which is what costs,
    naming the line where it passes them. text is what is parsed: the file without the rows of
    its long tables (see table_lines.py); source_line gives a line of it in the file."""
    lines = text.count("\n") + 1
    if lines > MAX_MARKDOWN_LINES:
        raise DocumentError(path, f"has {lines:,} lines besides the rows of long tables; a "
                                  f"post-mortem to import may have at most "
                                  f"{MAX_MARKDOWN_LINES:,}",
                            source_line(MAX_MARKDOWN_LINES) + 1)
    cells = 0
    for line, run in _runs(text):
        cells += table_cells(run)
        if cells > MAX_TABLE_CELLS:
            raise DocumentError(path, f"has more than {MAX_TABLE_CELLS:,} table cells by here "
                                      "(each row counts as wide as its table); a post-mortem to "
                                      "import may have at most that many",
                                source_line(line - 1) + 1)


def _runs(text: str) -> Iterator[tuple[int, str]]:
    """The runs of lines between blank lines, each with the number of its first line."""
    run: list[str] = []
    first = 1
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            first = number if not run else first
            run.append(line)
        elif run:
            yield first, "\n".join(run)
            run = []
    if run:
        yield first, "\n".join(run)


def _filled(document: Document) -> list[str]:
    found: list[str] = []

    def walk(value: Any, name: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{name}.{key}" if name else key)
        elif isinstance(value, list):
            if value:
                found.append(f"{name} ({len(value)})")
        elif value not in ("", None):
            found.append(name.removesuffix(".value"))

    # The timeline is counted, not copied: 200,000 rows made into dicts cost 50 MB.
    data = document.model_dump(exclude={"schema_version", "last_action_number", "extras",
                                        "timeline"})
    for name in type(document).model_fields:
        if name == "timeline" and document.timeline:
            found.append(f"timeline ({len(document.timeline)})")
        elif name in data:
            walk(data[name], name)
    return found
