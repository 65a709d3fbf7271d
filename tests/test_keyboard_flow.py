"""The keyboard-flow script (bench/flow.py) types a post-mortem into a new file through the real
app, as a skilled user would, and every field it typed is in the export of what was saved."""

from __future__ import annotations

import sys
from pathlib import Path

from postmortem.document.model import Document
from postmortem.storage.toml_file import load, save

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import flow  # noqa: E402


def small_document() -> Document:
    """The demo cut down: a few rows, items and links in every section, milestones, whys."""
    document = load(flow.DEMO)
    document.timeline = document.timeline[1:4]  # impact start and detected among them
    document.five_whys.steps = document.five_whys.steps[:3]
    document.action_items = document.action_items[:2]
    document.response.went_poorly = document.response.went_poorly[:1]
    document.preventive.process = []
    document.supporting.metrics_and_logs = document.supporting.metrics_and_logs[:1]
    return document


def test_the_small_document_typed_key_by_key_is_all_in_the_export(tmp_path):
    source = tmp_path / "source.toml"
    save(small_document(), source)
    (tmp_path / "typed").mkdir()
    figure = flow.measure(source, tmp_path / "typed")
    assert figure.missing == []
    assert sum(figure.fields.values()) >= 50 and sum(figure.content_keys.values()) > 2000


def test_a_field_left_out_of_the_export_is_named(tmp_path):
    document = small_document()
    markdown = "nothing typed"
    missing = flow.missing_from(markdown, document)
    assert any(name.startswith("title:") for name in missing)
    assert any(name.startswith("action item AI-1") for name in missing)
