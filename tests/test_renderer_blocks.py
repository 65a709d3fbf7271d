"""A long timeline is rendered a block of rows at a time: an edit renders its block again, not
the timeline, and what is written is still exactly what dumps writes."""

from __future__ import annotations

import datetime as dt

import pytest

from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.storage import rendering, toml_file

ROWS = 3000
START = dt.datetime(2026, 3, 14, tzinfo=dt.UTC)


def long_document() -> Document:
    return Document(timeline=[
        TimelineEvent(time=START + dt.timedelta(minutes=index), event=f"row {index} « € »",
                      actions="" if index % 3 else "Sam rolls back") for index in range(ROWS)])


def written(renderer: rendering.Renderer, document: Document) -> str:
    return b"".join(rendering.pieces(
        renderer.chunks(rendering.snapshot(document, renderer)))).decode()


def counting_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    rendered: list[int] = []
    real = rendering._table_pieces

    def counting(data, path):  # type: ignore[no-untyped-def]
        value = data.get("timeline")
        rendered.append(len(value.values) // 4 if isinstance(value, rendering.FlatRows) else 0)
        return real(data, path)

    monkeypatch.setattr(rendering, "_table_pieces", counting)
    return rendered


def test_an_edited_row_renders_its_block_only(monkeypatch: pytest.MonkeyPatch) -> None:
    document, renderer = long_document(), rendering.Renderer()
    assert written(renderer, document) == toml_file.dumps(document)
    rendered = counting_renders(monkeypatch)
    document.timeline[ROWS // 2].event = "changed"
    document.timeline[10].milestone = Milestone.DETECTED
    text = written(renderer, document)
    timeline_rows = sum(rendered)
    assert text == toml_file.dumps(document)
    assert 0 < timeline_rows <= 2 * rendering.MAX_BLOCK_ROWS
    assert timeline_rows < ROWS // 2


def test_an_added_or_removed_row_renders_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    document, renderer = long_document(), rendering.Renderer()
    written(renderer, document)
    rendered = counting_renders(monkeypatch)
    document.insert_event(TimelineEvent(time=START + dt.timedelta(minutes=5), event="new"))
    text = written(renderer, document)
    assert sum(rendered) <= rendering.MAX_BLOCK_ROWS
    assert text == toml_file.dumps(document)
    rendered.clear()
    del document.timeline[ROWS // 3]
    text = written(renderer, document)
    assert sum(rendered) <= rendering.MAX_BLOCK_ROWS
    assert text == toml_file.dumps(document)


def test_blocks_never_pass_the_largest_size() -> None:
    same_minute = Document(timeline=[TimelineEvent(time=START, event=f"e{index}")
                                     for index in range(2500)])
    rows = rendering.snapshot(same_minute)["timeline"]
    assert isinstance(rows, rendering.FlatRows)
    blocks = rendering.row_blocks(rows)
    assert all(len(block) <= rendering.MAX_BLOCK_ROWS * 4 for block in blocks)
    assert sum(len(block) for block in blocks) == len(rows.values)
    assert rendering.Renderer().dumps(rendering.snapshot(same_minute)) == toml_file.dumps(
        same_minute)


@pytest.mark.parametrize("rows", [0, 5, ROWS])
def test_the_known_version_of_a_write_is_the_file_written(rows: int) -> None:
    from postmortem.storage.known_version import KnownVersion, Recording

    document = long_document()
    del document.timeline[rows:]
    renderer, recording, known = rendering.Renderer(), Recording(), KnownVersion()
    written_bytes = b"".join(recording.tee_chunks(
        renderer.chunks(rendering.snapshot(document, renderer))))
    known.remember_written(recording)
    assert written_bytes.decode() == toml_file.dumps(document)
    assert known.text() == toml_file.dumps(document)
