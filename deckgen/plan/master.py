"""The slide master's geometry: planned here, like every slide, so the renderer only draws it.

Its title and body placeholders stand on the grid of plan.layout, its footer and
slide number where the slides' own footer and number stand, and each layout
carries the band its slides' titles stand on (the title slide's colour band).
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen.plan.layout import (
    BODY_BOTTOM,
    BODY_GAP,
    COLUMN_GAP,
    CONTENT_WIDTH,
    FOOTER_TOP,
    MARGIN,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TITLE_TOP,
)
from deckgen.plan.specs import Box, MasterSpec, RectSpec, Role, SlideKind, SlideSpec, TextSpec
from deckgen.theme import Sizes

KIND_OF = {
    SlideKind.TITLE: "title",
    SlideKind.OVERVIEW: "status",
    SlideKind.STATUS: "status",
    SlideKind.FINDINGS: "text",
    SlideKind.RECOMMENDATIONS: "recommendations",
    SlideKind.CLOSING: "closing",
    SlideKind.ANNEX: "annex",
}
"""A slide's kind -> the layout kind it is placed on."""

TITLE_LINES = 2
"""The master's title placeholder holds two lines at the largest title size."""
LINE_LEADING = 1.1
"""A placeholder's line is its font size times the line spacing, and this much more (ascenders, descenders)."""
FOOTER_DROP = 8.0
"""The footer's line stands this far below FOOTER_TOP, when no slide gives its own."""
NUMBER_WIDTH = 64.0
"""The slide number's box, right of the footer."""
TITLE_SLIDE_BOX = Box(64.0, 120.0, SLIDE_WIDTH - 128.0, 150.0)
"""The title slide's title, when the deck has no title slide to take it from."""
SUBTITLE_GAP = 22.0
"""From the title slide's title to its subtitle."""
SUBTITLE_LINES = 2.5
"""The subtitle's height, in lines of the subtitle size."""
CLOSING_TITLE_BOX = Box(MARGIN, 160.0, CONTENT_WIDTH, 140.0)
"""The closing layout's title, centred on the band."""


def under_title(rect: RectSpec, title: TextSpec) -> bool:
    """Return whether RECT lies under TITLE: a band the title stands on, or the slide's whole background.

    Such a rectangle is the layout's (or the slide background's), not a shape on the slide: the title
    is the slide's first shape, for screen readers, and would lie beneath it.
    """
    a, b = rect.box, title.box
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _is_background(rect: RectSpec, background: str) -> bool:
    return rect.box.width >= SLIDE_WIDTH and rect.box.height >= SLIDE_HEIGHT and rect.fill.upper() == background.upper()


def plan_master(slides: Sequence[SlideSpec], sizes: Sizes, line_spacing: float) -> MasterSpec:
    """Return the master of SLIDES, whose text is set in SIZES at LINE_SPACING."""
    title = Box(MARGIN, TITLE_TOP, CONTENT_WIDTH, TITLE_LINES * sizes.title.max * line_spacing * LINE_LEADING)
    body_top = title.bottom + BODY_GAP
    body = Box(MARGIN, body_top, CONTENT_WIDTH, BODY_BOTTOM - body_top)
    half = (CONTENT_WIDTH - COLUMN_GAP) / 2
    columns = (
        Box(body.left, body.top, half, body.height),
        Box(body.left + half + COLUMN_GAP, body.top, half, body.height),
    )
    line = sizes.footer * line_spacing * LINE_LEADING
    footer = Box(MARGIN, FOOTER_TOP + FOOTER_DROP, CONTENT_WIDTH - NUMBER_WIDTH, line)
    number = Box(SLIDE_WIDTH - MARGIN - NUMBER_WIDTH, FOOTER_TOP + FOOTER_DROP, NUMBER_WIDTH, line)
    footer_text, title_slide = "", None
    bands: dict[str, tuple[RectSpec, ...]] = {}
    for slide in slides:
        kind = KIND_OF[slide.kind]
        if slide.kind == SlideKind.TITLE and title_slide is None:
            title_slide = slide.title.box
        if kind not in bands:
            bands[kind] = tuple(
                e
                for e in slide.elements
                if isinstance(e, RectSpec) and under_title(e, slide.title) and not _is_background(e, slide.background)
            )
        for element in slide.elements:
            if isinstance(element, TextSpec) and element.role == Role.FOOTER and not footer_text:
                footer, footer_text = element.box, " ".join(p.text for p in element.paragraphs)
            elif isinstance(element, TextSpec) and element.role == Role.SLIDE_NUMBER:
                number = element.box
    title_box = title_slide or TITLE_SLIDE_BOX
    subtitle = Box(title_box.left, title_box.bottom + SUBTITLE_GAP, title_box.width, sizes.subtitle * SUBTITLE_LINES)
    return MasterSpec(
        title, body, columns, footer, number, footer_text, title_box, subtitle, CLOSING_TITLE_BOX, tuple(bands.items())
    )
