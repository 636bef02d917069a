"""Golden plans of the shipped decks: any change to what a slide shows, or where, shows as a diff.

Each plan is summarised as JSON (slide kinds and titles; per element its kind,
box, text, sizes, chart bars) and compared with tests/golden/<name>.json. After
an intended change, rewrite them and review the diff like any other change:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from deckgen.plan.planner import PlanOptions
from deckgen.plan.specs import ChartSpec, OverviewSpec, Paragraph, PictureSpec, RectSpec, TableSpec, TextSpec
from deckgen.prepare import prepare

ROOT = Path(__file__).parents[1]
GOLDEN = ROOT / "tests" / "golden"
DECKS = {
    "en": (ROOT / "content" / "en", PlanOptions()),
    "ru": (ROOT / "content" / "ru", PlanOptions()),
    "kk": (ROOT / "content" / "kk", PlanOptions()),
    "en-report": (ROOT / "content" / "en", PlanOptions(format="report")),
    "ru-report": (ROOT / "content" / "ru", PlanOptions(format="report")),
    "kk-report": (ROOT / "content" / "kk", PlanOptions(format="report")),
    "long": (ROOT / "tests" / "fixtures" / "long", PlanOptions()),
    "annex": (ROOT / "tests" / "fixtures" / "annex", PlanOptions(annex=True)),
    "en-overview-draft": (ROOT / "content" / "en", PlanOptions(draft=True)),
    "en-overview-draft-report": (ROOT / "content" / "en", PlanOptions(draft=True, format="report")),
}


def _box(box) -> str:
    """Return BOX on one line of the golden file: "x48 y91 w864 h30"."""
    return " ".join(
        f"{axis}{value:g}"
        for axis, value in zip(
            "xywh", (round(box.left, 1), round(box.top, 1), round(box.width, 1), round(box.height, 1))
        )
    )


def _paragraphs(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    return [(f"{p.bullet} " if p.bullet else "") + p.text for p in paragraphs]


def _sizes(paragraphs: tuple[Paragraph, ...]) -> str:
    return " ".join(f"{size:g}pt" for size in sorted({round(run.size, 1) for p in paragraphs for run in p.runs}))


def element_summary(element) -> dict:
    """Return what a reviewer needs to see of one planned element."""
    if isinstance(element, TextSpec):
        return {
            "text": _paragraphs(element.paragraphs),
            "sizes": _sizes(element.paragraphs),
            "role": element.role,
            "box": _box(element.box),
        }
    if isinstance(element, ChartSpec):
        return {
            "chart": [[bar.label, bar.count] for bar in element.bars],
            "caption": element.total_text,
            "alt": element.alt_text,
            "box": _box(element.box),
        }
    if isinstance(element, OverviewSpec):
        return {
            "overview": [
                [row.label, row.total_text, [[s.label, s.count] for s in row.segments]] for row in element.rows
            ],
            "alt": element.alt_text,
            "box": _box(element.box),
        }
    if isinstance(element, TableSpec):
        return {
            "table": [[" / ".join(_paragraphs(cell.paragraphs)) for cell in row] for row in element.rows],
            "columns": " ".join(f"{w:.1f}" for w in element.column_widths),
            "box": _box(element.box),
        }
    if isinstance(element, PictureSpec):
        return {"picture": element.path.name, "alt": element.alt_text, "box": _box(element.box)}
    if isinstance(element, RectSpec):
        return {"rect": element.fill, "box": _box(element.box)}
    raise AssertionError(f"no summary for {type(element).__name__}")


def plan_summary(content: Path, options: PlanOptions) -> list[dict]:
    """Return the planned deck of CONTENT as plain data, slide by slide."""
    plan = prepare(content, ROOT / "assets", options).plan
    return [
        {
            "kind": slide.kind,
            "title": slide.title_text,
            "title_sizes": _sizes(slide.title.paragraphs),
            "elements": [element_summary(e) for e in slide.elements],
            "notes": slide.notes,
        }
        for slide in plan.slides
    ]


@pytest.mark.parametrize("name", sorted(DECKS))
def test_plan_matches_its_golden_file(name, tmp_path, monkeypatch):
    content, options = DECKS[name]
    if "overview-draft" in name:  # the overview is opted into in deck.yaml
        import shutil

        content = shutil.copytree(content, tmp_path / "content")
        with open(content / "deck.yaml", "a", encoding="utf-8") as deck:
            deck.write("overview: true\n")
    actual = plan_summary(content, options)
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert golden.is_file(), f"no {golden.relative_to(ROOT)}: run with UPDATE_GOLDEN=1 and review it"
    assert actual == json.loads(golden.read_text(encoding="utf-8"))
