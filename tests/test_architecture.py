"""The core stands alone: no module directly in src/ except app.py and __main__.py imports
Textual, checked in the source and by importing each module in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
NOT_CORE = {"app.py", "__main__.py"}
CORE = sorted(path for path in SRC.glob("*.py") if path.name not in NOT_CORE)
# Packages that are the app's; the core may reach them only from inside a function.
APP_PACKAGES = ("postmortem.app", "postmortem.screens", "postmortem.widgets")


def module_name(path: Path) -> str:
    return "postmortem" if path.stem == "__init__" else f"postmortem.{path.stem}"


def imports(tree: ast.AST, *, at_import_time: bool) -> list[str]:
    """Absolute names of the modules imported; with at_import_time, only those run on import
    (not inside a function, not under `if TYPE_CHECKING:`)."""
    found: list[str] = []

    def visit(node: ast.AST) -> None:
        if not at_import_time:
            pass
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "postmortem" if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            found.append(module)
            found.extend(f"{module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_the_core_modules_are_found() -> None:
    names = {path.stem for path in CORE}
    assert {"model", "text", "metrics", "storage", "export", "cli", "errors"} <= names
    assert not names & {"app", "__main__"}


def test_the_import_scanner_sees_every_form_of_import() -> None:
    source = (
        "import textual\nimport os, textual.app as a\nfrom textual.widgets import Input\n"
        "def f():\n    from postmortem.app import run_app\n"
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from postmortem import app\n"
        "from . import screens\n"
    )
    tree = ast.parse(source)
    assert imports(tree, at_import_time=False) == [
        "textual", "os", "textual.app", "textual.widgets", "textual.widgets.Input",
        "postmortem.app", "postmortem.app.run_app", "typing", "typing.TYPE_CHECKING",
        "postmortem", "postmortem.app", "postmortem", "postmortem.screens"]
    assert "postmortem.app" not in imports(tree, at_import_time=True)
    assert "postmortem.screens" in imports(tree, at_import_time=True)


@pytest.mark.parametrize("path", CORE, ids=lambda path: path.name)
def test_core_module_has_no_textual_import_in_its_source(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    textual = [name for name in imports(tree, at_import_time=False)
               if name == "textual" or name.startswith("textual.")]
    assert textual == [], f"{path.name} imports {textual}"
    app = [name for name in imports(tree, at_import_time=True)
           if any(name == pkg or name.startswith(pkg + ".") for pkg in APP_PACKAGES)]
    assert app == [], f"{path.name} imports the app's {app} when it is imported"


_PROBE = (
    "import importlib, sys\n"
    "importlib.import_module(sys.argv[1])\n"
    "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
)


def _textual_modules_after_importing(modules: list[str]) -> dict[str, str]:
    """Import each module in its own fresh interpreter (all running at once)."""
    running = {
        module: subprocess.Popen([sys.executable, "-c", _PROBE, module], cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for module in modules
    }
    results = {}
    for module, process in running.items():
        out, err = process.communicate(timeout=60)
        results[module] = out.strip() if process.returncode == 0 else f"failed: {err.strip()}"
    return results


def test_importing_each_core_module_in_a_fresh_interpreter_loads_no_textual() -> None:
    modules = [module_name(path) for path in CORE]
    results = _textual_modules_after_importing([*modules, "textual"])
    assert results.pop("textual").startswith("['textual'")  # the probe does see Textual
    offenders = {module: loaded for module, loaded in results.items() if loaded != "[]"}
    assert offenders == {}
    assert sorted(results) == sorted(modules)
