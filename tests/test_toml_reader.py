"""The files are read with tomli (compiled: faster) where tomllib would do: it must give
exactly tomllib's data, and fail with exactly tomllib's message, on every input."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import given, settings
from strategies import documents

from postmortem.document.errors import DocumentError
from postmortem.document.model import Document
from postmortem.storage import toml_file

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*"))
DEMO = Path(__file__).parent.parent / "data" / "demo.toml"
BROKEN = ["a = ", "a = 1\na = 2", "[a]\n[a]", 'a = "x', "x = [1,", "a = 1 b", "= 1",
          "a = {b=1,}", "a = {b=1,\nc=2}", 'a = "\\e"', "a = 12:30", "a = 1979-05-27T25:00:00",
          "a = 0x", "\x00", "a = [" * 2000, 'a = "\\x41"', "t = 07:32\nu = 1979-05-27 07:32"]


def outcome(loads: Any, text: str) -> tuple[str, object]:
    try:
        return "data", loads(text)
    except RecursionError:
        return "too deep", None
    except (tomllib.TOMLDecodeError, tomli.TOMLDecodeError) as error:
        return "error", str(error)


@pytest.mark.parametrize("path", [*CORPUS, DEMO], ids=lambda path: path.name)
def test_every_corpus_file_reads_as_tomllib_reads_it(path: Path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert outcome(tomli.loads, text) == outcome(tomllib.loads, text)


@pytest.mark.parametrize("text", BROKEN)
def test_broken_toml_fails_with_tomllib_words(text: str):
    assert outcome(tomli.loads, text) == outcome(tomllib.loads, text)


@settings(max_examples=60, deadline=None)
@given(documents())
def test_every_saved_document_reads_as_tomllib_reads_it(document: Document):
    text = toml_file.dumps(document)
    assert tomli.loads(text) == tomllib.loads(text)


@pytest.mark.parametrize("text", [*BROKEN, DEMO.read_text(encoding="utf-8")])
def test_the_yielding_reader_gives_the_same_data_and_the_same_messages(text: str):
    """What a worker thread reads (yielding: tomllib) is what the app reads (tomli)."""
    def parsed(**options: bool) -> tuple[str, object]:
        try:
            return "data", toml_file.parse_data(text, "x.toml", **options)
        except DocumentError as error:
            return "error", str(error)

    assert parsed(yielding=True) == parsed()
