"""The renderer: slide specs -> a python-pptx Presentation, one function per element kind.

It makes no layout decision: every position, size and line pitch comes from
the planner. Text boxes never autofit; the planner has measured the text.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Mapping
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Pt

from deckgen.plan.specs import (
    ChartSpec,
    DeckSpec,
    OverviewSpec,
    Paragraph,
    PictureSpec,
    RectSpec,
    SlideSpec,
    TableSpec,
    TextSpec,
)
from deckgen.progress import Progress
from deckgen.render import oxml
from deckgen.render.pptx_compat import linear_build
from deckgen.render.write import FIXED_TIME

_TITLE_ONLY_LAYOUT = 5
_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}



def render_deck(deck: DeckSpec, chart_pngs: Mapping[ChartSpec | OverviewSpec, bytes],
                progress: Progress | None = None):
    """Return a Presentation showing DECK, with CHART_PNGS (see chart_cache.chart_pngs) as its picture charts.

    PROGRESS, when given, hears of each slide done: progress(done, len(deck.slides), "rendering slides").
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(deck.width), Pt(deck.height)
    oxml.set_default_language(prs, deck.language_tag)
    layout = prs.slide_layouts[_TITLE_ONLY_LAYOUT]
    read_image = functools.cache(Path.read_bytes)  # a footer logo stands on every slide: read it once
    with linear_build(prs):  # python-pptx alone takes quadratic time in the number of slides
        for done, spec in enumerate(deck.slides, 1):
            _render_slide(prs, layout, spec, deck.language_tag, chart_pngs, read_image)
            if progress:
                progress(done, len(deck.slides), "rendering slides")
    _set_core_properties(prs, deck)
    return prs


def _render_slide(prs, layout, spec: SlideSpec, lang: str, chart_pngs: Mapping[ChartSpec, bytes],
                  read_image: Callable[[Path], bytes]) -> None:
    slide = prs.slides.add_slide(layout)
    if spec.background.upper() != "#FFFFFF":
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = _rgb(spec.background)
    # Elements first, so bands lie beneath the title placeholder in z-order.
    for element in spec.elements:
        if isinstance(element, RectSpec):
            _rect(slide, element)
        elif isinstance(element, TextSpec):
            _text(slide.shapes.add_textbox(0, 0, 0, 0), element, lang)
        elif isinstance(element, PictureSpec):
            _picture(slide, read_image(element.path), element)
        elif isinstance(element, ChartSpec | OverviewSpec):
            _chart(slide, element, lang, chart_pngs)
        elif isinstance(element, TableSpec):
            _table(slide, element, lang)
    title = slide.shapes.title
    _text(title, spec.title, lang)
    oxml.move_to_front(title)
    if spec.notes:
        frame = slide.notes_slide.notes_text_frame
        frame.text = spec.notes
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                oxml.set_run_language(run, lang)


def _place(shape, box) -> None:
    shape.left, shape.top, shape.width, shape.height = Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)


def _text(shape, spec: TextSpec, lang: str) -> None:
    _place(shape, spec.box)
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = _ANCHOR[spec.anchor]
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Pt(spec.inset)
    for i, para in enumerate(spec.paragraphs):
        _paragraph(frame.paragraphs[0] if i == 0 else frame.add_paragraph(), para, lang)


def _paragraph(paragraph, spec: Paragraph, lang: str) -> None:
    paragraph.alignment = _ALIGN[spec.align]
    paragraph.line_spacing = Pt(spec.line_height)
    paragraph.space_before = Pt(spec.space_before)
    paragraph.space_after = Pt(0)
    if not spec.runs:  # the part of a split paragraph that is only a blank line
        return
    first = spec.runs[0]
    oxml.set_bullet(paragraph, spec.bullet, indent=Pt(spec.indent), font=first.font.family,
                    color=first.color.lstrip("#"))
    for run_spec in spec.runs:
        for j, piece in enumerate(run_spec.text.split("\n")):
            if j:
                oxml.add_line_break(paragraph)
            if piece:
                oxml.add_run(paragraph, piece, family=run_spec.font.family, size=run_spec.size,
                             bold=run_spec.font.bold, italic=run_spec.font.italic,
                             color=run_spec.color.lstrip("#"), lang=lang)


def _table(slide, spec: TableSpec, lang: str) -> None:
    """Add SPEC as a PowerPoint table: fixed row heights and column widths, explicit fills and margins."""
    box = spec.box
    shape = slide.shapes.add_table(len(spec.rows), len(spec.column_widths), Pt(box.left), Pt(box.top),
                                   Pt(box.width), Pt(box.height))
    table = shape.table
    table.first_row = spec.header_rows > 0  # screen readers announce the header with each cell
    table.horz_banding = False  # the planner's fills band the rows
    for column, width in zip(table.columns, spec.column_widths):
        column.width = Pt(width)
    for row, height in zip(table.rows, spec.row_heights):
        row.height = Pt(height)
    # The frame encloses exactly its rows and columns, as rounded to EMU.
    shape.width = sum(column.width for column in table.columns)
    shape.height = sum(row.height for row in table.rows)
    for cells, row in zip(spec.rows, table.rows):
        for cell_spec, cell in zip(cells, row.cells):
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(cell_spec.fill)
            cell.margin_left = cell.margin_right = Pt(spec.inset_x)
            cell.margin_top = cell.margin_bottom = Pt(spec.inset_y)
            cell.vertical_anchor = MSO_ANCHOR.TOP
            frame = cell.text_frame
            frame.word_wrap = True
            for i, para in enumerate(cell_spec.paragraphs):
                paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                if para.runs:
                    _paragraph(paragraph, para, lang)
                else:  # an empty cell's line still takes the planned pitch, not the default size's
                    paragraph.line_spacing = Pt(para.line_height)
    oxml.set_alt_text(shape, spec.alt_text, name=spec.name)


def _picture(slide, blob: bytes, spec: PictureSpec | ChartSpec | OverviewSpec, name: str | None = None) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(blob)) as image:
        px_width, px_height = image.size
    box = spec.box
    # Fit inside the box with the image's own aspect, centred.
    scale = min(box.width / px_width, box.height / px_height)
    width, height = px_width * scale, px_height * scale
    left, top = box.left + (box.width - width) / 2, box.top + (box.height - height) / 2
    picture = slide.shapes.add_picture(io.BytesIO(blob), Pt(left), Pt(top), Pt(width), Pt(height))
    oxml.set_alt_text(picture, spec.alt_text, name=name)


def _chart(slide, spec: ChartSpec | OverviewSpec, lang: str, chart_pngs: Mapping[ChartSpec | OverviewSpec, bytes]
           ) -> None:
    """Add SPEC's chart: an editable PowerPoint chart when it says native, a picture otherwise."""
    status = isinstance(spec, ChartSpec)
    if spec.native:
        from deckgen.render import native_charts

        (native_charts.add_status_chart if status else native_charts.add_overview_chart)(slide, spec, lang)
        return
    _picture(slide, chart_pngs[spec], spec, name="Status chart" if status else "Overview chart")


def _rect(slide, spec: RectSpec) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(spec.box.left), Pt(spec.box.top), Pt(spec.box.width),
                                   Pt(spec.box.height))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(spec.fill)
    if spec.outline:
        shape.line.color.rgb = _rgb(spec.outline)
        shape.line.width = Pt(spec.outline_width)
    else:
        shape.line.fill.background()
    oxml.drop_theme_style(shape)
    oxml.mark_decorative(shape)


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))


def _set_core_properties(prs, deck: DeckSpec) -> None:
    props = prs.core_properties
    props.title = deck.title
    props.author = deck.author
    props.last_modified_by = "deckgen"
    props.language = deck.language_tag
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.last_printed = FIXED_TIME.replace(tzinfo=None)
    props.revision = 1
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
