"""80x24 snapshot of the Review screen (F8) on a hand-written post-mortem whose stated times
disagree with its timeline, checked with the milestones its rows suggest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from postmortem.app.application import PostmortemApp
from postmortem.document import clock
from postmortem.markdown.importer import read_markdown
from postmortem.storage.toml_file import save

DISAGREEING = Path(__file__).parent / "md" / "stated_times_disagree.md"


def test_review_screen(snap_compare, tmp_path, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 5, 21))
    document, _ = read_markdown(DISAGREEING.read_text(encoding="utf-8"))
    document.action_items[0].owner = ""
    document.lessons_learned = "Ravi should have load-tested the change."
    path = tmp_path / "incident.toml"
    save(document, path)
    app = PostmortemApp(path, document)
    assert snap_compare(app, terminal_size=(80, 24), press=["f8"])
