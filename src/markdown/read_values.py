"""What the importer knows of the standard beyond its outline (document/outline.py): the other
names people give its headings and labels, and how to read the values people write into them
(dates, H:MM times, severities, links)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from postmortem.document.model import HOURS_MINUTES
from postmortem.document.outline import PART_BY_KEY, PARTS, Body
from postmortem.document.text import EMPTY_MARKER, decode_link_label, read_placeholder
from postmortem.markdown.blocks import plain_name

# Heading name -> (the part it holds, how its body is read). The part's key is also where text
# that fits no field is kept (Extra.after) and, for free text and lists, the field's path.
SECTIONS: dict[str, tuple[str, Body]] = {
    plain_name(part.heading): (part.key, part.body) for part in PARTS
}
# Other names people give the standard's headings -> the part they mean.
_HEADING_ALIASES = {
    "incident details": "incident",
    "summary": "executive_summary",
    "incident timeline": "timeline",
    "timeline of events": "timeline",
    "impact": "impact",
    "root cause": "root_cause",
    "5 whys": "five_whys",
    "five whys": "five_whys",
    "five whys analysis": "five_whys",
    "what went wrong": "response.went_poorly",
    "action plan": "action_items",
    "lessons": "lessons_learned",
    "metrics and log": "supporting.metrics_and_logs",
    "communication artefacts": "supporting.communication_artifacts",
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


def section(heading: str) -> tuple[str, Body] | None:
    """The part a heading names, and how its body is read; None for a heading not the
    standard's."""
    name = plain_name(heading)
    if name in _HEADING_ALIASES:
        part = PART_BY_KEY[_HEADING_ALIASES[name]]
        return part.key, part.body
    return SECTIONS.get(name)


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
    """ "3:45" or "3:45 (3 hours, 45 minutes)": the stated time and its note; "_TBD_ (note)":
    a note whose time is not known yet. As people also write it: "2h 15m", "2 hours 15
    minutes", "135 minutes", "2:15:00", and a note after a dash or a comma rather than in
    parentheses."""
    text = text.strip()
    if not text or text == EMPTY_MARKER:
        return {"value": "", "note": ""}
    match = re.fullmatch(r"([^\s(]+)(?:\s*\((.*)\))?", text, re.S)
    if match is not None and not read_placeholder(match.group(1)):  # "[H:MM] ([how])"
        return {"value": "", "note": ""}
    if match is not None and match.group(1) == EMPTY_MARKER:
        return {"value": "", "note": match.group(2) or ""}
    if match is not None and HOURS_MINUTES.match(match.group(1)):
        return {"value": match.group(1), "note": match.group(2) or ""}
    found = _DURATION.match(text)
    if found is None or not (found["clock"] or found["hours"] or found["minutes"]):
        raise ValueError("not a time (expected H:MM, e.g. 3:45)")
    return {"value": _hours_minutes(found), "note": _note(text[found.end():])}


# A time as people write it: 2:15, 2:15:00, 2h 15m, 2 hours and 15 minutes, 135 min.
_DURATION = re.compile(
    r"(?:(?P<clock>\d+:[0-5]\d)(?::[0-5]\d)?"
    r"|(?:(?P<hours>\d+)\s*(?:h|hrs?|hours?)\.?(?:\s*,?\s*(?:and\s+)?)?)?"
    r"(?:(?P<minutes>\d+)\s*(?:m|mins?|minutes?)\.?)?)(?![\w:])", re.IGNORECASE)


def _hours_minutes(found: re.Match[str]) -> str:
    if found["clock"]:
        hours, minutes = found["clock"].split(":")
        return f"{int(hours)}:{minutes}"
    total = int(found["hours"] or 0) * 60 + int(found["minutes"] or 0)
    return f"{total // 60}:{total % 60:02d}"


def _note(rest: str) -> str:
    """What follows the time: "(how it was measured)", or the same after a dash or comma."""
    rest = rest.strip().lstrip("-–—,:;").strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    return rest


@dataclass(frozen=True)
class LabelSpec:
    label: str  # as the standard writes it
    path: str
    home: str  # the part whose heading the label belongs under
    read: Parser = str


# How the values of labels that are not plain text are read, by the value's path.
_READERS: dict[str, Parser] = {
    "incident.date": read_date,
    "incident.severity": read_severity,
    "incident.additional_responders": lambda text: [text],
}


def _reader(path: str) -> Parser:
    return read_stated if path.startswith("stated_times.") else _READERS.get(path, str)


_SPECS = [
    LabelSpec(label.text, label.path, part.key, _reader(label.path))
    for part in PARTS for label in part.all_labels()
]
LABELS = {spec.label.lower(): spec for spec in _SPECS}
_SPEC_BY_PATH = {spec.path: spec for spec in _SPECS}
# Other names people give the standard's labels -> the path of the value they mean.
_LABEL_ALIASES = {
    "incident date": "incident.date",
    "commander": "incident.commander",
    "communication lead": "incident.communications_lead",
    "comms lead": "incident.communications_lead",
    "responders": "incident.additional_responders",
    "other responders": "incident.additional_responders",
}


def label_spec(name: str) -> tuple[str, LabelSpec] | None:
    """The label a (lower-case) name is, or is another name for: its key in LABELS and spec."""
    spec = _SPEC_BY_PATH[_LABEL_ALIASES[name]] if name in _LABEL_ALIASES else LABELS.get(name)
    return (spec.label.lower(), spec) if spec is not None else None


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
