"""pydantic without its plugin discovery: the one place the app reaches into pydantic's private
modules (tests/test_memory.py checks it still fits the pydantic installed).

Building a validator, pydantic asks pydantic.plugin._loader for plugins, and that module imports
importlib.metadata to look them up among the installed distributions' entry points, which brings
email, csv, zipfile and more: ~1.5 MiB in every session, for plugins (observability hooks) that
this program never uses. PYDANTIC_DISABLE_PLUGINS skips the lookup but not the import. So the
loader's module is given, before pydantic first imports it, as one that finds no plugins.
"""

from __future__ import annotations

import sys
from types import ModuleType

LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple[()]:
    return ()


def skip_plugin_discovery() -> None:
    """Make pydantic find no plugins, without importing importlib.metadata to look for them. A
    loader imported already (by someone else in this process) is left as it is."""
    if LOADER in sys.modules:
        return
    loader = ModuleType(LOADER, "pydantic's plugin loader, finding none (postmortem)")
    loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = loader
