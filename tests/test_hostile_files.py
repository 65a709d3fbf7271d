"""Hostile files found by fuzzing and by hand: times at the edge of the calendar, integers past
Python's 4,300-digit limit, IDs of thousands of digits. Every command that reads one says what
is wrong as FILE:LINE: field: what, exits 2, shows no traceback and leaves the file as it was."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from postmortem.cli import main

HUGE = "1" * 5000  # past int("...")'s limit of 4,300 digits
HUGE_HEX = "0x" + "f" * 5000  # no limit on reading it, but str() of it fails


def run(*args: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(arg) for arg in args])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue(), err.getvalue()


def assert_refused(path: Path, command: str, line: int | None, field: str | None,
                   says: str) -> None:
    """The command exits 2 with one line, FILE[:LINE]: [field:] what, and the file unchanged."""
    before = path.read_bytes(), path.stat().st_mtime_ns
    args = {"fmt": ["fmt", "--check", path], "export": ["export", path], "open": [path],
            "check": ["check", path],
            "import": ["import", path, "-o", path.with_suffix(".out.toml")]}[command]
    code, _, err = run(*args)
    where = f"{path}:{line}" if line is not None else str(path)
    prefix = f"{where}: {field}: " if field else f"{where}: "
    assert code == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith(prefix), err
    assert re.search(says, err), err
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert not path.with_suffix(".out.toml").exists()


TOML_CASES = {
    "a time that is before year 1 in UTC": (
        'schema_version = 1\n\n[[timeline]]\ntime = 0001-01-01T00:00:00+01:00\nevent = "x"\n',
        4, "timeline[0].time", "before 0001-01-01"),
    "a time that is after year 9999 in UTC": (
        'schema_version = 1\n\n[[timeline]]\ntime = 9999-12-31T23:59:00-01:00\nevent = "x"\n',
        4, "timeline[0].time", "after 9999-12-31"),
    "a decimal integer of 5,000 digits": (
        f"schema_version = 1\ntitle = \"x\"\nlast_action_number = {HUGE}\n",
        3, None, "more than 4,300 digits"),
    "an integer of 5,000 digits in an array": (
        f"schema_version = 1\n[incident]\nadditional_responders = [\n  1,\n  {HUGE},\n]\n",
        5, None, "more than 4,300 digits"),
    "a hexadecimal last_action_number of 20,000 bits": (
        f"schema_version = 1\nlast_action_number = {HUGE_HEX}\n",
        2, "last_action_number", "less than or equal to"),
    "a hexadecimal schema_version of 20,000 bits": (
        f"schema_version = {HUGE_HEX}\n",
        1, "schema_version", "newer postmortem"),
    "a hexadecimal integer where text belongs": (
        f"schema_version = 1\ntitle = {HUGE_HEX}\n",
        2, "title", "valid string, got an integer of 20000 bits"),
    "an action ID of 5,000 digits": (
        f'schema_version = 1\n\n[[action_items]]\nid = "AI-{HUGE}"\n',
        4, "action_items[0].id", "expected an ID like AI-1"),
    "a last_action_number past the largest ID": (
        "schema_version = 1\nlast_action_number = 1000000000\n",
        2, "last_action_number", "less than or equal to 999999999"),
}


@pytest.mark.parametrize("command", ["fmt", "export", "check", "open"])
@pytest.mark.parametrize("case", TOML_CASES, ids=lambda case: case.replace(" ", "-"))
def test_a_hostile_toml_file_gets_one_clear_line_and_exit_2(
        case: str, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_app(path: Path, document: object) -> int:
        raise AssertionError("a hostile file must never reach the app")

    monkeypatch.setattr("postmortem.app.application.run_app", no_app)
    text, line, field, says = TOML_CASES[case]
    path = tmp_path / "hostile.toml"
    path.write_text(text)
    assert_refused(path, command, line, field, says)


MARKDOWN_HEAD = "# Post-Mortem: edge\n\n## Incident Information\n\n**Incident ID:** INC-1  \n"


def import_of(tmp_path: Path, markdown: str) -> tuple[int, str, Path]:
    path = tmp_path / "edge.md"
    path.write_text(markdown)
    out = tmp_path / "edge.toml"
    code, _, err = run("import", path, "-o", out)
    assert "Traceback" not in err
    return code, err, out


def test_a_timeline_row_past_the_last_day_of_the_calendar_is_kept_as_unreadable(
        tmp_path: Path) -> None:
    markdown = MARKDOWN_HEAD + (
        "**Date:** 9999-12-31\n\n## Timeline\n\n| Time (UTC) | Event | Actions Taken |\n"
        "| --- | --- | --- |\n| 23:50 | last | a |\n| 00:10 | past the end | b |\n")
    code, err, out = import_of(tmp_path, markdown)
    assert code == 0, err
    assert re.search(r"line 13: \| 00:10 \| past the end \| b \|.*after 9999-12-31", err), err
    assert "past the end" in out.read_text()  # kept, as extra text under the Timeline


def test_an_action_id_of_thousands_of_digits_is_kept_as_unreadable(tmp_path: Path) -> None:
    markdown = MARKDOWN_HEAD + (
        "\n## Action Items\n\n| ID | Description | Owner | Priority | Due Date | Status |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"| AI-{HUGE} | fix it | ana | High | | Open |\n| | and this | bo | Low | | Open |\n")
    code, err, out = import_of(tmp_path, markdown)
    assert code == 0, err
    assert "is not like AI-1" in err
    text = out.read_text()
    assert 'id = "AI-1"' in text and "fix it" in text
