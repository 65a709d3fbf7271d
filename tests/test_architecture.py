"""The house: imports point one way (core ← widgets ← dialogs ← screens ← app ← command line),
no module cycle, the core never touches Textual, and every package ships."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib

import pytest
from layers import (
    ALLOWED_AGAINST_THE_LAYERS,
    CORE_LAYERS,
    LAYERS,
    ROOT,
    SRC,
    against_the_layers,
    cycles,
    import_graph,
    imported_names,
    layer_of,
    module_files,
)

MODULES = module_files()
GRAPH = import_graph(MODULES)
CORE = sorted(module for module in MODULES if layer_of(module) < CORE_LAYERS)


def test_every_module_is_found_and_in_a_layer() -> None:
    assert {"postmortem.document.model", "postmortem.markdown.export",
            "postmortem.storage.session", "postmortem.app.application",
            "postmortem.widgets.fields", "postmortem.screens.base"} <= set(MODULES)
    for module in MODULES:
        layer_of(module)  # raises for a module in no layer


def test_the_scanner_sees_every_form_of_import() -> None:
    source = (
        "import textual\nimport os, textual.app as a\nfrom textual.widgets import Input\n"
        "def f():\n    from postmortem.app.application import run_app\n"
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from postmortem import cli\n"
        "from . import model\nfrom ..storage import session\n"
    )
    names = imported_names(ast.parse(source), "postmortem.document.edits", is_package=False)
    assert sorted(names) == sorted([
        "textual", "os", "textual.app", "textual.widgets", "textual.widgets.Input",
        "typing", "typing.TYPE_CHECKING", "postmortem.document", "postmortem.document.model",
        "postmortem.storage", "postmortem.storage.session", "postmortem.app.application",
        "postmortem.app.application.run_app", "postmortem", "postmortem.cli",
    ])


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(GRAPH) == []


def test_imports_point_one_way() -> None:
    against = against_the_layers(GRAPH)
    described = sorted(f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} "
                       f"({LAYERS[layer_of(target)][0]})"
                       for module, target in against - ALLOWED_AGAINST_THE_LAYERS)
    assert described == []


def test_the_allowed_exceptions_are_all_still_needed() -> None:
    # The list may only shrink: an exception whose import is gone must leave it.
    assert against_the_layers(GRAPH) >= ALLOWED_AGAINST_THE_LAYERS


def test_the_checks_fail_on_a_bad_import() -> None:
    """A deliberate bad import, as a test of the checks themselves: the model reaching up into a
    widget is against the layers, and a widget importing it back closes a cycle."""
    bad = {module: set(targets) for module, targets in GRAPH.items()}
    bad["postmortem.document.model"].add("postmortem.widgets.fields")
    assert ("postmortem.document.model", "postmortem.widgets.fields") in against_the_layers(bad)
    assert any("postmortem.document.model" in cycle and "postmortem.widgets.fields" in cycle
               for cycle in cycles(bad))


def test_every_package_folder_is_in_pyprojects_packages() -> None:
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    folders = {".".join(["postmortem", *init.parent.relative_to(SRC).parts])
               for init in SRC.rglob("__init__.py")}
    assert folders | {"postmortem.data"} == listed
    stylesheets = {".".join(["postmortem", *css.parent.relative_to(SRC).parts])
                   for css in SRC.rglob("*.tcss")}
    shipped_css = {package for package, globs in setuptools["package-data"].items()
                   if "*.tcss" in globs}
    assert stylesheets <= shipped_css


@pytest.mark.parametrize("module", CORE)
def test_core_module_has_no_textual_import_in_its_source(module: str) -> None:
    path = MODULES[module]
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names = imported_names(tree, module, path.name == "__init__.py")
    textual = [name for name in names if name == "textual" or name.startswith("textual.")]
    assert textual == [], f"{module} imports {textual}"


_PROBE = (
    "import importlib, sys\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
)


def _textual_modules_after_importing(modules: list[str]) -> dict[str, str]:
    """Import each module in its own fresh interpreter (a few at a time)."""
    results = {}
    for start in range(0, len(modules), 8):
        running = {
            module: subprocess.Popen([sys.executable, "-c", _PROBE, module], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for module in modules[start:start + 8]
        }
        for module, process in running.items():
            out, err = process.communicate(timeout=120)
            results[module] = (out.strip() if process.returncode == 0
                               else f"failed: {err.strip()}")
    return results


def test_importing_each_core_module_in_a_fresh_interpreter_loads_no_textual() -> None:
    results = _textual_modules_after_importing([*CORE, "textual"])
    assert results.pop("textual").startswith("['textual'")  # the probe does see Textual
    offenders = {module: loaded for module, loaded in results.items() if loaded != "[]"}
    assert offenders == {}
    assert sorted(results) == CORE
