"""The editor and the shelf: opened from the shelf, ctrl+q and escape go back to it (saving
first); F8 finds related incidents on the shelf and adds the chosen ones to Related
Documentation."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

from shelf_helpers import write_shelf
from textual.widgets import OptionList

from postmortem.app.application import PostmortemApp
from postmortem.dialogs.related import RelatedDialog
from postmortem.document.review import review
from postmortem.storage.toml_file import load
from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.section_nav import SectionNav


def footer(app: PostmortemApp) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()


async def test_opened_from_the_shelf_ctrl_q_says_shelf_and_escape_goes_back_saving_first(
        tmp_path: Path) -> None:
    path = write_shelf(tmp_path / "shelf") / "2026" / "disk-full.toml"
    app = PostmortemApp(path, load(path), from_shelf=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert footer(app).startswith("^q Shelf ")
        await pilot.press("end", *" now", "escape")  # typed in the title, then out of it
        await settle(pilot)
        assert isinstance(app.focused, SectionNav) and app.is_running
        await pilot.press("escape")  # nothing left to back out of: to the shelf
        await settle(pilot)
    assert app.return_code == 0
    assert load(path).title == "Disk full on orders-db now"


async def test_opened_by_hand_escape_never_quits_and_ctrl_q_is_quit(tmp_path: Path) -> None:
    path = write_shelf(tmp_path / "shelf") / "2026" / "disk-full.toml"
    app = PostmortemApp(path, load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Shelf" not in footer(app)
        await pilot.press("escape", "escape", "escape")
        await settle(pilot)
        assert app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0


async def wait_for_options(pilot: Any, dialog: RelatedDialog) -> OptionList:
    listing = dialog.query_one(OptionList)
    for _ in range(500):
        if listing.option_count or "No other" in str(
                dialog.query_one("#related-note").render()):
            break
        await asyncio.sleep(0.01)
        await pilot.pause()
    return listing


async def test_f8_adds_the_chosen_related_incidents_to_related_documentation(
        tmp_path: Path) -> None:
    folder = write_shelf(tmp_path / "shelf")
    path = folder / "2026" / "disk-full.toml"
    app = PostmortemApp(path, load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RelatedDialog)
        listing = await wait_for_options(pilot, dialog)
        assert listing.option_count == 1
        prompt = str(listing.get_option_at_index(0).prompt)
        assert prompt.startswith("[ ] INC-2026-0202 2026-02-10 Checkout down after certificate")
        assert "\n    systems: checkout-api · people: Sam Whitaker" in prompt
        await pilot.press("space")
        assert str(listing.get_option_at_index(0).prompt).startswith("[x] INC-2026-0202")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, RelatedDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
    links = load(path).supporting.related_documentation
    assert [(link.label, link.url) for link in links] == [
        ("INC-2026-0202 — Checkout down after certificate rotation", "certificate.toml")]
    findings = review(load(path), dt.date(2026, 6, 1)).findings
    assert not any(finding.rule == "link-url" for finding in findings)


async def test_f12_offers_nothing_already_linked_and_escape_adds_nothing(tmp_path: Path) -> None:
    folder = write_shelf(tmp_path / "shelf")
    path = folder / "2026" / "disk-full.toml"
    path.write_text(path.read_text() + '\n[[supporting.related_documentation]]\nlabel = "C"\n'
                    'url = "certificate.toml"\n')
    app = PostmortemApp(path, load(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RelatedDialog)
        listing = await wait_for_options(pilot, dialog)
        assert listing.option_count == 0
        assert "No other post-mortem" in str(dialog.query_one("#related-note").render())
        await pilot.press("escape")
        await settle(pilot)
        assert not app.session.dirty
