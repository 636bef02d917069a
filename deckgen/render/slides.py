"""The renderer: slide specs -> a python-pptx Presentation, one function per element kind.

It makes no layout decision: every position, size and line pitch comes from
the planner. Text boxes never autofit; the planner has measured the text.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Pt

from deckgen.assets import builtin_theme
from deckgen.files import FIXED_TIME
from deckgen.plan import charts
from deckgen.plan.specs import (
    ChartSpec,
    DeckSpec,
    OverviewSpec,
    Paragraph,
    PictureSpec,
    RectSpec,
    Role,
    SlideSpec,
    TableSpec,
    TextSpec,
)
from deckgen.progress import Progress
from deckgen.render import master, oxml
from deckgen.render.pptx_compat import linear_build
from deckgen.theme import rgb

_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}


def render_deck(
    deck: DeckSpec,
    progress: Progress | None = None,
    timing_notes: Mapping[int, str] | None = None,
    brand: master.Brand | None = None,
):
    """Return a Presentation showing DECK.

    BRAND makes the slide master (deckgen's own from the theme, or the template it names); None takes
    deckgen's built-in theme. PROGRESS, when given, hears of each slide done:
    progress(done, len(deck.slides), "rendering slides"). TIMING_NOTES maps a slide's index (from 0) to
    a line of its estimated speaking time, appended to its speaker notes (see deckgen.timing.notes_lines).
    """
    brand = brand or _builtin_brand()
    prs, layouts = master.presentation(deck, brand)
    _LAYOUT_PLACEHOLDERS.clear()
    oxml.set_default_language(prs, deck.language_tag)
    read_image = functools.cache(Path.read_bytes)  # a footer logo stands on every slide: read it once
    # A picture on several slides (the footer logo) is decoration: read aloud once per slide it would be noise.
    uses = Counter(e for s in deck.slides for e in set(s.elements) if isinstance(e, PictureSpec))
    repeated = {picture for picture, n in uses.items() if n > 1}
    with linear_build(prs):  # python-pptx alone takes quadratic time in the number of slides
        for done, spec in enumerate(deck.slides, 1):
            timing = (timing_notes or {}).get(done - 1)
            if timing:
                notes = f"{spec.notes.rstrip()}\n\n{timing}" if spec.notes.strip() else timing
                spec = dataclasses.replace(spec, notes=notes)
            layout = layouts[master.KIND_OF[spec.kind]]
            if brand.template is None:
                _render_slide(prs, layout, spec, deck.language_tag, read_image, repeated, False)
            else:
                with master.template_layout_used(brand.template, layout.name):
                    _render_slide(prs, layout, spec, deck.language_tag, read_image, repeated, True)
            if progress:
                progress(done, len(deck.slides), "rendering slides")
    _set_core_properties(prs, deck)
    return prs


def _builtin_brand() -> master.Brand:
    return master.Brand.of(builtin_theme())


def _render_slide(
    prs,
    layout,
    spec: SlideSpec,
    lang: str,
    read_image: Callable[[Path], bytes],
    repeated: set[PictureSpec],
    template: bool,
) -> None:
    slide = prs.slides.add_slide(layout)
    # The layout's title placeholder holds the title, first in reading order; the layout's other
    # placeholders would stand empty ("Click to add text") under the planned shapes.
    title = slide.shapes.title
    for placeholder in list(slide.placeholders):
        if placeholder.shape_id != title.shape_id:
            oxml.remove_shape(placeholder)
    oxml.move_to_back(title)
    # A template's slides keep its layouts' backgrounds (pictures, gradients): the planner's background
    # colour is the template's own there.
    if spec.background.upper() != "#FFFFFF" and not template:
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = _rgb(spec.background)
    _placeholder_text(title, spec.title, lang)
    drawn: list[tuple[Any, ChartSpec | OverviewSpec]] = []
    for element in _reading_order(spec.elements, repeated):
        if isinstance(element, RectSpec):
            if not master.under_title(element, spec.title):
                _rect(slide, element)
            # else: the band under the title is the layout's or the slide's background (a template has its own)
        elif isinstance(element, TextSpec):
            if element.role in _PLACEHOLDER:
                _placeholder_text(_text_shape(slide, layout, element), element, lang)
            else:
                oxml.add_shape_xml(slide, _text_box_xml(oxml.next_shape_id(slide), element, lang))
        elif isinstance(element, PictureSpec):
            _picture(slide, read_image(element.path), element, decorative=element in repeated)
        elif isinstance(element, ChartSpec | OverviewSpec):
            group = _chart(slide, element, lang)
            if group is not None:
                drawn.append((group, element))
        elif isinstance(element, TableSpec):
            _table(slide, element, lang)
    for group, chart in drawn:
        _draw_chart(slide, group, chart, lang)
    if spec.notes:
        frame = slide.notes_slide.notes_text_frame
        frame.text = spec.notes
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                oxml.set_run_language(run, lang)


_PLACEHOLDER = {Role.FOOTER: "ftr", Role.SLIDE_NUMBER: "sldNum"}
_CHROME = {Role.FOOTER, Role.SLIDE_NUMBER, Role.DRAFT}


def _reading_order(elements, repeated: set[PictureSpec]) -> list:
    """Return ELEMENTS in the order screen readers should read them (after the title): the body (text,
    tables, logos), then charts, then the footer, slide number, repeated logo and DRAFT mark.

    The order is stable within each group; a rectangle goes with the first element after it that it lies
    under (so it stays beneath it), or with the footer when it lies under none.
    """

    def group(element) -> int:
        if isinstance(element, ChartSpec | OverviewSpec):
            return 1
        if isinstance(element, TextSpec):
            return 2 if element.role in _CHROME else 0
        if isinstance(element, PictureSpec):
            return 2 if element in repeated else 0
        if isinstance(element, TableSpec):
            return 0
        return 2

    groups = []
    for i, element in enumerate(elements):
        if isinstance(element, RectSpec):
            under = next(
                (e for e in elements[i + 1 :] if not isinstance(e, RectSpec) and _overlap(element.box, e.box)), None
            )
            groups.append(2 if under is None else group(under))
        else:
            groups.append(group(element))
    return [
        element for _, _, element in sorted(zip(groups, range(len(elements)), elements), key=lambda t: (t[0], t[1]))
    ]


def _overlap(a, b) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _text_shape(slide, layout, spec: TextSpec):
    """Return the shape for SPEC: the footer and slide number in the layout's placeholders, else a text box."""
    kind = _PLACEHOLDER.get(spec.role)
    idx = _placeholder_idx(layout, kind) if kind is not None else None
    if kind is not None and idx is not None:
        return oxml.add_placeholder(slide, kind, idx)
    return slide.shapes.add_textbox(0, 0, 0, 0)


_LAYOUT_PLACEHOLDERS: dict[tuple[int, str], tuple[Any, int | None]] = {}
"""Per layout (by id, the layout kept alive beside it) and kind, its placeholder's idx; render_deck clears it."""


def _placeholder_idx(layout, kind: str) -> int | None:
    """Return the idx of LAYOUT's placeholder of KIND, or None: looked up once per layout, not once per slide."""
    known = _LAYOUT_PLACEHOLDERS.get((id(layout), kind))
    if known is not None and known[0] is layout:
        return known[1]
    idx = next(
        (p.placeholder_format.idx for p in layout.placeholders if p.placeholder_format.type == _PH_TYPE[kind]), None
    )
    _LAYOUT_PLACEHOLDERS[(id(layout), kind)] = (layout, idx)
    return idx


_PH_TYPE = {"ftr": PP_PLACEHOLDER.FOOTER, "sldNum": PP_PLACEHOLDER.SLIDE_NUMBER}


def _place(shape, box) -> None:
    shape.left, shape.top, shape.width, shape.height = Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)


def _text(shape, spec: TextSpec, lang: str, placeholder: bool = False) -> None:
    """Write SPEC into SHAPE; a PLACEHOLDER gets every property it would otherwise inherit from its layout."""
    _place(shape, spec.box)
    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = _ANCHOR[spec.anchor]
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Pt(spec.inset)
    if placeholder:
        oxml.plain_body(frame)
    for i, para in enumerate(spec.paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _paragraph(paragraph, para, lang, number=spec.role == Role.SLIDE_NUMBER)
    if placeholder:
        oxml.plain_runs(frame)


_ANCHOR_XML = {"top": "t", "middle": "ctr", "bottom": "b"}
_ALIGN_XML = {"left": "l", "center": "ctr", "right": "r"}


def _centipoints(points: float) -> int:
    return int(Pt(points)) // 127


def _text_box_xml(shape_id: int, spec: TextSpec, lang: str) -> str:
    """Return SPEC as a text box's XML, as _text writes it through python-pptx, byte for byte, at a fraction
    of the time: no autofit, the planner's insets and anchor, each paragraph as _paragraph writes it."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="TextBox {shape_id - 1}"/><p:cNvSpPr txBox="1"/>'
        f'<p:nvPr/></p:nvSpPr><p:spPr>{_xfrm_xml(spec.box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"<a:noFill/></p:spPr>{_body_xml(spec, lang)}</p:sp>"
    )


_PLAIN = ' cap="none" spc="0" u="none" strike="noStrike" baseline="0"'
"""What oxml.plain_runs sets on a placeholder's runs."""


def _placeholder_text(shape, spec: TextSpec, lang: str) -> None:
    """Write SPEC into the placeholder SHAPE as _text(placeholder=True) does, byte for byte, as prepared XML.

    A placeholder deckgen made has an empty spPr; one with more (none so far) is written through _text.
    """
    if not oxml.replace_placeholder_body(
        shape, _xfrm_xml(spec.box), _body_xml(spec, lang, plain=True, number=spec.role == Role.SLIDE_NUMBER)
    ):
        _text(shape, spec, lang, placeholder=True)


def _xfrm_xml(box) -> str:
    return (
        f'<a:xfrm><a:off x="{int(Pt(box.left))}" y="{int(Pt(box.top))}"/>'
        f'<a:ext cx="{int(Pt(box.width))}" cy="{int(Pt(box.height))}"/></a:xfrm>'
    )


def _body_xml(spec: TextSpec, lang: str, plain: bool = False, number: bool = False) -> str:
    """Return SPEC's p:txBody: no autofit, the planner's insets and anchor; a placeholder's (PLAIN) also one
    column, horizontal, unrotated (oxml.plain_body)."""
    inset = int(Pt(spec.inset))
    paragraphs = "".join(_paragraph_xml(p, lang, number, plain) for p in spec.paragraphs) or "<a:p/>"
    pinned = ' vert="horz" rot="0" numCol="1" rtlCol="0"' if plain else ""
    return (
        f'<p:txBody><a:bodyPr wrap="square" anchor="{_ANCHOR_XML[spec.anchor]}" lIns="{inset}" '
        f'rIns="{inset}" tIns="{inset}" bIns="{inset}"{pinned}><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        f"{paragraphs}</p:txBody>"
    )


def _paragraph_xml(spec: Paragraph, lang: str, number: bool = False, plain: bool = False) -> str:
    """Return SPEC as a:p XML, as _paragraph writes it (see _text_box_xml); with NUMBER its digits are the
    slide-number field, with PLAIN its runs are pinned as oxml.plain_runs pins a placeholder's."""
    spacing = (
        f'<a:lnSpc><a:spcPts val="{_centipoints(spec.line_height)}"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="{_centipoints(spec.space_before)}"/></a:spcBef>'
        '<a:spcAft><a:spcPts val="0"/></a:spcAft>'
    )
    align = f'algn="{_ALIGN_XML[spec.align]}"'
    if not spec.runs:
        return f"<a:p><a:pPr {align}>{spacing}</a:pPr></a:p>"
    first, indent = spec.runs[0], int(Pt(spec.indent))
    if spec.bullet is None:
        bullet = f'<a:pPr {align} marL="{indent}" indent="0">{spacing}<a:buNone/></a:pPr>'
    else:
        if spec.bullet.endswith(".") and spec.bullet[:-1].isdigit():
            mark = f'<a:buAutoNum type="arabicPeriod" startAt="{spec.bullet[:-1]}"/>'
        else:
            mark = f"<a:buChar char={oxml.quoteattr(spec.bullet)}/>"
        bullet = (
            f'<a:pPr {align} marL="{indent}" indent="{-indent}">{spacing}<a:buClr><a:srgbClr '
            f'val="{first.color.lstrip("#")}"/></a:buClr><a:buFont typeface={oxml.quoteattr(first.font.family)}/>'
            f"{mark}</a:pPr>"
        )
    runs = []
    for run in spec.runs:
        run_pr = (
            f'<a:rPr sz="{_centipoints(run.size)}" b="{1 if run.font.bold else 0}" '
            f'i="{1 if run.font.italic else 0}" lang={oxml.quoteattr(lang)}{_PLAIN if plain else ""}>'
            f'<a:solidFill><a:srgbClr val="{run.color.lstrip("#").upper()}"/></a:solidFill><a:latin '
            f"typeface={oxml.quoteattr(run.font.family)}/></a:rPr>"
        )
        for j, piece in enumerate(run.text.split("\n")):
            if j:
                runs.append("<a:br/>")
            for k, text in enumerate(re.split(r"(\d+)", piece, maxsplit=1) if number else [piece]):
                if text and k == 1:
                    runs.append(
                        f'<a:fld id="{master.SLIDENUM_FIELD_ID}" type="slidenum">{run_pr}'
                        f"<a:t>{oxml.escape(text)}</a:t></a:fld>"
                    )
                elif text:
                    runs.append(f"<a:r>{run_pr}<a:t>{oxml.escape(text)}</a:t></a:r>")
    return f"<a:p>{bullet}{''.join(runs)}</a:p>"


def _paragraph(paragraph, spec: Paragraph, lang: str, number: bool = False) -> None:
    """Write SPEC into PARAGRAPH; with NUMBER, its digits are the slide-number field."""
    paragraph.alignment = _ALIGN[spec.align]
    paragraph.line_spacing = Pt(spec.line_height)
    paragraph.space_before = Pt(spec.space_before)
    paragraph.space_after = Pt(0)
    if not spec.runs:  # the part of a split paragraph that is only a blank line
        return
    first = spec.runs[0]
    oxml.set_bullet(
        paragraph, spec.bullet, indent=Pt(spec.indent), font=first.font.family, color=first.color.lstrip("#")
    )
    for run_spec in spec.runs:
        for j, piece in enumerate(run_spec.text.split("\n")):
            if j:
                oxml.add_line_break(paragraph)
            style: dict[str, Any] = dict(
                family=run_spec.font.family,
                size=run_spec.size,
                bold=run_spec.font.bold,
                italic=run_spec.font.italic,
                color=run_spec.color.lstrip("#"),
                lang=lang,
            )
            for k, text in enumerate(re.split(r"(\d+)", piece, maxsplit=1) if number else [piece]):
                if text and k == 1:
                    oxml.add_field(paragraph, text, field_id=master.SLIDENUM_FIELD_ID, kind="slidenum", **style)
                elif text:
                    oxml.add_run(paragraph, text, **style)


def _table(slide, spec: TableSpec, lang: str) -> None:
    """Add SPEC as a PowerPoint table: fixed row heights and column widths, explicit fills and margins."""
    box = spec.box
    shape = slide.shapes.add_table(
        len(spec.rows), len(spec.column_widths), Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)
    )
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


@functools.lru_cache(maxsize=32)
def _pixel_size(blob: bytes) -> tuple[int, int]:
    """Return the image BLOB's size in pixels: decoded once for a logo on every slide (bytes keep their hash)."""
    from PIL import Image

    with Image.open(io.BytesIO(blob)) as image:
        return image.size


def _picture(slide, blob: bytes, spec: PictureSpec, name: str | None = None, decorative: bool = False) -> None:
    px_width, px_height = _pixel_size(blob)
    box = spec.box
    # Fit inside the box with the image's own aspect, centred.
    scale = min(box.width / px_width, box.height / px_height)
    width, height = px_width * scale, px_height * scale
    left, top = box.left + (box.width - width) / 2, box.top + (box.height - height) / 2
    picture = slide.shapes.add_picture(io.BytesIO(blob), Pt(left), Pt(top), Pt(width), Pt(height))
    if decorative:
        oxml.set_alt_text(picture, "")
        oxml.mark_decorative(picture)
    else:
        oxml.set_alt_text(picture, spec.alt_text, name=name)


def _chart(slide, spec: ChartSpec | OverviewSpec, lang: str):
    """Add SPEC's chart: an editable PowerPoint chart when it says native, else a group that _draw_chart fills
    with the chart's shapes (returned), once the slide's other shapes have their ids: they keep the ids they
    had when charts were pictures, one shape each."""
    if spec.native:
        from deckgen.render import native_charts

        if isinstance(spec, ChartSpec):
            native_charts.add_status_chart(slide, spec, lang)
        else:
            native_charts.add_overview_chart(slide, spec, lang)
        return None
    name = "Status chart" if isinstance(spec, ChartSpec) else "Overview chart"
    return oxml.add_group(
        slide,
        oxml.next_shape_id(slide),
        name,
        spec.alt_text,
        spec.box.left,
        spec.box.top,
        spec.box.width,
        spec.box.height,
    )


TEXT_SLACK = 1.1
"""A chart text's box is this much wider than its measured width (a viewer's shaping may differ; it never wraps)."""


def _draw_chart(slide, group, spec: ChartSpec | OverviewSpec, lang: str) -> None:
    """Fill GROUP with SPEC's chart as shapes (see plan.charts): rectangles for the bars, tracks and pills,
    pattern fills for the hatches, text boxes for the labels and counts, tagged LANG."""
    x0, y0 = spec.box.left, spec.box.top
    children = []
    for shape_id, shape in enumerate(charts.drawing(spec).shapes, oxml.next_shape_id(slide)):
        if isinstance(shape, charts.ChartRect):
            children.append(
                oxml.rect_xml(
                    shape_id,
                    x0 + shape.left,
                    y0 + shape.top,
                    shape.width,
                    shape.height,
                    fill=shape.fill,
                    outline=shape.outline,
                    outline_width=shape.outline_width,
                    hatch=shape.hatch,
                    radius=shape.radius,
                )
            )
        else:
            width = shape.width * TEXT_SLACK
            left = {"left": shape.x, "right": shape.x - width, "center": shape.x - width / 2}[shape.align]
            children.append(
                oxml.text_xml(
                    shape_id,
                    x0 + left,
                    y0 + shape.top,
                    width,
                    shape.ascent + shape.descent,
                    shape.text,
                    family=shape.font.family,
                    size=shape.size,
                    bold=shape.font.bold,
                    color=shape.color,
                    lang=lang,
                    align=shape.align,
                )
            )
    oxml.fill_group(group, children)


def _rect(slide, spec: RectSpec) -> None:
    """Add SPEC as a decorative rectangle: written as prepared XML, byte for byte what python-pptx's add_shape,
    fill and line (and oxml's drop_theme_style and mark_decorative) made of it."""
    shape_id = oxml.next_shape_id(slide)
    box = spec.box
    if spec.outline:
        line = (
            f'<a:ln w="{int(Pt(spec.outline_width))}"><a:solidFill><a:srgbClr '
            f'val="{spec.outline.lstrip("#").upper()}"/></a:solidFill></a:ln>'
        )
    else:
        line = "<a:ln><a:noFill/></a:ln>"
    oxml.add_shape_xml(
        slide,
        (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Rectangle {shape_id - 1}">{oxml.DECORATIVE_XML}'
            f'</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{int(Pt(box.left))}" '
            f'y="{int(Pt(box.top))}"/><a:ext cx="{int(Pt(box.width))}" cy="{int(Pt(box.height))}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr '
            f'val="{spec.fill.lstrip("#").upper()}"/></a:solidFill>{line}</p:spPr><p:txBody><a:bodyPr rtlCol="0" '
            f'anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody></p:sp>'
        ),
    )


def _rgb(colour: str) -> RGBColor:
    return RGBColor(*rgb(colour))


def _set_core_properties(prs, deck: DeckSpec) -> None:
    props = prs.core_properties
    props.title = deck.title
    props.author = deck.author
    props.last_modified_by = "deckgen"
    props.language = deck.language_tag
    props.created = props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
