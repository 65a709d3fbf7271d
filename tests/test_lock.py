"""The development lock (requirements-dev.txt, what `make` installs from) pins every package
pyproject.toml asks for, its extras included: a dependency added to pyproject.toml without
`make lock` would be missing on a clean machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
            for requirement in requirements}


def test_the_lock_pins_every_dependency_and_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = names(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        wanted |= names(extra)
    pinned = {line.split("==")[0].lower().replace("_", "-")
              for line in (ROOT / "requirements-dev.txt").read_text("utf-8").splitlines()
              if "==" in line and not line.startswith("#")}
    assert wanted - pinned == set()
