"""The annex: per issue, a table of its tracked recommendations, continued across slides without overflow.

Most tests plan or build tests/fixtures/annex: 40 long recommendations with
many States on issue 1, a recommendation taller than a slide on issue 2, and
an issue without tracked recommendations.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from deckgen.content.yaml_source import load_yaml
from deckgen.locale import load_locale
from deckgen.plan.fit import SLACK
from deckgen.plan.layout import BODY_BOTTOM, CONTENT_WIDTH
from deckgen.plan.lines import paragraph_lines
from deckgen.plan.planner import PlanOptions, plan_deck
from deckgen.plan.specs import TableSpec
from deckgen.prepare import prepare

from conftest import VALID_DECK, yaml

ROOT = Path(__file__).parents[1]
ANNEX = ROOT / "tests" / "fixtures" / "annex"
ASSETS = ROOT / "assets"
HEADER = ["No.", "Recommendation", "Recommending States", "Response", "Status"]


def tracked(issue_file: str) -> list[dict]:
    """Return the tracked recommendations of an issue file of the fixture, as written."""
    return load_yaml(ANNEX / "issues" / issue_file).data["review"]["recommendations"]


@pytest.fixture(scope="module")
def planned():
    return prepare(ANNEX, assets=ASSETS)


@pytest.fixture(scope="module")
def built(shipped_deck) -> Path:
    return shipped_deck(ANNEX, annex=True)  # as its deck.yaml says: annex: true


def annex_slides(plan, issue_number: int | None = None) -> list:
    slides = [s for s in plan.slides if s.kind == "annex"]
    if issue_number is not None:
        slides = [s for s in slides if s.title_text.startswith(f"Annex – Issue {issue_number}:")]
    return slides


def table_of(slide) -> TableSpec:
    tables = [e for e in slide.elements if isinstance(e, TableSpec)]
    assert len(tables) == 1, slide.title_text
    return tables[0]


def cell_text(cell) -> str:
    return " ".join(p.text for p in cell.paragraphs)


def rows_by_id(slides) -> dict[str, list[list[str]]]:
    """Return id -> the texts of its rows' cells, in slide order; a continued row counts under its id."""
    out: dict[str, list[list[str]]] = {}
    for slide in slides:
        for row in table_of(slide).rows[1:]:
            texts = [cell_text(c) for c in row]
            out.setdefault(texts[0].removesuffix(" (cont.)"), []).append(texts)
    return out


TRACKED_ISSUE = yaml("""
    title: Children's rights
    review:
      cycle: 3
      recommendations:
        - id: "141.12"
          text: Ratify the third Optional Protocol to the CRC.
          states: [Portugal, Italy]
          response: supported
          status: implemented
    recommendations:
      - To ratify the protocol.
    """)


# --- switching it on ------------------------------------------------------------------------------


def test_no_annex_unless_the_deck_or_the_build_asks_for_it(make_content):
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    assert annex_slides(prepare(content).plan) == []
    assert [s.title_text for s in annex_slides(prepare(content, options=PlanOptions(annex=True)).plan)] == [
        "Annex – Issue 1: Children's rights"
    ]
    make_content({"deck.yaml": VALID_DECK + "annex: true\n", "issues/01-a.yaml": TRACKED_ISSUE})
    assert [s.title_text for s in annex_slides(prepare(content).plan)] == ["Annex – Issue 1: Children's rights"]


def test_build_annex_flag_adds_the_annex_slides(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    plain = deckgen("build", content, "-o", "plain.pptx")
    with_annex = deckgen("build", content, "-o", "annex.pptx", "--annex")
    assert plain.exit_code == 0 and with_annex.exit_code == 0, with_annex.output
    titles = [s.shapes.title.text_frame.text for s in Presentation("annex.pptx").slides]
    assert len(titles) == len(Presentation("plain.pptx").slides) + 1
    # after the closing slide
    assert titles[-2:] == ["Thank you for your attention!", "Annex – Issue 1: Children's rights"]


def test_annex_must_be_true_or_false(make_content, deckgen):
    content = make_content(
        {"deck.yaml": "language: en\ntitle: T\ncountry: C\ncycle: 4\npresenters: [{name: P}]\nannex: yes please\n"}
    )
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["deck/deck.yaml:6:8: 'annex' must be true or false, got 'yes please'"]


def test_an_issue_without_tracked_recommendations_has_no_annex_slide(planned):
    titles = [s.title_text for s in annex_slides(planned.plan)]
    assert titles and not any("Issue 3" in t for t in titles)


# --- pagination -----------------------------------------------------------------------------------


def test_annex_comes_after_the_closing_slide_as_backup_material(planned):
    kinds = [s.kind for s in planned.plan.slides]
    first = kinds.index("annex")
    assert kinds[first - 2 : first] == ["recommendations", "closing"]  # the talk ends, then the backup
    assert set(kinds[first:]) == {"annex"}
    numbers = [
        next(p.text for e in s.elements if getattr(e, "role", None) == "slide-number" for p in e.paragraphs)
        for s in planned.plan.slides[first - 1 :]
    ]
    assert numbers == [str(n) for n in range(first, len(kinds) + 1)]


def test_annex_rows_are_balanced_over_its_slides(planned):
    """40 recommendations over 11 slides: no last slide holding a single row under a "(cont. 10)" title."""
    tables = [table_of(slide) for slide in annex_slides(planned.plan, 1)]
    assert len(tables) == 11  # as few slides as filling each in turn needs
    rows = [len(t.rows) - 1 for t in tables]
    heights = [t.box.height for t in tables]
    assert min(rows) >= 3, rows
    assert min(heights) >= 0.7 * max(heights), heights


def test_empty_cells_show_a_dash(make_content):
    issue = TRACKED_ISSUE.replace("      states: [Portugal, Italy]\n", "").replace("      response: supported\n", "")
    plan = prepare(make_content({"deck.yaml": VALID_DECK + "annex: true\n", "issues/01-a.yaml": issue})).plan
    (slide,) = annex_slides(plan)
    assert [cell_text(c) for c in table_of(slide).rows[1]] == [
        "141.12",
        "Ratify the third Optional Protocol to the CRC.",
        "—",
        "—",
        "Implemented",
    ]


def test_forty_recommendations_run_over_several_slides_with_continued_titles(planned):
    titles = [s.title_text for s in annex_slides(planned.plan, 1)]
    assert len(titles) >= 5
    assert titles[:3] == [
        "Annex – Issue 1: Freedom of Religion and Belief",
        "Annex – Issue 1: Freedom of Religion and Belief (cont.)",
        "Annex – Issue 1: Freedom of Religion and Belief (cont. 2)",
    ]
    all_titles = [s.title_text for s in planned.plan.slides]
    assert len(set(all_titles)) == len(all_titles)


def test_every_annex_slide_starts_with_the_header_row(planned):
    for slide in annex_slides(planned.plan):
        table = table_of(slide)
        assert [cell_text(c) for c in table.rows[0]] == HEADER, slide.title_text
        assert table.header_rows == 1
        assert len(table.rows) >= 2, f"{slide.title_text}: a header with no recommendation under it"


@pytest.mark.parametrize(
    "issue_number, issue_file", [(1, "01-freedom-of-religion.yaml"), (2, "02-childrens-rights.yaml")]
)
def test_every_tracked_recommendation_is_in_the_annex_once_in_order(planned, issue_number, issue_file):
    rows = rows_by_id(annex_slides(planned.plan, issue_number))
    written = tracked(issue_file)
    assert list(rows) == [r["id"] for r in written]
    for recommendation in written:
        parts = rows[recommendation["id"]]
        assert " ".join(part[1] for part in parts) == recommendation["text"]
        assert " ".join(part[2] for part in parts).strip() == (", ".join(recommendation.get("states", [])) or "—")


def test_a_row_taller_than_a_slide_is_split_with_its_number_repeated(planned):
    slides = annex_slides(planned.plan, 2)
    parts = [
        (slide.title_text, [cell_text(c) for c in row])
        for slide in slides
        for row in table_of(slide).rows[1:]
        if cell_text(row[0]).startswith("142.2")
    ]
    assert len(parts) >= 2
    assert [len({title for title, _ in parts})] == [len(parts)], "each part on its own slide"
    assert parts[0][1][0] == "142.2" and parts[0][1][3:] == ["Partially supported", "Partially implemented"]
    for _, cells in parts[1:]:
        assert cells[0] == "142.2 (cont.)"


def test_whole_rows_move_to_the_next_slide(planned):
    """Only a row taller than a slide is split: every other row is on one slide."""
    for issue_number in (1, 2):
        rows = rows_by_id(annex_slides(planned.plan, issue_number))
        split = [key for key, parts in rows.items() if len(parts) > 1]
        assert split == ([] if issue_number == 1 else ["142.2"])


def test_rows_are_as_tall_as_their_text_and_the_table_stays_in_the_body(planned):
    theme = planned.theme
    line = round(theme.sizes.table * theme.theme.line_spacing, 2)
    for slide in annex_slides(planned.plan):
        table = table_of(slide)
        assert table.box.top > slide.title.box.bottom
        assert table.box.bottom <= BODY_BOTTOM + 0.01, slide.title_text
        assert sum(table.row_heights) == pytest.approx(table.box.height)
        for row, height in zip(table.rows, table.row_heights):
            lines = max(
                len(paragraph_lines(p, width - 2 * table.inset_x))
                for cell, width in zip(row, table.column_widths)
                for p in cell.paragraphs
            )
            assert height >= lines * line + 2 * table.inset_y + SLACK * line - 0.01


def test_table_text_is_at_least_14_pt(planned):
    sizes = {
        run.size
        for slide in annex_slides(planned.plan)
        for row in table_of(slide).rows
        for cell in row
        for p in cell.paragraphs
        for run in p.runs
    }
    assert sizes == {14.0}


def test_columns_are_chosen_by_their_text(planned):
    for slide in annex_slides(planned.plan):
        widths = table_of(slide).column_widths
        assert sum(widths) == pytest.approx(CONTENT_WIDTH)
        number, text, states, response, status = widths
        assert text == max(widths)
        assert max(number, response, status) < states


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_no_header_word_or_label_is_broken_inside_a_cell(planned, language):
    """Narrow columns are at least as wide as their longest word, in every language."""
    content = planned.loaded.content
    content = content.model_copy(update={"deck": content.deck.model_copy(update={"language": language})})
    plan = plan_deck(content, planned.theme, load_locale(language), planned.loaded.logos, PlanOptions(annex=True))
    labels = load_locale(language).labels
    slide = annex_slides(plan)[0]
    assert slide.title_text.startswith(labels["annex.title"].split("{")[0])
    table = table_of(slide)
    assert [cell_text(c) for c in table.rows[0]] == [
        labels[f"annex.{k}"] for k in ("id", "recommendation", "states", "response", "status")
    ]
    for row in table.rows:
        for j in (0, 3, 4):
            for paragraph in row[j].paragraphs:
                lines = paragraph_lines(paragraph, table.column_widths[j] - 2 * table.inset_x)
                rejoined = " ".join("".join(piece.text for piece in line).strip() for line in lines)
                assert rejoined == paragraph.text.replace("\n", " "), (language, paragraph.text)


def test_status_is_a_word_in_its_status_colour_and_unassessed_reads_to_assess(planned):
    colours = planned.theme.colours
    content = planned.loaded.content
    issue = content.issues[1]
    unassessed = issue.review.recommendations[2].model_copy(update={"status": None})
    review = issue.review.model_copy(update={"recommendations": [*issue.review.recommendations[:2], unassessed]})
    content = content.model_copy(
        update={"issues": (content.issues[0], issue.model_copy(update={"review": review}), content.issues[2])}
    )
    plan = plan_deck(content, planned.theme, load_locale("en"), planned.loaded.logos)
    statuses = {
        cell_text(row[0]): row[4].paragraphs[0].runs[0]
        for slide in annex_slides(plan, 2)
        for row in table_of(slide).rows[1:]
        if row[4].paragraphs[0].runs
    }
    assert statuses["142.1"].text == "Implemented"
    assert statuses["142.1"].color == colours.status["implemented"].text
    assert statuses["142.3"].text == "To assess"
    assert statuses["142.3"].color == colours.muted


def test_header_is_filled_and_rows_are_banded_by_recommendation(planned):
    colours = planned.theme.colours
    for slide in annex_slides(planned.plan):
        table = table_of(slide)
        assert {cell.fill for cell in table.rows[0]} == {colours.band}
        assert {run.color for cell in table.rows[0] for p in cell.paragraphs for run in p.runs} == {colours.band_text}
        fills = [row[0].fill for row in table.rows[1:]]
        assert set(fills) <= {colours.background, colours.table_band}
    first = table_of(annex_slides(planned.plan, 1)[0])
    assert [row[0].fill for row in first.rows[1:3]] == [colours.background, colours.table_band]


# --- the .pptx ------------------------------------------------------------------------------------


def annex_tables(deck: Presentation):
    for number, slide in enumerate(deck.slides, 1):
        tables = [shape for shape in slide.shapes if shape.has_table]
        if tables:
            yield number, slide, tables


def test_the_annex_is_a_real_table_with_a_marked_header_row(built, planned):
    deck = Presentation(str(built))
    found = list(annex_tables(deck))
    planned_annex = annex_slides(planned.plan)
    assert len(found) == len(planned_annex)
    for (number, slide, tables), spec in zip(found, planned_annex):
        table = tables[0].table
        assert slide.shapes.title.text_frame.text == spec.title_text
        assert table.first_row, f"slide {number}: header row not marked"
        assert [c.text_frame.text for c in table.rows[0].cells] == HEADER
        heights = [round(Emu(r.height).pt, 1) for r in table.rows]
        assert heights == [round(h, 1) for h in table_of(spec).row_heights]
        assert [round(Emu(c.width).pt, 1) for c in table.columns] == [round(w, 1) for w in table_of(spec).column_widths]
        assert Emu(tables[0].height) == sum(r.height for r in table.rows)
        descr = tables[0]._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
        assert descr.startswith("Tracked recommendations of Issue ")


def test_cell_margins_are_the_measured_ones(built, planned):
    spec = table_of(annex_slides(planned.plan)[0])
    for _, _, tables in annex_tables(Presentation(str(built))):
        for row in tables[0].table.rows:
            for cell in row.cells:
                assert [Emu(m).pt for m in (cell.margin_left, cell.margin_right)] == [spec.inset_x] * 2
                assert [Emu(m).pt for m in (cell.margin_top, cell.margin_bottom)] == [spec.inset_y] * 2


def test_every_table_run_has_the_language_tag(built):
    runs = 0
    for number, _, tables in annex_tables(Presentation(str(built))):
        for r in tables[0]._element.iter(qn("a:r")):
            runs += 1
            r_pr = r.find(qn("a:rPr"))
            assert r_pr is not None and r_pr.get("lang") == "en-US", f"slide {number}: {r.findtext(qn('a:t'))!r}"
    assert runs > 200


# --- LibreOffice --------------------------------------------------------------------------------


@pytest.mark.realclient
def test_libreoffice_draws_every_cell_inside_its_cell(built, tmp_path):
    import pdfplumber

    from realclient import convert_to_pdf, glyphs_outside_boxes

    pdf = convert_to_pdf(built, tmp_path)
    assert glyphs_outside_boxes(built, pdf) == []
    with pdfplumber.open(str(pdf)) as doc:
        text = " ".join((page.extract_text() or "") for page in doc.pages)
    assert "Recommending" in text and "141.40" in text  # the check looked at rendered tables


@pytest.mark.realclient
def test_a_row_whose_text_outgrows_it_would_be_caught(built, tmp_path):
    """The overflow check can fail on a table: a row LibreOffice must grow is reported at its slide."""
    from realclient import glyphs_outside_boxes

    deck = Presentation(str(built))
    number, _, tables = next(annex_tables(deck))
    table = tables[0].table
    run = table.cell(1, 1).text_frame.paragraphs[0].runs[0]
    run.text += " And report on it to the Human Rights Committee before the next review, in full and in public."
    broken = tmp_path / "broken.pptx"
    deck.save(broken)
    problems = glyphs_outside_boxes(broken)
    assert any(p.startswith(f"slide {number}: table row 2, column 2:") for p in problems), problems
