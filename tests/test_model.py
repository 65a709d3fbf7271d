"""The document model: text normalisation, timeline order and time zones, action IDs,
responders and the schema version."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from postmortem.document.model import (
    SCHEMA_VERSION,
    ActionItem,
    Document,
    IncidentInfo,
    Milestone,
    Priority,
    Severity,
    StatedTime,
    Status,
    TimelineEvent,
    split_responders,
)
from postmortem.document.text import EMPTY_MARKER, normalize_block
from postmortem.storage.toml_file import dumps, parse


def event(time: str, text: str = "", **extra: object) -> dict[str, object]:
    return {"time": time, "event": text, **extra}


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


# --- normalisation: control characters and escape sequences -------------------------------------

@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),  # CSI colours
        ("x\x1b[2J\x1b[Hy", "xy"),  # clear screen, cursor home
        ("t\x1b]0;pwned\x07 end", "t end"),  # OSC window title
        ("x\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ y", "xlink y"),  # OSC 8 hyperlink
        ("a\x1bPdevice\x1b\\b", "ab"),  # DCS
        ("bell\x07 null\x00 bs\x08 del\x7f c1\x9b", "bell null bs del c1"),
        ("bad\udcffbyte", "badbyte"),  # a byte that was not UTF-8, from argv or a paste
        ("keep\ttab", "keep\ttab"),
    ],
)
def test_one_line_fields_lose_escape_sequences_and_control_characters(raw: str, clean: str) -> None:
    doc = Document.model_validate({"title": raw, "incident": {"commander": raw}})
    assert doc.title == clean
    assert doc.incident.commander == clean


def test_free_text_and_cells_are_cleaned_but_keep_their_newlines() -> None:
    doc = Document.model_validate({
        "executive_summary": "one\r\ntwo\rthree\x1b[1m\n\x00four",
        "timeline": [event("2026-03-14T10:00:00Z", "cell\x1b[31m\r\nsecond\x07 line")],
    })
    assert doc.executive_summary == "one\ntwo\nthree\nfour"
    assert doc.timeline[0].event == "cell\nsecond line"


def test_one_line_fields_fold_newlines_into_spaces() -> None:
    assert Document(title="  first\nsecond\r\nthird  ").title == "first second third"


# --- normalisation: headings, fences, HTML -----------------------------------------------------

@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("# One\n## Two\n### Three\n#### Four\n##### Five",
         "#### One\n#### Two\n#### Three\n#### Four\n##### Five"),
        ("   ## indented\n#\n### closed ###", "   #### indented\n####\n#### closed ###"),
        ("Big\n===\n\nSmall\n---", "#### Big\n\n#### Small"),
        ("- # in a list\n> ## in a quote\n1. ### numbered",
         "- #### in a list\n> #### in a quote\n1. #### numbered"),
    ],
)
def test_headings_h1_to_h3_in_free_text_are_demoted_to_h4(raw: str, safe: str) -> None:
    doc = Document.model_validate({
        "lessons_learned": raw,
        "root_cause": {"what_happened": raw, "contributing_factors": [raw]},
        "response": {"detection_gaps": raw},
    })
    assert doc.lessons_learned == safe
    assert doc.root_cause.what_happened == safe
    assert doc.root_cause.contributing_factors == [safe]
    assert doc.response.detection_gaps == safe


def test_hashes_that_are_not_headings_are_left_alone() -> None:
    text = "#hashtag\n\\# escaped\n\n    # indented code\n\n```\n# in a fence\n```"
    assert Document(executive_summary=text).executive_summary == text


@pytest.mark.parametrize(
    ("raw", "closed"),
    [
        ("```\ncode", "```\ncode\n```"),
        ("text\n\n```sh\nrm -rf /\n", "text\n\n```sh\nrm -rf /\n```"),
        # a shorter fence does not close a longer one
        ("````python\nx = 1\n```", "````python\nx = 1\n```\n````"),
        ("~~~\nx", "~~~\nx\n~~~"),
        ("<!-- hidden", "<!-- hidden\n-->"),
        ("<script>\nalert(1)", "<script>\nalert(1)\n</script>"),
    ],
)
def test_unterminated_fences_and_html_blocks_are_closed(raw: str, closed: str) -> None:
    assert Document(executive_summary=raw).executive_summary == closed


@pytest.mark.parametrize("text", ["```\ncode\n```", "~~~~\nx\n~~~~", "<!-- a -->\ntext"])
def test_closed_blocks_are_unchanged(text: str) -> None:
    assert Document(executive_summary=text).executive_summary == text


_PIECES = st.sampled_from(
    ["a", " ", "\n", "#", "=", "-", "`", "```", "~~~", "<!--", "-->", "<pre>", ">", "1.",
     "*", "|", "\\", "_TBD_", "\t", "\x1b[", "\r"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_normalising_free_text_twice_changes_nothing(text: str) -> None:
    # Otherwise a loaded document would not save byte-identically.
    once = normalize_block(text)
    assert normalize_block(once) == once


# --- the empty marker ----------------------------------------------------------------------------

def test_the_empty_marker_reads_back_as_empty() -> None:
    doc = Document.model_validate({
        "title": EMPTY_MARKER,
        "executive_summary": f"  {EMPTY_MARKER}  \n",
        "incident": {"commander": EMPTY_MARKER, "additional_responders": [EMPTY_MARKER, "Sam"]},
        "timeline": [event("2026-03-14T10:00:00Z", EMPTY_MARKER, actions=f" {EMPTY_MARKER}")],
        "root_cause": {"contributing_factors": [EMPTY_MARKER, "real factor"]},
        "supporting": {"metrics_and_logs": [{"label": EMPTY_MARKER, "url": EMPTY_MARKER}]},
    })
    assert doc.title == ""
    assert doc.executive_summary == ""
    assert doc.incident.commander == ""
    assert doc.incident.additional_responders == ["Sam"]
    assert (doc.timeline[0].event, doc.timeline[0].actions) == ("", "")
    assert doc.root_cause.contributing_factors == ["real factor"]
    assert doc.supporting.metrics_and_logs == []


def test_the_marker_inside_other_text_is_kept() -> None:
    assert Document(title=f"owner {EMPTY_MARKER} later").title == f"owner {EMPTY_MARKER} later"


# --- the timeline --------------------------------------------------------------------------------

def test_timeline_is_kept_in_chronological_order_with_ties_in_file_order() -> None:
    doc = Document.model_validate({"timeline": [
        event("2026-03-14T15:00:00Z", "d"),
        event("2026-03-14T13:00:00Z", "a"),
        event("2026-03-14T14:00:00Z", "b1"),
        event("2026-03-14T14:00:00Z", "b2"),
        event("2026-03-14T14:30:00+02:00", "earliest"),  # 12:30 UTC
    ]})
    assert [e.event for e in doc.timeline] == ["earliest", "a", "b1", "b2", "d"]


def test_insert_event_keeps_order_and_goes_after_events_at_the_same_minute() -> None:
    doc = Document.model_validate({"timeline": [
        event("2026-03-14T13:00:00Z", "a"), event("2026-03-14T14:00:00Z", "b")]})
    assert doc.insert_event(TimelineEvent(time=utc(2026, 3, 14, 14, 0), event="b2")) == 2
    assert doc.insert_event(TimelineEvent(time=utc(2026, 3, 14, 12, 0), event="first")) == 0
    assert doc.insert_event(TimelineEvent(time=utc(2026, 3, 15, 0, 1), event="last")) == 4
    assert [e.event for e in doc.timeline] == ["first", "a", "b", "b2", "last"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-03-14T16:02:45.5+02:00", utc(2026, 3, 14, 14, 2)),
        ("2026-03-14T21:30:59-05:00", utc(2026, 3, 15, 2, 30)),  # crosses midnight into UTC
        ("2026-03-14T23:59:59", utc(2026, 3, 14, 23, 59)),  # no zone given: taken as UTC
        (utc(2026, 3, 14, 9, 5, 30), utc(2026, 3, 14, 9, 5)),
    ],
)
def test_event_times_are_converted_to_utc_and_cut_to_the_minute(
    given: str | dt.datetime, expected: dt.datetime
) -> None:
    time = TimelineEvent(time=given).time
    assert time == expected
    assert time.utcoffset() == dt.timedelta(0)
    assert (time.second, time.microsecond) == (0, 0)


def test_milestones_are_the_four_of_the_standard() -> None:
    assert [m.value for m in Milestone] == ["impact_start", "detected", "mitigated", "resolved"]
    with pytest.raises(ValidationError):
        TimelineEvent(time=utc(2026, 1, 1), milestone="escalated")


# --- action items --------------------------------------------------------------------------------

def test_action_item_ids_must_be_unique() -> None:
    with pytest.raises(ValidationError, match="AI-2 repeated"):
        Document.model_validate({"action_items": [{"id": "AI-1"}, {"id": "AI-2"}, {"id": "AI-2"}]})


@pytest.mark.parametrize("bad", ["AI1", "ai-1", "AI-", "AI-x", "A-1", "1", ""])
def test_action_item_ids_have_the_form_ai_n(bad: str) -> None:
    with pytest.raises(ValidationError, match="expected an ID like AI-1"):
        ActionItem(id=bad)


def test_action_item_id_is_trimmed() -> None:
    assert ActionItem(id=" AI-12 ").id == "AI-12"
    assert ActionItem(id="AI-12").number == 12


def test_next_action_id_counts_up_from_one() -> None:
    doc = Document()
    assert [doc.next_action_id() for _ in range(3)] == ["AI-1", "AI-2", "AI-3"]


def test_next_action_id_never_reuses_a_deleted_id_even_after_save_and_load() -> None:
    doc = Document.model_validate({"action_items": [{"id": "AI-1"}, {"id": "AI-2"}]})
    new_id = doc.next_action_id()
    assert new_id == "AI-3"
    doc.action_items.append(ActionItem(id=new_id))
    doc.action_items.pop()  # AI-3 deleted again
    reloaded = parse(dumps(doc))
    assert reloaded.last_action_number == 3
    assert reloaded.next_action_id() == "AI-4"


def test_the_counter_is_never_below_the_highest_id_in_the_file() -> None:
    doc = Document.model_validate({"last_action_number": 1, "action_items": [{"id": "AI-7"}]})
    assert doc.last_action_number == 7
    assert doc.next_action_id() == "AI-8"


def test_action_item_choices_are_those_of_the_standard() -> None:
    assert [p.value for p in Priority] == ["High", "Medium", "Low"]
    assert [s.value for s in Status] == ["Open", "In Progress", "Completed", "Verified"]
    assert [s.value for s in Severity] == ["P1", "P2", "P3", "P4"]
    item = ActionItem(id="AI-1")
    assert (item.priority, item.status) == (Priority.MEDIUM, Status.OPEN)
    with pytest.raises(ValidationError):
        ActionItem(id="AI-1", priority="Urgent")


def test_overdue_means_past_due_and_not_done() -> None:
    today = dt.date(2026, 4, 1)
    assert ActionItem(id="AI-1", due=dt.date(2026, 3, 31)).is_overdue(today)
    assert not ActionItem(id="AI-1", due=dt.date(2026, 4, 1)).is_overdue(today)
    assert not ActionItem(id="AI-1", due=dt.date(2026, 3, 1), status="Completed").is_overdue(today)
    assert not ActionItem(id="AI-1").is_overdue(today)


# --- responders ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("A, B (DBA, on call), C", ["A", "B (DBA, on call)", "C"]),
        ("A,, B ,", ["A", "B"]),
        ("Sam Whitaker (payments on-call)", ["Sam Whitaker (payments on-call)"]),
        ("A (unclosed, B", ["A (unclosed, B"]),
        ("", []),
    ],
)
def test_split_responders_splits_on_commas_outside_parentheses(text: str, names: list[str]) -> None:
    assert split_responders(text) == names


def test_additional_responders_are_split_and_roles_dropped_for_the_name_list() -> None:
    info = IncidentInfo(
        commander="Priya Raman",
        technical_lead="Tomás Okafor (payments)",
        additional_responders=["Sam Whitaker (payments on-call), Yuki Tanaka (SRE)",
                               "Ana (DBA, on call)", " ", EMPTY_MARKER],
    )
    assert info.additional_responders == [
        "Sam Whitaker (payments on-call)", "Yuki Tanaka (SRE)", "Ana (DBA, on call)"]
    assert info.responders() == [
        "Priya Raman", "Tomás Okafor", "Sam Whitaker", "Yuki Tanaka", "Ana"]


# --- stated times, schema version, unknown fields ------------------------------------------------

@pytest.mark.parametrize("good", ["0:00", "3:45", "26:10", "1000:59", ""])
def test_stated_times_accept_hours_and_minutes(good: str) -> None:
    assert StatedTime(value=good).value == good


@pytest.mark.parametrize("bad", ["345", "3:60", "3h45", "3:5", "-1:00", "three hours"])
def test_stated_times_reject_anything_else(bad: str) -> None:
    with pytest.raises(ValidationError, match="expected H:MM"):
        StatedTime(value=bad)


def test_a_newer_schema_version_is_rejected() -> None:
    assert Document().schema_version == SCHEMA_VERSION
    assert Document(schema_version=SCHEMA_VERSION).schema_version == SCHEMA_VERSION
    with pytest.raises(ValidationError, match="newer postmortem"):
        Document(schema_version=SCHEMA_VERSION + 1)
    with pytest.raises(ValidationError, match="1 or more"):
        Document(schema_version=0)


def test_unknown_fields_are_errors_not_silently_dropped() -> None:
    with pytest.raises(ValidationError, match="titel"):
        Document.model_validate({"titel": "typo"})
    with pytest.raises(ValidationError, match="comander"):
        Document.model_validate({"incident": {"comander": "typo"}})
