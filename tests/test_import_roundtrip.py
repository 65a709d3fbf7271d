"""The round trip, proved over generated documents with hostile text in every field:
import(export(doc)) == doc, and export(import(md)) == md for any Markdown the app exported."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import documents, exportable

from postmortem.export import export_markdown
from postmortem.importer import import_markdown
from postmortem.model import Document

FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LONG = settings(max_examples=2500, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_round_trip(document: Document) -> None:
    markdown = export_markdown(document)
    imported = import_markdown(markdown)
    assert imported == exportable(document)
    assert export_markdown(imported) == markdown


@FAST
@given(documents())
def test_import_of_export_gives_the_document_back(document: Document) -> None:
    check_round_trip(document)


@pytest.mark.skipif(os.environ.get("HYPOTHESIS_LONG") != "1",
                    reason="thousands of documents: run with HYPOTHESIS_LONG=1")
@LONG
@given(documents())
def test_round_trip_over_thousands_of_documents(document: Document) -> None:
    check_round_trip(document)
