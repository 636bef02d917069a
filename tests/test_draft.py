"""`deckgen build --draft`: a DRAFT tag on every slide, clear of the title, and "(draft)" in the deck's title."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from deckgen.plan.planner import PlanOptions
from deckgen.prepare import prepare
from deckgen.theme import contrast_ratio

ROOT = Path(__file__).parents[1]
LONG = ROOT / "tests" / "fixtures" / "long"
ASSETS = ROOT / "assets"


def draft_shapes(slide) -> list:
    return [s for s in slide.shapes if s.has_text_frame and s.text_frame.text == "DRAFT"]


def box(shape) -> tuple[float, float, float, float]:
    return (Emu(shape.left).pt, Emu(shape.top).pt, Emu(shape.left + shape.width).pt, Emu(shape.top + shape.height).pt)


@pytest.fixture
def built(make_content, deckgen):
    """Return build(*options) -> Presentation of the small content set (with the overview) built with OPTIONS."""
    from conftest import VALID_DECK

    content = make_content({"deck.yaml": VALID_DECK + "overview: true\n"})

    def run(*options) -> Presentation:
        result = deckgen("build", content, "-o", "deck.pptx", *options)
        assert result.exit_code == 0, result.output
        return Presentation("deck.pptx")

    return run


def test_draft_marks_every_slide(built):
    prs = built("--draft")
    assert len(prs.slides) == 5  # title, overview, status, recommendations, closing
    for number, slide in enumerate(prs.slides, 1):
        (mark,) = draft_shapes(slide)
        left, top, right, bottom = box(mark)
        assert right > Emu(prs.slide_width).pt * 0.85 and top < 10, f"slide {number}: not in the top-right corner"
        title = slide.shapes.title
        assert bottom <= Emu(title.top).pt or right <= Emu(title.left).pt, f"slide {number}: DRAFT covers the title"
        run = mark.text_frame.paragraphs[0].runs[0]
        assert run.font.bold
    assert prs.core_properties.title == "Test deck (draft)"


def test_no_mark_without_draft(built):
    prs = built()
    assert all(draft_shapes(slide) == [] for slide in prs.slides)
    assert prs.core_properties.title == "Test deck"


def test_draft_leaves_every_other_shape_as_it_was(built):
    """The mark is added on top: the slides' titles and text stay where they were."""

    def layout(prs):
        return [
            [
                (s.name, s.has_text_frame and s.text_frame.text, box(s))
                for s in slide.shapes
                if not (s.has_text_frame and s.text_frame.text == "DRAFT")
            ]
            for slide in prs.slides
        ]

    plain, draft = layout(built()), layout(built("--draft"))
    # The draft adds the tag's outline (one shape per slide); everything before it is unchanged.
    assert [len(d) - len(p) for p, d in zip(plain, draft)] == [1] * len(plain)
    for p, d in zip(plain, draft):
        kept = [s for s in d if s in p]
        assert kept == p


def test_draft_mark_meets_wcag_aa_on_its_tag():
    plan = prepare(LONG, ASSETS, PlanOptions(draft=True)).plan
    theme = prepare(LONG, ASSETS).theme
    for slide in plan.slides:
        (tag,) = [e for e in slide.elements if getattr(e, "outline", None)]
        (text,) = [e for e in slide.elements if getattr(e, "role", None) == "draft"]
        colour = text.paragraphs[0].runs[0].color
        assert contrast_ratio(colour, tag.fill) >= 4.5
        assert tag.fill == theme.colours.background and tag.outline == colour
        assert text.box.left >= tag.box.left and text.box.right <= tag.box.right
        assert slide.title.box.top >= tag.box.bottom


def test_theme_draft_colour_below_aa_is_refused(make_content, deckgen):
    content = make_content()
    path = Path("assets/themes/coalition.yaml")
    text = path.read_text(encoding="utf-8").replace('  track: "#E6EAF0"\n', '  track: "#E6EAF0"\n  draft: "#FF9999"\n')
    path.write_text(text, encoding="utf-8")
    result = deckgen("build", content, "--draft")
    assert result.exit_code == 1
    assert result.stderr == (
        "assets/themes/coalition.yaml:13:3: 'colours': draft #FF9999 on background #FFFFFF "
        "has contrast 2.05:1, below WCAG AA 4.5:1\n"
    )
