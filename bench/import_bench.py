"""`postmortem import` (Markdown -> TOML) as a process, at each size and at 200,000 rows: CPU
time and peak RSS of the process, against issue 15's targets. Part of `make bench`; alone:

    python bench/import_bench.py [--sizes 200,10000,50000] [--big 200000] [--runs 3]

A process's peak RSS is read with wait4 by a small launcher (this file's `process` mode): Linux
keeps the peak of the process that forks across the exec, so the launcher must be small for the
figure to be the import's own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
POSTMORTEM = str(Path(PYTHON).with_name("postmortem"))
BIG = 200_000
TARGET_MS = {10_000: 250.0, BIG: 6_000.0}  # CPU of the import (at 10,000: in-process, core.py)
TARGET_BIG_MIB = 300


def process(argv: list[str]) -> dict[str, Any]:
    """Run argv; its exit code, CPU time (user + system) and peak RSS, its own only."""
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    stderr = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {"exit": child.returncode, "cpu_ms": (usage.ru_utime + usage.ru_stime) * 1000,
            "peak_rss_kib": usage.ru_maxrss,
            "stderr": stderr.decode("utf-8", "replace").strip().splitlines()[-1:]}


def import_once(md: Path, env: dict[str, str]) -> dict[str, Any]:
    out = md.with_name(f"imported-{md.stem}.toml")
    argv = [PYTHON, str(BENCH / "import_bench.py"), "process", POSTMORTEM, "import", str(md),
            "-o", str(out), "--force"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not done.stdout.strip():
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1][:160]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["exit"] != 0:
        return {"error": f"exit {result['exit']}: {' '.join(result['stderr'])}"[:160]}
    return result


def measure(docs: dict[int, Path], env: dict[str, str], runs: int = 3) -> dict[int, Any]:
    """Per size: the median CPU (ms) and the largest peak RSS (KiB) of `runs` imports (one at
    BIG rows and more: seconds each)."""
    results: dict[int, Any] = {}
    for rows, md in docs.items():
        samples = [import_once(md, env) for _ in range(1 if rows >= BIG else runs)]
        errors = [sample["error"] for sample in samples if "error" in sample]
        if errors:
            results[rows] = {"error": errors[0]}
            continue
        results[rows] = {"cpu_ms": statistics.median(s["cpu_ms"] for s in samples),
                         "peak_rss_kib": max(s["peak_rss_kib"] for s in samples)}
    return results


def make_big(folder: Path, rows: int = BIG) -> Path:
    """The Markdown of a `rows`-row document (bench/make_docs.py's content)."""
    import make_docs

    return make_docs.make_document(folder, rows)[1]


def _verdict(value: Any, limit: float) -> str:
    if not isinstance(value, int | float):
        return ""
    return " ✓" if value <= limit else " ✗"


def _cell(figure: Any) -> str:
    if not isinstance(figure, dict) or "error" in figure:
        return str(figure.get("error", "—")) if isinstance(figure, dict) else "—"
    return f"{figure['cpu_ms']:,.0f} ms / {figure['peak_rss_kib'] / 1024:.0f} MiB"


def rows_for(sizes: list[int], results: dict[int, Any]) -> list[str]:
    """The table rows (bench/run.py's By-size table): the process at each size."""
    return ["| import as a process (`postmortem import`, with Python's start: CPU / peak RSS) | "
            + " | ".join(_cell(results.get(rows)) for rows in sizes) + " | |"]


def big_lines(results: dict[int, Any], rows: int = BIG) -> list[str]:
    figure = results.get(rows)
    if not isinstance(figure, dict):
        return []
    if "error" in figure:
        return [f"`postmortem import` of {rows:,} timeline rows: {figure['error']}"]
    cpu, mib = figure["cpu_ms"], figure["peak_rss_kib"] / 1024
    return [f"`postmortem import` of {rows:,} timeline rows (one process): CPU "
            f"**{cpu / 1000:.2f} s** (target ≤ 6 s{_verdict(cpu, TARGET_MS[BIG])}), peak RSS "
            f"**{mib:.0f} MiB** (target ≤ {TARGET_BIG_MIB} MiB{_verdict(mib, TARGET_BIG_MIB)})."]


def main(argv: list[str]) -> int:
    if argv[:1] == ["process"]:
        print(json.dumps(process(argv[1:])))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,10000,50000")
    parser.add_argument("--big", type=int, default=BIG, help="0: no big import")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args(argv)
    sys.path.insert(0, str(BENCH))
    import make_docs

    sizes = [int(size) for size in options.sizes.split(",") if size]
    folder = Path(tempfile.mkdtemp(prefix="pm-bench-import-"))
    began = time.perf_counter()
    try:
        docs = {rows: make_docs.make_document(folder, rows)[1] for rows in sizes}
        if options.big:
            docs[options.big] = make_big(folder, options.big)
        results = measure(docs, dict(os.environ), options.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("| measure | " + " | ".join(f"{rows:,}" for rows in sizes) + " | target |")
    print("| --- | " + " | ".join("---:" for _ in sizes) + " | --- |")
    print("\n".join(rows_for(sizes, results)))
    print()
    print("\n".join(big_lines(results, options.big)))
    print(f"\n({time.perf_counter() - began:.0f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
