"""Status charts: one labelled bar per status, drawn to PNG with matplotlib's Agg canvas.

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
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.patches import FancyBboxPatch

from deckgen.plan.specs import ChartSpec, Font

MIN_DPI = 200
SLOTS = 5
"""Rows are sized as if the chart had five bars, so rows match across charts."""
COUNT_SCALE = 1.25
"""Counts are the chart's message, so they are set larger than labels."""
MIN_LABEL_SCALE = 0.6
ELLIPSIS = "…"

# Lengths in em of the label size, except PAD (points).
PAD = 2.0
"""Keeps strokes and anti-aliased edges inside the image."""
TEXT_GAP = 0.3
BAR_HEIGHT = 0.9
BAR_ROUNDING = 0.3
"""Corner radius as a fraction of the bar height."""
MIN_ROW_GAP = 0.5
MAX_ROW_GAP = 1.6
LABEL_COUNT_GAP = 0.75
EDGE_WIDTH = 0.75
"""Points; the fill's outline, so light fills still show where they end."""
EDGE_DARKEN = 0.45


def chart_png_size(spec: ChartSpec) -> tuple[int, int]:
    """Return the (width, height) in pixels of the PNG that render_chart_png makes."""
    return (round(spec.box.width * spec.dpi / 72), round(spec.box.height * spec.dpi / 72))


def render_chart_png(spec: ChartSpec) -> bytes:
    """Return a PNG of SPEC's chart, spec.box's size at spec.dpi; identical specs give identical bytes."""
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
    _draw(ax, spec, _Measure(canvas, spec.dpi))
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
        font_manager._get_font.cache_clear()  # private, but the one cache that holds the open files


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
    return tuple(c * (1 - EDGE_DARKEN) for c in to_rgb(color))


def _draw(ax, spec: ChartSpec, measure: _Measure) -> None:
    """Draw SPEC's rows and caption onto AX, whose data units are points, y down."""
    box_w, box_h = spec.box.width, spec.box.height
    n = len(spec.bars)
    bold_m, regular_m = _metrics(spec.bold), _metrics(spec.regular)

    def heights(em: float) -> tuple[float, float]:
        """Return a row's and the caption's height when the label size is EM."""
        count_em = em * COUNT_SCALE
        row = (bold_m.ascent + bold_m.descent) * count_em + (TEXT_GAP + BAR_HEIGHT) * em
        return row, (regular_m.ascent + regular_m.descent) * em

    avail = box_h - 2 * PAD
    em = spec.size
    row_h, cap_h = heights(em)
    # The gaps between rows and before the caption are equal. They are set as if SLOTS
    # rows filled the box, so rows keep their pitch whatever the number of bars; a box
    # too short for that spreads the actual rows instead.
    gap = (avail - max(SLOTS, n) * row_h - cap_h) / max(SLOTS, n)
    if gap < MIN_ROW_GAP * em:
        gap = (avail - n * row_h - cap_h) / max(n, 1)
    if gap < MIN_ROW_GAP * em:
        # A box too short for the rows: scale everything down rather than clip.
        em *= avail / (n * (row_h + MIN_ROW_GAP * em) + cap_h)
        row_h, cap_h = heights(em)
        gap = MIN_ROW_GAP * em
    gap = min(gap, MAX_ROW_GAP * em)

    count_size = em * COUNT_SCALE
    inner_w = box_w - 2 * PAD
    bar_h = BAR_HEIGHT * em
    block = n * (row_h + gap) + cap_h
    y = PAD + (avail - block) / 2
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
        y += row_h + gap

    caption, caption_size = _fit(spec.total_text, spec.regular, em, inner_w, measure)
    ax.text(PAD, y + regular_m.ascent * em, caption, fontproperties=_prop(spec.regular, caption_size),
            color=spec.text_color, ha="left", va="baseline")
