"""5 Whys Analysis: the chain from the problem users saw to its root cause."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from postmortem.screens.base import SectionScreen


class FiveWhysScreen(SectionScreen):
    SECTION = "five_whys"

    def compose_form(self) -> ComposeResult:
        yield Static(id="five-whys-chain")

    def on_mount(self) -> None:
        self.load_from_model()

    def load_from_model(self) -> None:
        whys = self.postmortem.document.five_whys
        lines = [f"Problem Statement: {whys.problem_statement or '—'}", ""]
        for number, step in enumerate(whys.steps, start=1):
            lines += [f"{number}. Why? {step.why}", f"   Because: {step.because}", ""]
        self.query_one("#five-whys-chain", Static).update("\n".join(lines))
        super().load_from_model()
