"""Slide specs: what each slide shows and where, in points, ready to render.

The planner produces these; the renderer turns them into pptx shapes and
pictures without making any layout decision of its own. Lengths are in
points (1/72 inch) from the slide's top-left corner.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from deckgen.fonts import Font
from deckgen.plan.bars import ChartBar
from deckgen.plan.ties import plain


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """Return the x of the right edge."""
        return self.left + self.width

    @property
    def bottom(self) -> float:
        """Return the y of the bottom edge."""
        return self.top + self.height


class Align(enum.StrEnum):
    """How a paragraph's lines sit across its box."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class Anchor(enum.StrEnum):
    """Where a text box's paragraphs sit within its height."""

    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


class Role(enum.StrEnum):
    """What a text box is (renderers and tests tell texts apart by it)."""

    TITLE = "title"
    EVENT = "event"
    PRESENTER = "presenter"
    SUBTITLE = "subtitle"
    HEADLINE = "headline"
    BODY = "body"
    NOTE = "note"
    FOOTER = "footer"
    SLIDE_NUMBER = "slide-number"
    DRAFT = "draft"


@dataclass(frozen=True)
class Run:
    """A stretch of text in one font, size and colour."""

    text: str
    font: Font
    size: float
    color: str
    """Hex colour, e.g. "#1F2A37"."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of runs; "\\n" inside a run is a line break within the paragraph."""

    runs: tuple[Run, ...]
    line_height: float
    """Exact distance between baselines, in points."""
    space_before: float = 0.0
    indent: float = 0.0
    """Left indent of every line, in points (bullets hang in it)."""
    bullet: str | None = None
    """Bullet character, drawn in the indent; None for none."""
    align: Align = Align.LEFT
    keep_with_next: bool = False
    """Never end a page with this paragraph (headings)."""

    @property
    def text(self) -> str:
        """Return the paragraph's text."""
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class TextSpec:
    """A text box: paragraphs that the planner has measured to fit BOX."""

    box: Box
    paragraphs: tuple[Paragraph, ...]
    role: Role = Role.BODY
    anchor: Anchor = Anchor.TOP
    inset: float = 0.0
    """Inner margin on every side, in points."""


# A status chart's row: the label at the left above its bar, the count large at the
# right, standing on the bar's baseline; the tracks all end short of the counts'
# column, each standing for the total. Under the last bar, at the end of its track,
# the caption "out of 9". The labels and caption are at the deck's body size, the
# counts at its display size (the slide titles'): the chart keeps the deck's one type
# scale. The renderer draws to these proportions and the planner sizes the chart's box
# by them (see chart_height), so a long label (Russian, Kazakh) widens the chart
# instead of being cut, and the chart is as tall as its rows, top-aligned with the
# findings. The bars are thin and close (a row is a line of text and a bar): a chart
# of four rows leaves the band under it to the findings.
CHART_TEXT_GAP = 0.2
"""Between a row's label and its bar, and between the last bar and the caption, in em of the label size."""
CHART_BAR_HEIGHT = 0.6
"""A bar's thickness in em of the label size: it reads from the back of a room beside its count."""
CHART_ROW_GAP = 0.5
"""Between one row's bar and the next row's label, in em of the label size."""
CHART_LABEL_COUNT_GAP = 0.4
"""Between a track's end and its count (and a label and its "number not reported" note), in em of the label size."""
CHART_PAD = 2.0
"""Points around the drawing, keeping strokes and anti-aliased edges inside the image."""
CHART_EDGE_WIDTH = 0.75
"""Points; a bar's outline, so light fills still show where they end (pictures and native charts alike)."""
CHART_EDGE_DARKEN = 0.45
"""How much black a bar's outline and hatching mix into its fill."""


def chart_row_height(size: float, count_size: float, bold_metrics: tuple[float, float]) -> float:
    """Return a status chart row's height (label line, gap, bar) at label SIZE, its count at COUNT_SIZE.

    BOLD_METRICS is the bold font's (ascent, descent) in em (fonts.line_metrics). The count
    stands on the bar's baseline beside the label's line: the row is at least its ascent.
    """
    ascent, descent = bold_metrics
    return max((ascent + descent + CHART_TEXT_GAP + CHART_BAR_HEIGHT) * size, ascent * count_size)


def chart_height(
    bars: int,
    size: float,
    count_size: float,
    bold_metrics: tuple[float, float],
    regular_metrics: tuple[float, float],
) -> float:
    """Return the height of a status chart of BARS rows and its caption at label SIZE, with its padding."""
    caption = (regular_metrics[0] + regular_metrics[1]) * size
    return (
        2 * CHART_PAD
        + bars * chart_row_height(size, count_size, bold_metrics)
        + max(bars - 1, 0) * CHART_ROW_GAP * size
        + max(CHART_TEXT_GAP * size + caption, bold_metrics[1] * count_size)
    )


@dataclass(frozen=True)
class ChartSpec:
    """A status chart: one labelled bar per status, out of the total."""

    box: Box
    bars: tuple[ChartBar, ...]
    total: int
    total_text: str
    """The chart's caption, e.g. "out of about 40"."""
    alt_text: str
    """States the chart's numbers for screen readers."""
    regular: Font
    bold: Font
    size: float
    """Label (and caption) font size in points: the deck's body size."""
    count_size: float
    """The counts' font size in points: the deck's display size (its slide titles')."""
    note_size: float
    """The size of "number not reported" beside an unreported status's label: the deck's small size."""
    text_color: str
    muted_color: str
    track_color: str
    background: str
    dpi: int = 220
    native: bool = False
    """Draw as an editable PowerPoint chart rather than a picture."""


@dataclass(frozen=True)
class OverviewRow:
    """One issue of the overview chart: its title and a bar stacked from its status counts."""

    label: str
    """The issue's title."""
    total: int
    total_text: str
    """The issue's total as the chart writes it, e.g. "out of about 40"."""
    segments: tuple[ChartBar, ...]
    """One per status counted, then "not broken down" for the rest of the total, in status order."""


@dataclass(frozen=True)
class OverviewSpec:
    """The overview chart: one stacked bar per issue, a segment per status, and a legend of the statuses."""

    box: Box
    rows: tuple[OverviewRow, ...]
    legend: tuple[ChartBar, ...]
    """The statuses the rows show, in order; each count is the sum over the rows."""
    alt_text: str
    regular: Font
    bold: Font
    size: float
    """Label font size in points."""
    text_color: str
    muted_color: str
    background: str
    dpi: int = 220
    native: bool = False
    """Draw as an editable PowerPoint chart rather than a picture."""


@dataclass(frozen=True)
class PictureSpec:
    """An image file placed in BOX (aspect kept, centred)."""

    box: Box
    path: Path
    alt_text: str


@dataclass(frozen=True)
class RectSpec:
    """A filled rectangle: backgrounds, bands and rules."""

    box: Box
    fill: str
    outline: str | None = None
    """Outline colour (hex); None for no outline."""
    outline_width: float = 0.0
    """Outline width in points, drawn centred on the box's edge."""


@dataclass(frozen=True)
class TableCell:
    """One cell of a table: its paragraphs and its fill."""

    paragraphs: tuple[Paragraph, ...]
    fill: str


@dataclass(frozen=True)
class TableSpec:
    """A table in BOX: rows of cells in columns of COLUMN_WIDTHS, each row ROW_HEIGHTS high.

    The planner has measured every cell's text to fit its row's height within
    the cell margins (INSET_X at the sides, INSET_Y above and below).
    """

    box: Box
    column_widths: tuple[float, ...]
    row_heights: tuple[float, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    inset_x: float
    inset_y: float
    header_rows: int = 1
    """Rows at the top that head the columns (screen readers announce them with each cell)."""
    alt_text: str = ""
    name: str = "Table"


Element = TextSpec | ChartSpec | OverviewSpec | PictureSpec | RectSpec | TableSpec


class SlideKind(enum.StrEnum):
    """What a slide is; the renderer picks its layout by it."""

    TITLE = "title"
    OVERVIEW = "overview"
    STATUS = "status"
    FINDINGS = "findings"
    RECOMMENDATIONS = "recommendations"
    ANNEX = "annex"
    CLOSING = "closing"


@dataclass(frozen=True)
class SlideSpec:
    """One slide: its unique title, what it shows, and its speaker notes."""

    kind: SlideKind
    title: TextSpec
    """The slide's title, rendered in the title placeholder (accessibility checkers read it)."""
    elements: tuple[Element, ...] = ()
    notes: str = ""
    background: str = "#FFFFFF"
    spoken: str | None = None
    """What the speaker says over the slide when that is not its notes (a statement slide's notes hold the
    issue's other material): the script, or "" for the slide's own text. None: the notes, else the text."""

    @property
    def title_text(self) -> str:
        """Return the slide's title as plain text, on one line (the planner's marks and line breaks undone)."""
        return plain(" ".join(p.text for p in self.title.paragraphs))


@dataclass(frozen=True)
class MasterSpec:
    """The slide master's geometry, planned like every slide (see deckgen.plan.master): where each layout's
    title, body, footer and slide number stand, and the footer's text."""

    title: Box
    """The title placeholder of the master and of the content layouts."""
    body: Box
    """The body placeholder of the master and of the one-column layouts."""
    columns: tuple[Box, Box]
    """The status layout's two placeholders: the findings and the chart."""
    footer: Box
    number: Box
    """The slide number, right of the footer."""
    footer_text: str
    title_slide: Box
    """The title slide's centre title."""
    subtitle: Box
    """The title slide's subtitle, under its title."""
    closing_title: Box
    bands: tuple[tuple[str, tuple[RectSpec, ...]], ...]
    """Layout kind -> the rectangles under its slides' titles (the title slide's band), in the slides' order."""

    def bands_of(self, kind: str) -> tuple[RectSpec, ...]:
        """Return the rectangles under the titles of layout KIND's slides."""
        return dict(self.bands).get(kind, ())


@dataclass(frozen=True)
class DeckSpec:
    """The planned deck: slides plus what the package carries about it."""

    slides: tuple[SlideSpec, ...]
    language_tag: str
    """Language of every text run and of the presentation, e.g. en-US."""
    title: str
    author: str
    width: float
    height: float
    """The slide's size in points (the planner's layout sets it)."""
    master: MasterSpec | None = None
    """deckgen's own slide master for these slides (see plan.master); None: planned when it is made."""
