"""Markdown import of hand-written post-mortems (tests/md/): every value in its field, extra text
kept and exported again where it came from, the report, and nothing lost on the way."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from postmortem.document.errors import DocumentError
from postmortem.document.metrics import metric_values
from postmortem.document.model import Document, Milestone
from postmortem.markdown.export import EXTRA_SEPARATOR, export_markdown
from postmortem.markdown.importer import ImportReport, import_markdown, read_markdown
from postmortem.storage.toml_file import load, read_text

ROOT = Path(__file__).resolve().parents[1]
MD = Path(__file__).resolve().parent / "md"
FILES = sorted(MD.glob("*.md"))


def read(name: str) -> tuple[Document, ImportReport]:
    return read_markdown(read_text(MD / name), MD / name)


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]{3,}", text))


# --- every file ------------------------------------------------------------------------------

def test_there_are_at_least_five_hand_written_files() -> None:
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_an_imported_file_round_trips_from_its_first_export_on(path: Path) -> None:
    document = import_markdown(read_text(path))
    markdown = export_markdown(document)
    again = import_markdown(markdown)
    assert again == document
    assert export_markdown(again) == markdown


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_every_extra_is_exported_again(path: Path) -> None:
    document, report = read_markdown(read_text(path))
    markdown = export_markdown(document)
    for extra in document.extras:
        assert extra.markdown in markdown
    for _line, _after, first_line in report.extras:
        assert first_line.lstrip("#").strip().removesuffix("...") in markdown


@pytest.mark.parametrize(("name", "lost"), [
    ("complete.md", {"Example"}),  # the "Example Post-Mortem:" prefix is not part of the title
    # Spellings the standard writes its own way: SEV-1 (critical) is P1, done is Completed.
    ("unusual_formatting.md", {"Five", "MEDIUM", "March", "SEV", "critical", "done", "high",
                               "progress"}),
    ("missing_headings.md", set()),
    ("extra_sections.md", set()),
])
def test_no_word_of_the_author_is_lost(name: str, lost: set[str]) -> None:
    source = read_text(MD / name)
    assert words(source) - words(export_markdown(import_markdown(source))) == lost


def test_the_demo_export_imports_to_the_demo_and_exports_byte_identical() -> None:
    demo = load(ROOT / "data" / "demo.toml")
    markdown = export_markdown(demo)
    document, report = read_markdown(markdown)
    assert document == demo
    assert export_markdown(document) == markdown
    assert report.extras == [] and report.unreadable == []
    assert len(report.sections) == 27


# --- complete.md ---------------------------------------------------------------------------

def test_complete_incident_information() -> None:
    doc, report = read("complete.md")
    assert doc.title == "Orders stuck after database failover"
    info = doc.incident
    assert (info.id, info.date, info.severity) == ("INC-2025-0117", dt.date(2025, 11, 3), "P2")
    assert (info.commander, info.technical_lead) == ("Ana Souza", "Bilal Haddad")
    assert info.communications_lead == "Chloé Martin"  # its colon is outside the bold
    assert info.additional_responders == ["Dev Patel (DBA, on call)", "Erik Lund"]
    # "3:45 (3 hours, 45 minutes)" is what the timeline gives, stated with the author's note
    assert doc.stated_times.duration.model_dump() == {"value": "3:45",
                                                      "note": "3 hours, 45 minutes"}
    assert metric_values(doc)["duration"].value == "3:45"
    assert report.extras == [] and report.unreadable == []


def test_complete_timeline_takes_the_incident_date_and_keeps_escaped_pipes() -> None:
    doc, _ = read("complete.md")
    assert [event.time for event in doc.timeline] == [
        utc(f"2025-11-03 {hhmm}") for hhmm in ("09:58", "10:02", "10:31", "11:10", "12:40",
                                               "13:47")]
    assert [event.milestone for event in doc.timeline] == [
        None, Milestone.IMPACT_START, Milestone.DETECTED, None, Milestone.MITIGATED,
        Milestone.RESOLVED]
    assert doc.timeline[2].event == 'Support reports "order pending | no email" tickets'
    assert doc.timeline[2].actions == "Page the on-call DBA"
    # A stated time with its own note is kept; one equal to the computed time is not.
    assert doc.stated_times.time_to_detection.model_dump() == {
        "value": "0:29", "note": "from the first failed confirmation to the page"}
    assert doc.stated_times.time_to_mitigation.value == ""


def test_complete_free_text_lists_and_whys() -> None:
    doc, _ = read("complete.md")
    assert doc.executive_summary.startswith("On 3 November, new orders were accepted")
    assert "`read-only transaction`" in doc.root_cause.what_happened
    assert doc.root_cause.why_it_happened.splitlines()[1] == (
        "2. The retry loop treats every database error as transient.")
    assert doc.root_cause.contributing_factors == [
        "**Runbook gap**: the failover runbook does not mention restarting clients.\n"
        "- It was written for the previous, pool-less order service.\n"
        "- Nobody reviewed it after the migration.",
        "**Alerting**: no alert on the age of the oldest unconfirmed order.",
    ]
    whys = doc.five_whys
    assert whys.problem_statement.startswith("Orders were not confirmed")
    assert [(step.why, step.because) for step in whys.steps][2] == (
        "Why did it write to the old primary?",
        "Its connection pool resolves the host name only at start-up.")
    assert doc.response.went_poorly == ["Nobody was paged for 29 minutes.",
                                        "The first fix attempt restarted only two pods."]
    assert doc.lessons_learned.startswith("1. **Failovers are client changes too**")


def test_complete_impact_actions_and_links() -> None:
    doc, _ = read("complete.md")
    assert doc.impact.sla_violations == (
        "Confirmation-latency SLO (5 minutes, 99%) missed for the day")
    assert doc.impact.downstream_services.startswith("Email service idle")
    items = [(i.id, i.owner, i.priority, i.due, i.status) for i in doc.action_items]
    assert items == [
        ("AI-1", "Bilal Haddad", "High", dt.date(2025, 11, 17), "In Progress"),
        ("AI-2", "Erik Lund", "High", dt.date(2025, 11, 10), "Completed"),
        ("AI-3", "Dev Patel", "Medium", dt.date(2025, 11, 30), "Open"),
    ]
    assert doc.action_items[2].description == 'Add "restart clients" to the failover runbook'
    assert [(link.label, link.url) for link in doc.supporting.metrics_and_logs][1] == (
        "order-service errors",
        "https://logs.example.com/search?q=service:order-service%20read-only")


# --- half_finished.md ----------------------------------------------------------------------

def test_half_finished_placeholders_and_markers_mean_empty() -> None:
    doc, report = read("half_finished.md")
    assert doc.incident.id == "INC-2026-0021" and doc.incident.commander == "Farah Ali"
    assert doc.incident.technical_lead == "" and doc.incident.communications_lead == ""
    assert doc.incident.additional_responders == []
    assert doc.stated_times.duration.value == ""
    assert doc.stated_times.time_to_mitigation.value == ""
    assert doc.executive_summary == "" and doc.root_cause.why_it_happened == ""
    assert doc.root_cause.contributing_factors == [] and doc.response.went_well == []
    assert doc.five_whys.problem_statement == "" and doc.five_whys.steps == []
    assert doc.impact.affected_users.startswith("Everyone signed in")
    assert doc.impact.affected_functionality == "" and doc.impact.systems_affected == "search-api"
    assert doc.supporting.metrics_and_logs == []
    assert report.extras == [] and report.unreadable == []


def test_half_finished_rows_template_row_skipped_missing_ids_given() -> None:
    doc, _ = read("half_finished.md")
    assert [(e.time, e.milestone) for e in doc.timeline] == [
        (utc("2026-02-09 08:15"), Milestone.IMPACT_START),
        (utc("2026-02-09 08:50"), Milestone.DETECTED)]
    assert doc.timeline[0].actions == ""
    assert [(i.id, i.priority, i.status, i.due, i.owner) for i in doc.action_items] == [
        ("AI-1", "High", "Open", None, "Farah Ali"),
        ("AI-2", "Medium", "Open", None, ""),
    ]
    assert doc.action_items[1].description == "Alert on the search click-through rate"


# --- missing_headings.md -------------------------------------------------------------------

def test_missing_headings_fields_found_where_their_heading_would_be() -> None:
    doc, report = read("missing_headings.md")
    assert doc.title == "Cache stampede took down the product pages"  # a ## title
    info = doc.incident  # no Incident Information heading: the labels follow the title
    assert (info.id, info.date, info.severity) == ("INC-2024-0310", dt.date(2024, 3, 10), "P1")
    assert (info.commander, info.technical_lead) == ("Grace Hopper", "Hal Abelson")
    # No User/Business/Technical Impact headings: each label still lands in its field.
    assert doc.impact.affected_users == "Everyone browsing products"
    assert doc.impact.revenue_impact == "About an hour of sales"
    assert doc.impact.systems_affected == "cache, product-api"
    # No What Happened heading: the text under Root Cause Analysis is what happened.
    assert doc.root_cause.what_happened.startswith("All cache nodes were patched at once")
    assert doc.root_cause.contributing_factors == ["The patch schedule did not stagger nodes."]
    assert doc.lessons_learned == "Patch caches one node at a time."
    assert len(doc.timeline) == 4
    assert report.sections == ["Timeline", "Impact Assessment", "Root Cause Analysis",
                               "Contributing Factors", "Lessons Learned"]
    assert report.extras == [] and report.unreadable == []


# --- unusual_formatting.md -----------------------------------------------------------------

def test_unusual_formatting_labels_and_headings() -> None:
    doc, report = read("unusual_formatting.md")
    assert doc.title == "Login outage after the certificate rotation"  # setext, prefixed
    info = doc.incident
    assert info.id == "INC-2023-0042"  # __label__: with the colon outside
    assert info.date == dt.date(2023, 3, 14)  # **Date** without a colon, date in words
    assert info.severity == "P1"  # SEV-1 (critical)
    assert info.communications_lead == "Kemal Aydın"  # labels as * bullets
    assert info.additional_responders == ["Lea Roth (SRE)", "Max Müller"]
    assert doc.executive_summary.startswith("Logins failed for an hour")  # "## 1. Executive ..."
    assert "Incident Timeline" in report.sections and "Five Whys" in report.sections
    assert report.extras == [] and report.unreadable == []


def test_unusual_formatting_tables_lists_and_links() -> None:
    doc, _ = read("unusual_formatting.md")
    assert [e.time for e in doc.timeline] == [
        utc(f"2023-03-14 {hhmm}") for hhmm in ("14:00", "14:10", "14:55", "15:05")]
    assert doc.timeline[0].event == "Certificate rotated on idp-1"
    assert doc.timeline[3].actions == "Watch for an hour"
    assert [(i.id, i.priority, i.status) for i in doc.action_items] == [
        ("AI-1", "High", "In Progress"), ("AI-2", "Medium", "Completed")]
    assert doc.root_cause.contributing_factors[1] == (
        "**Weekend change**: fewer people were around to notice.")
    assert [(s.why, s.because) for s in doc.five_whys.steps] == [
        ("Why did logins fail?", "The apps rejected the new certificate."),
        ("Why did they reject it?", "It chained to a root they do not pin.")]
    assert doc.response.went_well == ["Rollback took ten minutes.", "Clear customer messaging."]
    assert [link.url for link in doc.supporting.metrics_and_logs] == [
        "https://grafana.example.com/d/logins", "https://logs.example.com/idp?q=handshake"]
    assert doc.supporting.related_documentation[0].model_dump() == {
        "label": "Certificate runbook (v2)",
        "url": "https://wiki.example.com/runbooks/certs%20(v2)"}


def test_unusual_formatting_windows_line_endings_read_the_same() -> None:
    source = read_text(MD / "unusual_formatting.md")
    assert import_markdown(source.replace("\n", "\r\n")) == import_markdown(source)


# --- extra_sections.md ---------------------------------------------------------------------

def test_extra_sections_fields_still_land() -> None:
    doc, _ = read("extra_sections.md")
    assert doc.title == "Payment webhooks delivered twice"
    assert doc.incident.id == "INC-2025-0501" and doc.incident.severity == "P2"
    assert doc.incident.date is None and doc.stated_times.duration.value == ""
    assert doc.incident.additional_responders == ["Quentin Blake"]
    assert [e.milestone for e in doc.timeline] == [Milestone.IMPACT_START, Milestone.RESOLVED]
    assert doc.impact.user_experience == "Duplicate notifications"
    assert doc.root_cause.contributing_factors == [
        "Idempotency keys were regenerated on retry.\n\nWe only found this by reading the code.",
        "No test covers retries."]
    assert [item.id for item in doc.action_items] == ["AI-1"]


def test_extra_sections_report_lists_what_was_kept_and_not_read() -> None:
    _, report = read("extra_sections.md")
    kept = {(line, after) for line, after, _ in report.extras}
    assert kept == {
        (1, "title"), (5, "title"), (10, "incident"), (13, "incident"), (20, "incident"),
        (26, "executive_summary"), (36, "timeline"), (39, "timeline"), (47, "impact"),
        (56, "impact.user"), (68, "root_cause.contributing_factors"), (75, "action_items"),
        (81, "lessons_learned"), (88, "lessons_learned"),
    }
    assert [(line, why.split(" (")[0]) for line, _, why in report.unreadable] == [
        (10, "not a date"), (11, "not a time"), (36, "not a time"),
        (75, "'Urgent' is not one of High, Medium, Low"),
    ]
    rendered = report.render("extra_sections.md")
    assert "line 13, after incident: **Status:** Resolved" in rendered
    assert "line 11: **Duration:** about two hours" in rendered


def test_extra_sections_are_exported_where_they_came_from() -> None:
    doc, _ = read("extra_sections.md")
    markdown = export_markdown(doc)
    order = [
        "# Post-Mortem: Payment webhooks delivered twice",
        "<!-- Imported from the old wiki, page 4711 -->",
        "Draft: please review before Friday.",
        "## Incident Information",
        "**Date:** sometime in May",
        "**Duration:** about two hours",
        "**Status:** Resolved",
        "Reviewed by the payments guild on 2025-05-20.",
        "## Executive Summary",
        "#### Key numbers",  # a heading inside a section is kept one level down, as text
        "## Timeline",
        "| yesterday | Somebody noticed | Nothing |",
        "Times are from the dispatcher's own logs",
        "## Impact Assessment",
        '> "We refunded a customer twice because of you."',
        "### User Impact",
        "- **Support Tickets:** 57",
        "### Business Impact",
        "### Contributing Factors",
        "Both factors were known from an earlier near miss.",
        "## Action Items",
        "| AI-2 | Add a retry test | Omar Farouk | Urgent | 2025-06-15 | Open |",
        "## Lessons Learned",
        "#### Appendix: raw log excerpt",
        "09:00:05 retry id=1 key=new",
        "#### Sign-off",
        "## Supporting Information",
    ]
    positions = [markdown.index(text) for text in order]
    assert positions == sorted(positions)
    # The kept bullet would have joined the User Impact list: it is set apart.
    assert f"{EXTRA_SEPARATOR}\n\n- **Support Tickets:** 57" in markdown
    assert import_markdown(markdown) == doc


# --- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("", "is empty"),
    ("  \n\n\t\n", "is empty"),
    ("abc\x00def", "binary"),
    ("# Shopping list\n\n- eggs\n- milk\n", "does not look like a post-mortem"),
    ("Just a sentence.", "does not look like a post-mortem"),
    ('schema_version = 1\ntitle = "x"\n', "is a postmortem TOML file"),
])
def test_bad_input_is_a_document_error(text: str, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        read_markdown(text, "in.md")


def test_a_post_mortem_title_alone_is_enough_to_start_from() -> None:
    assert import_markdown("# Post-Mortem: Disk full on db-3\n").title == "Disk full on db-3"


def test_a_time_without_a_date_and_no_incident_date_is_kept_not_dropped() -> None:
    source = ("# Post-Mortem: x\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n"
              "| 10:00 | Something |\n")
    doc, report = read_markdown(source)
    assert doc.timeline == []
    assert "| 10:00 | Something |" in doc.extras[0].markdown
    assert report.unreadable[0][0] == 7


def test_a_row_with_more_cells_than_the_header_is_kept_whole() -> None:
    source = ("# Post-Mortem: x\n\n## Timeline\n\n| Time | Event |\n| --- | --- |\n"
              "| 2026-01-01 10:00 | a | b |\n")
    doc, report = read_markdown(source)
    assert doc.timeline == [] and "| a | b |" in doc.extras[0].markdown
    assert "more cells" in report.unreadable[0][2]


@pytest.mark.parametrize(("written", "value", "note"), [
    ("3:45 (3 hours, 45 minutes)", "3:45", "3 hours, 45 minutes"),
    ("2h 15m", "2:15", ""),
    ("2 hours 15 minutes (from declaration to partial restoration)", "2:15",
     "from declaration to partial restoration"),
    ("135 minutes", "2:15", ""),
    ("2:15:00", "2:15", ""),
    ("2:15 - from declaration to partial restoration", "2:15",
     "from declaration to partial restoration"),
    ("45 min, from the page", "0:45", "from the page"),
])
def test_a_stated_time_as_people_write_it(written: str, value: str, note: str) -> None:
    doc, report = read_markdown(f"## Timeline\n\n**Time to Mitigation:** {written}\n\n"
                                "## Lessons Learned\n\nx\n")
    assert (doc.stated_times.time_to_mitigation.value,
            doc.stated_times.time_to_mitigation.note) == (value, note)
    assert report.unreadable == []
