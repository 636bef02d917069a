"""The shipped Russian and Kazakh decks read as native: their labels, their language tags, nothing English left."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from deckgen.build import BuildOptions, build
from deckgen.locale import load_locale

ROOT = Path(__file__).parents[1]
TAGS = {"en": "en-US", "ru": "ru-RU", "kk": "kk-KZ"}


@pytest.fixture(scope="module", params=["ru", "kk"])
def built(request, tmp_path_factory):
    """Return (language, Presentation) of content/<language> built once."""
    language = request.param
    output = tmp_path_factory.mktemp(language) / f"{language}.pptx"
    build(ROOT / "content" / language, output, BuildOptions(format="report", assets=ROOT / "assets"))
    return language, Presentation(str(output))


def _all_text(deck) -> str:
    """Return every text a reader or screen reader meets: slides, notes, alt text, core title."""
    parts = [deck.core_properties.title or ""]
    for slide in deck.slides:
        elements = [slide._element] + ([slide.notes_slide._element] if slide.has_notes_slide else [])
        for element in elements:
            parts += [t.text or "" for t in element.iter(qn("a:t"))]
            parts += [e.get("descr") or "" for e in element.iter(qn("p:cNvPr"))]
    # typesetting's word joiners (U+2060, "3-\u2060й") are invisible, and no-break spaces read as spaces
    return "\n".join(parts).replace("\u2060", "").replace("\u00a0", " ")


def test_every_run_carries_the_languages_tag(built):
    language, deck = built
    runs = 0
    for number, slide in enumerate(deck.slides, 1):
        elements = [slide._element] + ([slide.notes_slide._element] if slide.has_notes_slide else [])
        for element in elements:
            for run in element.iter(qn("a:r")):
                runs += 1
                r_pr = run.find(qn("a:rPr"))
                assert r_pr is not None and r_pr.get("lang") == TAGS[language], (
                    f"slide {number}: run {run.findtext(qn('a:t'))!r}"
                )
    assert runs > 20
    assert deck.core_properties.language == TAGS[language]


def _label_fragments(language: str) -> set[str]:
    """Return the words of language's labels that a deck shows, without their placeholders."""
    labels = load_locale(language).labels
    texts = [t for v in labels.values() for t in (v.values() if isinstance(v, dict) else [v])]
    fragments = set()
    for text in texts:
        for literal, *_ in string.Formatter().parse(text):
            fragments |= {w for w in re.findall(r"[^\W\d_]{4,}", literal)}
    return fragments


def test_no_english_label_is_left(built):
    """Every English UI word (Recommendations, Implemented, Issue, about, cont. ...) is translated."""
    language, deck = built
    english = _label_fragments("en") - _label_fragments(language)
    shown = set(re.findall(r"[^\W\d_]{4,}", _all_text(deck)))
    assert english & shown == set()


def test_the_languages_labels_are_on_the_slides(built):
    language, deck = built
    locale = load_locale(language)
    text = _all_text(deck)
    for key in ("recommendations", "status.implemented", "status.not_implemented"):
        assert locale.labels[key].lower() in text.lower(), key
    assert locale.text("issue", number=1, title="").strip() in text
    assert locale.ordinal(3) in text


@pytest.mark.parametrize(
    "language, phrase",
    [
        ("ru", "3-й цикл УПО – 9 рекомендаций"),
        ("ru", "около 40 рекомендаций"),
    ],
)
def test_cycle_lines_in_russian(language, phrase, tmp_path):
    output = tmp_path / "deck.pptx"
    build(ROOT / "content" / language, output, BuildOptions(format="report", assets=ROOT / "assets"))
    assert phrase in _all_text(Presentation(str(output)))
