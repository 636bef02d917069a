"""The overview: every issue's status counts in one stacked chart, under a headline of the counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from deckgen.content.model import Issue
from deckgen.plan import wording
from deckgen.plan.bars import STATUS_KEYS, bar, status_bars
from deckgen.plan.context import Context
from deckgen.plan.fit import height
from deckgen.plan.layout import BODY_BOTTOM, CONTENT_WIDTH, MARGIN, body_top
from deckgen.plan.lines import without_runt
from deckgen.plan.slides.chrome import continued_titles
from deckgen.plan.specs import Box, OverviewRow, OverviewSpec, Paragraph, Role, SlideKind, SlideSpec, TextSpec

OVERVIEW_ROWS = 5
"""Most issues one overview slide shows: more would shrink the labels below what a room can read."""


def overview_slides(ctx: Context, issues: Sequence[Issue]) -> list[SlideSpec]:
    """Return the overview of ISSUES: their status counts in one chart, under a headline of the counts.

    The headline leads with the recommendations fully implemented, then the
    partially and not implemented ones, then those no count covers, which a
    footnote explains, naming their issues. More than OVERVIEW_ROWS issues
    continue on "(cont.)" slides; the headline and footnote stand on the first.
    """
    loc, c, key_path = ctx.locale, ctx.colours, ("deck", "overview")
    if not issues:
        return []
    title_text = wording.overview_title(loc, {issue.review.cycle for issue in issues})
    titles = continued_titles(ctx, [(title_text, True)], key_path)
    headline: tuple[Paragraph, ...] = ()
    all_bars = [status_bars(ctx, issue.review) for issue in issues]
    total = sum(issue.review.total or 0 for issue in issues)
    summed: Counter = Counter()
    for bars in all_bars:
        summed.update({b.key: b.count for b in bars})
    if total > 0 and set(summed) != {"not_broken_down"}:  # no headline when no issue counts any status
        totals = {key: summed[key] for key in STATUS_KEYS if key in summed}
        unassessed = any(t.status is None for issue in issues for t in issue.review.recommendations)
        text = wording.overview_headline(
            loc,
            totals,
            total,
            any(issue.review.approximate for issue in issues),
            "to_assess" if unassessed else "not_broken_down",
        )
        # At the deck's body size, as the findings: one type scale; a long headline takes another line.
        headline = (without_runt(ctx.paragraph(text, ctx.body, bold=True, color=c.heading), CONTENT_WIDTH),)
    rest = [
        issue.title
        for issue, bars in zip(issues, all_bars)
        if any(b.key == "not_broken_down" and b.count for b in bars)
        and not any(t.status is None for t in issue.review.recommendations)
    ]
    notes = [loc.text("overview_not_broken_down", issues=loc.join(rest))] if rest else []
    footnote = tuple(ctx.paragraph(note, ctx.sizes.source, color=c.muted) for note in notes)

    pages = -(-len(issues) // OVERVIEW_ROWS)
    per_page = -(-len(issues) // pages)
    slides = []
    for page in range(pages):
        page_issues = issues[page * per_page : (page + 1) * per_page]
        title = titles(page)
        top, bottom = body_top(title.box), BODY_BOTTOM
        elements: list = []
        if page == 0 and headline:
            spec = TextSpec(
                Box(MARGIN, top, CONTENT_WIDTH, height(headline, CONTENT_WIDTH, slack=True)),
                headline,
                role=Role.HEADLINE,
            )
            elements.append(spec)
            top = spec.box.bottom + 10
        if page == 0 and footnote:
            note_height = height(footnote, CONTENT_WIDTH, slack=True)
            elements.append(
                TextSpec(Box(MARGIN, bottom - note_height, CONTENT_WIDTH, note_height), footnote, role=Role.NOTE)
            )
            bottom -= note_height + 10
        elements.insert(
            0,
            overview_chart(
                ctx,
                " ".join(p.text for p in title.paragraphs),
                page_issues,
                Box(MARGIN, top, CONTENT_WIDTH, bottom - top),
            ),
        )
        slides.append(SlideSpec(SlideKind.OVERVIEW, title, tuple(elements)))
    return slides


def overview_row(ctx: Context, issue: Issue) -> OverviewRow:
    """Return ISSUE's row of the overview chart."""
    review = issue.review
    return OverviewRow(
        issue.title, review.known_total, wording.chart_caption(ctx.locale, review), status_bars(ctx, review)
    )


def overview_chart(ctx: Context, title: str, issues: Sequence[Issue], box: Box) -> OverviewSpec:
    """Return the overview chart of ISSUES in BOX; its alt text states every issue's numbers."""
    loc, c = ctx.locale, ctx.colours
    rows = tuple(overview_row(ctx, issue) for issue in issues)
    alt_rows = [wording.overview_row_alt(loc, issue, row.segments) for issue, row in zip(issues, rows)]
    shown: Counter[str] = Counter()
    for row in rows:
        shown.update({b.key: b.count for b in row.segments})
    legend = tuple(bar(ctx, key, shown[key]) for key in STATUS_KEYS if key in shown)
    return OverviewSpec(
        box=box,
        rows=rows,
        legend=legend,
        alt_text=loc.text("overview_alt", title=title, rows="; ".join(alt_rows)),
        regular=ctx.theme.regular,
        bold=ctx.theme.bold,
        size=ctx.body,  # the deck's body size: one type scale
        text_color=c.text,
        muted_color=c.muted,
        background=c.background,
        native=ctx.native_charts,
    )
