"""An issue's slides: its status (cycle line, chart, findings), the findings continued, its recommendations."""

from __future__ import annotations

import dataclasses

from deckgen.content.model import Issue, written_empty
from deckgen.fonts import line_metrics, text_width
from deckgen.plan import wording
from deckgen.plan.bars import issue_bars, known_counts
from deckgen.plan.charts import status_chart_width
from deckgen.plan.context import Context
from deckgen.plan.fit import flow, height
from deckgen.plan.layout import (
    BODY_BOTTOM,
    CHART_WIDTH,
    COLUMN_GAP,
    CONTENT_WIDTH,
    MARGIN,
    MAX_CHART_WIDTH,
    body_box,
    body_top,
)
from deckgen.plan.paginate import Continuation
from deckgen.plan.slides.chrome import continued_titles
from deckgen.plan.specs import (
    Box,
    ChartSpec,
    Paragraph,
    Role,
    SlideKind,
    SlideSpec,
    TextSpec,
    chart_height,
)


def issue_slides(ctx: Context, number: int, issue: Issue) -> list[SlideSpec]:
    """Return the slides of ISSUE, the NUMBERth: its status and findings, then its recommendations."""
    key_path = ("issue", number - 1)
    return status_and_findings(ctx, number, issue, key_path) + recommendation_slides(
        ctx, issue, wording.issue_title(ctx.locale, number, issue, running=True), key_path
    )


UNDER_CHART_GAP = 10.0
"""Between the chart's foot and the findings that go on under it."""
CYCLE_GAP = 6.0
"""Between the cycle line and the findings under it in the column beside the chart (the cycle line's box keeps a
slack of its own)."""


def status_and_findings(ctx: Context, number: int, issue: Issue, key_path: tuple) -> list[SlideSpec]:
    """Return the status slide (cycle line, chart, the findings that fit) and its continuation slides.

    The findings fill the column beside the chart (as tall as the chart), then
    go on under it at the full width, and only then onto "(cont.)" slides: no
    empty band under the chart while the text is continued elsewhere.
    """
    review = issue.review
    issue_title = wording.issue_title(ctx.locale, number, issue)
    running = wording.issue_title(ctx.locale, number, issue, running=True)
    titles = continued_titles(
        ctx, [(issue_title, True)], key_path + ("title",), [(running, True)], (SlideKind.STATUS, SlideKind.FINDINGS)
    )
    top = body_top(titles(0).box)
    cycle = (ctx.paragraph(wording.cycle_line(ctx.locale, review), ctx.body, bold=True, color=ctx.colours.muted),)
    chart = status_chart(ctx, issue_title, issue, top)
    column, under = beside_and_under(chart.box, top)
    # the cycle line heads the column beside the chart; the findings follow it there
    cycle_spec = TextSpec(
        dataclasses.replace(column, height=height(cycle, column.width, slack=True)), cycle, role=Role.SUBTITLE
    )
    findings_top = cycle_spec.box.bottom + CYCLE_GAP
    side = dataclasses.replace(column, top=findings_top, height=column.bottom - findings_top)

    def box_of(page: int) -> Box:
        return side if page == 0 else under if page == 1 else body_box(body_top(titles(page - 1).box))

    pages = flow(
        ctx,
        lambda size: finding_paragraphs(ctx, review, size),
        box_of,
        key_path + ("review", "findings"),
        same_slide=frozenset({1}),
    )
    starts = finding_starts(review)
    slides = []
    # pages 0 and 1 (beside and under the chart) make the status slide; each page after, a slide of its own
    groups = [list(enumerate(pages[:2]))] + [[(i, page)] for i, page in enumerate(pages[2:], 2)]
    for slide_number, group in enumerate(groups):
        opening = {item.source for _, page in group for item in page.items if not item.continued}
        scripts = [f.script for f, start in zip(review.findings, starts) if f.script and start in opening]
        notes = "\n\n".join(([speaker_notes(issue)] if slide_number == 0 and speaker_notes(issue) else []) + scripts)
        elements: list = []
        if slide_number == 0:
            elements += [cycle_spec, chart]
        elements += [TextSpec(box_of(i), page.text, role=Role.BODY) for i, page in group if page.items]
        slides.append(
            SlideSpec(
                SlideKind.STATUS if slide_number == 0 else SlideKind.FINDINGS,
                titles(slide_number),
                tuple(elements),
                notes=notes,
            )
        )
    return slides


def beside_and_under(chart: Box, top: float) -> tuple[Box, Box]:
    """Return the column beside CHART (from TOP, as tall as the chart) and the full-width box under it."""
    side = Box(chart.right + COLUMN_GAP, top, CONTENT_WIDTH - chart.width - COLUMN_GAP, chart.bottom - top)
    under_top = chart.bottom + UNDER_CHART_GAP
    return side, Box(MARGIN, under_top, CONTENT_WIDTH, BODY_BOTTOM - under_top)


def finding_starts(review) -> list[int]:
    """Return the index of each finding's heading among finding_paragraphs' paragraphs (whatever the size)."""
    starts, index = [], 0
    for finding in review.findings:
        starts.append(index)
        index += 1 + len(finding.text) + len(finding.points) + len(finding.topics) + len(finding.sources)
    return starts


def speaker_notes(issue: Issue) -> str:
    """Return the status slide's speaker notes: the issue's notes, then its script (what the speaker says)."""
    return "\n\n".join(text for text in (issue.notes, issue.script) if text)


def recommendation_slides(ctx: Context, issue: Issue, issue_title: str, key_path: tuple) -> list[SlideSpec]:
    """Return ISSUE's numbered recommendations under ISSUE_TITLE (its running title), continued as they need."""
    section = ctx.locale.text("section", issue=issue_title, section=ctx.locale.text("recommendations"))
    titles = continued_titles(
        ctx, [(section, True)], key_path + ("title",), kinds=(SlideKind.RECOMMENDATIONS, SlideKind.RECOMMENDATIONS)
    )

    def box_of(page: int) -> Box:
        return body_box(body_top(titles(page).box))

    def make(size: float) -> tuple[list[Paragraph], Continuation]:
        if not issue.recommendations:
            return [to_fill_paragraph(ctx, size)], _no_continuation
        numbers = ctx.run(f"{len(issue.recommendations)}.", size, bold=True)
        indent = text_width(numbers.text, numbers.font.file, size) + size * 0.6
        # the last recommendation never stands alone on a slide: the one before goes over with it
        count = len(issue.recommendations)
        return [
            ctx.paragraph(
                text,
                size,
                space_before=size * 0.55,
                indent=indent,
                bullet=f"{n}.",
                keep_with_next=count > 1 and n == count - 1,
            )
            for n, text in enumerate(issue.recommendation_texts, 1)
        ], _no_continuation

    pages = flow(ctx, make, box_of, key_path + ("recommendations",))
    return [
        SlideSpec(SlideKind.RECOMMENDATIONS, titles(i), (TextSpec(box_of(i), page.text, role=Role.BODY),))
        for i, page in enumerate(pages)
    ]


def finding_paragraphs(ctx: Context, review, size: float) -> tuple[list[Paragraph], Continuation]:
    """Return the findings' paragraphs at SIZE, and the "(cont.)" heading for a page that starts inside one."""
    loc, c = ctx.locale, ctx.colours
    line = ctx.line_height(size)
    out: list[Paragraph] = []
    repeated_heading: dict[int, Paragraph] = {}
    known = known_counts(review)
    for finding in review.findings:
        status_colour = c.status[finding.statuses[0].value].text
        counts = [(s.value, known.get(s)) for s in finding.statuses]
        runs = [ctx.run(wording.finding_heading(loc, finding, counts), size, bold=True, color=status_colour)]
        cont = ctx.run(" " + loc.text("continued"), size, color=c.muted)
        heading_again = Paragraph(tuple(runs) + (cont,), line)
        if finding.summary:
            runs.append(ctx.run(loc.text("heading_separator") + finding.summary, size))
        body: list[Paragraph] = []
        body += [ctx.paragraph(t, size, space_before=size * 0.45) for t in finding.text]
        bullet_indent = size * 1.1
        items = list(finding.points) + [
            loc.text("topic", text=t.text, count=t.count) if t.count is not None else t.text for t in finding.topics
        ]
        body += [
            ctx.paragraph(
                t,
                size,
                space_before=size * 0.35,
                indent=bullet_indent,
                bullet="•",
                keep_with_next=keeps_list_together(i, len(items)),
            )
            for i, t in enumerate(items)
        ]
        source_size = min(ctx.sizes.source, size)
        body += [
            ctx.paragraph(t, source_size, italic=True, color=c.muted, space_before=size * 0.3) for t in finding.sources
        ]
        out.append(Paragraph(tuple(runs), line, space_before=size * 1.0, keep_with_next=bool(body)))
        repeated_heading.update({len(out) + i: heading_again for i in range(len(body))})
        out += body
    if written_empty(review, ("findings",)):
        out.append(to_fill_paragraph(ctx, size))
    return out, repeated_heading.get


def keeps_list_together(index: int, count: int) -> bool:
    """Return whether a list's INDEXth item of COUNT keeps with the next: a list breaks between any of its items
    across a slide break, but never carries its last item over alone (its last two go together)."""
    return count > 1 and index == count - 2


def to_fill_paragraph(ctx: Context, size: float) -> Paragraph:
    """Return the placeholder for a list still to fill (a draft's findings or recommendations), in muted italics."""
    return ctx.paragraph(ctx.locale.text("to_fill"), size, italic=True, color=ctx.colours.muted)


def status_chart(ctx: Context, issue_title: str, issue: Issue, top: float, narrowest: float = CHART_WIDTH) -> ChartSpec:
    """Return the status chart of ISSUE from TOP down: one bar per counted status, the rest "not broken down".

    Its labels and caption are at the deck's body size, its counts at the title
    size and "number not reported" at the sources' size: the deck's one type
    scale, whatever the chart. The chart is NARROWEST (CHART_WIDTH) wide, or
    wider (up to MAX_CHART_WIDTH) when a label and its count need it, as longer
    languages' labels may; it is as tall as its rows and caption (no empty panel
    below them), so it lines up with the findings beside it from the top.
    """
    review, loc, c, bold = issue.review, ctx.locale, ctx.colours, ctx.theme.bold
    bars = issue_bars(ctx, review)
    alt = wording.status_chart_alt(loc, issue_title, review, wording.chart_alt_parts(loc, bars))
    spec = ChartSpec(
        box=Box(MARGIN, top, narrowest, 0.0),
        bars=bars,
        total=review.known_total,
        total_text=wording.chart_caption(loc, review),
        alt_text=alt,
        regular=ctx.theme.regular,
        bold=bold,
        size=ctx.body,
        count_size=ctx.title,
        note_size=ctx.sizes.source,
        text_color=c.text,
        muted_color=c.muted,
        track_color=c.track,
        background=c.background,
        native=ctx.native_charts,
    )
    width = min(max(narrowest, status_chart_width(spec)), MAX_CHART_WIDTH)
    tall = (
        chart_height(
            len(bars), spec.size, spec.count_size, line_metrics(bold.file), line_metrics(ctx.theme.regular.file)
        )
        + 1
    )
    return dataclasses.replace(spec, box=Box(MARGIN, top, width, min(round(tall, 2), BODY_BOTTOM - top)))


def _no_continuation(source: int) -> None:
    return None
