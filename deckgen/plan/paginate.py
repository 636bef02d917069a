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
from typing import NamedTuple

from deckgen.plan.lines import Line, paragraph_lines, runs_of, split_lines
from deckgen.plan.overflow import DoesNotFit
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

    @property
    def text(self) -> tuple[Paragraph, ...]:
        """Return the page's paragraphs, for a page of text (flow lays out paragraphs, never rows)."""
        return tuple(p for p in self.paragraphs if isinstance(p, Paragraph))


PageSize = Callable[[int], tuple[float, float]]
"""Page number (0-based) -> (width, height) in points available for text."""


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
        return (
            dataclasses.replace(block, cells=tuple(heads), keep_with_next=False),
            dataclasses.replace(block, cells=tuple(tails)),
        )
    head, tail = split_lines(paragraph_lines(block, width), lines, width - block.indent)
    # the rest of a list item goes on in its indent, without its bullet or number again
    return (
        dataclasses.replace(block, runs=head, keep_with_next=False),
        dataclasses.replace(block, runs=tail, bullet=None),
    )


Continuation = Callable[[int], "Block | None"]
"""Source index of the paragraph a page starts with -> a heading to repeat above it, or None."""


def _no_continuation(source: int) -> None:
    return None


@dataclass(frozen=True)
class Stream:
    """One language's paragraphs of a section, with its page sizes and "(cont.)" headings."""

    paragraphs: Sequence[Block]
    page_size: PageSize
    continuation: Continuation = _no_continuation
    same_slide: frozenset[int] = frozenset()
    """Pages that go on the slide of the page before (a status slide's text under its chart): they repeat
    no heading, and a section's slides are counted without them."""


def paginate(
    paragraphs: Sequence[Block],
    page_size: PageSize,
    continuation: Continuation = _no_continuation,
    same_slide: frozenset[int] = frozenset(),
) -> list[Page]:
    """Return PARAGRAPHS laid out over pages of PAGE_SIZE.

    When a page starts inside a group (a finding whose heading is on an earlier
    page), CONTINUATION gives the heading to repeat at its top, e.g.
    "Partially implemented (38) (cont.)", or a table's header row.
    """
    return paginate_together([Stream(paragraphs, page_size, continuation, same_slide)])[0]


def in_step(streams: Sequence[Stream]) -> bool:
    """Return whether STREAMS hold the same units: as many paragraphs, the same ones keeping with the next."""
    shapes = {tuple(p.keep_with_next for p in s.paragraphs) for s in streams}
    return len(shapes) <= 1


@dataclass
class _Flow:
    """One stream's pages while they are laid out."""

    stream: Stream
    pages: list[Page] = dataclasses.field(default_factory=list)
    current: list[Placed] = dataclasses.field(default_factory=list)
    used: float = 0.0

    def close(self) -> None:
        self.pages.append(Page(tuple(self.current), self.used))
        self.current, self.used = [], 0.0

    def has_content(self) -> bool:
        # A page holding only headings counts as empty: moving on would strand them. A status slide's
        # band under the chart stands under the chart and the column beside it: moving on strands nothing.
        if len(self.pages) in self.stream.same_slide:
            return True
        return any(placed.source >= 0 and not placed.paragraph.keep_with_next for placed in self.current)

    def place(self, item: Placed, need: float) -> None:
        paragraph = item.paragraph
        self.current.append(
            item if self.current else dataclasses.replace(item, paragraph=_without_space_before(paragraph))
        )
        self.used += need


class _Try(NamedTuple):
    """A paragraph (or part) of one stream tried on its current page."""

    flow: _Flow
    block: Block
    width: float
    height: float
    lines: int
    before: float
    need: float
    fate: Fate
    room_lines: int


LAST_FILLED = 0.4
"""A section's last slide filled less than this (of its height) is balanced with the slides before it, to hold
at least this much where the text allows."""


BALANCING_STEPS = 6
"""Halvings of the factor's range (0.5 to 1.0) in balancing: to within 1/128 of a page, a third of a line."""


def paginate_together(
    streams: Sequence[Stream], balance: bool = True, filled: list[list[Page]] | None = None
) -> list[list[Page]]:
    """Return each of STREAMS laid out over pages (see _lay_out), a section's last slide never almost empty.

    A section that needs more than one slide is not "full, then four lines":
    when its last page is under LAST_FILLED full in a language, the pages before it
    (but a status slide's, which is filled first) are made shorter by one
    factor, the largest that leaves every language's last page at least
    LAST_FILLED full with no more pages: the slides that continue stay as full
    as they can be (a slide continued on the next is never half empty) and the
    last one takes a fair share. When no factor gets there, the text is spread
    as evenly as the pages allow (the least factor that needs no more pages).
    Without BALANCE the pages are left as filled: as many as balanced ones (balancing
    never adds a page), for plan.together to count the slides of a type scale it may not take.
    FILLED: what paginate_together(STREAMS, balance=False) returned, to balance without filling again.
    """
    laid = _lay_out(streams) if filled is None else filled
    if not balance or not any(_sparse(stream, pages) for stream, pages in zip(streams, laid)):
        return laid
    # The last page fills up as the factor falls, until a page more is needed: search from full (1.0) down
    # for the largest factor whose last pages are filled enough, keeping the most even layout met on the way.
    low, high = 0.5, 1.0
    fullest: list[list[Page]] | None = None
    evenest = laid
    for _ in range(BALANCING_STEPS):
        middle = (low + high) / 2
        try:
            trial = _lay_out(streams, middle)
        except DoesNotFit:
            low = middle
            continue
        if not all(
            len(t) == len(pages) and not _has_empty_page(stream, t) and _splits(t) <= _splits(pages)
            for t, pages, stream in zip(trial, laid, streams)
        ):
            low = middle
            continue
        evenest = trial
        if any(_sparse(stream, t) for stream, t in zip(streams, trial)):
            high = middle
        else:
            fullest, low = trial, middle
    return fullest if fullest is not None else evenest


def _splits(pages: list[Page]) -> int:
    """Return how many paragraphs PAGES cut between pages: balancing may not cut more than filling did."""
    return sum(1 for page in pages for item in page.items if item.continued and item.source >= 0)


def _has_empty_page(stream: Stream, pages: list[Page]) -> bool:
    """Return whether a slide of PAGES (but a band on the slide before) would show nothing but a heading."""
    return any(
        i not in stream.same_slide and not any(item.source >= 0 for item in page.items) for i, page in enumerate(pages)
    )


def _sparse(stream: Stream, pages: list[Page]) -> bool:
    """Return whether PAGES (of STREAM) make more than one slide and the last is under LAST_FILLED full."""
    slides = len(pages) - sum(1 for i in stream.same_slide if i < len(pages))
    if slides < 2 or not pages[-1].items:
        return False
    return pages[-1].height < LAST_FILLED * stream.page_size(len(pages) - 1)[1]


def _lay_out(streams: Sequence[Stream], scale: float = 1.0) -> list[list[Page]]:
    """Return each of STREAMS laid out over pages, every page break before the same paragraph in all of them.

    The streams are the same section in several languages: paragraph i of each
    is the same content (see in_step). A paragraph goes on the next page when
    it does not fit in any language, so page N holds the same paragraphs in
    every language, the longer text deciding; a paragraph taller than a page
    is split at a line boundary of its own language. Single-stream, this is
    paginate: a heading (keep_with_next) never ends a page, nor does a chain of
    paragraphs that keep with the next one when the chain can move whole.
    """
    flows = [_Flow(s) for s in streams]
    units = len(streams[0].paragraphs) if streams else 0
    # A step places one paragraph (or the rest of a split one) in every stream; None: nothing left in that one.
    queue: deque[tuple[int, list[Block | None], bool]] = deque(
        (i, [s.paragraphs[i] for s in streams], False) for i in range(units)
    )

    def close_all() -> None:
        for f in flows:
            f.close()

    while queue:
        source, blocks, continued = queue.popleft()
        plans: list[_Try | None] = []
        for index, (f, block) in enumerate(zip(flows, blocks)):
            width, height = f.stream.page_size(len(f.pages))
            if not (f.stream.same_slide and (len(f.pages) == 0 or len(f.pages) in f.stream.same_slide)):
                height *= scale  # a status slide is filled first: its chart's column and the band under it
            if block is None:
                plans.append(None)
                continue
            if not f.current and f.pages and len(f.pages) not in f.stream.same_slide:
                header = f.stream.continuation(source)
                if header is not None:
                    f.current.append(Placed(-1, _without_space_before(header)))
                    f.used = paragraph_height(header, width, first_on_page=True)
            lines = _line_count(block, width)
            before = block.space_before if f.current else 0.0
            need = before + lines * block.line_height + _padding(block)
            wraps = len(f.pages) + 1 in f.stream.same_slide
            fate = _fate(block, lines, height - f.used, height, before, has_content=f.has_content(), wraps=wraps)
            room_lines = int((height - f.used - before - _padding(block)) // block.line_height)
            if fate is Fate.SPLIT and room_lines < 1:
                if not f.current:
                    raise DoesNotFit(f"not one line of {block.text[:40]!r} fits an empty page", index)
                fate = Fate.MOVE
            plans.append(_Try(f, block, width, height, lines, before, need, fate, room_lines))
        live = [p for p in plans if p is not None]
        if any(p.fate is Fate.MOVE for p in live):
            queue.appendleft((source, blocks, continued))
            close_all()
            continue
        if all(p.fate is Fate.WHOLE for p in live):
            if any(
                p.block.keep_with_next
                and p.flow.has_content()
                and _chain_moves(p, queue, i, len(p.flow.pages) + 1 in p.flow.stream.same_slide)
                for i, p in enumerate(plans)
                if p is not None
            ):
                queue.appendleft((source, blocks, continued))  # what keeps with it would move on: take it along
                close_all()
                continue
            for p in live:
                p.flow.place(Placed(source, p.block, continued), p.need)
            continue
        # Taller than a page (or under a lone heading) in some language: fill this page, carry the rest over.
        tails: list[Block | None] = []
        for tried in plans:
            if tried is None:
                tails.append(None)
                continue
            f, block, width, height, lines, before, need, fate, room_lines = tried
            if fate is Fate.WHOLE:
                f.place(Placed(source, block, continued), need)
                tails.append(None)
                continue
            head, tail = _split(block, width, room_lines)
            f.current.append(Placed(source, dataclasses.replace(head, space_before=before), continued))
            f.used += before + room_lines * block.line_height + _padding(block)
            tails.append(tail)
        close_all()
        queue.appendleft((source, tails, True))
    if any(f.current for f in flows) or not (flows and flows[0].pages):
        close_all()
    return [f.pages for f in flows]


def _chain_moves(
    plan: _Try, queue: deque[tuple[int, list[Block | None], bool]], stream: int, column: bool = False
) -> bool:
    """Return whether the paragraphs that keep with PLAN's (in STREAM) would not stay with it on this page.

    The chain runs on while paragraphs keep with the next; its last paragraph
    may be split, the others must fit whole. COLUMN: the next page is on the
    same slide (the band under a status slide's chart), so a list may go on
    there: a list item keeps no other with it, and a heading only the start
    of its first (which may wrap on under the chart).
    """
    if column and getattr(plan.block, "bullet", None) is not None:
        return False
    width, height = plan.width, plan.height
    room = height - plan.flow.used - plan.need
    for _, blocks, _ in queue:
        follower = blocks[stream]
        if follower is None:
            return False
        follower_lines = _line_count(follower, width)
        follower_fate = _fate(
            follower, follower_lines, room, height, follower.space_before, has_content=True, wraps=column
        )
        if column:
            return follower_fate is Fate.MOVE
        if not follower.keep_with_next:
            return follower_fate is Fate.MOVE
        if follower_fate is not Fate.WHOLE:
            return True
        room -= follower.space_before + follower_lines * follower.line_height + _padding(follower)
    return False


class Fate(enum.Enum):
    """What becomes of a paragraph (or row) with what is left of a page."""

    WHOLE = "whole"
    """It fits here."""
    MOVE = "move"
    """It goes whole to the next page, since it fits a fresh one or too little of it would stay here
    (never off a page without content: that would strand its headings)."""
    SPLIT = "split"
    """Its first lines stay here, the rest go on."""


WRAP_LINES = 2
"""The fewest lines of a paragraph that stay in the column beside a chart when the rest goes on under it."""


def _wraps(block: Block) -> bool:
    """Return whether BLOCK may wrap from a chart's column to the band under it: running text, not a heading
    (which stays with what follows it) nor a list item (a list breaks between its items)."""
    return isinstance(block, Paragraph) and block.bullet is None and not block.keep_with_next


def _fate(
    paragraph: Block,
    lines: int,
    room: float,
    page_height: float,
    before: float,
    has_content: bool,
    wraps: bool = False,
) -> Fate:
    """Return the Fate of a paragraph (or row) of LINES lines with ROOM left on a page.

    WRAPS: the next page is on the same slide (the column beside a status slide's chart, then the band
    under it): a paragraph wraps around the chart as text wraps around a figure, its first lines
    beside it (WRAP_LINES at least) and the rest under it, rather than leave the column half empty.
    """
    padding = _padding(paragraph)
    if before + lines * paragraph.line_height + padding <= room:
        return Fate.WHOLE
    room_lines = int((room - before - padding) // paragraph.line_height)
    if wraps and _wraps(paragraph) and room_lines >= WRAP_LINES and lines - room_lines >= WRAP_LINES:
        return Fate.SPLIT
    if has_content and (lines * paragraph.line_height + padding <= page_height or room_lines < 2):
        return Fate.MOVE
    if wraps and room_lines < WRAP_LINES:
        # a heading alone at the column's foot is not stranded: its text goes on right under the chart, whole,
        # rather than leave one line of a sentence beside the chart
        return Fate.MOVE
    return Fate.SPLIT


def _without_space_before(paragraph: Block) -> Block:
    return dataclasses.replace(paragraph, space_before=0.0) if paragraph.space_before else paragraph
