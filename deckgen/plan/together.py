"""One type scale for a deck and its languages, and their sections paginated page for page.

A deck's languages are planned together: at each body size of the theme's
range (largest first), every language is planned once while its sections'
paragraphs are recorded (Recorder); the sections are then paginated together
(paginate_together), so a page breaks before the same paragraph in every
language, the longest text deciding. The size that needs the fewest slides
wins, the largest among equals; the decks are then planned at it with those
pages (Replayer). Slide titles take the largest size at which every title of
every language fits two lines.

Choosing the size is one counting pass per size: the pages are only filled, not
balanced (balancing a section's last, sparse page never changes how many pages it
has), and only the chosen size's sections are balanced. Each paragraph's lines at
a width are measured once (lines._break_lines keeps them), whichever size or
language asks again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from deckgen.plan.context import Context, Pager
from deckgen.plan.fit import Unfit, size_range
from deckgen.plan.paginate import DoesNotFit, Page, Stream, in_step, paginate, paginate_together
from deckgen.plan.slides.chrome import TITLE_MOST_LINES, TitleTooLong

Sections = dict[tuple, list[Page]]
"""A deck's sections (keyed by the content they come from) -> their pages."""


class Recorder(Pager):
    """Keeps each section's paragraphs for paginating later, and lays out none (the slides are only counted)."""

    def __init__(self) -> None:
        self.streams: dict[tuple, Stream] = {}

    def paginate(self, key: tuple, stream: Stream) -> list[Page]:
        self.streams[key] = stream
        return []


class Replayer(Pager):
    """Gives each section the pages decided for it together with the other languages."""

    def __init__(self, sections: Sections):
        self.sections = sections

    def paginate(self, key: tuple, stream: Stream) -> list[Page]:
        if key in self.sections:
            return self.sections[key]
        return paginate(stream.paragraphs, stream.page_size, stream.continuation, stream.same_slide)


@dataclass(frozen=True)
class Scale:
    """The type scale chosen for a deck's languages, and each language's pages at it."""

    title: float
    body: float
    sections: list[Sections]
    slides: int
    """How many slides each language's deck has."""
    title_lines: int = 2
    """The most lines a slide title takes."""

    def context(self, ctx: Context, deck: int) -> Context:
        """Return CTX set to this scale, with the DECKth language's pages."""
        return dataclasses.replace(
            ctx,
            title_size=self.title,
            body_size=self.body,
            pager=Replayer(self.sections[deck]),
            title_lines=self.title_lines,
        )


def common_sizes(ranges) -> list[float]:
    """Return the sizes to try, largest first: 1 pt steps within every one of RANGES (the first's, if none is)."""
    first = size_range(ranges[0].max, ranges[0].min)
    return [s for s in first if all(r.min <= s <= r.max for r in ranges)] or first


def choose_scale(contexts: Sequence[Context], plans: Sequence[Callable[[Context], list]]) -> Scale:
    """Return the type scale of the decks PLANS make (one per language, each given its context in CONTEXTS).

    Slide titles take two lines at most, at the largest title size where every
    one does; when none is, a title may take a third line. Raise Unfit (with
    .deck, the index of the language) when no size works.
    """
    try:
        return _choose_scale(contexts, plans)
    except TitleTooLong:
        longer = [dataclasses.replace(ctx, title_lines=TITLE_MOST_LINES) for ctx in contexts]
        return dataclasses.replace(_choose_scale(longer, plans), title_lines=TITLE_MOST_LINES)


def _choose_scale(contexts: Sequence[Context], plans: Sequence[Callable[[Context], list]]) -> Scale:
    best = _best_count(contexts, plans)
    return best.balanced()  # the chosen size's sections balanced, as the slides show them


EXHAUSTIVE = False
"""Count the slides at every body size, as before the one planning pass (tests compare the two choices)."""


def _best_count(contexts: Sequence[Context], plans: Sequence[Callable[[Context], list]]) -> _Counted:
    """Return the scale with the fewest slides (the largest body size among equals), counted, not balanced.

    Title sizes are tried largest first, the first at which every title fits winning. Body sizes are
    tried smallest first, where a deck has the fewest slides: a larger size is taken while it needs no
    more slides than the best so far, and the search stops at the first that needs more (or no longer
    fits): text set larger takes as many lines or more, so the sizes above it cannot beat the best.
    With EXHAUSTIVE, every size is counted (largest first, the largest among equals winning): the same
    choice, which tests check on generated decks.
    """
    error: Unfit | None = None
    for title in common_sizes([ctx.sizes.title for ctx in contexts]):
        best: _Counted | None = None
        unfit_here = False
        bodies = common_sizes([ctx.sizes.body for ctx in contexts])
        try:
            for body in bodies if EXHAUSTIVE else reversed(bodies):
                try:
                    counted = _count(contexts, plans, title, body)
                except TitleTooLong:
                    raise
                except Unfit as unfit:
                    if best is not None and not EXHAUSTIVE:
                        break  # fits at a smaller size only: a larger one fits no better
                    if EXHAUSTIVE or not unfit_here:
                        error = unfit  # the smallest size's, whichever way the sizes are tried
                    unfit_here = True
                    continue
                if EXHAUSTIVE:
                    if best is None or counted.slides < best.slides:
                        best = counted
                elif best is None or counted.slides <= best.slides:
                    best = counted  # as few slides at a larger size: the larger wins
                else:
                    break
        except TitleTooLong as too_long:
            error = too_long
            continue
        if best is not None:
            return best
        break
    assert error is not None
    raise error


@dataclass
class _Counted:
    """The decks planned at one scale with their sections' paragraphs recorded, and how many slides they make."""

    title: float
    body: float
    recorders: list[Recorder]
    others: list[int]
    """Each language's slides outside the recorded sections."""
    slides: int
    filled: Filled
    """The sections' pages as counted (filled, not balanced)."""

    def balanced(self) -> Scale:
        """Return the Scale: the recorded sections paginated together, balanced (from their filled pages)."""
        return _paginated(self.recorders, self.others, self.title, self.body, balance=True, filled=self.filled)


def _count(
    contexts: Sequence[Context], plans: Sequence[Callable[[Context], list]], title: float, body: float
) -> _Counted:
    """Return the decks planned at TITLE and BODY sizes, their sections filled (not balanced) to count the slides."""
    recorders, others = _record(contexts, plans, title, body)
    filled: Filled = {}
    scale = _paginated(recorders, others, title, body, balance=False, filled=filled)
    return _Counted(title, body, recorders, others, scale.slides, filled)


def _record(
    contexts: Sequence[Context], plans: Sequence[Callable[[Context], list]], title: float, body: float
) -> tuple[list[Recorder], list[int]]:
    """Return each language's deck planned at TITLE and BODY sizes with its sections recorded, and its other slides."""
    recorders, others = [], []
    for index, (ctx, plan) in enumerate(zip(contexts, plans)):
        recorder = Recorder()
        try:
            planned = plan(dataclasses.replace(ctx, title_size=title, body_size=body, pager=recorder))
        except Unfit as unfit:
            unfit.deck = index
            raise
        recorders.append(recorder)
        others.append(len(planned))
    return recorders, others


Filled = dict[tuple[tuple, tuple[int, ...]], list[list[Page]]]
"""A section's key and the languages paginated together -> their pages as filled (before balancing)."""


def _paginated(
    recorders: list[Recorder], others: list[int], title: float, body: float, balance: bool, filled: Filled
) -> Scale:
    """Return the Scale of the RECORDERS' sections paginated together (BALANCE: see paginate_together).

    Unbalanced, the pages are also put in FILLED; balanced, those in FILLED are balanced, not filled again.
    """
    sections: list[Sections] = [{} for _ in recorders]
    keys = dict.fromkeys(key for r in recorders for key in r.streams)
    for key in keys:
        members = [i for i, r in enumerate(recorders) if key in r.streams]
        streams = [recorders[i].streams[key] for i in members]
        groups = [members] if in_step(streams) else [[i] for i in members]
        for group in groups:
            streams_of_group = [recorders[i].streams[key] for i in group]
            try:
                if balance:
                    laid_out = paginate_together(streams_of_group, True, filled.get((key, tuple(group))))
                else:
                    laid_out = filled[(key, tuple(group))] = paginate_together(streams_of_group, False)
            except DoesNotFit as fault:
                raise Unfit(str(fault), key, group[fault.stream]) from None
            for i, pages in zip(group, laid_out):
                sections[i][key] = pages
    count = max(
        n + sum(len(p) - sum(1 for i in recorders[k].streams[key].same_slide if i < len(p)) for key, p in s.items())
        for k, (n, s) in enumerate(zip(others, sections))
    )
    return Scale(title, body, sections, count)
