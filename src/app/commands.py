"""The command palette's entries: every section and every action, by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from postmortem.document.sections import SECTIONS

if TYPE_CHECKING:
    from postmortem.app.application import PostmortemApp

Entry = tuple[str, Callable[[], object], str]


def open_editor(app: PostmortemApp, key: str, method: str) -> None:
    """Go to a section, then run one of its screen's methods once the screen is shown."""
    app.go_to(key)
    screen = app.section_screens.get(key)
    if screen is not None:
        getattr(screen, method)()


class PostmortemCommands(Provider):
    def entries(self) -> list[Entry]:
        app: PostmortemApp = self.app  # type: ignore[assignment]
        entries: list[Entry] = [
            (f"Go to {section.heading}", partial(app.go_to, section.key),
             f"Open {section.heading} with the cursor in its first field")
            for section in SECTIONS
        ]
        entries += [
            ("Save", app.action_save, "Save the post-mortem now (ctrl+s)"),
            ("Save as…", app.action_save_as,
             "Save to another file, e.g. when this folder cannot be written (F9)"),
            ("Export Markdown", app.action_export, "Write the Markdown export to a file (F4)"),
            ("Copy Markdown to clipboard", app.action_copy_markdown,
             "Copy the whole export through the terminal (OSC 52) (F7)"),
            ("Preview", app.action_preview, "Show the export as a reviewer will see it (F3)"),
            ("Help", app.action_help, "List every key (F1)"),
            ("Add timeline event", partial(open_editor, app, "timeline", "add_event"),
             "Open the timeline's row editor, cursor in the Time field"),
            ("State measured times by hand", partial(open_editor, app, "timeline", "state_times"),
             "Duration, detection, mitigation, resolution as H:MM with a note"),
            ("Start 5 Whys wizard", partial(open_editor, app, "five_whys", "start_wizard"),
             "Walk the chain from the problem to its root cause, one why at a time"),
            ("Add action item", partial(open_editor, app, "action_items", "add_item"),
             "Open the action-item editor, cursor in the Description field"),
            ("Next section", app.action_next_section, "F6"),
            ("Previous section", app.action_previous_section, "F5"),
        ]
        return entries + self.focused_keys(app)

    def focused_keys(self, app: PostmortemApp) -> list[Entry]:
        """The keys of whatever had the focus when the palette opened (a table, a list, a
        dialog), so that every action the footer or F1 shows can also be found by name."""
        entries: list[Entry] = []
        seen: set[tuple[int, str]] = set()
        for active in self.screen.active_bindings.values():
            node, binding = active.node, active.binding
            if node is app or not binding.description or not active.enabled:
                continue
            if (id(node), binding.action) in seen:
                continue
            seen.add((id(node), binding.action))
            group = getattr(node, "HELP_GROUP", type(node).__name__)
            shown = binding.key.split(",")[0]  # the key that runs exactly this action
            run = partial(app.call_later, app.run_action, binding.action, node)
            entries.append((f"{binding.tooltip or binding.description} ({shown})", run,
                            f"{group}: press {shown}"))
        return entries

    async def discover(self) -> Hits:
        for name, action, help_text in self.entries():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self.entries():
            score = matcher.match(name)
            if score > 0:
                # the section headings are what people type: rank "Go to ..." first
                boost = 1.0 if name.startswith("Go to ") else 0.0
                yield Hit(score + boost, matcher.highlight(name), action, help=help_text)
