"""The package's import graph, read from the source: every `import` and `from … import`, at
module level, inside functions and under `if TYPE_CHECKING:` alike, resolved to the package's
own modules. Used by test_architecture.py; kept apart so that its checks can be shown failing
on a made-up graph."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = "postmortem"

# Lowest first: a module may import modules of its own layer or of a layer before it. The core
# (document, storage, markdown, shelf) is plain Python; everything from widgets on is the app's.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core: the document", ("postmortem", "postmortem.document")),
    ("core: capture", ("postmortem.capture",)),
    ("core: storage", ("postmortem.storage",)),
    ("core: markdown", ("postmortem.markdown",)),
    ("core: the shelf", ("postmortem.shelf",)),
    ("widgets", ("postmortem.widgets",)),
    ("dialogs", ("postmortem.dialogs",)),
    ("screens", ("postmortem.screens",)),
    ("app", ("postmortem.app",)),
    ("command line", ("postmortem.cli", "postmortem.__main__")),
)
CORE_LAYERS = 5
# Imports against the direction of LAYERS that are tolerated for now, as (importer, imported).
# This list may only shrink: remove an entry when its import goes, and never add one.
ALLOWED_AGAINST_THE_LAYERS: frozenset[tuple[str, str]] = frozenset()

Graph = dict[str, set[str]]


def module_files() -> dict[str, Path]:
    """Every module of the package, by its dotted name."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([PACKAGE, *parts])] = path
    return found


def imported_names(tree: ast.AST, module: str, is_package: bool) -> list[str]:
    """The absolute names every import statement in tree names, wherever it stands; for
    `from a import b`, both a and a.b (b may be a module or a name in a)."""
    package = module if is_package else module.rpartition(".")[0]
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                base = f"{anchor}.{base}" if base else anchor
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
    return names


def resolve(name: str, modules: Iterable[str]) -> str | None:
    """The package's module that name is, or is inside of (a.b.Class -> a.b)."""
    known = set(modules)
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph(files: Mapping[str, Path] | None = None) -> Graph:
    files = files if files is not None else module_files()
    graph: Graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        targets = set()
        for name in imported_names(tree, module, path.name == "__init__.py"):
            if name == PACKAGE or name.startswith(PACKAGE + "."):
                target = resolve(name, files)
                if target is not None and target != module:
                    targets.add(target)
        graph[module] = targets
    return graph


def layer_of(module: str) -> int:
    """The index in LAYERS of the most specific prefix that module falls under."""
    best, best_length = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = module == prefix or module.startswith(prefix + ".")
            if inside and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    if best < 0:
        raise ValueError(f"{module} is in no layer: add its package to LAYERS")
    return best


def against_the_layers(graph: Graph) -> set[tuple[str, str]]:
    return {(module, target) for module, targets in graph.items() for target in targets
            if layer_of(target) > layer_of(module)}


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
