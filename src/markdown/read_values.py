"""What the importer knows of the standard: section names, bold labels, table columns, and
how to read the values people write into them (dates, H:MM times, severities, links)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from postmortem.document.model import HOURS_MINUTES
from postmortem.document.text import EMPTY_MARKER, decode_link_label, read_placeholder
from postmortem.markdown.blocks import plain_name
from postmortem.markdown.export import IMPACT_GROUPS

# Heading name -> (the part it holds, how its body is read). The part's key is also where text
# that fits no field is kept (Extra.after) and, for free text and lists, the field's path.
SECTIONS: dict[str, tuple[str, str]] = {
    "incident information": ("incident", "labels"),
    "executive summary": ("executive_summary", "block"),
    "timeline": ("timeline", "timeline"),
    "impact assessment": ("impact", "labels"),
    "user impact": ("impact.user", "labels"),
    "business impact": ("impact.business", "labels"),
    "technical impact": ("impact.technical", "labels"),
    "root cause analysis": ("root_cause", "labels"),
    "what happened": ("root_cause.what_happened", "block"),
    "why it happened": ("root_cause.why_it_happened", "block"),
    "contributing factors": ("root_cause.contributing_factors", "list"),
    "5 whys analysis": ("five_whys", "whys"),
    "response assessment": ("response", "labels"),
    "what went well": ("response.went_well", "list"),
    "what went poorly": ("response.went_poorly", "list"),
    "detection gaps": ("response.detection_gaps", "block"),
    "resolution challenges": ("response.resolution_challenges", "block"),
    "action items": ("action_items", "actions"),
    "preventive measures": ("preventive", "labels"),
    "technical improvements": ("preventive.technical", "list"),
    "process improvements": ("preventive.process", "list"),
    "monitoring improvements": ("preventive.monitoring", "list"),
    "lessons learned": ("lessons_learned", "block"),
    "supporting information": ("supporting", "labels"),
    "metrics and logs": ("supporting.metrics_and_logs", "links"),
    "communication artifacts": ("supporting.communication_artifacts", "links"),
    "related documentation": ("supporting.related_documentation", "links"),
}
_HEADING_ALIASES = {
    "incident details": "incident information",
    "summary": "executive summary",
    "incident timeline": "timeline",
    "timeline of events": "timeline",
    "impact": "impact assessment",
    "root cause": "root cause analysis",
    "5 whys": "5 whys analysis",
    "five whys": "5 whys analysis",
    "five whys analysis": "5 whys analysis",
    "what went wrong": "what went poorly",
    "action plan": "action items",
    "lessons": "lessons learned",
    "metrics and log": "metrics and logs",
    "communication artefacts": "communication artifacts",
}

# Where a part's labels are read when its own heading is missing from the document.
FALLBACK = {
    "incident": "title",
    "timeline": "incident",
    "impact.user": "impact",
    "impact.business": "impact",
    "impact.technical": "impact",
}

_TITLE_PREFIX = re.compile(r"(?:example\s+)?post[- ]?mortem\s*:\s*", re.I)


def section(heading: str) -> tuple[str, str] | None:
    name = plain_name(heading)
    return SECTIONS.get(_HEADING_ALIASES.get(name, name))


def title_text(heading: str) -> tuple[str, bool]:
    """The title without a "Post-Mortem:" prefix, and whether it had one."""
    match = _TITLE_PREFIX.match(heading)
    return (heading[match.end():] if match else heading), match is not None


# --- values (as written, with the template's [placeholders] already read as empty) -----------

Parser = Callable[[str], Any]


def read_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text or text == EMPTY_MARKER:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for pattern in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError("not a date (expected YYYY-MM-DD)")


def read_severity(text: str) -> str | None:
    text = text.strip()
    if not text or text == EMPTY_MARKER:
        return None
    match = re.fullmatch(r"(?:P|SEV[ -]?)([1-4])(?:\s*(?:[-:(].*)?)", text, re.I | re.S)
    if match is None:
        raise ValueError("not a severity (expected P1, P2, P3 or P4)")
    return "P" + match.group(1)


def read_stated(text: str) -> dict[str, str]:
    """ "3:45" or "3:45 (3 hours, 45 minutes)": the stated time and its note."""
    text = text.strip()
    if not text or text == EMPTY_MARKER:
        return {"value": "", "note": ""}
    match = re.fullmatch(r"([^\s(]+)(?:\s*\((.*)\))?", text, re.S)
    if match is not None and not read_placeholder(match.group(1)):  # "[H:MM] ([how])"
        return {"value": "", "note": ""}
    if match is None or not HOURS_MINUTES.match(match.group(1)):
        raise ValueError("not a time (expected H:MM, e.g. 3:45)")
    return {"value": match.group(1), "note": match.group(2) or ""}


@dataclass(frozen=True)
class LabelSpec:
    label: str  # as the standard writes it
    path: str
    home: str  # the part whose heading the label belongs under
    read: Parser = str


_SPECS = [
    LabelSpec("Incident ID", "incident.id", "incident"),
    LabelSpec("Date", "incident.date", "incident", read_date),
    LabelSpec("Duration", "stated_times.duration", "incident", read_stated),
    LabelSpec("Severity", "incident.severity", "incident", read_severity),
    LabelSpec("Incident Commander", "incident.commander", "incident"),
    LabelSpec("Technical Lead", "incident.technical_lead", "incident"),
    LabelSpec("Communications Lead", "incident.communications_lead", "incident"),
    LabelSpec("Additional Responders", "incident.additional_responders", "incident",
              lambda text: [text]),
    LabelSpec("Time to Detection", "stated_times.time_to_detection", "timeline", read_stated),
    LabelSpec("Time to Mitigation", "stated_times.time_to_mitigation", "timeline", read_stated),
    LabelSpec("Time to Resolution", "stated_times.time_to_resolution", "timeline", read_stated),
    LabelSpec("Problem Statement", "five_whys.problem_statement", "five_whys"),
    *(LabelSpec(label, f"impact.{name}", key)
      for _, key, fields in IMPACT_GROUPS for label, name in fields),
]
LABELS = {spec.label.lower(): spec for spec in _SPECS}
_LABEL_ALIASES = {
    "incident date": "date",
    "commander": "incident commander",
    "communication lead": "communications lead",
    "comms lead": "communications lead",
    "responders": "additional responders",
    "other responders": "additional responders",
}


def label_spec(name: str) -> tuple[str, LabelSpec] | None:
    name = _LABEL_ALIASES.get(name, name)
    return (name, LABELS[name]) if name in LABELS else None


def why_label(name: str) -> str | None:
    """ "Why?", "Why 2" -> "why"; "Because" -> "because"."""
    if re.fullmatch(r"why(?: ?\d+)?", name):
        return "why"
    return "because" if name in ("because", "answer") else None


# --- links -----------------------------------------------------------------------------------

def read_link(text: str) -> tuple[str, str] | None:
    """ "[label](url)" as the exporter writes it, or a bare URL; None for anything else."""
    if "\n" in text:
        return None
    bare = re.fullmatch(r"<?((?:https?|ftp)://[^\s<>]+)>?", text)
    if bare:
        return bare.group(1), bare.group(1)
    if not text.startswith("["):
        return None
    index = 1
    while index < len(text) and text[index] != "]":
        if text[index] == "[":
            return None
        index += 2 if text[index] == "\\" else 1
    label, rest = text[1:index], text[index + 1:]
    url = _link_destination(rest)
    return None if url is None else (decode_link_label(label), url)


def _link_destination(rest: str) -> str | None:
    if rest.startswith("(<") and rest.endswith(">)") and ">" not in rest[2:-2]:
        return rest[2:-2]
    if rest.startswith("(") and rest.endswith(")"):
        url = rest[1:-1]
        if url and not any(char in url for char in " ()<>"):
            return url
    return None
