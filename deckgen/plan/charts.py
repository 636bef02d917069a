"""The geometry of the status and overview charts: every bar, track, pill and label, placed in points.

A renderer draws a chart from its drawing (status_drawing, overview_drawing) and decides nothing:
the pptx renderer as slide shapes (rectangles, text runs, pattern fills), a handout in its own
language. Text is measured with the deck's real font metrics (deckgen.fonts), as the rest of the
slide is: a label too long for its room is set smaller (down to 60%) and then shortened with an
ellipsis, never left to overflow.

Coordinates are relative to the chart's box: x from its left edge, y down from its top.
A text is placed by its baseline and measured width, so every renderer can set it where the plan says.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from deckgen.fonts import Font, line_metrics, text_width
from deckgen.plan.specs import (
    CHART_BAR_HEIGHT,
    CHART_EDGE_DARKEN,
    CHART_EDGE_WIDTH,
    CHART_LABEL_COUNT_GAP,
    CHART_PAD,
    CHART_ROW_GAP,
    CHART_TEXT_GAP,
    ChartBar,
    ChartSpec,
    OverviewSpec,
    chart_height,
    chart_row_height,
)

MIN_LABEL_SCALE = 0.6
"""A label may be set down to this share of the chart's size before it is shortened."""
ELLIPSIS = "…"
BAR_ROUNDING = 0.3
"""A status bar's corner radius as a fraction of its height."""


@dataclass(frozen=True)
class ChartRect:
    """A filled rectangle: a bar, its track, a legend swatch or the pill under a count."""

    left: float
    top: float
    width: float
    height: float
    fill: str
    """Colour, #RRGGBB."""
    outline: str | None = None
    """Outline colour (None: no outline); hatch lines take it too."""
    outline_width: float = 0.0
    hatch: str = ""
    """The theme's hatch pattern ("//", "xx", ".."), drawn over FILL in OUTLINE's colour; "": plain."""
    radius: float = 0.0
    """Corner radius in points (0: square corners)."""


@dataclass(frozen=True)
class ChartText:
    """One line of text, its start or end or middle at X (by ALIGN), its baseline at BASELINE."""

    x: float
    baseline: float
    text: str
    font: Font
    size: float
    color: str
    align: str = "left"
    """"left" (X is where the text starts), "right" (where it ends) or "center"."""
    width: float = 0.0
    """The measured advance width, in points."""
    ascent: float = 0.0
    descent: float = 0.0
    """The font's ascent and descent at SIZE, in points: the line's box is baseline - ascent to baseline + descent."""

    @property
    def left(self) -> float:
        """Return the x of the text's left edge."""
        return {"left": self.x, "right": self.x - self.width, "center": self.x - self.width / 2}[self.align]

    @property
    def top(self) -> float:
        """Return the y of the top of the text's line."""
        return self.baseline - self.ascent


@dataclass(frozen=True)
class ChartDrawing:
    """A chart as shapes, bottom to top: what is drawn later lies over what is drawn earlier."""

    width: float
    height: float
    shapes: tuple[ChartRect | ChartText, ...]

    @property
    def texts(self) -> tuple[ChartText, ...]:
        """Return the drawing's texts, in drawing order."""
        return tuple(s for s in self.shapes if isinstance(s, ChartText))


def darken(colour: str) -> str:
    """Return COLOUR (#RRGGBB) mixed with black: a bar's outline and hatching, which read on any fill."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * (1 - CHART_EDGE_DARKEN)):02X}" for c in (r, g, b))


def _text(x: float, baseline: float, text: str, font: Font, size: float, color: str, align: str = "left") -> ChartText:
    ascent, descent = line_metrics(font.file)
    return ChartText(
        x, baseline, text, font, size, color, align, text_width(text, font.file, size), ascent * size, descent * size
    )


@lru_cache(maxsize=4096)
def fit(text: str, font: Font, size: float, width: float) -> tuple[str, float]:
    """Return TEXT and a size at most SIZE, not below 60% of it, at which it fits WIDTH.

    Text too wide even at 60% is shortened with an ellipsis rather than clipped.
    """
    floor = size * MIN_LABEL_SCALE
    measured = text_width(text, font.file, size)
    if measured <= width:
        return text, size
    size = max(floor, size * width / measured)  # widths are linear in size
    if text_width(text, font.file, size) <= width * (1 + 1e-9):  # what rounding leaves over
        return text, size
    cut = len(text)
    while cut > 0 and text_width(text[:cut].rstrip() + ELLIPSIS, font.file, size) > width:
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS, size


def _count_column(spec: ChartSpec, em: float, count_size: float) -> float:
    """Return the width of the counts' column at the chart's right (with its gap to the tracks)."""
    counts = [text_width(b.count_text, spec.bold.file, count_size) for b in spec.bars if b.reported]
    return max(counts) + CHART_LABEL_COUNT_GAP * em if counts else 0.0


def status_chart_width(spec: ChartSpec) -> float:
    """Return the narrowest width SPEC's chart takes with every label, note and count at its own size."""
    em, bold = spec.size, spec.bold.file
    track = max(
        text_width(b.label, bold, em)
        if b.reported
        else text_width(b.label, bold, em)
        + CHART_LABEL_COUNT_GAP * em
        + text_width(b.count_text, spec.regular.file, spec.note_size)
        for b in spec.bars
    )
    return track + _count_column(spec, em, spec.count_size) + 2 * CHART_PAD


def status_drawing(spec: ChartSpec) -> ChartDrawing:
    """Return SPEC's rows and caption as shapes.

    Each row: the label above its bar, on its track, which stands for the total; the count large
    at the right, standing on the bar's baseline. A status the review gives no count of has its
    whole track outlined and a small "number not reported" at the end of its label's line. The
    caption ("out of 9") sits under the last bar, at the end of its track. A box shorter than the
    planner's chart_height (it never is from the planner) scales everything down rather than clip.
    """
    box_w, box_h = spec.box.width, spec.box.height
    bold_em, regular_em = line_metrics(spec.bold.file), line_metrics(spec.regular.file)
    em, count_size, note_size = spec.size, spec.count_size, spec.note_size
    needed = chart_height(len(spec.bars), em, count_size, bold_em, regular_em)
    if needed > box_h:
        shrink = box_h / needed
        em, count_size, note_size = em * shrink, count_size * shrink, note_size * shrink
    row_h, gap = chart_row_height(em, count_size, bold_em), CHART_ROW_GAP * em
    inner_w = box_w - 2 * CHART_PAD
    track_w = max(inner_w - _count_column(spec, em, count_size), inner_w / 2)
    bar_h = CHART_BAR_HEIGHT * em
    radius = bar_h * BAR_ROUNDING
    shapes: list[ChartRect | ChartText] = []
    y = bar_bottom = CHART_PAD
    for bar in spec.bars:
        bar_bottom = y + row_h
        bar_top = bar_bottom - bar_h
        baseline = bar_top - CHART_TEXT_GAP * em - bold_em[1] * em
        if bar.reported:
            label, label_size = fit(bar.label, spec.bold, em, track_w)
            shapes += [
                _text(CHART_PAD, baseline, label, spec.bold, label_size, spec.text_color),
                _text(box_w - CHART_PAD, bar_bottom, bar.count_text, spec.bold, count_size, spec.text_color, "right"),
                ChartRect(CHART_PAD, bar_top, track_w, bar_h, spec.track_color, radius=radius),
            ]
        else:  # no number: the whole track outlined in the status's colour, no length, and a note saying so
            note, note_fit = fit(bar.count_text, spec.regular, note_size, track_w / 2)
            note_text = _text(CHART_PAD + track_w, baseline, note, spec.regular, note_fit, spec.muted_color, "right")
            room = track_w - note_text.width - CHART_LABEL_COUNT_GAP * em
            label, label_size = fit(bar.label, spec.bold, em, room)
            shapes += [
                _text(CHART_PAD, baseline, label, spec.bold, label_size, spec.text_color),
                note_text,
                ChartRect(
                    CHART_PAD,
                    bar_top,
                    track_w,
                    bar_h,
                    spec.track_color,
                    darken(bar.fill),
                    2 * CHART_EDGE_WIDTH,
                    radius=radius,
                ),
            ]
        fraction = min(max(bar.count, 0) / spec.total, 1.0) if spec.total > 0 and bar.reported else 0.0
        if fraction > 0:
            fill_w = track_w * fraction
            shapes.append(
                ChartRect(
                    CHART_PAD,
                    bar_top,
                    fill_w,
                    bar_h,
                    bar.fill,
                    darken(bar.fill),
                    CHART_EDGE_WIDTH,
                    bar.hatch,
                    min(radius, fill_w / 2),
                )
            )
        y = bar_bottom + gap
    caption, caption_size = fit(spec.total_text, spec.regular, em, track_w)
    shapes.append(
        _text(
            CHART_PAD + track_w,
            bar_bottom + CHART_TEXT_GAP * em + regular_em[0] * caption_size,
            caption,
            spec.regular,
            caption_size,
            spec.text_color,
            "right",
        )
    )
    return ChartDrawing(box_w, box_h, tuple(shapes))


# --- the overview: one stacked bar per issue ----------------------------------------------------------

# Lengths in em of the label size.
OVERVIEW_BAR = 1.7
OVERVIEW_LABEL_SHARE = 0.36
"""Most of the width the issue titles may take."""
OVERVIEW_LABEL_GAP = 0.8
OVERVIEW_MIN_GAP, OVERVIEW_MAX_GAP = 0.5, 1.6
PILL_PAD = 0.3
"""Space around a count on its pill, and between the pill and its segment's ends."""
LEGEND_SWATCH = (1.6, 1.0)
LEGEND_GAP = 1.2
LINE = 1.2
"""Line pitch as a multiple of the size."""


def wrap(text: str, font: Font, size: float, width: float, max_lines: int) -> list[str]:
    """Return TEXT broken into at most MAX_LINES lines of WIDTH; the last one shortened with an ellipsis."""
    words = text.split()
    lines: list[str] = []
    while words and len(lines) < max_lines:
        take = 1
        while take < len(words) and text_width(" ".join(words[: take + 1]), font.file, size) <= width:
            take += 1
        if len(lines) == max_lines - 1:
            take = len(words)
        line = " ".join(words[:take])
        lines.append(fit(line, font, size, width)[0] if text_width(line, font.file, size) > width else line)
        words = words[take:]
    return lines


@dataclass(frozen=True)
class _RowLayout:
    """An overview row's title lines, its bar's segments and where each count goes."""

    title: list[str]
    bar_centre: float
    """From the row's top: the bar and the title block are centred on one line."""
    height: float
    segments: list[tuple[float, float, ChartBar]]
    """(left, width, bar) per segment with a count, left from the bar's start."""
    outside: list[tuple[float, ChartBar]]
    """(centre x, bar) for counts too wide for their segment, set above the bar."""


def _layout_rows(spec: OverviewSpec, em: float, label_w: float, bar_w: float) -> list[_RowLayout]:
    bar_h = OVERVIEW_BAR * em
    out = []
    for row in spec.rows:
        title = wrap(row.label, spec.bold, em, label_w, 2)
        label_h = len(title) * LINE * em
        whole = max(row.total, sum(b.count for b in row.segments))
        x, segments, outside = 0.0, [], []
        for bar in row.segments:
            width = bar_w * bar.count / whole if whole > 0 else 0.0
            if width > 0:
                segments.append((x, width, bar))
                pill = text_width(bar.count_text, spec.bold.file, em) + 2 * PILL_PAD * em
                if pill + 2 * PILL_PAD * em > width:
                    outside.append((x + width / 2, bar))
            x += width
        band = LINE * em if outside else 0.0
        centre = max(band + bar_h / 2, label_h / 2)
        out.append(_RowLayout(title, centre, centre + max(bar_h, label_h) / 2, segments, outside))
    return out


def _legend_lines(spec: OverviewSpec, em: float, width: float) -> list[list[tuple[float, ChartBar]]]:
    """Return the legend's items as lines of (x, bar) fitting WIDTH."""
    lines: list[list[tuple[float, ChartBar]]] = [[]]
    x = 0.0
    for bar in spec.legend:
        item = (LEGEND_SWATCH[0] + 0.4) * em + text_width(bar.label, spec.regular.file, em)
        if lines[-1] and x + item > width:
            lines.append([])
            x = 0.0
        lines[-1].append((x, bar))
        x += item + LEGEND_GAP * em
    return lines


def overview_drawing(spec: OverviewSpec) -> ChartDrawing:
    """Return SPEC's rows (title, stacked bar, total) and legend as shapes.

    Each count stands on a pill of the background colour in the middle of its segment, legible on any
    fill and hatch; counts too wide for their segment stand above the bar, pushed apart so they never
    collide. A box too short for the rows shrinks everything rather than clip.
    """
    box_w = spec.box.width
    inner_w, avail = box_w - 2 * CHART_PAD, spec.box.height - 2 * CHART_PAD
    em = spec.size
    for attempt in range(6):
        total_w = max(text_width(row.total_text, spec.regular.file, em) for row in spec.rows)
        label_w = min(
            OVERVIEW_LABEL_SHARE * inner_w, max(text_width(row.label, spec.bold.file, em) for row in spec.rows)
        )
        bar_left = CHART_PAD + label_w + OVERVIEW_LABEL_GAP * em
        bar_w = box_w - CHART_PAD - total_w - OVERVIEW_LABEL_GAP * em - bar_left
        rows = _layout_rows(spec, em, label_w, bar_w)
        legend = _legend_lines(spec, em, inner_w)
        content = sum(r.height for r in rows) + len(legend) * LINE * em
        gaps = len(rows)  # between rows, and before the legend
        needed = content + gaps * OVERVIEW_MIN_GAP * em
        if needed <= avail or attempt == 5:
            break
        em *= max(0.6, avail / needed) * 0.98
    gap = min(max((avail - content) / gaps, 0.0), OVERVIEW_MAX_GAP * em)
    y = CHART_PAD + max(0.0, (avail - content - gaps * gap) / 2)
    bold_m, regular_m = line_metrics(spec.bold.file), line_metrics(spec.regular.file)
    bar_h = OVERVIEW_BAR * em
    total_size = em  # secondary by its colour, not a size of its own: one type scale

    def baseline(centre: float, metrics: tuple[float, float], size: float) -> float:
        """Return the baseline that centres a line of SIZE on CENTRE."""
        return centre + (metrics[0] - metrics[1]) * size / 2

    shapes: list[ChartRect | ChartText] = []
    for row, layout in zip(spec.rows, rows):
        centre = y + layout.bar_centre
        first = centre - (len(layout.title) - 1) * LINE * em / 2
        for i, line in enumerate(layout.title):
            shapes.append(
                _text(CHART_PAD, baseline(first + i * LINE * em, bold_m, em), line, spec.bold, em, spec.text_color)
            )
        shapes.append(
            _text(
                box_w - CHART_PAD,
                baseline(centre, regular_m, total_size),
                row.total_text,
                spec.regular,
                total_size,
                spec.muted_color,
                "right",
            )
        )
        bar_top = centre - bar_h / 2
        for left, width, bar in layout.segments:
            shapes.append(
                ChartRect(
                    bar_left + left, bar_top, width, bar_h, bar.fill, darken(bar.fill), CHART_EDGE_WIDTH, bar.hatch
                )
            )
        outside = {id(bar) for _, bar in layout.outside}
        pill_h = (bold_m[0] + bold_m[1] + PILL_PAD) * em
        for left, width, bar in layout.segments:
            if id(bar) in outside:
                continue
            x = bar_left + left + width / 2
            count = _text(x, baseline(centre, bold_m, em), bar.count_text, spec.bold, em, spec.text_color, "center")
            pill_w = count.width + 2 * PILL_PAD * em
            shapes += [
                ChartRect(x - pill_w / 2, centre - pill_h / 2, pill_w, pill_h, spec.background, radius=pill_h / 2),
                count,
            ]
        placed_right = bar_left
        for x, bar in layout.outside:
            width = text_width(bar.count_text, spec.bold.file, em)
            left = min(max(bar_left + x - width / 2, placed_right), bar_left + bar_w - width)
            shapes.append(_text(left, bar_top - bold_m[1] * em - 1, bar.count_text, spec.bold, em, spec.text_color))
            placed_right = left + width + 0.4 * em
        y += layout.height + gap
    for items in legend:
        for x, bar in items:
            sw, sh = LEGEND_SWATCH[0] * em, LEGEND_SWATCH[1] * em
            shapes.append(
                ChartRect(
                    CHART_PAD + x,
                    y + (LINE * em - sh) / 2,
                    sw,
                    sh,
                    bar.fill,
                    darken(bar.fill),
                    CHART_EDGE_WIDTH,
                    bar.hatch,
                )
            )
            shapes.append(
                _text(
                    CHART_PAD + x + sw + 0.4 * em,
                    baseline(y + LINE * em / 2, regular_m, em),
                    bar.label,
                    spec.regular,
                    em,
                    spec.text_color,
                )
            )
        y += LINE * em
    return ChartDrawing(box_w, spec.box.height, tuple(shapes))


def drawing(spec: ChartSpec | OverviewSpec) -> ChartDrawing:
    """Return the drawing of SPEC, a status chart or the overview."""
    return status_drawing(spec) if isinstance(spec, ChartSpec) else overview_drawing(spec)
