"""The few DrawingML details python-pptx has no API for, kept in one place.

Language tags, bullets, alt text, decorative marks, z-order and chart label fills: each a small
function on a python-pptx object, so the renderer itself never touches XML. The elements behind
those objects come from pptx_compat, python-pptx's private API being kept there. Text runs are
written here too: python-pptx's run and font properties rebuild each run's elements
through several lookups per property, which made them most of a large deck's build time.
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Pt

from deckgen.render import pptx_compat

_R, _RPR, _T, _BR = qn("a:r"), qn("a:rPr"), qn("a:t"), qn("a:br")
_SOLID_FILL, _SRGB, _LATIN, _END_PARA = qn("a:solidFill"), qn("a:srgbClr"), qn("a:latin"), qn("a:endParaRPr")

_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def add_run(paragraph, text: str, *, family: str, size: float, bold: bool, italic: bool, color: str, lang: str) -> None:
    """Add a run of TEXT to PARAGRAPH, as python-pptx's run and font properties would write it.

    SIZE is in points; COLOR is RRGGBB. The run goes before the paragraph's end
    properties, where DrawingML wants it.
    """
    p = pptx_compat.paragraph_element(paragraph)
    r = etree.Element(_R)
    r_pr = etree.SubElement(
        r, _RPR, sz=str(int(Pt(size)) // 127), b="1" if bold else "0", i="1" if italic else "0", lang=lang
    )
    etree.SubElement(etree.SubElement(r_pr, _SOLID_FILL), _SRGB, val=color.upper())
    etree.SubElement(r_pr, _LATIN, typeface=family)
    etree.SubElement(r, _T).text = text
    _before_end(p, r)


def add_field(
    paragraph,
    text: str,
    *,
    field_id: str,
    kind: str,
    family: str,
    size: float,
    bold: bool,
    italic: bool,
    color: str,
    lang: str,
) -> None:
    """Add a field of KIND ("slidenum") to PARAGRAPH, showing TEXT until the viewer updates it."""
    p = pptx_compat.paragraph_element(paragraph)
    fld = etree.Element(qn("a:fld"), id=field_id, type=kind)
    r_pr = etree.SubElement(
        fld, _RPR, sz=str(int(Pt(size)) // 127), b="1" if bold else "0", i="1" if italic else "0", lang=lang
    )
    etree.SubElement(etree.SubElement(r_pr, _SOLID_FILL), _SRGB, val=color.upper())
    etree.SubElement(r_pr, _LATIN, typeface=family)
    etree.SubElement(fld, _T).text = text
    _before_end(p, fld)


def add_line_break(paragraph) -> None:
    """Add a line break (Shift+Enter) to PARAGRAPH."""
    _before_end(pptx_compat.paragraph_element(paragraph), etree.Element(_BR))


def _before_end(p, element) -> None:
    end = p.find(_END_PARA)
    if end is None:
        p.append(element)
    else:
        end.addprevious(element)


def set_run_language(run, tag: str) -> None:
    """Tag RUN's language (spell-checkers and screen readers switch on it)."""
    pptx_compat.run_properties(run).set("lang", tag)


def set_default_language(prs, tag: str) -> None:
    """Make TAG the presentation's default language, in its default and master text styles."""
    roots = [pptx_compat.presentation_element(prs).find(qn("p:defaultTextStyle"))]
    for master in prs.slide_masters:
        roots.append(pptx_compat.master_element(master).find(qn("p:txStyles")))
    for root in roots:
        if root is None:
            continue
        for def_rpr in root.iter(qn("a:defRPr")):
            def_rpr.set("lang", tag)


def set_bullet(paragraph, bullet: str | None, *, indent: int, font: str, color: str) -> None:
    """Give PARAGRAPH a hanging BULLET ("•", or "3." for numbering) in an INDENT (EMU), or none."""
    p_pr = pptx_compat.paragraph_properties(paragraph)
    for tag in ("a:buClr", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    if bullet is None:
        p_pr.set("marL", str(int(indent)))
        p_pr.set("indent", "0")
        _insert_bullet_element(p_pr, etree.Element(qn("a:buNone")))
        return
    p_pr.set("marL", str(int(indent)))
    p_pr.set("indent", str(-int(indent)))
    colour = etree.Element(qn("a:buClr"))
    etree.SubElement(colour, qn("a:srgbClr"), val=color)
    face = etree.Element(qn("a:buFont"), typeface=font)
    if bullet.endswith(".") and bullet[:-1].isdigit():
        mark = etree.Element(qn("a:buAutoNum"), type="arabicPeriod", startAt=bullet[:-1])
    else:
        mark = etree.Element(qn("a:buChar"), char=bullet)
    for element in (colour, face, mark):
        _insert_bullet_element(p_pr, element)


def _insert_bullet_element(p_pr, element) -> None:
    # Schema order in a:pPr: lnSpc, spcBef, spcAft, buClr..., buFont, bu*, tabLst, defRPr, extLst.
    anchor = p_pr.find(qn("a:tabLst"))
    if anchor is None:
        anchor = p_pr.find(qn("a:defRPr"))
    if anchor is None:
        anchor = p_pr.find(qn("a:extLst"))
    if anchor is not None:
        anchor.addprevious(element)
    else:
        p_pr.append(element)


def set_alt_text(shape, text: str, name: str | None = None) -> None:
    """Give SHAPE alternative text (and a readable NAME) for screen readers."""
    c_nv_pr = pptx_compat.shape_element(shape).xpath("./*[1]/p:cNvPr")[0]
    c_nv_pr.set("descr", text)
    if name:
        c_nv_pr.set("name", f"{name} {c_nv_pr.get('id')}")


def mark_decorative(shape) -> None:
    """Mark SHAPE decorative, so accessibility checkers don't ask for its alt text."""
    c_nv_pr = pptx_compat.shape_element(shape).xpath("./*[1]/p:cNvPr")[0]
    ext_lst = c_nv_pr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=_DECORATIVE_URI)
    etree.SubElement(ext, f"{{{_ADEC}}}decorative", nsmap={"adec": _ADEC}, val="1")


def drop_theme_style(shape) -> None:
    """Remove SHAPE's theme style reference: its fill and line are explicit, and the style's
    effect reference makes some viewers (LibreOffice) draw a shadow."""
    element = pptx_compat.shape_element(shape)
    style = element.find(qn("p:style"))
    if style is not None:
        element.remove(style)


def move_to_back(shape) -> None:
    """Move SHAPE to the start of its slide's shape tree: first in reading order, bottom of the z-order."""
    element = pptx_compat.shape_element(shape)
    tree = element.getparent()
    first = tree.find(qn("p:grpSpPr"))
    if first is not None and first.getnext() is not element:
        first.addnext(element)


def remove_shape(shape) -> None:
    """Remove SHAPE from its slide."""
    element = pptx_compat.shape_element(shape)
    element.getparent().remove(element)


_PH_NAMES = {"ftr": "Footer Placeholder", "sldNum": "Slide Number Placeholder"}


def add_placeholder(slide, kind: str, idx: int):
    """Add to SLIDE (at the end of its shape tree) an empty placeholder of type KIND ("ftr", "sldNum") and IDX,
    inheriting from its layout's; return it."""
    tree = pptx_compat.shape_tree(slide)
    shape_id = max((int(e.get("id")) for e in tree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()), default=1) + 1
    sp = etree.SubElement(tree, qn("p:sp"))
    nv = etree.SubElement(sp, qn("p:nvSpPr"))
    etree.SubElement(nv, qn("p:cNvPr"), id=str(shape_id), name=f"{_PH_NAMES.get(kind, kind)} {shape_id - 1}")
    etree.SubElement(etree.SubElement(nv, qn("p:cNvSpPr")), qn("a:spLocks"), noGrp="1")
    etree.SubElement(etree.SubElement(nv, qn("p:nvPr")), qn("p:ph"), type=kind, sz="quarter", idx=str(idx))
    etree.SubElement(sp, qn("p:spPr"))
    body = etree.SubElement(sp, qn("p:txBody"))
    etree.SubElement(body, qn("a:bodyPr"))
    etree.SubElement(body, qn("a:lstStyle"))
    etree.SubElement(body, qn("a:p"))
    return slide.shapes[len(slide.shapes) - 1]


def plain_runs(frame) -> None:
    """Pin the runs of a placeholder's text FRAME to what the planner measured: no capitals, letter-spacing,
    underline, strike-through or baseline shift inherited from a template's text styles."""
    for p in pptx_compat.text_body(frame).iter(qn("a:p")):
        for r_pr in p.iter(_RPR):
            for name, value in (
                ("cap", "none"),
                ("spc", "0"),
                ("u", "none"),
                ("strike", "noStrike"),
                ("baseline", "0"),
            ):
                r_pr.set(name, value)


def plain_body(frame) -> None:
    """Pin a placeholder's text FRAME to what the planner measured: one column, horizontal, unrotated.

    (Insets, wrap, anchor and autofit are set through python-pptx.)
    """
    body_pr = pptx_compat.body_properties(frame)
    for name, value in (("vert", "horz"), ("rot", "0"), ("numCol", "1"), ("rtlCol", "0")):
        body_pr.set(name, value)


def set_font_language(font, tag: str) -> None:
    """Tag a chart's (or text style's) default FONT with language TAG."""
    pptx_compat.font_properties(font).set("lang", tag)


def set_data_label_fill(data_labels, color: str) -> None:
    """Give a chart's DATA_LABELS a solid COLOR background, so counts read on patterned fills."""
    d_lbls = pptx_compat.data_labels_element(data_labels)
    for old in d_lbls.findall(qn("c:spPr")):
        d_lbls.remove(old)
    sp_pr = etree.Element(qn("c:spPr"))
    fill = etree.SubElement(sp_pr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=color)
    # Schema order in c:dLbls: dLbl*, numFmt, spPr, txPr, dLblPos, showLegendKey, ...
    anchor = next(
        (
            d_lbls.find(qn(tag))
            for tag in ("c:txPr", "c:dLblPos", "c:showLegendKey")
            if d_lbls.find(qn(tag)) is not None
        ),
        None,
    )
    if anchor is not None:
        anchor.addprevious(sp_pr)
    else:
        d_lbls.append(sp_pr)


# --- shapes written as prepared XML: the drawn charts ------------------------------------------------

_NS = (
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
)

PATTERNS = {
    "/": "wdUpDiag",
    "\\": "wdDnDiag",
    "x": "diagCross",
    "X": "diagCross",
    "+": "smGrid",
    ".": "pct20",
    "o": "smConfetti",
    "O": "lgConfetti",
    "*": "solidDmnd",
    "-": "narHorz",
    "|": "narVert",
}
"""The themes' hatch characters (matplotlib's) and the DrawingML preset pattern nearest each."""


def escape(text: str) -> str:
    """Return TEXT escaped for XML character data (xml.sax.saxutils would import urllib and more for this)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def quoteattr(text: str) -> str:
    """Return TEXT as a double-quoted XML attribute value."""
    return (
        '"'
        + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
        + '"'
    )


def emu(points: float) -> int:
    """Return POINTS in EMU (12,700 a point), rounded."""
    return round(points * 12700)


def _xfrm(left: float, top: float, width: float, height: float, tag: str = "a:xfrm", child: bool = False) -> str:
    x, y, cx, cy = emu(left), emu(top), max(emu(width), 0), max(emu(height), 0)
    inner = f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
    if child:
        inner += f'<a:chOff x="{x}" y="{y}"/><a:chExt cx="{cx}" cy="{cy}"/>'
    return f"<{tag}>{inner}</{tag.split()[0]}>"


def _colour(hex_colour: str) -> str:
    return f'<a:srgbClr val="{hex_colour.lstrip("#").upper()}"/>'


DECORATIVE_XML = (
    f'<a:extLst><a:ext uri="{_DECORATIVE_URI}"><adec:decorative xmlns:adec="{_ADEC}" val="1"/></a:ext></a:extLst>'
)


def rect_xml(
    shape_id: int,
    left: float,
    top: float,
    width: float,
    height: float,
    *,
    fill: str,
    outline: str | None = None,
    outline_width: float = 0.0,
    hatch: str = "",
    radius: float = 0.0,
) -> str:
    """Return a decorative rectangle (rounded by RADIUS points) filled with FILL, patterned in OUTLINE's colour
    by HATCH (a theme's hatch, see PATTERNS), as a p:sp fragment (namespaces declared by its group)."""
    if radius > 0 and min(width, height) > 0:
        adj = min(round(radius / min(width, height) * 100000), 50000)
        geometry = f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {adj}"/></a:avLst></a:prstGeom>'
    else:
        geometry = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    pattern = PATTERNS.get(hatch[:1]) if hatch and outline else None
    if pattern:
        paint = (
            f'<a:pattFill prst="{pattern}"><a:fgClr>{_colour(outline or fill)}</a:fgClr>'
            f"<a:bgClr>{_colour(fill)}</a:bgClr></a:pattFill>"
        )
    else:
        paint = f"<a:solidFill>{_colour(fill)}</a:solidFill>"
    line = (
        f'<a:ln w="{emu(outline_width)}"><a:solidFill>{_colour(outline)}</a:solidFill></a:ln>'
        if outline
        else "<a:ln><a:noFill/></a:ln>"
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Rectangle {shape_id - 1}">{DECORATIVE_XML}</p:cNvPr>'
        f"<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(left, top, width, height)}{geometry}{paint}{line}"
        "</p:spPr></p:sp>"
    )


_ALGN = {"left": "l", "right": "r", "center": "ctr"}


def text_xml(
    shape_id: int,
    left: float,
    top: float,
    width: float,
    height: float,
    text: str,
    *,
    family: str,
    size: float,
    bold: bool,
    color: str,
    lang: str,
    align: str = "left",
) -> str:
    """Return a one-line text box of TEXT, unwrapped and without insets, aligned ALIGN in its box, as a p:sp
    fragment: its run in FAMILY at SIZE points, tagged LANG."""
    run_pr = (
        f'<a:rPr lang="{escape(lang)}" sz="{int(round(size * 100))}" b="{1 if bold else 0}" i="0" dirty="0">'
        f"<a:solidFill>{_colour(color)}</a:solidFill><a:latin typeface={quoteattr(family)}/>"
        f"<a:cs typeface={quoteattr(family)}/></a:rPr>"
    )
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="TextBox {shape_id - 1}"/><p:cNvSpPr txBox="1"/>'
        f"<p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(left, top, width, height)}"
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        '<p:txBody><a:bodyPr wrap="none" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" rtlCol="0">'
        f'<a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr algn="{_ALGN[align]}"/>'
        f"<a:r>{run_pr}<a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def add_group(slide, shape_id: int, name: str, descr: str, left: float, top: float, width: float, height: float):
    """Add to SLIDE's shape tree an empty group named NAME, with DESCR as its alternative text; return it
    (fill_group fills it)."""
    xml = (
        f'<p:grpSp {_NS}><p:nvGrpSpPr><p:cNvPr id="{shape_id}" name={quoteattr(f"{name} {shape_id}")} '
        f"descr={quoteattr(descr)}/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>"
        f"<p:grpSpPr>{_xfrm(left, top, width, height, child=True)}</p:grpSpPr></p:grpSp>"
    )
    group = pptx_compat.parse_fragment(xml)
    pptx_compat.shape_tree(slide).append(group)
    return group


def replace_placeholder_body(shape, xfrm: str, body: str) -> bool:
    """Give the placeholder SHAPE the position XFRM (an a:xfrm fragment) and the text body BODY (a p:txBody
    fragment); return False, changing nothing, when its spPr already holds something."""
    element = pptx_compat.shape_element(shape)
    sp_pr, old_body = element.find(qn("p:spPr")), element.find(qn("p:txBody"))
    if sp_pr is None or len(sp_pr) or sp_pr.attrib or old_body is None:
        return False
    sp_pr.append(pptx_compat.parse_fragment(xfrm.replace("<a:xfrm>", f"<a:xfrm {_NS}>", 1)))
    old_body.getparent().replace(
        old_body, pptx_compat.parse_fragment(body.replace("<p:txBody>", f"<p:txBody {_NS}>", 1))
    )
    return True


def add_shape_xml(slide, xml: str) -> None:
    """Add the shape XML (a p:sp fragment, namespaces declared by _NS) at the end of SLIDE's shape tree."""
    pptx_compat.shape_tree(slide).append(pptx_compat.parse_fragment(xml.replace("<p:sp>", f"<p:sp {_NS}>", 1)))


def fill_group(group, children: list[str]) -> None:
    """Add CHILDREN (fragments of rect_xml and text_xml, in slide coordinates) to GROUP."""
    wrapper = pptx_compat.parse_fragment(f"<p:grpSp {_NS}>{''.join(children)}</p:grpSp>")
    group.extend(list(wrapper))


def next_shape_id(slide) -> int:
    """Return the lowest shape id above every id SLIDE's shapes have."""
    tree = pptx_compat.shape_tree(slide)
    return max((int(e.get("id")) for e in tree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()), default=1) + 1
