"""Core timings for one document, in a process of its own; prints one JSON object.

    python bench/core.py times FILE.toml FILE.md     load, save, export, import (median ms;
                                                     CPU time, but wall time for save)
    python bench/core.py memory FILE.toml            peak RSS of open + save + export (KiB)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def median_ms(action: Callable[[], object], budget: float = 1.5, least: int = 3,
              most: int = 25, clock: Callable[[], float] = time.process_time) -> float:
    """Median time of action in ms, after one warm-up call, within about budget seconds.
    CPU time by default: the other work on a shared machine does not inflate it."""
    action()
    samples: list[float] = []
    spent = 0.0
    while len(samples) < least or (spent < budget and len(samples) < most):
        start = clock()
        action()
        took = clock() - start
        samples.append(took * 1000)
        spent += took
    return statistics.median(samples)


def importer_available() -> bool:
    try:
        import postmortem.markdown.importer  # noqa: F401
    except ModuleNotFoundError as error:
        if error.name == "postmortem.markdown.importer":
            return False
        raise
    return True


def times(toml_path: Path, md_path: Path) -> dict[str, Any]:
    from postmortem.markdown.export import export_markdown
    from postmortem.storage.toml_file import load, save

    result: dict[str, Any] = {"load_ms": median_ms(lambda: load(toml_path))}
    document = load(toml_path)
    with tempfile.TemporaryDirectory(prefix="pm-bench-save-") as folder:
        target = Path(folder) / "saved.toml"
        # wall time: a save waits for the disk (fsync), and that is part of it
        result["save_ms"] = median_ms(lambda: save(document, target), clock=time.perf_counter)
        result["export_ms"] = median_ms(lambda: export_markdown(document))
        if importer_available():
            from postmortem.cli import main

            output = Path(folder) / "imported.toml"

            def run_import() -> None:
                with contextlib.redirect_stdout(io.StringIO()), \
                        contextlib.redirect_stderr(io.StringIO()):
                    code = main(["import", str(md_path), "-o", str(output), "--force"])
                if code not in (0, None):
                    raise RuntimeError(f"postmortem import exited with {code}")

            try:
                result["import_ms"] = median_ms(run_import)
            except Exception as error:  # the importer is young: report, do not stop the bench
                result["import_ms"] = f"error: {type(error).__name__}: {error}"[:120]
        else:
            result["import_ms"] = "n/a"
    return result


def memory(toml_path: Path) -> dict[str, Any]:
    from postmortem.markdown.export import export_markdown
    from postmortem.storage.toml_file import load, save

    document = load(toml_path)
    with tempfile.TemporaryDirectory(prefix="pm-bench-mem-") as folder:
        save(document, Path(folder) / "saved.toml")
    export_markdown(document)
    return {"peak_rss_kib": peak_rss_kib()}


def peak_rss_kib() -> int:
    """This process's peak RSS. Not ru_maxrss: Linux carries that across exec, so a child
    would report its parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> int:
    if argv[:1] == ["times"] and len(argv) == 3:
        result = times(Path(argv[1]), Path(argv[2]))
    elif argv[:1] == ["memory"] and len(argv) == 2:
        result = memory(Path(argv[1]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip teardown: nothing left to flush, and it is not part of any figure


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
