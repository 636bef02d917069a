"""A statement deck's slides: one per issue (headline, chart, key finding, top asks) and the closing asks.

The statement is the talk a speaker gives in a pre-session slot of a few
minutes: each issue's slide states its finding as a headline, shows the chart,
one key finding and the top asks. Everything else the issue holds goes into
the slide's speaker notes, so nothing the content says is lost.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from deckgen.content.model import Issue
from deckgen.fonts import text_width
from deckgen.plan import wording
from deckgen.plan.bars import known_counts
from deckgen.plan.context import Context
from deckgen.plan.fit import SLACK, Unfit, height, size_range
from deckgen.plan.layout import (
    BODY_BOTTOM,
    CLOSING_SIDE,
    CONTENT_WIDTH,
    RULE_HEIGHT,
    RULE_WIDTH,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    body_top,
)
from deckgen.plan.lines import paragraph_lines, without_runt
from deckgen.plan.slides.chrome import TITLE_MAX_LINES, TitleTooLong, title_band, title_span
from deckgen.plan.slides.closing import closing_asks
from deckgen.plan.slides.issue import beside_and_under, status_chart
from deckgen.plan.specs import (
    Align,
    Anchor,
    Box,
    Paragraph,
    RectSpec,
    Role,
    Run,
    SlideKind,
    SlideSpec,
    TextSpec,
)

TOP_ASKS = 3
"""Most recommendations a statement slide shows: the priority ones, else the first two."""
DEFAULT_ASKS = 2


def top_asks(issue: Issue) -> list[tuple[int, str]]:
    """Return the asks a statement slide shows, with their numbers in the issue's list (from 1).

    The recommendations marked priority, else the first two; at most TOP_ASKS.
    """
    numbered = list(enumerate(issue.recommendation_texts, 1))
    marked = [
        (n, text) for (n, text), r in zip(numbered, issue.recommendations) if not isinstance(r, str) and r.priority
    ]
    return (marked or numbered[:DEFAULT_ASKS])[:TOP_ASKS]


def key_finding(issue: Issue):
    """Return the issue's finding marked key: true that has a summary, or None."""
    return next((f for f in issue.review.findings if f.key and f.summary), None)


def repeated_headlines(ctx: Context, issues: Sequence[Issue]) -> frozenset[str]:
    """Return the headlines that more than one of ISSUES has (a new cycle's drafts, issues counted alike): their
    slides' titles name their issue too, so that every slide's title is its own."""
    headlines = Counter(wording.statement_headline(ctx.locale, issue, known_counts(issue.review)) for issue in issues)
    return frozenset(headline for headline, n in headlines.items() if n > 1)


def headline_runs(ctx: Context, headline: str, issue_title: str, repeated: frozenset[str]) -> tuple[Run, ...]:
    """Return a statement slide's title: HEADLINE, and " – " ISSUE_TITLE (muted) when it is among REPEATED."""
    c, size = ctx.colours, ctx.title
    runs: tuple[Run, ...] = (ctx.run(headline, size, bold=True, color=c.heading),)
    if headline in repeated:
        runs += (ctx.run(" – " + issue_title, size, color=c.muted),)
    return runs


def headline_lines(ctx: Context, issues: Sequence[Issue]) -> int:
    """Return the lines the longest of ISSUES' headlines takes (at most TITLE_MAX_LINES): every statement slide's
    title is planned that tall, so the charts start at one height."""
    repeated = repeated_headlines(ctx, issues)
    lines = [
        len(
            paragraph_lines(
                Paragraph(
                    headline_runs(
                        ctx,
                        wording.statement_headline(ctx.locale, issue, known_counts(issue.review)),
                        wording.issue_title(ctx.locale, number, issue),
                        repeated,
                    ),
                    ctx.line_height(ctx.title),
                ),
                CONTENT_WIDTH,
            )
        )
        for number, issue in enumerate(issues, 1)
    ]
    return min(max(lines, default=1), TITLE_MAX_LINES)


def statement_slide(
    ctx: Context, number: int, issue: Issue, lines: int = TITLE_MAX_LINES, repeated: frozenset[str] = frozenset()
) -> list[SlideSpec]:
    """Return ISSUE's one statement slide: headline title (planned LINES tall; naming the issue too when its
    headline is among REPEATED), status chart, key finding and top asks."""
    key_path = ("issue", number - 1)
    loc = ctx.locale
    issue_title = wording.issue_title(loc, number, issue)
    headline = wording.statement_headline(loc, issue, known_counts(issue.review))
    title, kicker = headline_title(
        ctx, issue_title, headline, key_path + (("headline",) if issue.headline else ("title",)), lines, repeated
    )
    top = body_top(title.box)
    chart = status_chart(ctx, issue_title, issue, top)  # the report's chart: one design
    side, under = beside_and_under(chart.box, top)
    tall = Box(side.left, side.top, side.width, BODY_BOTTOM - side.top)
    columns = None
    # At the deck's body size (too long there, the planner tries the whole deck a size smaller: one type scale).
    # At the theme's smallest body size, a long language's text may go smaller, down to the sources' size,
    # rather than fail: everything the slide leaves out is in its notes, but its key finding and asks are its point.
    smallest = min(ctx.body, ctx.sizes.source) if ctx.body <= ctx.sizes.body.min else ctx.body
    for size in size_range(ctx.body, smallest):
        paragraphs = statement_paragraphs(ctx, issue, size)
        columns = beside_then_under(paragraphs, side, under)
        if height(paragraphs, tall.width, slack=True) <= tall.height and (columns is None or columns[1]):
            side, columns = tall, (paragraphs, [])  # all of it beside the chart, down to the footer
        if columns is not None:
            break
    if columns is None:
        raise Unfit(
            f"the statement slide of issue {number} does not fit its key finding and top asks; shorten "
            f"the key finding's summary, or mark fewer recommendations priority",
            key_path,
        )
    elements: list = [kicker, chart]
    for placed, box in zip(columns, (side, under)):
        if placed:
            elements.append(TextSpec(box, tuple(without_runt(p, box.width) for p in placed), role=Role.BODY))
    return [
        SlideSpec(
            SlideKind.STATUS,
            title,
            tuple(elements),
            notes=statement_notes(ctx, number, issue),
            spoken=issue.script or "",
        )
    ]


def statement_paragraphs(ctx: Context, issue: Issue, size: float) -> list[Paragraph]:
    """Return a statement slide's text at SIZE: the key finding (its heading and summary), then the top asks."""
    loc, c = ctx.locale, ctx.colours
    paragraphs: list[Paragraph] = []
    finding = key_finding(issue)
    if finding is not None:
        known = known_counts(issue.review)
        counts = [(s.value, known.get(s)) for s in finding.statuses]
        paragraphs.append(
            Paragraph(
                (
                    ctx.run(
                        wording.finding_heading(loc, finding, counts),
                        size,
                        bold=True,
                        color=c.status[finding.statuses[0].value].text,
                    ),
                    ctx.run(loc.text("heading_separator") + (finding.summary or ""), size),
                ),
                ctx.line_height(size),
            )
        )
    asks = top_asks(issue)
    if asks:
        paragraphs.append(
            ctx.paragraph(
                loc.text("recommendations"),
                size,
                bold=True,
                color=c.heading,
                space_before=size * 0.8 if paragraphs else 0.0,
                keep_with_next=True,
            )
        )
        numbers = ctx.run(f"{max(n for n, _ in asks)}.", size, bold=True)
        indent = text_width(numbers.text, numbers.font.file, size) + size * 0.6
        paragraphs += [
            ctx.paragraph(text, size, space_before=size * 0.55, indent=indent, bullet=f"{n}.") for n, text in asks
        ]
    return paragraphs


def beside_then_under(
    paragraphs: list[Paragraph], side: Box, under: Box
) -> tuple[list[Paragraph], list[Paragraph]] | None:
    """Return PARAGRAPHS in the column beside the chart (SIDE) as far as they fit whole, the rest in the band
    UNDER it at the full width; None when they do not fit. No paragraph is cut between the two, and the
    column never ends with a heading (a paragraph that keeps with the next)."""
    for split in range(len(paragraphs), -1, -1):
        beside, rest = paragraphs[:split], paragraphs[split:]
        if beside and beside[-1].keep_with_next and beside[-1].bullet is None:
            continue
        rest = [dataclasses.replace(rest[0], space_before=0.0), *rest[1:]] if rest else []
        if (
            height(beside, side.width, slack=True) <= side.height
            and height(rest, under.width, slack=True) <= under.height
        ):
            return beside, rest
    return None


def headline_title(
    ctx: Context,
    issue_title: str,
    headline: str,
    key_path: tuple,
    lines: int = TITLE_MAX_LINES,
    repeated: frozenset[str] = frozenset(),
) -> tuple[TextSpec, TextSpec]:
    """Return a statement slide's title (the headline) and the issue's name as a small line above it.

    The name is a text box of its own at the body size (the title placeholder
    holds the headline alone, at the deck's one title size), just above the
    headline's first line. The two stand on the foot of a band as tall as the
    name's line and LINES of headline, so every statement slide's chart starts
    at one height.
    """
    c, size = ctx.colours, ctx.title
    small = ctx.body
    left, width = title_span(ctx, (1 + SLACK) * ctx.line_height(small) + (lines + SLACK) * ctx.line_height(size))
    kicker = (without_runt(ctx.paragraph(issue_title, small, bold=True, color=c.muted), width),)
    head = without_runt(Paragraph(headline_runs(ctx, headline, issue_title, repeated), ctx.line_height(size)), width)
    if len(paragraph_lines(head, width)) > TITLE_MAX_LINES:
        raise TitleTooLong(
            f"the headline does not fit {TITLE_MAX_LINES} lines even at {ctx.sizes.title.min:g} pt: "
            f"{head.text[:60]!r}; shorten it",
            key_path,
        )
    kicker_height = height(kicker, width, slack=True)
    head_height = height((head,), width, slack=True)
    top, band = title_band(ctx)  # a template's title placeholder holds the name and the headline
    high = max(band, kicker_height + max((lines + SLACK) * head.line_height, head_height))
    # the title's box spans the band (where a template's title placeholder stands), the headline at its foot
    title = TextSpec(Box(left, top, width, high), (head,), role=Role.TITLE, anchor=Anchor.BOTTOM)
    kicker_box = Box(left, title.box.bottom - head_height - kicker_height, width, kicker_height)
    return title, TextSpec(kicker_box, kicker, role=Role.SUBTITLE, anchor=Anchor.BOTTOM)


def statement_notes(ctx: Context, number: int, issue: Issue) -> str:
    """Return a statement slide's speaker notes: the script, the notes, then all the issue holds beside them.

    The findings (summaries, text, points, topics, sources) and the
    recommendations the slide does not show: nothing the content says is lost.
    """
    loc = ctx.locale
    review = issue.review
    parts = [text for text in (issue.script, issue.notes) if text]
    known = known_counts(review)
    for finding in review.findings:
        heading = wording.finding_heading(loc, finding, [(s.value, known.get(s)) for s in finding.statuses])
        lines = [heading + (loc.text("heading_separator") + finding.summary if finding.summary else "")]
        lines += finding.text
        lines += [f"• {p}" for p in finding.points]
        lines += [
            f"• {loc.text('topic', text=t.text, count=t.count) if t.count is not None else t.text}"
            for t in finding.topics
        ]
        lines += finding.sources
        if finding.script:
            lines.append(finding.script)
        parts.append("\n".join(lines))
    shown = {n for n, _ in top_asks(issue)}
    others = [f"{n}. {text}" for n, text in enumerate(issue.recommendation_texts, 1) if n not in shown]
    if others:
        parts.append("\n".join([loc.text("statement.notes_recommendations"), *others]))
    return "\n\n".join(parts)


def statement_closing(ctx: Context, deck, issues: Sequence[Issue]) -> list[SlideSpec]:
    """Return a statement deck's closing slide: titled with the asks, the closing words one small line under them.

    The asks are deck.yaml's closing_asks, else each issue's first priority
    recommendation; the small line is the closing words, with `contact` when given.
    """
    c = ctx.colours
    asks = list(deck.closing_asks) or [issue.priorities[0] for issue in issues if issue.priorities]
    band = RectSpec(Box(0, 0, SLIDE_WIDTH, SLIDE_HEIGHT), c.band)
    side = CLOSING_SIDE
    width = SLIDE_WIDTH - 2 * side
    size = ctx.title
    head = (
        ctx.paragraph(ctx.locale.text("statement.asks_title"), size, bold=True, color=c.band_text, align=Align.CENTER),
    )
    title = TextSpec(Box(side, 56.0, width, height(head, width, slack=True)), head, role=Role.TITLE, anchor=Anchor.TOP)
    rule = RectSpec(
        Box((SLIDE_WIDTH - RULE_WIDTH) / 2, title.box.bottom + 14, RULE_WIDTH, RULE_HEIGHT),
        ctx.theme.template_accent or c.band_text,
    )
    words = " · ".join(text for text in (deck.closing or ctx.locale.text("closing"), deck.contact) if text)
    small = ctx.sizes.subtitle
    closing_line = (without_runt(ctx.paragraph(words, small, color=c.band_text, align=Align.CENTER), width),)
    line_height = height(closing_line, width, slack=True)
    line_box = Box(side, BODY_BOTTOM - line_height, width, line_height)
    elements: list = [band, rule]
    if asks:
        elements.append(
            closing_asks(
                ctx,
                asks,
                rule.box.bottom + 24,
                width,
                bottom=line_box.top - 12,
                key_path=("deck", "closing_asks") if deck.closing_asks else ("deck",),
            )
        )
    elements.append(TextSpec(line_box, closing_line, role=Role.BODY))
    return [SlideSpec(SlideKind.CLOSING, title, tuple(elements), background=c.band, spoken="")]
