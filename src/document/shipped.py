"""The files shipped in the postmortem.data package (the demo, the guidance, the severities)."""

from __future__ import annotations

import pkgutil


def shipped_bytes(name: str) -> bytes:
    """A file shipped in postmortem.data, read through its package's loader (pkgutil), not
    importlib.resources: its readers would bring zipfile and more into every session."""
    data = pkgutil.get_data("postmortem.data", name)
    if data is None:  # a loader that cannot read files: not one Python's import system uses
        raise FileNotFoundError(name)
    return data
