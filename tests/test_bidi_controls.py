"""Bidirectional controls (embeddings, overrides, isolates, marks) are dropped from every text
that enters the document, whatever the route: a UI edit, a loaded TOML file, an imported
Markdown file. A reviewer reads the text in the order the file holds it. (Typing and pasting
them is in test_pastes.py.)"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import tomli_w

from postmortem.document.edits import set_at
from postmortem.document.model import Document
from postmortem.document.text import normalize_block, normalize_cell, normalize_line, sanitize
from postmortem.markdown.export import export_markdown
from postmortem.markdown.importer import import_markdown
from postmortem.storage import toml_file as storage

BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069", "\u200e", "\u200f", "\u061c")
# "Trojan Source": shown right to left, this reads "refund approved", not what it is.
SPOOF = "refund \u202edevorppa ton\u202c"


@pytest.mark.parametrize("char", BIDI)
def test_each_bidi_control_is_dropped_and_is_not_printable(char: str) -> None:
    assert unicodedata.category(char) == "Cf"
    assert not char.isprintable()  # so the normalisers' printable fast paths never skip one
    value = f"a{char}b\n{char}c"
    assert sanitize(value) == "ab\nc"
    assert normalize_line(value) == "ab c"
    assert normalize_cell(value) == "ab\nc"
    assert normalize_block(f"# h{char}\n{value}") == "#### h\nab\nc"


def test_joiners_that_are_not_direction_controls_stay() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # an emoji joined by ZWJ
    assert sanitize(f"{family} \u05e9\u05dc\u05d5\u05dd") == f"{family} \u05e9\u05dc\u05d5\u05dd"


def test_an_edit_from_the_ui_route_drops_them() -> None:
    document = Document()
    set_at(document, "title", SPOOF)
    set_at(document, "executive_summary", SPOOF)
    assert document.title == document.executive_summary == "refund devorppa ton"


def test_a_loaded_toml_file_drops_them_and_fmt_check_flags_the_file(tmp_path: Path) -> None:
    path = tmp_path / "spoof.toml"
    path.write_text(tomli_w.dumps({"schema_version": 1, "title": SPOOF,
                                   "executive_summary": f"line {SPOOF}"}), encoding="utf-8")
    document = storage.load(path)
    assert document.title == "refund devorppa ton"
    assert document.executive_summary == "line refund devorppa ton"
    markdown = export_markdown(document)
    assert not any(char in markdown for char in BIDI)
    check = subprocess.run([sys.executable, "-m", "postmortem", "fmt", "--check", str(path)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 1  # the file differs from what it means: fmt rewrites it
    assert subprocess.run([sys.executable, "-m", "postmortem", "fmt", str(path)],
                          timeout=60).returncode == 0
    assert not any(char in path.read_text(encoding="utf-8") for char in BIDI)


def test_an_imported_markdown_file_drops_them() -> None:
    document = import_markdown(f"# Post-Mortem: {SPOOF}\n\n## Executive Summary\n\n{SPOOF}\n")
    assert document.title == "refund devorppa ton"
    assert document.executive_summary == "refund devorppa ton"
