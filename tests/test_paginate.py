"""Pagination: pages that fit, nothing lost or reordered, headings kept with their text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from deckgen.fonts import Font
from deckgen.plan.lines import paragraph_lines
from deckgen.plan.paginate import DoesNotFit, Stream, paginate, paginate_together, paragraph_height
from deckgen.plan.specs import Paragraph, Run

FONTS = Path(__file__).parents[1] / "deckgen" / "builtin" / "fonts"
REGULAR = Font("Arial", FONTS / "LiberationSans-Regular.ttf")
BOLD = Font("Arial", FONTS / "LiberationSans-Bold.ttf", bold=True)

SIZE = 20.0
LINE = 24.0

SENTENCES = [
    "Measures have been taken to protect children's safety, but cruel treatment in families and closed "
    "children's institutions remains a systemic problem.",
    "For 9 months of 2024 133 minors became victims of rape (data of the Committee on Legal Statistics and "
    "Special Records of the RK General Prosecutor's Office).",
    "Forcing minors into marriage exacerbates societal inequality, restricts freedom of self-determination, and "
    "places girls in vulnerable positions facing violence.",
    "In most cases, it leads to further human rights violations, including rights to health care and physical "
    "and mental integrity.",
    "The RK Children's Rights Commissioner and its regional representatives function on a voluntary basis "
    "without adequate financial, technical and human resources.",
    "Independence or autonomy is not even in the equation.",
]


def para(
    text: str, *, space_before: float = 10.0, keep_with_next: bool = False, bold: bool = False, indent: float = 0.0
) -> Paragraph:
    return Paragraph(
        (Run(text, BOLD if bold else REGULAR, SIZE, "#000000"),),
        LINE,
        space_before=space_before,
        keep_with_next=keep_with_next,
        indent=indent,
    )


def fixed(width: float, height: float):
    return lambda page: (width, height)


def page_height(page, width: float) -> float:
    """Measure PAGE as a renderer would: no space before the first paragraph of the box."""
    return sum(paragraph_height(p, width, first_on_page=i == 0) for i, p in enumerate(page.paragraphs))


def texts_by_source(pages) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for page in pages:
        for item in page.items:
            if item.source >= 0:
                out.setdefault(item.source, []).append(item.paragraph.text)
    return out


def assert_fits(pages, size_of):
    for number, page in enumerate(pages):
        width, height = size_of(number)
        assert page_height(page, width) <= height + 1e-9, f"page {number} overflows"


def assert_nothing_lost(pages, paragraphs):
    """Every paragraph appears once, in order; a split paragraph's parts join back into it."""
    sources = [item.source for page in pages for item in page.items if item.source >= 0]
    assert sources == sorted(sources), "paragraphs out of order"
    assert sorted(set(sources)) == list(range(len(paragraphs))), "a paragraph went missing"
    for source, parts in texts_by_source(pages).items():
        # a part that ends after a hyphen ("self-" / "determination") joins the next without a space
        joined = "".join(
            part + ("" if part.endswith("-") or i == len(parts) - 1 else " ") for i, part in enumerate(parts)
        )
        assert joined == paragraphs[source].text


def test_short_paragraphs_make_one_page():
    paragraphs = [para(t) for t in SENTENCES[:3]]
    pages = paginate(paragraphs, fixed(800, 400))
    assert len(pages) == 1
    assert [p.text for p in pages[0].paragraphs] == [p.text for p in paragraphs]
    # the first paragraph of a page sits at the top of the box: its space before is dropped
    assert pages[0].paragraphs[0].space_before == 0


def test_no_paragraphs_make_one_empty_page():
    pages = paginate([], fixed(800, 400))
    assert len(pages) == 1 and pages[0].items == ()


@pytest.mark.parametrize("width,height", [(400, 200), (444, 345), (864, 389), (600, 130)])
def test_many_paragraphs_make_pages_that_fit(width, height):
    paragraphs = [para(f"{n}. {t}") for n in range(4) for t in SENTENCES]
    pages = paginate(paragraphs, fixed(width, height))
    assert len(pages) > 1
    assert_fits(pages, fixed(width, height))
    assert_nothing_lost(pages, paragraphs)
    total = sum(len(paragraph_lines(p, width)) * p.line_height for p in paragraphs)
    assert len(pages) >= total / height


def test_a_paragraph_moves_whole_when_it_fits_the_next_page():
    """A paragraph never breaks across slides when a slide can hold it whole: each slide's text reads on its own
    (and a line copied from one is the sentence as typed)."""
    paragraphs = [para(t) for t in SENTENCES * 3]
    pages = paginate(paragraphs, fixed(500, 220))
    assert len(pages) > 1
    assert all(len(parts) == 1 for parts in texts_by_source(pages).values())
    assert not any(item.continued for page in pages for item in page.items)


def test_a_paragraph_taller_than_a_page_is_split_at_a_line_boundary():
    text = " ".join(SENTENCES * 4)
    paragraph = para(text)
    width, height = 500.0, 200.0
    original_lines = ["".join(piece.text for piece in line) for line in paragraph_lines(paragraph, width)]
    assert len(original_lines) * LINE > 2 * height
    pages = paginate([para(SENTENCES[5]), paragraph, para(SENTENCES[4])], fixed(width, height))
    assert_fits(pages, fixed(width, height))
    parts = [item for page in pages for item in page.items if item.source == 1]
    assert len(parts) >= 3
    assert [part.continued for part in parts] == [False] + [True] * (len(parts) - 1)
    assert " ".join(part.paragraph.text for part in parts) == text
    # the parts are runs of whole lines of the original, in order
    part_lines = [
        "".join(piece.text for piece in line) for part in parts for line in paragraph_lines(part.paragraph, width)
    ]
    assert part_lines == original_lines
    # the split starts right after the short first paragraph, filling the first page
    assert pages[0].items[0].source == 0 and pages[0].items[1].source == 1
    assert height - page_height(pages[0], width) < LINE
    assert_nothing_lost(pages, [para(SENTENCES[5]), paragraph, para(SENTENCES[4])])


def test_a_line_that_fits_no_page_is_an_error():
    with pytest.raises(DoesNotFit):
        paginate([para(SENTENCES[0])], fixed(500, LINE - 1))


def heading_scenario():
    """A heading whose paragraph has room for two of its lines, but not all, at the foot of a page."""
    width, height = 444.0, 345.0
    filler = para(" ".join(SENTENCES[:2]), space_before=0)
    body = para(" ".join(SENTENCES[3:5]))  # several lines, fits a fresh page
    free = height - paragraph_height(filler, width, first_on_page=True) - LINE  # below filler and heading
    heading = para(
        "Partially implemented (38)",
        bold=True,
        keep_with_next=True,
        space_before=free - (body.space_before + 2 * LINE + 5),
    )
    return [filler, heading, body], width, height


def test_heading_scenario_is_what_it_claims():
    paragraphs, width, height = heading_scenario()
    filler, heading, body = paragraphs
    used = paragraph_height(filler, width, first_on_page=True) + paragraph_height(heading, width, first_on_page=False)
    # the heading and the body's first line fit below the filler, the whole body does not, but fits a fresh page
    assert heading.space_before >= 0 and len(paragraph_lines(heading, width)) == 1
    assert len(paragraph_lines(body, width)) >= 4
    assert used + body.space_before + 2 * LINE <= height
    assert used + paragraph_height(body, width, first_on_page=False) > height
    assert paragraph_height(body, width, first_on_page=True) <= height


def test_heading_moves_with_its_paragraph():
    paragraphs, width, height = heading_scenario()
    pages = paginate(paragraphs, fixed(width, height))
    assert_fits(pages, fixed(width, height))
    assert_nothing_lost(pages, paragraphs)
    assert not pages[0].items[-1].paragraph.keep_with_next, "the heading ends the page"
    assert [item.source for item in pages[1].items][:2] == [1, 2]


def test_heading_moves_when_not_even_a_line_of_text_fits_after_it():
    width, height = 444.0, 345.0
    filler = para(" ".join(SENTENCES[:4]), space_before=0)
    filler_height = paragraph_height(filler, width, first_on_page=True)
    assert height - filler_height < 80
    heading = para(
        "Not implemented (5) – requiring specific actions",
        bold=True,
        keep_with_next=True,
        space_before=height - filler_height - 2 * LINE - 5,
    )  # heading fits, then less than a line
    body = para(SENTENCES[4])
    pages = paginate([filler, heading, body], fixed(width, height))
    assert [[item.source for item in page.items] for page in pages] == [[0], [1, 2]]


def random_groups(rng: random.Random, groups: int):
    """Headings (keep_with_next) each followed by 1-5 paragraphs of random length."""
    paragraphs, group_of = [], []
    for g in range(groups):
        paragraphs.append(
            para(
                f"Heading {g} – " + rng.choice(SENTENCES)[: rng.randint(10, 80)],
                bold=True,
                keep_with_next=True,
                space_before=20,
            )
        )
        group_of.append(g)
        for _ in range(rng.randint(1, 5)):
            words = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))
            paragraphs.append(para(words))
            group_of.append(g)
    return paragraphs, group_of


def test_headings_never_end_a_page():
    rng = random.Random(4)
    stranded = []
    for trial in range(60):
        paragraphs, _ = random_groups(rng, rng.randint(2, 6))
        size_of = fixed(rng.choice([444, 600, 864]), rng.choice([200, 345, 389]))
        pages = paginate(paragraphs, size_of)
        assert_fits(pages, size_of)
        assert_nothing_lost(pages, paragraphs)
        for page in pages[:-1]:
            last = page.items[-1]
            if paragraphs[last.source].keep_with_next and not last.continued:
                stranded.append((trial, last.paragraph.text))
    assert stranded == []


def test_random_layouts_fit_and_lose_nothing():
    rng = random.Random(11)
    for _ in range(60):
        paragraphs, _ = random_groups(rng, rng.randint(1, 6))
        first = (rng.choice([300, 444]), rng.choice([150, 345]))
        rest = (rng.choice([600, 864]), rng.choice([200, 389]))

        def size_of(page, first=first, rest=rest):
            return first if page == 0 else rest

        pages = paginate(paragraphs, size_of)
        assert_fits(pages, size_of)
        assert_nothing_lost(pages, paragraphs)


def continuation_for(paragraphs, group_of):
    """A continuation callback like the planner's: a body paragraph's group heading, marked (cont.)."""
    headings = {g: p for p, g in zip(paragraphs, group_of) if p.keep_with_next}

    def continuation(source: int):
        if paragraphs[source].keep_with_next:
            return None
        heading = headings[group_of[source]]
        return Paragraph(
            heading.runs + (Run(" (cont.)", REGULAR, SIZE, "#555555"),), LINE, space_before=heading.space_before
        )

    return continuation


def test_continuation_heading_tops_a_page_that_starts_mid_group():
    paragraphs, group_of = [], []
    for g in range(3):
        paragraphs.append(para(f"Group {g} heading", bold=True, keep_with_next=True, space_before=20))
        group_of.append(g)
        for t in SENTENCES:
            paragraphs.append(para(f"Group {g}: {t}"))
            group_of.append(g)
    size_of = fixed(600, 250)
    pages = paginate(paragraphs, size_of, continuation_for(paragraphs, group_of))
    assert len(pages) >= 4
    assert_fits(pages, size_of)
    assert_nothing_lost(pages, paragraphs)
    mid_group_starts = 0
    for page in pages[1:]:
        first = page.items[0]
        real = next(item for item in page.items if item.source >= 0)
        if paragraphs[real.source].keep_with_next:
            assert first.source >= 0, "a page that starts with a heading needs no continuation heading"
        else:
            mid_group_starts += 1
            assert first.source == -1
            assert first.paragraph.text == f"Group {group_of[real.source]} heading (cont.)"
            assert first.paragraph.space_before == 0
        assert sum(1 for item in page.items if item.source == -1) <= 1
    assert mid_group_starts >= 2


def test_continuation_heading_over_the_rest_of_a_split_paragraph():
    heading = para("Partially implemented (38)", bold=True, keep_with_next=True)
    long = para(" ".join(SENTENCES * 3))
    paragraphs, group_of = [heading, long], [0, 0]
    size_of = fixed(500, 200)
    pages = paginate(paragraphs, size_of, continuation_for(paragraphs, group_of))
    assert len(pages) >= 3
    assert_fits(pages, size_of)
    assert_nothing_lost(pages, paragraphs)
    for page in pages[1:]:
        assert page.items[0].paragraph.text == "Partially implemented (38) (cont.)"
        assert page.items[1].source == 1 and page.items[1].continued


def test_narrow_first_page_then_wider_pages():
    paragraphs = [para(t) for t in SENTENCES * 3]
    narrow, wide = (300.0, 300.0), (864.0, 300.0)

    def size_of(page):
        return narrow if page == 0 else wide

    pages = paginate(paragraphs, size_of)
    assert len(pages) >= 2
    assert_fits(pages, size_of)
    assert_nothing_lost(pages, paragraphs)
    # the first page was laid out at its own width: it holds fewer paragraphs than a wide page
    # and would not be measured to fit had the wide width been assumed for the later pages
    assert len(pages[0].items) < len(pages[1].items)
    assert page_height(pages[0], 300) > page_height(pages[0], 864)
    # a wide page's content would overflow a narrow page
    assert page_height(pages[1], 300) > narrow[1]


# --- table rows ---------------------------------------------------------------------------------


def row(*texts: str, widths=(60.0, 300.0), padding: float = 8.0, repeat=(), keep_with_next: bool = False):
    from deckgen.plan.paginate import Row

    return Row(
        tuple(para(t, space_before=0.0) for t in texts), widths, padding, repeat=repeat, keep_with_next=keep_with_next
    )


def test_rows_move_whole_under_a_header_repeated_on_every_page():
    header = row("No.", "Text", keep_with_next=True)
    rows = [header] + [row(f"1.{i}", SENTENCES[i % len(SENTENCES)]) for i in range(12)]
    pages = paginate(rows, fixed(360.0, 300.0), lambda source: header)
    assert len(pages) > 2
    placed = []
    for page in pages:
        assert page.items[0].paragraph is header
        assert page_height(page, 360.0) <= 300.0
        placed += [item.paragraph for item in page.items[1:]]
    assert placed == rows[1:]  # none split, none lost, in order


def test_a_row_taller_than_a_page_splits_every_cell_at_one_line_and_repeats_its_number():
    again = para("1.1 (cont.)", space_before=0.0)
    tall = row("1.1", " ".join(SENTENCES * 3), repeat=(again,))
    header = row("No.", "Text", keep_with_next=True)
    pages = paginate([header, tall], fixed(360.0, 300.0), lambda source: header)
    parts = [item.paragraph for page in pages for item in page.items if item.source == 1]
    assert len(parts) == len(pages) >= 2
    assert [part.cells[0].text for part in parts] == ["1.1"] + ["1.1 (cont.)"] * (len(parts) - 1)
    assert " ".join(part.cells[1].text for part in parts) == tall.cells[1].text
    for page in pages:
        assert page_height(page, 360.0) <= 300.0


def test_a_slide_that_continues_stays_full_and_the_last_takes_a_fair_share():
    """Eleven lines on slides ten lines tall: not ten and one ("full, then one line"), nor six and five (a slide
    continued on the next half empty), but the first as full as it can be while the last holds 40% of its own."""
    line = para(SENTENCES[5], space_before=0.0)
    pages = paginate([line] * 11, fixed(500.0, LINE * 10))
    assert [len(page.items) for page in pages] == [7, 4]


def test_a_list_never_carries_its_last_item_over_alone():
    """A list breaks between its items, but its last two go over together (the one before the last keeps with it)."""
    from deckgen.plan.slides.issue import keeps_list_together

    filler = para(SENTENCES[5], space_before=0.0)
    items = [para(SENTENCES[5], space_before=0.0, keep_with_next=keeps_list_together(i, 3)) for i in range(3)]
    # as filled, before a sparse last page is balanced (which would hide what filling did)
    (pages,) = paginate_together([Stream([filler] * 4 + items, fixed(500.0, LINE * 6))], balance=False)
    page_of = {item.source: n for n, page in enumerate(pages) for item in page.items}
    assert len(pages) == 2
    assert page_of[5] == page_of[6], "the last item went over alone"
