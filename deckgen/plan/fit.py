"""The fitting engine: the font sizes to try, and text fitted to its box or flowed over pages.

Every text box keeps SLACK of a line free at its bottom. Fitting picks the
largest size whose paragraphs fit; flowing paginates at the deck's one body
size (which plan.together picks for the whole deck).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from deckgen.plan.context import Context
from deckgen.plan.lines import paragraph_lines, without_runt
from deckgen.plan.overflow import Unfit
from deckgen.plan.paginate import Continuation, DoesNotFit, Page, Row, paragraph_height
from deckgen.plan.specs import Box, Paragraph

SLACK = 0.25
"""Fraction of a line kept free at the bottom of every text box: viewers place the first baseline differently."""


def size_range(largest: float, smallest: float) -> list[float]:
    """Return font sizes to try, largest first, in 1 pt steps."""
    out = []
    size = float(largest)
    while size > smallest:
        out.append(size)
        size -= 1
    return out + [float(smallest)]


def height(paragraphs: Sequence[Paragraph], width: float, slack: bool = False) -> float:
    """Return the height PARAGRAPHS take in a box WIDTH wide (plus the bottom SLACK when SLACK)."""
    total = sum(paragraph_height(p, width, first_on_page=i == 0) for i, p in enumerate(paragraphs))
    if slack and paragraphs:
        total += SLACK * paragraphs[-1].line_height
    return total


def fit(
    make: Callable[[float], Sequence[Paragraph]],
    box: Box,
    sizes: Sequence[float],
    key_path: tuple,
    max_lines: int | None = None,
) -> tuple[Paragraph, ...]:
    """Return MAKE(size) for the largest of SIZES whose paragraphs fit BOX (and MAX_LINES)."""
    for size in sizes:
        paragraphs = tuple(make(size))
        lines = sum(len(paragraph_lines(p, box.width)) for p in paragraphs)
        if height(paragraphs, box.width) <= box.height and (max_lines is None or lines <= max_lines):
            return paragraphs
    raise Unfit(
        f"text does not fit its box even at {sizes[-1]:g} pt: {' '.join(p.text for p in make(sizes[-1]))[:60]!r}",
        key_path,
    )


def flow(
    ctx: Context,
    make: Callable[[float], tuple[list[Paragraph], Continuation]],
    box_of: Callable[[int], Box],
    key_path: tuple,
    same_slide: frozenset[int] = frozenset(),
) -> list[Page]:
    """Return MAKE's paragraphs at the deck's body size, paginated over the boxes BOX_OF gives page by page.

    The pages are the deck's pager's (languages built together share their
    breaks); each paragraph's last line is then kept from holding one word
    alone where moving a word down fixes it.
    """
    size = ctx.body

    def size_of(page: int) -> tuple[float, float]:
        box = box_of(page)
        return box.width, box.height - SLACK * ctx.line_height(size)

    paragraphs, continuation = make(size)
    try:
        pages = ctx.paginate(key_path, paragraphs, size_of, continuation, same_slide)
    except DoesNotFit as error:
        raise Unfit(str(error), key_path) from None
    return [
        settled(
            page,
            box_of(number).width,
            split=number + 1 < len(pages)
            and any(item.continued and item.source == page.items[-1].source for item in pages[number + 1].items),
        )
        for number, page in enumerate(pages)
    ]


def settled(page: Page, width: float, split: bool = False) -> Page:
    """Return PAGE with each paragraph's last line kept from holding a word alone (see lines.without_runt).

    SPLIT: the page's last paragraph goes on over the page, so its last line here is not its last.
    """
    last = len(page.items) - 1
    items = tuple(
        item
        if isinstance(item.paragraph, Row) or item.source < 0 or (split and i == last)
        else dataclasses.replace(item, paragraph=without_runt(item.paragraph, width))
        for i, item in enumerate(page.items)
    )
    return dataclasses.replace(page, items=items)
