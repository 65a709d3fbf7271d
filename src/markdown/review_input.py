"""A post-mortem read for a review or a comparison: a TOML file or a Markdown one, from a path
or from standard input ("-", e.g. `git show REV:FILE | postmortem diff - FILE`), with what the
model no longer shows (the order rows were written in) and where each value stands in the file.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from postmortem.document.errors import DocumentError
from postmortem.document.model import Document
from postmortem.document.review.context import SourceFacts
from postmortem.storage.toml_file import (
    MAX_FILE_BYTES,
    decode,
    line_index,
    parse_data,
    read_text,
    validate,
)

STDIN = "-"
MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass
class ReviewInput:
    name: str  # as given: a path, or "-" for standard input
    document: Document
    facts: SourceFacts = field(default_factory=SourceFacts)
    lines: dict[str, int] = field(default_factory=dict)  # dotted path -> line (from 1)
    markdown: bool = False

    def line_of(self, path: str) -> int:
        """The line of the value at a dotted path (rows in the model's order), or of the
        nearest part of the document holding it that the file has; 1 when it has none."""
        parts = path.split(".")
        positions = self.facts.row_positions
        if parts[0] == "timeline" and len(parts) > 1 and parts[1].isdigit():
            row = int(parts[1])
            if row < len(positions):
                parts[1] = str(positions[row])
        while parts:
            line = self.lines.get(".".join(parts))
            if line is not None:
                return line
            parts.pop()
        return 1


def read_input(name: str) -> ReviewInput:
    """The post-mortem at a path, or on standard input for "-"; a DocumentError (FILE:LINE:
    what) when it cannot be read as one."""
    text = _stdin_text() if name == STDIN else read_text(Path(name))
    label = "<stdin>" if name == STDIN else name
    if _is_markdown(name, text):
        return _from_markdown(name, label, text)
    data = parse_data(text, label)
    document = validate(data, text, label)
    return ReviewInput(name, document, SourceFacts.from_data(data), line_index(text))


def _stdin_text() -> str:
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise DocumentError("<stdin>", f"is larger than {MAX_FILE_BYTES // 2**20} MiB")
    return decode(raw, "<stdin>")


_SCHEMA_LINE = re.compile(r"^\s*schema_version\s*=", re.MULTILINE)


def _is_markdown(name: str, text: str) -> bool:
    """By the file's suffix; on standard input, what has no `schema_version = …` line (every
    postmortem TOML file starts with one)."""
    if name != STDIN:
        return Path(name).suffix.lower() in MARKDOWN_SUFFIXES
    return _SCHEMA_LINE.search(text) is None


def _from_markdown(name: str, label: str, text: str) -> ReviewInput:
    from postmortem.markdown.importer import read_markdown_data

    document, report, data = read_markdown_data(text, label)
    return ReviewInput(name, document, SourceFacts.from_data(data), report.lines, markdown=True)
