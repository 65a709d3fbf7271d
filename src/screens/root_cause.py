"""Root Cause Analysis: what happened, why, and the factors that made it worse."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.document.outline import heading
from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import attribute
from postmortem.widgets.list_editor import ListEditor, string_list
from postmortem.widgets.text_field import TextField


class RootCauseScreen(SectionScreen):
    SECTION = "root_cause"

    def compose_form(self) -> ComposeResult:
        what, why = "root_cause.what_happened", "root_cause.why_it_happened"
        factors = "root_cause.contributing_factors"
        yield TextField(heading(what), *attribute(what), source=what, id="what-happened")
        yield TextField(heading(why), *attribute(why), source=why, id="why-it-happened")
        yield ListEditor(f"{heading(factors)} (start with a **bold title**: if you like)",
                         *string_list(factors), source=factors, id="contributing-factors")
