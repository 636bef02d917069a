"""The planner: content + theme + locale -> slide specs, every text measured to fit its box.

Pure: no pptx, no matplotlib, no file writes. The renderer makes no layout
decision; everything the slides show, and where, is decided here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from deckgen.content.model import STATUS_ORDER, ContentSet, Finding, Issue, written_empty
from deckgen.locale import Locale
from deckgen.fonts import text_width
from deckgen.plan.lines import break_lines, paragraph_lines
from deckgen.plan.paginate import Continuation, DoesNotFit, Page, Row, paginate, paragraph_height
from deckgen.plan.specs import (CHART_COUNT_SCALE, CHART_LABEL_COUNT_GAP, CHART_PAD, Box, ChartBar, ChartSpec,
                                DeckSpec, OverviewRow, OverviewSpec, Paragraph, PictureSpec, RectSpec, Run, SlideSpec,
                                TableCell, TableSpec, TextSpec)
from deckgen.theme import ResolvedTheme

SLIDE_WIDTH, SLIDE_HEIGHT = 960.0, 540.0
"""16:9 slide, in points (13.333 x 7.5 inches)."""

MARGIN = 48.0
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE_TOP = 28.0
TITLE_MAX_LINES = 2
TITLE_SHRINK = 4.0
"""Points a title may shrink to stay on one line."""
BODY_GAP = 18.0
"""From the title's last line to the body."""
FOOTER_TOP = SLIDE_HEIGHT - 38.0
BODY_BOTTOM = FOOTER_TOP - 14.0
FOOTER_LOGO = 18.0
CHART_WIDTH = 380.0
MAX_CHART_WIDTH = CONTENT_WIDTH / 2
"""Beyond this the findings' column would be too narrow; the renderer shrinks the label instead."""
COLUMN_GAP = 40.0
SLACK = 0.25
"""Fraction of a line kept free at the bottom of every text box: viewers place the first baseline differently."""
TABLE_INSET_X, TABLE_INSET_Y = 6.0, 4.0
"""Cell margins of tables, in points, at the sides and above and below."""
ANNEX_COLUMNS = ("id", "recommendation", "states", "response", "status")
"""The annex table's columns, left to right; their headings are the locale's annex.<column> labels."""
ANNEX_COLUMN_SHARE = {"id": 0.1, "response": 0.12, "status": 0.13}
"""The most of the table's width a column takes (less when its text is shorter, more when a word needs it);
the recommendation and the States share the rest. Two-word labels may wrap under each other."""
ANNEX_STATES_SHARES = (0.16, 0.2, 0.24, 0.28)
"""Shares of the table's width the States' column may take: the one that makes the table shortest wins."""
OVERVIEW_ROWS = 5
"""Most issues one overview slide shows: more would shrink the labels below what a room can read."""
DRAFT_TOP = 4.0
"""The DRAFT tag sits in the strip above the title (which starts at TITLE_TOP)."""
DRAFT_OUTLINE = 1.5


@dataclass(frozen=True)
class PlanOptions:
    """Choices of a build beyond the content: a draft mark, and how charts are drawn."""

    draft: bool = False
    """Mark every slide DRAFT and the deck's title "(draft)"."""
    charts: str | None = None
    """'picture' or 'native'; None takes the theme's setting."""
    annex: bool = False
    """Add the annex of tracked recommendations even when deck.yaml does not ask for it."""


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


class PlanError(DoesNotFit):
    """Content that cannot be laid out; WHERE names the content it comes from."""

    def __init__(self, message: str, where: tuple = ()):
        super().__init__(message)
        self.where = where


@dataclass(frozen=True)
class _Style:
    """Fonts, sizes and colours the planner draws paragraphs with."""

    theme: ResolvedTheme

    def run(self, text: str, size: float, *, bold: bool = False, italic: bool = False, color: str | None = None) -> Run:
        font = self.theme.bold if bold else self.theme.italic if italic else self.theme.regular
        return Run(text, font, size, color or self.theme.colours.text)

    def line_height(self, size: float) -> float:
        return round(size * self.theme.theme.line_spacing, 2)


def plan_deck(content: ContentSet, theme: ResolvedTheme, locale: Locale, logos: Mapping[str, Path],
              options: PlanOptions = PlanOptions()) -> DeckSpec:
    """Return the slide specs of CONTENT's deck in THEME, labelled in LOCALE; LOGOS maps logo paths to files."""
    planner = _Planner(content, theme, locale, logos, options)
    slides = planner.title_slide()
    if content.deck.overview:
        slides += planner.overview_slides()
    for number, issue in enumerate(content.issues, 1):
        slides += planner.issue_slides(number, issue)
    if options.annex or content.deck.annex:
        for number, issue in enumerate(content.issues, 1):
            slides += planner.annex_slides(number, issue)
    slides += planner.closing_slide()
    slides = planner.with_footers(slides)
    if options.draft:
        slides = planner.with_draft_marks(slides)
    duplicates = sorted(t for t, n in Counter(s.title_text for s in slides).items() if n > 1)
    if duplicates:
        raise PlanError(f"two slides would have the same title {duplicates[0]!r}; give them different titles")
    deck_title = content.deck.title or locale.text("to_fill")
    title = locale.text("draft_title", title=deck_title) if options.draft else deck_title
    return DeckSpec(slides=tuple(slides), language_tag=locale.tag, title=title,
                    author=", ".join(p.name for p in content.deck.presenters), width=SLIDE_WIDTH,
                    height=SLIDE_HEIGHT)


class _Planner:
    def __init__(self, content: ContentSet, theme: ResolvedTheme, locale: Locale, logos: Mapping[str, Path],
                 options: PlanOptions):
        self.content = content
        self.deck = content.deck
        self.theme = theme
        self.colours = theme.colours
        self.sizes = theme.sizes
        self.locale = locale
        self.logos = logos
        self.style = _Style(theme)
        self.native_charts = (options.charts or theme.theme.charts) == "native"

    # --- text fitting -------------------------------------------------------------------------

    def fit(self, make: Callable[[float], Sequence[Paragraph]], box: Box, sizes: Sequence[float],
            where: tuple, max_lines: int | None = None) -> tuple[Paragraph, ...]:
        """Return MAKE(size) for the largest of SIZES whose paragraphs fit BOX (and MAX_LINES)."""
        for size in sizes:
            paragraphs = tuple(make(size))
            lines = sum(len(paragraph_lines(p, box.width)) for p in paragraphs)
            if _height(paragraphs, box.width) <= box.height and (max_lines is None or lines <= max_lines):
                return paragraphs
        raise PlanError(f"text does not fit its box even at {sizes[-1]:g} pt: "
                        f"{' '.join(p.text for p in make(sizes[-1]))[:60]!r}", where)

    def title_spec(self, parts: Sequence[tuple[str, bool]], where: tuple) -> TextSpec:
        """Return a slide title of PARTS (text, bold), fitted to at most two lines across the slide."""
        s = self.sizes.title

        def make(size: float) -> list[Paragraph]:
            runs = tuple(self.style.run(text, size, bold=bold,
                                        color=self.colours.heading if bold else self.colours.muted)
                         for text, bold in parts if text)
            return [Paragraph(runs, self.style.line_height(size))]

        probe = Box(MARGIN, TITLE_TOP, CONTENT_WIDTH, 10_000)
        try:
            # A title a few points smaller on one line reads better than one that wraps.
            paragraphs = self.fit(make, probe, _sizes(s.max, max(s.min, s.max - TITLE_SHRINK)), where, max_lines=1)
        except PlanError:
            paragraphs = self.fit(make, probe, _sizes(s.max, s.min), where, max_lines=TITLE_MAX_LINES)
        return TextSpec(Box(MARGIN, TITLE_TOP, CONTENT_WIDTH, _height(paragraphs, CONTENT_WIDTH, slack=True)),
                        paragraphs, role="title", anchor="top")

    # --- slides ---------------------------------------------------------------------------------

    def title_slide(self) -> list[SlideSpec]:
        deck, c = self.deck, self.colours
        band_height = 320.0
        title_width = SLIDE_WIDTH - 2 * 64
        s = self.sizes.deck_title

        def make_title(size: float) -> list[Paragraph]:
            return [Paragraph((self.style.run(self.filled(deck.title), size, bold=True, color=c.band_text),),
                              self.style.line_height(size))]

        title_paras = self.fit(make_title, Box(64, 0, title_width, 190), _sizes(s.max, s.min), ("deck", "title"))
        title_height = _height(title_paras, title_width, slack=True)
        elements: list = [RectSpec(Box(0, 0, SLIDE_WIDTH, band_height), c.band)]
        event_text = None if deck.event is None else self.filled(deck.event)
        title_bottom = band_height - 72 if event_text else band_height - 48
        title = TextSpec(Box(64, title_bottom - title_height, title_width, title_height), title_paras,
                         role="title", anchor="bottom")
        elements.append(RectSpec(Box(64, title_bottom + 14, 72, 4), c.band_text))
        if event_text:
            size = self.sizes.subtitle
            event = self.fit(lambda sz: [Paragraph((self.style.run(event_text, sz, color=c.band_muted),),
                                                   self.style.line_height(sz))],
                             Box(64, 0, title_width, 40), _sizes(size, size * 0.75), ("deck", "event"))
            elements.append(TextSpec(Box(64, title_bottom + 22, title_width, _height(event, title_width, slack=True)),
                                     event, role="event"))
        elements += self.presenters(top=band_height + 36, bottom=SLIDE_HEIGHT - 36)
        return [SlideSpec("title", title, tuple(elements), background=c.background)]

    def presenters(self, top: float, bottom: float) -> list:
        """Return each presenter's logo and name, in columns across the slide."""
        presenters = self.deck.presenters
        column = (SLIDE_WIDTH - 2 * 64 - (len(presenters) - 1) * 32) / len(presenters)
        height = bottom - top
        logo_size = min(88.0, height)
        out: list = []
        for i, presenter in enumerate(presenters):
            left = 64 + i * (column + 32)
            text_left = left
            logo = self.logos.get(presenter.logo) if presenter.logo else None
            if logo:
                out.append(PictureSpec(Box(left, top + (height - logo_size) / 2, logo_size, logo_size), logo,
                                       self.locale.text("logo_alt", name=presenter.name)))
                text_left = left + logo_size + 18
            width = left + column - text_left
            size = self.sizes.presenter

            def make(sz: float, name: str = presenter.name) -> list[Paragraph]:
                return [Paragraph((self.style.run(name, sz, bold=True, color=self.colours.heading),),
                                  self.style.line_height(sz))]

            paras = self.fit(make, Box(text_left, top, width, height), _sizes(size, size * 0.7),
                             ("deck", "presenters", i, "name"))
            out.append(TextSpec(Box(text_left, top, width, height), paras, role="presenter", anchor="middle"))
        return out

    def issue_slides(self, number: int, issue: Issue) -> list[SlideSpec]:
        where = ("issue", number - 1)
        issue_title = self.locale.text("issue", number=number, title=issue.title)
        slides = self.status_and_findings(number, issue, issue_title, where)
        slides += self.recommendation_slides(issue, issue_title, where)
        return slides

    def body_top(self, title: TextSpec) -> float:
        return title.box.bottom + BODY_GAP

    def status_and_findings(self, number: int, issue: Issue, issue_title: str, where: tuple) -> list[SlideSpec]:
        """Return the status slide (cycle line, chart, the findings that fit) and its continuation slides."""
        review = issue.review
        titles = self.continued_titles([(issue_title, True)], where + ("title",))
        first_title = titles(0)
        top = self.body_top(first_title)
        cycle = self.cycle_line(issue)
        cycle_spec = TextSpec(Box(MARGIN, top, CONTENT_WIDTH, _height(cycle, CONTENT_WIDTH, slack=True)),
                              cycle, role="subtitle")
        columns_top = cycle_spec.box.bottom + 14
        chart = self.chart(issue_title, issue, columns_top)
        side = Box(chart.box.right + COLUMN_GAP, columns_top, CONTENT_WIDTH - chart.box.width - COLUMN_GAP,
                   BODY_BOTTOM - columns_top)

        def full_box(page: int) -> Box:
            top = self.body_top(titles(page))
            return Box(MARGIN, top, CONTENT_WIDTH, BODY_BOTTOM - top)

        def box_of(page: int) -> Box:
            return side if page == 0 else full_box(page)

        pages = self.flow(lambda size: self.finding_paragraphs(review, size), box_of, where + ("review", "findings"))
        slides = []
        for page_number, page in enumerate(pages):
            box = box_of(page_number)
            elements: list = []
            if page_number == 0:
                elements += [cycle_spec, chart]
            if page.items:
                elements.append(TextSpec(box, page.paragraphs, role="body"))
            slides.append(SlideSpec("status" if page_number == 0 else "findings", titles(page_number),
                                    tuple(elements), notes=(issue.notes or "") if page_number == 0 else ""))
        return slides

    def recommendation_slides(self, issue: Issue, issue_title: str, where: tuple) -> list[SlideSpec]:
        section = self.locale.text("section", issue=issue_title, section=self.locale.text("recommendations"))
        titles = self.continued_titles([(section, True)], where + ("title",))

        def box_of(page: int) -> Box:
            top = self.body_top(titles(page))
            return Box(MARGIN, top, CONTENT_WIDTH, BODY_BOTTOM - top)

        def make(size: float) -> list[Paragraph]:
            if not issue.recommendations:
                return [self.to_fill_paragraph(size)], _no_continuation
            numbers = self.style.run(f"{len(issue.recommendations)}.", size, bold=True)
            indent = text_width(numbers.text, numbers.font.file, size) + size * 0.6
            return [Paragraph((self.style.run(text, size),), self.style.line_height(size),
                              space_before=size * 0.55, indent=indent, bullet=f"{n}.")
                    for n, text in enumerate(issue.recommendations, 1)], _no_continuation

        pages = self.flow(make, box_of, where + ("recommendations",))
        return [SlideSpec("recommendations", titles(i), (TextSpec(box_of(i), page.paragraphs, role="body"),))
                for i, page in enumerate(pages)]

    def annex_slides(self, number: int, issue: Issue) -> list[SlideSpec]:
        """Return ISSUE's annex: a table of its tracked recommendations, continued across slides as it needs."""
        tracked = issue.review.recommendations
        if not tracked:
            return []
        loc, c, style = self.locale, self.colours, self.style
        issue_title = loc.text("issue", number=number, title=issue.title)
        titles = self.continued_titles([(loc.text("annex.title", issue=issue_title), True)],
                                       ("issue", number - 1, "title"))
        size = self.sizes.table
        header = [style.run(loc.text(f"annex.{column}"), size, bold=True, color=c.band_text)
                  for column in ANNEX_COLUMNS]
        body = [[style.run(r.id, size, bold=True),
                 style.run(r.text, size),
                 style.run(", ".join(r.states), size),
                 style.run(loc.text(f"response.{r.response.value}") if r.response else "", size),
                 style.run(loc.status(r.status.value), size, bold=True, color=c.status[r.status.value].text)
                 if r.status else style.run(loc.status("to_assess"), size, bold=True, color=c.muted)]
                for r in tracked]
        # A row split across slides repeats its number in the next part: "141.12 (cont.)".
        continued = [style.run(f"{r.id} {loc.text('continued')}", size, bold=True) for r in tracked]
        line = style.line_height(size)
        padding = 2 * TABLE_INSET_Y + SLACK * line

        def page_size(page: int) -> tuple[float, float]:
            return CONTENT_WIDTH, BODY_BOTTOM - self.body_top(titles(page))

        def rows_in(widths: tuple[float, ...]) -> list[Row]:
            text_widths = tuple(w - 2 * TABLE_INSET_X for w in widths)
            header_row = Row(tuple(Paragraph((run,), line) for run in header), text_widths, padding,
                             keep_with_next=True)
            return [header_row] + [Row(tuple(Paragraph((run,) if run.text else (), line) for run in runs),
                                       text_widths, padding, repeat=(Paragraph((again,), line),))
                                   for runs, again in zip(body, continued)]

        widths = self.column_widths(header, body, (), CONTENT_WIDTH)
        rows = rows_in(widths)
        under_header = min(page_size(0)[1], page_size(1)[1]) - paragraph_height(rows[0], CONTENT_WIDTH,
                                                                                 first_on_page=True)
        if any(paragraph_height(r, CONTENT_WIDTH, first_on_page=True) > under_header for r in rows[1:]):
            # Some row will be split: its number column must hold "(cont.)" unbroken too.
            widths = self.column_widths(header, body, continued, CONTENT_WIDTH)
            rows = rows_in(widths)
        header_row = rows[0]

        try:
            pages = paginate(rows, page_size, lambda source: header_row)
        except DoesNotFit as error:
            raise PlanError(str(error), ("issue", number - 1, "review", "recommendations")) from None
        alt = loc.text("annex.alt", issue=issue_title)
        slides = []
        for page_number, page in enumerate(pages):
            top = self.body_top(titles(page_number))
            heights = tuple(paragraph_height(item.paragraph, CONTENT_WIDTH, first_on_page=True)
                            for item in page.items)
            cells = tuple(tuple(TableCell((paragraph,), c.band if item.source <= 0 else
                                          c.table_band if item.source % 2 == 0 else c.background)
                                for paragraph in item.paragraph.cells) for item in page.items)
            table = TableSpec(Box(MARGIN, top, CONTENT_WIDTH, sum(heights)), widths, heights, cells,
                              TABLE_INSET_X, TABLE_INSET_Y, alt_text=alt, name="Annex table")
            slides.append(SlideSpec("annex", titles(page_number), (table,)))
        return slides

    def column_widths(self, header: Sequence[Run], body: Sequence[Sequence[Run]], unbroken: Sequence[Run],
                      width: float) -> tuple[float, ...]:
        """Return the annex table's column widths within WIDTH, chosen by their text.

        The short columns (ANNEX_COLUMN_SHARE) are as wide as their longest cell, up
        to their share of WIDTH, and never narrower than their longest word (nor than
        the words of UNBROKEN, runs that may go into them). The recommendation and
        the States share the rest: of a few splits, the one that makes the table
        shortest, the recommendation's text keeping the larger part.
        """
        inset = 2 * TABLE_INSET_X

        def widest(runs: Sequence[Run], words: bool) -> float:
            return max((text_width(piece, run.font.file, run.size) for run in runs
                        for piece in (run.text.split() if words else [run.text]) if piece), default=0.0)

        floors = [widest([header[j], *(cells[j] for cells in body)], words=True) + inset
                  for j in range(len(ANNEX_COLUMNS))]
        floors[0] = max(floors[0], widest(unbroken, words=True) + inset)
        widths: dict[str, float] = {}
        for j, column in enumerate(ANNEX_COLUMNS):
            if column in ("recommendation", "states"):
                continue
            natural = max(widest([cells[j] for cells in body], words=False), widest([header[j]], words=True)) + inset
            widths[column] = max(min(natural, ANNEX_COLUMN_SHARE[column] * width), floors[j])
        text_column, states_column = ANNEX_COLUMNS.index("recommendation"), ANNEX_COLUMNS.index("states")
        rest = width - sum(widths.values())

        def table_lines(states_width: float) -> int:
            recommendation_width = rest - states_width
            return sum(max(len(break_lines((cells[text_column],), recommendation_width - inset)),
                           len(break_lines((cells[states_column],), states_width - inset))) for cells in body)

        candidates = sorted({max(share * width, floors[states_column]) for share in ANNEX_STATES_SHARES})
        widths["states"] = min(candidates, key=table_lines)
        # Rounded up to 1/100 pt, so a column as wide as its longest word still holds it; the text gives way.
        widths = {column: math.ceil(w * 100) / 100 for column, w in widths.items()}
        widths["recommendation"] = round(width - sum(widths.values()), 2)
        return tuple(widths[column] for column in ANNEX_COLUMNS)

    def closing_slide(self) -> list[SlideSpec]:
        c = self.colours
        text = self.deck.closing or self.locale.text("closing")
        s = self.sizes.closing
        width = SLIDE_WIDTH - 2 * 96

        def make(size: float) -> list[Paragraph]:
            return [Paragraph((self.style.run(text, size, bold=True, color=c.band_text),),
                              self.style.line_height(size), align="center")]

        paras = self.fit(make, Box(96, 0, width, 260), _sizes(s.max, s.min), ("deck", "closing"))
        height = _height(paras, width, slack=True)
        title = TextSpec(Box(96, (SLIDE_HEIGHT - height) / 2 - 20, width, height), paras, role="title",
                         anchor="middle")
        rule = RectSpec(Box((SLIDE_WIDTH - 72) / 2, title.box.bottom + 18, 72, 4), c.band_text)
        return [SlideSpec("closing", title, (RectSpec(Box(0, 0, SLIDE_WIDTH, SLIDE_HEIGHT), c.band), rule),
                          background=c.band)]

    def with_footers(self, slides: list[SlideSpec]) -> list[SlideSpec]:
        """Return SLIDES with the footer (short name, slide number) on every slide but the title slide."""
        c, size = self.colours, self.sizes.footer
        name = self.deck.short_name or self.deck.presenters[0].name
        line = self.style.line_height(size)
        number_width = 64.0
        logo = self.theme.footer_logo
        name_left = MARGIN + (FOOTER_LOGO + 8 if logo else 0)
        name_box = Box(name_left, FOOTER_TOP + 8, SLIDE_WIDTH - MARGIN - number_width - name_left, line * (1 + SLACK))
        # The name is fitted once per colour: it is the same text on every slide.
        fitted_name = {colour: self.fit(
            lambda sz, colour=colour: [Paragraph((self.style.run(name, sz, color=colour),),
                                                 self.style.line_height(sz))],
            name_box, _sizes(size, size * 0.75), ("deck", "short_name")) for colour in (c.muted, c.band_muted)}
        out = []
        for n, slide in enumerate(slides, 1):
            if slide.kind == "title":
                out.append(slide)
                continue
            on_band = slide.kind == "closing"
            colour = c.band_muted if on_band else c.muted
            name_paras = fitted_name[colour]
            number = self.locale.text("slide_number", n=n)
            number_paras = (Paragraph((self.style.run(number, size, bold=True, color=colour),), line, align="right"),)
            footer = [TextSpec(name_box, name_paras, role="footer"),
                      TextSpec(Box(SLIDE_WIDTH - MARGIN - number_width, FOOTER_TOP + 8, number_width,
                                   line * (1 + SLACK)), number_paras, role="slide-number")]
            if logo:
                footer.append(PictureSpec(Box(MARGIN, FOOTER_TOP + 8 + (line * (1 + SLACK) - FOOTER_LOGO) / 2,
                                              FOOTER_LOGO, FOOTER_LOGO), logo, self.locale.text("logo_alt", name=name)))
            if not on_band:
                footer.insert(0, RectSpec(Box(MARGIN, FOOTER_TOP, CONTENT_WIDTH, 0.75), c.track))
            out.append(SlideSpec(slide.kind, slide.title, slide.elements + tuple(footer), slide.notes,
                                 slide.background))
        return out

    def overview_slides(self) -> list[SlideSpec]:
        """Return the overview: every issue's status counts in one chart, and the share that triggered action.

        More than OVERVIEW_ROWS issues continue on "(cont.)" slides; the share and
        its footnote stand on the first.
        """
        loc, c, where = self.locale, self.colours, ("deck", "overview")
        issues = self.content.issues
        if not issues:
            return []
        cycles = {issue.review.cycle for issue in issues}
        title_text = loc.text("overview_title", ordinal=loc.ordinal(cycles.pop())) if len(cycles) == 1 \
            else loc.text("overview_title_mixed")
        titles = self.continued_titles([(title_text, True)], where)
        share = action_share(issues)

        headline: tuple[Paragraph, ...] = ()
        if share.total > 0:
            key = "overview_share_about" if share.approximate else "overview_share"
            text = loc.text(key, action=share.action, total=share.total,
                            percent=loc.percent(share.action / share.total),
                            recommendation=loc.plural("overview_recommendation", share.total))
            s = self.sizes.body
            headline = self.fit(lambda size: [Paragraph((self.style.run(text, size, bold=True, color=c.heading),),
                                                        self.style.line_height(size))],
                                Box(MARGIN, 0, CONTENT_WIDTH, 10_000), _sizes(s.max, s.min), where, max_lines=2)
        notes = [loc.text("overview_action")] if share.total > 0 else []
        if share.excluded:
            notes.append(loc.text("overview_excluded", issues=loc.join([issues[i].title for i in share.excluded])))
        size = self.sizes.source
        footnote = tuple(Paragraph((self.style.run(note, size, color=c.muted),), self.style.line_height(size))
                         for note in notes)

        pages = -(-len(issues) // OVERVIEW_ROWS)
        per_page = -(-len(issues) // pages)
        slides = []
        for page in range(pages):
            page_issues = issues[page * per_page:(page + 1) * per_page]
            title = titles(page)
            top, bottom = self.body_top(title), BODY_BOTTOM
            elements: list = []
            if page == 0 and headline:
                spec = TextSpec(Box(MARGIN, top, CONTENT_WIDTH, _height(headline, CONTENT_WIDTH, slack=True)),
                                headline, role="headline")
                elements.append(spec)
                top = spec.box.bottom + 10
            if page == 0 and footnote:
                height = _height(footnote, CONTENT_WIDTH, slack=True)
                elements.append(TextSpec(Box(MARGIN, bottom - height, CONTENT_WIDTH, height), footnote, role="note"))
                bottom -= height + 10
            elements.insert(0, self.overview_chart(" ".join(p.text for p in title.paragraphs), page_issues,
                                                   Box(MARGIN, top, CONTENT_WIDTH, bottom - top)))
            slides.append(SlideSpec("overview", title, tuple(elements)))
        return slides

    def overview_row(self, issue: Issue) -> OverviewRow:
        """Return ISSUE's row of the overview chart."""
        review = issue.review
        total_text = self.chart_caption(review)
        return OverviewRow(issue.title, review.total, total_text, self.status_bars(review))

    def overview_chart(self, title: str, issues: Sequence[Issue], box: Box) -> OverviewSpec:
        """Return the overview chart of ISSUES in BOX; its alt text states every issue's numbers."""
        loc, c = self.locale, self.colours
        rows = tuple(self.overview_row(issue) for issue in issues)
        alt_rows = [loc.text("overview_alt_row", issue=issue.title,
                             total=loc.text("overview_row_total", count=self.total_text(issue.review),
                                            recommendation=self.recommendation_noun(issue.review)),
                             parts=", ".join(loc.text("chart_alt_part", label=b.label, count=b.count)
                                             for b in row.segments)) for issue, row in zip(issues, rows)]
        shown = Counter()
        for row in rows:
            shown.update({b.key: b.count for b in row.segments})
        legend = tuple(ChartBar(key, loc.status(key), shown[key], loc.number(shown[key]), c.status[key].fill,
                                c.status[key].hatch) for key in _STATUS_KEYS if key in shown)
        return OverviewSpec(box=box, rows=rows, legend=legend,
                            alt_text=loc.text("overview_alt", title=title, rows="; ".join(alt_rows)),
                            regular=self.theme.regular, bold=self.theme.bold, size=self.sizes.chart,
                            text_color=c.text, muted_color=c.muted, background=c.background,
                            native=self.native_charts)

    def with_draft_marks(self, slides: list[SlideSpec]) -> list[SlideSpec]:
        """Return SLIDES with a DRAFT tag in the top-right corner, above the title, of each."""
        c = self.colours
        pad_y = DRAFT_OUTLINE + 1
        # The footer's size, or less where the strip above the title is too low for it.
        size = min(self.sizes.footer,
                   (TITLE_TOP - DRAFT_TOP - 2 * pad_y) / ((1 + SLACK) * self.theme.theme.line_spacing) - 0.01)
        text = self.locale.text("draft")
        paragraphs = (Paragraph((self.style.run(text, size, bold=True, color=c.draft),), self.style.line_height(size),
                                align="center"),)
        text_box_width = text_width(text, self.theme.bold.file, size) + 1
        text_height = _height(paragraphs, text_box_width, slack=True)
        pad_x = size * 0.6
        outline = Box(SLIDE_WIDTH - MARGIN - text_box_width - 2 * pad_x, DRAFT_TOP, text_box_width + 2 * pad_x,
                      text_height + 2 * pad_y)
        tag = (RectSpec(outline, c.background, outline=c.draft, outline_width=DRAFT_OUTLINE),
               TextSpec(Box(outline.left + pad_x, outline.top + pad_y, text_box_width, text_height), paragraphs,
                        role="draft", anchor="middle"))
        return [SlideSpec(s.kind, s.title, s.elements + tag, s.notes, s.background) for s in slides]

    # --- pieces ---------------------------------------------------------------------------------

    def continued_titles(self, parts: list[tuple[str, bool]], where: tuple) -> Callable[[int], TextSpec]:
        """Return page number -> title: PARTS, then "(cont.)", "(cont. 2)" ... on continuation pages."""
        cache: dict[int, TextSpec] = {}

        def title(page: int) -> TextSpec:
            if page not in cache:
                suffix = "" if page == 0 else self.locale.text("continued") if page == 1 \
                    else self.locale.text("continued_n", n=page)
                cache[page] = self.title_spec(parts + ([(" " + suffix, False)] if suffix else []), where)
            return cache[page]

        return title

    def flow(self, make: Callable[[float], tuple[list[Paragraph], Continuation]], box_of: Callable[[int], Box],
             where: tuple) -> list[Page]:
        """Return MAKE's paragraphs paginated at the largest body size that needs no more pages than the smallest."""
        s = self.sizes.body

        def size_of(page: int) -> tuple[float, float]:
            box = box_of(page)
            return box.width, box.height - SLACK * self.style.line_height(s.max)

        def pages_at(size: float) -> list[Page]:
            paragraphs, continuation = make(size)
            return paginate(paragraphs, size_of, continuation)

        try:
            smallest = pages_at(s.min)
            for size in _sizes(s.max, s.min)[:-1]:
                pages = pages_at(size)
                if len(pages) <= len(smallest):
                    return pages
        except DoesNotFit as error:
            raise PlanError(str(error), where) from None
        return smallest

    def cycle_line(self, issue: Issue) -> tuple[Paragraph, ...]:
        review, loc = issue.review, self.locale
        text = loc.text("cycle_line", ordinal=loc.ordinal(review.cycle), count=self.total_text(review),
                        recommendation=self.recommendation_noun(review))
        size = self.sizes.subtitle
        return (Paragraph((self.style.run(text, size, bold=True, color=self.colours.muted),),
                          self.style.line_height(size)),)

    def total_text(self, review) -> str:
        """Return a review's total as a phrase: "9", or "about 40" when approximate."""
        loc = self.locale
        return loc.text("about", count=review.total) if review.approximate else loc.number(review.total)

    def chart_caption(self, review) -> str:
        """Return what a chart says of a review's total: "out of 9", "out of about 40"."""
        return self.locale.text("chart_total_about" if review.approximate else "chart_total", count=review.total)

    def recommendation_noun(self, review) -> str:
        """Return "recommendation(s)" in the form that follows the review's total.

        Some languages inflect the noun after "about N" differently from after N
        (Russian: 21 рекомендация, but около 21 рекомендации), so the approximate
        total has plural forms of its own.
        """
        key = "recommendation_about" if review.approximate else "recommendation"
        return self.locale.plural(key, review.total)

    def finding_heading(self, finding: Finding) -> str:
        """Return a finding's status label, e.g. "Implemented/partially implemented"."""
        labels = [self.locale.status(s.value) for s in finding.statuses]
        return "/".join([labels[0]] + [label[:1].lower() + label[1:] for label in labels[1:]])

    def finding_paragraphs(self, review, size: float) -> tuple[list[Paragraph], Continuation]:
        """Return the findings' paragraphs at SIZE, and the "(cont.)" heading for a page that starts inside one."""
        loc, style = self.locale, self.style
        line = style.line_height(size)
        out: list[Paragraph] = []
        repeated_heading: dict[int, Paragraph] = {}
        for finding in review.findings:
            status_colour = self.colours.status[finding.statuses[0].value].text
            runs = [style.run(self.finding_heading(finding), size, bold=True, color=status_colour)]
            counts = [review.counts.of(s) for s in finding.statuses]
            if all(n is not None for n in counts):
                numbers = loc.text("count_separator").join(loc.number(n) for n in counts)
                runs.append(style.run(" " + loc.text("heading_count", counts=numbers), size, bold=True,
                                      color=status_colour))
            cont = style.run(" " + loc.text("continued"), size, color=self.colours.muted)
            heading_again = Paragraph(tuple(runs) + (cont,), line)
            if finding.summary:
                runs.append(style.run(loc.text("heading_separator") + finding.summary, size))
            body: list[Paragraph] = []
            body += [Paragraph((style.run(t, size),), line, space_before=size * 0.45) for t in finding.text]
            bullet_indent = size * 1.1
            body += [Paragraph((style.run(t, size),), line, space_before=size * 0.35, indent=bullet_indent,
                               bullet="•") for t in finding.points]
            body += [Paragraph((style.run(loc.text("topic", text=t.text, count=t.count) if t.count is not None
                                          else t.text, size),), line, space_before=size * 0.35,
                               indent=bullet_indent, bullet="•") for t in finding.topics]
            source_size = min(self.sizes.source, size)
            body += [Paragraph((style.run(t, source_size, italic=True, color=self.colours.muted),),
                               style.line_height(source_size), space_before=size * 0.3) for t in finding.sources]
            out.append(Paragraph(tuple(runs), line, space_before=size * 1.0, keep_with_next=bool(body)))
            repeated_heading.update({len(out) + i: heading_again for i in range(len(body))})
            out += body
        if written_empty(review, ("findings",)):
            out.append(self.to_fill_paragraph(size))
        return out, repeated_heading.get

    def filled(self, text: str) -> str:
        """Return TEXT, or the locale's placeholder when it is still to fill (empty)."""
        return text or self.locale.text("to_fill")

    def to_fill_paragraph(self, size: float) -> Paragraph:
        """Return the placeholder for a list still to fill (a draft's findings or recommendations), in muted italics."""
        return Paragraph((self.style.run(self.locale.text("to_fill"), size, italic=True, color=self.colours.muted),),
                         self.style.line_height(size))

    def status_bars(self, review) -> tuple[ChartBar, ...]:
        """Return one bar per counted status of REVIEW, then "not broken down" for the rest of its total.

        When the rest are tracked recommendations whose status is still to fill
        (a new cycle's draft), the rest reads "to assess" instead.
        """
        loc, c = self.locale, self.colours
        known = review.counts.known()
        rows = [(s.value, n) for s, n in known.items()]
        rest = review.total - sum(known.values())
        if rest > 0 or not rows:
            rows.append(("not_broken_down", max(rest, 0)))
        unassessed = any(tracked.status is None for tracked in review.recommendations)
        rest_label = loc.status("to_assess" if unassessed else "not_broken_down")
        return tuple(ChartBar(key, rest_label if key == "not_broken_down" else loc.status(key), n, loc.number(n),
                              c.status[key].fill, c.status[key].hatch) for key, n in rows)

    def chart(self, issue_title: str, issue: Issue, top: float) -> ChartSpec:
        """Return the status chart of ISSUE from TOP down: one bar per counted status, the rest "not broken down".

        The chart is CHART_WIDTH wide, or wider (up to MAX_CHART_WIDTH) when a
        label and its count need it, as longer languages' labels may.
        """
        review, loc, c = issue.review, self.locale, self.colours
        bars = self.status_bars(review)
        parts = ", ".join(loc.text("chart_alt_part", label=b.label, count=b.count) for b in bars)
        alt = loc.text("chart_alt", issue=issue_title, parts=parts, total=self.total_text(review),
                       ordinal=loc.ordinal(review.cycle), recommendation=self.recommendation_noun(review))
        total_text = self.chart_caption(review)
        size = self.sizes.chart
        needed = max(text_width(b.label, self.theme.bold.file, size) + CHART_LABEL_COUNT_GAP * size
                     + text_width(b.count_text, self.theme.bold.file, size * CHART_COUNT_SCALE) for b in bars)
        width = min(max(CHART_WIDTH, needed + 2 * CHART_PAD), MAX_CHART_WIDTH)
        box = Box(MARGIN, top, width, BODY_BOTTOM - top)
        return ChartSpec(box=box, bars=bars, total=review.total, total_text=total_text,
                         alt_text=alt, regular=self.theme.regular, bold=self.theme.bold, size=self.sizes.chart,
                         text_color=c.text, track_color=c.track, background=c.background,
                         native=self.native_charts)


_STATUS_KEYS = tuple(s.value for s in STATUS_ORDER) + ("not_broken_down",)
"""Every key a chart bar can have, in the order legends show them."""


def _no_continuation(source: int) -> None:
    return None


def _sizes(largest: float, smallest: float) -> list[float]:
    """Return font sizes to try, largest first, in 1 pt steps."""
    sizes = []
    size = float(largest)
    while size > smallest:
        sizes.append(size)
        size -= 1
    return sizes + [float(smallest)]


def _height(paragraphs: Sequence[Paragraph], width: float, slack: bool = False) -> float:
    """Return the height PARAGRAPHS take in a box WIDTH wide (plus the bottom slack when SLACK)."""
    height = sum(paragraph_height(p, width, first_on_page=i == 0) for i, p in enumerate(paragraphs))
    if slack and paragraphs:
        height += SLACK * paragraphs[-1].line_height
    return height

