"""The overview: every issue's status counts in one stacked chart, and the share that triggered action."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class ActionShare:
    """How many recommendations triggered action (implemented or partially implemented), over the issues that say."""

    action: int
    total: int
    """The totals of the issues counted."""
    approximate: bool
    """Some issue counted has an approximate total."""
    excluded: tuple[int, ...]
    """Indexes of issues left out: they lack the count of implemented or of partially implemented ones."""


def action_share(issues: Sequence[Issue]) -> ActionShare:
    """Return the share of recommendations on which action was taken, over the issues that count both kinds.

    An issue without a count of implemented or of partially implemented
    recommendations (say, one broken down by topic only) is left out rather than
    guessed at, and named in the overview's footnote.
    """
    action = total = 0
    approximate = False
    excluded = []
    for index, issue in enumerate(issues):
        review = issue.review
        implemented, partially = review.counts.implemented, review.counts.partially_implemented
        if implemented is None or partially is None:
            excluded.append(index)
            continue
        action += implemented + partially
        total += review.total
        approximate = approximate or review.approximate
    return ActionShare(action, total, approximate, tuple(excluded))


def overview_slides(ctx: Context, issues: Sequence[Issue]) -> list[SlideSpec]:
    """Return the overview of ISSUES: their status counts in one chart, and the share that triggered action.

    More than OVERVIEW_ROWS issues continue on "(cont.)" slides; the share and
    its footnote stand on the first.
    """
    loc, c, where = ctx.locale, ctx.colours, ("deck", "overview")
    if not issues:
        return []
    title_text = wording.overview_title(loc, {issue.review.cycle for issue in issues})
    titles = continued_titles(ctx, [(title_text, True)], where)
    share = action_share(issues)

    headline: tuple[Paragraph, ...] = ()
    if share.total > 0:
        # At the deck's body size, as the findings: one type scale; a long headline takes another line.
        headline = (without_runt(ctx.paragraph(wording.overview_share(loc, share), ctx.body, bold=True,
                                               color=c.heading), CONTENT_WIDTH),)
    notes = [loc.text("overview_action")] if share.total > 0 else []
    if share.excluded:
        notes.append(loc.text("overview_excluded", issues=loc.join([issues[i].title for i in share.excluded])))
    footnote = tuple(ctx.paragraph(note, ctx.sizes.source, color=c.muted) for note in notes)

    pages = -(-len(issues) // OVERVIEW_ROWS)
    per_page = -(-len(issues) // pages)
    slides = []
    for page in range(pages):
        page_issues = issues[page * per_page:(page + 1) * per_page]
        title = titles(page)
        top, bottom = body_top(title.box), BODY_BOTTOM
        elements: list = []
        if page == 0 and headline:
            spec = TextSpec(Box(MARGIN, top, CONTENT_WIDTH, height(headline, CONTENT_WIDTH, slack=True)),
                            headline, role=Role.HEADLINE)
            elements.append(spec)
            top = spec.box.bottom + 10
        if page == 0 and footnote:
            note_height = height(footnote, CONTENT_WIDTH, slack=True)
            elements.append(TextSpec(Box(MARGIN, bottom - note_height, CONTENT_WIDTH, note_height), footnote,
                                     role=Role.NOTE))
            bottom -= note_height + 10
        elements.insert(0, overview_chart(ctx, " ".join(p.text for p in title.paragraphs), page_issues,
                                          Box(MARGIN, top, CONTENT_WIDTH, bottom - top)))
        slides.append(SlideSpec(SlideKind.OVERVIEW, title, tuple(elements)))
    return slides


def overview_row(ctx: Context, issue: Issue) -> OverviewRow:
    """Return ISSUE's row of the overview chart."""
    review = issue.review
    return OverviewRow(issue.title, review.total, wording.chart_caption(ctx.locale, review), status_bars(ctx, review))


def overview_chart(ctx: Context, title: str, issues: Sequence[Issue], box: Box) -> OverviewSpec:
    """Return the overview chart of ISSUES in BOX; its alt text states every issue's numbers."""
    loc, c = ctx.locale, ctx.colours
    rows = tuple(overview_row(ctx, issue) for issue in issues)
    alt_rows = [wording.overview_row_alt(loc, issue, row.segments) for issue, row in zip(issues, rows)]
    shown = Counter()
    for row in rows:
        shown.update({b.key: b.count for b in row.segments})
    legend = tuple(bar(ctx, key, shown[key]) for key in STATUS_KEYS if key in shown)
    return OverviewSpec(box=box, rows=rows, legend=legend,
                        alt_text=loc.text("overview_alt", title=title, rows="; ".join(alt_rows)),
                        regular=ctx.theme.regular, bold=ctx.theme.bold, size=ctx.sizes.chart,
                        text_color=c.text, muted_color=c.muted, background=c.background,
                        native=ctx.native_charts)
