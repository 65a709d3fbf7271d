"""What a reviewer would flag in a post-mortem: missing parts, inconsistent times, overdue work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from postmortem.document.metrics import (
    duplicate_milestones,
    metric_values,
    milestone_order_problems,
)
from postmortem.document.outline import PART_BY_KEY, heading, value_at
from postmortem.document.sections import SECTIONS, SectionState, section_state

if TYPE_CHECKING:
    from postmortem.document.model import Document


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


def run_checks(document: Document, today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    findings += _empty_sections(document)
    findings += _missing_incident_facts(document)
    findings += _time_problems(document)
    findings += _link_problems(document)
    findings += _overdue_actions(document, today)
    return findings


def _empty_sections(document: Document) -> list[Finding]:
    return [
        Finding("warning", section.heading, "not written yet")
        for section in SECTIONS
        if section_state(section, document) is SectionState.EMPTY
    ]


def _missing_incident_facts(document: Document) -> list[Finding]:
    """The facts a reviewer looks for first, flagged even when the section is started."""
    info = document.incident
    facts = {"title": document.title, "incident ID": info.id, "date": info.date,
             "severity": info.severity}
    if not any(facts.values()):
        return []  # the whole section is reported as not written yet
    return [Finding("warning", heading("incident"), f"no {name}")
            for name, value in facts.items() if not value]


def _time_problems(document: Document) -> list[Finding]:
    findings = [
        Finding("error", heading("timeline"), f"milestones out of order: {problem}")
        for problem in milestone_order_problems(document.timeline)
    ]
    findings += [
        Finding("warning", heading("timeline"), f"more than one row is marked {milestone.label}")
        for milestone in duplicate_milestones(document.timeline)
    ]
    for metric in metric_values(document).values():
        if metric.disagrees:
            findings.append(Finding(
                "warning", metric.label,
                f"stated {metric.stated} but the timeline milestones give {metric.computed}",
            ))
    return findings


# A link to one of these by a relative path is a link to another post-mortem beside this one
# (Related Documentation, filled from the shelf); a repository's web view follows it.
POSTMORTEM_FILES = (".toml", ".md", ".markdown")


def url_problem(url: str) -> str | None:
    """Why url is not a usable link, or None when it is: an http(s) URL, or the relative path of
    another post-mortem file."""
    if not url:
        return "the URL is empty"
    parsed = urlparse(url)
    if not parsed.scheme and not parsed.netloc and parsed.path.lower().endswith(POSTMORTEM_FILES):
        return None  # another post-mortem in the same repository, by its relative path
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return f"not an http(s) URL: {url}"
    return None


def _link_problems(document: Document) -> list[Finding]:
    findings = []
    for group in PART_BY_KEY["supporting"].subsections:
        for link in value_at(document, group.key):
            problem = url_problem(link.url)
            if problem:
                findings.append(Finding("warning", group.heading,
                                        f"{link.label or 'link'}: {problem}"))
    return findings


def _overdue_actions(document: Document, today: dt.date) -> list[Finding]:
    return [
        Finding("warning", heading("action_items"), f"{item.id} is overdue (due {item.due})")
        for item in document.action_items
        if item.is_overdue(today)
    ]
