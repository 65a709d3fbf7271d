"""The standard's fixed choices: severities, timeline milestones, action priorities and
statuses. Plain enums, so that code which only needs the words does not load the model."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class Milestone(StrEnum):
    IMPACT_START = "impact_start"
    DETECTED = "detected"
    MITIGATED = "mitigated"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        return MILESTONE_LABELS[self]


MILESTONE_LABELS = {
    Milestone.IMPACT_START: "Impact start",
    Milestone.DETECTED: "Detected",
    Milestone.MITIGATED: "Mitigated",
    Milestone.RESOLVED: "Resolved",
}


class Priority(StrEnum):
    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"


class Status(StrEnum):
    OPEN = "Open"
    IN_PROGRESS = "In Progress"
    COMPLETED = "Completed"
    VERIFIED = "Verified"
