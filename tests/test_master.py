"""The deck's slide master, as PowerPoint sees it: deckgen's own made from the theme, fonts, colours, layouts,
footer and slide-number placeholders, reading order; and a slide a user adds by hand."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

from deckgen.build import BuildOptions, build
from deckgen.plan.planner import PlanOptions
from deckgen.prepare import prepare
from deckgen.render.master import KIND_OF, OWN_LAYOUTS

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"
ANNEX = ROOT / "tests" / "fixtures" / "annex"
LONG = ROOT / "tests" / "fixtures" / "long"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


@pytest.fixture(scope="module")
def deck_path(shipped_deck) -> Path:
    """A deck with every slide kind: title, overview, status, findings, recommendations, closing, annex."""
    return shipped_deck(ANNEX, annex=True)


@pytest.fixture(scope="module")
def deck(deck_path):
    return Presentation(str(deck_path))


def theme_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("ppt/theme/theme1.xml").decode()


def test_the_theme_part_carries_the_brand_font_and_colours(deck_path):
    theme = prepare(ANNEX, assets=ASSETS).theme.theme
    xml = theme_xml(deck_path)
    assert re.search(rf'<a:majorFont><a:latin typeface="{theme.fonts.family}"', xml)
    assert re.search(rf'<a:minorFont><a:latin typeface="{theme.fonts.family}"', xml)
    scheme = dict(re.findall(r'<a:(dk1|lt1|dk2|lt2|accent\d)><a:srgbClr val="([0-9A-F]{6})"/>', xml))
    c = theme.colours
    # text, background, heading, track; the accent, then the status fills, then the band
    expected = [
        c.text,
        c.background,
        c.heading,
        c.track,
        c.accent,
        c.status["implemented"].fill,
        c.status["partially_implemented"].fill,
        c.status["not_implemented"].fill,
        c.status["no_data"].fill,
        c.band,
    ]
    assert scheme == {
        k: v.lstrip("#") for k, v in zip(["dk1", "lt1", "dk2", "lt2"] + [f"accent{i}" for i in range(1, 7)], expected)
    }


def test_the_master_has_a_layout_per_slide_kind_and_the_ordinary_ones(deck):
    names = [layout.name for layout in deck.slide_layouts]
    assert names == [
        "Title Slide",
        "Status",
        "Text",
        "Recommendations",
        "Closing",
        "Annex",
        "Title and Content",
        "Section Header",
        "Title Only",
        "Blank",
    ]


def test_placeholders_lie_on_the_16_by_9_slide(deck):
    width, height = deck.slide_width, deck.slide_height
    assert (width, height) == (12192000, 6858000)
    master = deck.slide_masters[0]
    for owner in [master, *deck.slide_layouts]:
        for ph in owner.placeholders:
            if ph.left is None:  # inherits the master's
                continue
            assert 0 <= ph.left and ph.left + ph.width <= width, (owner.name, ph.name)
            assert 0 <= ph.top and ph.top + ph.height <= height, (owner.name, ph.name)
            if ph.placeholder_format.type in TITLES:
                assert ph.width >= 0.8 * width, (owner.name, ph.name)


def test_each_slide_is_on_its_kinds_layout_with_its_title_in_the_title_placeholder(deck):
    plan = prepare(ANNEX, assets=ASSETS, options=PlanOptions(annex=True)).plan
    layouts = [slide.slide_layout.name for slide in deck.slides]
    assert layouts == [OWN_LAYOUTS[KIND_OF[spec.kind]] for spec in plan.slides]
    assert {"Title Slide", "Status", "Recommendations", "Closing", "Annex"} <= set(layouts)
    for number, slide in enumerate(deck.slides, 1):
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip(), f"slide {number}"
        expected = PP_PLACEHOLDER.CENTER_TITLE if number == 1 else PP_PLACEHOLDER.TITLE
        assert title.placeholder_format.type == expected, f"slide {number}"
        # no empty placeholder ("Click to add text") is left under the planned shapes
        assert all(ph.text_frame.text.strip() for ph in slide.placeholders), f"slide {number}"


def test_the_title_is_the_first_shape_on_every_slide_of_every_kind(deck, tmp_path):
    build(LONG, tmp_path / "long.pptx", BuildOptions(format="report", assets=ASSETS, draft=True, charts="native"))
    long = Presentation(str(tmp_path / "long.pptx"))
    slides = list(deck.slides) + list(long.slides)
    assert set(OWN_LAYOUTS.values()) <= {slide.slide_layout.name for slide in slides}
    for number, slide in enumerate(slides, 1):
        first = next(iter(slide.shapes))
        assert first.shape_id == slide.shapes.title.shape_id, f"slide {number} ({slide.slide_layout.name})"


def test_the_footer_comes_last_in_reading_order(deck):
    for number, slide in enumerate(list(deck.slides)[1:], 2):
        kinds = [sh.placeholder_format.type if sh.is_placeholder else None for sh in slide.shapes]
        footer_at = kinds.index(PP_PLACEHOLDER.FOOTER)
        assert all(k in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, None) for k in kinds[footer_at:])
        body = [sh for sh in list(slide.shapes)[1:footer_at] if sh.has_text_frame and sh.text_frame.text.strip()]
        shown = body or any(
            sh.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.TABLE) for sh in list(slide.shapes)[1:footer_at]
        )
        assert shown or slide.slide_layout.name == "Closing", f"slide {number}: footer before the body"


def test_footer_and_number_are_the_masters_placeholders_the_number_a_field(deck_path, deck):
    with zipfile.ZipFile(deck_path) as z:
        for number, slide in enumerate(deck.slides, 1):
            xml = z.read(slide.part.partname.lstrip("/")).decode()
            fields = re.findall(r'<a:fld [^>]*type="slidenum"[^>]*>.*?<a:t>(\d+)</a:t>', xml)
            if number == 1:
                assert fields == [], "the title slide shows no number"
                continue
            assert fields == [str(number)], f"slide {number}"
            types = {ph.placeholder_format.type for ph in slide.placeholders}
            assert {PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER} <= types, f"slide {number}"


def test_the_number_renumbers_when_slides_move(deck_path):
    """The number is a field: moving a slide leaves its text to the viewer, nothing is written in."""
    prs = Presentation(str(deck_path))
    ids = prs.slides._sldIdLst
    third = ids[2]
    ids.remove(third)
    ids.insert(5, third)
    buffer = io.BytesIO()
    prs.save(buffer)
    moved = Presentation(buffer)
    for slide in list(moved.slides)[1:]:
        number = [ph for ph in slide.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER][0]
        assert number._element.find(f".//{qn('a:fld')}").get("type") == "slidenum"


def _effective_typeface(prs, typeface: str) -> str:
    fonts = re.search(
        r'<a:majorFont><a:latin typeface="([^"]*)".*<a:minorFont><a:latin typeface="([^"]*)"',
        prs.slide_masters[0]
        .part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
        .blob.decode(),
        re.S,
    )
    return {"+mj-lt": fonts.group(1), "+mn-lt": fonts.group(2)}.get(typeface, typeface)


def test_a_slide_added_by_hand_on_any_layout_has_the_brand_font_footer_and_number(deck_path):
    prs = Presentation(str(deck_path))
    master = prs.slide_masters[0]._element
    styles = {name: master.find(f"{qn('p:txStyles')}/{qn('p:' + name)}") for name in ("titleStyle", "bodyStyle")}
    for layout in prs.slide_layouts:
        slide = prs.slides.add_slide(layout)
        for ph in slide.placeholders:
            ph.text_frame.text = "Typed by hand"
            # no font on the slide: it comes from the layout's list style, else the master's text style
            layout_ph = next(p for p in layout.placeholders if p.placeholder_format.idx == ph.placeholder_format.idx)
            latin = layout_ph._element.find(f".//{qn('a:lstStyle')}//{qn('a:latin')}")
            if latin is None:
                style = styles["titleStyle" if ph.placeholder_format.type in TITLES else "bodyStyle"]
                latin = style.find(f".//{qn('a:latin')}")
            assert _effective_typeface(prs, latin.get("typeface")) == "Arial", (layout.name, ph.name)
        kinds = {p.placeholder_format.type: p for p in layout.placeholders}
        if layout.name != "Title Slide":
            assert kinds[PP_PLACEHOLDER.FOOTER].text_frame.text == "Kazakhstani NGOs Coalition on UPR", layout.name
            number = kinds[PP_PLACEHOLDER.SLIDE_NUMBER]._element.find(f".//{qn('a:fld')}")
            assert number.get("type") == "slidenum", layout.name
    # PowerPoint adds the footer and number to a new slide as the master's header/footer settings say
    hf = master.find(qn("p:hf"))
    assert hf is not None and hf.get("ftr") in (None, "1") and hf.get("sldNum") in (None, "1")


def test_the_repeated_footer_logo_is_decorative_the_title_slide_logos_are_not(deck):
    adec = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
    for number, slide in enumerate(deck.slides, 1):
        for sh in slide.shapes:
            if sh.shape_type != MSO_SHAPE_TYPE.PICTURE or sh.name.startswith(("Status chart", "Overview chart")):
                continue
            decorative = any(m.get("val") == "1" for m in sh._element.iter(adec))
            assert decorative == (number > 1), f"slide {number}: {sh.name}"


def test_the_body_is_read_before_the_chart(deck):
    charts = 0
    for number, slide in enumerate(deck.slides, 1):
        shapes = list(slide.shapes)
        at = [
            i
            for i, sh in enumerate(shapes)
            if getattr(sh, "has_chart", False)
            and sh.has_chart
            or sh.name.startswith(("Status chart", "Overview chart"))
        ]
        if not at:
            continue
        charts += 1
        body = [
            i
            for i, sh in enumerate(shapes[1:], 1)
            if sh.has_text_frame
            and sh.text_frame.text.strip()
            and not sh.is_placeholder
            and "DRAFT" not in sh.text_frame.text
        ]
        assert max(body) < min(at), f"slide {number}: a chart is read before the text beside it"
    assert charts >= 2
