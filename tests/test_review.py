"""The review's rules, one by one: what each finds and, as much, what it leaves alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from postmortem.document.model import Document
from postmortem.document.review import Level, review, words
from postmortem.document.review.actions import starts_with_a_verb, vague_words
from postmortem.document.review.blameless import blame_in, responder_names, rewording
from postmortem.document.review.finding import field_name, section_of
from postmortem.document.review.marks import SectionState, section_states
from postmortem.document.review.words import is_blank, placeholders
from postmortem.document.sections import SECTIONS
from postmortem.storage.toml_file import load

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"
TODAY = dt.date(2026, 3, 15)
NAMES = responder_names(["Priya Raman", "Sam Whitaker", "Will Ng", "Tomás Okafor"])


def findings(data: dict[str, Any], rule: str) -> list[str]:
    document = Document.model_validate(data)
    return [f.message for f in review(document, TODAY, only={rule}).findings]


# --- blameless language ------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "words", "who"), [
    ("John forgot to renew the certificate", "forgot", ""),
    ("John forgot the timeout, human error", "forgot", ""),
    ("It was human error", "human error", ""),
    ("A careless change to the load balancer", "careless", ""),
    ("The config was mistakenly applied to prod", "mistakenly", ""),
    ("Sam failed to renew the certificate", "failed to", "Sam"),
    ("Priya Raman should have checked the dashboard", "should have", "Priya Raman"),
    ("The on-call engineer failed to escalate", "failed to", "The on-call engineer"),
    ("Sam paged the DBA and failed to escalate", "failed to", "Sam"),
    ("We did not follow the runbook", "did not follow", "We"),
    ("Sam restarted the wrong pod", "the wrong", "Sam"),
    ("The deploy stalled because Will skipped the canary", "skipped", "Will"),
])
def test_a_sentence_that_puts_a_failure_on_a_person(sentence, words, who):
    found = blame_in(sentence, NAMES)
    assert found is not None and (found.words, found.who) == (words, who)


@pytest.mark.parametrize("sentence", [
    "The health check failed to connect",  # a system failed
    "The alert should have fired after five minutes",
    "The deploy by Sam failed to roll out",  # the deploy failed, not Sam
    "Priya Raman takes incident command",  # a responder, and no failure
    "Tomás Okafor links failures to the rotation job",  # "failures", a noun
    "Sam did not receive the page",  # what happened to Sam, not what Sam failed to do
    "Nobody on call knew the previous certificate had been pruned.",
    "The alert will fire only after ten minutes",  # "will", not Will
    "No test covered the forgotten-password flow",
    "The job skipped the canary",
    "",
])
def test_a_sentence_about_the_system_passes(sentence):
    assert blame_in(sentence, NAMES) is None


def test_the_fix_rewords_it_as_what_let_it_happen() -> None:
    found = blame_in("John forgot to renew the certificate", NAMES)
    assert found is not None
    assert rewording(found) == ("ask what let it happen, e.g. \u201cNothing reminded anyone to "
                                "renew the certificate\u201d \u2014 what would have?")
    failed = blame_in("Sam failed to renew the certificate", NAMES)
    assert failed is not None and "Nothing made sure we would renew the certificate" in \
        rewording(failed)


@pytest.mark.parametrize("place", [
    {"executive_summary": "John forgot to renew the certificate."},
    {"lessons_learned": "1. John forgot to renew the certificate."},
    {"root_cause": {"why_it_happened": "John forgot to renew the certificate."}},
    {"response": {"went_poorly": ["John forgot to renew the certificate"]}},
    {"five_whys": {"steps": [{"why": "Why did it expire?",
                              "because": "John forgot to renew the certificate"}]}},
    {"timeline": [{"time": "2026-03-14T10:00:00Z",
                   "event": "John forgot to renew the certificate"}]},
    {"action_items": [{"id": "AI-1", "description": "John forgot to renew the certificate"}]},
    {"impact": {"data_impact": "None, though John forgot to renew the certificate"}},
])
def test_blame_is_found_in_every_section(place):
    found = findings(place, "blame")
    assert len(found) == 1 and "\u201cforgot\u201d points at a person" in found[0]


def test_a_responders_name_is_read_from_incident_information() -> None:
    data = {"incident": {"additional_responders": ["Kim Lee (DBA)"]},
            "lessons_learned": "Kim failed to restore the backup in time."}
    assert findings(data, "blame") == [
        "Lessons Learned: \u201cKim failed to restore the backup in time.\u201d: "
        "\u201cfailed to\u201d puts it on Kim"]
    assert findings(data | {"incident": {}}, "blame") == []  # Kim is no responder now


# --- placeholders and emptiness ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("[Name]", ["[Name]"]), ("[YYYY-MM-DD]", ["[YYYY-MM-DD]"]),
    ("[Event description]", ["[Event description]"]), ("<H:MM>", ["<H:MM>"]),
    ("Owner TBD", ["TBD"]), ("[names, comma-separated]", ["[names, comma-separated]"]),
    ("[...]", ["[...]"]),
    ("[redacted]", []), ("see the [runbook](https://wiki/x)", []), ("<details>", []),
    ("a todo list", []), ("- [x] done", []), ("The API returned [error 500]", []),
])
def test_template_placeholders(text, found):
    assert placeholders(text) == found


@pytest.mark.parametrize("letters", words._MARKER_LETTERS)
def test_the_quick_test_lets_every_marker_through(letters):
    assert words.may_hold_placeholders(f"said {letters} here")
    assert not words.may_hold_placeholders("said nothing here")


def test_a_placeholder_counts_as_empty() -> None:
    assert is_blank("[Name]") and is_blank("  ") and is_blank("[H:MM] ([how it was measured])")
    assert not is_blank("Ana [on call]") and not is_blank("[redacted]")


def test_a_section_of_placeholders_is_not_written_and_says_which() -> None:
    data = {"title": "Outage", "executive_summary": "[Two or three sentences]",
            "incident": {"commander": "[Name]"}}
    assert "Executive Summary is not written yet" in findings(data, "section-empty")
    assert findings(data, "placeholder") == [
        "Incident Commander still holds the template's placeholder [Name]",
        "Executive Summary still holds the template's placeholder [Two or three sentences]"]


def test_a_started_section_names_its_empty_fields_once() -> None:
    data = {"title": "Outage", "incident": {"id": "INC-1", "commander": "[Name]"}}
    empty = findings(data, "field-empty")
    assert "Date is empty" in empty and "Technical Lead is empty" in empty
    assert not any("Commander" in line for line in empty)  # the placeholder rule says it


def test_severe_incidents_need_action_items_and_three_whys() -> None:
    p1 = {"incident": {"severity": "P1"}}
    assert findings(p1, "severe-needs-actions") == [
        "a P1 incident needs action items; there are none"]
    assert findings({"incident": {"severity": "P3"}}, "severe-needs-actions") == []
    two = {"steps": [{"why": "a", "because": "b"}, {"why": "c", "because": "d"}]}
    assert findings({"incident": {"severity": "P2"}, "five_whys": two}, "severe-needs-whys")
    assert findings({"incident": {"severity": "P3"}, "five_whys": two}, "whys-steps")


# --- times --------------------------------------------------------------------------------------

def rows(*specs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"time": f"2026-03-14T{time}:00Z", "event": event} for time, event in specs]


def test_a_stated_time_is_checked_against_the_suggested_milestones_naming_both() -> None:
    data = {"timeline": rows(("09:00", "Errors start"), ("09:40", "Incident declared"),
                             ("11:50", "Partial restoration"), ("13:20", "Incident resolved")),
            "stated_times": {"time_to_mitigation": {"value": "2:15"}}}
    document = Document.model_validate(data)
    result = review(document, TODAY, only={"stated-time-mismatch", "milestones-suggested"})
    messages = [f.message for f in result.findings]
    assert "Time to Mitigation is stated as 2:15, but the timeline gives 2:10" in messages[0]
    assert messages[1] == ("no row is marked as a milestone; checked with those the rows' words "
                           "suggest: Impact start row 1 (09:00), Detected row 2 (09:40), "
                           "Mitigated row 3 (11:50), Resolved row 4 (13:20)")
    assert [s.milestone.value for s in result.suggested] == [
        "impact_start", "detected", "mitigated", "resolved"]
    assert all(row.milestone is None for row in document.timeline)  # the review marks nothing


def test_a_row_years_from_the_incident_or_long_after_its_resolution() -> None:
    data = {"incident": {"date": "2026-03-14"},
            "timeline": rows(("09:00", "Errors"), ("10:00", "Resolved")) + [
                {"time": "2029-03-14T16:02:00Z", "event": "now"}]}
    assert findings(data, "timeline-outlier") == [
        "row 3 (2029-03-14 16:02) is 3 years after the incident's date (2026-03-14)"]
    late = {"timeline": [*rows(("09:00", "Errors")),
                         {"time": "2026-03-14T10:00:00Z", "event": "Fixed", "milestone":
                          "resolved"},
                         {"time": "2026-03-30T10:00:00Z", "event": "Follow-up"}]}
    assert findings(late, "timeline-outlier") == [
        "row 3 (2026-03-30 10:00) is 16 days after the resolution (2026-03-14 10:00)"]


# --- action items and the 5 Whys ----------------------------------------------------------------

@pytest.mark.parametrize(("description", "verb"), [
    ("Add a handshake test", True), ("Alert on decline rate", True),
    ("Shard the orders table", True),  # a verb the list does not know passes
    ("Synthetic probe through the gateway", False), ("Better alerting", False),
    ("Monitoring for declines", False), ("The runbook update", False), ("", True),
])
def test_an_action_item_starts_with_a_verb(description, verb):
    assert starts_with_a_verb(description) is verb


@pytest.mark.parametrize(("description", "vague"), [
    ("Improve monitoring", "Improve"), ("Look into the retries", "Look into"),
    ("Monitor better", "Monitor better"),
    ("Improve alert latency to under 2 minutes", None),  # measurable
    ("Alert when declines exceed 5% for 3 minutes", None),
])
def test_a_vague_action_item_has_nothing_to_measure_it_by(description, vague):
    assert vague_words(description) == vague


def test_each_why_follows_from_the_answer_before_it_and_the_root_is_carried() -> None:
    demo = load(DEMO)
    found = review(demo, TODAY, only={"whys-chain", "whys-root-carried"}).findings
    assert found == []
    demo.root_cause.why_it_happened = "Something else entirely."
    found = review(demo, TODAY, only={"whys-root-carried"}).findings
    assert [f.field for f in found] == ["root_cause.why_it_happened"]


# --- names and marks -----------------------------------------------------------------------------

def test_findings_name_their_field_in_the_standards_words() -> None:
    demo = load(DEMO)
    assert field_name("stated_times.time_to_mitigation") == "Time to Mitigation"
    assert field_name("timeline.3.event") == "Timeline row 4, Event"
    assert field_name("action_items.1.owner", demo) == "AI-2 Owner"
    assert field_name("five_whys.steps.0.because") == "5 Whys Analysis step 1, Because"
    assert field_name("root_cause.contributing_factors.2") == "Contributing Factors item 3"
    assert section_of("stated_times.duration") == "timeline"  # stated beside the timeline
    assert section_of("title") == "incident"


def test_the_marks_come_from_the_rules() -> None:
    assert set(section_states(load(DEMO), review(load(DEMO), TODAY).findings).values()) == {
        SectionState.COMPLETE}
    empty = Document()
    assert set(section_states(empty, review(empty, TODAY).findings).values()) == {
        SectionState.EMPTY}
    demo = load(DEMO)
    demo.stated_times.time_to_mitigation.value = "0:05"  # the milestones give 2:04: an error
    demo.action_items[0].owner = ""  # something missing
    states = section_states(demo, review(demo, TODAY).findings)
    assert states["timeline"] is SectionState.WRONG
    assert states["action_items"] is SectionState.STARTED
    assert [key for key, state in states.items() if state is SectionState.COMPLETE] == [
        section.key for section in SECTIONS if section.key not in ("timeline", "action_items")]


def test_a_findings_severity_is_its_rules() -> None:
    document = Document.model_validate({"title": "[Title]"})
    assert {f.severity for f in review(document, TODAY, only={"placeholder"}).findings} == {
        Level.ERROR}


# --- suggested milestones ------------------------------------------------------------------------

def suggested(specs: list[tuple[str, str]], notes: dict[str, str] | None = None) -> list[str]:
    from postmortem.document.review.suggest import suggested_milestones

    stated = {name: {"value": "", "note": note} for name, note in (notes or {}).items()}
    document = Document.model_validate({"timeline": rows(*specs), "stated_times": stated})
    return [f"{s.milestone.value} {s.time:%H:%M}" for s in suggested_milestones(document)]


def test_milestones_from_the_rows_words_and_order() -> None:
    assert suggested([("09:05", "Config change pushed"), ("09:12", "Error rate climbs to 5%"),
                      ("09:31", "Latency alert pages the on-call"), ("10:30", "Rollback attempt "
                      "fails"), ("11:50", "Traffic drained to Frankfurt; errors drop"),
                      ("13:20", "All clear: incident closed")]) == [
        "impact_start 09:12", "detected 09:31", "mitigated 11:50", "resolved 13:20"]


def test_a_recovery_row_is_no_impact_start_and_an_early_alert_is_still_the_detection() -> None:
    assert suggested([("21:41", "Resolver upgrade 1.9 rolled out"),
                      ("21:48", "SERVFAIL alert fired"), ("22:10", "Rollback complete"),
                      ("23:15", "Error rate back to baseline")]) == [
        "detected 21:48", "mitigated 22:10", "resolved 23:15"]


def test_a_note_names_its_rows_outright() -> None:
    specs = [("09:12", "Errors start"), ("09:31", "Alert pages the on-call"),
             ("09:40", "SEV2 declared"), ("11:50", "Partial restoration of EU traffic"),
             ("13:20", "Incident resolved")]
    assert suggested(specs)[1] == "detected 09:31"  # the first alert, by the words alone
    assert suggested(specs, {"time_to_mitigation": "from declaration to partial restoration"}
                     )[1] == "detected 09:40"


def test_nothing_is_suggested_once_a_row_is_marked_or_when_no_row_says_one() -> None:
    from postmortem.document.review.suggest import suggested_milestones

    document = Document.model_validate({"timeline": [
        {"time": "2026-03-14T09:00:00Z", "event": "Errors start", "milestone": "impact_start"},
        {"time": "2026-03-14T09:20:00Z", "event": "Incident declared"}]})
    assert suggested_milestones(document) == []
    assert suggested([("09:00", "Deploy starts"), ("10:00", "Config reviewed")]) == []
