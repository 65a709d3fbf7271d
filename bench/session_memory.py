"""Peak memory of a real session, opened as `postmortem FILE` opens it.

The session: from the first frame, F6 through every section to the last; on the Timeline `e`
opens the row editor and escape closes it, on Action Items the same with the action editor;
then the app is left until it is idle (autosave, the review). The figure is the process's peak
RSS (VmHWM) at the end.

measure() runs `postmortem FILE` itself in tmux at 80x24 (bench/run.py's figure). Run as a
script, the same session runs in this process instead, the app built exactly as the command
line builds it (cli/editing.py) and driven headless by Textual's pilot, to find what holds the
memory; it prints one JSON object:

    python bench/session_memory.py FILE.toml [--trace N] [--modules]

--trace N: also trace allocations (tracemalloc: slower, and more memory, so the RSS figures are
then not the session's) and print the N files holding most of what is allocated at the end.
--modules: the number of modules imported at the first frame and at the end, and the packages
that brought the most.
--maps N: the RSS at the end by mapping: the heap and anonymous memory (Python's objects, and
what C and Rust extensions allocate), then the N files mapped (libraries) holding the most.
--frozen: what a full collection frees at the end, in KiB (traced): garbage frozen with the
start (opening.py pauses the collector while the app starts, then freezes what the start made,
garbage included, where no later collection looks) and garbage made since, not yet collected.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import term
from core import peak_rss_kib

# The Action Items screen's editor and the Timeline's: each opened with `e` and closed again.
EDITORS = {"timeline": "EventEditor", "action_items": "ActionEditor"}


def heading_shown(heading: str) -> term.Check:
    """The status line (the top row) names the section: its screen is the one shown."""
    return lambda screen: bool(screen) and screen[0].startswith(f" {heading} ·")


def dialog_shown(screen: term.Screen) -> bool:
    return any("escape: close" in line for line in screen)


def steps() -> list[tuple[str, term.Check]]:
    """The session's keys (tmux key names) and what each must show before the next."""
    from postmortem.document.sections import SECTIONS

    found: list[tuple[str, term.Check]] = []
    for section in SECTIONS[1:]:
        shown = heading_shown(section.heading)
        found.append(("F6", shown))
        if section.key in EDITORS:
            found += [("e", dialog_shown),
                      ("Escape", lambda screen, shown=shown: shown(screen)
                       and not dialog_shown(screen))]
    return found


def measure(tmux: term.Tmux, postmortem: str, toml: Path, first_frame: term.Check,
            env: dict[str, str], cwd: str) -> term.Session:
    """The session in a real terminal: `postmortem TOML` as a user starts it."""
    return tmux.session([postmortem, str(toml)], first_frame, steps(), env=env, cwd=cwd)


def current_rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_as_the_cli_does(path: Path) -> Any:
    """cli/editing.py's _run_app, up to app.run()."""
    from postmortem.cli.editing import _read_or_start, settings_told
    from postmortem.storage import opening

    settings = settings_told()
    opening.pause_collection()
    file = opening.vet(_read_or_start(path, settings))
    from postmortem.app.application import PostmortemApp

    return PostmortemApp(path, file, settings)


async def settle(pilot: Any) -> None:
    from textual._wait import wait_for_idle

    await pilot.pause()
    await wait_for_idle(0.05, 30)


async def open_and_close(pilot: Any, key: str, screen: str) -> None:
    """Press key (which opens a dialog named screen) and escape it; LookupError if it did not
    open."""
    await pilot.press(key)
    await settle(pilot)
    if type(pilot.app.screen).__name__ != screen:
        raise LookupError(f"{key} opened {type(pilot.app.screen).__name__}, not {screen}")
    await pilot.press("escape")
    await settle(pilot)


def module_packages() -> Counter[str]:
    return Counter(name.split(".")[0] for name in sys.modules)


def rss_by_mapping() -> Counter[str]:
    """/proc/self/smaps's Rss, by what is mapped: a file's path, [heap], or [anon]."""
    found: Counter[str] = Counter()
    name = "[anon]"
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and not fields[0].endswith(":"):  # a mapping's first line
                name = fields[5] if len(fields) > 5 else "[anon]"
            elif fields[0] == "Rss:":
                found[name] += int(fields[1])
    return found


def frozen_garbage_kib() -> int:
    """Unfreeze what the start froze, collect everything, and say what that freed (traced:
    tracemalloc must have run from the start)."""
    import gc

    before = tracemalloc.get_traced_memory()[0]
    gc.unfreeze()
    gc.collect()
    return (before - tracemalloc.get_traced_memory()[0]) // 1024


async def session(path: Path, modules: bool, frozen: bool = False) -> dict[str, Any]:
    from postmortem.document.sections import SECTION_KEYS

    app = open_as_the_cli_does(path)
    result: dict[str, Any] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        result["first_frame_rss_kib"] = current_rss_kib()
        result["first_frame_modules"] = len(sys.modules)
        before = module_packages()
        for key in SECTION_KEYS[1:]:
            await pilot.press("f6")
            await settle(pilot)
            if app.current_section != key:
                raise LookupError(f"F6 went to {app.current_section}, not {key}")
            if key in EDITORS:
                await open_and_close(pilot, "e", EDITORS[key])
        await settle(pilot)
        await asyncio.sleep(2.5)  # the autosave's delay and the review after the last key
        await settle(pilot)
        result["end_rss_kib"] = current_rss_kib()
        result["end_modules"] = len(sys.modules)
        if frozen:
            result["frozen_garbage_kib"] = frozen_garbage_kib()
        if modules:
            grown = module_packages() - before
            result["modules_after_first_frame"] = dict(grown.most_common(15))
        app.exit()
    result["peak_rss_kib"] = peak_rss_kib()
    return result


def top_files(snapshot: tracemalloc.Snapshot, count: int) -> list[tuple[str, int]]:
    stats = snapshot.statistics("filename")
    return [(_short(stat.traceback[0].filename), stat.size // 1024) for stat in stats[:count]]


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/src/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--trace", type=int, default=0)
    parser.add_argument("--modules", action="store_true")
    parser.add_argument("--maps", type=int, default=0)
    parser.add_argument("--frozen", action="store_true")
    options = parser.parse_args(argv)
    if options.trace or options.frozen:
        tracemalloc.start()
    result = asyncio.run(session(options.file, options.modules, options.frozen))
    if options.maps:
        maps = rss_by_mapping()
        anonymous = {name: maps.pop(name, 0) for name in ("[heap]", "[anon]")}
        result["rss_by_mapping_kib"] = anonymous | {
            _short(name): kib for name, kib in maps.most_common(options.maps)}
    if options.trace:
        snapshot = tracemalloc.take_snapshot()
        result["traced_kib"] = sum(stat.size for stat in snapshot.statistics("filename")) // 1024
        for name, kib in top_files(snapshot, options.trace):
            print(f"{kib:>8,} KiB  {name}", file=sys.stderr)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
