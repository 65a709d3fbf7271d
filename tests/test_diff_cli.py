"""`postmortem diff OLD NEW`: what changed, by section and field, rows matched by what they
are (a row added is one change, not a change to every row below it); `-` reads one version
from standard input, as `git show REV:FILE | postmortem diff - FILE` gives it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from postmortem import cli
from postmortem.document.model import ActionItem, Status, TimelineEvent
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load, save

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"


def edited(tmp_path: Path) -> Path:
    document = load(DEMO)
    document.incident.commander = "Priya R."
    document.insert_event(TimelineEvent(time=dt.datetime(2026, 3, 14, 14, 0, tzinfo=dt.UTC),
                                        event="On-call notices the payments dip"))
    document.timeline[3].milestone = None  # the old detection row, now fourth
    document.action_items[1].status = Status.VERIFIED
    document.action_items.append(ActionItem(id="AI-7", description="Rehearse the rollback"))
    document.preventive.process.append("Rollback drill every quarter")
    document.supporting.metrics_and_logs[0].label = "Decline rate"
    path = tmp_path / "new.toml"
    save(document, path)
    return path


def test_changes_by_section_and_field(tmp_path, capsys):
    assert cli.main(["diff", str(DEMO), str(edited(tmp_path))]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "Incident Information",
        '  Incident Commander: "Priya Raman" → "Priya R."',
        "Timeline",
        '  + 2026-03-14 14:00 "On-call notices the payments dip"',
        "  2026-03-14 14:21 milestone: Detected → none",
        "Action Items",
        '  AI-2 Status: "Completed" → "Verified"',
        '  + AI-7 "Rehearse the rollback"',
        "Preventive Measures",
        '  Process Improvements: + "Rollback drill every quarter"',
        "Supporting Information",
        '  Metrics and Logs: label of "https://grafana.example.com/d/payments?from=1773…": '
        '"Payment decline rate, 14 March" → "Decline rate"',
    ]


def test_the_same_document_is_no_difference(capsys):
    assert cli.main(["diff", str(DEMO), str(DEMO)]) == 0
    assert capsys.readouterr().out == ""


def test_one_version_from_standard_input_toml_or_markdown(tmp_path) -> None:
    new = edited(tmp_path)
    for old in (DEMO.read_bytes(), export_markdown(load(DEMO)).encode()):
        done = subprocess.run([sys.executable, "-m", "postmortem", "diff", "-", str(new)],
                              input=old, capture_output=True, timeout=120, check=False)
        assert done.returncode == 1, done.stderr
        assert done.stdout.decode().startswith("Incident Information\n  Incident Commander:")


def test_a_removed_row_and_item(tmp_path, capsys):
    document = load(DEMO)
    del document.timeline[4]
    del document.action_items[0]
    document.response.went_well.reverse()
    path = tmp_path / "fewer.toml"
    save(document, path)
    assert cli.main(["diff", str(DEMO), str(path)]) == 1
    out = capsys.readouterr().out
    assert '  - 2026-03-14 14:50 "Status page updated: checkout degraded in Europe"' in out
    assert '  - AI-1 "Add a pre-deploy handshake test against the prov…"' in out
    assert "  What Went Well: the same items, in another order" in out


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    assert cli.main(["diff", str(tmp_path / "nope.toml"), str(DEMO)]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'nope.toml'}: no such file\n"
    assert cli.main(["diff", "-", "-"]) == 2
