"""Profile what the app does on its own after one timeline row edit (a helper for performance
work): the autosave, the recovery copy, the marks' review, the figures.

    python bench/profile_after_edit.py FILE.toml [ROUNDS [SORT|none]]

Runs the app headless at 80x24 like bench/keys.py, on the Timeline's middle row: each round
duplicates the row (c), lets the app work on its own for keys.SETTLE_SECONDS, and undoes it.
Prints the background CPU ms per round (beyond a quiet period's) and, unless SORT is none, the
costliest functions of the background periods by SORT (cumulative).
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import statistics
import sys
from pathlib import Path

import keys


async def main(path: Path, rounds: int, sort: str) -> None:
    app = keys.make_app(path)
    profile = cProfile.Profile()
    async with app.run_test(size=(80, 24)) as pilot:
        await keys.settle(pilot)
        await keys.open_section(pilot, "timeline")
        table = keys.focused_table(app)
        table.move_cursor(row=table.row_count // 2)
        await keys.settle(pilot)
        await keys.background_ms(keys.SETTLE_SECONDS)
        figures = []
        for _ in range(rounds):
            quiet = await keys.background_ms(keys.SETTLE_SECONDS)
            await keys.key_cycle(pilot, "c")
            if sort != "none":
                profile.enable()
            busy = await keys.background_ms(keys.SETTLE_SECONDS)
            profile.disable()
            figures.append(max(busy - quiet, 0.0))
            await keys.key_cycle(pilot, "u")
            await keys.settle(pilot)
            await keys.background_ms(keys.SETTLE_SECONDS)
        print(f"after one edit: median {statistics.median(figures):.1f} ms "
              f"({', '.join(f'{figure:.0f}' for figure in figures)})")
        if sort != "none":
            pstats.Stats(profile).sort_stats(sort).print_stats(*(sys.argv[4:] or [45]))
        app.exit()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]) if sys.argv[2:] else 3,
                     sys.argv[3] if sys.argv[3:] else "cumulative"))
