"""One type scale for a deck and its languages, and their sections paginated page for page.

A deck's languages are planned together: at each body size of the theme's
range (largest first), every language is planned once while its sections'
paragraphs are recorded (Recorder); the sections are then paginated together
(paginate_together), so a page breaks before the same paragraph in every
language, the longest text deciding. The size that needs the fewest slides
wins, the largest among equals; the decks are then planned at it with those
pages (Replayer). Slide titles take the largest size at which every title of
every language fits two lines.
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
    error: Unfit | None = None
    for title in common_sizes([ctx.sizes.title for ctx in contexts]):
        best: Scale | None = None
        try:
            for body in common_sizes([ctx.sizes.body for ctx in contexts]):
                try:
                    scale = _at(contexts, plans, title, body)
                except TitleTooLong:
                    raise
                except Unfit as unfit:
                    error = unfit
                    continue
                if best is None or scale.slides < best.slides:
                    best = scale
        except TitleTooLong as too_long:
            error = too_long
            continue
        if best is not None:
            return best
        break
    assert error is not None
    raise error


def _at(contexts: Sequence[Context], plans: Sequence[Callable[[Context], list]], title: float, body: float) -> Scale:
    """Return the decks' pages at TITLE and BODY sizes, and how many slides they make."""
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
    sections: list[Sections] = [{} for _ in contexts]
    keys = dict.fromkeys(key for r in recorders for key in r.streams)
    for key in keys:
        members = [i for i, r in enumerate(recorders) if key in r.streams]
        streams = [recorders[i].streams[key] for i in members]
        groups = [members] if in_step(streams) else [[i] for i in members]
        for group in groups:
            try:
                laid_out = paginate_together([recorders[i].streams[key] for i in group])
            except DoesNotFit as fault:
                raise Unfit(str(fault), key, group[fault.stream]) from None
            for i, pages in zip(group, laid_out):
                sections[i][key] = pages
    count = max(
        n + sum(len(p) - sum(1 for i in recorders[k].streams[key].same_slide if i < len(p)) for key, p in s.items())
        for k, (n, s) in enumerate(zip(others, sections))
    )
    return Scale(title, body, sections, count)
