"""Properties over any document: it survives save and load unchanged, byte for byte, and its
Markdown export keeps the standard's skeleton and table columns whatever the text holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from postmortem.document.model import Document, Milestone, Priority, Severity, Status
from postmortem.document.text import normalize_block
from postmortem.markdown.export import export_markdown
from postmortem.storage import toml_file as storage

# Text that tries to break things: table pipes, <br>, fences, headings, HTML, escapes, controls.
NASTY = ["|", "\\|", "`", "```", "~~~", "#", "# ", "## ", "\n", "\r\n", "<br>", "<br\\>", "<!--",
         "-->", "<script>", "*", "_", "[", "](", ")", "\\", "---", "===", "> ", "1. ", "- ",
         "\x1b[31m", "\x1b]0;title\x07", "\x07", "\x00", "\t", "\u2028", "\ufeff", "é", "😀",
         '"""', "'''", '"', "'", "=", "[table]", "[[rows]]", " ", "_TBD_",
         "\n".join("  " * depth + "- deep" for depth in range(10)), "> " * 12, "- " * 10,
         "**Because:** ", "computed from the timeline milestones; "]

texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(NASTY)), max_size=8).map(
    "".join)
utc_minutes = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 1, 1),
                           timezones=st.just(dt.UTC))
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
stated = st.one_of(st.just(""), st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 99),
                                          st.integers(0, 59)))


def links() -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(st.fixed_dictionaries({"label": texts, "url": texts}), max_size=3)


def action_items(draw: st.DrawFn) -> list[dict[str, Any]]:
    numbers = draw(st.lists(st.integers(1, 500), unique=True, max_size=4))
    return [draw(st.fixed_dictionaries({
        "id": st.just(f"AI-{number}"), "description": texts, "owner": texts,
        "priority": st.sampled_from(list(Priority)), "due": st.one_of(st.none(), dates),
        "status": st.sampled_from(list(Status)),
    })) for number in numbers]


@st.composite
def documents(draw: st.DrawFn) -> Document:
    data = {
        "title": draw(texts),
        "executive_summary": draw(texts),
        "lessons_learned": draw(texts),
        "incident": draw(st.fixed_dictionaries({
            "id": texts, "date": st.one_of(st.none(), dates),
            "severity": st.one_of(st.none(), st.sampled_from(list(Severity))),
            "commander": texts, "technical_lead": texts, "communications_lead": texts,
            "additional_responders": st.lists(texts, max_size=3),
        })),
        "stated_times": {name: {"value": draw(stated), "note": draw(texts)}
                         for name in ("duration", "time_to_detection", "time_to_mitigation",
                                      "time_to_resolution")},
        "timeline": draw(st.lists(st.fixed_dictionaries({
            "time": utc_minutes, "event": texts, "actions": texts,
            "milestone": st.one_of(st.none(), st.sampled_from(list(Milestone))),
        }), max_size=5)),
        "impact": {name: draw(texts) for name in ("affected_users", "revenue_impact",
                                                  "systems_affected")},
        "root_cause": {"what_happened": draw(texts), "why_it_happened": draw(texts),
                       "contributing_factors": draw(st.lists(texts, max_size=3))},
        "five_whys": {"problem_statement": draw(texts), "steps": draw(st.lists(
            st.fixed_dictionaries({"why": texts, "because": texts}), max_size=5))},
        "response": {"went_well": draw(st.lists(texts, max_size=3)),
                     "detection_gaps": draw(texts)},
        "action_items": action_items(draw),
        "preventive": {"technical": draw(st.lists(texts, max_size=3))},
        "supporting": {"metrics_and_logs": draw(links()),
                       "related_documentation": draw(links())},
    }
    return Document.model_validate(data)


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(documents())
def test_any_document_survives_save_and_load_unchanged(document: Document) -> None:
    text = storage.dumps(document)
    again = storage.parse(text)
    assert again == document
    assert storage.dumps(again) == text  # byte-identical: loading then saving changes nothing


@settings(max_examples=25, deadline=None)
@given(documents())
def test_the_file_on_disk_round_trips_through_the_atomic_writer(document: Document) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "incident.toml"
        storage.save(document, path)
        assert storage.load(path) == document
        assert [p.name for p in Path(folder).iterdir()] == ["incident.toml"]


def skeleton(markdown: str) -> list[str]:
    """The headings of levels 1-3 (the standard's skeleton), with the title's own text cut."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h1", "h2", "h3"):
            text = tokens[index + 1].content
            found.append("h1" if token.tag == "h1" else f"{token.tag} {text}")
    return found


def table_shapes(markdown: str) -> list[tuple[int, list[int]]]:
    """For each table: its header's cell count and every body row's cell count."""
    shapes: list[tuple[int, list[int]]] = []
    cells = 0
    rows: list[int] = []
    header = 0
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        if token.type == "table_open":
            rows, header = [], 0
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            if header == 0:
                header = cells
            else:
                rows.append(cells)
        elif token.type == "table_close":
            shapes.append((header, rows))
    return shapes


EMPTY_SKELETON = skeleton(export_markdown(Document()))


def list_items(document: Document) -> list[str]:
    return [*document.root_cause.contributing_factors, *document.response.went_well,
            *document.response.went_poorly, *document.preventive.technical,
            *document.preventive.process, *document.preventive.monitoring]


def test_a_tab_led_list_item_cannot_pose_as_a_heading() -> None:
    document = Document.model_validate({"preventive": {"technical": ["\t# Not a section"]}})
    assert skeleton(export_markdown(document)) == EMPTY_SKELETON


TEN_DEEP = "\n".join("  " * depth + f"- level {depth}" for depth in range(10))


@pytest.mark.parametrize("data", [
    {"executive_summary": TEN_DEEP},
    {"root_cause": {"contributing_factors": [TEN_DEEP]}},
    {"lessons_learned": "> " * 25 + "quoted"},
    {"response": {"detection_gaps": "- " * 12 + "x"}},
    {"extras": [{"after": "incident", "markdown": TEN_DEEP}]},
], ids=["summary", "list-item", "quotes", "markers-on-one-line", "extra"])
def test_text_nested_past_the_parsers_limit_keeps_the_skeleton(data: dict[str, Any]) -> None:
    markdown = export_markdown(Document.model_validate(data))
    assert skeleton(markdown) == EMPTY_SKELETON
    assert "level 9" in markdown or "quoted" in markdown or "x" in markdown


def test_text_nested_seven_deep_is_kept_as_markdown_and_deeper_is_fenced() -> None:
    seven = "\n".join("  " * depth + f"- level {depth}" for depth in range(7))
    assert normalize_block(seven) == seven
    assert normalize_block(TEN_DEEP) == f"```\n{TEN_DEEP}\n```"
    with_ticks = TEN_DEEP + "\n\n````"
    assert normalize_block(with_ticks).startswith("`````\n")  # longer than any run inside


@SETTINGS
@given(texts)
def test_normalising_free_text_twice_changes_nothing(text: str) -> None:
    once = normalize_block(text)
    assert normalize_block(once) == once


@SETTINGS
@given(documents())
def test_any_text_keeps_the_export_skeleton_and_table_columns(document: Document) -> None:
    markdown = export_markdown(document)
    assert "\x1b" not in markdown and "\x07" not in markdown
    assert skeleton(markdown) == EMPTY_SKELETON
    shapes = table_shapes(markdown)
    for header, rows in shapes:
        assert all(row == header for row in rows), (header, rows)
    timeline = [rows for header, rows in shapes if header == 3]
    actions = [rows for header, rows in shapes if header == 6]
    assert [len(rows) for rows in timeline] == [len(document.timeline)]
    assert [len(rows) for rows in actions] == [len(document.action_items)]
