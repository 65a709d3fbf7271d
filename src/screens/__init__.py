"""One screen per section of the standard, plus preview, help and dialogs."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postmortem.screens.base import SectionScreen

# section key -> "module:Class"; modules are imported only when their screen is first opened
SCREENS = {
    "incident": "incident:IncidentScreen",
    "executive_summary": "summary:SummaryScreen",
    "timeline": "timeline:TimelineScreen",
    "impact": "impact:ImpactScreen",
    "root_cause": "root_cause:RootCauseScreen",
    "five_whys": "five_whys:FiveWhysScreen",
    "response": "response:ResponseScreen",
    "action_items": "action_items:ActionItemsScreen",
    "preventive": "preventive:PreventiveScreen",
    "lessons_learned": "lessons:LessonsScreen",
    "supporting": "supporting:SupportingScreen",
}


def screen_for(key: str) -> SectionScreen:
    module_name, class_name = SCREENS[key].split(":")
    module = import_module(f"postmortem.screens.{module_name}")
    screen: SectionScreen = getattr(module, class_name)()
    return screen
