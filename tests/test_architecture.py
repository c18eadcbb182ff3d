"""The package's layering, read from the source: every import counts, function-level too.

CONTRIBUTING.md draws the map; these tests keep the code on it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "compiler"
STAGES = ("load", "lint", "edit", "generate", "compile", "plan", "runtime", "report", "cli")
#: Modules at the top of the package that any stage may import.
LEAVES = {"findings", "codes", "atomic", "secrets", "pointer", "resources", "catalog",
          "placeholders", "scanner", "datefmt", "odata"}


def _module_name(path: Path) -> tuple[str, bool]:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


@cache
def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name, is_package = _module_name(path)
        found[name] = (path, is_package)
    return found


def _targets(node: ast.ImportFrom | ast.Import, name: str, is_package: bool) -> Iterator[str]:
    modules = _modules()
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith("sage200cfg."):
                yield alias.name.removeprefix("sage200cfg.")
        return
    if node.level == 0:
        if not (node.module or "").startswith("sage200cfg"):
            return
        base = (node.module or "").removeprefix("sage200cfg").lstrip(".")
    else:
        here = name.split(".") if is_package else name.split(".")[:-1]
        keep = len(here) - (node.level - 1)
        assert keep >= 0, f"{name}: relative import beyond the package"
        base = ".".join([*here[:keep], *([node.module] if node.module else [])])
    submodules = [f"{base}.{a.name}".lstrip(".") for a in node.names]
    named = [m for m in submodules if m in modules]
    yield from named
    if len(named) < len(submodules):
        yield base


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module -> the package modules it imports anywhere in its body."""
    out = {}
    for name, (path, is_package) in _modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = {
            target
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for target in _targets(node, name, is_package)
        }
        out[name] = frozenset(t for t in found if t in _modules() and t != name)
    return out


def _cycle_from(start: str, edges: dict[str, frozenset[str]]) -> list[str] | None:
    stack, on_path = [(start, iter(sorted(edges[start])))], [start]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_path.pop()
        elif child in on_path:
            return [*on_path[on_path.index(child):], child]
        elif len(on_path) < 64:
            stack.append((child, iter(sorted(edges[child]))))
            on_path.append(child)
    return None


def _stage(module: str) -> str:
    return module.split(".")[0]


def test_the_graph_sees_function_level_imports() -> None:
    # cli modules import their libraries inside the command functions.
    assert "compile.runner" in graph()["cli.compile_cmd"]
    assert "load.yaml_safe" in graph()["load.documents"]


def test_no_import_cycles() -> None:
    edges = graph()
    cycles = [c for m in sorted(edges) if (c := _cycle_from(m, edges)) is not None]
    assert cycles == []


def test_at_most_twelve_top_level_modules() -> None:
    top = [p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")]
    assert len(top) <= 12, sorted(top)


@pytest.mark.parametrize("forbidden", ["load", "lint", "compile", "generate", "edit", "cli"])
def test_runtime_imports_nothing_from_the_config_side(forbidden: str) -> None:
    offenders = {
        (module, target)
        for module, targets in graph().items()
        if _stage(module) == "runtime"
        for target in targets
        if _stage(target) == forbidden
    }
    assert offenders == set()


def test_nothing_imports_the_cli() -> None:
    offenders = {
        (module, target)
        for module, targets in graph().items()
        if _stage(module) not in ("cli", "__main__")
        for target in targets
        if _stage(target) == "cli"
    }
    assert offenders == set()


def test_plan_depends_only_on_leaves() -> None:
    outside = {
        target
        for module, targets in graph().items()
        if _stage(module) == "plan"
        for target in targets
        if _stage(target) != "plan"
    }
    assert {_stage(t) for t in outside} <= LEAVES


def test_leaves_import_no_stage() -> None:
    offenders = {
        (module, target)
        for module, targets in graph().items()
        if _stage(module) in LEAVES
        for target in targets
        if _stage(target) in STAGES
    }
    assert offenders == set()


def _package_of(module: str) -> str:
    return module if _modules()[module][1] else module.rpartition(".")[0]


def test_no_private_module_is_imported_from_another_package() -> None:
    offenders = {
        (module, target)
        for module, targets in graph().items()
        for target in targets
        if target.rsplit(".", 1)[-1].startswith("_")
        and target.rpartition(".")[0] != _package_of(module)
    }
    assert offenders == set()


def test_contributing_maps_every_package_and_top_level_module() -> None:
    """CONTRIBUTING.md's map names each stage package and each shared leaf."""
    text = (PACKAGE.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    packages = [p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    modules = [p.name for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__")]
    missing = [f"{name}/" for name in packages if f"`{name}/`" not in text]
    missing += [name for name in modules if f"`{name}`" not in text]
    assert missing == []
