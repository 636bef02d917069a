"""The planner: content + theme + locale -> slide specs, every text measured to fit its box.

Pure: no pptx, no matplotlib, no file writes. The renderer makes no layout
decision; everything the slides show, and where, is decided here. plan_deck
reads as the deck's table of contents; each slide kind is planned in
plan/slides/, text is fitted by plan/fit.py on the grid of plan/layout.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deckgen.content.model import ContentSet
from deckgen.locale import Locale
from deckgen.plan.context import Context
from deckgen.plan.fit import Unfit
from deckgen.plan.layout import SLIDE_HEIGHT, SLIDE_WIDTH
from deckgen.plan.paginate import DoesNotFit
from deckgen.plan.slides.annex import annex_slides
from deckgen.plan.slides.chrome import with_draft_marks, with_footers
from deckgen.plan.slides.closing import closing_slide
from deckgen.plan.slides.issue import issue_slides
from deckgen.plan.slides.overview import overview_slides
from deckgen.plan.slides.title import title_slide
from deckgen.plan.specs import DeckSpec, SlideSpec
from deckgen.theme import ResolvedTheme


@dataclass(frozen=True)
class PlanOptions:
    """Choices of a build beyond the content: a draft mark, and how charts are drawn."""

    draft: bool = False
    """Mark every slide DRAFT and the deck's title "(draft)"."""
    charts: str | None = None
    """'picture' or 'native'; None takes the theme's setting."""
    annex: bool = False
    """Add the annex of tracked recommendations even when deck.yaml does not ask for it."""


class PlanError(DoesNotFit):
    """Content that cannot be laid out; WHERE names the content it comes from."""

    def __init__(self, message: str, where: tuple = ()):
        super().__init__(message)
        self.where = where


def plan_deck(content: ContentSet, theme: ResolvedTheme, locale: Locale, logos: Mapping[str, Path],
              options: PlanOptions = PlanOptions()) -> DeckSpec:
    """Return the slide specs of CONTENT's deck in THEME, labelled in LOCALE; LOGOS maps logo paths to files."""
    ctx = Context(theme, locale, logos, native_charts=(options.charts or theme.theme.charts) == "native")
    try:
        slides = _slides(ctx, content, options)
    except Unfit as error:
        raise PlanError(str(error), error.where) from None
    duplicates = sorted(t for t, n in Counter(s.title_text for s in slides).items() if n > 1)
    if duplicates:
        raise PlanError(f"two slides would have the same title {duplicates[0]!r}; give them different titles")
    deck_title = content.deck.title or locale.text("to_fill")
    title = locale.text("draft_title", title=deck_title) if options.draft else deck_title
    return DeckSpec(slides=tuple(slides), language_tag=locale.tag, title=title,
                    author=", ".join(p.name for p in content.deck.presenters), width=SLIDE_WIDTH,
                    height=SLIDE_HEIGHT)


def _slides(ctx: Context, content: ContentSet, options: PlanOptions) -> list[SlideSpec]:
    """Return the deck's slides in order: title, overview, each issue, closing, the annex; then the chrome."""
    deck = content.deck
    slides = title_slide(ctx, deck)
    if deck.overview:
        slides += overview_slides(ctx, content.issues)
    for number, issue in enumerate(content.issues, 1):
        slides += issue_slides(ctx, number, issue)
    slides += closing_slide(ctx, deck)
    if options.annex or deck.annex:  # backup material, after the talk
        for number, issue in enumerate(content.issues, 1):
            slides += annex_slides(ctx, number, issue)
    slides = with_footers(ctx, deck, slides)
    if options.draft:
        slides = with_draft_marks(ctx, slides)
    return slides
