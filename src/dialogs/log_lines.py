"""Paste log lines: lines pasted (or typed) from a terminal, a log or a chat become timeline
rows. Each line's time is read as `postmortem log` reads it (capture/), and the rows are
previewed as understood, in UTC with the zone they were written in, beside the lines that
could not be read, by their number. Enter adds the rows; escape backs out, the text kept as
a draft that the next `l` starts from. Nothing pasted is ever lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Static, TextArea

from postmortem.capture import Captured, CaptureTooLarge, parse_lines, zone_label, zone_named
from postmortem.dialogs.editor_dialog import EditorDialog
from postmortem.document.model import TimelineEvent
from postmortem.document.timeparse import format_time
from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar

PREVIEW_ROWS = 200  # rows and unread lines listed; the summary counts them all
LINE_WIDTH = 72  # a preview line, cropped to the dialog at 80 columns
PARSE_AFTER_SECONDS = 0.15  # typing pauses this long before the lines are read again


@dataclass(frozen=True)
class LogLines:
    """How the dialog ended: the rows to add (None: backed out, text is the draft), and the
    lines that could not be read (kept as the next draft)."""

    text: str
    rows: tuple[TimelineEvent, ...] | None = None
    left: str = ""


@dataclass(frozen=True)
class Reading:
    """The lines as read: the rows, and what to say about the rest."""

    rows: tuple[TimelineEvent, ...]
    lines: tuple[str, ...]  # the preview, one line each
    summary: str
    left: str  # the lines not understood, as text


def source_time(when: dt.datetime, zone: str) -> str:
    """The time as the line gave it, in its zone: '16:02 Europe/Berlin', 'given in UTC'."""
    if zone == "UTC":
        return "given in UTC"
    try:
        local = when.astimezone(zone_named(zone))
    except ValueError:
        return zone
    return f"{local:%H:%M} {zone}"


def read_lines(text: str, zone: dt.tzinfo, incident_date: dt.date | None,
               now: dt.datetime) -> Reading:
    """Read text's lines into rows and a preview of them."""
    try:
        captured = parse_lines(text, zone=zone, incident_date=incident_date, anchor=now)
    except CaptureTooLarge as error:
        return Reading((), (), f"✗ {error}", text)
    return _reading(captured, zone)


def _reading(captured: Captured, zone: dt.tzinfo) -> Reading:
    rows, lines = [], []
    unread = [f"✗ line {item.line}: {item.text}  ({item.reason})" for item in captured.unparsed]
    for row in captured.rows:
        try:
            event = TimelineEvent(time=row.when, event=row.event, actions=row.actions)
        except ValueError as error:  # e.g. a time past the calendar's end in UTC
            unread.append(f"✗ line {row.line}: {error}")
            continue
        rows.append(event)
        text = event.event + (f" → {event.actions}" if event.actions else "")
        lines.append(_cropped(f"{format_time(event.time)} UTC "
                              f"({source_time(row.when, row.zone)})  {text}"))
    count = f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
    problems = f" · {len(unread)} line(s) not understood (kept)" if unread else ""
    summary = f"{count}{problems} · times without a zone read as {zone_label(zone)}"
    shown = [_cropped(line) for line in (unread + lines)[:PREVIEW_ROWS]]  # to fix, first
    left = "\n".join(item.text for item in captured.unparsed)
    return Reading(tuple(rows), tuple(shown), summary, left)


def _cropped(line: str, width: int = LINE_WIDTH) -> str:
    line = line.replace("\n", " ⏎ ")
    return line if cell_len(line) <= width else set_cell_size(line, width - 1) + "…"


class LogLinesDialog(EditorDialog[LogLines]):
    """Paste or type lines; the preview follows; enter adds the rows, escape backs out."""

    BINDING_GROUP_TITLE = "Paste log lines"
    AUTO_FOCUS = "#lines"
    BINDINGS = [
        Binding("enter", "add", "Add", key_display="⏎", priority=True,
                tooltip="Add the rows previewed (one u undoes them all)"),
        Binding("ctrl+j", "new_line", "New line", key_display="^j",
                tooltip="A new line in the box (enter adds the rows)"),
        Binding("escape", "close", "Back", tooltip="Back out (what is pasted is kept)"),
    ]
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    LogLinesDialog { align: center middle; }
    LogLinesDialog > Vertical { width: 78; max-width: 100%; height: 22; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1; }
    LogLinesDialog .note { color: $text-muted; height: 1; }
    LogLinesDialog #lines { height: 7; }
    LogLinesDialog #summary { height: auto; text-style: bold; }
    LogLinesDialog #preview { height: 1fr; }
    LogLinesDialog #preview-text { width: auto; }
    """

    def __init__(self, text: str, zone: dt.tzinfo, incident_date: dt.date | None,
                 now: dt.datetime, *, origin: tuple[str, str],
                 restored: bool = False) -> None:
        super().__init__(origin)
        self.text = text  # as last seen: the draft, should the dialog be popped
        self.zone, self.incident_date, self.now = zone, incident_date, now
        self.restored = restored
        self.reading = read_lines(text, zone, incident_date, now)
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield KeyBar()
        with Vertical() as box:
            box.border_title = "Paste log lines"
            box.border_subtitle = "enter: add the rows · ^j: new line · escape: back (kept)"
            note = ("Restored what you pasted before." if self.restored else
                    "Paste lines from a log, a terminal or a chat: a time starts each one.")
            yield Static(note, classes="note", markup=False)
            yield TextArea(self.text, id="lines", soft_wrap=False, tab_behavior="focus")
            yield Static("", id="summary", markup=False)
            with VerticalScroll(id="preview", can_focus=False):
                yield Static("", id="preview-text", markup=False)

    def on_mount(self) -> None:
        self._show_reading()
        if self.text.strip():  # pasted: in the recovery copy at once, as typing would be
            self.typing_changed()
        self.query_one(TextArea).move_cursor(self.query_one(TextArea).document.end)

    @on(TextArea.Changed, "#lines")
    def _changed(self, event: TextArea.Changed) -> None:
        self.text = event.text_area.text
        self.typing_changed()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(PARSE_AFTER_SECONDS, self._read_again)

    def _read_again(self) -> None:
        self._timer = None
        self.reading = read_lines(self.text, self.zone, self.incident_date, self.now)
        self._show_reading()

    def _show_reading(self) -> None:
        reading = self.reading
        self.query_one("#summary", Static).update(reading.summary)
        self.query_one("#preview-text", Static).update("\n".join(reading.lines))

    def action_new_line(self) -> None:
        self.query_one(TextArea).insert("\n")

    def action_add(self) -> None:
        if self._timer is not None:  # typed a moment ago: read what is there now
            self._timer.stop()
            self._read_again()
        if not self.reading.rows:
            self.query_one("#summary", Static).update(
                "Nothing to add: no line starts with a time (14:02, 2026-06-15 14:02, "
                "syslog, ISO-8601 …). Escape keeps what is here.")
            return
        self.end(LogLines(self.text, self.reading.rows, self.reading.left))

    def action_close(self) -> None:
        self.close_with_draft()

    # --- what EditorDialog needs --------------------------------------------------------------

    def draft_result(self) -> LogLines:
        return LogLines(self.query_one(TextArea).text)

    def last_draft_result(self) -> LogLines:
        return LogLines(self.text)

    def typed_values(self) -> tuple[str, ...] | None:
        return (self.text,) if self.text.strip() else None

    def what_is_typed(self) -> str:
        return "log lines"
