"""The built .pptx as PowerPoint and screen readers see it: size, titles, language, alt text, footers, notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from deckgen.build import BuildOptions, build
from deckgen.plan.ties import plain
from deckgen.prepare import prepare

from conftest import REPORT

ROOT = Path(__file__).parents[1]
CONTENT_EN = ROOT / "content" / "en"
LONG = ROOT / "tests" / "fixtures" / "long"
ASSETS = ROOT / "assets"
ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@pytest.fixture(scope="module")
def en_path(shipped_deck) -> Path:
    output = shipped_deck(CONTENT_EN, format="report")
    assert output.is_file()
    return output


@pytest.fixture(scope="module")
def long_path(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("long") / "long.pptx"
    build(LONG, output, BuildOptions(format="report", assets=ASSETS))
    return output


@pytest.fixture(scope="module")
def en(en_path):
    return Presentation(str(en_path))


@pytest.fixture(scope="module")
def long(long_path):
    return Presentation(str(long_path))


@pytest.fixture(params=["en", "long"])
def deck(request, en, long):
    return {"en": en, "long": long}[request.param]


def pictures(slide):
    """Return SLIDE's pictures and charts drawn as groups of shapes."""
    return [s for s in slide.shapes if s.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.GROUP)]


def descr(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr") or ""


def is_chart(picture) -> bool:
    return picture.name.startswith("Status chart")


def slide_texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]


def test_slides_are_16_by_9(deck):
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert Emu(deck.slide_width).inches == pytest.approx(13.333, abs=0.01)


def test_slide_count_matches_the_plan(en):
    assert len(en.slides) == len(prepare(CONTENT_EN, options=REPORT).plan.slides)


def test_every_slide_has_a_unique_title_in_its_title_placeholder(deck):
    titles = []
    for number, slide in enumerate(deck.slides, 1):
        title = slide.shapes.title
        assert title is not None, f"slide {number} has no title placeholder"
        assert title.is_placeholder
        assert title.text_frame.text.strip(), f"slide {number} has an empty title"
        titles.append(title.text_frame.text)
    assert len(set(titles)) == len(titles), titles


def test_titles_are_the_planned_ones(en):
    planned = [s.title_text for s in prepare(CONTENT_EN, options=REPORT).plan.slides]
    rendered = [plain(slide.shapes.title.text_frame.text.replace("\n", " ").replace("\v", " ")) for slide in en.slides]
    assert rendered == planned


def test_every_run_is_tagged_en_us(deck):
    runs = 0
    for number, slide in enumerate(deck.slides, 1):
        parts = [slide._element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide._element)
        for part in parts:
            for r in part.iter(qn("a:r")):
                runs += 1
                r_pr = r.find(qn("a:rPr"))
                text = r.findtext(qn("a:t"))
                assert r_pr is not None and r_pr.get("lang") == "en-US", f"slide {number}: run {text!r}"
    assert runs > 20
    assert deck.core_properties.language == "en-US"


def test_every_picture_has_alt_text_or_is_decorative(deck):
    found = 0
    for number, slide in enumerate(deck.slides, 1):
        for picture in pictures(slide):
            found += 1
            decorative = any(m.get("val") == "1" for m in picture._element.iter(ADEC))
            assert decorative or descr(picture).strip(), f"slide {number}: picture {picture.name} has no alt text"
    assert found >= len(deck.slides)


def test_chart_alt_text_states_the_counts(en):
    charts = [p for slide in en.slides for p in pictures(slide) if is_chart(p)]
    assert len(charts) == 3
    expected = [
        ("Issue 1", ["Implemented 1", "Partially implemented 3", "Not implemented 5", "9"]),
        ("Issue 2", ["Implemented 1", "Partially implemented 38", "Not implemented 1", "about 40"]),
        ("Issue 3", ["Implemented 16", "Status not reported 36", "52"]),
    ]
    for chart, (issue, parts) in zip(charts, expected):
        alt = descr(chart)
        assert issue in alt
        for part in parts:
            assert re.search(rf"(?<![\w]){re.escape(part)}(?![\w])", alt), (part, alt)


def test_decorative_shapes_are_marked(deck):
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and not shape.text_frame.text.strip():
                marks = shape._element.iter(ADEC)
                assert any(m.get("val") == "1" for m in marks), f"slide {number}: {shape.name} is not decorative"


def test_logos_alt_text_names_the_organisation(en):
    presenters = [
        "Kazakhstan International Bureau for Human Rights and the Rule of Law",
        "Kazakhstani NGOs Coalition on Universal Periodic Review (UPR)",
    ]
    title_logos = [descr(p) for p in pictures(en.slides[0])]
    assert len(title_logos) == 2
    for name, alt in zip(presenters, title_logos):
        assert name in alt
    for number, slide in enumerate(list(en.slides)[1:], 2):
        for picture in pictures(slide):
            if not is_chart(picture):  # the footer logo, on every slide: decorative, not read aloud each time
                marks = picture._element.iter(ADEC)
                assert any(m.get("val") == "1" for m in marks), f"slide {number}: the footer logo is read aloud"
                assert descr(picture) == ""


def test_footer_and_slide_number_on_every_slide_but_the_title(deck):
    slides = list(deck.slides)
    assert "Kazakhstani NGOs Coalition on UPR" not in slide_texts(slides[0])
    assert "1" not in slide_texts(slides[0])
    for number, slide in enumerate(slides[1:], 2):
        texts = slide_texts(slide)
        assert "Kazakhstani NGOs Coalition on UPR" in texts, f"slide {number} has no footer"
        assert str(number) in texts, f"slide {number} does not show its number"


def written_notes(slide) -> str:
    """Return SLIDE's speaker notes without the estimated time deckgen adds to every issue slide's."""
    if not slide.has_notes_slide:
        return ""
    return "\n".join(
        line for line in slide.notes_slide.notes_text_frame.text.splitlines() if not line.startswith("Estimated time: ")
    ).strip()


def test_speaker_notes_go_to_the_status_slide(long):
    with_notes = [(n, written_notes(s)) for n, s in enumerate(long.slides, 1) if written_notes(s)]
    assert len(with_notes) == 1
    number, notes = with_notes[0]
    assert (
        long.slides[number - 1].shapes.title.text_frame.text
        == "Issue 1: Freedom of Expression and Access to Information"
    )
    assert "stress the January 2022 shutdown" in notes
    assert "Mention the 100+ removal demands documented by the coalition." in notes


def test_no_notes_without_notes_in_the_content(en):
    """Slides the content gives no notes or script for have none (the title and closing slides)."""
    slides = list(en.slides)
    assert not slides[0].has_notes_slide and not slides[-1].has_notes_slide


def test_no_shape_autofits(deck):
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            body_pr = shape._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
            if body_pr is None:
                continue
            assert body_pr.find(qn("a:normAutofit")) is None, f"slide {number}: {shape.name} shrinks text"
            assert body_pr.find(qn("a:spAutoFit")) is None, f"slide {number}: {shape.name} resizes to text"
            if shape.text_frame.text.strip():
                # explicit, so a layout's or master's autofit is not inherited (the default title has normAutofit)
                assert body_pr.find(qn("a:noAutofit")) is not None, f"slide {number}: {shape.name}"
                assert body_pr.get("wrap") in (None, "square"), f"slide {number}: {shape.name} does not wrap"


def test_text_boxes_have_no_inner_margins_the_planner_did_not_measure(deck):
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                frame = shape.text_frame
                margins = (frame.margin_left, frame.margin_right, frame.margin_top, frame.margin_bottom)
                assert margins == (0, 0, 0, 0), f"slide {number}: {shape.name} {margins}"


def test_charts_are_shapes_within_their_group_not_images(deck):
    """Crisp on any projector: each chart is a group of rectangles and text boxes, every one inside the chart."""
    charts = 0
    for slide in deck.slides:
        for group in pictures(slide):
            if not is_chart(group):
                continue
            charts += 1
            assert group.shape_type == MSO_SHAPE_TYPE.GROUP
            for shape in group.shapes:
                assert shape.shape_type in (MSO_SHAPE_TYPE.AUTO_SHAPE, MSO_SHAPE_TYPE.TEXT_BOX), shape.name
                assert group.left <= shape.left and shape.left + shape.width <= group.left + group.width + 1
                assert group.top <= shape.top and shape.top + shape.height <= group.top + group.height + 1
    assert charts >= 2


def test_pictures_stay_on_the_slide(deck):
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, f"slide {number}: {shape.name}"
            assert shape.left + shape.width <= deck.slide_width, f"slide {number}: {shape.name}"
            assert shape.top + shape.height <= deck.slide_height, f"slide {number}: {shape.name}"


def test_recommendation_numbers_continue_across_slides(long):
    numbers = []
    for slide in long.slides:
        title = slide.shapes.title.text_frame.text
        if not title.startswith("Issue 1:") or "Recommendations" not in title:
            continue
        for paragraph in slide.shapes._spTree.iter(qn("a:p")):
            auto = paragraph.find(f"{qn('a:pPr')}/{qn('a:buAutoNum')}")
            if auto is not None:
                numbers.append(int(auto.get("startAt", "1")))
    assert numbers == list(range(1, 13))


def test_body_text_is_the_planned_text(long):
    plan = prepare(LONG, assets=ASSETS).plan
    for spec, slide in zip(plan.slides, long.slides):
        rendered = "\n".join(slide_texts(slide))
        for element in spec.elements:
            for paragraph in getattr(element, "paragraphs", ()):
                assert paragraph.text.replace("\n", "\v") in rendered, (spec.title_text, paragraph.text[:60])
