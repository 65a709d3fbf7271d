"""What F1 lists: every class whose key bindings the help shows, in the order shown.

It lives with the app, the one layer that may know every widget, dialog and screen; the help
screen is handed the list."""

from __future__ import annotations


def help_sources(app_class: type) -> list[type]:
    """The app's own keys, then the section screens', the section list's, the lists' and the
    text areas'."""
    from postmortem.screens.base import SectionScreen
    from postmortem.screens.review import FindingList, ReviewScreen
    from postmortem.widgets.list_editor import ItemList
    from postmortem.widgets.section_nav import SectionNav
    from postmortem.widgets.text_field import FieldTextArea

    return [app_class, SectionScreen, SectionNav, ItemList, FieldTextArea,
            *editor_help_sources(), ReviewScreen, FindingList]


def editor_help_sources() -> list[type]:
    """The timeline table, the 5 Whys wizard and the action-item grid, with their dialogs."""
    from postmortem.dialogs.action_editor import ActionEditor, ChoiceField
    from postmortem.dialogs.event_editor import EventEditor
    from postmortem.dialogs.stated_times import StatedTimesDialog
    from postmortem.screens.five_whys import FiveWhysScreen
    from postmortem.screens.why_wizard import ChainView, WhyWizard
    from postmortem.widgets.action_items.grid import ActionGrid
    from postmortem.widgets.timeline.table import TimelineTable

    return [TimelineTable, EventEditor, StatedTimesDialog, FiveWhysScreen, WhyWizard, ChainView,
            ActionGrid, ActionEditor, ChoiceField]
