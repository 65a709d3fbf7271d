"""The opening part of `make bench` alone: first frame and first key, demo and by size.

    python bench/opening.py [--runs N] [--sizes 200,10000,50000] [--against POSTMORTEM]
                            [--memory]

Prints bench/run.py's two first-frame tables (the floor app and the demo side by side, then
each size); writes nothing. A minute or two, where the whole bench takes several. With
--against, another install's `postmortem` (e.g. main's) is measured in the same runs,
interleaved, and compared: the A/B a busy machine allows. With --memory, also the peak RSS of
a whole session at each size (bench/session_memory.py), of both with --against.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_docs  # noqa: E402
import run  # noqa: E402
import session_memory  # noqa: E402
import term  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="first-frame runs (default 10)")
    parser.add_argument("--sizes", default=",".join(str(s) for s in make_docs.SIZES))
    parser.add_argument("--against", help="another postmortem command to compare with")
    parser.add_argument("--memory", action="store_true",
                        help="also the peak RSS of a whole session at each size")
    options = parser.parse_args(argv)
    sizes = [int(size) for size in options.sizes.split(",")]
    run.precompile()
    results = run.Results(machine=run.machine_info(), sizes=sizes)
    folder = Path(tempfile.mkdtemp(prefix="pm-bench-open-"))
    pane_env = {"TMPDIR": str(folder), "XDG_STATE_HOME": str(folder / "state"),
                "XDG_DATA_HOME": str(folder / "data"), "XDG_CACHE_HOME": str(folder / "cache")}
    if "PYTHONPATH" in os.environ:
        pane_env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    other: dict[int, list[tuple[float, float, float]]] = {}
    memory: dict[int, list[str]] = {}
    try:
        with term.Tmux() as tmux:
            run.startup(tmux, options.runs, pane_env, results)
            for rows in sizes:
                toml, _ = make_docs.make_document(folder, rows)
                results.per_size[rows] = run.open_to_frame(tmux, toml, rows, pane_env,
                                                            runs=options.runs)
                if options.against:
                    other[rows] = _frames(tmux, options.against, toml, rows, pane_env,
                                          options.runs)
                if options.memory:
                    memory[rows] = _session_peaks(tmux, toml, rows, pane_env, options.against)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    lines = run.table(results).splitlines()
    end = next((i for i, line in enumerate(lines) if line.startswith("| open: first key's")),
               len(lines) - 1)
    print("\n".join(["- " + line for line in results.machine] + [""] + lines[:end + 1]))
    if other:
        print(f"\n{options.against}, the same documents (wall / CPU / first key, medians):\n")
        for rows, samples in other.items():
            wall, cpu, key = (statistics.median(column) for column in zip(*samples, strict=True))
            print(f"- {rows:,} rows: {wall:,.0f} ms / {cpu:,.0f} ms / {key:,.0f} ms")
    for rows, peaks in memory.items():
        print(f"- {rows:,} rows, peak RSS of a whole session: " + "; ".join(peaks))
    return 0


def _session_peaks(tmux: term.Tmux, toml: Path, rows: int, env: dict[str, str],
                   against: str | None) -> list[str]:
    """Peak RSS of a whole session, this install's postmortem (and against's), interleaved."""
    commands = {"this": run.POSTMORTEM} | ({"against": against} if against else {})
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    for _ in range(3):
        for name, command in commands.items():
            copy = toml.with_name(f"session-{toml.name}")
            shutil.copyfile(toml, copy)
            check = term.shows(make_docs.incident_id(rows), copy.name, bottom_row=True)
            session = session_memory.measure(tmux, command, copy, check, env, str(run.ROOT))
            peaks[name].append((session.peak_rss_kib or 0) // 1024)
    return [f"{name} {statistics.median(values)} MiB (runs: {values})"
            for name, values in peaks.items()]


def _frames(tmux: term.Tmux, command: str, toml: Path, rows: int, env: dict[str, str],
            runs: int) -> list[tuple[float, float, float]]:
    samples = []
    for _ in range(runs):
        copy = toml.with_name(f"against-{toml.name}")
        shutil.copyfile(toml, copy)
        check = term.shows(make_docs.incident_id(rows), copy.name, bottom_row=True)
        frame = tmux.first_frame([command, str(copy)], check, env=env, key=run.FIRST_KEY)
        samples.append((frame.seconds * 1000, (frame.cpu_seconds or 0) * 1000,
                        (frame.key_seconds or 0) * 1000))
    return samples


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
