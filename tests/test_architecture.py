"""The package's shape, read from the source: layers that only import downwards, no circles, few top modules.

Every import counts — at module level, inside a function, or under `if TYPE_CHECKING:` — because each is
a tie in the design all the same. The layers are the picture of `docs/ARCHITECTURE.md`.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "gongjian"

# Lower numbers are lower layers; a module may import its own package or a strictly lower layer.
LAYERS = {
    "i18n": 0,
    "locale": 0,
    "errors": 1,
    "vocab": 1,
    "privacy": 0,  # imports nothing of gongjian: errors mask what a message repeats with it
    "paths": 1,
    "reading": 2,
    "writing": 3,
    "store": 3,
    "roster": 4,
    "projects": 5,
    "tickets": 5,
    "assessment": 5,
    "records": 6,
    "ledger": 7,
    "importing": 8,
    "reports": 8,
    "merge": 9,
    "demo": 9,
    "cli": 10,
    "__main__": 11,
}


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str) -> set[str]:
    path = MODULES[module]
    base = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            stem = node.module or ""
            if node.level:
                anchor = base
                for _ in range(node.level - 1):
                    anchor = anchor.rpartition(".")[0]
                stem = f"{anchor}.{node.module}" if node.module else anchor
            targets = [f"{stem}.{a.name}" for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] == "gongjian":
                resolved = _resolve(target)
                if resolved and resolved != module:
                    found.add(resolved)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "gongjian"


def test_every_module_belongs_to_a_layer():
    assert {_part(m) for m in MODULES} - {"gongjian"} <= set(LAYERS)


def test_no_import_climbs_a_layer():
    climbing = sorted(
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _part(module) != _part(target)
        and _part(target) != "gongjian"
        and LAYERS[_part(target)] >= LAYERS[_part(module)]
    )
    assert climbing == []


def test_no_import_cycles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert cycles == []


def test_at_most_twelve_modules_directly_in_the_package():
    top = sorted(p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= 12, top


def test_the_ledger_is_composed_not_inherited():
    from gongjian.ledger import Ledger

    assert len(Ledger.__mro__) <= 3
    assert [c.__name__ for c in Ledger.__mro__] == ["Ledger", "object"]


def test_the_domain_never_prints():
    domain = (
        "store",
        "roster",
        "records",
        "tickets",
        "projects",
        "assessment",
        "reading",
        "reports",
        "ledger",
    )
    printing = sorted(
        module
        for module, path in MODULES.items()
        if _part(module) in domain and "print(" in path.read_text(encoding="utf-8")
    )
    assert printing == []
