"""Profile one kind of keystroke in the real app (a helper for performance work).

    python bench/profile_keys.py FILE.toml KIND [N [SORT|none [FUNCTION...]]]

KIND: timeline (down), edit (c, u), delete (d, u), open (e, escape), add (a, now, enter,
x, ctrl+n, escape, u), p, s, input, textarea.

Runs the app headless at 80x24 like bench/keys.py, presses the key N times (30) under cProfile
and prints the CPU ms per key and the 25 costliest functions by cumulative time.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sys
import time
from pathlib import Path

import keys


async def main(path: Path, what: str, count: int) -> None:
    app = keys.make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys.settle(pilot)
        if what == "timeline":
            await keys.open_section(pilot, "timeline")
            table = keys.focused_table(app)
            table.move_cursor(row=table.row_count // 2)
            presses = ["down"] * count
        elif what in ("edit", "delete"):
            await keys.open_section(pilot, "timeline")
            table = keys.focused_table(app)
            table.move_cursor(row=table.row_count // 2)
            presses = (["c", "u"] if what == "edit" else ["d", "u"]) * (count // 2)
        elif what == "open":
            await keys.open_section(pilot, "timeline")
            table = keys.focused_table(app)
            table.move_cursor(row=table.row_count // 2)
            presses = ["e", "escape"] * (count // 2)
        elif what == "add":
            await keys.open_section(pilot, "timeline")
            table = keys.focused_table(app)
            table.move_cursor(row=table.row_count // 2)
            presses = ["a", "n", "o", "w", "enter", "x", "ctrl+n", "escape", "u"] * max(
                count // 9, 1)
        elif what in ("p", "s"):
            await keys.open_section(pilot, "action_items")
            presses = [what] * count
        elif what == "textarea":
            await keys.open_section(pilot, "executive_summary")
            area = keys.first(app.screen, keys.TextArea)
            area.focus()
            presses = list((keys.TYPED * 4)[:count])
        else:
            field = keys.first(app.screen, keys.Input)
            field.focus()
            field.cursor_position = len(field.value)
            presses = list((keys.TYPED * 4)[:count])
        await keys.settle(pilot)
        idle = sorted([await keys.cpu_ms(keys.idle_cycle(pilot)) for _ in range(9)])[4]
        sort = sys.argv[4] if sys.argv[4:] else "cumulative"
        profile = cProfile.Profile()
        samples = []
        for key in presses:
            if sort != "none":
                profile.enable()
            start = time.process_time()
            await keys.key_cycle(pilot, key)
            samples.append((time.process_time() - start) * 1000)
            profile.disable()
        print(f"{what}: median {sorted(samples)[len(samples) // 2] - idle:.1f} ms/key "
              f"(idle {idle:.1f} ms taken off)")
        if sort != "none":
            stats = pstats.Stats(profile).sort_stats(sort)
            stats.print_stats(40)
            for name in sys.argv[5:]:
                stats.print_callers(name)
        app.exit()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if sys.argv[3:] else 30))
