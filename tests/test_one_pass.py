"""The type scale chosen in one planning pass is the one counting every size chooses.

plan.together counts body sizes smallest first and stops at the first size that needs more
slides than the best; EXHAUSTIVE counts every size, as deckgen did before. The decks planned
either way must be the same, on the shipped sets and on generated decks of every length.
"""

from __future__ import annotations

import copy
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckgen.errors import ContentError
from deckgen.load import load_sets
from deckgen.plan import together
from deckgen.plan.planner import PlanOptions
from deckgen.prepare import plan_sets

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"
sys.path.insert(0, str(ROOT))

from bench.generate import vary  # noqa: E402


def planned(folder: Path, options: PlanOptions, exhaustive: bool):
    """Return the plans of FOLDER's sets with OPTIONS (or the problem that stops them), one way or the other."""
    together.EXHAUSTIVE = exhaustive
    try:
        sets = load_sets(folder, ASSETS, siblings=True)
        return [p.plan for p in plan_sets(sets, options)]
    except ContentError as error:
        return error.format_message()
    finally:
        together.EXHAUSTIVE = False


@pytest.fixture
def counted_sizes(monkeypatch) -> list[float]:
    """Record the body sizes the slides are counted at."""
    sizes: list[float] = []
    real = together._count

    def counting(contexts, plans, title, body):
        sizes.append(body)
        return real(contexts, plans, title, body)

    monkeypatch.setattr(together, "_count", counting)
    return sizes


@pytest.mark.parametrize("deck_format", ["report", "statement"])
@pytest.mark.parametrize("folder", ["content", "content/en", "tests/fixtures/long"])
def test_the_shipped_sets_get_the_scale_every_size_would_give(folder, deck_format, counted_sizes):
    options = PlanOptions(format=deck_format)
    one_pass = planned(ROOT / folder, options, exhaustive=False)
    counted_once = len(counted_sizes)
    assert one_pass == planned(ROOT / folder, options, exhaustive=True)
    # never more sizes counted than every size; as many only when every size has as many slides
    assert counted_once <= len(counted_sizes) - counted_once


def test_counting_stops_at_the_first_size_with_more_slides(counted_sizes):
    planned(ROOT / "content", PlanOptions(format="report"), exhaustive=False)
    # content: 13 at 17 pt (the 10 slides of each deck plus their text bands), more at 18 pt
    assert counted_sizes == [17.0, 18.0]


TEMPLATES = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "content/en/issues").glob("*.yaml"))]


def _longer(text: str, times: int) -> str:
    return " ".join([text.rstrip(".;:")] * times) + "." if times > 1 else text


@st.composite
def decks(draw) -> list[dict]:
    """Return issues made from content/en's: findings repeated, texts made longer, recommendations dropped."""
    issues = []
    for k in range(draw(st.integers(1, 4))):
        issue = vary(TEMPLATES[draw(st.integers(0, len(TEMPLATES) - 1))], k, draw(st.integers(1, 3)))
        times = draw(st.integers(1, 4))
        for finding in issue["review"]["findings"]:
            finding["points"] = [_longer(p, times) for p in finding.get("points", [])] or finding.pop("points", None)
            if finding["points"] is None:
                del finding["points"]
        kept = draw(st.integers(1, len(issue["recommendations"])))
        issue["recommendations"] = [copy.deepcopy(r) for r in issue["recommendations"][:kept]]
        issue.pop("script", None)  # a script of the issue's own sentences: the longer texts are not in it
        issue.pop("headline", None)
        issues.append(issue)
    return issues


def _write(folder: Path, issues: list[dict], deck_format: str) -> None:
    (folder / "issues").mkdir(parents=True)
    deck = (ROOT / "content/en/deck.yaml").read_text(encoding="utf-8")
    (folder / "deck.yaml").write_text(re.sub(r"^format:.*$", f"format: {deck_format}", deck, flags=re.M), "utf-8")
    for k, issue in enumerate(issues, 1):
        text = yaml.safe_dump(issue, allow_unicode=True, sort_keys=False, width=10_000)
        (folder / "issues" / f"{k:02d}-issue.yaml").write_text(text, encoding="utf-8")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(issues=decks(), deck_format=st.sampled_from(["report", "statement"]))
def test_generated_decks_get_the_scale_every_size_would_give(issues, deck_format):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "en"
        _write(folder, issues, deck_format)
        one_pass = planned(folder, PlanOptions(), exhaustive=False)
        assert one_pass == planned(folder, PlanOptions(), exhaustive=True)
        shutil.rmtree(folder)
