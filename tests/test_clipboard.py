"""The clipboard falls back gracefully: terminal first, a local clipboard when there is one."""

from __future__ import annotations

import pyperclip
import pytest

from postmortem.storage import clipboard
from postmortem.storage.clipboard import LOCAL_ROUTE, TERMINAL_ROUTE, copy_text

TEXT = "# Post-Mortem: x\n\n## Incident Information\n"


@pytest.fixture
def headless(monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "TMUX"):
        monkeypatch.delenv(name, raising=False)


def test_terminal_route_on_a_headless_host(headless):
    sent: list[str] = []
    result = copy_text(TEXT, terminal=sent.append)
    assert sent == [TEXT]
    assert result.routes == [TERMINAL_ROUTE]
    assert result.lines == 3
    assert result.message.startswith("Copied 3 lines via the terminal (OSC 52).")
    assert "export to a file" in result.message


def test_tmux_hint_only_inside_tmux(headless, monkeypatch):
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    result = copy_text(TEXT, terminal=lambda text: None)
    assert "tmux set -g set-clipboard on" in result.message


def test_failing_local_clipboard_is_not_an_error(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("SSH_CONNECTION", raising=False)

    def broken(text: str) -> None:
        raise pyperclip.PyperclipException("no clipboard mechanism")

    monkeypatch.setattr(pyperclip, "copy", broken)
    result = copy_text(TEXT, terminal=lambda text: None)
    assert result.routes == [TERMINAL_ROUTE]


def test_working_local_clipboard_is_used_as_well(monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    copied: list[str] = []
    monkeypatch.setattr(pyperclip, "copy", copied.append)
    result = copy_text(TEXT, terminal=lambda text: None)
    assert copied == [TEXT]
    assert result.routes == [TERMINAL_ROUTE, LOCAL_ROUTE]
    assert "and the local clipboard" in result.message


def test_no_route_at_all_says_what_to_do(headless):
    def broken(text: str) -> None:
        raise OSError("terminal gone")

    result = copy_text(TEXT, terminal=broken)
    assert result.routes == []
    assert "Could not copy 3 lines" in result.message
    assert "Export Markdown" in result.message


def test_over_ssh_without_display_the_local_clipboard_is_not_tried(monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 22")
    monkeypatch.delenv("DISPLAY", raising=False)
    assert clipboard._local_clipboard_available() is False
