"""The planner: content + theme + locale -> slide specs, every text measured to fit its box.

Pure: no pptx, no matplotlib, no file writes. The renderer makes no layout
decision; everything the slides show, and where, is decided here. plan_deck
reads as the deck's table of contents; each slide kind is planned in
plan/slides/, text is fitted by plan/fit.py on the grid of plan/layout.py.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from deckgen.content.model import ContentSet
from deckgen.locale import Locale
from deckgen.plan import wording
from deckgen.plan.context import Context
from deckgen.plan.fit import Unfit
from deckgen.plan.layout import SLIDE_HEIGHT, SLIDE_WIDTH
from deckgen.plan.lines import realised
from deckgen.plan.master import plan_master
from deckgen.plan.paginate import DoesNotFit
from deckgen.plan.slides.annex import annex_slides
from deckgen.plan.slides.chrome import title_reserve, with_draft_marks, with_footers
from deckgen.plan.slides.closing import closing_slide
from deckgen.plan.slides.issue import issue_slides
from deckgen.plan.slides.overview import overview_slides
from deckgen.plan.slides.statement import headline_lines, repeated_headlines, statement_closing, statement_slide
from deckgen.plan.slides.title import title_slide
from deckgen.plan.specs import DeckSpec, SlideKind, SlideSpec
from deckgen.plan.together import choose_scale
from deckgen.theme import ResolvedTheme


@dataclass(frozen=True)
class PlanOptions:
    """Choices of a build beyond the content: a draft mark, and how charts are drawn."""

    draft: bool = False
    """Mark every slide DRAFT and the deck's title "(draft)"."""
    charts: str | None = None
    """'shapes' (or 'picture', the same) or 'native'; None takes the theme's setting."""
    annex: bool = False
    """Add the annex of tracked recommendations even when deck.yaml does not ask for it."""
    format: str | None = None
    """'statement' or 'report', overriding deck.yaml's format; None takes deck.yaml's."""


class PlanError(DoesNotFit):
    """Content that cannot be laid out; KEY_PATH names the content it comes from, DECK which of the decks."""

    def __init__(self, message: str, key_path: tuple = (), deck: int = 0):
        super().__init__(message)
        self.key_path = key_path
        self.deck = deck


@dataclass(frozen=True)
class DeckInput:
    """One language's deck to plan: its content, theme, locale and logos (logo paths -> files)."""

    content: ContentSet
    theme: ResolvedTheme
    locale: Locale
    logos: Mapping[str, Path]


def plan_deck(
    content: ContentSet,
    theme: ResolvedTheme,
    locale: Locale,
    logos: Mapping[str, Path],
    options: PlanOptions = PlanOptions(),
) -> DeckSpec:
    """Return the slide specs of CONTENT's deck in THEME, labelled in LOCALE; LOGOS maps logo paths to files."""
    return plan_decks([DeckInput(content, theme, locale, logos)], options)[0]


def plan_decks(decks: Sequence[DeckInput], options: PlanOptions = PlanOptions()) -> list[DeckSpec]:
    """Return the slide specs of DECKS, the languages of one deck, planned page for page (see plan.together).

    One type scale for all of them: the title and body sizes are chosen once,
    and every section breaks before the same paragraph in every language.
    """
    contexts = [
        Context(d.theme, d.locale, d.logos, native_charts=(options.charts or d.theme.theme.charts) == "native")
        for d in decks
    ]
    try:
        choice = choose_scale(contexts, [functools.partial(_slides, content=d.content, options=options) for d in decks])
    except Unfit as error:
        raise PlanError(str(error), error.key_path, error.deck) from None
    specs = []
    for index, (d, ctx) in enumerate(zip(decks, contexts)):
        try:
            slides = _slides(choice.context(ctx, index), d.content, options)
        except Unfit as error:
            raise PlanError(str(error), error.key_path, index) from None
        specs.append(_deck_spec(d, slides, options, index))
    return specs


def _deck_spec(d: DeckInput, slides: list[SlideSpec], options: PlanOptions, index: int) -> DeckSpec:
    duplicates = sorted(t for t, n in Counter(s.title_text for s in slides).items() if n > 1)
    if duplicates:
        raise PlanError(
            f"two slides would have the same title {duplicates[0]!r}; give them different titles", deck=index
        )
    deck_title = d.content.deck.title or d.locale.text("to_fill")
    title = d.locale.text("draft_title", title=deck_title) if options.draft else deck_title
    return DeckSpec(
        slides=tuple(realised(slide) for slide in slides),
        language_tag=d.locale.tag,
        title=title,
        author=", ".join(p.name for p in d.content.deck.presenters),
        width=SLIDE_WIDTH,
        height=SLIDE_HEIGHT,
        master=plan_master(slides, d.theme.sizes, d.theme.theme.line_spacing),
    )


def _running_titles(ctx: Context, content: ContentSet) -> dict[SlideKind, list[str]]:
    """Return the titles of the report's issue slides (a first "(cont.)") by kind: the longest of a kind decides
    where the bodies of its slides start."""
    loc = ctx.locale
    out: dict[SlideKind, list[str]] = {SlideKind.STATUS: [], SlideKind.FINDINGS: [], SlideKind.RECOMMENDATIONS: []}
    for number, issue in enumerate(content.issues, 1):
        full, running = (wording.issue_title(loc, number, issue, running=r) for r in (False, True))
        section = loc.text("section", issue=running, section=loc.text("recommendations"))
        out[SlideKind.STATUS].append(full)
        out[SlideKind.FINDINGS].append(f"{running} {wording.continued(loc, 1)}")
        out[SlideKind.RECOMMENDATIONS].append(section)
    return out


def _slides(ctx: Context, content: ContentSet, options: PlanOptions) -> list[SlideSpec]:
    """Return the deck's slides in order: title, overview, each issue, closing, the annex; then the chrome.

    A statement deck (deck.yaml's format, or OPTIONS') has one slide per issue and the asks to close.
    """
    deck = content.deck
    statement = (options.format or deck.format) == "statement"
    if not statement:
        titles = _running_titles(ctx, content)
        ctx = dataclasses.replace(
            ctx,
            title_reserve=title_reserve(ctx, [t for kind in titles.values() for t in kind]),
            title_reserves=tuple((kind, title_reserve(ctx, of_kind)) for kind, of_kind in titles.items()),
        )
    slides = title_slide(ctx, deck)
    if deck.overview:
        slides += overview_slides(ctx, content.issues)
    lines = headline_lines(ctx, content.issues) if statement else 0
    repeated = repeated_headlines(ctx, content.issues) if statement else frozenset()
    for number, issue in enumerate(content.issues, 1):
        slides += (
            statement_slide(ctx, number, issue, lines, repeated) if statement else issue_slides(ctx, number, issue)
        )
    slides += statement_closing(ctx, deck, content.issues) if statement else closing_slide(ctx, deck)
    if options.annex or deck.annex:  # backup material, after the talk
        for number, issue in enumerate(content.issues, 1):
            slides += annex_slides(ctx, number, issue)
    slides = with_footers(ctx, deck, slides)
    if options.draft:
        slides = with_draft_marks(ctx, slides)
    return slides
