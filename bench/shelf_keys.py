"""CPU time per key in the shelf's search box, driven by Textual's pilot; prints one JSON object.

    python bench/shelf_keys.py FOLDER

FOLDER's index must be warm (run `postmortem list FOLDER` first). The shelf app runs headless
at 80x24; each key of QUERY is typed into the search box and timed with time.process_time()
(CPU of the whole process) around `pilot.press(key)` plus one `pilot.pause()`, so the search,
the table shown afresh and the matched words under it are all included; the pilot's own idle
cost is measured the same way without a key and taken off. "core" is the index's search alone
(Shelf.search and the matched words of the first hit) for each prefix of QUERY.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from keys import cpu_ms, idle_cycle, key_cycle, settle, summary
from textual.pilot import Pilot

QUERIES = ("certificate rotation", "disk logs", "pay-gw timeout")
IDLE_SAMPLES = 15


def core_ms(folder: Path) -> dict[str, float]:
    from postmortem.shelf.catalog import Shelf

    shelf = Shelf(folder)
    shelf.look()
    samples = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            start = time.process_time()
            found = shelf.search(query[:end]) or []
            if found:
                shelf.matches(query[:end], found[0])
            samples.append((time.process_time() - start) * 1000)
    samples.sort()
    return {"median": statistics.median(samples), "p95": samples[round(0.95 * (len(samples) - 1))],
            "max": samples[-1], "post_mortems": len(shelf.entries)}


async def app_keys(folder: Path) -> dict[str, Any]:
    from postmortem.app.shelf_app import ShelfApp
    from postmortem.shelf.catalog import Shelf

    shelf = Shelf(folder)
    app = ShelfApp(shelf, shelf.look(), launcher=lambda path: 0)
    samples: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while app.reading:
            await asyncio.sleep(0.05)
        await settle(pilot)
        idle = statistics.median([await cpu_ms(idle_cycle(pilot)) for _ in range(IDLE_SAMPLES)])
        for query in QUERIES:
            for char in query:
                key = "space" if char == " " else "minus" if char == "-" else char
                samples.append(await cpu_ms(key_cycle(pilot, key)))
            await clear(pilot)
        app.exit()
    return summary(samples, idle) | {"idle_ms": idle}


async def clear(pilot: Pilot[Any]) -> None:
    pilot.app.screen.search_box.value = ""
    await settle(pilot)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[0])
    result = {"core": core_ms(folder), "app": asyncio.run(app_keys(folder))}
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
