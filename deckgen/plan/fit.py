"""The fitting engine: the font sizes to try, and text fitted to its box or flowed over pages.

Every text box keeps SLACK of a line free at its bottom. Fitting picks the
largest size whose paragraphs fit; flowing picks the largest body size that
needs no more pages than the smallest would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from deckgen.plan.context import Context
from deckgen.plan.lines import paragraph_lines
from deckgen.plan.paginate import Continuation, DoesNotFit, Page, paginate, paragraph_height
from deckgen.plan.specs import Box, Paragraph

SLACK = 0.25
"""Fraction of a line kept free at the bottom of every text box: viewers place the first baseline differently."""


class Unfit(DoesNotFit):
    """Text that fits its box (or pages) at no size allowed; WHERE names the content it comes from."""

    def __init__(self, message: str, where: tuple = ()):
        super().__init__(message)
        self.where = where


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


def fit(make: Callable[[float], Sequence[Paragraph]], box: Box, sizes: Sequence[float],
        where: tuple, max_lines: int | None = None) -> tuple[Paragraph, ...]:
    """Return MAKE(size) for the largest of SIZES whose paragraphs fit BOX (and MAX_LINES)."""
    for size in sizes:
        paragraphs = tuple(make(size))
        lines = sum(len(paragraph_lines(p, box.width)) for p in paragraphs)
        if height(paragraphs, box.width) <= box.height and (max_lines is None or lines <= max_lines):
            return paragraphs
    raise Unfit(f"text does not fit its box even at {sizes[-1]:g} pt: "
                f"{' '.join(p.text for p in make(sizes[-1]))[:60]!r}", where)


def flow(ctx: Context, make: Callable[[float], tuple[list[Paragraph], Continuation]], box_of: Callable[[int], Box],
         where: tuple) -> list[Page]:
    """Return MAKE's paragraphs paginated at the largest body size that needs no more pages than the smallest."""
    s = ctx.sizes.body

    def size_of(page: int) -> tuple[float, float]:
        box = box_of(page)
        return box.width, box.height - SLACK * ctx.line_height(s.max)

    def pages_at(size: float) -> list[Page]:
        paragraphs, continuation = make(size)
        return paginate(paragraphs, size_of, continuation)

    try:
        smallest = pages_at(s.min)
        for size in size_range(s.max, s.min)[:-1]:
            pages = pages_at(size)
            if len(pages) <= len(smallest):
                return pages
    except DoesNotFit as error:
        raise Unfit(str(error), where) from None
    return smallest
