"""Pagination: paragraphs + page boxes -> pages that fit, splitting between paragraphs where it can.

A paragraph moves whole to the next page when it does not fit what is left
of the current one; only a paragraph taller than a whole page is split, at a
line boundary. Headings (keep_with_next) never end a page. Table rows (Row)
are laid out the same way: a row is a paragraph whose lines are its cells'
lines side by side.
"""

from __future__ import annotations

import dataclasses
import enum
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from deckgen.plan.lines import Line, paragraph_lines, runs_of, split_lines
from deckgen.plan.specs import Paragraph


@dataclass(frozen=True)
class Row:
    """A table row: one paragraph per cell, side by side, paginated like one paragraph.

    Its height is its tallest cell's lines plus PADDING (the cells' top and
    bottom margins), which every part of a split row takes again. A row taller
    than a page is split at a line boundary of all its cells at once; in the
    part that continues, a cell whose text is all used up shows its REPEAT
    paragraph (e.g. the recommendation's number with "(cont.)").
    """

    cells: tuple[Paragraph, ...]
    widths: tuple[float, ...]
    """Width of each cell's text, in points (the column less its side margins)."""
    padding: float = 0.0
    repeat: tuple[Paragraph | None, ...] = ()
    keep_with_next: bool = False
    """A header row: never ends a page."""
    space_before: float = 0.0

    @property
    def line_height(self) -> float:
        """Return the pitch of the row's lines (its cells share one size)."""
        return max(cell.line_height for cell in self.cells)

    @property
    def text(self) -> str:
        """Return the row's text, cell by cell."""
        return " | ".join(cell.text for cell in self.cells)

    def cell_lines(self) -> list[list[Line]]:
        """Return each cell's lines."""
        return [paragraph_lines(cell, width) for cell, width in zip(self.cells, self.widths)]


Block = Paragraph | Row
"""What paginate lays out."""


@dataclass(frozen=True)
class Placed:
    """A paragraph (or a part of one) on a page, with the index of the paragraph it came from."""

    source: int
    paragraph: Block
    continued: bool = False
    """This is not the first part of its paragraph."""


@dataclass(frozen=True)
class Page:
    """One page's paragraphs and the height they take."""

    items: tuple[Placed, ...]
    height: float

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """Return the page's paragraphs (or rows)."""
        return tuple(item.paragraph for item in self.items)


PageSize = Callable[[int], tuple[float, float]]
"""Page number (0-based) -> (width, height) in points available for text."""


class DoesNotFit(ValueError):
    """Not even one line of a paragraph fits an empty page."""


def paragraph_height(paragraph: Block, width: float, *, first_on_page: bool) -> float:
    """Return the height PARAGRAPH (or a row) takes in a box WIDTH wide."""
    before = 0.0 if first_on_page else paragraph.space_before
    return before + _line_count(paragraph, width) * paragraph.line_height + _padding(paragraph)


def _line_count(block: Block, width: float) -> int:
    if isinstance(block, Row):
        return max(len(lines) for lines in block.cell_lines())
    return len(paragraph_lines(block, width))


def _padding(block: Block) -> float:
    return block.padding if isinstance(block, Row) else 0.0


def _split(block: Block, width: float, lines: int) -> tuple[Block, Block]:
    """Return BLOCK's first LINES lines and the rest."""
    if isinstance(block, Row):
        heads, tails = [], []
        for i, (cell, cell_lines) in enumerate(zip(block.cells, block.cell_lines())):
            heads.append(dataclasses.replace(cell, runs=runs_of(cell_lines[:lines])))
            rest = cell_lines[lines:]
            repeat = block.repeat[i] if i < len(block.repeat) else None
            tails.append(dataclasses.replace(cell, runs=runs_of(rest)) if rest or repeat is None else repeat)
        return (dataclasses.replace(block, cells=tuple(heads), keep_with_next=False),
                dataclasses.replace(block, cells=tuple(tails)))
    head, tail = split_lines(paragraph_lines(block, width), lines, width - block.indent)
    return (dataclasses.replace(block, runs=head, keep_with_next=False), dataclasses.replace(block, runs=tail))


Continuation = Callable[[int], "Block | None"]
"""Source index of the paragraph a page starts with -> a heading to repeat above it, or None."""


def paginate(paragraphs: Sequence[Block], page_size: PageSize,
             continuation: Continuation = lambda source: None) -> list[Page]:
    """Return PARAGRAPHS laid out over pages of PAGE_SIZE.

    When a page starts inside a group (a finding whose heading is on an earlier
    page), CONTINUATION gives the heading to repeat at its top, e.g.
    "Partially implemented (38) (cont.)", or a table's header row.
    """
    pages: list[Page] = []
    current: list[Placed] = []
    used = 0.0
    queue = deque(Placed(i, p) for i, p in enumerate(paragraphs))

    def close_page() -> None:
        nonlocal current, used
        pages.append(Page(tuple(current), used))
        current, used = [], 0.0

    while queue:
        item = queue.popleft()
        width, height = page_size(len(pages))
        paragraph = item.paragraph
        if not current and pages:
            header = continuation(item.source)
            if header is not None:
                current.append(Placed(-1, _without_space_before(header)))
                used = paragraph_height(header, width, first_on_page=True)
        # A page holding only headings counts as empty: moving on would strand them.
        empty = not any(placed.source >= 0 and not placed.paragraph.keep_with_next for placed in current)
        lines = _line_count(paragraph, width)
        before = paragraph.space_before if current else 0.0
        need = before + lines * paragraph.line_height + _padding(paragraph)
        fate = _fate(paragraph, lines, height - used, height, before, has_content=not empty)
        if fate is Fate.WHOLE:
            follower = queue[0].paragraph if queue else None
            if paragraph.keep_with_next and follower and not empty and _fate(
                    follower, _line_count(follower, width), height - used - need, height,
                    follower.space_before, has_content=True) is Fate.MOVE:
                queue.appendleft(item)  # its paragraph would move on: take the heading along
                close_page()
                continue
            current.append(item if current else dataclasses.replace(item, paragraph=_without_space_before(paragraph)))
            used += need
            continue
        room_lines = int((height - used - before - _padding(paragraph)) // paragraph.line_height)
        if fate is Fate.MOVE or room_lines < 1:
            if not current:
                raise DoesNotFit(f"not one line of {paragraph.text[:40]!r} fits an empty page")
            queue.appendleft(item)
            close_page()
            continue
        # Taller than a page (or under a lone heading): fill this page's remaining lines, carry the rest over.
        head, tail = _split(paragraph, width, room_lines)
        head = dataclasses.replace(head, space_before=before)
        current.append(dataclasses.replace(item, paragraph=head))
        used += before + room_lines * paragraph.line_height + _padding(paragraph)
        queue.appendleft(Placed(item.source, tail, continued=True))
        close_page()
    if current or not pages:
        close_page()
    return pages


class Fate(enum.Enum):
    """What becomes of a paragraph (or row) with what is left of a page."""

    WHOLE = "whole"
    """It fits here."""
    MOVE = "move"
    """It goes whole to the next page, since it fits a fresh one or too little of it would stay here
    (never off a page without content: that would strand its headings)."""
    SPLIT = "split"
    """Its first lines stay here, the rest go on."""


def _fate(paragraph: Block, lines: int, room: float, page_height: float, before: float,
          has_content: bool) -> Fate:
    """Return the Fate of a paragraph (or row) of LINES lines with ROOM left on a page."""
    padding = _padding(paragraph)
    if before + lines * paragraph.line_height + padding <= room:
        return Fate.WHOLE
    room_lines = int((room - before - padding) // paragraph.line_height)
    if has_content and (lines * paragraph.line_height + padding <= page_height or room_lines < 2):
        return Fate.MOVE
    return Fate.SPLIT


def _without_space_before(paragraph: Block) -> Block:
    return dataclasses.replace(paragraph, space_before=0.0) if paragraph.space_before else paragraph
