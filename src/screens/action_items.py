"""Action Items: who does what by when."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable

from postmortem.screens.base import SectionScreen


class ActionItemsScreen(SectionScreen):
    SECTION = "action_items"

    def compose_form(self) -> ComposeResult:
        yield DataTable(id="action-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.load_from_model()

    def load_from_model(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("ID", "Description", "Owner", "Priority", "Due Date", "Status")
        for item in self.postmortem.document.action_items:
            table.add_row(item.id, item.description, item.owner, item.priority.value,
                          item.due.isoformat() if item.due else "", item.status.value)
        super().load_from_model()
