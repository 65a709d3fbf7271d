"""The Renderer writes exactly what dumps writes, whatever changed since its last call, and
renders again only the parts that changed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from strategies import documents

from postmortem import storage
from postmortem.model import Document


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=documents(), second=documents())
def test_a_renderer_writes_what_dumps_writes_across_changes(first: Document,
                                                             second: Document) -> None:
    renderer = storage.Renderer()
    for document in (first, second, first, first):
        expected = storage.dumps(document)
        assert b"".join(renderer.chunks(storage.snapshot(document))) == expected.encode()
        assert renderer.dumps(storage.snapshot(document)) == expected


def test_only_the_parts_that_changed_are_rendered_again(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    document = Document(title="Checkout down", executive_summary="Cards failed.")
    document.response.went_well = ["Fast page"]
    renderer = storage.Renderer()
    renderer.dumps(storage.snapshot(document))
    rendered: list[tuple[str, ...]] = []
    real = storage._table_pieces

    def counting(data, path):  # type: ignore[no-untyped-def]
        rendered.append(tuple(data))
        return real(data, path)

    document.executive_summary = "Cards failed for an hour."
    expected = storage.dumps(document)
    monkeypatch.setattr(storage, "_table_pieces", counting)
    assert renderer.dumps(storage.snapshot(document)) == expected
    assert len(rendered) == 1 and "executive_summary" in rendered[0]  # not incident, response…
    assert "response" not in rendered[0]
