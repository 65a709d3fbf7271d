"""Lessons Learned: what another team should take from this incident."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import attribute
from postmortem.widgets.text_field import TextField


class LessonsScreen(SectionScreen):
    SECTION = "lessons_learned"

    def compose_form(self) -> ComposeResult:
        yield TextField(f"{self.section.heading} (Markdown; a numbered list reads well)",
                        *attribute(self.SECTION), source=self.SECTION, id="lessons")
