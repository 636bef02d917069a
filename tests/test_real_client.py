"""Rendered by LibreOffice, every glyph of the real deck and of the long fixture lands inside its text box.

The real deck is also built with its overview slide and the DRAFT mark, once with pictures and once with
native charts. Five conversions in all (about 10 s each): one per deck, shared by the tests of that deck.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pseudo import pseudo_translation
from template_maker import LOGO_SIZE, make_template

from deckgen.build import BuildOptions, build
from deckgen.locale import load_locale
from deckgen.plan.ties import plain

from conftest import require_soffice
from realclient import convert_to_pdf, glyphs_outside_boxes

pytestmark = pytest.mark.realclient

ROOT = Path(__file__).parents[1]
DECKS = {
    "en": ROOT / "content" / "en",
    "long": ROOT / "tests" / "fixtures" / "long",
    "ru-overview-draft": ROOT / "content" / "ru",
    "kk-overview-draft-native": ROOT / "content" / "kk",
    "pseudo-40": ROOT / "content" / "en",
    "en-statement": ROOT / "content" / "en",
    "ru-statement": ROOT / "content" / "ru",
    "kk-statement-overview": ROOT / "content" / "kk",
    "pseudo-40-statement": ROOT / "content" / "en",
}
"""Decks by name; a name says which options the deck is built with, so each option is rendered once.
"pseudo-40" is a pseudo-translation of en 40% longer (tests/pseudo.py), paginated with en as its sibling.
The others are the report; "statement" ones the statement (the shipped content's own format)."""


@pytest.fixture(scope="module", params=sorted(DECKS))
def rendered(request, tmp_path_factory) -> tuple[Path, Path]:
    """Return (deck, pdf) for one content set, built and converted once."""
    require_soffice()  # this module-scoped fixture runs before conftest's function-scoped gate
    folder = tmp_path_factory.mktemp(request.param)
    deck = folder / f"{request.param}.pptx"
    content = DECKS[request.param]
    if request.param.startswith("pseudo-40"):
        shutil.copytree(content, folder / "content" / "en")
        content = pseudo_translation(content, folder / "content" / "ru")
    if "overview" in request.param:
        content = shutil.copytree(content, folder / "content")
        with open(content / "deck.yaml", "a", encoding="utf-8") as deck_yaml:
            deck_yaml.write("overview: true\n")
    build(
        content,
        deck,
        BuildOptions(
            format="statement" if "statement" in request.param else "report",
            assets=ROOT / "assets",
            draft="draft" in request.param,
            charts="native" if "native" in request.param else None,
        ),
    )
    return deck, convert_to_pdf(deck, folder)


def test_one_pdf_page_per_slide(rendered):
    import pdfplumber

    deck, pdf = rendered
    with pdfplumber.open(str(pdf)) as doc:
        pages = len(doc.pages)
    assert pages == len(Presentation(str(deck)).slides)


def test_no_glyph_outside_its_box(rendered):
    deck, pdf = rendered
    assert glyphs_outside_boxes(deck, pdf) == []


def test_pdf_shows_the_text(rendered):
    """The conversion really rendered text (an empty PDF would pass the overflow check)."""
    import pdfplumber

    deck, pdf = rendered
    with pdfplumber.open(str(pdf)) as doc:
        pages = [" ".join((page.extract_text() or "").split()) for page in doc.pages[:2]]
    slides = Presentation(str(deck)).slides
    for page, slide in zip(pages, slides):
        title_start = plain(" ".join(slide.shapes.title.text_frame.text.split()[:2]))  # no word joiners in a PDF
        assert title_start in page


def test_draft_mark_is_drawn_on_every_page(rendered):
    import pdfplumber

    deck, pdf = rendered
    with pdfplumber.open(str(pdf)) as doc:
        language = deck.stem.split("-")[0] if deck.stem.startswith(("ru-", "kk-")) else "en"
        mark = load_locale(language).labels["draft"]
        marked = [mark in (page.extract_text() or "") for page in doc.pages]
    assert marked == ["draft" in deck.stem] * len(marked)


TEMPLATE_TITLE = (90.0, 72.0)
"""The top and height of the title placeholder of the template below: lower than deckgen's grid (28 pt down)."""


@pytest.fixture(scope="module")
def in_template(tmp_path_factory) -> tuple[Path, Path]:
    """The real deck built into a template set in Liberation Serif (not Arial's metrics), its title placeholder
    lower than deckgen's grid, rendered once."""
    require_soffice()
    folder = tmp_path_factory.mktemp("template")
    template = make_template(folder / "coalition.potx", font="Liberation Serif", title=TEMPLATE_TITLE)
    deck = folder / "en-template.pptx"
    build(DECKS["en"], deck, BuildOptions(format="report", assets=ROOT / "assets", template=template))
    return deck, convert_to_pdf(deck, folder)


def test_nothing_overflows_in_a_template_with_another_font(in_template):
    deck, pdf = in_template
    assert glyphs_outside_boxes(deck, pdf) == []


def test_titles_are_drawn_from_the_templates_title_top_down(in_template):
    import pdfplumber

    deck, pdf = in_template
    top = TEMPLATE_TITLE[0]
    slides = list(Presentation(str(deck)).slides)[1:-1]  # the title and closing slides have designs of their own
    assert {round(slide.shapes.title.top / 12700, 1) for slide in slides} == {top}
    with pdfplumber.open(str(pdf)) as doc:
        highest = [min(c["top"] for c in page.chars if c["text"].strip()) for page in doc.pages[1:-1]]
    # nothing of a slide is drawn above the template's title top (deckgen's grid would start titles at 28 pt)
    assert min(highest) >= top, highest


def test_the_templates_master_logo_shows_on_every_slide(in_template):
    import pdfplumber

    deck, pdf = in_template
    with pdfplumber.open(str(pdf)) as doc:
        shown = [any(tuple(image["srcsize"]) == LOGO_SIZE for image in page.images) for page in doc.pages]
    assert shown == [True] * len(Presentation(str(deck)).slides)
