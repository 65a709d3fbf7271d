"""Shell history files as rows: each command typed, at the time the shell saved for it, as
Actions Taken.

bash saves times only with HISTTIMEFORMAT set: a "#1686838800" line before each command (a
command of several lines follows its one stamp). zsh's extended history (setopt
EXTENDED_HISTORY) writes ": 1686838800:0;command", a command of several lines ending each
line but the last with a backslash. A command with no time saved is reported, not guessed.
"""

from __future__ import annotations

import datetime as dt
import re

from postmortem.capture.cleaning import clean_line
from postmortem.capture.formats import from_epoch
from postmortem.capture.rows import Captured, CapturedRow, Unparsed, check_size, within

_BASH_STAMP = re.compile(r"^#(?P<digits>\d{1,11})\s*$")
_ZSH = re.compile(r"^:\s?(?P<digits>\d{1,11}):\d+;(?P<command>.*)$", re.DOTALL)
NO_TIME = ("no time saved for this command (bash saves times only with HISTTIMEFORMAT set; "
           "zsh with setopt EXTENDED_HISTORY)")


_ZSH_META = 0x83


def unmetafy(raw: bytes) -> bytes:
    """zsh's history file as the bytes typed: zsh writes each byte it uses as a token (0x83,
    Meta, to 0xa2: within many UTF-8 characters) as Meta and the byte XOR 0x20."""
    if _ZSH_META not in raw or not raw.startswith(b": "):
        return raw
    out = bytearray()
    escaped = False
    for byte in raw:
        if escaped:
            out.append(byte ^ 0x20)
            escaped = False
        elif byte == _ZSH_META:
            escaped = True
        else:
            out.append(byte)
    return bytes(out)


def parse_history(text: str, *, zone: dt.tzinfo, since: dt.datetime | None = None,
                  until: dt.datetime | None = None) -> Captured:
    """The commands in a bash or zsh history file, as rows (zone names the zone they are
    shown in; the saved times are exact). Raises CaptureTooLarge past the limits."""
    check_size(text)
    since, until = (moment.replace(tzinfo=dt.UTC) if moment and moment.tzinfo is None else moment
                    for moment in (since, until))
    commands: list[tuple[dt.datetime, list[str], int]] = []
    unparsed: list[Unparsed] = []
    when: dt.datetime | None = None
    continues = False  # a zsh command's line ended with a backslash
    fresh = False  # a bash stamp was read and its command not yet
    for number, raw in enumerate(text.split("\n"), start=1):
        line = clean_line(raw)
        if continues and commands:
            commands[-1][1].append(line.removesuffix("\\").rstrip())
            continues = line.endswith("\\")
            continue
        if not line:
            continue
        stamp = _BASH_STAMP.match(line)
        zsh = _ZSH.match(line)
        if stamp:
            when, fresh = from_epoch(stamp["digits"].rjust(10, "0")), True
        elif zsh:
            when = from_epoch(zsh["digits"].rjust(10, "0"))
            command = zsh["command"]
            commands.append((when, [command.removesuffix("\\").rstrip()], number))
            continues, fresh = command.endswith("\\"), False
        elif fresh and when is not None:
            commands.append((when, [line], number))
            fresh = False
        elif when is not None and commands and commands[-1][0] == when:
            commands[-1][1].append(line)  # the next line of a bash command of several
        else:
            unparsed.append(Unparsed(number, line, NO_TIME))
    rows = tuple(CapturedRow(moment, "", "\n".join(part for part in lines if part), number, "UTC")
                 for moment, lines, number in commands if within(moment, since, until))
    return Captured(tuple(row for row in rows if row.actions), tuple(unparsed))
