"""Charts drawn as slide shapes: their counts and labels are text in every language, with language tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from deckgen.build import BuildOptions, build_decks
from deckgen.plan.specs import ChartSpec
from deckgen.prepare import prepare

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"
TAGS = {"en": "en-US", "ru": "ru-RU", "kk": "kk-KZ"}


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    """content/ built in its three languages."""
    out = tmp_path_factory.mktemp("decks")
    results = build_decks(ROOT / "content", out, BuildOptions(assets=ASSETS))
    return {path.stem.rsplit("-", 1)[1]: path for path in (r.output for r in results)}


def status_groups(deck: Path) -> list:
    return [
        shape
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP and shape.name.startswith("Status chart")
    ]


def planned_charts(language: str) -> list[ChartSpec]:
    plan = prepare(ROOT / "content" / language, ASSETS).plan
    return [e for s in plan.slides for e in s.elements if isinstance(e, ChartSpec)]


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_label_and_count_is_text_tagged_with_the_language(decks, language):
    groups, specs = status_groups(decks[language]), planned_charts(language)
    assert len(groups) == len(specs) == 3
    for group, spec in zip(groups, specs):
        runs = group._element.findall(f".//{qn('a:r')}")
        texts = [r.findtext(qn("a:t")) for r in runs]
        assert texts == [t for b in spec.bars for t in (b.label, b.count_text)] + [spec.total_text]
        assert {r.find(qn("a:rPr")).get("lang") for r in runs} == {TAGS[language]}
        assert {r.find(f"{qn('a:rPr')}/{qn('a:latin')}").get("typeface") for r in runs} == {spec.bold.family}
        assert group._element.find(f".//{qn('p:cNvPr')}").get("descr") == spec.alt_text


def test_hatched_statuses_are_pattern_fills_and_no_chart_is_a_picture(decks):
    group = status_groups(decks["en"])[0]
    patterns = [p.get("prst") for p in group._element.iter(qn("a:pattFill"))]
    assert patterns == ["wdUpDiag", "diagCross"]  # partially and not implemented; implemented is plain
    prs = Presentation(str(decks["en"]))
    pictures = [s.name for slide in prs.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert pictures and all(not name.startswith(("Status chart", "Overview chart")) for name in pictures)


def test_the_bars_are_decorative_and_the_group_stands_for_the_chart(decks):
    group = status_groups(decks["ru"])[0]
    shapes = list(group.shapes)
    bars = [s for s in shapes if not s.has_text_frame or not s.text_frame.text]
    assert bars and all(
        b._element.find(".//{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative") is not None
        for b in bars
    )
    assert [s.text_frame.text for s in shapes if s.has_text_frame and s.text_frame.text][:2] == ["Выполнены", "1"]
