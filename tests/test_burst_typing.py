"""Keys that arrive in one burst, as over a laggy SSH link, land in the fields they were meant
for: moving focus (tab, enter) takes effect before the next key is read, in the main form as
in the dialogs and the 5 Whys wizard."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from postmortem.document import clock
from postmortem.document.model import Document
from postmortem.document.sections import SECTIONS
from postmortem.storage import toml_file as storage
from tests.test_process_signals import (  # noqa: F401
    Pane,
    Tmux,
    needs_tmux,
    process_gone,
    tmux,
    wait_for,
)

pytestmark = needs_tmux


def test_a_burst_of_keys_fills_each_field_in_turn(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    # one send-keys call: the terminal delivers all of it in a single read
    pane.keys("Checkout down", "Tab", "INC-2026-0042", "Enter", "2026-11-26", "Tab", "P2",
              "Enter", "C-s")
    assert wait_for(lambda: path.exists() and "P2" in path.read_text(encoding="utf-8"))
    document = storage.load(path)
    assert document.title == "Checkout down"
    assert document.incident.id == "INC-2026-0042"
    assert str(document.incident.date) == "2026-11-26"
    assert document.incident.severity is not None and document.incident.severity.value == "P2"
    pane.keys("C-q")
    shutil.rmtree(tmp_path / "state", ignore_errors=True)


def test_editing_keys_in_a_burst_stay_in_their_field(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    """Backspace and the like used to be applied only once they had bubbled up to the app: by
    then the focus had moved, so they edited the next field, after the keys typed there."""
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    pane.keys("Checkout downX", "BSpace", "Tab", "INC-2026-0042x", "BSpace", "Enter",
              "2026-11-2x", "BSpace", "6", "Left", "Left", "Right", "Right", "Tab", "P2", "C-s")
    document = saved_when(path, "P2")
    assert (document.title, document.incident.id, str(document.incident.date)) == (
        "Checkout down", "INC-2026-0042", "2026-11-26")
    pane.keys("C-q")


def status(pane: Pane) -> str:
    return pane.screen().split("\n", 1)[0]


HEADINGS = [section.heading for section in SECTIONS]


def heading(pane: Pane) -> str:
    """What the status line says is on show: a section's heading, or a dialog's (the 5 Whys
    wizard, which the section opens when it has no chain yet, stands for its section)."""
    shown = status(pane).split(" · ", 1)[0].strip()
    return "5 Whys Analysis" if shown == "5 Whys wizard" else shown


def go_to_section(pane: Pane, wanted: str) -> None:
    """F6 until the section headed wanted is on show, with the cursor in its first field.
    Only a change of heading counts as F6 done: the rest of the status line also changes as
    the keys typed before are handled (e.g. "unsaved changes"), and taking that for F6 sent
    the next F6 too soon, past the section (under load)."""
    for _ in SECTIONS:
        # a dialog typed into just before may still be closing: wait for a section's heading
        assert wait_for(lambda: heading(pane) in HEADINGS, 5), pane.screen()
        shown = heading(pane)
        if shown == wanted:
            break
        pane.keys("F6")
        assert wait_for(lambda shown=shown: heading(pane) != shown, 5), pane.screen()  # type: ignore[misc]


def test_keys_right_after_a_key_that_opens_a_dialog_land_in_it(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    """Keys in the same burst as the arrival at an empty table or 5 Whys (which opens its
    first row, or the wizard) used to reach the table (1-4 marking milestones) or nowhere,
    before the dialog had opened."""
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    go_to_section(pane, "Timeline")
    pane.keys("2026-03-14 14:05", "Enter", "Pager fired", "Enter", "Paged Sam", "Enter")
    go_to_section(pane, "5 Whys Analysis")
    pane.keys("Checkout failed", "Enter", "Enter", "Cert expired", "Escape")
    go_to_section(pane, "Action Items")
    pane.keys("Alert on expiry", "Enter", "Sam", "Enter", "Enter", "+2w", "Enter", "Enter",
              "C-s")
    document = saved_when(path, "Alert on expiry")
    [event] = document.timeline
    assert (event.event, event.actions) == ("Pager fired", "Paged Sam")
    assert document.five_whys.problem_statement == "Checkout failed"
    assert document.five_whys.steps[0].because == "Cert expired"
    [item] = document.action_items
    assert (item.description, item.owner) == ("Alert on expiry", "Sam")
    pane.keys("C-q")


def open_in_section(pane: Pane, heading: str, key: str, shown: str) -> None:
    """F6 to the section headed heading and wait until shown is on screen: the dialog an empty
    table (or 5 Whys) opens as the cursor arrives; key opens it where it does not."""
    go_to_section(pane, heading)
    if not wait_for(lambda: shown in pane.screen(), 5):
        pane.keys(key)
        assert wait_for(lambda: shown in pane.screen(), 5), pane.screen()


def saved_when(path: Path, text: str) -> Document:
    assert wait_for(lambda: path.exists() and text in path.read_text(encoding="utf-8"))
    return storage.load(path)


def test_typing_then_quit_in_one_burst_keeps_the_typing(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    """ctrl+q, a priority binding, used to save before the field had taken the keys typed just
    before it: the file lost them, and the app quit as if all were well."""
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    pane.keys("Fast quit", "C-q")
    # the file is new: written at the first save, here the one ctrl+q makes
    assert wait_for(lambda: path.exists() and "Fast quit" in path.read_text(encoding="utf-8"), 5)
    assert storage.load(path).title == "Fast quit"


def test_editing_keys_in_a_burst_stay_in_their_text_area(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    go_to_section(pane, "Root Cause Analysis")
    pane.keys("Expired certX", "BSpace", "Tab", "No alert on expiry", "C-s")
    cause = saved_when(path, "No alert on expiry").root_cause
    assert (cause.what_happened, cause.why_it_happened) == ("Expired cert", "No alert on expiry")
    pane.keys("C-q")


def test_a_burst_into_the_timeline_dialog_fills_each_field(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    open_in_section(pane, "Timeline", "a", "Add a timeline event")
    pane.keys("2026-03-14 19:02", "Enter", "Card payments fail", "Enter", "Paged Sam", "Enter",
              "C-s")
    [event] = saved_when(path, "Paged Sam").timeline
    assert (event.time.strftime("%Y-%m-%d %H:%M"), event.event, event.actions) == (
        "2026-03-14 19:02", "Card payments fail", "Paged Sam")
    pane.keys("C-q")


def test_a_burst_into_the_action_item_dialog_fills_each_field(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    open_in_section(pane, "Action Items", "a", "Add an action item")
    # enter on Priority, then the due date at once: it must not be lost on the choice field
    pane.keys("Probe the gateway", "Enter", "Yuki", "Enter", "Enter", "+2w", "Enter", "Right",
              "Enter", "C-s")
    [item] = saved_when(path, "Probe the gateway").action_items
    assert (item.description, item.owner, item.priority.value, item.status.value) == (
        "Probe the gateway", "Yuki", "Medium", "In Progress")
    assert item.due == clock.today() + dt.timedelta(days=14)
    pane.keys("C-q")


def test_a_burst_into_the_why_wizard_answers_each_why(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    open_in_section(pane, "5 Whys Analysis", "w", "The problem")
    answers = ["TLS rejected", "Untrusted CA", "No trust check", "Job skips it", "No spec"]
    # the last enter goes from why 5 to the whole chain
    # each Why? as suggested (enter keeps it), then its answer
    pane.keys("Checkout failed", "Enter",
              *[key for text in answers for key in ("Enter", text, "Enter")], "C-s")
    whys = saved_when(path, "No spec").five_whys
    assert whys.problem_statement == "Checkout failed"
    assert [(step.why, step.because) for step in whys.steps] == list(
        zip(["Checkout failed", *answers[:-1]], answers, strict=True))
    assert wait_for(lambda: "The whole chain" in pane.screen(), 5), pane.screen()
    pane.keys("C-q")


def test_saving_a_dialog_then_quitting_in_one_burst_keeps_what_was_saved(
        tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    """A dialog's result reaches the document after the dialog has closed: ctrl+q in the same
    burst as the enter that saved it must wait for it, or the quit would save without it."""
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    open_in_section(pane, "Timeline", "a", "Add a timeline event")
    pane.keys("2026-03-14 19:02", "Enter", "Card payments fail", "Enter", "Enter", "C-q")
    assert wait_for(lambda: process_gone(pane.pid), 10), pane.screen()
    [event] = storage.load(path).timeline
    assert event.event == "Card payments fail"


def test_saving_an_action_item_then_quitting_in_one_burst_keeps_it(
        tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    open_in_section(pane, "Action Items", "a", "Add an action item")
    # enter, a priority binding, moves on and on the last field saves (ctrl+n is no priority
    # binding: the quit would come first, and refuse while the dialog holds the typing)
    pane.keys("Probe the gateway", "Enter", "Enter", "Enter", "Enter", "Enter", "C-q")
    assert wait_for(lambda: process_gone(pane.pid), 10), pane.screen()
    [item] = storage.load(path).action_items
    assert item.description == "Probe the gateway"


def test_keys_typed_as_the_app_starts_land_in_the_first_field(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    """Typed the instant the command is entered, before the first frame: the terminal holds
    the keys until the app reads them, and they go to the first field, not the section list
    (which Textual would otherwise focus first, and which has no use for letters)."""
    path = tmp_path / "early.toml"
    storage.save(Document(title="Checkout down"), path)
    pane = tmux.start("early", path, tmp_path / "state")
    pane.type(" for 40 minutes")  # no wait_ready: the app is still starting
    assert wait_for(lambda: "Checkout down for 40 minutes" in pane.screen(), 30), pane.screen()
    pane.keys("C-s")
    assert wait_for(lambda: storage.load(path).title == "Checkout down for 40 minutes")
    pane.keys("C-q")


def test_a_burst_typed_in_the_section_list_all_goes_to_the_field(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811, E501
    """Letters typed with the cursor in the section list go to the field it left, every one
    of them: the keys after the first were queued for the list before the cursor moved, and
    used to be dropped once they reached the screen."""
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    pane.keys("F2")
    assert wait_for(lambda: section_list_has_the_cursor(pane)), pane.screen()
    pane.keys("Payments down")
    assert saved_when(path, "title").title == "Payments down"
    pane.keys("C-q")


def section_list_has_the_cursor(pane: Pane) -> bool:
    """The section list's current line is drawn bold while the list has the cursor."""
    painted = pane.tmux.run("capture-pane", "-e", "-p", "-t", pane.name).split("\n")
    return painted[1].startswith("\x1b[1m")


def test_a_burst_into_a_list_keeps_every_item_whole(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    """The item typed as the cursor arrives at an empty list (which opens its first item):
    the letters used to reach the list before the item had opened (C, n, r… dropped, a and e
    taken as commands)."""
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    go_to_section(pane, "Preventive Measures")
    pane.keys("Canary certs", "Enter", "Staged rollout", "Tab", "C-s")
    document = saved_when(path, "Staged rollout")
    assert document.preventive.technical == ["Canary certs", "Staged rollout"]
    pane.keys("C-q")
