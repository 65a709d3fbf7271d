"""The four measured times under the timeline, recomputed on every edit, with warnings."""

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
from postmortem.document.milestones import Marked
from postmortem.document.model import Document, Milestone
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


def panel_lines(document: Document, width: int = 76) -> tuple[list[str], list[str]]:
    """The four figures (two to a line where they fit), and the warnings under them."""
    marked = marked_rows(document)
    values = metric_values(document, marked)
    minutes = computed_minutes(marked)
    texts = [metric_text(values[name], minutes[name]) for name in METRIC_NAMES]
    figures: list[str] = []
    for left, right in ((texts[0], texts[1]), (texts[2], texts[3])):
        pair = f"{left}  ·  {right}"
        figures += [pair] if len(pair) <= width else [left, right]
    hints = suggestion_hint(document) or missing_hint(marked)
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

    def on_resize(self) -> None:
        self.show(self.postmortem.document)

    def show(self, document: Document) -> None:
        figures, warnings = panel_lines(document, self.content_size.width or 76)
        self.set_class(bool(warnings), "-warning")
        text = "\n".join(figures + warnings)
        if text != self._shown:  # an unchanged text would still cost a layout
            self._shown = text
            self.update(text)
