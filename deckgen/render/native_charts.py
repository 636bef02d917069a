"""Status and overview charts as native PowerPoint charts, for people who restyle them by hand.

They show what the pictures show: the same counts, labels, colours and hatch
patterns (as pattern fills), in the same box, with the same alt text.
"""

from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.enum.dml import MSO_PATTERN
from pptx.util import Pt

from deckgen.files import FIXED_TIME
from deckgen.fonts import Font
from deckgen.plan.specs import CHART_EDGE_DARKEN as EDGE_DARKEN
from deckgen.plan.specs import CHART_EDGE_WIDTH as EDGE_WIDTH
from deckgen.plan.specs import ChartBar, ChartSpec, OverviewSpec
from deckgen.render import oxml, pptx_compat
from deckgen.theme import rgb

_PATTERNS = {
    "/": MSO_PATTERN.WIDE_UPWARD_DIAGONAL,
    "\\": MSO_PATTERN.WIDE_DOWNWARD_DIAGONAL,
    "x": MSO_PATTERN.DIAGONAL_CROSS,
    "X": MSO_PATTERN.DIAGONAL_CROSS,
    "+": MSO_PATTERN.SMALL_GRID,
    ".": MSO_PATTERN.PERCENT_20,
    "o": MSO_PATTERN.SMALL_CONFETTI,
    "O": MSO_PATTERN.LARGE_CONFETTI,
    "*": MSO_PATTERN.SOLID_DIAMOND,
    "-": MSO_PATTERN.NARROW_HORIZONTAL,
    "|": MSO_PATTERN.NARROW_VERTICAL,
}
"""Matplotlib hatch characters (as themes name them) and the DrawingML pattern nearest each."""

GAP_WIDTH = 40
"""Space between bars, in percent of a bar's thickness."""


def _chart_data() -> CategoryChartData:
    """Return empty chart data for counts, whose embedded workbook is deterministic (FIXED_TIME)."""
    return pptx_compat.chart_data(FIXED_TIME, number_format="#,##0")


def add_status_chart(slide, spec: ChartSpec, lang: str):
    """Add SPEC's status chart to SLIDE as a bar chart: one labelled bar per status, out of the total."""
    data = _chart_data()
    data.categories = [bar.label if bar.reported else f"{bar.label} ({bar.count_text})" for bar in spec.bars]
    data.add_series(spec.total_text, [bar.count if bar.reported else None for bar in spec.bars])
    frame = _add(slide, XL_CHART_TYPE.BAR_CLUSTERED, spec, data, lang)
    chart = frame.chart
    chart.has_title = False  # a one-series chart would otherwise be titled with the series' name
    chart.has_legend = False
    plot = chart.plots[0]
    plot.gap_width = GAP_WIDTH
    plot.vary_by_categories = False
    for point, bar in zip(plot.series[0].points, spec.bars):
        _fill(point.format, bar)
    _count_labels(plot, spec.bold, spec.count_size, XL_LABEL_POSITION.OUTSIDE_END)
    _category_axis(chart, spec.bold, spec.size, spec.text_color)
    values = chart.value_axis
    values.minimum_scale = 0
    if spec.total > 0:
        values.maximum_scale = spec.total
    # The value axis is kept for its title, the caption "out of 9"; its ticks and line are hidden.
    values.has_major_gridlines = False
    values.tick_label_position = XL_TICK_LABEL_POSITION.NONE
    values.major_tick_mark = values.minor_tick_mark = XL_TICK_MARK.NONE
    values.format.line.fill.background()
    values.has_title = True
    title = values.axis_title.text_frame
    title.text = spec.total_text
    _font(title.paragraphs[0].runs[0].font, spec.regular, spec.size, spec.text_color)
    oxml.set_run_language(title.paragraphs[0].runs[0], lang)
    return frame


def add_overview_chart(slide, spec: OverviewSpec, lang: str):
    """Add SPEC's overview to SLIDE as a 100% stacked bar chart: a bar per issue, a series per status."""
    data = _chart_data()
    data.categories = [f"{row.label}\n{row.total_text}" for row in spec.rows]
    for status in spec.legend:
        counts = [next((b.count for b in row.segments if b.key == status.key), 0) for row in spec.rows]
        # A status an issue lacks (or counts 0) gets no point, so no "0" label sits on its bar.
        data.add_series(status.label, [n or None for n in counts])
    frame = _add(slide, XL_CHART_TYPE.BAR_STACKED_100, spec, data, lang)
    chart = frame.chart
    chart.has_title = False
    plot = chart.plots[0]
    plot.gap_width = GAP_WIDTH
    plot.overlap = 100
    for series, status in zip(plot.series, spec.legend):
        _fill(series.format, status)
    _count_labels(plot, spec.bold, spec.size, XL_LABEL_POSITION.CENTER)
    oxml.set_data_label_fill(plot.data_labels, spec.background.lstrip("#"))
    _category_axis(chart, spec.bold, spec.size, spec.text_color)
    chart.value_axis.visible = False
    chart.value_axis.has_major_gridlines = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    _font(chart.legend.font, spec.regular, spec.size, spec.text_color)
    return frame


def _add(slide, kind, spec: ChartSpec | OverviewSpec, data: CategoryChartData, lang: str):
    box = spec.box
    frame = slide.shapes.add_chart(kind, Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height), data)
    chart = frame.chart
    _font(chart.font, spec.regular, spec.size, spec.text_color)
    oxml.set_font_language(chart.font, lang)
    oxml.set_alt_text(frame, spec.alt_text, name="Status chart" if isinstance(spec, ChartSpec) else "Overview chart")
    return frame


def _fill(fmt, bar: ChartBar) -> None:
    """Fill a bar or series with BAR's colour, patterned in a darker shade when the theme gives a hatch."""
    edge = _darken(bar.fill)
    pattern = _PATTERNS.get(bar.hatch[:1]) if bar.hatch else None
    if pattern is None:
        fmt.fill.solid()
        fmt.fill.fore_color.rgb = RGBColor(*rgb(bar.fill))
    else:
        fmt.fill.patterned()
        fmt.fill.pattern = pattern
        fmt.fill.fore_color.rgb = edge
        fmt.fill.back_color.rgb = RGBColor(*rgb(bar.fill))
    fmt.line.color.rgb = edge
    fmt.line.width = Pt(EDGE_WIDTH)


def _count_labels(plot, bold: Font, size: float, position) -> None:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_value = True
    labels.number_format = "#,##0"
    labels.number_format_is_linked = False
    labels.position = position
    labels.font.name = bold.family
    labels.font.bold = True
    labels.font.size = Pt(size)


def _category_axis(chart, bold: Font, size: float, colour: str) -> None:
    axis = chart.category_axis
    axis.reverse_order = True  # bar charts draw the first category at the bottom; the content's order reads down
    axis.has_major_gridlines = False
    axis.major_tick_mark = XL_TICK_MARK.NONE
    axis.format.line.fill.background()
    _font(axis.tick_labels.font, bold, size, colour)


def _font(font, face: Font, size: float, colour: str) -> None:
    font.name = face.family
    font.size = Pt(size)
    font.bold = face.bold
    font.color.rgb = RGBColor(*rgb(colour))


def _darken(colour: str) -> RGBColor:
    """Return COLOUR mixed with black, as the pictures outline and hatch their bars."""
    return RGBColor(*(round(c * (1 - EDGE_DARKEN)) for c in rgb(colour)))
