"""What slides share: the slide title (continued "(cont.)"), and the footer, slide number, logo and draft mark
laid over the planned slides."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from deckgen.fonts import text_width
from deckgen.plan import wording
from deckgen.plan.context import Context
from deckgen.plan.fit import SLACK, Unfit, fit, height, size_range
from deckgen.plan.layout import (
    CONTENT_WIDTH,
    DRAFT_OUTLINE,
    DRAFT_TOP,
    FOOTER_LOGO,
    FOOTER_TOP,
    MARGIN,
    SLIDE_WIDTH,
    TITLE_TOP,
)
from deckgen.plan.lines import paragraph_lines, without_runt
from deckgen.plan.specs import (
    Align,
    Anchor,
    Box,
    Paragraph,
    PictureSpec,
    RectSpec,
    Role,
    SlideKind,
    SlideSpec,
    TextSpec,
)

TITLE_MAX_LINES = 2
"""The lines a slide title is planned for: the body starts under them, whatever the title's length."""
TITLE_MOST_LINES = 3
"""A title longer than TITLE_MAX_LINES may take one more line, at the deck's title size, rather than fail."""
NUMBER_WIDTH = 64.0
"""The slide number's box, at the footer's right."""


class TitleTooLong(Unfit):
    """A slide title that takes more than TITLE_MOST_LINES lines at the deck's title size."""


def slide_title(
    ctx: Context, parts: Sequence[tuple[str, bool]], key_path: tuple, kind: SlideKind | None = None
) -> TextSpec:
    """Return a slide title of PARTS (text, bold) at the deck's one title size, on a slide of KIND.

    A long title wraps rather than shrinking: every slide's title has the same
    size. The title's box is as tall as the longest title of the slides of its
    kind (ctx.reserve(KIND) lines), its text at the box's foot, so the body
    starts at the same height under every title of a kind. A title longer than ctx.title_lines raises TitleTooLong,
    for the planner to try the deck at a smaller title size; when no size fits
    every title in two lines, one may take a third (TITLE_MOST_LINES), and one
    longer than that says what to do: shorten it or give a short_title.
    """
    c, size = ctx.colours, ctx.title
    runs = tuple(ctx.run(text, size, bold=bold, color=c.heading if bold else c.muted) for text, bold in parts if text)
    paragraph = Paragraph(runs, ctx.line_height(size))
    left, width = title_span(ctx, (ctx.title_lines + SLACK) * ctx.line_height(size))
    if len(paragraph_lines(paragraph, width)) > ctx.title_lines:
        hint = (
            ("; shorten the title, or give the issue a short_title for its continuation and recommendation slides")
            if ctx.title_lines >= TITLE_MOST_LINES
            else ""
        )
        raise TitleTooLong(
            f"the title does not fit {ctx.title_lines} lines even at {ctx.sizes.title.min:g} pt: "
            f"{paragraph.text[:60]!r}{hint}",
            key_path,
        )
    paragraphs = (without_runt(paragraph, width),)
    planned = (ctx.reserve(kind) + SLACK) * paragraph.line_height
    top, band = title_band(ctx)
    return TextSpec(
        Box(left, top, width, max(band, planned, height(paragraphs, width, slack=True))),
        paragraphs,
        role=Role.TITLE,
        anchor=Anchor.BOTTOM,
    )


def title_band(ctx: Context) -> tuple[float, float]:
    """Return the top of every slide title and the least height of its box: the template's title placeholder's
    (the body starts under it, or under the title's planned lines where they need more), else deckgen's grid
    (TITLE_TOP, and as high as the lines)."""
    if ctx.theme.title_box is None:
        return TITLE_TOP, 0.0
    _, top, _, high = ctx.theme.title_box
    return top, high


DRAFT_LEAST = 6.0
"""The DRAFT tag's smallest size, in points, however little room a template's title leaves above it."""
KEEP_CLEAR = 12.0
"""How far a title stays from a template's logo or bar beside it, in points."""


def title_span(ctx: Context, band: float) -> tuple[float, float]:
    """Return the left and width of a slide title BAND points high: the content width, narrowed where a picture
    or shape of the template's master or layouts stands beside the title (a logo it would run under).

    The title stands where the template's title placeholder does, when it has one slide titles can stand in
    (package.title_placeholder_fault says which): across the slide and from its top (see title_band).
    It never narrows below half the content width: art that wide is a banner, not a logo beside a title.
    """
    start, width = MARGIN, CONTENT_WIDTH
    if ctx.theme.title_box is not None:
        start, _, width, _ = ctx.theme.title_box
    top, least = title_band(ctx)
    band = max(band, least)
    left, right = start, start + width
    for x, y, w, h in ctx.theme.keep_out:
        if y >= top + band or y + h <= top or x >= start + width or x + w <= start:
            continue
        if x + w / 2 > start + width / 2:
            right = min(right, x - KEEP_CLEAR)
        else:
            left = max(left, x + w + KEEP_CLEAR)
    if right - left < CONTENT_WIDTH / 2:
        return start, width
    return left, right - left


def continued_titles(
    ctx: Context,
    parts: list[tuple[str, bool]],
    key_path: tuple,
    running: list[tuple[str, bool]] | None = None,
    kinds: tuple[SlideKind | None, SlideKind | None] = (None, None),
) -> Callable[[int], TextSpec]:
    """Return page number -> title: PARTS, then RUNNING (a shorter title; PARTS when None) with "(cont.)",
    "(cont. 2)" ... on continuation pages. KINDS: the kind of the first slide and of the slides after it."""
    cache: dict[int, TextSpec] = {}

    def title(page: int) -> TextSpec:
        if page not in cache:
            suffix = wording.continued(ctx.locale, page)
            shown = parts if page == 0 or running is None else running
            kind = kinds[0] if page == 0 else kinds[1]
            cache[page] = slide_title(ctx, shown + ([(" " + suffix, False)] if suffix else []), key_path, kind)
        return cache[page]

    return title


def with_footers(ctx: Context, deck, slides: list[SlideSpec]) -> list[SlideSpec]:
    """Return SLIDES with the footer (short name, slide number) on every slide but the title slide."""
    c, size = ctx.colours, ctx.sizes.footer
    name = deck.short_name or deck.presenters[0].name
    line = ctx.line_height(size)
    # a template whose master draws its own logo keeps its brand: deckgen's footer logo and rule stay out
    logo = None if ctx.theme.template_brand else ctx.theme.footer_logo
    name_left = MARGIN + (FOOTER_LOGO + 8 if logo else 0)
    name_box = Box(name_left, FOOTER_TOP + 8, SLIDE_WIDTH - MARGIN - NUMBER_WIDTH - name_left, line * (1 + SLACK))

    # The name is fitted once per colour: it is the same text on every slide.
    def name_in(colour: str) -> Callable[[float], list[Paragraph]]:
        return lambda sz: [ctx.paragraph(name, sz, color=colour)]

    fitted_name = {
        colour: fit(name_in(colour), name_box, size_range(size, size * 0.75), ("deck", "short_name"))
        for colour in (c.muted, c.band_muted)
    }
    out = []
    for n, slide in enumerate(slides, 1):
        if slide.kind == SlideKind.TITLE:
            out.append(slide)
            continue
        on_band = slide.kind == SlideKind.CLOSING
        colour = c.band_muted if on_band else c.muted
        number = ctx.locale.text("slide_number", n=n)
        footer: list[TextSpec | PictureSpec | RectSpec] = [
            TextSpec(name_box, fitted_name[colour], role=Role.FOOTER),
            TextSpec(
                Box(SLIDE_WIDTH - MARGIN - NUMBER_WIDTH, FOOTER_TOP + 8, NUMBER_WIDTH, line * (1 + SLACK)),
                (ctx.paragraph(number, size, bold=True, color=colour, align=Align.RIGHT),),
                role=Role.SLIDE_NUMBER,
            ),
        ]
        if logo:
            footer.append(
                PictureSpec(
                    Box(MARGIN, FOOTER_TOP + 8 + (line * (1 + SLACK) - FOOTER_LOGO) / 2, FOOTER_LOGO, FOOTER_LOGO),
                    logo,
                    ctx.locale.text("logo_alt", name=name),
                )
            )
        if not on_band and not ctx.theme.template_brand:
            footer.insert(0, RectSpec(Box(MARGIN, FOOTER_TOP, CONTENT_WIDTH, 0.75), c.track))
        out.append(dataclasses.replace(slide, elements=slide.elements + tuple(footer)))
    return out


def with_draft_marks(ctx: Context, slides: list[SlideSpec]) -> list[SlideSpec]:
    """Return SLIDES with a DRAFT tag in the top-right corner, above the title, of each."""
    c = ctx.colours
    pad_y = DRAFT_OUTLINE + 1
    # The strip ends where the highest title text starts: on deckgen's grid at TITLE_TOP, higher where a
    # template's title placeholder stands higher and a title fills it.
    strip_end = min([TITLE_TOP] + [text_top(s.title) for s in slides])
    # The footer's size, or less where the strip above the title is too low for it (never below DRAFT_LEAST).
    size = min(
        ctx.sizes.footer, (strip_end - DRAFT_TOP - 2 * pad_y) / ((1 + SLACK) * ctx.theme.theme.line_spacing) - 0.01
    )
    size = max(size, DRAFT_LEAST)
    text = ctx.locale.text("draft")
    paragraphs = (ctx.paragraph(text, size, bold=True, color=c.draft, align=Align.CENTER),)
    text_box_width = text_width(text, ctx.theme.bold.file, size) + 1
    text_height = height(paragraphs, text_box_width, slack=True)
    pad_x = size * 0.6
    outline = Box(
        SLIDE_WIDTH - MARGIN - text_box_width - 2 * pad_x,
        DRAFT_TOP,
        text_box_width + 2 * pad_x,
        text_height + 2 * pad_y,
    )
    tag = (
        RectSpec(outline, c.background, outline=c.draft, outline_width=DRAFT_OUTLINE),
        TextSpec(
            Box(outline.left + pad_x, outline.top + pad_y, text_box_width, text_height),
            paragraphs,
            role=Role.DRAFT,
            anchor=Anchor.MIDDLE,
        ),
    )
    return [dataclasses.replace(s, elements=s.elements + tag) for s in slides]


def text_top(spec: TextSpec) -> float:
    """Return where the first line of SPEC's text starts, by its anchor in its box."""
    free = spec.box.height - height(spec.paragraphs, spec.box.width, slack=True)
    return spec.box.top + {Anchor.TOP: 0.0, Anchor.MIDDLE: free / 2}.get(spec.anchor, free)


def title_reserve(ctx: Context, titles: Sequence[str]) -> int:
    """Return the lines the longest of TITLES takes at the deck's title size (one at least, ctx.title_lines at most)."""
    _, width = title_span(ctx, (ctx.title_lines + SLACK) * ctx.line_height(ctx.title))
    lines = [
        len(paragraph_lines(Paragraph((ctx.run(t, ctx.title, bold=True),), ctx.line_height(ctx.title)), width))
        for t in titles
    ]
    return max(1, min(max(lines, default=1), ctx.title_lines))
