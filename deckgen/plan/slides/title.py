"""The title slide: the deck's title and event on the band, the presenters' logos and names below."""

from __future__ import annotations

from deckgen.plan import wording
from deckgen.plan.context import Context
from deckgen.plan.fit import fit, height, size_range
from deckgen.plan.layout import (
    BAND_HEIGHT,
    EVENT_GAP,
    EVENT_MIN_SCALE,
    EVENT_SLACK,
    LOGO_NAME_GAP,
    LOGO_SIZE,
    MARGIN,
    PRESENTER_GAP,
    PRESENTER_MIN_SCALE,
    PRESENTERS_GAP,
    RULE_HEIGHT,
    RULE_WIDTH,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TITLE_OVER_BAND_END,
    TITLE_OVER_EVENT,
    TITLE_RULE_GAP,
    TITLE_SLIDE_TITLE_MAX,
)
from deckgen.plan.specs import Anchor, Box, Paragraph, PictureSpec, RectSpec, Role, SlideKind, SlideSpec, TextSpec

SIDE = MARGIN
"""The title slide's side margins: every other slide's, so the title and the logos line up with the deck."""


def title_slide(ctx: Context, deck) -> list[SlideSpec]:
    """Return the title slide of DECK (content's deck.yaml)."""
    c = ctx.colours
    title_width = SLIDE_WIDTH - 2 * SIDE
    s = ctx.sizes.deck_title

    def make_title(size: float) -> list[Paragraph]:
        return [ctx.paragraph(wording.filled(ctx.locale, deck.title), size, bold=True, color=c.band_text)]

    title_paras = fit(
        make_title, Box(SIDE, 0, title_width, TITLE_SLIDE_TITLE_MAX), size_range(s.max, s.min), ("deck", "title")
    )
    title_height = height(title_paras, title_width, slack=True)
    elements: list = [RectSpec(Box(0, 0, SLIDE_WIDTH, BAND_HEIGHT), c.band)]
    lines = [
        text
        for text in (None if deck.event is None else wording.filled(ctx.locale, deck.event), deck.date)
        if text is not None
    ]
    size = ctx.sizes.subtitle
    line = ctx.line_height(size)
    title_bottom = BAND_HEIGHT - TITLE_OVER_EVENT - len(lines) * line if lines else BAND_HEIGHT - TITLE_OVER_BAND_END
    title = TextSpec(
        Box(SIDE, title_bottom - title_height, title_width, title_height),
        title_paras,
        role=Role.TITLE,
        anchor=Anchor.BOTTOM,
    )
    elements.append(
        RectSpec(
            Box(SIDE, title_bottom + TITLE_RULE_GAP, RULE_WIDTH, RULE_HEIGHT), ctx.theme.template_accent or c.band_text
        )
    )
    if lines:
        # The event and the date, a line each, the date's in the event's style.
        event = fit(
            lambda sz: [ctx.paragraph(text, sz, color=c.band_muted) for text in lines],
            Box(SIDE, 0, title_width, len(lines) * line + EVENT_SLACK),
            size_range(size, size * EVENT_MIN_SCALE),
            ("deck", "event" if deck.event is not None else "date"),
        )
        event_height = height(event, title_width, slack=True)
        elements.append(
            TextSpec(Box(SIDE, title_bottom + EVENT_GAP, title_width, event_height), event, role=Role.EVENT)
        )
    elements += presenters(ctx, deck.presenters, top=BAND_HEIGHT + PRESENTERS_GAP, bottom=SLIDE_HEIGHT - PRESENTERS_GAP)
    return [SlideSpec(SlideKind.TITLE, title, tuple(elements), background=c.background)]


def presenters(ctx: Context, people, top: float, bottom: float) -> list:
    """Return each presenter's logo and name, in columns across the slide."""
    column = (SLIDE_WIDTH - 2 * SIDE - (len(people) - 1) * PRESENTER_GAP) / len(people)
    box_height = bottom - top
    logo_size = min(LOGO_SIZE, box_height)
    size = ctx.sizes.presenter
    out: list = []
    for i, presenter in enumerate(people):
        left = SIDE + i * (column + PRESENTER_GAP)
        text_left = left
        logo = ctx.logos.get(presenter.logo) if presenter.logo else None
        if logo:
            out.append(
                PictureSpec(
                    Box(left, top + (box_height - logo_size) / 2, logo_size, logo_size),
                    logo,
                    ctx.locale.text("logo_alt", name=presenter.name),
                )
            )
            text_left = left + logo_size + LOGO_NAME_GAP
        width = left + column - text_left

        def make(sz: float, name: str = presenter.name) -> list[Paragraph]:
            return [ctx.paragraph(name, sz, bold=True, color=ctx.colours.heading)]

        paras = fit(
            make,
            Box(text_left, top, width, box_height),
            size_range(size, size * PRESENTER_MIN_SCALE),
            ("deck", "presenters", i, "name"),
        )
        out.append(TextSpec(Box(text_left, top, width, box_height), paras, role=Role.PRESENTER, anchor=Anchor.MIDDLE))
    return out
