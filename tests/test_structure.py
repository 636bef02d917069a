"""The code's shape: the shipped schemas in step with the models, each package on one import layer.

Import cycles and the import layers themselves are lint-imports' to check (pyproject.toml's contracts, run
by `make check`), not a test's: a second cycle finder here, and a test running lint-imports again, only
did the same work twice."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from deckgen.schema import json_schema

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("kind", ["deck", "issue", "theme"])
def test_shipped_schemas_match_the_models(kind):
    """schemas/<kind>.schema.json is what `deckgen schema <kind>` prints: editors validate against the real format."""
    shipped = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(kind), (
        f"schemas/{kind}.schema.json is out of date: run deckgen schema {kind} -o schemas/{kind}.schema.json"
    )


def test_each_package_sits_on_one_layer():
    """The layers name whole packages and modules: no module of a package is an exception on a layer of its own."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    named = [name.strip() for layer in layers for name in layer.split(":")]
    packages = {p.parent.name for p in (ROOT / "deckgen").glob("*/__init__.py")}
    assert [name for name in named if name.count(".") != 1] == []  # deckgen.translate, never deckgen.translate.xliff
    assert packages <= {name.removeprefix("deckgen.") for name in named}  # and every package is on a layer


def test_every_test_named_slow_exists():
    """A renamed test would silently leave the slow list (and run in make check again): each name is found."""
    from conftest import SLOW

    missing = []
    for name in sorted(SLOW):
        file, function = name.split("::")
        if f"def {function}(" not in (ROOT / "tests" / file).read_text(encoding="utf-8"):
            missing.append(name)
    assert missing == []
