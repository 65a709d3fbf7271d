"""The round trip, proved over generated documents with hostile text in every field:
import(export(doc)) == doc, and export(import(md)) == md for any Markdown the app exported."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import documents, exportable

from postmortem.document.model import Document
from postmortem.markdown.export import export_markdown
from postmortem.markdown.importer import import_markdown

FAST = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LONG = settings(max_examples=2500, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


TEN_DEEP = "\n".join("  " * depth + f"- level {depth}" for depth in range(10))


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


@pytest.mark.parametrize("data", [
    {"title": "[redacted]", "executive_summary": "[redacted]"},  # not a template placeholder
    {"title": "Post-Mortem: nested", "incident": {"id": "_TBD_ x"}},
    {"root_cause": {"contributing_factors": ["  starts with blanks\n\n  ## and a heading"]}},
    {"response": {"went_well": ["a"]},  # would continue the list above it
     "extras": [{"after": "response.went_well", "markdown": "1. not one of the list"}]},
    {"impact": {"affected_users": "all"},
     "extras": [{"after": "impact.user", "markdown": "<!-- -->\n\n- **Tickets:** 57"}]},
    {"incident": {"commander": "`a", "technical_lead": "b`"}},  # a code span across labels
    {"incident": {"commander": "\\`a", "technical_lead": "b\\`"}},  # looks escaped already
    {"timeline": [{"time": "0999-01-01T10:00", "event": "[Detected]", "actions": "a | b<br>"},
                  {"time": "0999-01-01T10:05", "event": "\\[Resolved] x",
                   "milestone": "resolved"}]},
    {"executive_summary": "text",
     "extras": [{"after": "executive_summary", "markdown": "more text"}]},
    {"incident": {"additional_responders": ["A (x", "B)", "C"]}},
    {"supporting": {"metrics_and_logs": [{"label": "a [b] \\", "url": "http://x/(y) z"},
                                         {"label": "", "url": ""}, {"label": "l", "url": ""}]}},
    {"five_whys": {"problem_statement": ":", "steps": [{"why": "**Because:** no", "because": ""}]}},
    # Lists and quotes nested past the parser's limit, in every kind of free text.
    {"executive_summary": TEN_DEEP, "lessons_learned": "> " * 25 + "quoted",
     "root_cause": {"contributing_factors": [TEN_DEEP, "- " * 12 + "x"]},
     "response": {"went_poorly": ["a\n" + TEN_DEEP]},
     "extras": [{"after": "timeline", "markdown": TEN_DEEP},
                {"after": "five_whys", "markdown": "```\n" + TEN_DEEP}]},
    # The 5 Whys' own labels, written in free text and in the chain.
    {"executive_summary": "**Because:** we said so\n\n1. **Why?** x\n\n   - **Because:** y",
     "root_cause": {"contributing_factors": ["**Because:** z"]},
     "five_whys": {"steps": [{"why": "a", "because": "**Because:** b"}]},
     "extras": [{"after": "five_whys", "markdown": "   - **Because:** extra"}]},
    # Notes: the Duration's, and notes whose time is computed or unknown.
    {"stated_times": {"duration": {"value": "3:45", "note": "3 hours, 45 minutes"},
                      "time_to_detection": {"note": "not measured"},
                      "time_to_resolution": {"value": "", "note": "a) b (c"}}},
    {"timeline": [{"time": "2026-01-01T10:00", "milestone": "impact_start"},
                  {"time": "2026-01-01T11:00", "milestone": "detected"},
                  {"time": "2026-01-01T12:00", "milestone": "resolved"}],
     "stated_times": {"duration": {"note": "by the pager"},
                      "time_to_detection": {"note": "computed from the timeline milestones"},
                      "time_to_resolution": {"value": "1:00", "note": "same as computed"}}},
])
def test_hand_picked_hostile_documents_round_trip(data: dict[str, object]) -> None:
    check_round_trip(Document.model_validate(data))
