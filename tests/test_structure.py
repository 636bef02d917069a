"""The shipped schemas are in step with the models.

Import cycles and the import layers are lint-imports' to check (pyproject.toml's contracts, run by
`make check`), not a test's: a second cycle finder here only ran the same check twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deckgen.schema import json_schema

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("kind", ["deck", "issue", "theme"])
def test_shipped_schemas_match_the_models(kind):
    """schemas/<kind>.schema.json is what `deckgen schema <kind>` prints: editors validate against the real format."""
    shipped = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(kind), (
        f"schemas/{kind}.schema.json is out of date: run deckgen schema {kind} -o schemas/{kind}.schema.json")


def test_every_test_named_slow_exists():
    """A renamed test would silently leave the slow list (and run in make check again): each name is found."""
    from conftest import SLOW

    missing = []
    for name in sorted(SLOW):
        file, function = name.split("::")
        if f"def {function}(" not in (ROOT / "tests" / file).read_text(encoding="utf-8"):
            missing.append(name)
    assert missing == []
