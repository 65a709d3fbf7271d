"""The app and the user's settings (storage/config.py): the theme is applied at the start and
kept in the config file when changed; the terminal driver is chosen for where the app runs."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from textual.app import App
from textual.theme import Theme

from postmortem.storage.config import Settings, without_problem

if TYPE_CHECKING:
    from textual.driver import Driver


def driver_class() -> type[Driver] | None:
    """The app's own terminal driver (app/terminal_driver.py) on a Unix terminal; else None,
    for Textual's choice: the driver TEXTUAL_DRIVER names (textual-serve's web driver, for a
    page in a browser), or the Windows one."""
    if "TEXTUAL_DRIVER" in os.environ or os.name != "posix":
        return None
    stdin = sys.__stdin__
    if stdin is None or not stdin.isatty():
        return None
    from postmortem.app.terminal_driver import SturdyDriver

    return SturdyDriver


def apply_theme(app: App[int], settings: Settings) -> Settings:
    """Show the theme the settings name; one Textual does not know is a problem of the
    settings (said as FILE:LINE: theme: what), and the default theme stays."""
    if not settings.theme:
        return settings
    if settings.theme not in app.available_themes:
        known = ", ".join(sorted(app.available_themes))
        problem = settings.problem("theme", f"unknown theme {settings.theme!r}; the default "
                                            f"is used (known: {known})")
        return without_problem(settings, "theme", problem)
    app.theme = settings.theme
    return settings


class ThemeKeeper:
    """Writes the theme chosen in the app (the palette's "Theme" command) to the config file,
    once per change, and tells the app when it could not."""

    def __init__(self, app: App[int], settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.kept = app.theme  # the theme the app started with needs no writing

    def start(self) -> None:
        self.app.theme_changed_signal.subscribe(self.app, self.changed)

    def changed(self, theme: Theme) -> None:
        if theme.name == self.kept:
            return
        self.kept = theme.name
        from postmortem.storage.config_theme import remember_theme

        why_not = remember_theme(self.settings, theme.name)
        if why_not is not None:
            self.app.notify(f"The theme is not kept for next time: {why_not}",
                            title="Theme", severity="warning", timeout=10, markup=False)
