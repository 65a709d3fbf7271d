"""The Renderer writes exactly what dumps writes, whatever changed since its last call, and
renders again only the parts that changed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from strategies import documents

from postmortem.document.model import Document
from postmortem.storage import rendering
from postmortem.storage import toml_file as storage
from postmortem.storage.watch import digest_of


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=documents(), second=documents())
def test_a_renderer_writes_what_dumps_writes_across_changes(first: Document,
                                                             second: Document) -> None:
    renderer = rendering.Renderer()
    for document in (first, second, first, first):
        expected = storage.dumps(document)
        data = rendering.snapshot(document, renderer)
        assert b"".join(rendering.pieces(renderer.chunks(data))) == expected.encode()
        assert renderer.dumps(rendering.snapshot(document, renderer)) == expected


def test_only_the_parts_that_changed_are_rendered_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    document = Document(title="Checkout down", executive_summary="Cards failed.")
    document.response.went_well = ["Fast page"]
    renderer = rendering.Renderer()
    renderer.dumps(rendering.snapshot(document))
    rendered: list[tuple[str, ...]] = []
    real = rendering._table_pieces

    def counting(data, path):  # type: ignore[no-untyped-def]
        rendered.append(tuple(data))
        return real(data, path)

    document.executive_summary = "Cards failed for an hour."
    expected = storage.dumps(document)
    monkeypatch.setattr(rendering, "_table_pieces", counting)
    assert renderer.dumps(rendering.snapshot(document)) == expected
    assert len(rendered) == 1 and "executive_summary" in rendered[0]  # not incident, response…
    assert "response" not in rendered[0]


def test_a_large_part_is_kept_packed_and_written_as_dumps_writes_it(tmp_path: Path) -> None:
    document = Document(response={"went_well": [
        f"item {index}: naïve € «x» Sam rolls back `v2.14.3`" for index in range(5000)]})
    renderer = rendering.Renderer()
    chunks = renderer.chunks(rendering.snapshot(document, renderer))
    packed = [chunk for chunk in chunks if isinstance(chunk, rendering.Packed)]
    assert len(packed) == 1 and len(packed[0].data) < rendering.PACK_OVER * 4
    assert len(list(packed[0].unpacked())) > 1  # written out a piece at a time

    target = tmp_path / "big.toml"
    digest = storage.write_atomic(target, rendering.pieces(chunks))
    assert target.read_bytes() == storage.dumps(document).encode()
    assert digest == digest_of(target.read_bytes())
