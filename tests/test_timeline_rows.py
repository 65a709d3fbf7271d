"""The timeline's rows are rendered once and kept: whatever edits come between two writes, what
is written is exactly what a full rendering writes (the canonical TOML, tomli-w's), and an edit
renders its block of rows again, not the timeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import documents
from timeline_edits import ANY_TEXT, EDITS, apply

from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.storage import rendering, timeline_rows
from postmortem.storage import toml_file as storage

FIELDS = tuple(TimelineEvent.model_fields)
START = dt.datetime(2026, 3, 14, tzinfo=dt.UTC)


def written(renderer: rendering.Renderer, document: Document) -> bytes:
    return b"".join(rendering.pieces(renderer.chunks(rendering.snapshot(document, renderer))))


@given(value=ANY_TEXT)
def test_a_cell_is_rendered_as_tomli_w_renders_it(value: str) -> None:
    row = (START, value, value.upper(), None)
    expected = "\n[[timeline]]\n" + tomli_w.dumps(
        {"time": START, "event": value, "actions": value.upper()}, multiline_strings=True)
    assert timeline_rows.render_row(FIELDS, row) == expected


ROW_TIMES = st.datetimes(timezones=st.sampled_from([
    dt.UTC, dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(minutes=330))]))


def tomli_w_tables(rows: list[tuple[Any, ...]]) -> str:
    return "".join("\n[[timeline]]\n" + tomli_w.dumps(
        {name: value for name, value in zip(FIELDS, row, strict=True) if value is not None},
        multiline_strings=True) for row in rows)


@given(rows=st.lists(st.tuples(ROW_TIMES, ANY_TEXT, ANY_TEXT | st.none(),
                               st.sampled_from([None, *Milestone])), max_size=12))
def test_rows_rendered_a_column_at_a_time_are_tomli_w_s(rows: list[tuple[Any, ...]]) -> None:
    assert timeline_rows.render_rows(FIELDS, rows) == tomli_w_tables(rows)
    plain = [(START + dt.timedelta(seconds=index * 61), event or "e", "x", None)
             for index, (_, event, _, _) in enumerate(rows)]  # the columns' quick ways
    assert timeline_rows.render_rows(FIELDS, plain) == tomli_w_tables(plain)


@given(moment=ROW_TIMES)
def test_a_time_is_written_as_str_writes_it(moment: dt.datetime) -> None:
    assert timeline_rows.moment_text(moment) == str(moment)


def test_a_full_rendering_writes_the_rows_as_tomli_w_does() -> None:
    document = long_document(600)
    document.timeline[7].event = 'quote " and\nnewline'
    document.timeline[9].milestone = Milestone.DETECTED
    rows = [(row.time, row.event, row.actions, row.milestone) for row in document.timeline]
    assert tomli_w_tables(rows) in storage.dumps(document)


def test_a_milestone_is_written_as_its_word() -> None:
    assert timeline_rows.render_row(FIELDS, (START, "e", "", Milestone.DETECTED)).endswith(
        'milestone = "detected"\n')


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents(), rows=st.integers(0, 40), edits=st.lists(EDITS, max_size=25))
def test_what_is_written_after_any_edits_is_the_full_rendering(
        document: Document, rows: int, edits: list[tuple[Any, ...]]) -> None:
    for minute in range(rows):
        document.insert_event(TimelineEvent(time=START + dt.timedelta(minutes=minute),
                                            event=f"row {minute}"))
    renderer, removed = rendering.Renderer(), list[TimelineEvent]()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timeline_rows, "BLOCK_ROWS", 3)  # many blocks, few rows
        assert written(renderer, document) == storage.dumps(document).encode()
        for edit in edits:
            if edit[0] == "snapshot, edit, then write it":
                data = rendering.snapshot(document, renderer)
                expected = storage.dumps(document).encode()
                for later in edits[:3]:
                    apply(document, later, removed)
                assert b"".join(rendering.pieces(renderer.chunks(data))) == expected
            apply(document, edit, removed)
            if edit[0] == "write":
                assert written(renderer, document) == storage.dumps(document).encode()
        assert written(renderer, document) == storage.dumps(document).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=documents(), rows=st.integers(0, 20))
def test_save_writes_the_full_rendering(document: Document, rows: int, tmp_path: Path) -> None:
    for minute in range(rows):
        document.insert_event(TimelineEvent(time=START + dt.timedelta(minutes=minute),
                                            event=f"row {minute} \\ \"q\" \t\n«»"))
    target = tmp_path / "saved.toml"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timeline_rows, "BLOCK_ROWS", 3)  # many blocks, few rows
        storage.save(document, target)
    assert target.read_bytes() == storage.dumps(document).encode()


def long_document(rows: int = 3000) -> Document:
    return Document(timeline=[
        TimelineEvent(time=START + dt.timedelta(minutes=index), event=f"row {index} « € »",
                      actions="" if index % 3 else "Sam rolls back") for index in range(rows)])


def counting_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows rendered from now on (a block's rows are rendered together)."""
    rendered: list[int] = []
    real = timeline_rows.render_columns

    def counting(fields: tuple[str, ...], columns: Any, header: str = "") -> str:
        rendered.extend(1 for _ in columns[0])
        return real(fields, columns, header or "\n[[timeline]]\n")

    monkeypatch.setattr(timeline_rows, "render_columns", counting)
    return rendered


def test_an_edit_renders_its_blocks_only(monkeypatch: pytest.MonkeyPatch) -> None:
    document, renderer = long_document(), rendering.Renderer()
    assert written(renderer, document) == storage.dumps(document).encode()
    rendered = counting_renders(monkeypatch)
    document.timeline[1500].event = "changed"
    document.timeline[10].milestone = Milestone.DETECTED
    assert written(renderer, document) == storage.dumps(document).encode()
    assert 0 < len(rendered) <= 4 * timeline_rows.BLOCK_ROWS


@pytest.mark.parametrize("edit", ["insert", "delete", "move far", "duplicate"])
def test_a_row_added_removed_or_moved_renders_a_few_blocks(
        monkeypatch: pytest.MonkeyPatch, edit: str) -> None:
    document, renderer = long_document(), rendering.Renderer()
    written(renderer, document)
    rendered = counting_renders(monkeypatch)
    timeline = document.timeline
    if edit == "insert":
        document.insert_event(TimelineEvent(time=START + dt.timedelta(minutes=5), event="new"))
    elif edit == "delete":
        del timeline[1000]
    elif edit == "duplicate":
        document.insert_event(timeline[2000].model_copy())
    else:  # as the timeline editor moves a row whose time changed: from near the start to the end
        row = timeline.pop(3)
        row.time = START + dt.timedelta(days=10)
        document.insert_event(row)
    assert written(renderer, document) == storage.dumps(document).encode()
    assert 0 < len(rendered) <= 4 * timeline_rows.BLOCK_ROWS


def test_typing_elsewhere_hands_out_the_same_timeline() -> None:
    document, renderer = long_document(300), rendering.Renderer()
    first = rendering.snapshot(document, renderer)["timeline"]
    document.title = "Checkout down"
    assert rendering.snapshot(document, renderer)["timeline"] is first
    document.timeline[1].milestone = Milestone.DETECTED
    assert rendering.snapshot(document, renderer)["timeline"] is not first


def test_the_known_version_of_a_write_is_the_file_written() -> None:
    from postmortem.storage.known_version import KnownVersion, Recording

    for rows in (0, 5, 3000):
        document = long_document(rows)
        renderer, recording, known = rendering.Renderer(), Recording(), KnownVersion()
        data = b"".join(recording.tee_chunks(
            renderer.chunks(rendering.snapshot(document, renderer))))
        known.remember_written(recording)
        assert data.decode() == storage.dumps(document) == known.text()
