"""Textual's private parts are touched in named modules only, and each such use has a test here
that fails when the Textual it was written against changes under it."""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import textual
from layers import SRC, module_files
from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen
from textual.widgets import Input

# The modules that may use Textual's internals, each for one reason its docstring gives.
NAMED_MODULES = {
    "postmortem.app.terminal_driver": "the input thread: bad bytes, a hung-up terminal, pastes",
    "postmortem.app.stylesheet_shortcut": "a new screen counts as styled already",
    "postmortem.dialogs.tinted_background": "the dimmed screen behind a dialog, tinted once",
}
UI_PACKAGES = ("postmortem.app", "postmortem.dialogs", "postmortem.screens",
               "postmortem.widgets")
MODULES = module_files()
UI_MODULES = sorted(module for module in MODULES if module.startswith(UI_PACKAGES))


def _textual_private_names() -> set[str]:
    """Every single-underscore name Textual's source defines: methods, class attributes and
    attributes it sets on objects."""
    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.ClassDef):
                for statement in node.body:
                    targets = (statement.targets if isinstance(statement, ast.Assign)
                               else [statement.target] if isinstance(statement, ast.AnnAssign)
                               else [])
                    names.update(t.id for t in targets if isinstance(t, ast.Name))
    return {name for name in names if name.startswith("_") and not name.startswith("__")}


def _own_names() -> set[str]:
    """Names this package defines: its functions and methods, class attributes, and what its
    __init__ methods set on self."""
    names: set[str] = set()
    for path in MODULES.values():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names.add(node.name)
                if node.name == "__init__":
                    names.update(target.attr for target in ast.walk(node)
                                 if isinstance(target, ast.Attribute)
                                 and isinstance(target.ctx, ast.Store)
                                 and isinstance(target.value, ast.Name)
                                 and target.value.id == "self")
            elif isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if isinstance(statement, ast.Assign | ast.AnnAssign):
                        targets = (statement.targets if isinstance(statement, ast.Assign)
                                   else [statement.target])
                        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def private_uses(source: str, textual_private: set[str], own: set[str]) -> list[str]:
    """Where source imports a private Textual module or reaches a private Textual attribute."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom | ast.Import):
            modules = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                       else [alias.name for alias in node.names])
            found += [f"line {node.lineno}: imports {module}" for module in modules
                      if module.split(".")[0] == "textual"
                      and any(part.startswith("_") for part in module.split("."))]
        elif (isinstance(node, ast.Attribute) and node.attr in textual_private
              and node.attr not in own
              and not (isinstance(node.value, ast.Name) and node.value.id in ("os", "sys"))):
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def private_overrides(module_name: str) -> list[str]:
    """Methods of this module's Textual subclasses that replace a private one of a Textual
    base class (such as an `_on_key` override)."""
    module = importlib.import_module(module_name)
    return [found for cls in vars(module).values()
            if inspect.isclass(cls) and cls.__module__ == module_name
            and issubclass(cls, DOMNode | Driver)
            for found in private_overrides_of(cls)]


def private_overrides_of(cls: type) -> list[str]:
    textual_bases = [base for base in cls.__mro__[1:]
                     if base.__module__.split(".")[0] == "textual"]
    found = []
    for name, value in vars(cls).items():
        # what the class body defines (Textual's metaclass adds private bookkeeping too)
        defined_here = getattr(value, "__qualname__", "").startswith(cls.__qualname__ + ".")
        if defined_here and name.startswith("_") and not name.startswith("__") and any(
                name in vars(base) for base in textual_bases):
            found.append(f"{cls.__name__}.{name}")
    return found


def test_the_checks_see_a_private_use() -> None:
    source = ("from textual._xterm_parser import XTermParser\n"
              "def f(widget):\n    return widget._bindings, widget._mine\n")
    assert private_uses(source, {"_bindings"}, {"_mine"}) == [
        "line 1: imports textual._xterm_parser", "line 3: ._bindings"]

    class KeysFirst(Input):
        async def _on_key(self, event: events.Key) -> None: ...

        async def on_key(self, event: events.Key) -> None: ...

    assert private_overrides_of(KeysFirst) == ["KeysFirst._on_key"]


@pytest.mark.parametrize("module", [m for m in UI_MODULES if m not in NAMED_MODULES])
def test_no_private_textual_use_outside_the_named_modules(module: str) -> None:
    source = MODULES[module].read_text("utf-8")
    assert private_uses(source, TEXTUAL_PRIVATE, OWN) == []
    assert private_overrides(module) == []


def test_the_named_modules_exist_and_say_why() -> None:
    for module in NAMED_MODULES:
        docstring = ast.get_docstring(ast.parse(MODULES[module].read_text("utf-8"))) or ""
        assert "Textual" in docstring, module


TEXTUAL_PRIVATE = _textual_private_names()
OWN = _own_names()
assert SRC.is_dir()


# --- each use, pinned to the Textual it was written against --------------------------------

def fingerprint(function: Callable[..., Any]) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def test_textual_is_the_version_the_internals_were_written_against() -> None:
    assert textual.__version__ == "8.2.8"


def test_the_stylesheet_count_is_kept_and_read_as_the_shortcut_expects() -> None:
    """stylesheet_shortcut sets a new screen's `_css_update_count` to the app's: Textual must
    still keep both counts and still restyle a screen whose count differs as it shows it."""
    app: App[None] = App()
    assert isinstance(app._css_update_count, int)
    assert Screen()._css_update_count == -1
    for function in (App._init_mode, App.switch_mode):
        assert "_css_update_count != self._css_update_count" in inspect.getsource(function)
    assert fingerprint(App._init_mode) == "962fb98bc495684c"
    assert fingerprint(App.switch_mode) == "0bea775929e2c79e"


def test_the_sturdy_driver_replaces_the_input_thread_textual_still_has() -> None:
    """SturdyDriver.run_input_thread is Textual's own, reading through a lenient decoder and
    telling the app when the terminal is gone: a change upstream must be looked at."""
    from textual._parser import ParseError
    from textual._xterm_parser import XTermParser

    from postmortem.app.terminal_driver import SturdyDriver

    assert fingerprint(LinuxDriver.run_input_thread) == "d796af6d69db337d"
    assert fingerprint(XTermParser.__init__) == "d72babb3e40ab7da"
    assert callable(XTermParser.feed) and callable(XTermParser.tick)
    assert issubclass(ParseError, Exception)
    assert SturdyDriver.run_input_thread is not LinuxDriver.run_input_thread
    driver_init = inspect.getsource(Driver.__init__)
    assert "self._debug = debug" in driver_init and "self._app = app" in driver_init


def test_the_key_parser_still_reads_pastes_as_the_driver_expects() -> None:
    """SturdyDriver takes each bracketed paste out of the input before XTermParser sees it
    (app/paste_stream.py): the markers must still be these, the parser must still drop a stray
    end marker without a key, and its paste handling (which ends a paste at any ESC) must still
    be the one the driver sidesteps. Driver.process_message is how the parser's events reach
    the app, and how the driver posts its pastes too."""
    from textual._xterm_parser import BRACKETED_PASTE_END, BRACKETED_PASTE_START, XTermParser

    from postmortem.app.paste_stream import END, START

    assert (BRACKETED_PASTE_START, BRACKETED_PASTE_END) == (START, END)
    assert fingerprint(XTermParser.parse) == "a5834ad1def86544"
    assert fingerprint(Driver.process_message) == "af9cb0baaf150940"
    parser = XTermParser()
    assert [event.key for event in parser.feed("a" + END + "b")
            if isinstance(event, events.Key)] == ["a", "b"]
    # what the driver fixes: upstream, a paste's first ESC ends it
    parsed = list(XTermParser().feed(START + "x\x1b[31my" + END))
    assert not any(isinstance(event, events.Paste) and event.text == "x\x1b[31my"
                   for event in parsed)


def test_the_screen_behind_a_dialog_is_drawn_as_tinted_background_expects() -> None:
    """tinted_background draws BackgroundScreen's lines from the compositor of the screen
    behind (its private `_compositor`; the lines that changed alone with `_render_chops`, as
    render_strips draws them all), tinting each with BackgroundScreen.process_segments,
    then styles and cuts them as a widget's post_render and RichVisual do: Textual must still
    draw a translucent screen's background that way."""
    from textual._compositor import Compositor
    from textual.renderables.background_screen import BackgroundScreen
    from textual.visual import RichVisual
    from textual.widget import Widget

    assert "BackgroundScreen(base_screen, background)" in inspect.getsource(Screen.render)
    assert fingerprint(Screen.render) == "c0f72894b3980949"
    assert fingerprint(BackgroundScreen.__rich_console__) == "e0d2e7b51ee02e92"
    assert fingerprint(BackgroundScreen.process_segments) == "b857a6555faadda4"
    assert fingerprint(Compositor.__rich__) == "2ba5d5d5a4c1f71a"
    assert fingerprint(Compositor.render_strips) == "061fb81ef37c720c"
    assert fingerprint(Compositor._render_chops) == "ca8c3359d7afd017"
    assert fingerprint(RichVisual.render_strips) == "4159f226691467e9"
    assert fingerprint(Widget.post_render) == "6545cf5a29161a91"


def test_push_screen_still_repaints_the_screen_it_suspends_as_push_over_expects() -> None:
    """tinted_background.push_over undoes the `refresh()` App.push_screen makes of the screen
    it suspends by restoring that screen's private `_repaint_required`, the flag a widget's
    idle check (`_check_refresh`) turns into a repaint of all of it."""
    from textual.widget import Widget

    assert "mode_screen.refresh()" in inspect.getsource(App.push_screen)
    assert fingerprint(App.push_screen) == "d14a25c7a650f288"
    assert fingerprint(Widget._check_refresh) == "ad1c8196be9747bf"
    assert "self._repaint_required = True" in inspect.getsource(Widget.refresh)
