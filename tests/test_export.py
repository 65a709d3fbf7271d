"""The Markdown export against FORMAT.md: the skeleton heading by heading, bold labels and their
line breaks, the tables parsed back, hostile text, and the empty document."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem.document.model import Document
from postmortem.document.text import EMPTY_MARKER, decode_cell, normalize_cell, normalize_line
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.toml"
FORMAT_MD = ROOT.parent / "shared" / "FORMAT.md"
MD = MarkdownIt("commonmark").enable("table")

Item = tuple[str, Any]

# The skeleton of FORMAT.md ("Skeleton, in order"), as the items a Markdown reader finds:
# headings h1-h3, bold labels that begin a line, and table headers. The 5 Whys block shows step 1
# (Why?, Because:) and the start of step 2 (Why?).
FORMAT_SKELETON: list[Item] = [
    ("h1", "Post-Mortem:"),
    ("h2", "Incident Information"),
    ("label", "Incident ID:"), ("label", "Date:"), ("label", "Duration:"), ("label", "Severity:"),
    ("label", "Incident Commander:"), ("label", "Technical Lead:"),
    ("label", "Communications Lead:"), ("label", "Additional Responders:"),
    ("h2", "Executive Summary"),
    ("h2", "Timeline"),
    ("table", ("Time (UTC)", "Event", "Actions Taken")),
    ("label", "Time to Detection:"), ("label", "Time to Mitigation:"),
    ("label", "Time to Resolution:"),
    ("h2", "Impact Assessment"),
    ("h3", "User Impact"),
    ("label", "Affected Users:"), ("label", "Affected Functionality:"),
    ("label", "User Experience:"),
    ("h3", "Business Impact"),
    ("label", "Revenue Impact:"), ("label", "SLA Violations:"), ("label", "Reputation Impact:"),
    ("h3", "Technical Impact"),
    ("label", "Systems Affected:"), ("label", "Data Impact:"), ("label", "Downstream Services:"),
    ("h2", "Root Cause Analysis"),
    ("h3", "What Happened"), ("h3", "Why It Happened"), ("h3", "Contributing Factors"),
    ("h3", "5 Whys Analysis"),
    ("label", "Problem Statement:"),
    ("label", "Why?"), ("label", "Because:"), ("label", "Why?"),
    ("h2", "Response Assessment"),
    ("h3", "What Went Well"), ("h3", "What Went Poorly"), ("h3", "Detection Gaps"),
    ("h3", "Resolution Challenges"),
    ("h2", "Action Items"),
    ("table", ("ID", "Description", "Owner", "Priority", "Due Date", "Status")),
    ("h2", "Preventive Measures"),
    ("h3", "Technical Improvements"), ("h3", "Process Improvements"),
    ("h3", "Monitoring Improvements"),
    ("h2", "Lessons Learned"),
    ("h2", "Supporting Information"),
    ("h3", "Metrics and Logs"), ("h3", "Communication Artifacts"),
    ("h3", "Related Documentation"),
]
# The labels FORMAT.md marks with two trailing spaces (a Markdown line break).
FORMAT_BREAK_LABELS = {
    "Incident ID:", "Date:", "Duration:", "Incident Commander:", "Technical Lead:",
    "Communications Lead:", "Time to Detection:", "Time to Mitigation:",
}
TIMELINE_HEADER = ("Time (UTC)", "Event", "Actions Taken")
ACTION_HEADER = ("ID", "Description", "Owner", "Priority", "Due Date", "Status")


def expected_skeleton(steps: int) -> list[Item]:
    """FORMAT_SKELETON for a document whose 5 Whys has this many steps."""
    why = FORMAT_SKELETON.index(("label", "Why?"))
    repeated = [("label", "Why?"), ("label", "Because:")] * steps
    return FORMAT_SKELETON[:why] + repeated + FORMAT_SKELETON[why + 3:]


# --- reading Markdown back -----------------------------------------------------------------------

def _children(token: Token) -> list[Token]:
    return [c for c in token.children or [] if c.type != "text" or c.content]


def skeleton(markdown: str) -> list[Item]:
    """Headings h1-h3, bold labels (ending in ':' or '?') that begin a line, table headers."""
    tokens = MD.parse(markdown)
    found: list[Item] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h1", "h2", "h3"):
            text = tokens[index + 1].content
            if token.tag == "h1" and text.startswith("Post-Mortem: "):
                text = "Post-Mortem:"
            found.append((token.tag, text))
        elif token.type == "table_open":
            found.append(("table", table_rows(tokens, index)[0]))
        elif token.type == "inline" and token.map is not None:
            children = _children(token)
            for at, child in enumerate(children[:-1]):
                starts_line = at == 0 or children[at - 1].type in ("softbreak", "hardbreak")
                text = children[at + 1].content
                if starts_line and child.type == "strong_open" and text.endswith((":", "?")):
                    found.append(("label", text))
    return found


def table_rows(tokens: list[Token], start: int) -> list[tuple[str, ...]]:
    """The rows (header first) of the table opening at tokens[start], as the cells' source."""
    rows: list[tuple[str, ...]] = []
    cells: list[str] = []
    for token in tokens[start:]:
        if token.type == "tr_open":
            cells = []
        elif token.type == "inline":
            cells.append(token.content)
        elif token.type == "tr_close":
            rows.append(tuple(cells))
        elif token.type == "table_close":
            return rows
    raise AssertionError("table not closed")


def tables(markdown: str) -> list[list[tuple[str, ...]]]:
    tokens = MD.parse(markdown)
    return [table_rows(tokens, i) for i, t in enumerate(tokens) if t.type == "table_open"]


def format_skeleton_block() -> str:
    tokens = MD.parse(FORMAT_MD.read_text("utf-8"))
    heading = next(i for i, t in enumerate(tokens)
                   if t.type == "inline" and t.content == "Skeleton, in order")
    return next(t.content for t in tokens[heading:] if t.type == "fence")


# --- FORMAT.md ----------------------------------------------------------------------------------

def test_the_expected_skeleton_is_the_one_in_format_md() -> None:
    if not FORMAT_MD.exists():
        pytest.skip(f"{FORMAT_MD} is not beside this checkout")
    found: list[Item] = []
    breaks = set()
    for raw in format_skeleton_block().splitlines():
        line = raw.split("<-")[0].strip()
        if heading := re.match(r"^(#{1,3}) (.*)$", line):
            text = heading.group(2).split("<")[0].strip() if heading.group(1) == "#" else \
                heading.group(2).strip()
            found.append((f"h{len(heading.group(1))}", text))
        elif line.startswith("|"):
            found.append(("table", tuple(cell.strip() for cell in line.strip("|").split("|"))))
        elif label := re.match(r"^(?:\d+\.\s+|-\s+)?\*\*([^*]+)\*\*", line):
            found.append(("label", label.group(1)))
            if line.endswith("␠␠"):
                breaks.add(label.group(1))
    assert found == FORMAT_SKELETON
    assert breaks == FORMAT_BREAK_LABELS


# --- the demo ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo() -> Document:
    return load(DEMO)


@pytest.fixture(scope="module")
def demo_markdown(demo: Document) -> str:
    return export_markdown(demo)


def test_demo_skeleton_matches_format_heading_by_heading(
    demo: Document, demo_markdown: str
) -> None:
    assert len(demo.five_whys.steps) == 5
    found = skeleton(demo_markdown)
    expected = expected_skeleton(5)
    for position, (want, got) in enumerate(zip(expected, found, strict=False)):
        assert got == want, f"item {position}: expected {want}, found {got}"
    assert len(found) == len(expected)


def test_the_title_line(demo_markdown: str) -> None:
    assert demo_markdown.splitlines()[0] == (
        "# Post-Mortem: Checkout outage after payment-gateway certificate rotation")


def test_label_lines_break_exactly_where_format_md_says(demo_markdown: str) -> None:
    label_lines = [line for line in demo_markdown.splitlines() if line.startswith("**")]
    assert len(label_lines) == 12
    for line in label_lines:
        label = re.match(r"^\*\*([^*]+)\*\*", line)
        assert label is not None
        assert line.endswith("  ") == (label.group(1) in FORMAT_BREAK_LABELS), repr(line)
        assert not line.endswith("   ")
    assert [line for line in demo_markdown.splitlines()
            if line.endswith(" ") and not line.startswith("**")] == []


def test_demo_values_in_the_labels(demo_markdown: str) -> None:
    lines = demo_markdown.splitlines()
    for expected in [
        "**Incident ID:** INC-2026-0314  ",
        "**Date:** 2026-03-14  ",
        "**Duration:** 3:48  ",
        "**Severity:** P1",
        "**Additional Responders:** Sam Whitaker (payments on-call), Yuki Tanaka (SRE)",
        "**Time to Detection:** 0:29 (computed from the timeline milestones)  ",
        "- **Affected Users:** About 41,000 customers in the EU region tried to pay during the "
        "incident",
        "**Problem Statement:** Card payments in the EU failed for almost four hours on 14 March "
        "2026.",
        "1. **Why?** Why did card payments fail?",
        "   - **Because:** The payment provider rejected every TLS handshake from pay-gw-client.",
        "- [Certificate rotation runbook](https://wiki.example.com/runbooks/certificate-rotation)",
    ]:
        assert expected in lines


def test_demo_tables_parse_back_with_the_right_columns(demo: Document, demo_markdown: str) -> None:
    timeline, actions = tables(demo_markdown)
    assert timeline[0] == TIMELINE_HEADER
    assert actions[0] == ACTION_HEADER
    assert [len(row) for row in timeline] == [3] * (1 + len(demo.timeline))
    assert [len(row) for row in actions] == [6] * (1 + len(demo.action_items))
    times = [row[0] for row in timeline[1:]]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", time) for time in times)
    assert times == sorted(times)
    assert times[0] == "2026-03-14 13:40"
    assert timeline[2] == ("2026-03-14 13:52",
                           "[Impact start] Card payment failures rise from 0.3% to 96%",
                           "Nobody aware yet: no alert fired")
    assert [row[0] for row in actions[1:]] == [f"AI-{n}" for n in range(1, 7)]
    assert {row[3] for row in actions[1:]} <= {"High", "Medium", "Low"}
    assert {row[5] for row in actions[1:]} <= {"Open", "In Progress", "Completed", "Verified"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", row[4]) for row in actions[1:])
    assert actions[2] == ("AI-2", "Alert on payment decline rate, not only on HTTP 5xx",
                          "Yuki Tanaka", "High", "2026-03-21", "Completed")


def test_export_is_deterministic_and_ends_with_one_newline(demo: Document) -> None:
    first = export_markdown(demo)
    assert first == export_markdown(load(DEMO))
    assert first.endswith("\n") and not first.endswith("\n\n")


# --- the empty document --------------------------------------------------------------------------

def test_an_empty_document_exports_every_heading_with_the_marker() -> None:
    markdown = export_markdown(Document())
    assert skeleton(markdown) == expected_skeleton(0)
    # Every section without subsections shows the marker before the next heading.
    sections = re.split(r"^#{1,3} .*$", markdown, flags=re.M)[1:]
    headings = re.findall(r"^(#{1,3}) (.*)$", markdown, flags=re.M)
    for (level, title), (next_level, _), body in zip(
        headings, [*headings[1:], ("#", "")], sections, strict=True
    ):
        if len(next_level) <= len(level):
            assert EMPTY_MARKER in body, title
    assert headings[0] == ("#", f"Post-Mortem: {EMPTY_MARKER}")
    label_values = re.findall(r"^(?:- )?\*\*[^*]+:\*\* (.*?) *$", markdown, flags=re.M)
    assert len(label_values) == 21
    assert set(label_values) == {EMPTY_MARKER}
    timeline, actions = tables(markdown)
    assert timeline == [TIMELINE_HEADER]
    assert actions == [ACTION_HEADER]
    # title, 21 labels, 6 free texts, 6 numbered lists, 3 link lists, 2 tables, 5 Whys steps
    assert markdown.count(EMPTY_MARKER) == 1 + 21 + 6 + 6 + 3 + 2 + 1


# --- hostile text --------------------------------------------------------------------------------

HOSTILE = [
    "a | b", "a \\| b", "|", "|| x ||", "line one\nline two\n\nline four", "`code | pipe`",
    "`unclosed", "```", "```\nfence", "~~~", "# Heading", "## Section", "### Sub", "   # spaced",
    "Foo\n===", "Foo\n---", "---", "<div>", "</td></tr></table>", "<!-- comment",
    "<script>alert(1)</script>", "<pre>", "<br>", "<br\\>", "\x1b[31mred\x1b[0m", "\x00\x07bell",
    "- item", "1. item", "> quote", "\\", "trailing backslash \\", "[Detected] fake tag",
    "[link](http://x", "*", "_", "&amp;", "[x]: http://y", "\ttab",
]


def hostile_document(value: str) -> Document:
    steps = [{"why": value, "because": value}, {"why": value, "because": value}]
    return Document.model_validate({
        "title": value, "executive_summary": value, "lessons_learned": value,
        "incident": {"id": value, "commander": value, "technical_lead": value,
                     "communications_lead": value, "additional_responders": [value]},
        "stated_times": {name: {"value": "1:00", "note": value} for name in
                         ("duration", "time_to_detection", "time_to_mitigation",
                          "time_to_resolution")},
        "timeline": [
            {"time": "2026-01-02T10:00:00Z", "event": value, "actions": value,
             "milestone": "detected"},
            {"time": "2026-01-02T11:00:00Z", "event": value, "actions": value},
        ],
        "impact": {"affected_users": value, "downstream_services": value},
        "root_cause": {"what_happened": value, "why_it_happened": value,
                       "contributing_factors": [value, value]},
        "five_whys": {"problem_statement": value, "steps": steps},
        "response": {"went_well": [value], "went_poorly": [value, value],
                     "detection_gaps": value, "resolution_challenges": value},
        "action_items": [{"id": "AI-1", "description": value, "owner": value},
                         {"id": "AI-2", "description": value, "owner": value}],
        "preventive": {"technical": [value], "process": [value], "monitoring": [value]},
        "supporting": {"metrics_and_logs": [{"label": value, "url": value}],
                       "communication_artifacts": [{"label": value, "url": "https://x"}]},
    })


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_cannot_break_the_skeleton(value: str) -> None:
    markdown = export_markdown(hostile_document(value))
    found = skeleton(markdown)
    expected = expected_skeleton(2)
    assert found == expected, [(w, g) for w, g in zip(expected, found, strict=False) if w != g][:3]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_cannot_break_the_tables(value: str) -> None:
    doc = hostile_document(value)
    timeline, actions = tables(export_markdown(doc))
    assert timeline[0] == TIMELINE_HEADER
    assert actions[0] == ACTION_HEADER
    assert [len(row) for row in timeline] == [3, 3, 3]
    assert [len(row) for row in actions] == [6, 6, 6]
    cell = normalize_cell(value)
    # Each cell reads back as exactly the text the document holds.
    for row in (*timeline[1:], *actions[1:]):
        assert row[0] in ("2026-01-02 10:00", "2026-01-02 11:00", "AI-1", "AI-2")
    assert [decode_cell(row[2]) for row in timeline[1:]] == [cell, cell]
    assert [decode_cell(row[1]) for row in actions[1:]] == [cell, cell]
    assert [decode_cell(row[2]) for row in actions[1:]] == [cell, cell]
    assert timeline[1][1].startswith("[Detected]")
    assert not timeline[2][1].startswith("[Detected]")  # an author's look-alike tag is escaped


@pytest.mark.parametrize(
    ("opens", "closes"),
    [("`x", "y`"), ("``x", "y``"), ("<!--", "-->"), ("<span title='", "'>"), ('<a href="', '">'),
     ("<?", "?>"), ("[a](b 'x", "y')"), ('[a](b "x', 'y")'), ("[a](b (x", "y))")],
)
def test_a_span_opened_in_one_label_and_closed_in_a_later_one_swallows_no_label(
    opens: str, closes: str
) -> None:
    doc = Document.model_validate({
        "incident": {"id": opens, "commander": opens, "technical_lead": "Bo",
                     "communications_lead": closes, "additional_responders": [closes]},
        "stated_times": {"time_to_detection": {"value": "0:10", "note": opens},
                         "time_to_resolution": {"value": "1:10", "note": closes}},
    })
    markdown = export_markdown(doc)
    assert skeleton(markdown) == expected_skeleton(0)
    # The author's characters are all still there when the paragraph is read.
    text = "".join(
        child.content for token in MD.parse(markdown) if token.type == "inline"
        for child in token.children or [] if child.type == "text")
    assert text.count(opens) >= 2 and text.count(closes) >= 1


def test_ordinary_label_values_are_not_escaped() -> None:
    value = "Ann (SRE) - `pager` <b>x</b> [log](https://x) 50% *now*"
    doc = Document.model_validate({"incident": {"commander": value}})
    assert f"**Incident Commander:** {value}  " in export_markdown(doc).splitlines()


def test_multi_line_cells_become_br_and_read_back() -> None:
    doc = Document.model_validate({"timeline": [
        {"time": "2026-01-02T10:00:00Z", "event": "one\ntwo", "actions": "literal <br> tag"}]})
    markdown = export_markdown(doc)
    assert "| 2026-01-02 10:00 | one<br>two | literal <br\\> tag |" in markdown.splitlines()
    row = tables(markdown)[0][1]
    assert (decode_cell(row[1]), decode_cell(row[2])) == ("one\ntwo", "literal <br> tag")


def test_one_line_values_cannot_add_lines() -> None:
    value = "first\n## Not a heading\nthird"
    markdown = export_markdown(Document.model_validate({"title": value,
                                                        "impact": {"data_impact": value}}))
    assert markdown.splitlines()[0] == f"# Post-Mortem: {normalize_line(value)}"
    assert f"- **Data Impact:** {normalize_line(value)}" in markdown.splitlines()
