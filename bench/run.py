"""`make bench`: how fast postmortem starts, types and handles big documents.

Measures, in one run and side by side with a minimal Textual app (the floor):
  1. time from process start to the first complete frame in a real terminal (tmux, 80x24),
     median of RUNS runs after warm-up, and the ratio to the floor app; CPU time including any
     child process; the first key, typed the moment the frame shows, shown on screen;
  2. CPU time per keystroke (bench/keys.py) at 200, 10,000 and 50,000 timeline rows, and
     Textual's own floor for the keys that open a dialog (bench/dialog_floor.py);
  3. open (first frame, and load alone), save, export and import times, and peak memory;
     `postmortem import` as a process at each size and at 200,000 rows (bench/import_bench.py);
  4. the shelf (bench/shelf_bench.py): first frame of 1,000 post-mortems, cold and warm index,
     beside the editor's on the demo; search per key and `actions` at 10,000;
  5. the keyboard flow (bench/flow.py): keys that are not content per field, typing the demo.
Prints a table and writes it to bench/results.md. Takes about four minutes.

    python bench/run.py [--runs N] [--sizes 200,2000,10000] [--big-import 200000] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import floor_app  # noqa: E402
import flow  # noqa: E402
import import_bench  # noqa: E402
import make_docs  # noqa: E402
import session_memory  # noqa: E402
import shelf_bench  # noqa: E402
import term  # noqa: E402

PYTHON = sys.executable
POSTMORTEM = str(Path(PYTHON).with_name("postmortem"))
RESULTS = BENCH / "results.md"
MIB = 1024
# Typed the moment the first frame shows (into the Title, where the cursor starts): the time
# until it shows is when the app first answers a key.
FIRST_KEY = "Z"
# Issue 15: the first frame's CPU time, as a multiple of the floor's, by document size.
OPEN_CPU_TARGETS = {200: 1.3, 10_000: 1.5, 50_000: 2.5}


@dataclass
class Results:
    machine: list[str] = field(default_factory=list)
    startup: dict[str, list[float]] = field(default_factory=dict)
    startup_cpu: dict[str, list[float]] = field(default_factory=dict)
    startup_rss: dict[str, int | None] = field(default_factory=dict)
    startup_key: list[float] = field(default_factory=list)  # the demo's first key, from start
    startup_error: str | None = None
    sizes: list[int] = field(default_factory=list)
    per_size: dict[int, dict[str, Any]] = field(default_factory=dict)
    shelf: dict[str, Any] = field(default_factory=dict)
    flow: list[str] = field(default_factory=list)  # the keyboard-flow figure's lines
    imports: dict[int, Any] = field(default_factory=dict)  # import_bench.measure, by rows
    dialog_floor: dict[str, Any] = field(default_factory=dict)  # bench/dialog_floor.py's
    seconds: float = 0.0


# --- machine ---------------------------------------------------------------------------------

def machine_info() -> list[str]:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
        ram = f"{memory / 1024:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        ram = "RAM unknown"
    import textual

    tmux = "tmux missing"
    if term.available():
        tmux = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    try:
        load = "load average {:.1f} / {:.1f} / {:.1f} at the start (1, 5, 15 min)".format(
            *os.getloadavg())
    except OSError:
        load = "load average unknown"
    return [
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {_commit()}",
        load,
        f"{cpu}, {os.cpu_count()} cores, {ram}",
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"Textual {textual.__version__}, {tmux}",
    ]


def _commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return out + (" + uncommitted changes in src/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


# --- workers ---------------------------------------------------------------------------------

def worker(script: str, *args: str, env: dict[str, str], timeout: float = 300) -> dict[str, Any]:
    """Run bench/SCRIPT in a fresh process; its last stdout line is a JSON object."""
    try:
        done = subprocess.run([PYTHON, str(BENCH / script), *args], capture_output=True,
                              text=True, timeout=timeout, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"error": f"{script} timed out after {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{script} failed: {tail}"[:200]}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def startup(tmux: term.Tmux, runs: int, env: dict[str, str], results: Results) -> None:
    demo = make_docs.demo_data()
    floor_cmd = ([PYTHON, str(BENCH / "floor_app.py")], term.shows(floor_app.TEXT))
    app_cmd = ([POSTMORTEM, "demo"],
               term.shows(demo["incident"]["id"], "demo.toml", bottom_row=True))
    commands = {"floor": floor_cmd, "postmortem": app_cmd}
    keys = {"floor": None, "postmortem": FIRST_KEY}
    for name, (argv, check) in commands.items():  # warm-up: file cache, .pyc files
        for _ in range(2):
            tmux.first_frame(argv, check, env=env, cwd=str(ROOT))
        results.startup[name] = []
        results.startup_cpu[name] = []
    for _ in range(runs):  # interleaved, so both see the same machine
        for name, (argv, check) in commands.items():
            frame = tmux.first_frame(argv, check, env=env, cwd=str(ROOT), key=keys[name])
            results.startup[name].append(frame.seconds * 1000)
            if frame.key_seconds is not None:
                results.startup_key.append(frame.key_seconds * 1000)
            if frame.cpu_seconds is not None:
                results.startup_cpu[name].append(frame.cpu_seconds * 1000)
            results.startup_rss[name] = frame.peak_rss_kib


def open_to_frame(tmux: term.Tmux, toml: Path, rows: int, env: dict[str, str],
                  runs: int = 3) -> dict[str, Any]:
    """The first frame and first key of the document, and the floor app's CPU time to its
    first frame in runs interleaved with these (the ratio's other side, on the same machine
    at the same moment: a busy machine's load changes from minute to minute). make bench
    runs as many as for the demo: with 3, the floor's median alone moved the 200-row ratio
    from the demo's 1.34x to 1.52x (its CPU 281 ms there, 314 ms in the demo's runs)."""
    frames, floor_cpu = [], []
    for _ in range(runs):
        copy = toml.with_name(f"open-{toml.name}")
        shutil.copyfile(toml, copy)
        check = term.shows(make_docs.incident_id(rows), copy.name, bottom_row=True)
        frames.append(tmux.first_frame([POSTMORTEM, str(copy)], check, env=env, cwd=str(ROOT),
                                       key=FIRST_KEY))
        floor = tmux.first_frame([PYTHON, str(BENCH / "floor_app.py")],
                                 term.shows(floor_app.TEXT), env=env, cwd=str(ROOT))
        if floor.cpu_seconds is not None:
            floor_cpu.append(floor.cpu_seconds * 1000)
    cpu = [frame.cpu_seconds * 1000 for frame in frames if frame.cpu_seconds is not None]
    keys = [frame.key_seconds / frame.seconds for frame in frames if frame.key_seconds]
    return {
        "floor_cpu_ms": statistics.median(floor_cpu) if floor_cpu else None,
        "open_frame_ms": statistics.median(frame.seconds * 1000 for frame in frames),
        "open_key_ms": statistics.median(frame.key_seconds * 1000 for frame in frames
                                         if frame.key_seconds) if keys else None,
        "open_key_ratio": statistics.median(keys) if keys else None,
        "open_frame_cpu_ms": statistics.median(cpu) if cpu else None,
        "app_rss_kib": max(frame.peak_rss_kib or 0 for frame in frames) or None,
    }


def session_rss(tmux: term.Tmux, toml: Path, rows: int, env: dict[str, str],
                runs: int = 2) -> dict[str, Any]:
    """Peak RSS of `postmortem FILE` over a session that visits every section and editor
    (bench/session_memory.py): the largest of a few runs."""
    peaks = []
    for _ in range(runs):
        copy = toml.with_name(f"session-{toml.name}")
        shutil.copyfile(toml, copy)
        check = term.shows(make_docs.incident_id(rows), copy.name, bottom_row=True)
        peaks.append(session_memory.measure(tmux, POSTMORTEM, copy, check, env,
                                            str(ROOT)).peak_rss_kib or 0)
    return {"session_rss_kib": max(peaks) or None}


# --- the run ---------------------------------------------------------------------------------

def precompile() -> None:
    """Write the package's bytecode, as any install does, so that no measured start compiles
    source (PYTHONDONTWRITEBYTECODE, or files edited since the last run, would make it)."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("postmortem")
    for folder in list(spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=1)


def run(runs: int, sizes: list[int], big_import: int = import_bench.BIG) -> Results:
    began = time.perf_counter()
    precompile()
    results = Results(machine=machine_info(), sizes=sizes)
    folder = Path(tempfile.mkdtemp(prefix="pm-bench-"))
    env = dict(os.environ)
    env.update(TMPDIR=str(folder), XDG_STATE_HOME=str(folder / "state"),
               XDG_DATA_HOME=str(folder / "data"), XDG_CACHE_HOME=str(folder / "cache"))
    pane_env = {name: env[name] for name in ("TMPDIR", "XDG_STATE_HOME", "XDG_DATA_HOME",
                                             "XDG_CACHE_HOME", "PYTHONPATH") if name in env}
    try:
        docs = {}
        for rows in sizes:
            _say(f"making a {rows:,}-row document")
            docs[rows] = make_docs.make_document(folder, rows)
            results.per_size[rows] = {}
        if term.available():
            try:
                with term.Tmux() as tmux:
                    _say(f"first frame: floor app and postmortem demo, {runs} runs each")
                    startup(tmux, runs, pane_env, results)
                    for rows in sizes:
                        _say(f"first frame: {rows:,}-row document")
                        results.per_size[rows].update(
                            open_to_frame(tmux, docs[rows][0], rows, pane_env, runs=runs))
                        _say(f"a whole session's memory: {rows:,}-row document")
                        results.per_size[rows].update(
                            session_rss(tmux, docs[rows][0], rows, pane_env))
                    _say("the shelf: 1,000 and 10,000 post-mortems")
                    results.shelf = shelf_bench.measure(tmux, runs, env, pane_env, folder,
                                                        PYTHON, POSTMORTEM)
            except term.TmuxError as error:
                results.startup_error = str(error)
        else:
            results.startup_error = "tmux is not installed"
        if not results.shelf:
            _say("the shelf, without first frames")
            results.shelf = shelf_bench.measure(None, runs, env, pane_env, folder / "no-tmux",
                                                PYTHON, POSTMORTEM)
        for rows in sizes:
            toml, md = docs[rows]
            _say(f"load, save, export, import, memory: {rows:,} rows")
            results.per_size[rows].update(worker("core.py", "times", str(toml), str(md),
                                                 env=env))
            memory = worker("core.py", "memory", str(toml), env=env)
            results.per_size[rows]["core_rss_kib"] = memory.get("peak_rss_kib", memory.get(
                "error"))
            _say(f"keystrokes: {rows:,} rows")
            copy = folder / f"keys-{rows}.toml"
            shutil.copyfile(toml, copy)
            results.per_size[rows]["keys"] = worker("keys.py", str(copy), env=env)
        _say("Textual's floor for a dialog")
        results.dialog_floor = worker("dialog_floor.py", "--no-footer", env=env)
        _say("`postmortem import` as a process" + (f", and at {big_import:,} rows"
                                                     if big_import else ""))
        imports = {rows: docs[rows][1] for rows in sizes}
        if big_import:
            imports[big_import] = import_bench.make_big(folder, big_import)
        results.imports = import_bench.measure(imports, env)
        _say("keyboard flow: typing the demo into a new file")
        results.flow = keyboard_flow(env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results.seconds = time.perf_counter() - began
    return results


def keyboard_flow(env: dict[str, str]) -> list[str]:
    """bench/flow.py's figure (run apart: it drives the app in its own process)."""
    done = subprocess.run([PYTHON, str(BENCH / "flow.py"), "--no-write"], env=env,
                          capture_output=True, text=True)
    lines = done.stdout.rstrip("\n").splitlines()
    if done.returncode:
        lines += ["", f"**bench/flow.py failed (exit {done.returncode}):**", "", "```",
                  *done.stderr.strip().splitlines()[-20:], "```"]
    return lines


def _say(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


# --- the table -------------------------------------------------------------------------------

def _ms(value: Any) -> str:
    if isinstance(value, int | float):
        return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"
    return str(value) if value is not None else "—"


def _mib(kib: Any) -> str:
    return f"{kib / MIB:.0f} MiB" if isinstance(kib, int | float) else str(kib or "—")


def _key(keys: dict[str, Any], name: str) -> str:
    if "error" in keys:
        return "error"
    figure = keys.get(name)
    if not isinstance(figure, dict):
        return "n/a"
    return f"{figure['median']:.1f} / {figure['p95']:.1f}"


# Each key kind measured (bench/keys.py, bench/key_kinds.py), as the table names it.
KEY_KINDS = (
    ("timeline_down", "key: ↓ in the timeline table"),
    ("timeline_j", "key: j in the timeline table"),
    ("type_textarea", "key: typing in a TextArea (Executive Summary)"),
    ("type_input", "key: typing in an Input (Incident title)"),
    ("type_row_editor", "key: typing in the timeline's row editor"),
    ("type_action_editor", "key: typing in the action editor"),
    ("type_list_item", "key: typing a list item (contributing factors)"),
    ("type_wizard_because", "key: typing in the 5-Whys wizard's Because"),
    ("timeline_edit", "key: timeline duplicate / undo (c, u)"),
    ("timeline_open_editor", "key: timeline a / e (opens the row editor)"),
    ("row_editor_enter", "key: row editor enter (next field)"),
    ("timeline_add", "key: timeline add (ctrl+n in the row editor)"),
    ("timeline_edit_row", "key: timeline edit (ctrl+n in the row editor)"),
    ("timeline_delete", "key: timeline delete (d)"),
    ("timeline_undo", "key: timeline undo (u) of an add, edit or delete"),
    ("grid_p", "key: action grid p (priority)"),
    ("grid_s", "key: action grid s (status)"),
    ("grid_open_editor", "key: action grid e (opens the action editor)"),
    ("grid_save", "key: action editor ctrl+n (save)"),
    ("grid_undo", "key: action grid u (undo the save)"),
    ("list_keep", "key: list item enter (keep it)"),
)


def _key_verdict(figures: list[Any]) -> str:
    """✓ when the key kind is within its target (CPU median ≤ 8 ms and p95 ≤ 16 ms) at every
    size; nothing when a size was not measured."""
    if not figures or not all(isinstance(figure, dict) for figure in figures):
        return ""
    good = all(figure["median"] <= 8 and figure["p95"] <= 16 for figure in figures)
    return " ✓" if good else " ✗"


def _verdict(value: Any, limit: float) -> str:
    if not isinstance(value, int | float):
        return ""
    return " ✓" if value <= limit else " ✗"


def table(results: Results) -> str:
    out = ["## First complete frame (tmux 80×24, from process start)", ""]
    if results.startup_error and not results.startup.get("postmortem"):
        out += [f"Not measured: {results.startup_error}", ""]
    else:
        out += ["| app | median | min | max | CPU to first frame | peak RSS |",
                "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for name, label in (("floor", "floor: Textual hello world (bench/floor_app.py)"),
                            ("postmortem", "`postmortem demo`")):
            samples = results.startup[name]
            cpu = results.startup_cpu.get(name) or []
            out.append(f"| {label} | {_ms(statistics.median(samples))} | {_ms(min(samples))} "
                       f"| {_ms(max(samples))} | {_ms(statistics.median(cpu) if cpu else None)} "
                       f"| {_mib(results.startup_rss.get(name))} |")
        ratio = (statistics.median(results.startup["postmortem"])
                 / statistics.median(results.startup["floor"]))
        runs = len(results.startup["floor"])
        out += ["", f"Ratio to the floor: **{ratio:.2f}×** (target ≤ 1.5×"
                f"{_verdict(ratio, 1.5)}); median of {runs} interleaved runs after 2 warm-ups."]
        if results.startup_cpu.get("floor") and results.startup_cpu.get("postmortem"):
            cpu_ratio = (statistics.median(results.startup_cpu["postmortem"])
                         / statistics.median(results.startup_cpu["floor"]))
            out += [f"By CPU time, child processes included (the same runs; steadier when "
                    f"other work shares the machine): **{cpu_ratio:.2f}×** (target ≤ 1.3×"
                    f"{_verdict(cpu_ratio, 1.3)})."]
        if results.startup_key:
            key = statistics.median(results.startup_key)
            key_ratio = key / statistics.median(results.startup["postmortem"])
            out += [f"First key (typed the moment the frame shows) on screen {_ms(key)} after "
                    f"the start: **{key_ratio:.2f}×** the first frame's time (target ≤ 1.5×"
                    f"{_verdict(key_ratio, 1.5)})."]
        out.append("")
        if results.startup_error:
            out += [f"Incomplete: {results.startup_error}", ""]

    sizes = results.sizes
    per = results.per_size
    last = sizes[-1]
    out += ["## By document size (timeline rows)", "",
            "| measure | " + " | ".join(f"{rows:,}" for rows in sizes) + " | target |",
            "| --- | " + " | ".join("---:" for _ in sizes) + " | --- |"]

    def row(label: str, cells: list[str], target: str = "") -> None:
        out.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

    def figure(name: str) -> list[str]:
        return [_ms(per[rows].get(name, "—")) for rows in sizes]

    row("open: process start to first frame (tmux, median)", figure("open_frame_ms"),
        f"≤ 1 s{_verdict(per[last].get('open_frame_ms'), 1000)}")
    row("open: CPU time to that first frame (child processes included)",
        figure("open_frame_cpu_ms"))
    if any(per[rows].get("floor_cpu_ms") for rows in sizes):
        cpu_ratios = [_ratio(per[rows].get("open_frame_cpu_ms"), per[rows].get("floor_cpu_ms"))
                      for rows in sizes]
        row("open: that CPU time / the floor's (hello world, runs interleaved)",
            [f"{ratio:.2f}×" if ratio else "—" for ratio in cpu_ratios],
            "; ".join(f"≤ {limit}× at {rows:,}{_verdict(ratio, limit)}"
                      for rows, ratio in zip(sizes, cpu_ratios, strict=True)
                      if (limit := OPEN_CPU_TARGETS.get(rows))))
    row("open: first key on screen, from the start (typed at the first frame)",
        figure("open_key_ms"))
    key_ratios = [per[rows].get("open_key_ratio") for rows in sizes]
    row("open: first key's time / first frame's time",
        [f"{ratio:.2f}×" if ratio else "—" for ratio in key_ratios],
        f"≤ 1.5×{_verdict(max((r for r in key_ratios if r), default=None), 1.5)}")
    row("open: load alone (read, parse, validate; CPU)", figure("load_ms"))
    row("save (canonical TOML, atomic, fsync; wall)", figure("save_ms"),
        f"≤ 150 ms{_verdict(per[last].get('save_ms'), 150)}")
    row("export (Markdown; CPU)", figure("export_ms"),
        f"≤ 50 ms{_verdict(per[last].get('export_ms'), 50)}")
    at = per.get(10_000, {}).get("import_ms")
    row("import (`postmortem import`, Markdown → TOML; CPU, in-process)", figure("import_ms"),
        f"≤ 250 ms at 10,000 rows{_verdict(at, import_bench.TARGET_MS[10_000])}")
    out.extend(import_bench.rows_for(sizes, results.imports))
    row("peak RSS: open + save + export", [_mib(per[r].get("core_rss_kib")) for r in sizes],
        f"≤ 60 MiB{_verdict(_as_mib(per[last].get('core_rss_kib')), 60)}")
    row("peak RSS: app at first frame", [_mib(per[r].get("app_rss_kib")) for r in sizes],
        f"≤ 60 MiB{_verdict(_as_mib(per[last].get('app_rss_kib')), 60)}")
    sessions = [_as_mib(per[r].get("session_rss_kib")) for r in sizes]
    row("peak RSS: a whole session (`postmortem FILE` in tmux; F6 through every section, "
        "each editor opened and closed)", [_mib(per[r].get("session_rss_kib")) for r in sizes],
        f"≤ 60 MiB at 10,000 rows{_verdict(_at(sizes, sessions, 10_000), 60)}")
    keys = {rows: per[rows].get("keys", {}) for rows in sizes}
    row("peak RSS: app after the keystroke run (Timeline open)",
        [_mib(keys[r].get("peak_rss_kib")) for r in sizes],
        f"≤ 60 MiB{_verdict(_as_mib(keys[last].get('peak_rss_kib')), 60)}")
    for name, label in KEY_KINDS:
        row(f"{label}, CPU ms median / p95", [_key(keys[r], name) for r in sizes],
            f"≤ 8 / 16 ms{_key_verdict([keys[r].get(name) for r in sizes])}")
    row("after a 30-key typing burst: debounced work, CPU",
        [_ms(keys[r].get("after_typing_ms")) for r in sizes])
    row("open the Timeline screen (wall / CPU)",
        [_pair(keys[r].get("timeline_open_ms")) for r in sizes])
    after_edit = [keys[r].get("after_edit_ms") for r in sizes]
    row("after one row edit: background CPU (autosave, recovery copy)",
        [_ms(value) for value in after_edit], f"≤ 20 ms{_verdict(after_edit[-1], 20)}")
    preview = [keys[r].get("preview_ms") or {} for r in sizes]
    row("F3 preview: first screen (wall / CPU)",
        [_pair(value) if value else "—" for value in preview],
        f"≤ 500 ms at 10,000 rows{_verdict(preview_at(sizes, preview, 10_000), 500)}")
    row("F3 preview: escape answered (wall)", [_ms(value.get("escape_wall", "—"))
                                               for value in preview])
    errors = sorted({f"{rows:,} rows: {value}" for rows in sizes
                     for key, value in {**per[rows], **keys[rows]}.items()
                     if key.endswith("error") or (isinstance(value, str)
                                                  and value.startswith("error"))})
    out += ["", "Keystrokes: CPU time of the whole process (time.process_time) per key, including "
            "the screen update it causes, less the pilot's own idle cost; the app runs headless "
            "at 80×24 under Textual's pilot. Times are medians."]
    out.extend(dialog_floor_lines(results.dialog_floor))
    big = [rows for rows in results.imports if rows not in sizes]
    if big:
        out += ["", *import_bench.big_lines(results.imports, big[0])]
    if errors:
        out += ["", "Problems:", ""] + [f"- {error}" for error in errors]
    out += ["", *shelf_bench.table(results.shelf)]
    if results.flow:
        out += ["", flow.block(results.flow)]
    return "\n".join(out).rstrip("\n") + "\n"


# bench/dialog_floor.py's kinds, as the sentence names them
DIALOG_FLOOR_KINDS = (("open (new)", "opening a new one"), ("open (kept)", "the same one again"),
                      ("enter (next field)", "enter to the next Input"), ("close", "escape"))


def dialog_floor_lines(floor: dict[str, Any]) -> list[str]:
    """Textual's own cost of the dialog keys, for the dialog kinds above to be read against."""
    if not floor:
        return []
    if "error" in floor:
        return ["", f"Textual's floor for a dialog not measured: {floor['error']}"]
    figures = ", ".join(f"{label} {_key(floor, kind)}" for kind, label in DIALOG_FLOOR_KINDS)
    return ["", "Textual's own floor for the dialog keys (bench/dialog_floor.py: a tiny app "
                "pushing a ModalScreen with three Inputs over one Static, measured as the keys "
                f"are), CPU ms median / p95: {figures}."]


def _at(sizes: list[int], figures: list[Any], rows: int) -> Any:
    """The figure at the size a target names, else at the largest size."""
    return figures[sizes.index(rows) if rows in sizes else -1]


def preview_at(sizes: list[int], preview: list[dict[str, Any]], rows: int) -> Any:
    """The preview's wall time at the size the target names (else at the largest size)."""
    return preview[sizes.index(rows) if rows in sizes else -1].get("wall")


def _ratio(value: Any, floor: Any) -> float | None:
    if isinstance(value, int | float) and isinstance(floor, int | float) and floor:
        return value / floor
    return None


def _pair(value: Any) -> str:
    if not isinstance(value, dict):
        return "n/a"
    return f"{_ms(value['wall'])} / {_ms(value['cpu'])}"


def _as_mib(kib: Any) -> float | None:
    return kib / MIB if isinstance(kib, int | float) else None


def report(results: Results) -> str:
    head = ["# Benchmark results", "", "`make bench` (bench/run.py) on:", ""]
    head += [f"- {line}" for line in results.machine]
    head += [f"- whole run: {results.seconds:.0f} s", ""]
    return "\n".join(head) + "\n" + table(results)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="first-frame runs (default 10)")
    parser.add_argument("--sizes", default=",".join(str(s) for s in make_docs.SIZES))
    parser.add_argument("--no-write", action="store_true", help="do not write results.md")
    parser.add_argument("--big-import", type=int, default=import_bench.BIG,
                        help="rows of the one big `postmortem import` measured (0: none)")
    options = parser.parse_args(argv)
    sizes = [int(size) for size in options.sizes.split(",")]
    text = report(run(options.runs, sizes, options.big_import))
    print(text)
    if not options.no_write:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
