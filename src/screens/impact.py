"""Impact Assessment: user, business and technical impact, one line each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Label

from postmortem.document.outline import PART_BY_KEY
from postmortem.screens.base import SectionScreen
from postmortem.widgets.fields import LineField


class ImpactScreen(SectionScreen):
    SECTION = "impact"

    def compose_form(self) -> ComposeResult:
        for group in PART_BY_KEY[self.SECTION].subsections:
            yield Label(group.heading, classes="subheading")
            for label in group.all_labels():
                name = label.path.rpartition(".")[2]
                yield LineField.at(label.text, label.path, id=name.replace("_", "-"))
