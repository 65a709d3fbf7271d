"""Preventive Measures: technical, process and monitoring improvements."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.screens.base import SectionScreen
from postmortem.widgets.list_editor import ListEditor, string_list


class PreventiveScreen(SectionScreen):
    SECTION = "preventive"

    def compose_form(self) -> ComposeResult:
        yield ListEditor("Technical Improvements", *string_list("preventive.technical"),
                         id="technical")
        yield ListEditor("Process Improvements", *string_list("preventive.process"),
                         id="process")
        yield ListEditor("Monitoring Improvements", *string_list("preventive.monitoring"),
                         id="monitoring")
