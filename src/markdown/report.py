"""The report of a Markdown import, filled in by the readers and shown to the person."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    """What an import found, filled, kept as extra and could not read (lines count from 1)."""

    sections: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    extras: list[tuple[int, str, str]] = field(default_factory=list)  # line, after, first line
    unreadable: list[tuple[int, str, str]] = field(default_factory=list)  # line, text, why
    # Where each value was read, by dotted path ("incident.id", a part's key for its heading,
    # "timeline.3" for the fourth row read): what `check` names a finding's line by.
    lines: dict[str, int] = field(default_factory=dict)
    # The milestones the import marked, suggested by the rows' words (none were marked).
    suggested: list[str] = field(default_factory=list)

    def render(self, name: str) -> str:
        lines = [
            f"imported {name}: {len(self.sections)} sections, {len(self.filled)} fields filled, "
            f"{len(self.extras)} kept as extra, {len(self.unreadable)} not read"
        ]
        if self.sections:
            lines.append("  sections: " + ", ".join(self.sections))
        if self.filled:
            lines.append("  filled: " + ", ".join(self.filled))
        if self.extras:
            lines.append("  kept as extra (exported again after the part it followed):")
            lines += [f"    line {line}, after {after}: {text}"
                      for line, after, text in self.extras]
        if self.unreadable:
            lines.append("  could not read (kept as extra):")
            lines += [f"    line {line}: {text} ({why})" for line, text, why in self.unreadable]
        if self.suggested:
            lines.append("  milestones marked from the rows' words (none were marked; check "
                         "them on the timeline):")
            lines += [f"    {suggestion}" for suggestion in self.suggested]
        return "\n".join(lines)
