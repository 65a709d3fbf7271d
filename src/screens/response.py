"""Response Assessment: what went well and poorly, detection gaps, resolution challenges."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.document.outline import heading
from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import attribute
from postmortem.widgets.list_editor import ListEditor, string_list
from postmortem.widgets.text_field import TextField


class ResponseScreen(SectionScreen):
    SECTION = "response"

    def compose_form(self) -> ComposeResult:
        well, poorly = "response.went_well", "response.went_poorly"
        gaps, challenges = "response.detection_gaps", "response.resolution_challenges"
        yield ListEditor(heading(well), *string_list(well), source=well, id="went-well")
        yield ListEditor(heading(poorly), *string_list(poorly), source=poorly, id="went-poorly")
        yield TextField(heading(gaps), *attribute(gaps), source=gaps, id="detection-gaps")
        yield TextField(heading(challenges), *attribute(challenges), source=challenges,
                        id="resolution-challenges")
