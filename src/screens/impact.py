"""Impact Assessment: user, business and technical impact, one line each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from postmortem.markdown.export import IMPACT_GROUPS
from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import LineField, attribute


class ImpactScreen(SectionScreen):
    SECTION = "impact"

    def compose_form(self) -> ComposeResult:
        for heading, _key, fields in IMPACT_GROUPS:
            yield Label(heading, classes="subheading")
            for label, name in fields:
                yield LineField(label, *attribute(f"impact.{name}"), id=name.replace("_", "-"))
