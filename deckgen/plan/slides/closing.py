"""The closing slide: the deck's closing words (or the locale's) centred on the band, and its key asks."""

from __future__ import annotations

import math

from deckgen.plan.context import Context
from deckgen.plan.fit import Unfit, fit, height, size_range
from deckgen.plan.layout import (
    ASK_INDENT,
    ASK_SPACE,
    ASKS_FOOTER_GAP,
    ASKS_GAP,
    ASKS_SLACK,
    ASKS_TOP,
    CLOSING_MAX,
    CLOSING_MAX_WITH_ASKS,
    CLOSING_RAISE,
    CLOSING_RULE_GAP,
    CLOSING_SIDE,
    FOOTER_TOP,
    RULE_HEIGHT,
    RULE_WIDTH,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
)
from deckgen.plan.lines import paragraph_lines
from deckgen.plan.specs import Align, Anchor, Box, Paragraph, RectSpec, Role, SlideKind, SlideSpec, TextSpec


def closing_slide(ctx: Context, deck) -> list[SlideSpec]:
    """Return the closing slide of DECK (content's deck.yaml): its closing words, then its closing_asks if any.

    Without asks the words are centred on the slide. With them the words move up
    and the asks follow as a numbered list, at the largest body size at which
    they fit above the footer (the words set smaller first, when that lets
    them fit); asks that fit at no size are an error at closing_asks, like any
    text too long for its slide.
    """
    c = ctx.colours
    text = deck.closing or ctx.locale.text("closing")
    s = ctx.sizes.closing
    width = SLIDE_WIDTH - 2 * CLOSING_SIDE
    asks = deck.closing_asks
    band = RectSpec(Box(0, 0, SLIDE_WIDTH, SLIDE_HEIGHT), c.band)

    def make(size: float) -> list[Paragraph]:
        return [ctx.paragraph(text, size, bold=True, color=c.band_text, align=Align.CENTER)]

    sizes = size_range(s.max, s.min)
    if not asks:
        paras = fit(make, Box(CLOSING_SIDE, 0, width, CLOSING_MAX), sizes, ("deck", "closing"))
        text_height = height(paras, width, slack=True)
        title = TextSpec(
            Box(CLOSING_SIDE, (SLIDE_HEIGHT - text_height) / 2 - CLOSING_RAISE, width, text_height),
            paras,
            role=Role.TITLE,
            anchor=Anchor.MIDDLE,
        )
        return [SlideSpec(SlideKind.CLOSING, title, (band, _rule(ctx, title)), background=c.band)]
    # With asks, the words give way first: the largest closing size at which the asks fit under them.
    error: Unfit | None = None
    for size in sizes:
        paras = fit(make, Box(CLOSING_SIDE, 0, width, CLOSING_MAX_WITH_ASKS), [size, *sizes[-1:]], ("deck", "closing"))
        text_height = height(paras, width, slack=True)
        title = TextSpec(Box(CLOSING_SIDE, ASKS_TOP, width, text_height), paras, role=Role.TITLE, anchor=Anchor.TOP)
        rule = _rule(ctx, title)
        try:
            listed = closing_asks(ctx, asks, rule.box.bottom + ASKS_GAP, width)
        except Unfit as unfit:
            error = error or unfit
            continue
        return [SlideSpec(SlideKind.CLOSING, title, (band, rule, listed), background=c.band)]
    assert error is not None  # sizes is never empty, so the loop ran and failed
    raise error


def _rule(ctx: Context, title: TextSpec) -> RectSpec:
    """Return the short rule centred under the closing words."""
    return RectSpec(
        Box((SLIDE_WIDTH - RULE_WIDTH) / 2, title.box.bottom + CLOSING_RULE_GAP, RULE_WIDTH, RULE_HEIGHT),
        ctx.theme.template_accent or ctx.colours.band_text,
    )


def closing_asks(
    ctx: Context,
    asks: list[str],
    top: float,
    width: float,
    bottom: float = FOOTER_TOP - ASKS_FOOTER_GAP,
    key_path: tuple = ("deck", "closing_asks"),
) -> TextSpec:
    """Return ASKS as a numbered list in the band's colours, from TOP down to BOTTOM (above the footer).

    KEY_PATH names the content they come from, for the error when they fit at no size.
    """
    c, b = ctx.colours, ctx.sizes.body
    box = Box(CLOSING_SIDE, top, width, bottom - top)

    def make(size: float) -> list[Paragraph]:
        indent = size * ASK_INDENT
        return [
            ctx.paragraph(
                ask, size, color=c.band_text, space_before=size * ASK_SPACE if i else 0.0, indent=indent, bullet=f"{i}."
            )
            for i, ask in enumerate(asks, 1)
        ]

    paras = fit(make, box, size_range(b.max, b.min), key_path)
    # The list as a block centred under the centred words: as wide as its longest line.
    widest = max(p.indent + sum(piece.width for piece in line) for p in paras for line in paragraph_lines(p, width))
    block = min(width, math.ceil(widest) + ASKS_SLACK)
    return TextSpec(Box((SLIDE_WIDTH - block) / 2, top, block, height(paras, block, slack=True)), paras, role=Role.BODY)
