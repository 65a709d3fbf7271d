"""Profile what the app does on its own after one timeline row edit (a helper for performance
work): the autosave, the recovery copy, the marks' review, the figures.

    python bench/profile_after_edit.py FILE.toml [ROUNDS [SORT|none]]

Runs the app headless at 80x24 like bench/keys.py, on the Timeline's middle row: each round
duplicates the row (c), lets the app work on its own for keys.SETTLE_SECONDS, and undoes it.
Prints the background CPU ms per round (beyond a quiet period's) and, unless SORT is none, the
costliest functions of the background periods by SORT (cumulative), on the event loop and in
the writer thread (autosave, recovery copy).
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keys

PROFILING = [False]  # whether the writer's jobs are profiled now (not during the first round)


def profile_the_writer(profile: cProfile.Profile) -> None:
    """Profile what the session's writer thread runs, into profile (it runs one job at a
    time: one profile will do), from the second round on (the first renders every row)."""
    from postmortem.storage import background

    submit = background.Writer.submit

    def profiled(self: Any, work: Callable[..., Any], *args: Any) -> Any:
        def run(*given: Any) -> Any:
            if not PROFILING[0]:
                return work(*given)
            profile.enable()
            try:
                return work(*given)
            finally:
                profile.disable()

        return submit(self, run, *args)

    background.Writer.submit = profiled  # type: ignore[method-assign]


async def main(path: Path, rounds: int, sort: str) -> None:
    app = keys.make_app(path)
    # CPU time, not wall: the event loop's idle poll and the writer's fsync waits cost no CPU
    profile = cProfile.Profile(time.thread_time)
    writer = cProfile.Profile(time.thread_time)
    if sort != "none":
        profile_the_writer(writer)
    async with app.run_test(size=(80, 24)) as pilot:
        await keys.settle(pilot)
        await keys.open_section(pilot, "timeline")
        table = keys.focused_table(app)
        table.move_cursor(row=table.row_count // 2)
        await keys.settle(pilot)
        await keys.background_ms(keys.SETTLE_SECONDS)
        figures, on_loop = [], []
        for round_ in range(rounds):
            loop_quiet = time.thread_time()
            quiet = await keys.background_ms(keys.SETTLE_SECONDS)
            loop_quiet = time.thread_time() - loop_quiet
            await keys.key_cycle(pilot, "c")
            loop_busy = time.thread_time()
            PROFILING[0] = round_ > 0
            if sort != "none" and round_ > 0:
                profile.enable()
            busy = await keys.background_ms(keys.SETTLE_SECONDS)
            profile.disable()
            figures.append(max(busy - quiet, 0.0))
            on_loop.append(max(time.thread_time() - loop_busy - loop_quiet, 0.0) * 1000)
            await keys.key_cycle(pilot, "u")
            await keys.settle(pilot)
            await keys.background_ms(keys.SETTLE_SECONDS)
        PROFILING[0] = False
        print(f"after one edit: median {statistics.median(figures):.1f} ms "
              f"({', '.join(f'{figure:.0f}' for figure in figures)}); on the event loop "
              f"{statistics.median(on_loop):.1f} ms")
        if sort != "none":
            limits = [int(limit) if limit.isdigit() else limit for limit in sys.argv[4:]] or [45]
            pstats.Stats(profile).sort_stats(sort).print_stats(*limits)
            print("--- the writer thread ---")
            pstats.Stats(writer).sort_stats(sort).print_stats(*limits)
        app.exit()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), int(sys.argv[2]) if sys.argv[2:] else 3,
                     sys.argv[3] if sys.argv[3:] else "cumulative"))
