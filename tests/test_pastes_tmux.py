"""Hostile pastes through a real terminal: tmux pastes a file's bytes as a terminal does
(`paste-buffer -p`, bracketed), and the saved file shows that the field holds the whole text,
cleaned, and that nothing in it acted as a key (a ctrl+u wiping the field, a tab moving the
focus, an ESC ending the paste early)."""

from __future__ import annotations

import time
from pathlib import Path

from postmortem.document.model import Document
from postmortem.storage import toml_file as storage
from postmortem.widgets.pasting import LINE_LIMIT, SEPARATOR
from tests.test_process_signals import Pane, Tmux, needs_tmux, tmux, wait_for  # noqa: F401

pytestmark = needs_tmux

# What is pasted, and what the title gains from it.
HOSTILE = [
    (" 14:02:11 \x1b[31mERROR\x1b[0m pay-gw: handshake failed",
     " 14:02:11 ERROR pay-gw: handshake failed"),
    (" before\x15after", " beforeafter"),  # ctrl+u
    (" left\tright", " left right"),  # tab
    (" \x1b]0;pwned\x07osc \x1b(B\x1b[mreset\x1b", " osc reset"),  # a title, a charset, an ESC
    (" pay\u202egw\u2066 ok", " paygw ok"),  # bidi controls
    (" one\n\ntwo\r\nthree\n", f" one{SEPARATOR}two{SEPARATOR}three"),  # lines
]


def start(tmux: Tmux, tmp_path: Path, **document: str) -> tuple[Pane, Path]:  # noqa: F811
    path = tmp_path / "paste.toml"
    storage.save(Document.model_validate({"title": "Checkout down"} | document), path)
    pane = tmux.start("paste", path, tmp_path / "state")
    assert wait_for(lambda: "opened" in pane.screen().split("\n", 1)[0]), pane.screen()
    return pane, path


def title_has_focus(pane: Pane) -> None:
    """Type "!" into the title and wait to see it there: the title has the focus."""
    pane.type("!")
    assert wait_for(lambda: "Checkout down!" in pane.screen()), pane.screen()


def paste(tmux: Tmux, pane: Pane, tmp_path: Path, text: str) -> None:  # noqa: F811
    source = tmp_path / "pasted.txt"
    source.write_bytes(text.encode())
    tmux.run("load-buffer", "-b", "hostile", str(source))
    tmux.run("paste-buffer", "-p", "-d", "-b", "hostile", "-t", pane.name)


def saved(pane: Pane, path: Path, check: str) -> Document:
    """Save (ctrl+s) and wait until the file holds check."""
    pane.keys("C-s")
    assert wait_for(lambda: check in path.read_text(encoding="utf-8")), pane.screen()
    return storage.load(path)


def test_each_hostile_paste_lands_whole_and_clean_in_the_title(
        tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    pane, path = start(tmux, tmp_path, incident={"id": "INC-7"})
    title_has_focus(pane)
    expected = "Checkout down!"
    for pasted, gained in HOSTILE:
        paste(tmux, pane, tmp_path, pasted)
        expected += gained
        document = saved(pane, path, gained.split(SEPARATOR)[-1].strip())
        assert document.title == expected, repr(pasted)
        assert document.incident.id == "INC-7"  # the focus never left the title
    pane.keys("C-q")


def test_a_200_kb_coloured_log_pasted_into_a_text_area_is_whole(
        tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    lines = [f"14:02:{n % 60:02d} \x1b[1;31mERROR\x1b[0m pay-gw: handshake #{n} failed"
             for n in range(4_000)]
    pasted = "\n".join(lines)
    assert len(pasted) > 200_000
    pane, path = start(tmux, tmp_path)
    title_has_focus(pane)
    pane.keys("F6")
    assert wait_for(lambda: pane.screen().startswith(" Executive Summary")), pane.screen()
    started = time.monotonic()
    paste(tmux, pane, tmp_path, pasted)
    document = saved(pane, path, "handshake #3999 failed")
    elapsed = time.monotonic() - started
    assert document.executive_summary == pasted.replace("\x1b[1;31m", "").replace("\x1b[0m", "")
    assert document.title == "Checkout down!"
    assert elapsed < 5.0, elapsed  # tmux writes it, the app reads, cleans, shows and saves it
    pane.keys("C-q")


def test_a_200_kb_paste_into_the_title_is_cut_and_the_author_told(
        tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    pasted = "\n".join(f"pay-gw handshake {n} failed" for n in range(8_000))
    pane, path = start(tmux, tmp_path)
    title_has_focus(pane)
    paste(tmux, pane, tmp_path, pasted)
    assert wait_for(lambda: "Paste cut" in pane.screen()), pane.screen()  # the warning's title
    document = saved(pane, path, "handshake 0 failed")
    assert len(document.title) == LINE_LIMIT
    assert document.title.startswith(f"Checkout down!pay-gw handshake 0 failed{SEPARATOR}")
    pane.keys("C-q")
