"""5 Whys Analysis: the chain from the problem users saw to its root cause, built in a wizard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import AwaitMount
from textual.widgets import Button, Static

from postmortem.document.outline import heading
from postmortem.document.whys import MAX_STEPS, MIN_STEPS, answered
from postmortem.screens.base import SectionScreen
from postmortem.screens.editing import run_when_shown
from postmortem.widgets.five_whys.chain import ChainDisplay

if TYPE_CHECKING:
    from postmortem.document.model import Document

EMPTY_TEXT = ("No chain yet. The wizard asks one why at a time, from the problem users saw to "
              f"a cause you can change (at least {MIN_STEPS} whys, usually five).")


class WizardButton(Button):
    """Starts the wizard; the cursor arriving here with no chain yet starts it at once, so
    what is typed next is the problem statement (no `w` needed). Escape from the wizard
    comes back here, and stays."""

    def on_focus(self, event: events.Focus) -> None:
        if not event.from_app_focus:  # the terminal regaining focus is no arrival
            self.arrived()

    def arrived(self) -> None:
        from postmortem.screens.why_wizard import WhyWizard

        screen = self.screen
        opened = any(isinstance(shown, WhyWizard) for shown in self.app.screen_stack)
        if (isinstance(screen, FiveWhysScreen) and screen.is_current and not screen.started
                and not opened):
            screen.open_wizard()


class FiveWhysScreen(SectionScreen):
    SECTION = "five_whys"
    BINDING_GROUP_TITLE = heading("five_whys")
    BINDINGS = [
        # priority, awaiting the wizard: keys typed right after w land in it (see the tables)
        Binding("w", "wizard", "Wizard", tooltip="Start the 5 Whys wizard, or edit the chain",
                priority=True),
    ]
    DEFAULT_CSS = """
    FiveWhysScreen #start-wizard { margin-bottom: 1; }
    FiveWhysScreen #five-whys-chain { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._pending: Callable[[], object] | None = None

    def compose_form(self) -> ComposeResult:
        yield WizardButton("Start the 5 Whys wizard (w)", id="start-wizard", compact=True)
        yield Static(EMPTY_TEXT, id="five-whys-empty")
        yield ChainDisplay(id="five-whys-chain")

    def on_mount(self) -> None:
        self.show_chain()

    def load_from_model(self) -> None:
        self.show_chain()
        super().load_from_model()

    def refresh_from_model(self, before: Document | None = None) -> None:
        self.show_chain()
        super().refresh_from_model(before)

    @property
    def started(self) -> bool:
        whys = self.postmortem.document.five_whys
        return bool(whys.problem_statement or whys.steps)

    def show_chain(self) -> None:
        whys = self.postmortem.document.five_whys
        started = self.started
        label = "Edit the chain in the wizard (w)" if started else "Start the 5 Whys wizard (w)"
        button = self.query_one("#start-wizard", Button)
        button.label = label
        button.refresh(layout=True)
        chain = self.query_one(ChainDisplay)
        chain.display = started
        self.query_one("#five-whys-empty", Static).display = not started
        if started:
            count = answered(whys)
            note = "" if count >= MIN_STEPS else (
                f"Only {count} why(s) answered; aim for {MIN_STEPS} to {MAX_STEPS}.")
            chain.show(whys, self.postmortem.document.incident.responders(), note)

    @on(Button.Pressed, "#start-wizard")
    def _pressed(self) -> None:
        self.open_wizard()

    async def action_wizard(self) -> None:
        await self.open_wizard()

    def open_wizard(self) -> AwaitMount:
        from postmortem.screens.why_wizard import WhyWizard

        return self.app.push_screen(WhyWizard())

    def start_wizard(self) -> None:
        """Open the wizard with the cursor in the problem statement (from the palette)."""
        self._pending = run_when_shown(self, self.open_wizard)

    def on_screen_resume(self) -> None:
        self.show_chain()
        if self._pending is not None:
            action, self._pending = self._pending, None
            self._pending = run_when_shown(self, action)
