"""Another shell logging during the incident: runs `postmortem log FILE "LABEL n" --at TIME`
COUNT times, one minute apart from START, each a process of its own, as fast as it can.
Prints, for each event, the monotonic time its command ended (comparable across processes on
Linux), then "done".

    python tests/appender.py FILE START_ISO COUNT LABEL
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

POSTMORTEM = Path(sys.executable).with_name("postmortem")


def main() -> None:
    path, start, count, label = (sys.argv[1], dt.datetime.fromisoformat(sys.argv[2]),
                                 int(sys.argv[3]), sys.argv[4])
    for number in range(count):
        when = start + dt.timedelta(minutes=number)
        logged = subprocess.run([str(POSTMORTEM), "log", path, f"{label} {number}", "--at",
                                 when.isoformat()], capture_output=True, text=True)
        if logged.returncode != 0:
            sys.exit(f"postmortem log exited {logged.returncode}: {logged.stderr}")
        print(time.monotonic(), flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
