"""The four measured times under the timeline, recomputed on every edit, with warnings. The
marked rows they come from are kept by a MilestoneIndex, told each edit: a key costs what it
changed, not a scan of the timeline."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import Static

from postmortem.document.metrics import (
    METRIC_NAMES,
    MetricValue,
    computed_minutes,
    duplicate_milestones,
    metric_values,
    milestone_order_problems,
    milestone_times,
)
from postmortem.document.milestone_index import MilestoneIndex
from postmortem.document.milestones import Marked
from postmortem.document.model import Document, Milestone
from postmortem.document.timeline_edit import Change
from postmortem.widgets.host import UsesPostmortem

KEYS = {Milestone.IMPACT_START: "1", Milestone.DETECTED: "2", Milestone.MITIGATED: "3",
        Milestone.RESOLVED: "4"}


def metric_text(metric: MetricValue, minutes: int | None = None) -> str:
    """One figure as the panel shows it; minutes is the raw span (negative: out of order)."""
    if metric.disagrees:
        return f"{metric.label} {metric.stated} (stated; timeline gives {metric.computed}) ⚠"
    if metric.is_stated:
        return f"{metric.label} {metric.stated} (stated)"
    if metric.computed:
        return f"{metric.label} {metric.computed}"
    if minutes is not None:
        return f"{metric.label} — (milestones out of order)"
    return f"{metric.label} —"


def marked_rows(document: Document) -> list[Marked]:
    """The rows that carry a milestone, in timeline order: the one scan of the timeline."""
    return [event for event in document.timeline if event.milestone is not None]


def missing_hint(marked: Sequence[Marked]) -> list[str]:
    times = milestone_times(marked)
    missing = [f"{KEYS[milestone]} {milestone.label.lower()}" for milestone in Milestone
               if milestone.value not in times]
    if not missing:
        return []
    return [f"Mark a row to compute the times: {', '.join(missing)}"]


def suggestion_hint(document: Document) -> list[str]:
    """The milestones the rows' words suggest, while none is marked, and the key that marks
    them."""
    from postmortem.document.review.suggest import suggested_milestones

    suggestions = suggested_milestones(document)
    if not suggestions:
        return []
    said = ", ".join(f"{s.milestone.label.lower()} row {s.row + 1}" for s in suggestions)
    return [f"Suggested milestones: {said} (m marks them)"]


def metric_warnings(document: Document, marked: Sequence[Marked]) -> list[str]:
    warnings = [f"⚠ {problem}" for problem in milestone_order_problems(marked)]
    warnings += [f"⚠ More than one row is marked {milestone.label}; the earliest counts"
                 for milestone in duplicate_milestones(marked)]
    for metric in metric_values(document, marked).values():
        if metric.disagrees:
            warnings.append(f"⚠ {metric.label}: stated {metric.stated}, but the milestones "
                            f"give {metric.computed} (s to change)")
    return warnings


# The warnings take at most this many lines, so that the table keeps most of an 80x24 screen.
WARNING_LINES = 2


def cut(line: str, width: int) -> str:
    """line, cut to width with an ellipsis when it is longer."""
    return line if len(line) <= width else line[:max(width - 1, 0)] + "…"


def shown_warnings(warnings: Sequence[str], width: int) -> list[str]:
    """The warnings in at most WARNING_LINES lines of width: each on its line while they fit,
    else the first and how many more there are, and where each is said in full (Review)."""
    if len(warnings) <= WARNING_LINES:
        return [cut(warning, width) for warning in warnings]
    more = len(warnings) - 1
    return [cut(warnings[0], width),
            cut(f"⚠ {more} more warnings: F8 Review lists each in full", width)]


def panel_lines(document: Document, width: int = 76,
                marked: Sequence[Marked] | None = None) -> tuple[list[str], list[str]]:
    """The four figures (two to a line where they fit), and every warning under them; marked is
    the timeline's marked rows when the caller has them (else the timeline is scanned)."""
    if marked is None:
        marked = marked_rows(document)
    values = metric_values(document, marked)
    minutes = computed_minutes(marked)
    texts = [metric_text(values[name], minutes[name]) for name in METRIC_NAMES]
    figures: list[str] = []
    for left, right in ((texts[0], texts[1]), (texts[2], texts[3])):
        pair = f"{left}  ·  {right}"
        figures += [pair] if len(pair) <= width else [left, right]
    # Rows are suggested only while none is marked: with a mark, no scan of the words.
    hints = (suggestion_hint(document) if not marked else []) or missing_hint(marked)
    return figures + hints, metric_warnings(document, marked)


class MetricsPanel(Static, UsesPostmortem):
    DEFAULT_CSS = """
    MetricsPanel { height: auto; max-height: 10; border-top: solid $primary-background;
        padding: 0 1; }
    MetricsPanel.-warning { border-top: solid $warning; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__("", markup=False, id=id)
        self._shown: str | None = None
        self._index = MilestoneIndex()

    def on_resize(self) -> None:
        self.show(self.postmortem.document)

    def show(self, document: Document, change: Change | None = None) -> None:
        """Show the figures of document; change is the edit that led here (None: anything may
        have changed, and the timeline is looked at afresh)."""
        if change is None:
            self._index.rebuild(document.timeline)
        else:
            self._index.apply(change)
        width = self.content_size.width or 76
        marked = self._index.rows(document.timeline)
        figures, warnings = panel_lines(document, width, marked)
        self.set_class(bool(warnings), "-warning")
        shown = shown_warnings(warnings, width)
        text = "\n".join(figures + shown)
        if text != self._shown:  # an unchanged text would still cost a layout
            self._shown = text
            self.update(text)
            # every warning in full, for a pointer resting on the panel
            self.tooltip = "\n".join(warnings) if shown != warnings else None
