"""Root Cause Analysis: what happened, why, and the factors that made it worse."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import attribute
from postmortem.widgets.list_editor import ListEditor, string_list
from postmortem.widgets.text_field import TextField


class RootCauseScreen(SectionScreen):
    SECTION = "root_cause"

    def compose_form(self) -> ComposeResult:
        yield TextField("What Happened", *attribute("root_cause.what_happened"),
                        id="what-happened")
        yield TextField("Why It Happened", *attribute("root_cause.why_it_happened"),
                        id="why-it-happened")
        yield ListEditor("Contributing Factors (start with a **bold title**: if you like)",
                         *string_list("root_cause.contributing_factors"),
                         id="contributing-factors")
