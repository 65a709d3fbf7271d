"""The editor's look for related incidents (F12): the post-mortems on the shelf the open file
belongs to (its git repository, or its folder) that are related to it, the chosen ones added to
Related Documentation as links to their files, through the core like every edit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from postmortem.app.leaving import LeavesSafely
from postmortem.document.errors import DocumentError

# F12 alone needs the shelf and the dialog: imported when pressed, not by every start.
if TYPE_CHECKING:
    from postmortem.dialogs.related import RelatedDialog
    from postmortem.shelf.entry import Entry
    from postmortem.shelf.related import Found, Related


def shown_name(folder: Path) -> str:
    """A shelf's folder by its name, as the shelf shows it."""
    from postmortem.storage.recovery import printable_path

    return printable_path(Path(folder.name or "/"))


class FindsRelated(LeavesSafely):
    related_found: Found | None = None  # the last look's outcome, for the links it adds

    def action_related(self) -> None:
        from postmortem.dialogs.related import RelatedDialog
        from postmortem.shelf.reading import entry_of
        from postmortem.shelf.related import shelf_folder_of

        if isinstance(self.screen, RelatedDialog):
            return
        # The open post-mortem as the editor holds it now, typed but not yet saved included.
        current = entry_of(self.document, self.path.name, "toml")
        dialog = RelatedDialog(shown_name(shelf_folder_of(self.path)))
        self.related_found = None
        self.push_screen(dialog, self._related_chosen)
        self._look_for_related(dialog, current)

    @work(thread=True, group="related", exclusive=True, exit_on_error=False)
    def _look_for_related(self, dialog: RelatedDialog, current: Entry) -> None:
        from postmortem.shelf.related import related_on_shelf

        try:
            found = related_on_shelf(self.path, current)
        except (OSError, DocumentError, ValueError) as error:
            self.call_from_thread(dialog.show_problem, f"Could not look: {error}")
            return
        self.call_from_thread(self._show_found, dialog, found)

    def _show_found(self, dialog: RelatedDialog, found: Found) -> None:
        self.related_found = found
        if dialog.is_attached:
            dialog.show_found(found.related, shown_name(found.folder))

    def _related_chosen(self, chosen: list[Related] | None) -> None:
        found = self.related_found
        if not chosen or found is None:
            return
        from postmortem.document.edits import set_at
        from postmortem.document.model import Link
        from postmortem.shelf.related import link_to

        links = list(self.document.supporting.related_documentation)
        known = {link.url for link in links}
        added = 0
        for related in chosen:
            label, url = link_to(found.current, related.entry)
            if url not in known:
                links.append(Link(label=label, url=url))
                known.add(url)
                added += 1
        if set_at(self.document, "supporting.related_documentation", links):
            self.document_changed()
            screen = self.section_screens.get("supporting")
            if screen is not None:
                screen.load_from_model()
        self.tell(f"Added {added} link{'s' if added != 1 else ''} to Related Documentation"
                  if added else "Those are already in Related Documentation.",
                  title="Related incidents", timeout=6)
