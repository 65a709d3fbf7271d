"""A second process that appends timeline events to a post-mortem the way another copy of
postmortem does (`postmortem log`): read the file, add the event, write it back atomically
unless it changed meanwhile (then read it again). Prints, for each event, the monotonic time
it landed at (comparable across processes on Linux), then "done".

    python tests/appender.py FILE START_ISO COUNT LABEL
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from postmortem.document.model import TimelineEvent
from postmortem.storage import toml_file as storage
from postmortem.storage.session import DiskConflict, Session


def append(path: Path, event: TimelineEvent) -> None:
    while True:
        session = Session(path, storage.load(path))
        session.document.insert_event(event.model_copy())
        session.changed()
        try:
            session.save()
        except DiskConflict:
            continue  # someone wrote between our read and our write: read it again
        finally:
            session.close()
        return


def main() -> None:
    path, start, count, label = (Path(sys.argv[1]), dt.datetime.fromisoformat(sys.argv[2]),
                                 int(sys.argv[3]), sys.argv[4])
    for number in range(count):
        when = start + dt.timedelta(minutes=number)
        append(path, TimelineEvent(time=when, event=f"{label} {number}"))
        print(time.monotonic(), flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
