"""Timeline: the events in time order, with the measured times they give."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from postmortem.metrics import metric_values
from postmortem.screens.base import SectionScreen


class TimelineScreen(SectionScreen):
    SECTION = "timeline"

    def compose_form(self) -> ComposeResult:
        yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="timeline-metrics")

    def on_mount(self) -> None:
        self.load_from_model()

    def load_from_model(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("Time (UTC)", "Event", "Actions Taken", "Milestone")
        for event in self.postmortem.document.timeline:
            table.add_row(event.time.strftime("%Y-%m-%d %H:%M"), event.event, event.actions,
                          event.milestone.label if event.milestone else "")
        values = metric_values(self.postmortem.document).values()
        self.query_one("#timeline-metrics", Static).update(
            "   ".join(f"{metric.label}: {metric.value or '—'}" for metric in values)
        )
        super().load_from_model()
