"""Pagination: paragraphs + page boxes -> pages that fit, splitting between paragraphs where it can.

A paragraph moves whole to the next page when it does not fit what is left
of the current one; only a paragraph taller than a whole page is split, at a
line boundary. Headings (keep_with_next) never end a page.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from deckgen.plan.measure import paragraph_lines, runs_of
from deckgen.plan.specs import Paragraph


@dataclass(frozen=True)
class Placed:
    """A paragraph (or a part of one) on a page, with the index of the paragraph it came from."""

    source: int
    paragraph: Paragraph
    continued: bool = False
    """This is not the first part of its paragraph."""


@dataclass(frozen=True)
class Page:
    """One page's paragraphs and the height they take."""

    items: tuple[Placed, ...]
    height: float

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Return the page's paragraphs."""
        return tuple(item.paragraph for item in self.items)


PageSize = Callable[[int], tuple[float, float]]
"""Page number (0-based) -> (width, height) in points available for text."""


class DoesNotFit(ValueError):
    """Not even one line of a paragraph fits an empty page."""


def paragraph_height(paragraph: Paragraph, width: float, *, first_on_page: bool) -> float:
    """Return the height PARAGRAPH takes in a box WIDTH wide."""
    before = 0.0 if first_on_page else paragraph.space_before
    return before + len(paragraph_lines(paragraph, width)) * paragraph.line_height


Continuation = Callable[[int], "Paragraph | None"]
"""Source index of the paragraph a page starts with -> a heading to repeat above it, or None."""


def paginate(paragraphs: Sequence[Paragraph], page_size: PageSize,
             continuation: Continuation = lambda source: None) -> list[Page]:
    """Return PARAGRAPHS laid out over pages of PAGE_SIZE.

    When a page starts inside a group (a finding whose heading is on an earlier
    page), CONTINUATION gives the heading to repeat at its top, e.g.
    "Partially implemented (38) (cont.)".
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
                used = len(paragraph_lines(header, width)) * header.line_height
        # A page holding only headings counts as empty: moving on would strand them.
        empty = not any(placed.source >= 0 and not placed.paragraph.keep_with_next for placed in current)
        lines = paragraph_lines(paragraph, width)
        before = paragraph.space_before if current else 0.0
        need = before + len(lines) * paragraph.line_height
        fate = _fate(paragraph, len(lines), height - used, height, before, has_content=not empty)
        if fate == _WHOLE:
            follower = queue[0].paragraph if queue else None
            if paragraph.keep_with_next and follower and not empty and _fate(
                    follower, len(paragraph_lines(follower, width)), height - used - need, height,
                    follower.space_before, has_content=True) == _MOVE:
                queue.appendleft(item)  # its paragraph would move on: take the heading along
                close_page()
                continue
            current.append(item if current else dataclasses.replace(item, paragraph=_without_space_before(paragraph)))
            used += need
            continue
        room_lines = int((height - used - before) // paragraph.line_height)
        if fate == _MOVE or room_lines < 1:
            if not current:
                raise DoesNotFit(f"not one line of {paragraph.text[:40]!r} fits an empty page")
            queue.appendleft(item)
            close_page()
            continue
        # Taller than a page (or under a lone heading): fill this page's remaining lines, carry the rest over.
        head = dataclasses.replace(paragraph, runs=runs_of(lines[:room_lines]), space_before=before,
                                   keep_with_next=False)
        tail = dataclasses.replace(paragraph, runs=runs_of(lines[room_lines:]))
        current.append(dataclasses.replace(item, paragraph=head))
        used += before + room_lines * paragraph.line_height
        queue.appendleft(Placed(item.source, tail, continued=True))
        close_page()
    if current or not pages:
        close_page()
    return pages


_WHOLE, _SPLIT, _MOVE = "whole", "split", "move"


def _fate(paragraph: Paragraph, lines: int, room: float, page_height: float, before: float,
          has_content: bool) -> str:
    """Return what becomes of a paragraph of LINES lines with ROOM left on a page.

    _WHOLE: it fits here. _MOVE: it goes whole to the next page, since it fits
    a fresh one or too little of it would stay here (never off a page without
    content: that would strand its headings). _SPLIT: its first lines stay here.
    """
    if before + lines * paragraph.line_height <= room:
        return _WHOLE
    room_lines = int((room - before) // paragraph.line_height)
    if has_content and (lines * paragraph.line_height <= page_height or room_lines < 2):
        return _MOVE
    return _SPLIT


def _without_space_before(paragraph: Paragraph) -> Paragraph:
    return dataclasses.replace(paragraph, space_before=0.0) if paragraph.space_before else paragraph
