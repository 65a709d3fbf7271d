"""Preventive Measures: technical, process and monitoring improvements."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.document.outline import PART_BY_KEY
from postmortem.screens.base import SectionScreen
from postmortem.widgets.list_editor import ListEditor, string_list


class PreventiveScreen(SectionScreen):
    SECTION = "preventive"

    def compose_form(self) -> ComposeResult:
        for part in PART_BY_KEY[self.SECTION].subsections:
            name = part.key.rpartition(".")[2]
            yield ListEditor(part.heading, *string_list(part.key), source=part.key, id=name)
