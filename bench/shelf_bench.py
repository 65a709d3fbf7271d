"""The shelf's part of `make bench`: a shelf of 1,000 generated post-mortems opening to its
first frame (cold and warm index) beside the editor's first frame on the demo, the search's CPU
per key at 10,000 post-mortems, and `postmortem actions` over 10,000 files, warm.

Called by run.py, which owns the tmux server and the temporary folder.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import make_docs
import make_shelf
import term

SMALL, LARGE = 1_000, 10_000
ACTION_RUNS = 5
# Targets: the shelf's first frame against the editor's on the demo; search per key; actions.
COLD_RATIO, WARM_RATIO, KEY_MS, ACTIONS_SECONDS = 2.0, 1.2, 30.0, 1.0


def measure(tmux: term.Tmux | None, runs: int, env: dict[str, str], pane_env: dict[str, str],
            folder: Path, python: str, postmortem: str) -> dict[str, Any]:
    """Every figure of the shelf; tmux is None where there is no terminal to time frames in."""
    result: dict[str, Any] = {}
    small, large = folder / "shelf-1k", folder / "shelf-10k"
    started = time.perf_counter()
    make_shelf.write_shelf(small, SMALL)
    make_shelf.write_shelf(large, LARGE)
    result["generate_10k_s"] = (time.perf_counter() - started) * LARGE / (SMALL + LARGE)
    cache = Path(env["XDG_CACHE_HOME"])
    result["index_cold_10k_s"] = _timed([postmortem, "list", str(large)], env)[0]
    _timed([postmortem, "list", str(small)], env)  # the 1,000 shelf's index, warm
    if tmux is not None:
        result |= _first_frames(tmux, runs, pane_env, small, cache, postmortem)
    result["keys"] = _worker(python, "shelf_keys.py", str(large), env=env)
    walls, cpus = zip(*(_timed([postmortem, "actions", str(large)], env)
                        for _ in range(ACTION_RUNS)), strict=True)
    result["actions_wall_s"] = statistics.median(walls)
    result["actions_cpu_s"] = statistics.median(cpus)
    return result


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (the process's own, user and system) of one run of argv."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _first_frames(tmux: term.Tmux, runs: int, pane_env: dict[str, str], small: Path,
                  cache: Path, postmortem: str) -> dict[str, Any]:
    """Interleaved runs: the editor on the demo, the shelf with its index warm, and the shelf
    with a cache folder of its own, empty (cold). A first frame is the shelf drawn whole: the
    status line, the search box, the table's header and the footer; warm, the rows too."""
    demo = make_docs.demo_data()["incident"]["id"]
    checks = {
        "demo": ([postmortem, "demo"], term.shows(demo, "demo.toml", bottom_row=True)),
        "warm": ([postmortem, str(small)], term.shows(f"{SMALL:,} post-mortems", "INC-",
                                                       "palette", bottom_row=True)),
        "cold": ([postmortem, str(small)], term.shows("Shelf", "Incident", "Search every",
                                                       "palette", bottom_row=True)),
    }
    frames: dict[str, list[tuple[float, float]]] = {name: [] for name in checks}
    for number in range(runs + 2):  # two warm-ups
        for name, (argv, check) in checks.items():
            env = dict(pane_env)
            if name == "cold":
                env["XDG_CACHE_HOME"] = str(cache.parent / f"cold-{number}")
            frame = tmux.first_frame(argv, check, env=env, cwd=str(small.parent))
            if number >= 2:
                frames[name].append((frame.seconds * 1000, (frame.cpu_seconds or 0) * 1000))
            if name == "cold":
                shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    env = dict(pane_env, XDG_CACHE_HOME=str(cache.parent / "cold-whole"))
    whole = tmux.first_frame(checks["cold"][0], term.shows(f"{SMALL:,} post-mortems ·"),
                             env=env, cwd=str(small.parent), timeout=120)
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    return {"frames": {name: {"wall": statistics.median(wall for wall, _ in samples),
                              "cpu": statistics.median(cpu for _, cpu in samples)}
                       for name, samples in frames.items()},
            "cold_all_listed_ms": whole.seconds * 1000}


def _worker(python: str, script: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run([python, str(Path(__file__).with_name(script)), *args],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{script} failed: {tail}"[:200]}
    answer: dict[str, Any] = json.loads(lines[-1])
    return answer


# --- the table ---------------------------------------------------------------------------------

def _ms(value: Any) -> str:
    if not isinstance(value, int | float):
        return "—"
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _check(value: float, limit: float) -> str:
    return "✓" if value <= limit else "✗"


def table(shelf: dict[str, Any]) -> list[str]:
    out = ["## The shelf (generated post-mortems: bench/make_shelf.py)", ""]
    frames = shelf.get("frames")
    if frames:
        demo = frames["demo"]
        out += ["| first complete frame (tmux 80×24) | median | CPU to first frame | "
                "ratio to the demo (wall / CPU) | target |",
                "| --- | ---: | ---: | ---: | --- |",
                f"| `postmortem demo` (the editor) | {_ms(demo['wall'])} | {_ms(demo['cpu'])} "
                "| 1.00× / 1.00× | |"]
        for name, label, limit in (("cold", "shelf of 1,000, cold index (empty cache)",
                                    COLD_RATIO),
                                   ("warm", "shelf of 1,000, warm index", WARM_RATIO)):
            wall = frames[name]["wall"] / demo["wall"]
            cpu = frames[name]["cpu"] / demo["cpu"]
            out.append(f"| {label} | {_ms(frames[name]['wall'])} | {_ms(frames[name]['cpu'])} "
                       f"| {wall:.2f}× / {cpu:.2f}× | ≤ {limit}× {_check(max(wall, cpu), limit)}"
                       " |")
        out += ["", "Cold, the first frame shows the shelf as the index is read on a thread "
                "(\"reading 40 of 1,000 files\"), the rows filling in; every one of the 1,000 "
                f"was listed after {_ms(shelf.get('cold_all_listed_ms'))}. Warm, the first "
                "frame holds the rows. Medians of interleaved runs after 2 warm-ups.", ""]
    else:
        out += ["First frames not measured (no tmux).", ""]
    keys = shelf.get("keys", {})
    out += ["| measure at 10,000 post-mortems | median | p95 | target |",
            "| --- | ---: | ---: | --- |"]
    app, core = keys.get("app"), keys.get("core")
    if isinstance(app, dict) and isinstance(core, dict):
        out += [f"| search: a key typed in the search box, CPU (search, table, matched words, "
                f"drawing) | {_ms(app['median'])} | {_ms(app['p95'])} | ≤ {KEY_MS:.0f} ms "
                f"{_check(app['p95'], KEY_MS)} |",
                f"| search: the index's query alone, CPU | {_ms(core['median'])} | "
                f"{_ms(core['p95'])} | |"]
    else:
        out.append(f"| search per key | {keys.get('error', '—')} | | |")
    actions_cpu, actions_wall = shelf.get("actions_cpu_s", 0.0), shelf.get("actions_wall_s", 0.0)
    out += [f"| `postmortem actions` over 10,000 files, warm index: CPU (wall) | "
            f"{actions_cpu:.2f} s ({actions_wall:.2f} s) | | ≤ 1 s "
            f"{_check(actions_cpu, ACTIONS_SECONDS)} |",
            f"| index built from nothing, 10,000 files (`postmortem list`, wall) | "
            f"{shelf.get('index_cold_10k_s', 0.0):.1f} s | | |",
            f"| generating the 10,000 files (TOML text written directly, wall) | "
            f"{shelf.get('generate_10k_s', 0.0):.1f} s | | |",
            "", "Search keys: the shelf app headless at 80×24 under Textual's pilot, CPU of the "
            "whole process per key less the pilot's idle cost, over three queries typed a key "
            "at a time. `actions`: CPU of the process (user + system), median of "
            f"{ACTION_RUNS} runs; its wall time moves with whatever else the machine runs.", ""]
    return out


if __name__ == "__main__":
    print(__doc__, file=sys.stderr)
    raise SystemExit(2)
