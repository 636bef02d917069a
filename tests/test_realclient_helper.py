"""The LibreOffice overflow check must be able to fail, or it proves nothing."""

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Inches, Pt

from realclient import convert_to_pdf, glyphs_outside_boxes

pytestmark = pytest.mark.realclient

LONG_TEXT = (
    "Recommendations on freedom of religion were only partially implemented, "
    "and registration requirements for religious associations remain restrictive."
)

BLANK, TITLE_ONLY = 6, 5  # layouts of python-pptx's default template


def _deck() -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    return prs


def _text_box(slide, left, top, width, height, text, *, wrap=True, size=18):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = wrap
    frame.auto_size = MSO_AUTO_SIZE.NONE  # keep the box size: overflow must show
    frame.text = text
    frame.paragraphs[0].runs[0].font.size = Pt(size)
    return box


def _save(prs, path: Path) -> Path:
    prs.save(path)
    return path


def test_fitting_text_is_not_reported(tmp_path):
    prs = _deck()
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    slide.shapes.title.text = "Freedom of religion"  # placeholder: position from the layout
    _text_box(slide, 0.8, 2.0, 11.5, 3.0, LONG_TEXT)
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    _text_box(slide, 1.0, 1.0, 5.0, 1.0, "Partially implemented")

    assert glyphs_outside_boxes(_save(prs, tmp_path / "fits.pptx")) == []


def test_overflowing_text_box_is_reported(tmp_path):
    prs = _deck()
    _text_box(prs.slides.add_slide(prs.slide_layouts[BLANK]), 1.0, 1.0, 6.0, 1.0, "Fits")
    hidden = prs.slides.add_slide(prs.slide_layouts[BLANK])
    hidden._element.set("show", "0")  # not in the PDF; numbering must still follow the deck
    _text_box(prs.slides.add_slide(prs.slide_layouts[BLANK]), 1.0, 1.0, 1.5, 0.4, LONG_TEXT)

    problems = glyphs_outside_boxes(_save(prs, tmp_path / "overflow.pptx"))

    assert len(problems) == 1, problems
    assert problems[0].startswith("slide 3: ")
    assert "glyphs outside their boxes" in problems[0]


def test_text_running_off_the_page_is_reported(tmp_path):
    prs = _deck()
    slide = prs.slides.add_slide(prs.slide_layouts[BLANK])
    # A box that itself hangs over the right edge: the glyphs are "in" it but not visible.
    _text_box(slide, 11.0, 3.0, 5.0, 1.0, "Runs past the right edge of the slide", wrap=False)

    problems = glyphs_outside_boxes(_save(prs, tmp_path / "offpage.pptx"))

    assert len(problems) == 1, problems
    assert problems[0].startswith("slide 1: ") and "off the page" in problems[0]


def test_page_count_mismatch_is_a_problem(tmp_path):
    prs = _deck()
    for _ in range(2):
        _text_box(prs.slides.add_slide(prs.slide_layouts[BLANK]), 1.0, 1.0, 5.0, 1.0, "Slide")
    two_pages = convert_to_pdf(_save(prs, tmp_path / "two.pptx"), tmp_path)
    prs = _deck()
    _text_box(prs.slides.add_slide(prs.slide_layouts[BLANK]), 1.0, 1.0, 5.0, 1.0, "Slide")

    problems = glyphs_outside_boxes(_save(prs, tmp_path / "one.pptx"), pdf=two_pages)

    assert len(problems) == 1 and "2 pages for 1 visible slides" in problems[0], problems


def test_convert_to_pdf_raises_when_nothing_is_produced(tmp_path):
    with pytest.raises(RuntimeError, match="soffice failed"):
        convert_to_pdf(tmp_path / "missing.pptx", tmp_path / "out")
