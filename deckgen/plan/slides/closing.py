"""The closing slide: the deck's closing words (or the locale's) centred on the band."""

from __future__ import annotations

from deckgen.plan.context import Context
from deckgen.plan.fit import fit, height, size_range
from deckgen.plan.layout import SLIDE_HEIGHT, SLIDE_WIDTH
from deckgen.plan.specs import Align, Anchor, Box, Paragraph, RectSpec, Role, SlideKind, SlideSpec, TextSpec

SIDE = 96.0
"""The closing words' side margins."""


def closing_slide(ctx: Context, deck) -> list[SlideSpec]:
    """Return the closing slide of DECK (content's deck.yaml)."""
    c = ctx.colours
    text = deck.closing or ctx.locale.text("closing")
    s = ctx.sizes.closing
    width = SLIDE_WIDTH - 2 * SIDE

    def make(size: float) -> list[Paragraph]:
        return [ctx.paragraph(text, size, bold=True, color=c.band_text, align=Align.CENTER)]

    paras = fit(make, Box(SIDE, 0, width, 260), size_range(s.max, s.min), ("deck", "closing"))
    text_height = height(paras, width, slack=True)
    title = TextSpec(Box(SIDE, (SLIDE_HEIGHT - text_height) / 2 - 20, width, text_height), paras, role=Role.TITLE,
                     anchor=Anchor.MIDDLE)
    rule = RectSpec(Box((SLIDE_WIDTH - 72) / 2, title.box.bottom + 18, 72, 4), c.band_text)
    return [SlideSpec(SlideKind.CLOSING, title, (RectSpec(Box(0, 0, SLIDE_WIDTH, SLIDE_HEIGHT), c.band), rule),
                      background=c.band)]
