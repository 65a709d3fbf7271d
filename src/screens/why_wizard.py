"""The guided 5 Whys: the problem statement, then one "Why?" / "Because:" per page, then the
whole chain, where the last answer can become the root cause.

Every keystroke goes straight into document.five_whys, so back, forward, escape or a jump to
another section never lose anything, and reopening the wizard edits the same chain.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from postmortem.document.blame import blame_warning
from postmortem.document.model import FiveWhys, WhyStep
from postmortem.document.outline import BECAUSE, PROBLEM_STATEMENT, WHY, heading
from postmortem.document.text import normalize_line
from postmortem.document.undo import NOTHING_TO_UNDO
from postmortem.document.whys import (
    MAX_STEPS,
    MIN_STEPS,
    USUAL_STEPS,
    add_root_cause,
    answered,
    drop_untouched_tail,
    last_answer,
    prefill_why,
    step,
    suggest_problem,
)
from postmortem.widgets.five_whys.chain import ChainDisplay
from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.key_order import keys_handled
from postmortem.widgets.pasting import PasteJoiningInput
from postmortem.widgets.shown_text import show_text
from postmortem.widgets.status_line import StatusLine, confirm

PROBLEM, CHAIN = 0, -1
WHY_IT_HAPPENED = heading("root_cause.why_it_happened")  # where the root cause goes
GUIDE_PROBLEM = ("One sentence: what users or the business saw, not its cause. A suggestion "
                 "(dim) is kept by enter or taken to edit by → or tab; typing replaces it.")
GUIDE_STEP = (f"The {WHY.text} suggested (dim) is the answer before: enter keeps it, typing "
              f"rewords it (→ or tab takes it to edit). Then the answer under {BECAUSE.text}; "
              "enter moves on, PgUp goes back.")
PROBLEM_EXAMPLE = "e.g. Customers could not pay by card for 4 hours"
GUIDE_CHAIN = (f"r adds the last answer to {WHY_IT_HAPPENED} · a asks another why · "
               "x drops the last why · enter or escape closes")


class ChainView(VerticalScroll):
    """The whole chain; its keys act on it."""

    BINDING_GROUP_TITLE = "5 Whys wizard: the whole chain"
    FOOTER_OMITS: ClassVar[frozenset[str]] = frozenset({"f3", "ctrl+s"})  # room for its keys
    BINDINGS = [
        Binding("r", "screen.root_cause", "Root cause",
                tooltip=f"Add the last answer to {WHY_IT_HAPPENED}"),
        Binding("a", "screen.another", "Another why", tooltip="Ask one more why (up to 7)"),
        Binding("x", "screen.drop_last", "Drop last",
                tooltip="Remove the last why (u brings it back)"),
        Binding("u,ctrl+z", "screen.undo_drop", "Undo", key_display="u", show=False,
                tooltip="Bring back the last why dropped with x"),
        Binding("enter", "screen.done", "Done", show=False,
                tooltip="Close the wizard and go on to the next section"),
    ]


class WhyWizard(Screen[None], UsesPostmortem):
    BINDING_GROUP_TITLE = "5 Whys wizard"
    # F5/F6 leave the wizard ("F6 Next" beside "PgDn Next" misleads); F2 does nothing here.
    FOOTER_OMITS: ClassVar[frozenset[str]] = frozenset({"f2", "f5", "f6"})
    BINDINGS = [
        Binding("escape", "close", "Close", tooltip="Close the wizard; everything typed is kept"),
        # priority: moving on takes effect before the next key of a burst is read
        Binding("enter", "next_field", "Next field", show=False, priority=True,
                tooltip=f"{WHY.written} → {BECAUSE.written} → the next why"),
        # priority: before the field moves its cursor or the screen its focus
        Binding("right", "take_suggestion('right')", "Take the suggestion", show=False,
                priority=True, tooltip="Take the dim suggestion into the empty field"),
        Binding("tab", "take_suggestion('tab')", "Take the suggestion", show=False,
                priority=True, tooltip="The same as →; with no suggestion, the next field"),
        # priority: the fields would otherwise take PgUp/PgDn for scrolling
        Binding("pagedown", "forward", "Next", key_display="PgDn", priority=True,
                tooltip="Next why (or the whole chain after the last one)"),
        Binding("pageup", "back", "Back", key_display="PgUp", priority=True,
                tooltip="Previous page; what you typed stays"),
        Binding("ctrl+f", "finish", "Finish", priority=True,
                tooltip="Show the whole chain (from why 3 on)"),
    ]
    DEFAULT_CSS = """
    WhyWizard #wizard { padding: 0 1; height: 1fr; }
    WhyWizard #title { text-style: bold; color: $accent; margin-top: 1; }
    WhyWizard .guide { color: $text-muted; margin-bottom: 1; }
    WhyWizard Label { color: $text-muted; margin-top: 1; }
    WhyWizard Input { border: none; height: 1; padding: 0 1; background: $boost; }
    WhyWizard Input:focus { border: none; background: $primary 40%; }
    WhyWizard #blame { color: $warning; margin-top: 1; height: auto; }
    WhyWizard #progress { color: $text-muted; margin-top: 1; }
    WhyWizard ChainView { height: 1fr; }
    WhyWizard .page { height: auto; }
    WhyWizard #chain-page { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(id="why-wizard")
        self.page = PROBLEM
        self.planned = USUAL_STEPS
        self._dropped: list[WhyStep] = []  # whys dropped with x, for u to bring back


    @property
    def whys(self) -> FiveWhys:
        return self.postmortem.document.five_whys

    def compose(self) -> ComposeResult:
        yield StatusLine("5 Whys wizard")
        with Vertical(id="wizard"):
            yield Static("", id="title")
            yield Static("", classes="guide", id="guide")
            with Vertical(id="problem-page", classes="page"):
                yield Label(PROBLEM_STATEMENT.text)
                yield PasteJoiningInput(placeholder=PROBLEM_EXAMPLE, id="problem",
                                        select_on_focus=False)
            with Vertical(id="step-page", classes="page"):
                yield Label(WHY.text)
                yield PasteJoiningInput(id="why", select_on_focus=False)
                yield Label(BECAUSE.written)
                yield PasteJoiningInput(placeholder="the cause, in terms of the system",
                                        id="because", select_on_focus=False)
                yield Static("", id="blame")
            with Vertical(id="chain-page"), ChainView():
                yield ChainDisplay()
            yield Static("", id="progress", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.planned = min(max(USUAL_STEPS, len(self.whys.steps)), MAX_STEPS)
        self.show(PROBLEM)

    # --- pages -------------------------------------------------------------------------------

    def show(self, page: int) -> None:
        self.page = page
        for name, shown in (("problem", page == PROBLEM), ("chain", page == CHAIN),
                            ("step", page not in (PROBLEM, CHAIN))):
            self.query_one(f"#{name}-page").display = shown
        if page == PROBLEM:
            self._show_problem()
        elif page == CHAIN:
            self._show_chain()
        else:
            self._show_step(page)
        self._show_progress()
        self.refresh_bindings()  # PgUp, PgDn and ^f show only where they do something

    def _show_problem(self) -> None:
        self._title("The problem", GUIDE_PROBLEM)
        problem = self.query_one("#problem", Input)
        suggested = self._problem_suggestion()
        problem.placeholder = suggested or PROBLEM_EXAMPLE
        statement = self.whys.problem_statement
        self._load(problem, "" if statement == suggested else statement)

    def _problem_suggestion(self) -> str:
        return suggest_problem(self.postmortem.document)

    def _show_step(self, number: int) -> None:
        created = len(self.whys.steps) < number
        item = step(self.whys, number - 1)
        if created:
            self.postmortem.document_changed()
        self._title(f"Why {number} of {self.planned}", GUIDE_STEP)
        why, suggested = self.query_one("#why", Input), prefill_why(self.whys, number - 1)
        why.placeholder = suggested
        # A Why? still as suggested shows as the suggestion: typing replaces it at once.
        self._load(self.query_one("#because", Input), item.because, focus=False)
        # The cursor starts in Why?, the suggestion showing: enter keeps it, typing rewords it.
        self._load(why, "" if item.why == suggested else item.why)
        self._check_blame(item.because)

    def _show_chain(self) -> None:
        self._title("The whole chain", GUIDE_CHAIN)
        responders = self.postmortem.document.incident.responders()
        self.query_one(ChainDisplay).show(self.whys, responders)
        self.set_focus(self.query_one(ChainView))

    def _title(self, title: str, guide: str) -> None:
        show_text(self.query_one("#title", Static), title)
        show_text(self.query_one("#guide", Static), guide)

    def _load(self, editor: Input, value: str, *, focus: bool = True) -> None:
        with editor.prevent(Input.Changed):
            editor.value = value
        editor.cursor_position = len(value) if focus else 0
        if focus:
            self.set_focus(editor)  # at once, not after a refresh: the next key goes there

    def _show_progress(self) -> None:
        marks = ["Problem" if self.page != PROBLEM else "[Problem]"]
        for number in range(1, self.planned + 1):
            done = number <= len(self.whys.steps) and bool(self.whys.steps[number - 1].because)
            text = f"{number}{'✓' if done else ''}"
            marks.append(f"[{text}]" if number == self.page else text)
        marks.append("[Chain]" if self.page == CHAIN else "Chain")
        show_text(self.query_one("#progress", Static), " › ".join(marks))

    # --- typing ------------------------------------------------------------------------------

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # A field shows the start of its text while unfocused; typing continues at the end.
        if isinstance(event.widget, Input):
            event.widget.cursor_position = len(event.widget.value)

    @on(Input.Changed, "#problem")
    def _problem_changed(self, event: Input.Changed) -> None:
        self.whys.problem_statement = normalize_line(event.value)
        self.postmortem.document_changed()

    @on(Input.Changed, "#why, #because")
    def _step_changed(self) -> None:
        if self.page in (PROBLEM, CHAIN):  # typed in a burst just before leaving the steps
            return
        self._keep_step()
        self._check_blame(self.query_one("#because", Input).value)
        self._show_progress()

    def _keep_step(self) -> None:
        why = self.query_one("#why", Input).value or prefill_why(self.whys, self.page - 1)
        typed = WhyStep(why=why,
                        because=self.query_one("#because", Input).value)
        if self.whys.steps[self.page - 1] != typed:
            self.whys.steps[self.page - 1] = typed
            self.postmortem.document_changed()

    def _check_blame(self, answer: str) -> None:
        warning = blame_warning(answer, self.postmortem.document.incident.responders())
        show_text(self.query_one("#blame", Static), f"⚠ {warning}" if warning else "")

    async def action_next_field(self) -> None:
        await self._caught_up()
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "why":
            self.set_focus(self.query_one("#because", Input))
        else:
            self._forward()

    def _suggestion_for(self, field: Input) -> str:
        """The suggestion field shows while empty: the answer before, or the summary's
        first sentence for the problem."""
        if field.value or field.id not in ("why", "problem"):
            return ""
        if field.id == "problem":
            return self._problem_suggestion()
        return prefill_why(self.whys, self.page - 1) if self.page not in (PROBLEM, CHAIN) else ""

    def takes_tab(self) -> bool:
        """Tab takes the suggestion of the empty field it is in, instead of moving on (the
        app asks, as its own tab binding comes first)."""
        focused = self.focused
        return isinstance(focused, Input) and bool(self._suggestion_for(focused))

    async def action_take_suggestion(self, key: str) -> None:
        """→ or tab in an empty field with a suggestion: the suggestion, to edit."""
        focused = self.focused
        if not isinstance(focused, Input):
            return
        await keys_handled(focused)
        suggestion = self._suggestion_for(focused)
        if suggestion:
            focused.value = suggestion
            focused.cursor_position = len(suggestion)
        elif key == "tab":  # typed into in the same burst after all: the key's usual work
            self.focus_next()
        else:
            focused.action_cursor_right()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_suggestion":
            return self.takes_tab()
        if action == "next_field":  # on the chain page enter is the chain's own "Done"
            return isinstance(self.focused, Input)
        if action == "back":
            return self.page != PROBLEM
        if action in ("forward", "finish"):
            return self.page != CHAIN
        return True

    # --- moving ------------------------------------------------------------------------------

    async def _caught_up(self) -> None:
        """Before moving on from a page (enter, PgDn, PgUp, ^f), have what it shows in the
        document: the focused field may not have handled keys typed in the same burst yet,
        nor the document heard of those it has."""
        await keys_handled(self.focused)
        if self.page == PROBLEM:
            self._keep_problem()
        elif self.page != CHAIN:
            self._keep_step()

    async def action_forward(self) -> None:
        await self._caught_up()
        self._forward()

    def _forward(self) -> None:
        if self.page == PROBLEM:
            self.show(1)
        elif self.page != CHAIN:
            self.show(self.page + 1 if self.page < self.planned else CHAIN)

    def _keep_problem(self) -> None:
        # The suggestion becomes the statement once the author moves on with it.
        value = (normalize_line(self.query_one("#problem", Input).value)
                 or self._problem_suggestion())
        if value != self.whys.problem_statement:
            self.whys.problem_statement = value
            self.postmortem.document_changed()

    async def action_back(self) -> None:
        await self._caught_up()
        if self.page == CHAIN:
            self.show(min(len(self.whys.steps), self.planned) or PROBLEM)
        elif self.page != PROBLEM:
            self.show(self.page - 1)

    async def action_finish(self) -> None:
        await self._caught_up()
        if answered(self.whys) < MIN_STEPS:
            self.notify(f"Answer at least {MIN_STEPS} whys before finishing "
                        f"({answered(self.whys)} so far). Escape closes and keeps them.",
                        severity="warning", timeout=5)
            return
        self.show(CHAIN)

    def action_another(self) -> None:
        if len(self.whys.steps) >= MAX_STEPS:
            self.notify(f"{MAX_STEPS} whys is the most; the chain is long enough.", timeout=4)
            return
        self.planned = min(max(self.planned, len(self.whys.steps) + 1), MAX_STEPS)
        self.show(len(self.whys.steps) + 1)

    def action_drop_last(self) -> None:
        if not self.whys.steps:
            return
        removed = self.whys.steps.pop()
        self._dropped.append(removed)
        self.planned = max(len(self.whys.steps), MIN_STEPS)
        self.postmortem.document_changed()
        confirm(self, f"Dropped why {len(self.whys.steps) + 1}: {removed.why[:25]}")
        self.show(CHAIN)

    def action_undo_drop(self) -> None:
        """u (or ctrl+z): the last why dropped with x comes back at the end of the chain."""
        if not self._dropped or len(self.whys.steps) >= MAX_STEPS:
            confirm(self, NOTHING_TO_UNDO)
            return
        self.whys.steps.append(self._dropped.pop())
        self.planned = min(max(self.planned, len(self.whys.steps)), MAX_STEPS)
        self.postmortem.document_changed()
        confirm(self, f"Brought back why {len(self.whys.steps)}")
        self.show(CHAIN)

    def action_root_cause(self) -> None:
        answer = last_answer(self.whys)
        if not answer:
            self.notify("There is no answer yet to mark as the root cause.", timeout=4)
        elif add_root_cause(self.postmortem.document, answer):
            self.postmortem.document_changed()
            confirm(self, f"Added to Root Cause › {WHY_IT_HAPPENED}")
        else:
            confirm(self, f"{WHY_IT_HAPPENED} already says this")

    async def action_close(self) -> None:
        await self._caught_up()  # an answer typed in the same burst as escape is kept
        self._tidy()
        self.dismiss()

    async def action_done(self) -> None:
        """Enter on the whole chain: the chain is the section's only field, nothing is left
        to do there, so on to the next section (escape stays)."""
        from postmortem.document.sections import SECTIONS

        await self.action_close()
        keys = [section.key for section in SECTIONS]
        self.postmortem.go_to(keys[keys.index("five_whys") + 1])

    def on_unmount(self) -> None:
        self._tidy()  # also when F5/F6 or the palette took the author elsewhere

    def _tidy(self) -> None:
        if drop_untouched_tail(self.whys):
            self.postmortem.document_changed()
