"""The annex: per issue, a table of its tracked recommendations (number, text, States, response, status)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import cast

from deckgen.content.model import Issue
from deckgen.fonts import text_width
from deckgen.plan import wording
from deckgen.plan.context import Context
from deckgen.plan.fit import SLACK, Unfit
from deckgen.plan.layout import BODY_BOTTOM, CONTENT_WIDTH, MARGIN, TABLE_INSET_X, TABLE_INSET_Y, body_top
from deckgen.plan.lines import break_lines
from deckgen.plan.paginate import DoesNotFit, Row, paginate, paragraph_height
from deckgen.plan.slides.chrome import continued_titles
from deckgen.plan.specs import Box, Paragraph, Run, SlideKind, SlideSpec, TableCell, TableSpec

ANNEX_COLUMNS = ("id", "recommendation", "states", "response", "status")
"""The annex table's columns, left to right; their headings are the locale's annex.<column> labels."""
ANNEX_COLUMN_SHARE = {"id": 0.1, "response": 0.12, "status": 0.13}
"""The most of the table's width a column takes (less when its text is shorter, more when a word needs it);
the recommendation and the States share the rest. Two-word labels may wrap under each other."""
ANNEX_STATES_SHARES = (0.16, 0.2, 0.24, 0.28)
EMPTY_CELL = "—"
"""What a cell shows when the content leaves it empty (no States named, no response), so no cell looks forgotten."""
"""Shares of the table's width the States' column may take: the one that makes the table shortest wins."""


def annex_slides(ctx: Context, number: int, issue: Issue) -> list[SlideSpec]:
    """Return ISSUE's annex: a table of its tracked recommendations, continued across slides as it needs."""
    tracked = issue.review.recommendations
    if not tracked:
        return []
    loc, c = ctx.locale, ctx.colours
    issue_title = wording.issue_title(loc, number, issue)
    titles = continued_titles(ctx, [(loc.text("annex.title", issue=issue_title), True)], ("issue", number - 1, "title"))
    size = ctx.sizes.table
    header = [ctx.run(loc.text(f"annex.{column}"), size, bold=True, color=c.band_text) for column in ANNEX_COLUMNS]
    body = [
        [
            ctx.run(r.id, size, bold=True),
            ctx.run(r.text, size),
            ctx.run(", ".join(r.states) or EMPTY_CELL, size),
            ctx.run(loc.text(f"response.{r.response.value}") if r.response else EMPTY_CELL, size),
            ctx.run(loc.status(r.status.value), size, bold=True, color=c.status[r.status.value].text)
            if r.status
            else ctx.run(loc.status("to_assess"), size, bold=True, color=c.muted),
        ]
        for r in tracked
    ]
    # A row split across slides repeats its number in the next part: "141.12 (cont.)".
    continued = [ctx.run(f"{r.id} {loc.text('continued')}", size, bold=True) for r in tracked]
    line = ctx.line_height(size)
    padding = 2 * TABLE_INSET_Y + SLACK * line

    def page_size(page: int) -> tuple[float, float]:
        return CONTENT_WIDTH, BODY_BOTTOM - body_top(titles(page).box)

    def rows_in(widths: tuple[float, ...]) -> list[Row]:
        text_widths = tuple(w - 2 * TABLE_INSET_X for w in widths)
        header_row = Row(tuple(Paragraph((run,), line) for run in header), text_widths, padding, keep_with_next=True)
        return [header_row] + [
            Row(
                tuple(Paragraph((run,) if run.text else (), line) for run in runs),
                text_widths,
                padding,
                repeat=(Paragraph((again,), line),),
            )
            for runs, again in zip(body, continued)
        ]

    widths = column_widths(header, body, (), CONTENT_WIDTH)
    rows = rows_in(widths)
    under_header = min(page_size(0)[1], page_size(1)[1]) - paragraph_height(rows[0], CONTENT_WIDTH, first_on_page=True)
    if any(paragraph_height(r, CONTENT_WIDTH, first_on_page=True) > under_header for r in rows[1:]):
        # Some row will be split: its number column must hold "(cont.)" unbroken too.
        widths = column_widths(header, body, continued, CONTENT_WIDTH)
        rows = rows_in(widths)
    header_row = rows[0]

    try:
        # balanced in this language, then in step with the others (the longest text deciding)
        pages = ctx.paginate(
            ("annex", number - 1), rows, balanced(rows, page_size, lambda source: header_row), lambda source: header_row
        )
    except DoesNotFit as error:
        raise Unfit(str(error), ("issue", number - 1, "review", "recommendations")) from None
    alt = loc.text("annex.alt", issue=issue_title)
    slides = []
    for page_number, page in enumerate(pages):
        top = body_top(titles(page_number).box)
        heights = tuple(paragraph_height(item.paragraph, CONTENT_WIDTH, first_on_page=True) for item in page.items)
        cells = tuple(
            tuple(
                TableCell(
                    (paragraph,), c.band if item.source <= 0 else c.table_band if item.source % 2 == 0 else c.background
                )
                for paragraph in cast(Row, item.paragraph).cells
            )
            for item in page.items
        )
        table = TableSpec(
            Box(MARGIN, top, CONTENT_WIDTH, sum(heights)),
            widths,
            heights,
            cells,
            TABLE_INSET_X,
            TABLE_INSET_Y,
            alt_text=alt,
            name="Annex table",
        )
        slides.append(SlideSpec(SlideKind.ANNEX, titles(page_number), (table,)))
    return slides


def balanced(rows: list[Row], page_size, continuation):
    """Return PAGE_SIZE capped so that ROWS fill as few slides as they need, spread evenly over them.

    Paginating fills each slide in turn, which can leave the last one holding a
    single row ("(cont. 10)" with one recommendation). So the pages are filled
    only up to the lowest height that still needs no more slides, found by
    bisection: every slide then holds about as much as the others.
    """
    pages = paginate(rows, page_size, continuation)
    if len(pages) < 2:
        return page_size
    full = max(page_size(page)[1] for page in range(len(pages)))
    low = paragraph_height(rows[0], CONTENT_WIDTH, first_on_page=True) + max(
        paragraph_height(row, CONTENT_WIDTH, first_on_page=True) for row in rows[1:]
    )
    low, high, best = min(low, full), full, page_size
    for _ in range(10):
        if high - low < 2:  # points: a row is far taller, so the split found is the balanced one
            break
        middle = (low + high) / 2
        try:
            trial = paginate(rows, _capped(page_size, middle), continuation)
        except DoesNotFit:
            trial = None
        if trial is not None and len(trial) <= len(pages):
            best, high = _capped(page_size, middle), middle
        else:
            low = middle
    return best


def _capped(page_size, cap: float):
    """Return PAGE_SIZE with every page's height at most CAP."""

    def size(page: int) -> tuple[float, float]:
        width, height = page_size(page)
        return width, min(cap, height)

    return size


def column_widths(
    header: Sequence[Run], body: Sequence[Sequence[Run]], unbroken: Sequence[Run], width: float
) -> tuple[float, ...]:
    """Return the annex table's column widths within WIDTH, chosen by their text.

    The short columns (ANNEX_COLUMN_SHARE) are as wide as their longest cell, up
    to their share of WIDTH, and never narrower than their longest word (nor than
    the words of UNBROKEN, runs that may go into them). The recommendation and
    the States share the rest: of a few splits, the one that makes the table
    shortest, the recommendation's text keeping the larger part.
    """
    inset = 2 * TABLE_INSET_X

    def widest(runs: Sequence[Run], words: bool) -> float:
        return max(
            (
                text_width(piece, run.font.file, run.size)
                for run in runs
                for piece in (run.text.split() if words else [run.text])
                if piece
            ),
            default=0.0,
        )

    floors = [widest([header[j], *(cells[j] for cells in body)], words=True) + inset for j in range(len(ANNEX_COLUMNS))]
    floors[0] = max(floors[0], widest(unbroken, words=True) + inset)
    widths: dict[str, float] = {}
    for j, column in enumerate(ANNEX_COLUMNS):
        if column in ("recommendation", "states"):
            continue
        natural = max(widest([cells[j] for cells in body], words=False), widest([header[j]], words=True)) + inset
        widths[column] = max(min(natural, ANNEX_COLUMN_SHARE[column] * width), floors[j])
    text_column, states_column = ANNEX_COLUMNS.index("recommendation"), ANNEX_COLUMNS.index("states")
    rest = width - sum(widths.values())

    def table_lines(states_width: float) -> int:
        recommendation_width = rest - states_width
        return sum(
            max(
                len(break_lines((cells[text_column],), recommendation_width - inset)),
                len(break_lines((cells[states_column],), states_width - inset)),
            )
            for cells in body
        )

    candidates = sorted({max(share * width, floors[states_column]) for share in ANNEX_STATES_SHARES})
    widths["states"] = min(candidates, key=table_lines)
    # Rounded up to 1/100 pt, so a column as wide as its longest word still holds it; the text gives way.
    widths = {column: math.ceil(w * 100) / 100 for column, w in widths.items()}
    widths["recommendation"] = round(width - sum(widths.values()), 2)
    return tuple(widths[column] for column in ANNEX_COLUMNS)
