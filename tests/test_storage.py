"""TOML storage: canonical dumps, byte-identical round trips, atomic saves that keep permissions,
and one-line FILE:LINE: field: message errors for bad input."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

import pytest

from postmortem.document.errors import DocumentError, SaveError
from postmortem.document.model import SCHEMA_VERSION, Document
from postmortem.storage import toml_file as storage
from postmortem.storage.toml_file import dumps, load, parse, save, write_atomic

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.toml"


def every_field() -> Document:
    """A document with every kind of field filled, including awkward text."""
    return Document.model_validate({
        "title": 'Quotes " and \\ backslash, \'single\', trailing "',
        "executive_summary": 'Line one\nLine "two" ends with a quote"',
        "lessons_learned": "1. tab\there\n2. triple \"\"\" and ''' quotes\n3. ends in \\",
        "incident": {
            "id": "INC-2026-0001", "date": "2026-01-02", "severity": "P2",
            "commander": "Ann", "technical_lead": "Bo", "communications_lead": "Cy",
            "additional_responders": ["Di (DBA, on call)", "Ed"],
        },
        "stated_times": {"duration": {"value": "3:00", "note": "by hand"},
                         "time_to_mitigation": {"value": "0:45", "note": ""}},
        "timeline": [
            {"time": "2026-01-02T23:50:00Z", "event": 'two\nlines "cell"', "actions": "a|b",
             "milestone": "impact_start"},
            {"time": "2026-01-03T00:10:00Z", "event": "after midnight", "milestone": "detected"},
        ],
        "impact": {"affected_users": "all", "data_impact": "none"},
        "root_cause": {"what_happened": "x", "why_it_happened": "1. a\n2. b",
                       "contributing_factors": ["**A**: one", "two\nlines"]},
        "five_whys": {"problem_statement": "p", "steps": [{"why": "w1", "because": "b1"},
                                                          {"why": "w2", "because": "b2"}]},
        "response": {"went_well": ["g"], "went_poorly": ["p"], "detection_gaps": "d",
                     "resolution_challenges": "r"},
        "action_items": [
            {"id": "AI-1", "description": "d\nd2", "owner": "o", "priority": "High",
             "due": "2026-02-01", "status": "In Progress"},
            {"id": "AI-3"},
        ],
        "preventive": {"technical": ["t"], "process": ["p"], "monitoring": ["m"]},
        "supporting": {"metrics_and_logs": [{"label": "L [x]", "url": "https://x/y z"}],
                       "related_documentation": [{"label": "Runbook", "url": "https://w/r"}]},
        "extras": [{"after": "title", "markdown": "Some *extra* text"}],
    })


# --- canonical dumps -----------------------------------------------------------------------------

def test_demo_is_in_canonical_form() -> None:
    assert dumps(load(DEMO)).encode("utf-8") == DEMO.read_bytes()


def test_load_then_save_is_byte_identical_for_the_demo(tmp_path: Path) -> None:
    target = tmp_path / "copy.toml"
    save(load(DEMO), target)
    assert target.read_bytes() == DEMO.read_bytes()


def test_load_then_save_is_byte_identical_for_every_kind_of_field(tmp_path: Path) -> None:
    doc = every_field()
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    save(doc, first)
    loaded = load(first)
    assert loaded == doc
    save(loaded, second)
    assert second.read_bytes() == first.read_bytes()


def test_dumps_is_independent_of_the_order_keys_were_given_in() -> None:
    data = every_field().model_dump()
    reordered = dict(reversed(list(data.items())))
    reordered["incident"] = dict(reversed(list(data["incident"].items())))
    assert dumps(Document.model_validate(reordered)) == dumps(every_field())


def test_tables_come_in_the_order_of_the_standard() -> None:
    headers = re.findall(r"^\[.*\]$", dumps(every_field()), re.M)
    assert headers == [
        "[incident]",
        "[stated_times.duration]", "[stated_times.time_to_detection]",
        "[stated_times.time_to_mitigation]", "[stated_times.time_to_resolution]",
        "[[timeline]]", "[[timeline]]",
        "[impact]", "[root_cause]", "[five_whys]", "[[five_whys.steps]]", "[[five_whys.steps]]",
        "[response]", "[[action_items]]", "[[action_items]]", "[preventive]", "[supporting]",
        "[[supporting.metrics_and_logs]]", "[[supporting.related_documentation]]", "[[extras]]",
    ]
    first_keys = dumps(every_field()).split("\n[")[0].splitlines()
    assert [line.split(" = ")[0] for line in first_keys if " = " in line] == [
        "schema_version", "title", "executive_summary", "lessons_learned", "last_action_number"]


def test_dates_and_times_are_native_toml_values() -> None:
    text = dumps(every_field())
    assert "\ntime = 2026-01-02 23:50:00+00:00\n" in text
    assert "\ndate = 2026-01-02\n" in text
    assert "\ndue = 2026-02-01\n" in text
    data = tomllib.loads(text)
    assert data["timeline"][0]["time"] == dt.datetime(2026, 1, 2, 23, 50, tzinfo=dt.UTC)
    assert data["incident"]["date"] == dt.date(2026, 1, 2)


def test_long_text_is_written_as_multi_line_strings() -> None:
    text = dumps(every_field())
    assert '\nwhy_it_happened = """\n1. a\n2. b"""\n' in text
    assert '\ndescription = """\nd\nd2"""\n' in text
    assert '    """\ntwo\nlines""",\n' in text  # an item of a list
    assert 'executive_summary = """\nLine one\nLine \\"two\\" ends with a quote\\""""\n' in text
    assert "\\n" not in text  # no newline is hidden in an escape
    assert tomllib.loads(text)["lessons_learned"] == every_field().lessons_learned


def test_an_empty_document_round_trips() -> None:
    text = dumps(Document())
    assert text.startswith(f"schema_version = {SCHEMA_VERSION}\ntitle = \"\"\n")
    assert parse(text) == Document()
    assert dumps(parse(text)) == text


def test_a_hand_ordered_file_parses_to_the_canonical_text() -> None:
    text = DEMO.read_text("utf-8")
    incident = re.search(r"\n\[incident\]\n.*?\n\n", text, re.S)
    assert incident is not None
    edited = "# edited by hand\n" + text.replace(incident.group(), "\n") + incident.group()
    edited = edited.replace("time = 2026-03-14 13:40:00+00:00", "time = 2026-03-14T14:40:00+01:00")
    assert edited != text
    assert dumps(parse(edited)) == text


# --- atomic save ---------------------------------------------------------------------------------

@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A post-mortem file already on disk, the only file in its folder."""
    path = tmp_path / "post.toml"
    path.write_bytes(DEMO.read_bytes())
    return path


def _half_writing(
    monkeypatch: pytest.MonkeyPatch, folder: Path, error: BaseException
) -> list[list[str]]:
    """Make the temporary file's write put half the text on disk, then fail with error; return
    the folder's listing at the moment of failure."""
    real_writev = os.writev
    listings: list[list[str]] = []

    def writev(descriptor: int, buffers: list[Any]) -> int:
        data = b"".join(bytes(buffer) for buffer in buffers)
        real_writev(descriptor, [data[: len(data) // 2]])
        listings.append(sorted(path.name for path in folder.iterdir()))
        raise error

    monkeypatch.setattr(os, "writev", writev)
    return listings


def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary_file(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    disk_full = OSError(errno.ENOSPC, "No space left on device")
    listings = _half_writing(monkeypatch, saved.parent, disk_full)
    with pytest.raises(SaveError) as caught:
        save(every_field(), saved)
    # It failed mid-write, with a half-written temporary file beside the real one.
    assert len(listings) == 1 and len(listings[0]) == 2
    assert re.fullmatch(r"\.post\.toml\..+\.tmp", listings[0][0])
    assert caught.value.reason == "the disk is full"
    assert str(caught.value) == f"could not save {saved}: the disk is full"
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["post.toml"]


def test_an_interrupt_mid_write_leaves_the_old_file_and_no_temporary_file(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    assert _half_writing(monkeypatch, saved.parent, KeyboardInterrupt()) == []
    with pytest.raises(KeyboardInterrupt):
        save(every_field(), saved)
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["post.toml"]


@pytest.mark.parametrize("step", ["replace", "fsync", "chmod"])
def test_a_failure_after_writing_leaves_the_old_file_and_no_temporary_file(
    saved: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    before = saved.read_bytes()
    calls: list[str] = []

    def fail(*args: object, **kwargs: object) -> None:
        calls.append(step)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(storage.os, step, fail)
    with pytest.raises(SaveError, match="Input/output error"):
        save(every_field(), saved)
    assert calls == [step]
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["post.toml"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604])
def test_save_keeps_the_files_permissions(saved: Path, mode: int) -> None:
    saved.chmod(mode)
    save(every_field(), saved)
    assert stat.S_IMODE(saved.stat().st_mode) == mode
    assert load(saved) == every_field()


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        save(Document(), tmp_path / "new.toml")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


def test_saving_into_a_missing_folder_is_a_save_error(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="the folder does not exist"):
        save(Document(), tmp_path / "no" / "such" / "post.toml")
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_writes_exactly_the_text(tmp_path: Path) -> None:
    path = tmp_path / "out.md"
    write_atomic(path, "é\nline two\n")
    assert path.read_bytes() == "é\nline two\n".encode()


def test_pieces_are_written_whole_when_the_system_takes_a_few_bytes_at_a_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write may take less than it is given (a signal, a pipe); what is left goes next."""
    real_writev = os.writev
    calls: list[int] = []

    def writev(descriptor: int, buffers: list[Any]) -> int:
        calls.append(len(buffers))
        return real_writev(descriptor, [bytes(buffers[0])[:7]])

    monkeypatch.setattr(os, "writev", writev)
    pieces = [b"first piece\n", b"", b"\xc3\xa9 second\n", b"x" * 40, b"end\n"]
    path = tmp_path / "out.toml"
    write_atomic(path, pieces)
    assert path.read_bytes() == b"".join(pieces)
    assert len(calls) > len(pieces)


# --- bad input -----------------------------------------------------------------------------------

BAD_INPUT = {
    "malformed TOML": (
        'title = "x"\n[incident]\nid = "unterminated\nseverity = "P1"\n',
        3, None, "not valid TOML: "),
    "wrong type": (
        'title = "x"\n\n[incident]\nid = "INC-1"\nseverity = 5\n',
        5, "incident.severity", "Input should be 'P1', 'P2', 'P3' or 'P4', got 5"),
    "wrong type at the top": (
        'schema_version = 1\ntitle = 5\n',
        2, "title", "Input should be a valid string, got 5"),
    "unknown section": (
        'title = "x"\n\n[incident]\nid = "x"\n\n[incidnet]\nid = "y"\n',
        6, "incidnet", "unknown field"),
    "unknown field": (
        'title = "x"\n[incident]\nid = "x"\ncomander = "y"\n',
        4, "incident.comander", "unknown field"),
    "unknown field in a later row": (
        '[[timeline]]\ntime = 2026-03-14T10:00:00Z\n\n[[timeline]]\n'
        'time = 2026-03-14T11:00:00Z\nevnt = "typo"\n',
        6, "timeline[1].evnt", "unknown field"),
    "date not a date": (
        'title = "x"\n[incident]\nid = "x"\ndate = "yesterday"\n',
        4, "incident.date", "Input should be a valid date or datetime"),
    "date with a time of day": (
        '[incident]\ndate = 2026-03-14T10:00:00Z\n',
        2, "incident.date", "Datetimes provided to dates should have zero time"),
    "time not a time": (
        '[[timeline]]\ntime = 2026-03-14T10:00:00Z\nevent = "a"\n\n'
        '[[timeline]]\ntime = "noon"\nevent = "b"\n',
        6, "timeline[1].time", "Input should be a valid datetime or date"),
    "impossible date": (
        'title = "x"\n\n[[action_items]]\nid = "AI-1"\ndue = 2026-02-30\n',
        5, None, "not valid TOML: "),
    "newer schema_version": (
        f'schema_version = {SCHEMA_VERSION + 1}\ntitle = "x"\n',
        1, "schema_version", "written by a newer postmortem"),
    "bad enum in a later row": (
        '[[action_items]]\nid = "AI-1"\n\n[[action_items]]\nid = "AI-2"\npriority = "Urgent"\n',
        6, "action_items[1].priority", "Input should be 'High', 'Medium' or 'Low'"),
    "duplicate action IDs": (
        'title = "x"\n\n[[action_items]]\nid = "AI-1"\n\n[[action_items]]\nid = "AI-1"\n',
        3, "action_items", "action item IDs must be unique: AI-1 repeated"),
    "text that looks like TOML inside a multi-line string": (
        '[root_cause]\nwhat_happened = """\n[Dashboard](https://x) showed it\n'
        'key = value\n[[timeline]]\n"""\nwhy_it_happened = 5\n',
        7, "root_cause.why_it_happened", "Input should be a valid string"),
    "a list item of the wrong type": (
        '[root_cause]\ncontributing_factors = [\n  "a",\n  5,\n]\n',
        2, "root_cause.contributing_factors[1]", "Input should be a valid string"),
}


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_is_one_line_naming_file_line_and_field(tmp_path: Path, case: str) -> None:
    text, line, field, message = BAD_INPUT[case]
    path = tmp_path / "bad.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(DocumentError) as caught:
        load(path)
    error = caught.value
    assert (error.path, error.line, error.field) == (path, line, field)
    prefix = f"{path}:{line}: " + (f"{field}: " if field else "")
    assert str(error).startswith(prefix + message), str(error)
    assert "\n" not in str(error)
    assert path.read_text("utf-8") == text


def test_non_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'title = "x"\n\nexecutive_summary = "caf\xe9"\n')
    with pytest.raises(DocumentError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}:3: is not UTF-8 text (a byte there is not valid UTF-8)")


def test_a_missing_file_and_a_folder_are_document_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        load(tmp_path / "missing.toml")
    with pytest.raises(DocumentError, match="is a folder"):
        load(tmp_path)


def test_a_file_that_ends_inside_a_string_says_so() -> None:
    with pytest.raises(DocumentError) as caught:
        parse('title = """\nnever closed\n', "f.toml")
    assert str(caught.value) == (
        "f.toml: not valid TOML: unterminated string at the end of the file")


def test_several_problems_are_counted_in_the_one_line() -> None:
    with pytest.raises(DocumentError) as caught:
        parse('title = 1\nexecutive_summary = 2\nlessons_learned = 3\n', "f.toml")
    assert str(caught.value) == (
        "f.toml:1: title: Input should be a valid string, got 1 (and 2 more problems)")


def test_document_error_format() -> None:
    assert str(DocumentError("a.toml", "msg", 3, "x.y")) == "a.toml:3: x.y: msg"
    assert str(DocumentError("a.toml", "msg", 3)) == "a.toml:3: msg"
    assert str(DocumentError("a.toml", "msg")) == "a.toml: msg"
    assert str(DocumentError(None, "msg")) == "<input>: msg"
