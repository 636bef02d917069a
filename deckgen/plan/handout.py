"""The handout: one A4 page per issue for the Permanent Missions, as data a typesetter lays out.

Pure (no pptx, no typst). This module decides what each page says and in
which order: the running header (country, cycle, event, date), the footer
(the coalition, the contact, "page 1 of 3"), per issue its title, cycle
line, status chart (the same bars as the slides), key findings and the
coalition's recommendations, and optionally the annex of tracked
recommendations. It also decides how a page that does not fit is shortened:
a whole sentence (or bullet) at a time from the finding with the most words
left, then the summaries (`shortened`).

How large the text can be is measured by the typesetter (render/handout.py),
which knows hyphenation and its own line breaking: it tries the sizes of
BODY_SIZES and the shortenings in the order given here. Every text a reader
sees is as typed; `keep` spans name the words that must stay on one line
(the slides' ties, plan/ties.tied_spans: numbers, dates, "№ 47", one-letter
words), which the typesetter keeps together without inserting any character.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from deckgen.content.model import ContentSet, Finding, Issue
from deckgen.fonts import text_width
from deckgen.locale import Locale
from deckgen.plan import wording
from deckgen.plan.bars import Palette, issue_bars, known_counts
from deckgen.plan.hyphenation import soft_breaks
from deckgen.plan.overflow import Unfit
from deckgen.plan.ties import tied_spans
from deckgen.theme import Colours as ThemeColours
from deckgen.theme import ResolvedTheme

BODY_SIZES = (12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0)
"""The body sizes a handout may take, largest first: one for every page and language of a handout."""
ANNEX_SIZE = 9.5
"""The annex table's text: small, as a reference table on A4 is, and still above 9 pt."""
CHART_LABEL_SIZE = 9.5
"""The chart's labels and counts: at least 9 pt on paper."""

RUNNING_SIZE = 8.5
"""The running header and footer."""
RUNNING_WIDTH = (210 - 2 * 18) / 25.4 * 72
"""A4's width less the template's 18 mm margins, in points."""
RUNNING_LINES = 2
"""The header and footer may wrap to two lines; more would run into the page."""

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Text:
    """A text as typed, with the spans (start, end) that must not break across lines."""

    text: str
    keep: tuple[tuple[int, int], ...] = ()
    hyphens: tuple[int, ...] = ()
    """Offsets at which a line may break with a hyphen (plan/hyphenation.py; only where the typesetter has no
    patterns for the language); the text itself is as typed."""


def typed(text: str) -> Text:
    """Return TEXT as the handout shows it: exactly as typed, with its no-break spans."""
    return Text(text, tied_spans(text))


def hyphenated(text: str, language: str) -> Text:
    """Return TEXT as typed, with its no-break spans and, in a language deckgen hyphenates itself, its breaks."""
    return Text(text, tied_spans(text), soft_breaks(text, language))


@dataclass(frozen=True)
class Bar:
    """One bar of a status chart: its label, count (as the locale writes it) and colours."""

    key: str
    label: Text
    count: int
    count_text: str
    fill: str
    text_colour: str
    hatch: str | None
    reported: bool = True


@dataclass(frozen=True)
class Chart:
    """An issue's status chart: its bars against the review's total, the caption and the alt text."""

    bars: tuple[Bar, ...]
    total: int
    caption: Text
    alt: str


@dataclass(frozen=True)
class Block:
    """One unit of an issue's text that is never split between the column beside the chart and the band under it.

    KIND is "finding" (a heading run in the status colour, then the summary), "paragraph", "bullets" or
    "numbered" (ITEMS), or "heading" (a section heading: Key findings, Recommendations).
    """

    kind: str
    text: Text | None = None
    items: tuple[Text, ...] = ()
    heading: Text | None = None
    colour: str | None = None
    keep_with_next: bool = False


@dataclass(frozen=True)
class HandoutIssue:
    """One issue's page."""

    number: int
    title: Text
    cycle_line: Text
    chart: Chart
    blocks: tuple[Block, ...]
    shortened: bool = False


@dataclass(frozen=True)
class AnnexRow:
    """One tracked recommendation of the annex."""

    id: str
    text: Text
    states: Text
    response: Text
    status: Text
    note: Text | None


@dataclass(frozen=True)
class AnnexTable:
    """The tracked recommendations of one issue."""

    title: Text
    rows: tuple[AnnexRow, ...]


@dataclass(frozen=True)
class Logo:
    """A presenter's logo and its alternative text."""

    path: Path
    alt: str


@dataclass(frozen=True)
class Colours:
    """The handout's palette, from the theme."""

    text: str
    heading: str
    muted: str
    accent: str
    track: str


@dataclass(frozen=True)
class Labels:
    """The handout's own words in its language."""

    findings: str
    recommendations: str
    page: str
    """A "page {page} of {pages}" template."""
    annex: str
    annex_id: str
    annex_text: str
    annex_states: str
    annex_response: str
    annex_status: str
    annex_note: str
    separator: str
    """Between a finding's heading and its summary."""


@dataclass(frozen=True)
class HandoutDoc:
    """A whole handout: what the typesetter lays out, page by page."""

    language: str
    """The text's language as a BCP 47 tag, e.g. ru-RU."""
    title: str
    author: str
    header: Text
    footer: Text
    contact: Text | None
    logos: tuple[Logo, ...]
    presenters: tuple[str, ...]
    colours: Colours
    fonts: tuple[Path, Path, Path]
    """Regular, bold and italic font files, embedded in the PDF."""
    labels: Labels
    issues: tuple[HandoutIssue, ...]
    annex: tuple[AnnexTable, ...] = ()
    body_size: float = BODY_SIZES[0]
    chart_label_size: float = CHART_LABEL_SIZE
    annex_size: float = ANNEX_SIZE


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


@dataclass(frozen=True)
class _Palette:
    """The locale and the theme's colours: all a handout page is planned with (the Palette the chart's bars
    take; the slides' Context would bring their line breaking and pagination with it)."""

    locale: Locale
    colours: ThemeColours


def plan_handout(
    content: ContentSet, theme: ResolvedTheme, locale: Locale, logos: Mapping[str, Path], *, annex: bool = False
) -> HandoutDoc:
    """Return the handout of CONTENT in THEME, labelled in LOCALE: one page per issue, then the annex if ANNEX."""
    ctx = _Palette(locale, theme.colours)
    deck = content.deck
    colours = theme.colours
    issues = tuple(_issue(ctx, number, issue, 0) for number, issue in enumerate(content.issues, 1))
    header_parts = [deck.country, locale.text("handout.cycle", ordinal=locale.ordinal(deck.cycle))]
    header_parts += [str(part) for part in (deck.event, deck.date) if part]
    coalition = deck.short_name or deck.presenters[-1].name
    header = locale.text("handout.header_separator").join(header_parts)
    _fits_running_line(
        header,
        theme,
        RUNNING_WIDTH,
        next(("deck", key) for key in ("event", "date", "country") if getattr(deck, key)),
        "header",
    )
    page_label = locale.text("handout.page", page=99, pages=99)
    footer = " · ".join(str(part) for part in (coalition, deck.contact) if part)
    _fits_running_line(
        footer,
        theme,
        RUNNING_WIDTH - text_width(page_label, theme.regular.file, RUNNING_SIZE) - 12,
        ("deck", "contact" if deck.contact else "short_name" if deck.short_name else "presenters"),
        "footer",
    )
    return HandoutDoc(
        language=locale.tag,
        title=locale.text("handout.title", title=deck.title or locale.text("to_fill")),
        author=", ".join(p.name for p in deck.presenters),
        header=hyphenated(locale.text("handout.header_separator").join(header_parts), locale.language),
        footer=hyphenated(coalition, locale.language),
        contact=hyphenated(deck.contact, locale.language) if deck.contact else None,
        logos=tuple(
            Logo(logos[p.logo], locale.text("logo_alt", name=p.name))
            for p in deck.presenters
            if p.logo and p.logo in logos
        ),
        presenters=tuple(p.name for p in deck.presenters),
        colours=Colours(colours.text, colours.heading, colours.muted, colours.accent, colours.track),
        fonts=(theme.regular.file, theme.bold.file, theme.italic.file),
        labels=Labels(
            findings=locale.text("handout.findings"),
            recommendations=locale.text("recommendations"),
            page=locale.text("handout.page", page="{page}", pages="{pages}"),
            annex=locale.text("handout.annex"),
            annex_id=locale.text("annex.id"),
            annex_text=locale.text("annex.recommendation"),
            annex_states=locale.text("annex.states"),
            annex_response=locale.text("annex.response"),
            annex_status=locale.text("annex.status"),
            annex_note=locale.text("handout.note"),
            separator=locale.text("heading_separator"),
        ),
        issues=issues,
        annex=_annex(ctx, content) if annex else (),
    )


def _fits_running_line(text: str, theme: ResolvedTheme, width: float, key_path: tuple, what: str) -> None:
    """Raise Unfit at KEY_PATH when TEXT takes more than two lines of the running header or footer."""
    if text_width(text, theme.regular.file, RUNNING_SIZE) > RUNNING_LINES * width * 0.9:
        most = int(RUNNING_LINES * width * 0.9 / text_width("n", theme.regular.file, RUNNING_SIZE))
        raise Unfit(
            f"too long for the handout's {what}, which every page repeats on at most two lines: "
            f"shorten it (the whole {what} holds about {most} characters)",
            key_path,
        )


def shortened(
    doc: HandoutDoc, content: ContentSet, theme: ResolvedTheme, locale: Locale, cuts: Mapping[int, int]
) -> HandoutDoc:
    """Return DOC with issue N's findings shortened by CUTS[N] units (sentences or bullets, see _shorten)."""
    ctx = _Palette(locale, theme.colours)
    issues = tuple(
        _issue(ctx, page.number, content.issues[page.number - 1], cuts.get(page.number, 0))
        if cuts.get(page.number)
        else page
        for page in doc.issues
    )
    return replace(doc, issues=issues)


def can_shorten(locale: Locale, issue: Issue, cuts: int) -> bool:
    """Return whether ISSUE's findings have a unit left to drop after CUTS have been dropped."""
    texts = _finding_texts(locale, issue)
    for _ in range(cuts):
        if not _shorten(texts):
            return False
    return _shorten(texts)


def _issue(ctx: Palette, number: int, issue: Issue, cuts: int) -> HandoutIssue:
    """Return ISSUE's page, its findings shortened by CUTS units."""
    loc = ctx.locale
    title = wording.issue_title(loc, number, issue)
    texts = _finding_texts(loc, issue)
    done = sum(1 for _ in range(cuts) if _shorten(texts))
    return HandoutIssue(
        number,
        typed(title),
        hyphenated(wording.cycle_line(loc, issue.review), loc.language),
        _chart(ctx, title, issue),
        _blocks(ctx, issue, texts),
        shortened=done > 0,
    )


def _finding_texts(locale: Locale, issue: Issue) -> list[_FindingText]:
    """Return ISSUE's findings as the handout shortens them: paragraphs of sentences, then points and topics."""
    out = []
    for finding in issue.review.findings:
        bullets = list(finding.points)
        bullets += [
            locale.text("topic", text=t.text, count=t.count) if t.count is not None else t.text for t in finding.topics
        ]
        out.append(_FindingText(finding, finding.summary, [sentences(t) for t in finding.text], bullets))
    return out


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


def _blocks(ctx: Palette, issue: Issue, texts: Sequence[_FindingText]) -> tuple[Block, ...]:
    """Return the page's flow: "Key findings", each finding (heading, text, bullets), the recommendations."""
    loc, c = ctx.locale, ctx.colours
    out: list[Block] = []
    known = known_counts(issue.review)  # as the deck's headings: counts the topics give count too
    if texts:
        out.append(Block("heading", typed(loc.text("handout.findings")), keep_with_next=True))
    for text in texts:
        finding = text.finding
        counts = [(s.value, known.get(s)) for s in finding.statuses]
        heading = wording.finding_heading(loc, finding, counts)
        bullets = text.bullets
        has_body = any(text.paragraphs) or bool(bullets)
        out.append(
            Block(
                "finding",
                hyphenated(text.summary, loc.language) if text.summary else None,
                heading=hyphenated(heading, loc.language),
                colour=c.status[finding.statuses[0].value].text,
                keep_with_next=has_body,
            )
        )
        out += [Block("paragraph", hyphenated(" ".join(p), loc.language)) for p in text.paragraphs if p]
        if bullets:
            out.append(Block("bullets", items=tuple(hyphenated(b, loc.language) for b in bullets)))
    out.append(Block("heading", typed(loc.text("recommendations")), keep_with_next=True))
    if issue.recommendations:
        out.append(Block("numbered", items=tuple(hyphenated(r, loc.language) for r in issue.recommendation_texts)))
    else:
        out.append(Block("paragraph", hyphenated(loc.text("to_fill"), loc.language)))
    return tuple(out)


def _chart(ctx: Palette, issue_title: str, issue: Issue) -> Chart:
    """Return ISSUE's status chart: the deck's bars, caption and alt text."""
    review, loc, c = issue.review, ctx.locale, ctx.colours
    bars = issue_bars(ctx, review)  # the slides' bars: a status the findings discuss without a count is outlined
    alt = wording.status_chart_alt(loc, issue_title, review, wording.chart_alt_parts(loc, bars))
    return Chart(
        tuple(
            Bar(
                b.key,
                hyphenated(b.label, loc.language),
                b.count,
                b.count_text,
                c.status[b.key].fill,
                c.status[b.key].text,
                b.hatch,
                b.reported,
            )
            for b in bars
        ),
        review.known_total,
        hyphenated(wording.chart_caption(loc, review), loc.language),
        alt,
    )


def _annex(ctx: Palette, content: ContentSet) -> tuple[AnnexTable, ...]:
    """Return per issue with tracked recommendations the table of them, in the deck's annex terms."""
    loc = ctx.locale
    tables = []
    for number, issue in enumerate(content.issues, 1):
        tracked = issue.review.recommendations
        if not tracked:
            continue
        rows = tuple(
            AnnexRow(
                r.id,
                hyphenated(r.text, loc.language),
                hyphenated(", ".join(r.states) or "—", loc.language),
                typed(loc.text(f"response.{r.response.value}") if r.response else "—"),
                typed(loc.status(r.status.value) if r.status else "—"),
                hyphenated(r.note, loc.language) if r.note else None,
            )
            for r in tracked
        )
        tables.append(AnnexTable(typed(wording.issue_title(loc, number, issue)), rows))
    return tuple(tables)
