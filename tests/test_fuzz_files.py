"""Fuzzing: thousands of mutated TOML files and Markdown documents (tests/fuzzing.py) through
the commands a user runs on them, `fmt --check`, `export`, `check` and `import`. Whatever a
file holds: no traceback, an exit code of 0, 1 or 2, no run over 10 s, and the file itself
unchanged. What `import` writes passes `fmt --check` and exports.

The seed is fixed, so a failure repeats; POSTMORTEM_FUZZ=20000 runs that many of each kind
(2,000 by default) and POSTMORTEM_FUZZ_SEED another seed. A failing input is kept in the test's
temporary folder, named in the failure."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fuzzing import markdown_seeds, mutate_bytes, mutate_markdown, mutate_toml_data, toml_seeds

from postmortem import cli

COUNT = int(os.environ.get("POSTMORTEM_FUZZ", "2000"))
SEED = int(os.environ.get("POSTMORTEM_FUZZ_SEED", "13"))
SLOW = 10.0  # seconds: no run may take longer
SAMPLE = 6  # of each kind, also run as real processes


@dataclass
class Outcome:
    code: int | str
    stderr: str
    seconds: float


@dataclass
class Findings:
    """What the runs found wrong, and how far the inputs got (so the fuzzing is known to reach
    past the first check)."""

    folder: Path
    problems: list[str] = field(default_factory=list)
    codes: dict[str, list[int | str]] = field(default_factory=dict)

    def check(self, name: str, data: bytes, args: list[str], outcome: Outcome) -> None:
        self.codes.setdefault(args[0], []).append(outcome.code)
        wrong = []
        if outcome.code not in (0, 1, 2):
            wrong.append(f"exit {outcome.code}")
        if "Traceback" in outcome.stderr:
            wrong.append("a traceback")
        if outcome.seconds > SLOW:
            wrong.append(f"{outcome.seconds:.1f} s")
        if wrong:
            self.keep(name, data, f"{' '.join(args)}: {', '.join(wrong)}: "
                                  f"{outcome.stderr.strip()[-300:]}")

    def keep(self, name: str, data: bytes, problem: str) -> None:
        kept = self.folder / f"failed-{name}"
        kept.write_bytes(data)
        self.problems.append(f"{kept}: {problem}")

    def assert_none(self) -> None:
        assert not self.problems, f"{len(self.problems)} problems:\n" + "\n".join(
            self.problems[:20])


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """For thousands of runs in one process: the command line's parser built once (argparse
    spends most of a small run looking up translations), and no waiting for the disk on each
    file `import` writes (fsync: durability, which these tests do not look at)."""
    monkeypatch.setattr(cli, "_parser", functools.cache(cli._parser))
    monkeypatch.setattr(os, "fsync", lambda descriptor: None)


def run_in_process(args: list[str]) -> Outcome:
    """postmortem ARGS as the command line runs it, here: quicker than thousands of processes."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code: int | str = cli.main(args)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 2
    except BaseException as error:  # noqa: BLE001  -- what the user would see as a traceback
        code, err = "raised", io.StringIO(f"Traceback: {type(error).__name__}: {error}")
    return Outcome(code, err.getvalue(), time.perf_counter() - start)


def run_as_process(args: list[str]) -> Outcome:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "postmortem", *args], capture_output=True,
                            text=True, timeout=60)
    return Outcome(result.returncode, result.stderr, time.perf_counter() - start)


def toml_mutants(count: int, seed: int) -> Iterator[bytes]:
    """Half byte-level changes (mostly broken TOML), half changes of values (valid TOML)."""
    rng = random.Random(seed)
    seeds = toml_seeds()
    made = 0
    while made < count:
        base = rng.choice(seeds)
        mutant = mutate_bytes(base, rng) if made % 2 else mutate_toml_data(base, rng)
        if mutant is not None:
            made += 1
            yield mutant


def markdown_mutants(count: int, seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    seeds = markdown_seeds()
    for _ in range(count):
        yield mutate_markdown(rng.choice(seeds), rng)


def unchanged(path: Path, action: Callable[[], None]) -> bool:
    before = path.read_bytes(), path.stat().st_mtime_ns
    action()
    return (path.read_bytes(), path.stat().st_mtime_ns) == before


def fuzz_toml(data: bytes, name: str, folder: Path, findings: Findings,
              run: Callable[[list[str]], Outcome]) -> None:
    path = folder / name
    path.write_bytes(data)

    def commands() -> None:
        for args in (["fmt", "--check", str(path)], ["export", str(path)],
                     ["check", str(path)]):
            findings.check(name, data, args, run(args))

    if not unchanged(path, commands):
        findings.keep(name, data, "the file changed")
    path.unlink()


def fuzz_markdown(data: bytes, name: str, folder: Path, findings: Findings,
                  run: Callable[[list[str]], Outcome], follow: bool) -> None:
    """Import; when follow, check that what was written is canonical and exports."""
    path = folder / name
    path.write_bytes(data)
    target = path.with_suffix(".toml")
    outcome = Outcome(-1, "", 0.0)

    def importing() -> None:
        nonlocal outcome
        args = ["import", str(path), "-o", str(target)]
        outcome = run(args)
        findings.check(name, data, args, outcome)

    if not unchanged(path, importing):
        findings.keep(name, data, "the file changed")
    if outcome.code == 0 and follow:
        for args in (["fmt", "--check", str(target)], ["export", str(target)]):
            after = run(args)
            findings.check(name, data, args, after)
            if after.code != 0:
                findings.keep(name, data, f"after import, {args[0]} exits {after.code}: "
                                          f"{after.stderr.strip()[-300:]}")
    path.unlink()
    target.unlink(missing_ok=True)


@pytest.mark.usefixtures("quick")
def test_mutated_toml_files_never_crash_hang_or_change(tmp_path: Path) -> None:
    findings = Findings(tmp_path)
    for number, data in enumerate(toml_mutants(COUNT, SEED)):
        fuzz_toml(data, f"{number}.toml", tmp_path, findings, run_in_process)
    findings.assert_none()
    # The fuzzing reaches past the parser: some files are read whole, some are not.
    exports = findings.codes["export"]
    assert len(exports) == COUNT
    assert exports.count(0) > COUNT // 10 and exports.count(2) > COUNT // 10


@pytest.mark.usefixtures("quick")
def test_mutated_markdown_documents_never_crash_hang_or_change(tmp_path: Path) -> None:
    findings = Findings(tmp_path)
    for number, data in enumerate(markdown_mutants(COUNT, SEED)):
        fuzz_markdown(data, f"{number}.md", tmp_path, findings, run_in_process,
                      follow=number % 4 == 0)
    findings.assert_none()
    imports = findings.codes["import"]
    assert len(imports) == COUNT
    assert imports.count(0) > COUNT // 2 and imports.count(2) > 0


@pytest.mark.parametrize("kind", ["toml", "md"])
def test_a_sample_of_mutants_as_real_processes(tmp_path: Path, kind: str) -> None:
    findings = Findings(tmp_path)
    if kind == "toml":
        for number, data in enumerate(toml_mutants(SAMPLE, SEED + 1)):
            fuzz_toml(data, f"{number}.toml", tmp_path, findings, run_as_process)
    else:
        for number, data in enumerate(markdown_mutants(SAMPLE, SEED + 1)):
            fuzz_markdown(data, f"{number}.md", tmp_path, findings, run_as_process,
                          follow=False)
    findings.assert_none()
