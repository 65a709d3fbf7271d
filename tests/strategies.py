"""Hypothesis strategies for whole post-mortem documents with hostile text in every field.

Every document is built through Document.model_validate, so it is one the model can hold. The
text mixes words with the fragments that have broken Markdown exporters before: pipes,
backslashes, <br>, backticks and fences, leading #, raw HTML and comments, milestone tags,
[placeholders], list markers, link syntax, the empty marker, unicode and newlines, lists and
quotes nested past the parser's limit, bold labels of the 5 Whys, and measured-time notes.
A measured time's note is drawn with and without a time, the Duration's too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from postmortem.document.model import EXTRA_ANCHORS, Document, Milestone, Priority, Severity, Status

FRAGMENTS = [
    "|", "\\", "\\|", "||", "<br>", "<br\\>", "`", "``", "```", "~~~", "#", "## ", "### x",
    "[Detected]", "[Impact start] ", "\\[Mitigated]", "[Resolved]", "<!--", "-->", "<!-- -->",
    "<div>", "</div>", "<script>", "<b>", "*", "**", "_", "__", "_TBD_", "[x]", "[", "]",
    "[x](y)", "](", "(", ")", "<http://a.b>", "- ", "* ", "+ ", "1. ", "2) ", "10. ", "> ",
    "    ", "\t", "\n", "\n\n", "\n  ", "===", "---", ":", "**Incident ID:** ", "**Because:**",
    "**Why?**", "[a]: /b", "&amp;", "  ", "é", "日本", "🙂", "\u00a0", "AI-1", "3:45",
    "2026-03-14 13:40", "http://x.y/(z)", "'", '"', "\\*", "\\`", "Post-Mortem: ",
    "Example Post-Mortem:", "## Timeline", "### What Happened", "\n=====\n", "| --- |",
    "- **Affected Users:** ", "**Date:** ", "1. **Why?** ", "\n   - x", "\n\n1. y",
    # Nesting deep enough to stop a Markdown parser (20 levels with the list item around it).
    "\n".join("  " * depth + "- deep" for depth in range(10)), "> " * 12, "- " * 10,
    "\n" + "  " * 8 + "- deeper", "\n   - **Because:** ", "**Because:** x\n",
    # The notes of measured times as the export writes them.
    "computed from the timeline milestones", "computed from the timeline milestones; ",
    "_TBD_ (", "3:45 (3 hours, 45 minutes)",
]
WORDS = st.text(alphabet="abcdefghij XYZ0123456789.,;!?-", min_size=1, max_size=8)

# Hostile text: a few fragments and words run together.
text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), WORDS, st.text(max_size=3)),
                max_size=7).map("".join)
texts = st.lists(text, max_size=3)

DAYS = st.dates(min_value=dt.date(1, 1, 2), max_value=dt.date(9999, 12, 30))
MOMENTS = st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30))
HOURS_MINUTES = st.one_of(
    st.just(""),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 200), st.integers(0, 59)),
    st.from_regex(r"\A\d{1,4}:[0-5]\d\Z"),
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def _events(draw: st.DrawFn) -> list[dict[str, Any]]:
    start = draw(MOMENTS)
    events = []
    for _ in range(draw(st.integers(0, 5))):
        # Often close together, so the milestones give the measured times.
        moment = start + dt.timedelta(minutes=draw(st.integers(0, 600)))
        if draw(st.integers(0, 3)) == 0:
            moment = draw(MOMENTS)
        events.append({
            "time": moment, "event": draw(text), "actions": draw(text),
            "milestone": draw(_maybe(st.sampled_from(list(Milestone)))),
        })
    return events


@st.composite
def _actions(draw: st.DrawFn) -> list[dict[str, Any]]:
    numbers = draw(st.lists(st.integers(1, 60), unique=True, max_size=4))
    return [{
        "id": f"AI-{number}", "description": draw(text), "owner": draw(text),
        "priority": draw(st.sampled_from(list(Priority))), "due": draw(_maybe(DAYS)),
        "status": draw(st.sampled_from(list(Status))),
    } for number in numbers]


def _links() -> st.SearchStrategy[list[dict[str, str]]]:
    return st.lists(st.fixed_dictionaries({"label": text, "url": text}), max_size=3)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    stated = {
        name: {"value": draw(HOURS_MINUTES), "note": draw(text)}
        for name in ("duration", "time_to_detection", "time_to_mitigation", "time_to_resolution")
    }
    data: dict[str, Any] = {
        "title": draw(text),
        "executive_summary": draw(text),
        "lessons_learned": draw(text),
        "last_action_number": draw(st.integers(0, 80)),
        "incident": {
            "id": draw(text), "date": draw(_maybe(DAYS)),
            "severity": draw(_maybe(st.sampled_from(list(Severity)))),
            "commander": draw(text), "technical_lead": draw(text),
            "communications_lead": draw(text), "additional_responders": draw(texts),
        },
        "stated_times": stated,
        "timeline": draw(_events()),
        "impact": draw(st.fixed_dictionaries({name: text for name in (
            "affected_users", "affected_functionality", "user_experience", "revenue_impact",
            "sla_violations", "reputation_impact", "systems_affected", "data_impact",
            "downstream_services")})),
        "root_cause": {"what_happened": draw(text), "why_it_happened": draw(text),
                       "contributing_factors": draw(texts)},
        "five_whys": {"problem_statement": draw(text), "steps": draw(st.lists(
            st.fixed_dictionaries({"why": text, "because": text}), max_size=3))},
        "response": {"went_well": draw(texts), "went_poorly": draw(texts),
                     "detection_gaps": draw(text), "resolution_challenges": draw(text)},
        "action_items": draw(_actions()),
        "preventive": {"technical": draw(texts), "process": draw(texts),
                       "monitoring": draw(texts)},
        "supporting": {"metrics_and_logs": draw(_links()),
                       "communication_artifacts": draw(_links()),
                       "related_documentation": draw(_links())},
        "extras": draw(st.lists(st.fixed_dictionaries({
            "after": st.sampled_from(EXTRA_ANCHORS), "markdown": text}), max_size=4)),
    }
    return Document.model_validate(data)


def exportable(document: Document) -> Document:
    """The document as its Markdown export carries it. The standard's shape has no place for
    one thing the model holds: the action-item counter (beyond the highest ID in the table).
    Every note on a measured time is carried, the Duration's and one without a time too."""
    data = document.model_dump()
    data["last_action_number"] = 0
    return Document.model_validate(data)
