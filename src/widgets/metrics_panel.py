"""The four measured times under the timeline, recomputed on every edit, with warnings."""

from __future__ import annotations

from textual.widgets import Static

from postmortem.metrics import (
    METRIC_NAMES,
    MetricValue,
    duplicate_milestones,
    metric_values,
    milestone_order_problems,
)
from postmortem.model import Document

_NEEDS = {
    "duration": "impact start + resolved",
    "time_to_detection": "impact start + detected",
    "time_to_mitigation": "detected + mitigated",
    "time_to_resolution": "detected + resolved",
}


def metric_text(metric: MetricValue) -> str:
    if metric.disagrees:
        return f"{metric.label} {metric.stated} (stated; timeline gives {metric.computed}) ⚠"
    if metric.is_stated:
        return f"{metric.label} {metric.stated} (stated)"
    if metric.computed:
        return f"{metric.label} {metric.computed}"
    return f"{metric.label} — (mark {_NEEDS[metric.name]})"


def metric_warnings(document: Document) -> list[str]:
    warnings = [f"⚠ Out of order: {problem}" for problem in
                milestone_order_problems(document.timeline)]
    warnings += [f"⚠ More than one row is marked {milestone.label}; the earliest counts"
                 for milestone in duplicate_milestones(document.timeline)]
    for metric in metric_values(document).values():
        if metric.disagrees:
            warnings.append(f"⚠ {metric.label}: stated {metric.stated}, but the milestones "
                            f"give {metric.computed} (s to change)")
    return warnings


def panel_lines(document: Document) -> list[str]:
    values = metric_values(document)
    texts = [metric_text(values[name]) for name in METRIC_NAMES]
    lines = [f"{texts[0]}  ·  {texts[1]}", f"{texts[2]}  ·  {texts[3]}"]
    return lines + metric_warnings(document)


class MetricsPanel(Static):
    DEFAULT_CSS = """
    MetricsPanel { height: auto; max-height: 6; border-top: solid $primary-background;
        padding: 0 1; }
    MetricsPanel.-warning { border-top: solid $warning; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__("", markup=False, id=id)

    def show(self, document: Document) -> None:
        warnings = metric_warnings(document)
        self.set_class(bool(warnings), "-warning")
        self.update("\n".join(panel_lines(document)))
