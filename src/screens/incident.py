"""Incident Information: title, ID, date, severity and the people who ran the response."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult

from postmortem.document.outline import field_label
from postmortem.document.sections import load_severities
from postmortem.document.validation import (
    date_problem,
    incident_id_problem,
    parse_date,
    parse_severity,
    severity_problem,
)
from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import LineField

if TYPE_CHECKING:
    from postmortem.document.model import Document


def _get_date(document: Document) -> str:
    return document.incident.date.isoformat() if document.incident.date else ""


def _set_date(document: Document, text: str) -> None:
    document.incident.date = parse_date(text)


def _get_severity(document: Document) -> str:
    return document.incident.severity.value if document.incident.severity else ""


def _set_severity(document: Document, text: str) -> None:
    document.incident.severity = parse_severity(text)


def _severity_meaning(text: str) -> str:
    return load_severities().get(text.strip().upper(), "")


def _get_responders(document: Document) -> str:
    return ", ".join(document.incident.additional_responders)


def _set_responders(document: Document, text: str) -> None:
    from postmortem.document.model import split_responders

    document.incident.additional_responders = split_responders(text)


def _standard(path: str, **options: Any) -> LineField:
    """A field for the text at path, labelled as the standard labels it."""
    return LineField.at(field_label(path), path, **options)


class IncidentScreen(SectionScreen):
    SECTION = "incident"

    def compose_form(self) -> ComposeResult:
        yield LineField.at("Title", "title", placeholder="What broke, in a few words", id="title")
        yield _standard("incident.id", problem=incident_id_problem,
                        placeholder="e.g. INC-2026-0042", id="incident-id")
        yield LineField(f"{field_label('incident.date')} (YYYY-MM-DD)", _get_date, _set_date,
                        problem=date_problem, placeholder="e.g. 2026-03-14",
                        source="incident.date", id="incident-date")
        yield LineField(f"{field_label('incident.severity')} (P1 worst … P4 no user impact)",
                        _get_severity, _set_severity, problem=severity_problem,
                        placeholder="P1 | P2 | P3 | P4", suggest=list(load_severities()),
                        describe=_severity_meaning, source="incident.severity", id="severity")
        yield _standard("incident.commander", id="commander")
        yield _standard("incident.technical_lead", id="technical-lead")
        yield _standard("incident.communications_lead", id="communications-lead")
        yield LineField(f"{field_label('incident.additional_responders')} (comma-separated)",
                        _get_responders, _set_responders,
                        placeholder="Sam Whitaker (payments on-call), Yuki Tanaka",
                        source="incident.additional_responders", id="additional-responders")
