"""Review (F8): what a reviewer would send the post-mortem back for, section by section, from
the same rules as `postmortem check`. Enter opens the section with the cursor in the field."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from postmortem.document.review import Finding, Level, Review
from postmortem.document.review.finding import field_name
from postmortem.document.sections import SECTION_BY_KEY, SECTIONS
from postmortem.widgets.host import UsesPostmortem
from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar
from postmortem.widgets.status_line import StatusLine

GLYPHS = {Level.ERROR: "✗", Level.WARNING: "⚠", Level.HINT: "•"}
STYLES = {Level.ERROR: "bold $error", Level.WARNING: "$warning", Level.HINT: "$text-muted"}
NOTHING = "Nothing to flag: every rule passes. A reviewer would find nothing here to send back."


def counts_text(review: Review) -> str:
    counts = [(review.count(level), level.value) for level in Level]
    said = [f"{count} {name}{'' if count == 1 else 's'}" for count, name in counts if count]
    return " · ".join(said) if said else "no findings"


def finding_prompt(finding: Finding) -> Content:
    level = finding.severity
    return Content.assemble((GLYPHS[level], STYLES[level]), " ", finding.message)


class FindingList(OptionList):
    """The findings under their sections' headings; j/k move, Enter opens the field."""

    BINDING_GROUP_TITLE = "Review: the findings"
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "select", "Go to field", key_display="⏎",
                tooltip="Open the section with the cursor in the field"),
    ]


class ReviewScreen(Screen[None], UsesPostmortem):
    BINDING_GROUP_TITLE = "Review (F8)"
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("f8", "close", "Close review", show=False, priority=True),
    ]
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    ReviewScreen #review-counts { height: 1; padding: 0 1; text-style: bold; }
    ReviewScreen FindingList { height: 1fr; border: none; }
    ReviewScreen #review-detail { height: 3; padding: 0 1; color: $text-muted;
        border-top: solid $primary-background; }
    """

    def __init__(self) -> None:
        super().__init__(id="review")
        self.review: Review | None = None
        self.findings: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield StatusLine("Review")
        yield Static("", id="review-counts", markup=False)
        yield FindingList(id="review-findings")
        yield Static("", id="review-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        from postmortem.widgets.review_runner import review_now

        self.show(review_now(self.postmortem.document))
        self.query_one(FindingList).focus()

    def schedule_refresh(self) -> None:
        """Review again soon (the document changed while shown: reloaded from disk, say), the
        rules run between keys."""
        self.run_worker(self._refresh(), group="review", exclusive=True)

    async def _refresh(self) -> None:
        from postmortem.widgets.review_runner import review_between_keys

        self.show(await review_between_keys(self.postmortem.document))

    def show(self, review: Review) -> None:
        self.review = review
        self.findings = review.findings
        self.query_one("#review-counts", Static).update(counts_text(review))
        options: list[Option] = []
        for section in SECTIONS:
            found = [(index, finding) for index, finding in enumerate(self.findings)
                     if finding.section == section.key]
            if found:
                options.append(Option(Content.styled(section.heading, "bold $accent"),
                                      disabled=True))
                options += [Option(finding_prompt(finding), id=str(index))
                            for index, finding in found]
        found_list = self.query_one(FindingList)
        highlighted = found_list.highlighted
        found_list.set_options(options or [Option(NOTHING, disabled=True)])
        if options:
            first = next(index for index, option in enumerate(options) if not option.disabled)
            found_list.highlighted = highlighted if highlighted is not None and (
                highlighted < len(options) and not options[highlighted].disabled) else first
        self._show_detail()

    def current(self) -> Finding | None:
        found_list = self.query_one(FindingList)
        if found_list.highlighted is None:
            return None
        option = found_list.get_option_at_index(found_list.highlighted)
        return self.findings[int(option.id)] if option.id is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        finding = self.current()
        detail = self.query_one("#review-detail", Static)
        if finding is None:
            detail.update("")
            return
        where = field_name(finding.field, self.postmortem.document)
        heading = SECTION_BY_KEY[finding.section].heading
        place = heading if where == heading else f"{heading} › {where}"
        detail.update(f"{finding.rule} · {place}\nfix: {finding.fix}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self.current()
        if finding is not None:
            self.postmortem.open_field(finding.section, finding.field)

    def action_close(self) -> None:
        self.dismiss()
