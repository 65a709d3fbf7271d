"""The 5 Whys chain as the reader will follow it: numbered steps with hanging indents."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from postmortem.document.blame import blame_reason
from postmortem.document.model import FiveWhys
from postmortem.document.outline import BECAUSE, PROBLEM_STATEMENT, WHY


class ChainStep(Horizontal):
    DEFAULT_CSS = """
    ChainStep { height: auto; margin-top: 1; }
    ChainStep > .number { width: 4; }
    ChainStep > Vertical { height: auto; width: 1fr; }
    ChainStep .because { padding-left: 2; }
    ChainStep .blame { padding-left: 2; color: $warning; }
    """

    def __init__(self, number: int, why: str, because: str, blame: str | None) -> None:
        super().__init__()
        self.parts = (number, why, because, blame)

    def compose(self) -> ComposeResult:
        number, why, because, blame = self.parts
        yield Static(f"{number}.", classes="number", markup=False)
        with Vertical():
            yield Static(f"{WHY.written} {why or '(empty)'}", markup=False)
            yield Static(f"{BECAUSE.written} {because or '(no answer yet)'}", classes="because",
                         markup=False)
            if blame:
                yield Static(f"⚠ points at a person: {blame}", classes="blame", markup=False)


class ChainDisplay(Vertical):
    """Shows document.five_whys; call show() after it changes."""

    DEFAULT_CSS = """
    ChainDisplay { height: auto; }
    ChainDisplay > .problem { text-style: bold; }
    ChainDisplay > .note { color: $text-muted; margin-top: 1; }
    """

    def show(self, whys: FiveWhys, responders: list[str], note: str = "") -> None:
        widgets: list[Static | ChainStep] = [Static(
            f"{PROBLEM_STATEMENT.written} {whys.problem_statement or '(not written yet)'}",
            classes="problem", markup=False)]
        for number, item in enumerate(whys.steps, start=1):
            blame = blame_reason(item.because, responders) if item.because else None
            widgets.append(ChainStep(number, item.why, item.because, blame))
        if note:
            widgets.append(Static(note, classes="note", markup=False))
        self.remove_children()
        self.mount_all(widgets)
