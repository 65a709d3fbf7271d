"""How `postmortem check` writes its findings: text lines an editor jumps to, JSON (its schema
is data/check.schema.json), or GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from postmortem.document.review import Finding, Level, Suggestion
from postmortem.document.review.finding import field_name
from postmortem.document.sections import SECTION_BY_KEY

JSON_VERSION = 1
_GITHUB_LEVEL = {Level.ERROR: "error", Level.WARNING: "warning", Level.HINT: "notice"}


@dataclass
class CheckedFile:
    """One file's outcome: its findings with their lines, or why it could not be read."""

    name: str
    findings: list[tuple[int, Finding, str]] = field(default_factory=list)  # line, finding, name
    suggested: list[Suggestion] = field(default_factory=list)
    unreadable: str = ""  # the one-line error (FILE:LINE: what), when it could not be read


def render(files: Sequence[CheckedFile], form: str) -> str:
    if form == "json":
        return json.dumps(as_json(files), indent=2, ensure_ascii=False) + "\n"
    if form == "github":
        return "".join(_github(file) for file in files)
    return "".join(_text(file) for file in files)


def _text(file: CheckedFile) -> str:
    return "".join(f"{file.name}:{line}: {finding.severity} {finding.rule}: {finding.message}"
                   f"; fix: {finding.fix}\n" for line, finding, _ in file.findings)


def _github(file: CheckedFile) -> str:
    lines = []
    if file.unreadable:
        lines.append(f"::error file={_property(file.name)}::{_data(file.unreadable)}\n")
    for line, finding, name in file.findings:
        title = _property(f"{finding.rule}: {name}")
        lines.append(f"::{_GITHUB_LEVEL[finding.severity]} file={_property(file.name)},"
                     f"line={line},title={title}::{_data(finding.message)}%0Afix: "
                     f"{_data(finding.fix)}\n")
    return "".join(lines)


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def as_json(files: Sequence[CheckedFile]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "files": [_file_json(file) for file in files],
        "summary": {level.value: sum(1 for file in files for _, finding, _ in file.findings
                                     if finding.severity is level) for level in Level},
    }


def _file_json(file: CheckedFile) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "file": file.name,
        "findings": [_finding_json(line, finding, name) for line, finding, name in file.findings],
        "suggested_milestones": [
            {"milestone": suggestion.milestone.value, "row": suggestion.row + 1,
             "time": suggestion.time.strftime("%Y-%m-%d %H:%M"), "because": suggestion.because}
            for suggestion in file.suggested
        ],
    }
    if file.unreadable:
        entry["error"] = file.unreadable
    return entry


def _finding_json(line: int, finding: Finding, name: str) -> dict[str, Any]:
    return {
        "line": line,
        "severity": finding.severity.value,
        "rule": finding.rule,
        "section": finding.section,
        "section_heading": SECTION_BY_KEY[finding.section].heading,
        "field": finding.field,
        "field_name": name,
        "message": finding.message,
        "fix": finding.fix,
    }


def summary(files: Sequence[CheckedFile]) -> str:
    """One line for standard error: how many files, findings of each level, unreadable."""
    counts = {level: sum(1 for file in files for _, finding, _ in file.findings
                         if finding.severity is level) for level in Level}
    said = [f"{count} {level.value}{'' if count == 1 else 's'}"
            for level, count in counts.items() if count]
    unreadable = sum(1 for file in files if file.unreadable)
    if unreadable:
        said.append(f"{unreadable} unreadable")
    checked = f"{len(files)} file{'' if len(files) == 1 else 's'}"
    return f"checked {checked}: {', '.join(said) if said else 'no findings'}"


def named(findings: Sequence[Finding], lines: Sequence[int], document: Any,
          ) -> list[tuple[int, Finding, str]]:
    """Each finding with its line and its field's name in the standard's words."""
    return [(line, finding, field_name(finding.field, document))
            for line, finding in zip(lines, findings, strict=True)]
