"""Response Assessment: what went well and poorly, detection gaps, resolution challenges."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import attribute
from postmortem.widgets.list_editor import ListEditor, string_list
from postmortem.widgets.text_field import TextField


class ResponseScreen(SectionScreen):
    SECTION = "response"

    def compose_form(self) -> ComposeResult:
        yield ListEditor("What Went Well", *string_list("response.went_well"), id="went-well")
        yield ListEditor("What Went Poorly", *string_list("response.went_poorly"),
                         id="went-poorly")
        yield TextField("Detection Gaps", *attribute("response.detection_gaps"),
                        id="detection-gaps")
        yield TextField("Resolution Challenges", *attribute("response.resolution_challenges"),
                        id="resolution-challenges")
