"""Executive Summary: two or three sentences for a non-technical reader."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import attribute
from postmortem.widgets.text_field import TextField


class SummaryScreen(SectionScreen):
    SECTION = "executive_summary"

    def compose_form(self) -> ComposeResult:
        yield TextField(self.section.heading, *attribute(self.SECTION), source=self.SECTION,
                        id="summary")
