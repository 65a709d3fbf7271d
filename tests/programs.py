"""Programs some tests drive (a browser, other shells): found on PATH, or the test is skipped
with the reason on a developer's machine. In CI (CI=true), where .ci/run installs them all, a
missing one fails the test instead: a skip there would hide a broken install step."""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(found: object, what: str) -> None:
    """Skip (fail in CI) with a clear reason unless found is truthy."""
    if found:
        return
    message = f"{what} (.ci/run installs it)"
    if in_ci():
        pytest.fail(f"missing in CI: {message}")
    pytest.skip(message)


def program(name: str, package: str) -> str:
    """The path of a program, or skip (fail in CI) saying which Debian package brings it."""
    path = shutil.which(name)
    require(path, f"{name} not found: apt-get install {package}")
    assert path is not None
    return path
