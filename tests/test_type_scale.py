"""One type scale per deck, languages page for page, and line breaks a reader does not stumble over.

Checked on the shipped decks (en, ru, kk, built together) and on a pseudo-translation of the English
40% longer (tests/pseudo.py), built with the English as its sibling.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pseudo import pseudo_translation
from test_measure import REGULAR

from deckgen.plan.charts import drawing
from deckgen.plan.lines import paragraph_lines, without_runt
from deckgen.plan.paginate import paginate
from deckgen.plan.planner import PlanOptions
from deckgen.plan.specs import ChartSpec, OverviewSpec, Paragraph, Role, Run, SlideKind, TextSpec
from deckgen.plan.ties import plain, typeset
from deckgen.prepare import prepare, prepare_sets

from conftest import REPORT

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"
CONTENT_SLIDES = {SlideKind.STATUS, SlideKind.FINDINGS, SlideKind.RECOMMENDATIONS, SlideKind.OVERVIEW}
"""Slides of the talk's body, which share one type scale (the title and closing slides have their own)."""


@pytest.fixture(scope="module")
def shipped():
    """Return the shipped languages, planned together as `deckgen build content` plans them."""
    return {p.loaded.content.deck.language: p for p in prepare_sets(ROOT / "content", options=REPORT)}


@pytest.fixture(scope="module")
def pseudo(tmp_path_factory) -> Path:
    """Return a folder of two languages: en, and ru, a pseudo-translation of en 40% longer."""
    folder = tmp_path_factory.mktemp("pseudo")
    shutil.copytree(ROOT / "content" / "en", folder / "en")
    pseudo_translation(ROOT / "content" / "en", folder / "ru")
    return folder


@pytest.fixture(scope="module")
def pseudo_plans(pseudo):
    return {p.loaded.content.deck.language: p for p in prepare_sets(pseudo, ASSETS, REPORT)}


def sizes_by_role(plan) -> dict[str, set[float]]:
    """Return the font sizes of the content slides' text, by role (titles, body, subtitles, ...)."""
    out: dict[str, set[float]] = {}
    for slide in plan.slides:
        if slide.kind not in CONTENT_SLIDES:
            continue
        out.setdefault("title", set()).update(r.size for p in slide.title.paragraphs for r in p.runs)
        for element in slide.elements:
            if isinstance(element, TextSpec) and element.role not in (Role.FOOTER, Role.SLIDE_NUMBER):
                out.setdefault(element.role.value, set()).update(r.size for p in element.paragraphs for r in p.runs)
    return out


def assert_one_scale(plans):
    theme = plans[0].theme.sizes
    scales = [sizes_by_role(p.plan) for p in plans]
    assert len({frozenset(s["title"]) for s in scales}) == 1, "every language has the same title size"
    (title,) = scales[0]["title"]
    bodies = set().union(*(s["body"] for s in scales)) - {theme.source}
    assert len(bodies) == 1, f"one body size in every language, not {sorted(bodies)}"
    (body,) = bodies
    assert theme.body.min <= body <= theme.body.max and theme.title.min <= title <= theme.title.max
    for scale in scales:
        assert scale.get("subtitle", {body}) == {body}, "the cycle line (a statement's issue name) is body text"
        assert scale.get("headline", {body}) == {body}, "the overview's headline is body text"
    return title, body


def test_the_shipped_decks_have_one_title_size_and_one_body_size(shipped):
    title, body = assert_one_scale(list(shipped.values()))
    # the report's dense slides take the theme's smallest body size, which puts each issue's findings on one or
    # two slides; before one scale: titles 30, 29, 27 or 26 pt, body 24, 23, 21 or 20 pt
    assert (title, body) == (30, 17)


def test_a_translation_40_percent_longer_keeps_one_scale(pseudo_plans):
    en, ru = pseudo_plans["en"], pseudo_plans["ru"]
    english = sum(len(v) for f in [en.loaded.deck_file, *en.loaded.issue_files] for v in _texts(f))
    longer = sum(len(v) for f in [ru.loaded.deck_file, *ru.loaded.issue_files] for v in _texts(f))
    assert longer >= 1.4 * english
    title, _ = assert_one_scale([en, ru])
    # a long title wraps to a second line at the one title size rather than shrinking
    wrapped = [
        s
        for s in ru.plan.slides
        if s.kind in CONTENT_SLIDES and len(paragraph_lines(s.title.paragraphs[0], s.title.box.width)) == 2
    ]
    assert wrapped and all(r.size == title for s in wrapped for r in s.title.paragraphs[0].runs)


def _texts(loaded_file):
    from deckgen.content.text import text_values

    return [text for _, text in text_values(loaded_file.data)]


# --- languages page for page ------------------------------------------------------------------------


def issue_numbers(plan) -> list[str]:
    return [m.group(1) if (m := re.search(r"(\d+)", s.title_text)) else "-" for s in plan.slides]


def body_paragraphs(plan) -> list[int]:
    """Return, per slide, how many paragraphs its body holds: the same content unit by unit."""
    return [
        sum(len(e.paragraphs) for e in s.elements if isinstance(e, TextSpec) and e.role == Role.BODY)
        for s in plan.slides
    ]


def test_deckgen_build_content_gives_every_language_the_same_slides(deckgen, tmp_path):
    result = deckgen("build", str(ROOT / "content"), "-o", str(tmp_path), "--format", "report")
    assert result.exit_code == 0, result.output
    decks = [Presentation(str(p)) for p in sorted(tmp_path.glob("*.pptx"))]
    assert len(decks) == 3
    assert len({len(d.slides) for d in decks}) == 1, "before: en 12 slides, ru and kk 13"
    numbers = [[re.search(r"\d+", s.shapes.title.text_frame.text) for s in d.slides] for d in decks]
    assert len({tuple(m.group() if m else "" for m in deck) for deck in numbers}) == 1


def test_slide_n_holds_the_same_content_in_every_language(shipped):
    plans = [p.plan for p in shipped.values()]
    assert len({tuple(s.kind for s in p.slides) for p in plans}) == 1
    assert len({tuple(issue_numbers(p)) for p in plans}) == 1
    assert len({tuple(body_paragraphs(p)) for p in plans}) == 1


@pytest.mark.parametrize("language", ["ru", "en"])
def test_one_language_built_alone_has_the_slides_it_has_with_the_others(shipped, language):
    assert prepare(ROOT / "content" / language, options=REPORT).plan == shipped[language].plan


def test_a_translation_40_percent_longer_stays_page_for_page(pseudo, pseudo_plans, tmp_path):
    en, ru = pseudo_plans["en"].plan, pseudo_plans["ru"].plan
    assert [s.kind for s in en.slides] == [s.kind for s in ru.slides]
    assert issue_numbers(en) == issue_numbers(ru)
    assert prepare(pseudo / "ru", ASSETS, REPORT).plan == ru
    english_alone = prepare(shutil.copytree(ROOT / "content" / "en", tmp_path / "en"), ASSETS, REPORT).plan
    assert len(en.slides) > len(english_alone.slides), "the English takes the longer language's breaks"


def test_a_sibling_with_problems_is_left_out_with_a_warning(deckgen, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for language in ("en", "ru"):
        shutil.copytree(ROOT / "content" / language, Path("content") / language)
    broken = Path("content/en/issues/01-freedom-of-religion.yaml")
    broken.write_text(broken.read_text(encoding="utf-8").replace("  total: 9", "  total: x9"), encoding="utf-8")
    result = deckgen("build", "content/ru", "-o", "ru.pptx", "--assets", ASSETS)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "content/en: warning: has problems (deckgen validate lists them), so content/ru is "
        "paginated without this language: their slides may differ\n"
    )


def test_a_set_beside_other_decks_is_not_paginated_with_them():
    """tests/fixtures holds unrelated decks (other issue files): each is planned alone."""
    long = prepare(ROOT / "tests" / "fixtures" / "long").plan
    body = {
        r.size
        for s in long.slides
        if s.kind in CONTENT_SLIDES
        for e in s.elements
        if isinstance(e, TextSpec) and e.role == Role.BODY
        for p in e.paragraphs
        for r in p.runs
    }
    assert 20 in body and len(long.slides) == 13


# --- line breaks ---------------------------------------------------------------------------------------


def para(text: str, size: float = 20) -> Paragraph:
    return Paragraph((Run(typeset(text), REGULAR, size, "#000000"),), size * 1.2)


def line_texts(paragraph: Paragraph, width: float) -> list[str]:
    return [plain("".join(p.text for p in line)) for line in paragraph_lines(paragraph, width)]


def test_no_line_breaks_inside_a_number_or_code():
    text = (
        "ratified by the Law of the Republic of Kazakhstan of 19 December 2023 (№ 47-VIII) "
        "on 19-баптарына CCPR/C/KAZ/CO/2"
    )
    for width in range(180, 700, 3):  # from the width of the code: narrower, a viewer breaks it anywhere
        for line in line_texts(para(text), width):
            assert not re.search(r"(\d[-–]|№|/)$", line), (width, line)
            assert not line.startswith(("VIII", "баптарына", "47", "C/", "KAZ")), (width, line)


def test_typesetting_changes_no_word():
    for text in ["(№ 47-VIII).", "3-й цикл", "No. 2 and", "CCPR/C/KAZ/CO/2", "self-determination", "2019–2023"]:
        assert plain(typeset(text)) == text
    assert typeset("(№ 47-VIII)") == "(№\u00a047-\u2060VIII)"


def test_a_hyphen_between_letters_may_end_a_line_as_in_viewers():
    lines = line_texts(para("the principle of self-determination"), 200)
    assert lines[-2].endswith("self-") and lines[-1] == "determination"


@pytest.mark.parametrize(
    "text",
    [
        "Legislation should be adopted to combat sexual harassment in the workplace (8)",
        "The State received these recommendations from its partners in December 2022.",
        "The institution is not in compliance with the UN CRC and the Paris Principles.",
    ],
)
def test_a_last_line_never_holds_one_word_when_moving_one_down_fixes_it(text):
    for width in range(300, 700, 7):  # wide enough for any two words together
        paragraph = para(text)
        before = line_texts(paragraph, width)
        fixed = without_runt(paragraph, width)
        after = line_texts(fixed, width)
        assert len(after) == len(before) and plain(fixed.text) == text
        if len(before) > 1 and " " not in before[-1] and not before[-2].endswith("-"):
            assert " " in after[-1], (width, after)


def test_the_shipped_decks_have_no_runt_and_no_number_broken(shipped):
    for language, prepared in shipped.items():
        for slide in prepared.plan.slides:
            for element in slide.elements:
                if not isinstance(element, TextSpec) or element.role != Role.BODY:
                    continue
                for paragraph in element.paragraphs:
                    lines = line_texts(paragraph, element.box.width)
                    assert not any(re.search(r"(\d[-–]|№)$", line) for line in lines), (language, lines)
                    if len(lines) > 1 and slide is not prepared.plan.slides[-1]:
                        assert " " in lines[-1].strip() or "-" in lines[-2][-1:], (language, lines)


def test_a_short_list_moves_whole_rather_than_leave_one_item_behind():
    line = 24.0
    heading = Paragraph((Run("Not implemented (5)", REGULAR, 20, "#000000"),), line, keep_with_next=True)
    filler = Paragraph((Run("Filler", REGULAR, 20, "#000000"),), line)
    items = [Paragraph((Run(f"item {i}", REGULAR, 20, "#000000"),), line, keep_with_next=i in (0, 1)) for i in range(3)]
    # room for the filler, the heading and two items: the third would be left behind, so all go over
    pages = paginate([filler, heading, *items], lambda page: (400.0, 4 * line + 1))
    assert [[item.source for item in page.items if item.source >= 0] for page in pages] == [[0], [1, 2, 3, 4]]


def drawn_sizes(element) -> set[float]:
    """Return the sizes of the text a chart draws (labels, counts, caption, notes)."""
    return {round(text.size, 2) for text in drawing(element).texts}


@pytest.mark.parametrize("format", ["report", "statement"])
def test_every_text_between_the_title_and_closing_slides_is_on_the_type_scale(format, pseudo):
    """One type scale, as deckcheck sizes counts it: one title size, and at 16 pt or more only the body size
    and the counts' display size (the title size), charts and the statement's issue name included; smaller
    text only at the theme's small sizes (sources, footer). No chart text shrunk to fit its own chart.

    The report also in a translation 40% longer; a statement slide too long at the theme's smallest body
    size may still set its text smaller rather than fail (see statement_slide), so it is checked on the
    shipped languages."""
    for folder in (ROOT / "content", pseudo) if format == "report" else (ROOT / "content",):
        for prepared in prepare_sets(folder, ASSETS, PlanOptions(format=format)):
            sizes = prepared.theme.sizes
            slides = prepared.plan.slides[1:-1]
            titles = {round(r.size, 2) for s in slides for p in s.title.paragraphs for r in p.runs}
            assert len(titles) == 1, titles
            (title,) = titles
            large, small = set(), set()
            for slide in slides:
                for element in slide.elements:
                    if isinstance(element, TextSpec):
                        found = {round(r.size, 2) for p in element.paragraphs for r in p.runs}
                    elif isinstance(element, ChartSpec | OverviewSpec):
                        found = drawn_sizes(element)
                    else:
                        continue
                    large |= {s for s in found if s >= 16}
                    small |= {s for s in found if s < 16}
            bodies = large - {title}
            assert len(bodies) == 1, f"{prepared.loaded.content_dir.name} {format}: sizes {sorted(large)}"
            assert small <= {sizes.source, sizes.footer}, sorted(small)
