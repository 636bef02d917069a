"""The handout: one A4 portrait page per issue, for the Permanent Missions; planned like slides, measured to fit.

Pure (neither pptx nor matplotlib). Each issue's page has the coalition's
logos and names, the issue's title and cycle line, its status chart (the
deck's chart, smaller), the key findings (headings with their counts, and as
much of their text as fits, in whole sentences) and every one of the
coalition's recommendations, numbered as in the deck; a footer with the event,
date and contact line. The findings and recommendations flow beside the
chart, then below it, by the slides' pagination (plan/paginate.py).

When they do not fit at the smallest body size, the findings' text is
shortened first, a whole sentence (or bullet) at a time from the finding with
the most words left, then the summaries; when the recommendations alone still
do not fit, they continue on a second page marked "continued".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.content.model import ContentSet, Finding, Issue
from deckgen.fonts import text_width
from deckgen.locale import Locale
from deckgen.plan import wording
from deckgen.plan.bars import known_counts, status_bars
from deckgen.plan.context import Context
from deckgen.plan.fit import SLACK, Unfit, fit, height, size_range
from deckgen.plan.paginate import DoesNotFit, Page, paginate
from deckgen.plan.specs import (
    Align,
    Box,
    ChartSpec,
    DeckSpec,
    Element,
    Paragraph,
    PictureSpec,
    RectSpec,
    Role,
    SlideKind,
    SlideSpec,
    TextSpec,
)
from deckgen.theme import ResolvedTheme

PAGE_WIDTH, PAGE_HEIGHT = 210 / 25.4 * 72, 297 / 25.4 * 72
"""A4 portrait, in points (595.28 x 841.89)."""
MARGIN = 42.0
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LOGO = 34.0
"""The header's logos are at most this high and wide."""
HEADER_SIZE = 8.5
TITLE_SIZES = (18.0, 14.0)
SUBTITLE_SIZE = 10.5
BODY_SIZES = (12.0, 9.0)
"""The findings and recommendations: the largest size that fits, down to the smallest, in half points."""
CHART_SIZE = 9.0
CHART_WIDTH = 220.0
COLUMN_GAP = 16.0
FOOTER_SIZE = 8.0
FOOTER_HEIGHT = 22.0
"""The footer's band at the page's bottom margin: a rule, then one line."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class HandoutSpec:
    """The planned handout: its pages (as slides of A4 size) and what fitting each issue took."""

    deck: DeckSpec
    pages_per_issue: tuple[int, ...]
    """How many pages each issue takes: 1, or 2 when its recommendations continue on a second page."""
    shortened: tuple[bool, ...]
    """Whether each issue's findings lost text to fit."""


@dataclass
class _FindingText:
    """A finding's text as the handout may shorten it: its summary and units (sentences, bullets), in order."""

    finding: Finding
    summary: str | None
    paragraphs: list[list[str]]
    """The text paragraphs, each a list of sentences."""
    bullets: list[str] = field(default_factory=list)

    def words(self) -> int:
        return sum(len(s.split()) for p in self.paragraphs for s in p) + sum(len(b.split()) for b in self.bullets)

    def drop_one(self) -> bool:
        """Drop the last bullet, or else the last sentence; return False when there is nothing left to drop."""
        if self.bullets:
            self.bullets.pop()
            return True
        while self.paragraphs and not self.paragraphs[-1]:
            self.paragraphs.pop()
        if not self.paragraphs:
            return False
        self.paragraphs[-1].pop()
        if not self.paragraphs[-1]:
            self.paragraphs.pop()
        return True


def sentences(text: str) -> list[str]:
    """Return TEXT's sentences (split after ., !, ? or … followed by a space)."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def _finding_texts(ctx: Context, issue: Issue) -> list[_FindingText]:
    out = []
    for finding in issue.review.findings:
        bullets = list(finding.points)
        bullets += [ctx.locale.text("topic", text=t.text, count=t.count) if t.count is not None else t.text
                    for t in finding.topics]
        out.append(_FindingText(finding, finding.summary, [sentences(t) for t in finding.text], bullets))
    return out


def plan_handout(content: ContentSet, theme: ResolvedTheme, locale: Locale, logos: Mapping[str, Path]
                 ) -> HandoutSpec:
    """Return the handout of CONTENT in THEME, labelled in LOCALE: one A4 page per issue (two when it must)."""
    ctx = Context(theme, locale, logos)
    _check_footer(ctx, content)
    pages: list[SlideSpec] = []
    counts, shortened = [], []
    for number, issue in enumerate(content.issues, 1):
        try:
            issue_pages, cut = _issue_pages(ctx, content, number, issue)
        except (Unfit, DoesNotFit) as error:
            raise Unfit(f"the handout page of issue {number} cannot be laid out: {error}",
                        ("issue", number - 1, "recommendations")) from None
        pages += issue_pages
        counts.append(len(issue_pages))
        shortened.append(cut)
    title = locale.text("handout.title", title=content.deck.title or locale.text("to_fill"))
    deck = DeckSpec(slides=tuple(pages), language_tag=locale.tag, title=title,
                    author=", ".join(p.name for p in content.deck.presenters), width=PAGE_WIDTH, height=PAGE_HEIGHT)
    return HandoutSpec(deck, tuple(counts), tuple(shortened))


def _issue_pages(ctx: Context, content: ContentSet, number: int, issue: Issue) -> tuple[list[SlideSpec], bool]:
    """Return ISSUE's page (or two) and whether its findings were shortened."""
    where = ("issue", number - 1)
    issue_title = wording.issue_title(ctx.locale, number, issue)
    header = _header(ctx, content)
    footer = _footer(ctx, content)
    header_bottom = max(e.box.bottom for e in header)
    title = _title(ctx, issue_title, header_bottom + 12, where + ("title",))
    continued_title = _title(ctx, ctx.locale.text("handout.continued", title=issue_title), header_bottom + 12,
                             where + ("title",))
    cycle = (ctx.paragraph(wording.cycle_line(ctx.locale, issue.review), SUBTITLE_SIZE, bold=True,
                           color=ctx.colours.muted),)
    cycle_spec = TextSpec(Box(MARGIN, title.box.bottom + 2, CONTENT_WIDTH, height(cycle, CONTENT_WIDTH, slack=True)),
                          cycle, role=Role.SUBTITLE)
    top = cycle_spec.box.bottom + 10
    chart = _chart(ctx, issue_title, issue, top)
    bottom = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT - 8
    continues = (ctx.paragraph(ctx.locale.text("handout.continues"), FOOTER_SIZE + 1, italic=True,
                               color=ctx.colours.muted, align=Align.RIGHT),)
    continues_height = height(continues, CONTENT_WIDTH, slack=True)
    beside = Box(chart.box.right + COLUMN_GAP, top, PAGE_WIDTH - MARGIN - chart.box.right - COLUMN_GAP,
                 chart.box.height)
    below = Box(MARGIN, chart.box.bottom + 8, CONTENT_WIDTH, bottom - chart.box.bottom - 8)
    second_top = continued_title.box.bottom + 10
    regions = [beside, below, Box(MARGIN, second_top, CONTENT_WIDTH, bottom - second_top)]

    def region(page: int, room_for_mark: bool) -> tuple[float, float]:
        box = regions[min(page, 2)]
        reserve = continues_height if room_for_mark and page == 1 else 0.0
        return box.width, box.height - reserve - SLACK * ctx.line_height(BODY_SIZES[0])

    def layout(texts: list[_FindingText], size: float, room_for_mark: bool = False) -> list[Page]:
        return paginate(_paragraphs(ctx, issue, texts, size), lambda page: region(page, room_for_mark))

    texts = _finding_texts(ctx, issue)
    sizes = size_range_half(*BODY_SIZES)
    flowed = None
    for size in sizes:
        pages = layout(texts, size)
        if len(pages) <= 2:
            flowed = pages
            break
    cut = False
    size = sizes[-1]
    while flowed is None:
        if not _shorten(texts):
            break
        cut = True
        pages = layout(texts, size)
        if len(pages) <= 2:
            flowed = pages
    if flowed is None:  # the recommendations alone need a second page: the first says so at its foot
        # With two pages, the text may be as large again as fits them.
        flowed = next((pages for pages in (layout(texts, size, room_for_mark=True) for size in sizes)
                       if len(pages) <= 3), None)
        if flowed is None:
            raise Unfit(f"its recommendations take more than two pages even at {sizes[-1]:g} pt")
    first: list[Element] = [*header, cycle_spec, chart]
    first += [TextSpec(regions[i], flowed[i].text, role=Role.BODY) for i in (0, 1) if i < len(flowed)
              and flowed[i].items]
    out = [SlideSpec(SlideKind.STATUS, title, tuple(first + footer))]
    if len(flowed) > 2:
        first_page = out[0]
        mark = TextSpec(Box(MARGIN, bottom - continues_height, CONTENT_WIDTH, continues_height), continues,
                        role=Role.NOTE)
        out[0] = SlideSpec(first_page.kind, first_page.title, first_page.elements + (mark,))
        second: list[Element] = [*header, TextSpec(regions[2], flowed[2].text, role=Role.BODY)]
        out.append(SlideSpec(SlideKind.RECOMMENDATIONS, continued_title, tuple(second + footer)))
    return out, cut


def size_range_half(largest: float, smallest: float) -> list[float]:
    """Return font sizes from LARGEST down to SMALLEST in half-point steps."""
    out, size = [], largest
    while size > smallest:
        out.append(size)
        size -= 0.5
    return out + [smallest]


def _shorten(texts: list[_FindingText]) -> bool:
    """Drop one sentence or bullet from the finding with the most words left, else one summary (the longest).

    Return False when only the headings and their counts are left.
    """
    for text in sorted(texts, key=lambda t: -t.words()):
        if text.drop_one():
            return True
    with_summary = [t for t in texts if t.summary]
    if not with_summary:
        return False
    max(with_summary, key=lambda t: len(t.summary or "")).summary = None
    return True


def _paragraphs(ctx: Context, issue: Issue, texts: Sequence[_FindingText], size: float) -> list[Paragraph]:
    """Return the page's flow at SIZE: "Key findings", each finding (heading, text, bullets), the recommendations."""
    loc, c = ctx.locale, ctx.colours
    line = ctx.line_height(size)
    heading_size = size + 1
    out: list[Paragraph] = []
    known = known_counts(issue.review)  # as the deck's headings: counts the topics give count too
    if texts:
        out.append(ctx.paragraph(loc.text("handout.findings"), heading_size, bold=True, color=c.heading,
                                 keep_with_next=True))
    for text in texts:
        finding = text.finding
        colour = c.status[finding.statuses[0].value].text
        counts = [(s.value, known.get(s)) for s in finding.statuses]
        runs = [ctx.run(wording.finding_heading(loc, finding, counts), size, bold=True, color=colour)]
        if text.summary:
            runs.append(ctx.run(loc.text("heading_separator") + text.summary, size))
        has_body = any(text.paragraphs) or bool(text.bullets)
        out.append(Paragraph(tuple(runs), line, space_before=size * 0.6, keep_with_next=has_body))
        out += [ctx.paragraph(" ".join(p), size, space_before=size * 0.3) for p in text.paragraphs if p]
        out += [ctx.paragraph(b, size, space_before=size * 0.25, indent=size * 1.1, bullet="•")
                for b in text.bullets]
    out.append(ctx.paragraph(loc.text("recommendations"), heading_size, bold=True, color=c.heading,
                             space_before=size * 1.2, keep_with_next=True))
    if issue.recommendations:
        numbers = ctx.run(f"{len(issue.recommendations)}.", size, bold=True)
        indent = text_width(numbers.text, numbers.font.file, size) + size * 0.6
        out += [ctx.paragraph(r, size, space_before=size * 0.45, indent=indent, bullet=f"{n}.")
                for n, r in enumerate(issue.recommendations, 1)]
    else:
        out.append(ctx.paragraph(loc.text("to_fill"), size, italic=True, color=c.muted))
    return out


def _header(ctx: Context, content: ContentSet) -> list[Element]:
    """Return the header: the presenters' logos, their names beside them, and a rule under both."""
    deck = content.deck
    elements: list[Element] = []
    left = MARGIN
    for presenter in deck.presenters:
        path = ctx.logos.get(presenter.logo or "")
        if path is None:
            continue
        elements.append(PictureSpec(Box(left, MARGIN, LOGO, LOGO), path,
                                    ctx.locale.text("logo_alt", name=presenter.name)))
        left += LOGO + 8
    names_box = Box(left + (4 if left > MARGIN else 0), MARGIN, PAGE_WIDTH - MARGIN - left, LOGO)

    def make(size: float) -> list[Paragraph]:
        return [ctx.paragraph(p.name, size, bold=i == 0, color=ctx.colours.heading if i == 0 else ctx.colours.muted)
                for i, p in enumerate(deck.presenters)]

    names = fit(make, names_box, size_range(HEADER_SIZE, 6.5), ("deck", "presenters"))
    names_height = height(names, names_box.width, slack=True)
    names_spec = TextSpec(Box(names_box.left, MARGIN + max(0.0, (LOGO - names_height) / 2), names_box.width,
                              min(names_height, names_box.height)), names, role=Role.PRESENTER)
    elements.append(names_spec)
    rule_top = MARGIN + LOGO + 6
    elements.append(RectSpec(Box(MARGIN, rule_top, CONTENT_WIDTH, 0.75), ctx.colours.accent))
    return elements


def _check_footer(ctx: Context, content: ContentSet) -> None:
    """Raise Unfit at deck.yaml's longest footer key when the footer line fits at no size: every page has it, so
    it is deck.yaml's to fix, not an issue's."""
    try:
        _footer(ctx, content)
    except DoesNotFit:
        deck = content.deck
        parts = {key: str(value) for key in ("event", "date", "contact") if (value := getattr(deck, key, None))}
        longest = max(parts, key=lambda key: len(parts[key]))
        raise Unfit(f"the handout's footer ({', '.join(parts)}) does not fit its line at any size; "
                    f"shorten the {longest} ({len(parts[longest]):,} characters)", ("deck", longest)) from None


def _footer(ctx: Context, content: ContentSet) -> list[Element]:
    """Return the footer: a rule, then the event, date and contact line where deck.yaml gives them."""
    deck = content.deck
    parts = [text for text in (deck.event, getattr(deck, "date", None), deck.contact) if text]
    top = PAGE_HEIGHT - MARGIN - FOOTER_HEIGHT
    elements: list[Element] = [RectSpec(Box(MARGIN, top, CONTENT_WIDTH, 0.5), ctx.colours.track)]
    if parts:
        text = ctx.locale.text("handout.footer_separator").join(str(p) for p in parts)
        box = Box(MARGIN, top + 5, CONTENT_WIDTH, FOOTER_HEIGHT - 5)
        paragraphs = fit(lambda size: [ctx.paragraph(text, size, color=ctx.colours.muted)], box,
                         size_range(FOOTER_SIZE, 6.0), ("deck", "event"))
        elements.append(TextSpec(box, paragraphs, role=Role.FOOTER))
    return elements


def _title(ctx: Context, text: str, top: float, where: tuple) -> TextSpec:
    """Return the page's title: TEXT in bold, as large as fits two lines across the page."""
    probe = Box(MARGIN, top, CONTENT_WIDTH, 10_000)

    def make(size: float) -> list[Paragraph]:
        return [ctx.paragraph(text, size, bold=True, color=ctx.colours.heading)]

    try:  # a title a few points smaller on one line reads better than one that wraps
        paragraphs = fit(make, probe, size_range(TITLE_SIZES[0], TITLE_SIZES[0] - 3), where, max_lines=1)
    except Unfit:
        paragraphs = fit(make, probe, size_range(*TITLE_SIZES), where, max_lines=2)
    return TextSpec(Box(MARGIN, top, CONTENT_WIDTH, height(paragraphs, CONTENT_WIDTH, slack=True)), paragraphs,
                    role=Role.TITLE)


def _chart(ctx: Context, issue_title: str, issue: Issue, top: float) -> ChartSpec:
    """Return ISSUE's status chart (the deck's, at the handout's size) at the left, from TOP down."""
    review, loc, c = issue.review, ctx.locale, ctx.colours
    bars = status_bars(ctx, review)
    alt = wording.status_chart_alt(loc, issue_title, review, wording.chart_alt_parts(loc, bars))
    # A row is about 3.4 em (count line, gap, bar, spacing); the caption 1.6 em.
    chart_height = (max(len(bars), 3) * 3.4 + 1.6) * CHART_SIZE + 4
    return ChartSpec(box=Box(MARGIN, top, CHART_WIDTH, chart_height), bars=bars, total=review.known_total,
                     total_text=wording.chart_caption(loc, review), alt_text=alt, regular=ctx.theme.regular,
                     bold=ctx.theme.bold, size=CHART_SIZE, text_color=c.text, track_color=c.track,
                     background=c.background)
