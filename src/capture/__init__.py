"""Capture during the incident: captured text (pasted logs, terminal output, chat, shell
history) read into timeline rows, each time placed in UTC from the zone it was written in.

Plain Python, no Textual: `postmortem log` and the app's paste both use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from postmortem.capture.history import parse_history as parse_history
from postmortem.capture.lines import MOMENT_EXAMPLES as MOMENT_EXAMPLES
from postmortem.capture.lines import parse_lines as parse_lines
from postmortem.capture.lines import parse_moment as parse_moment
from postmortem.capture.rows import MAX_CAPTURE_CHARACTERS as MAX_CAPTURE_CHARACTERS
from postmortem.capture.rows import MAX_CAPTURE_LINES as MAX_CAPTURE_LINES
from postmortem.capture.rows import Captured as Captured
from postmortem.capture.rows import CapturedRow as CapturedRow
from postmortem.capture.rows import CaptureTooLarge as CaptureTooLarge
from postmortem.capture.rows import Unparsed as Unparsed
from postmortem.capture.zones import UnknownZone as UnknownZone
from postmortem.capture.zones import machine_zone as machine_zone
from postmortem.capture.zones import zone_label as zone_label
from postmortem.capture.zones import zone_named as zone_named

if TYPE_CHECKING:
    from postmortem.document.model import TimelineEvent


def timeline_events(rows: Iterable[CapturedRow]) -> list[TimelineEvent]:
    """The rows as timeline events, ready for Document.insert_event (or append_events): the
    time in UTC to the minute, the texts made safe as every cell is."""
    from postmortem.document.model import TimelineEvent

    return [TimelineEvent.model_validate({"time": row.when, "event": row.event,
                                          "actions": row.actions}) for row in rows]
