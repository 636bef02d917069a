"""The code's shape: schemas in step with the models, no import cycles, the import layers kept."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from deckgen.schema import json_schema

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "deckgen"


@pytest.mark.parametrize("kind", ["deck", "issue", "theme"])
def test_shipped_schemas_match_the_models(kind):
    """schemas/<kind>.schema.json is what `deckgen schema <kind>` prints: editors validate against the real format."""
    shipped = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(kind), (
        f"schemas/{kind}.schema.json is out of date: run deckgen schema {kind} -o schemas/{kind}.schema.json")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Return the deckgen modules PATH imports, at the top or inside functions alike."""
    found = set()
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([package.rsplit(".", node.level - 1)[0]] + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in modules}
    return found


def test_no_module_imports_a_module_that_imports_it_back():
    """Data flows one way: no cycle among deckgen's modules, counting imports inside functions too."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}
    # a package's __init__ is imported on the way to its modules; only its own imports count as edges
    cycles = []
    state: dict[str, int] = {}

    def visit(name: str, stack: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(stack[stack.index(target):] + [target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.skipif(shutil.which("lint-imports", path=str(Path(sys.executable).parent)) is None,
                    reason="import-linter is in the dev extra")
def test_import_layers_are_kept():
    """cli > translate > build > prepare > render > plan > load > assets > locale/theme > content > files > errors."""
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]


def test_each_package_sits_on_one_layer():
    """The layers name whole packages and modules: no module of a package is an exception on a layer of its own."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    named = [name.strip() for layer in layers for name in layer.split(":")]
    packages = {p.parent.name for p in (ROOT / "deckgen").glob("*/__init__.py")}
    assert [name for name in named if name.count(".") != 1] == []  # deckgen.translate, never deckgen.translate.xliff
    assert packages <= {name.removeprefix("deckgen.") for name in named}  # and every package is on a layer
