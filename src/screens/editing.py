"""What the three editor screens share: room for their tables, and actions run once shown."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from postmortem.widgets.section_nav import SectionNav

# Below this width the section list would squeeze the tables; F2 still shows it.
WIDE_ENOUGH_FOR_NAV = 110


def collapse_narrow_nav(screen: Screen[None]) -> None:
    """Start with the section list hidden when the terminal is narrow."""
    if screen.app.size.width < WIDE_ENOUGH_FOR_NAV:
        screen.query_one(SectionNav).display = False


def run_when_shown(screen: Screen[None],
                   action: Callable[[], object]) -> Callable[[], object] | None:
    """Run action once screen is the one on show (after its own first focus); if it is not
    shown yet, return the action for the screen to run when it is resumed."""
    if not (screen.is_mounted and screen.app.screen is screen):
        return action
    screen.call_after_refresh(lambda: screen.call_after_refresh(action))
    return None
