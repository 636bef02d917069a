"""Status and overview charts, drawn to PNG with matplotlib's Agg canvas.

Only the renderer imports this module. It uses Figure and FigureCanvasAgg
directly, never pyplot or global rcParams, so rendering has no global state.
Layout is computed in points, y down from the box's top-left corner, so font
sizes are true on the slide.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.patches import FancyBboxPatch, Rectangle

from deckgen.fonts import Font
from deckgen.plan.specs import CHART_BAR_HEIGHT as BAR_HEIGHT
from deckgen.plan.specs import CHART_COUNT_SCALE as COUNT_SCALE
from deckgen.plan.specs import CHART_EDGE_DARKEN as EDGE_DARKEN
from deckgen.plan.specs import CHART_EDGE_WIDTH as EDGE_WIDTH
from deckgen.plan.specs import CHART_LABEL_COUNT_GAP as LABEL_COUNT_GAP
from deckgen.plan.specs import CHART_PAD as PAD
from deckgen.plan.specs import CHART_ROW_GAP as ROW_GAP
from deckgen.plan.specs import CHART_TEXT_GAP as TEXT_GAP
from deckgen.plan.specs import ChartBar, ChartSpec, OverviewSpec, chart_height, chart_row_height
from deckgen.theme import rgb

MIN_DPI = 200
MIN_LABEL_SCALE = 0.6
ELLIPSIS = "…"

BAR_ROUNDING = 0.3
"""Corner radius as a fraction of the bar height."""


def chart_png_size(spec: ChartSpec | OverviewSpec) -> tuple[int, int]:
    """Return the (width, height) in pixels of the PNG that render_chart_png makes."""
    return (round(spec.box.width * spec.dpi / 72), round(spec.box.height * spec.dpi / 72))


def render_png(spec: ChartSpec | OverviewSpec) -> bytes:
    """Return a PNG of SPEC, a status chart or the overview chart."""
    return render_chart_png(spec) if isinstance(spec, ChartSpec) else render_overview_png(spec)


def render_chart_png(spec: ChartSpec) -> bytes:
    """Return a PNG of SPEC's chart, spec.box's size at spec.dpi; identical specs give identical bytes."""
    return _render(spec, _draw)


def _render(spec: ChartSpec | OverviewSpec, draw) -> bytes:
    """Return a PNG of spec.box's size at spec.dpi, drawn by DRAW(ax, spec, measure) in points, y down."""
    if spec.dpi < MIN_DPI:
        raise ValueError(f"chart dpi {spec.dpi} is below {MIN_DPI}")
    _forget_changed_fonts((spec.regular, spec.bold))
    px_w, px_h = chart_png_size(spec)
    # Agg truncates the figure size to whole pixels; the half pixel makes that land on px.
    fig = Figure(figsize=((px_w + 0.5) / spec.dpi, (px_h + 0.5) / spec.dpi), dpi=spec.dpi,
                 facecolor=spec.background)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, spec.box.width)
    ax.set_ylim(spec.box.height, 0)
    draw(ax, spec, _Measure(canvas, spec.dpi))
    buf = io.BytesIO()
    # print_png, unlike savefig, reads no savefig.* rcParams (bbox, facecolor, transparency).
    canvas.print_png(buf, metadata={"Software": None})
    return buf.getvalue()


_font_files_seen: dict[str, tuple[int, int]] = {}


def _forget_changed_fonts(fonts) -> None:
    """Drop matplotlib's open font objects when a font file changed on disk since this process drew with it.

    matplotlib caches open fonts by path; a file replaced in place (a new font
    version) would otherwise be read through the stale object, wrongly or not at all.
    """
    changed = False
    for font in fonts:
        stat = os.stat(font.file)
        seen = (stat.st_mtime_ns, stat.st_size)
        changed |= _font_files_seen.setdefault(str(font.file), seen) != seen
        _font_files_seen[str(font.file)] = seen
    if changed:
        # private, but the one cache that holds the open files
        font_manager._get_font.cache_clear()  # type: ignore[attr-defined]


class _Measure:
    """Text widths in points, measured by the canvas's own renderer."""

    def __init__(self, canvas: FigureCanvasAgg, dpi: int):
        self._renderer = canvas.get_renderer()
        self._dpi = dpi

    def width(self, text: str, prop: FontProperties) -> float:
        """Return TEXT's width in points in PROP."""
        w, _, _ = self._renderer.get_text_width_height_descent(text, prop, ismath=False)
        return w * 72 / self._dpi


@dataclass(frozen=True)
class _Metrics:
    """A font file's ascent and descent, in em."""

    ascent: float
    descent: float


def _metrics(font: Font) -> _Metrics:
    """Return FONT's line metrics from its file, so any theme font lays out right."""
    face = FT2Font(str(font.file))
    return _Metrics(face.ascender / face.units_per_EM, -face.descender / face.units_per_EM)


def _prop(font: Font, size: float) -> FontProperties:
    """Return properties drawing with FONT's file at SIZE points."""
    return FontProperties(fname=str(font.file), size=size)


def _fit(text: str, font: Font, size: float, width: float, measure: _Measure) -> tuple[str, float]:
    """Return TEXT and a size at most SIZE, not below 60% of it, at which it fits WIDTH.

    Text too wide even at 60% is shortened with an ellipsis rather than clipped.
    """
    floor = size * MIN_LABEL_SCALE
    for _ in range(4):  # width is near-linear in size; hinting may need a second step
        w = measure.width(text, _prop(font, size))
        if w <= width or size <= floor:
            break
        size = max(floor, size * width / w * 0.99)
    if measure.width(text, _prop(font, size)) <= width:
        return text, size
    cut = len(text)
    while cut > 0 and measure.width(text[:cut].rstrip() + ELLIPSIS, _prop(font, size)) > width:
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS, size


def _darken(color: str) -> tuple[float, float, float]:
    """Return COLOR mixed with black, for outlines and hatching that read on any fill."""
    r, g, b = (c / 255 * (1 - EDGE_DARKEN) for c in rgb(color))  # as matplotlib's to_rgb(color) * (1 - darken)
    return r, g, b


def _draw(ax, spec: ChartSpec, measure: _Measure) -> None:
    """Draw SPEC's rows and caption onto AX, whose data units are points, y down, from the top.

    Each row: the label and the large count on one baseline, the bar under them.
    The caption ("out of 9") sits under the last bar, at the end of its track,
    which stands for the total. A box shorter than the planner's chart_height
    (it never is from the planner) scales everything down rather than clip.
    """
    box_w, box_h = spec.box.width, spec.box.height
    n = len(spec.bars)
    bold_m, regular_m = _metrics(spec.bold), _metrics(spec.regular)
    bold_em, regular_em = (bold_m.ascent, bold_m.descent), (regular_m.ascent, regular_m.descent)
    em = spec.size
    needed = chart_height(n, em, bold_em, regular_em)
    if needed > box_h:
        em *= box_h / needed
    row_h, gap = chart_row_height(em, bold_em), ROW_GAP * em

    count_size = em * COUNT_SCALE
    inner_w = box_w - 2 * PAD
    bar_h = BAR_HEIGHT * em
    y = PAD
    bar_bottom = y
    for bar in spec.bars:
        count_prop = _prop(spec.bold, count_size)
        count_w = measure.width(bar.count_text, count_prop)
        label, label_size = _fit(bar.label, spec.bold, em, inner_w - count_w - LABEL_COUNT_GAP * em,
                                 measure)
        baseline = y + bold_m.ascent * count_size
        ax.text(PAD, baseline, label, fontproperties=_prop(spec.bold, label_size),
                color=spec.text_color, ha="left", va="baseline")
        ax.text(box_w - PAD, baseline, bar.count_text, fontproperties=count_prop,
                color=spec.text_color, ha="right", va="baseline")
        bar_top = baseline + bold_m.descent * count_size + TEXT_GAP * em
        radius = bar_h * BAR_ROUNDING
        ax.add_patch(FancyBboxPatch((PAD, bar_top), inner_w, bar_h,
                                    boxstyle=f"round,pad=0,rounding_size={radius}",
                                    facecolor=spec.track_color, edgecolor="none"))
        fraction = min(max(bar.count, 0) / spec.total, 1.0) if spec.total > 0 else 0.0
        fill_w = inner_w * fraction
        if fill_w > 0:
            edge = _darken(bar.fill)  # hatching takes the edge colour too
            patch = FancyBboxPatch((PAD, bar_top), fill_w, bar_h,
                                   boxstyle=f"round,pad=0,rounding_size={min(radius, fill_w / 2)}",
                                   facecolor=bar.fill, edgecolor=edge, linewidth=EDGE_WIDTH,
                                   hatch=bar.hatch or None)
            ax.add_patch(patch)
        bar_bottom = bar_top + bar_h
        y += row_h + gap

    caption, caption_size = _fit(spec.total_text, spec.regular, em, inner_w, measure)
    ax.text(box_w - PAD, bar_bottom + TEXT_GAP * em + regular_m.ascent * caption_size, caption,
            fontproperties=_prop(spec.regular, caption_size), color=spec.text_color, ha="right", va="baseline")


# --- the overview: one stacked bar per issue ----------------------------------------------------------

# Lengths in em of the label size.
OVERVIEW_BAR = 1.7
OVERVIEW_LABEL_SHARE = 0.36
"""Most of the width the issue titles may take."""
OVERVIEW_LABEL_GAP = 0.8
OVERVIEW_TOTAL_SCALE = 0.85
"""The issue's total, right of its bar, is secondary."""
OVERVIEW_MIN_GAP, OVERVIEW_MAX_GAP = 0.5, 1.6
PILL_PAD = 0.3
"""Space around a count on its pill, and between the pill and its segment's ends."""
LEGEND_SWATCH = (1.6, 1.0)
LEGEND_GAP = 1.2
LINE = 1.2
"""Line pitch as a multiple of the size."""


def render_overview_png(spec: OverviewSpec) -> bytes:
    """Return a PNG of SPEC's overview chart, spec.box's size at spec.dpi; identical specs give identical bytes."""
    return _render(spec, _draw_overview)


def _wrap(text: str, font: Font, size: float, width: float, measure: _Measure, max_lines: int) -> list[str]:
    """Return TEXT broken into at most MAX_LINES lines of WIDTH; the last one shortened with an ellipsis."""
    words = text.split()
    lines: list[str] = []
    while words and len(lines) < max_lines:
        take = 1
        while take < len(words) and measure.width(" ".join(words[:take + 1]), _prop(font, size)) <= width:
            take += 1
        if len(lines) == max_lines - 1:
            take = len(words)
        line = " ".join(words[:take])
        lines.append(_fit(line, font, size, width, measure)[0] if measure.width(line, _prop(font, size)) > width
                     else line)
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


def _layout_rows(spec: OverviewSpec, em: float, label_w: float, bar_w: float, measure: _Measure) -> list[_RowLayout]:
    count_prop = _prop(spec.bold, em)
    bar_h = OVERVIEW_BAR * em
    out = []
    for row in spec.rows:
        title = _wrap(row.label, spec.bold, em, label_w, measure, 2)
        label_h = len(title) * LINE * em
        whole = max(row.total, sum(b.count for b in row.segments))
        x, segments, outside = 0.0, [], []
        for bar in row.segments:
            width = bar_w * bar.count / whole if whole > 0 else 0.0
            if width > 0:
                segments.append((x, width, bar))
                pill = measure.width(bar.count_text, count_prop) + 2 * PILL_PAD * em
                if pill + 2 * PILL_PAD * em > width:
                    outside.append((x + width / 2, bar))
            x += width
        band = LINE * em if outside else 0.0
        centre = max(band + bar_h / 2, label_h / 2)
        out.append(_RowLayout(title, centre, centre + max(bar_h, label_h) / 2, segments, outside))
    return out


def _legend_lines(spec: OverviewSpec, em: float, width: float, measure: _Measure) -> list[list[tuple[float, ChartBar]]]:
    """Return the legend's items as lines of (x, bar) fitting WIDTH."""
    lines: list[list[tuple[float, ChartBar]]] = [[]]
    x = 0.0
    for bar in spec.legend:
        item = (LEGEND_SWATCH[0] + 0.4) * em + measure.width(bar.label, _prop(spec.regular, em))
        if lines[-1] and x + item > width:
            lines.append([])
            x = 0.0
        lines[-1].append((x, bar))
        x += item + LEGEND_GAP * em
    return lines


def _draw_overview(ax, spec: OverviewSpec, measure: _Measure) -> None:
    """Draw SPEC's rows (title, bar, total) and legend onto AX, whose data units are points, y down."""
    inner_w, avail = spec.box.width - 2 * PAD, spec.box.height - 2 * PAD
    em = spec.size
    for attempt in range(6):  # a box too short for the rows: shrink everything rather than clip
        total_prop = _prop(spec.regular, em * OVERVIEW_TOTAL_SCALE)
        total_w = max(measure.width(row.total_text, total_prop) for row in spec.rows)
        label_w = min(OVERVIEW_LABEL_SHARE * inner_w,
                      max(measure.width(row.label, _prop(spec.bold, em)) for row in spec.rows))
        bar_left = PAD + label_w + OVERVIEW_LABEL_GAP * em
        bar_w = spec.box.width - PAD - total_w - OVERVIEW_LABEL_GAP * em - bar_left
        rows = _layout_rows(spec, em, label_w, bar_w, measure)
        legend = _legend_lines(spec, em, inner_w, measure)
        content = sum(r.height for r in rows) + len(legend) * LINE * em
        gaps = len(rows)  # between rows, and before the legend
        needed = content + gaps * OVERVIEW_MIN_GAP * em
        if needed <= avail or attempt == 5:
            break
        em *= max(0.6, avail / needed) * 0.98
    gap = min(max((avail - content) / gaps, 0.0), OVERVIEW_MAX_GAP * em)
    y = PAD + max(0.0, (avail - content - gaps * gap) / 2)
    bold_m, regular_m = _metrics(spec.bold), _metrics(spec.regular)
    count_prop = _prop(spec.bold, em)
    bar_h = OVERVIEW_BAR * em

    def baseline(centre: float, metrics: _Metrics, size: float) -> float:
        """Return the baseline that centres a line of SIZE on CENTRE."""
        return centre + (metrics.ascent - metrics.descent) * size / 2

    for row, layout in zip(spec.rows, rows):
        centre = y + layout.bar_centre
        first = centre - (len(layout.title) - 1) * LINE * em / 2
        for i, line in enumerate(layout.title):
            ax.text(PAD, baseline(first + i * LINE * em, bold_m, em), line, fontproperties=_prop(spec.bold, em),
                    color=spec.text_color, ha="left", va="baseline")
        ax.text(spec.box.width - PAD, baseline(centre, regular_m, em * OVERVIEW_TOTAL_SCALE), row.total_text,
                fontproperties=total_prop, color=spec.muted_color, ha="right", va="baseline")
        bar_top = centre - bar_h / 2
        for left, width, bar in layout.segments:
            ax.add_patch(Rectangle((bar_left + left, bar_top), width, bar_h, facecolor=bar.fill,
                                   edgecolor=_darken(bar.fill), linewidth=EDGE_WIDTH, hatch=bar.hatch or None))
        outside = {id(bar) for _, bar in layout.outside}
        pill_h = (bold_m.ascent + bold_m.descent + PILL_PAD) * em
        for left, width, bar in layout.segments:
            if id(bar) in outside:
                continue
            # Each count on a pill of the background colour: legible on any fill and hatch.
            x = bar_left + left + width / 2
            pill_w = measure.width(bar.count_text, count_prop) + 2 * PILL_PAD * em
            ax.add_patch(FancyBboxPatch((x - pill_w / 2, centre - pill_h / 2), pill_w, pill_h,
                                        boxstyle=f"round,pad=0,rounding_size={pill_h / 2}",
                                        facecolor=spec.background, edgecolor="none"))
            ax.text(x, baseline(centre, bold_m, em), bar.count_text, fontproperties=count_prop,
                    color=spec.text_color, ha="center", va="baseline")
        # Counts too wide for their segment stand above it, pushed apart so they never collide.
        placed_right = bar_left
        for x, bar in layout.outside:
            width = measure.width(bar.count_text, count_prop)
            left = min(max(bar_left + x - width / 2, placed_right), bar_left + bar_w - width)
            ax.text(left, bar_top - bold_m.descent * em - 1, bar.count_text, fontproperties=count_prop,
                    color=spec.text_color, ha="left", va="baseline")
            placed_right = left + width + 0.4 * em
        y += layout.height + gap
    for items in legend:
        for x, bar in items:
            sw, sh = LEGEND_SWATCH[0] * em, LEGEND_SWATCH[1] * em
            ax.add_patch(Rectangle((PAD + x, y + (LINE * em - sh) / 2), sw, sh, facecolor=bar.fill,
                                   edgecolor=_darken(bar.fill), linewidth=EDGE_WIDTH, hatch=bar.hatch or None))
            ax.text(PAD + x + sw + 0.4 * em, baseline(y + LINE * em / 2, regular_m, em), bar.label,
                    fontproperties=_prop(spec.regular, em), color=spec.text_color, ha="left", va="baseline")
        y += LINE * em
