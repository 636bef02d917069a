"""The report's status slides use their space: a compact chart, text beside it and on under it at full width.

Measured on the plan (the shipped languages planned together, page for page), not on a rendering.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_paginate import LINE, SENTENCES, fixed, para

from deckgen.plan.fit import height
from deckgen.plan.layout import BODY_BOTTOM, CONTENT_WIDTH
from deckgen.plan.paginate import Stream, paginate_together
from deckgen.plan.specs import ChartSpec, Role, SlideKind, TextSpec
from deckgen.plan.ties import plain
from deckgen.prepare import prepare_sets

from conftest import REPORT

ROOT = Path(__file__).parents[1]


@pytest.fixture(scope="module")
def reports():
    return {p.loaded.content.deck.language: p for p in prepare_sets(ROOT / "content", options=REPORT)}


def chart_of(slide) -> ChartSpec:
    (chart,) = [e for e in slide.elements if isinstance(e, ChartSpec)]
    return chart


def bodies(slide) -> list[TextSpec]:
    return [e for e in slide.elements if isinstance(e, TextSpec) and e.role == Role.BODY]


def filled(slide) -> float:
    """Return the share of the room beside and under a status slide's chart that its text takes."""
    chart = chart_of(slide).box
    room = CONTENT_WIDTH * (BODY_BOTTOM - chart.top) - chart.width * chart.height
    return sum(height(b.paragraphs, b.box.width) * b.box.width for b in bodies(slide)) / room


def test_a_continued_status_slide_is_filled_beside_and_under_its_chart(reports):
    """Before a "(cont.)" slide, the status slide holds what fits beside and under its chart in the language
    that sets the breaks (the longest text): no empty column beside a chart while the text goes on elsewhere."""
    plans = [p.plan for p in reports.values()]
    continued = [
        i
        for i, slide in enumerate(plans[0].slides[:-1])
        if slide.kind == SlideKind.STATUS and plans[0].slides[i + 1].kind == SlideKind.FINDINGS
    ]
    assert continued, "the shipped report continues some status slides"
    for i in continued:
        fullest = max(filled(plan.slides[i]) for plan in plans)
        assert fullest >= 0.3, f"slide {i + 1}: {fullest:.0%} of the room beside and under the chart"


def test_a_three_status_chart_leaves_six_lines_under_it(reports):
    """The chart is a label line and a thin bar per status: the band under it holds text, not air."""
    for prepared in reports.values():
        for slide in prepared.plan.slides:
            if slide.kind == SlideKind.STATUS and len(chart_of(slide).bars) == 3:
                under = BODY_BOTTOM - chart_of(slide).box.bottom
                assert under >= 6 * 24, (prepared.loaded.content_dir.name, slide.title_text, under)


def test_findings_flow_under_the_chart_at_full_width_before_any_continuation(reports):
    """Children's rights: the first finding's text goes on under the chart, at full width and whole (its heading
    at the column's foot, rather than one line of its sentence beside the chart), then the second finding.
    Freedom of religion: its list of three starts under the chart and all of it stays there: one slide."""
    slides = reports["en"].plan.slides
    children = next(s for s in slides if s.title_text == "Issue 2: Children's rights")
    beside, under = bodies(children)
    (cycle,) = [e for e in children.elements if isinstance(e, TextSpec) and e.role == Role.SUBTITLE]
    chart = chart_of(children).box
    # the cycle line heads the column beside the chart, which starts at the body's top
    assert plain(cycle.paragraphs[0].text) == "3rd UPR cycle – about 40 recommendations"
    assert cycle.box.left == beside.box.left > chart.right and cycle.box.top == chart.top < beside.box.top
    assert plain(beside.paragraphs[-1].text).startswith("Implemented (1) – recommendation regarding")
    assert under.box.width == CONTENT_WIDTH and under.box.top > chart_of(children).box.bottom
    assert plain(under.paragraphs[0].text) == (
        "The 3rd Optional Protocol was ratified by the Law of the Republic of Kazakhstan on 19 December 2023 "
        "(No. 47-VIII)."
    )
    assert plain(under.paragraphs[1].text).startswith("Partially implemented (38) – incl. recommendations")
    religion = next(s for s in slides if s.title_text == "Issue 1: Freedom of Religion and Belief")
    beside, under = bodies(religion)
    assert [p.bullet for p in under.paragraphs] == [None, "•", "•", "•"]  # the heading, with its three items
    assert plain(under.paragraphs[0].text).startswith("Not implemented (5)")
    assert slides[slides.index(religion) + 1].kind == SlideKind.RECOMMENDATIONS


def test_the_cycle_line_starts_at_one_height_on_every_status_slide(reports):
    for prepared in reports.values():
        tops = {
            e.box.top
            for s in prepared.plan.slides
            if s.kind == SlideKind.STATUS
            for e in s.elements
            if isinstance(e, TextSpec) and e.role == Role.SUBTITLE
        }
        assert len(tops) == 1, tops


# -- the column beside the chart and the band under it, paginated ------------------------------------------

COLUMN, BAND, SLIDE = (400.0, 5 * LINE), (860.0, 6 * LINE), (860.0, 15 * LINE)


def status_pages(paragraphs, column=COLUMN):
    """Return PARAGRAPHS over a status slide's COLUMN (page 0) and band (page 1), then whole slides."""
    sizes = {0: column, 1: BAND}
    stream = Stream(paragraphs, lambda page: sizes.get(page, SLIDE), same_slide=frozenset({1}))
    return paginate_together([stream])[0]


def test_running_text_wraps_from_the_column_to_the_band_under_the_chart():
    long = para(" ".join(SENTENCES[:3]), space_before=0.0)
    pages = status_pages([para(SENTENCES[5], space_before=0.0), long])
    column, band = pages[0], pages[1]
    assert [i.source for i in column.items] == [0, 1] and [i.source for i in band.items] == [1]
    assert band.items[0].continued  # the rest of the paragraph, under the chart
    assert column.height > COLUMN[1] - 2 * LINE  # the column is full


def test_a_list_item_or_heading_does_not_wrap_but_goes_under_the_chart_whole():
    heading = para("Not implemented (5) – requiring specific actions, incl.:", keep_with_next=True, bold=True)
    item = para(SENTENCES[1] + " " + SENTENCES[2], indent=22.0)
    item = type(item)(item.runs, item.line_height, item.space_before, item.indent, "•")
    pages = status_pages([para(SENTENCES[0], space_before=0.0), heading, item])
    assert [i.source for i in pages[0].items] == [0]  # the heading goes where its first item goes
    assert [(i.source, i.continued) for i in pages[1].items] == [(1, False), (2, False)]


def test_a_heading_whose_text_starts_in_the_column_stays_there():
    heading = para("Partially implemented (38) – incl.", keep_with_next=True, bold=True)
    paragraphs = [para(SENTENCES[5], space_before=0.0), heading, para(" ".join(SENTENCES[:3]))]
    pages = status_pages(paragraphs, (COLUMN[0], 7 * LINE))
    assert [i.source for i in pages[0].items] == [0, 1, 2]
    assert [(i.source, i.continued) for i in pages[1].items] == [(2, True)]


def test_fixed_pages_never_wrap():
    """Between whole slides a paragraph moves whole (only one taller than a slide is split)."""
    stream = Stream([para(SENTENCES[5], space_before=0.0), para(" ".join(SENTENCES[:3]))], fixed(860.0, 6 * LINE))
    pages = paginate_together([stream])[0]
    assert [[(i.source, i.continued) for i in p.items] for p in pages] == [[(0, False)], [(1, False)]]
