"""The deck's slide master: deckgen's own, made from the YAML theme, or the coalition's template.

deckgen's own master is written here as a small package of XML parts (built on
python-pptx's default package, whose master, layouts and theme it replaces): a
16:9 slide, the theme's family as the theme part's major and minor fonts, the
theme's colours as its colour scheme, placeholders on the planner's grid, one
layout per slide kind plus the ordinary ones a user adds by hand, and the footer
and slide number as master placeholders (the number a slidenum field). Its bytes
depend only on the theme and the deck's chrome, so builds stay byte-identical.

A template (.pptx or .potx) is opened as it is, its slides dropped, and each slide
kind is placed on the layout the theme's `layouts:` mapping names, or else on the
layout whose placeholder types fit the kind (see choose_layouts).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import pptx
from lxml import etree

from deckgen.files import ZIP_TIME
from deckgen.plan.layout import BODY_BOTTOM, BODY_GAP, CONTENT_WIDTH, FOOTER_TOP, MARGIN, SLIDE_HEIGHT, SLIDE_WIDTH
from deckgen.plan.specs import Box, DeckSpec, RectSpec, Role, SlideKind, TextSpec
from deckgen.theme import Colours, Sizes, TemplateError, choose_layouts, template_layouts, template_package

EMU_PER_PT = 12700
_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in _NS.items())
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_LAYOUT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
_DEFAULT_PPTX = Path(str(pptx.__file__)).parent / "templates" / "default.pptx"

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
"""The id of every slide-number field deckgen writes (fixed: identical decks are identical bytes)."""

FOOTER_IDX, NUMBER_IDX = 11, 12
"""The idx of deckgen's footer and slide-number placeholders, on the master and every layout."""


# --- which layout each slide kind gets ----------------------------------------------------------------------

KIND_OF = {SlideKind.TITLE: "title", SlideKind.OVERVIEW: "status", SlideKind.STATUS: "status",
           SlideKind.FINDINGS: "text", SlideKind.RECOMMENDATIONS: "recommendations", SlideKind.CLOSING: "closing",
           SlideKind.ANNEX: "annex"}
"""A slide's kind -> the layout kind it is placed on."""

OWN_LAYOUTS = {"title": "Title Slide", "status": "Status", "text": "Text", "recommendations": "Recommendations",
               "closing": "Closing", "annex": "Annex"}
"""The layout of each kind in deckgen's own master."""


# --- deckgen's own master ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Brand:
    """What the master is made of: the theme's family, colours and sizes, or a template."""

    family: str
    colours: Colours
    sizes: Sizes
    line_spacing: float = 1.2
    template: Path | None = None
    layouts: Mapping[str, str] = field(default_factory=dict)
    """Theme's `layouts:` mapping: layout kind -> the template's layout name."""

    @classmethod
    def of(cls, theme, template: Path | None = None) -> Brand:
        """Return the brand of a ResolvedTheme THEME (built into TEMPLATE, or its own, when given)."""
        t = theme.theme
        return cls(theme.regular.family, t.colours, t.sizes, t.line_spacing,
                   template if template is not None else theme.template, dict(t.layouts or {}))


def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def _xfrm(box: Box) -> str:
    return (f'<a:xfrm><a:off x="{_emu(box.left)}" y="{_emu(box.top)}"/>'
            f'<a:ext cx="{_emu(box.width)}" cy="{_emu(box.height)}"/></a:xfrm>')


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{_hex(colour)}"/></a:solidFill>'


_BODY_PR = '<a:bodyPr vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" anchor="{anchor}">' \
           '<a:noAutofit/></a:bodyPr>'


def _placeholder(shape_id: int, name: str, ph: str, box: Box | None, *, anchor: str = "t", lst_style: str = "",
                 text: str = "") -> str:
    """Return a placeholder p:sp: PH is its p:ph element's attributes; BOX None inherits the master's."""
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(name)}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
            f'</p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr>'
            f'<p:spPr>{_xfrm(box) if box else ""}{"" if box is None else _RECT}</p:spPr>'
            f'<p:txBody>{_BODY_PR.format(anchor=anchor)}<a:lstStyle>{lst_style}</a:lstStyle>'
            f'<a:p>{text}</a:p></p:txBody></p:sp>')


_RECT = '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'


def _rect(shape_id: int, rect: RectSpec) -> str:
    """Return a decorative rectangle (a band under a layout's title)."""
    line = (f'<a:ln w="{_emu(rect.outline_width)}">{_fill(rect.outline)}</a:ln>' if rect.outline
            else '<a:ln><a:noFill/></a:ln>')
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Band {shape_id}"><a:extLst>'
            f'<a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}"><adec:decorative '
            f'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext>'
            f'</a:extLst></p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
            f'<p:spPr>{_xfrm(rect.box)}{_RECT}{_fill(rect.fill)}{line}</p:spPr></p:sp>')


def _run_props(size: float | None = None, colour: str | None = None, bold: bool | None = None,
               font: str = "+mn-lt") -> str:
    attrs = (f' sz="{int(round(size * 100))}"' if size else "") + ("" if bold is None else f' b="{int(bold)}"')
    return (f'<a:defRPr{attrs}>{_fill(colour) if colour else ""}<a:latin typeface="{font}"/>'
            f'<a:ea typeface="{font.replace("-lt", "-ea")}"/><a:cs typeface="{font.replace("-lt", "-cs")}"/>'
            f'</a:defRPr>')


def _level(n: int, size: float, colour: str | None, *, algn: str = "l", font: str = "+mn-lt", bold: bool = False,
           bullet: str | None = None, line_spacing: float = 1.2) -> str:
    indent = 0 if n == 1 else int(24 * (n - 1) * EMU_PER_PT)
    if bullet:
        mar, ind = indent + 18 * EMU_PER_PT, -18 * EMU_PER_PT
        bu = f'<a:buFont typeface="Arial"/><a:buChar char="{bullet}"/>'
    else:
        mar, ind, bu = indent, 0, "<a:buNone/>"
    spacing = f'<a:lnSpc><a:spcPct val="{int(round(line_spacing * 100000))}"/></a:lnSpc>'
    return (f'<a:lvl{n}pPr marL="{mar}" indent="{ind}" algn="{algn}" rtl="0">{spacing}'
            f'<a:spcBef><a:spcPts val="0"/></a:spcBef><a:spcAft><a:spcPts val="0"/></a:spcAft>{bu}'
            f'{_run_props(size, colour, bold, font)}</a:lvl{n}pPr>')


@dataclass(frozen=True)
class _Chrome:
    """Where the deck's title, body, footer and slide number stand, and the footer's text."""

    title: Box
    body: Box
    footer: Box
    number: Box
    footer_text: str
    title_slide: TextSpec | None
    bands: Mapping[str, tuple[RectSpec, ...]]
    """Layout kind -> the rectangles under its slides' titles (the title slide's band)."""


def under_title(rect: RectSpec, title: TextSpec) -> bool:
    """Return whether RECT lies under TITLE: a band the title stands on, or the slide's whole background.

    Such a rectangle is the layout's (or the slide background's), not a shape on the slide: the title
    is the slide's first shape, for screen readers, and would lie beneath it.
    """
    a, b = rect.box, title.box
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _is_background(rect: RectSpec, background: str) -> bool:
    return rect.box.width >= SLIDE_WIDTH and rect.box.height >= SLIDE_HEIGHT and rect.fill.upper() == background.upper()


def _chrome(deck: DeckSpec, brand: Brand) -> _Chrome:
    s = brand.sizes
    title_height = 2 * s.title.max * brand.line_spacing * 1.1
    title = Box(MARGIN, 28.0, CONTENT_WIDTH, title_height)
    body_top = title.bottom + BODY_GAP
    body = Box(MARGIN, body_top, CONTENT_WIDTH, BODY_BOTTOM - body_top)
    line = s.footer * brand.line_spacing * 1.1
    footer = Box(MARGIN, FOOTER_TOP + 8, CONTENT_WIDTH - 64, line)
    number = Box(SLIDE_WIDTH - MARGIN - 64, FOOTER_TOP + 8, 64, line)
    footer_text, title_slide = "", None
    bands: dict[str, tuple[RectSpec, ...]] = {}
    for slide in deck.slides:
        kind = KIND_OF[slide.kind]
        if slide.kind == SlideKind.TITLE and title_slide is None:
            title_slide = slide.title
        if kind not in bands:
            bands[kind] = tuple(e for e in slide.elements if isinstance(e, RectSpec)
                                and under_title(e, slide.title) and not _is_background(e, slide.background))
        for element in slide.elements:
            if isinstance(element, TextSpec) and element.role == Role.FOOTER and not footer_text:
                footer, footer_text = element.box, " ".join(p.text for p in element.paragraphs)
            elif isinstance(element, TextSpec) and element.role == Role.SLIDE_NUMBER:
                number = element.box
    return _Chrome(title, body, footer, number, footer_text, title_slide, bands)


def _theme_xml(default: bytes, brand: Brand) -> bytes:
    root = etree.fromstring(default)
    a = _NS["a"]
    root.set("name", f"deckgen {brand.family}")
    c = brand.colours
    st = c.status
    scheme = [("dk1", c.text), ("lt1", c.background), ("dk2", c.heading), ("lt2", c.track),
              ("accent1", c.accent), ("accent2", st["implemented"].fill), ("accent3", st["partially_implemented"].fill),
              ("accent4", st["not_implemented"].fill), ("accent5", st["no_data"].fill), ("accent6", c.band),
              ("hlink", c.accent), ("folHlink", c.muted)]
    clr = root.find(f".//{{{a}}}clrScheme")
    clr.set("name", "deckgen")
    for child in list(clr):
        clr.remove(child)
    for name, colour in scheme:
        etree.SubElement(etree.SubElement(clr, f"{{{a}}}{name}"), f"{{{a}}}srgbClr", val=_hex(colour))
    fonts = root.find(f".//{{{a}}}fontScheme")
    fonts.set("name", brand.family)
    for which in ("majorFont", "minorFont"):
        fonts.find(f"{{{a}}}{which}/{{{a}}}latin").set("typeface", brand.family)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _footer_placeholders(chrome: _Chrome, first_id: int, *, inherit: bool) -> str:
    footer_text = f'<a:r><a:rPr lang="en-US"/><a:t>{escape(chrome.footer_text)}</a:t></a:r>' \
        if chrome.footer_text else ""
    number = (f'<a:fld id="{SLIDENUM_FIELD_ID}" type="slidenum"><a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld>')
    return (_placeholder(first_id, "Footer Placeholder", f'type="ftr" sz="quarter" idx="{FOOTER_IDX}"',
                         None if inherit else chrome.footer, anchor="ctr", text=footer_text)
            + _placeholder(first_id + 1, "Slide Number Placeholder", f'type="sldNum" sz="quarter" idx="{NUMBER_IDX}"',
                           None if inherit else chrome.number, anchor="ctr", text=number))


def _master_xml(brand: Brand, chrome: _Chrome, layout_ids: list[int]) -> str:
    c, s, ls = brand.colours, brand.sizes, brand.line_spacing
    title_style = "".join(_level(n, s.title.max, c.heading, font="+mj-lt", bold=True, line_spacing=ls)
                          for n in range(1, 10))
    body_style = "".join(_level(n, s.body.max if n == 1 else max(s.body.min, s.body.max - 2 * (n - 1)), c.text,
                                bullet="•", line_spacing=ls) for n in range(1, 10))
    other = "".join(_level(n, s.footer, c.text, line_spacing=ls) for n in range(1, 10))
    footer_style = _level(1, s.footer, c.muted, line_spacing=ls)
    number_style = _level(1, s.footer, c.muted, algn="r", bold=True, line_spacing=ls)
    shapes = (_placeholder(2, "Title Placeholder", 'type="title"', chrome.title, anchor="b",
                           text='<a:r><a:rPr lang="en-US"/><a:t>Click to edit the title</a:t></a:r>')
              + _placeholder(3, "Text Placeholder", 'type="body" idx="1"', chrome.body,
                             text='<a:r><a:rPr lang="en-US"/><a:t>Click to edit the text</a:t></a:r>')
              + _footer_placeholders(chrome, 4, inherit=False))
    # the footer's colour and alignment live in its placeholders' list styles
    shapes = _with_lst_style(shapes, "Footer Placeholder", footer_style)
    shapes = _with_lst_style(shapes, "Slide Number Placeholder", number_style)
    ids = "".join(f'<p:sldLayoutId id="{2147483649 + i}" r:id="rId{n}"/>' for i, n in enumerate(layout_ids))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sldMaster {_XMLNS}><p:cSld>'
            f'<p:bg><p:bgPr>{_fill(c.background)}<a:effectLst/></p:bgPr></p:bg><p:spTree>{_GROUP}{shapes}</p:spTree>'
            f'</p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
            f'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
            f'folHlink="folHlink"/><p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst><p:hf hdr="0" dt="0"/>'
            f'<p:txStyles><p:titleStyle>{title_style}</p:titleStyle><p:bodyStyle>{body_style}</p:bodyStyle>'
            f'<p:otherStyle>{other}</p:otherStyle></p:txStyles></p:sldMaster>')


def _with_lst_style(shapes: str, name: str, style: str) -> str:
    head, _, tail = shapes.partition(f'name="{name}"')
    return head + f'name="{name}"' + tail.replace("<a:lstStyle></a:lstStyle>", f"<a:lstStyle>{style}</a:lstStyle>", 1)


_GROUP = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
          '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm>'
          '</p:grpSpPr>')


def _layouts(brand: Brand, chrome: _Chrome) -> list[tuple[str, str, str, str]]:
    """Return (name, type, spTree shapes + background) of each layout of deckgen's own master."""
    c, s = brand.colours, brand.sizes
    half = (CONTENT_WIDTH - 40) / 2
    body = chrome.body
    left = Box(body.left, body.top, half, body.height)
    right = Box(body.left + half + 40, body.top, half, body.height)
    title = _placeholder(2, "Title", 'type="title"', None)
    footer = _footer_placeholders(chrome, 10, inherit=True)
    band_title = chrome.title_slide.box if chrome.title_slide else Box(64, 120, SLIDE_WIDTH - 128, 150)
    on_band = bool(chrome.bands.get("title"))
    title_colour = c.band_text if on_band else c.heading
    ctr = _placeholder(2, "Title", 'type="ctrTitle"', band_title, anchor="b",
                       lst_style=_level(1, s.deck_title.max, title_colour, font="+mj-lt", bold=True,
                                        line_spacing=brand.line_spacing))
    sub = _placeholder(3, "Subtitle", 'type="subTitle" idx="1"',
                       Box(band_title.left, band_title.bottom + 22, band_title.width, s.subtitle * 2.5),
                       lst_style=_level(1, s.subtitle, c.band_muted if on_band else c.muted,
                                        line_spacing=brand.line_spacing))
    closing_title = _placeholder(2, "Title", 'type="title"', Box(MARGIN, 160, CONTENT_WIDTH, 140), anchor="b",
                                 lst_style=_level(1, s.closing.max, c.band_text, algn="ctr", font="+mj-lt",
                                                  bold=True, line_spacing=brand.line_spacing))

    def bands(kind: str, first_id: int) -> str:
        return "".join(_rect(first_id + i, r) for i, r in enumerate(chrome.bands.get(kind, ())))

    # Placed explicitly: PowerPoint matches a layout's placeholder to the master's by type, and the master
    # has no content or table placeholder.
    content = _placeholder(3, "Content", 'idx="1"', body)
    text = _placeholder(3, "Text", 'type="body" idx="1"', body)
    return [
        ("Title Slide", "title", bands("title", 20) + ctr + sub, ""),
        ("Status", "twoObj", bands("status", 20) + title + _placeholder(3, "Text", 'type="body" idx="1"', left)
         + _placeholder(4, "Chart", 'type="chart" idx="2"', right) + footer, ""),
        ("Text", "tx", bands("text", 20) + title + text + footer, ""),
        ("Recommendations", "tx", bands("recommendations", 20) + title + text + footer, ""),
        ("Closing", "titleOnly", bands("closing", 20) + closing_title + footer, c.band),
        ("Annex", "tbl", bands("annex", 20) + title + _placeholder(3, "Table", 'type="tbl" idx="1"', body) + footer,
         ""),
        ("Title and Content", "obj", title + content + footer, ""),
        ("Section Header", "secHead", title + text + footer, ""),
        ("Title Only", "titleOnly", title + footer, ""),
        ("Blank", "blank", footer, ""),
    ]


def _layout_xml(name: str, kind: str, shapes: str, background: str) -> str:
    bg = f"<p:bg><p:bgPr>{_fill(background)}<a:effectLst/></p:bgPr></p:bg>" if background else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:sldLayout {_XMLNS} type="{kind}" '
            f'preserve="1"><p:cSld name="{escape(name)}">{bg}<p:spTree>{_GROUP}{shapes}</p:spTree></p:cSld>'
            f'<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')


def own_master_package(deck: DeckSpec, brand: Brand) -> bytes:
    """Return a .pptx holding no slides and deckgen's own master and layouts for DECK in BRAND."""
    chrome = _chrome(deck, brand)
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(_DEFAULT_PPTX) as default:
        for name in default.namelist():
            if name.startswith(("ppt/slideLayouts/", "ppt/slideMasters/", "docProps/thumbnail",
                                "ppt/printerSettings")):
                continue
            parts[name] = default.read(name)
    layouts = _layouts(brand, chrome)
    for i, (name, kind, shapes, background) in enumerate(layouts, 1):
        parts[f"ppt/slideLayouts/slideLayout{i}.xml"] = _layout_xml(name, kind, shapes, background).encode()
        parts[f"ppt/slideLayouts/_rels/slideLayout{i}.xml.rels"] = _rels(
            [("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])
    parts["ppt/slideMasters/slideMaster1.xml"] = _master_xml(brand, chrome, list(range(1, len(layouts) + 1))).encode()
    parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = _rels(
        [(f"rId{i}", "slideLayout", f"../slideLayouts/slideLayout{i}.xml") for i in range(1, len(layouts) + 1)]
        + [(f"rId{len(layouts) + 1}", "theme", "../theme/theme1.xml")])
    parts["ppt/theme/theme1.xml"] = _theme_xml(parts["ppt/theme/theme1.xml"], brand)
    parts["ppt/presentation.xml"] = re.sub(
        # the deck's own size: the slides' 16:9, or a handout's A4 page (its master is only ever printed)
        rb'<p:sldSz [^>]*/>', f'<p:sldSz cx="{_emu(deck.width)}" cy="{_emu(deck.height)}"/>'.encode(),
        parts["ppt/presentation.xml"])
    parts["ppt/_rels/presentation.xml.rels"] = re.sub(
        rb'<Relationship Id="rId2" [^>]*printerSettings[^>]*/>', b"", parts["ppt/_rels/presentation.xml.rels"])
    parts["_rels/.rels"] = re.sub(rb'<Relationship [^>]*thumbnail[^>]*/>', b"", parts["_rels/.rels"])
    types = parts["[Content_Types].xml"].decode()
    types = re.sub(r'<Override PartName="/ppt/slideLayouts/[^>]*/>', "", types)
    types = types.replace("</Types>", "".join(
        f'<Override PartName="/ppt/slideLayouts/slideLayout{i}.xml" ContentType="{_LAYOUT_TYPE}"/>'
        for i in range(1, len(layouts) + 1)) + "</Types>")
    parts["[Content_Types].xml"] = types.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(parts):
            package.writestr(zipfile.ZipInfo(name, ZIP_TIME), parts[name])
    return out.getvalue()


def _rels(rels: Iterable[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{rid}" Type="{_REL}/{kind}" Target="{target}"/>' for rid, kind, target in rels)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>').encode()


# --- opening a master -----------------------------------------------------------------------------------------

def presentation(deck: DeckSpec, brand: Brand):
    """Return (a Presentation with no slides, layout kind -> python-pptx layout) for DECK in BRAND.

    Raise TemplateError when BRAND's template cannot be built into.
    """
    from pptx import Presentation

    if brand.template is None:
        prs = Presentation(io.BytesIO(own_master_package(deck, brand)))
        by_name = {layout.name: layout for layout in prs.slide_layouts}
        return prs, {kind: by_name[name] for kind, name in OWN_LAYOUTS.items()}
    prs = open_template(brand.template)
    layouts = [layout for m in prs.slide_masters for layout in m.slide_layouts]
    infos = template_layouts(template_package(brand.template))
    chosen, problems = choose_layouts(infos, brand.layouts)
    if problems or len(infos) != len(layouts):
        raise TemplateError(f"template {brand.template.name}: " + ("; ".join(problems) or "its layouts are damaged"))
    return prs, {kind: layouts[infos.index(info)] for kind, info in chosen.items()}


def open_template(path: Path):
    """Return the template at PATH as a Presentation with no slides; raise TemplateError when it cannot be."""
    from pptx import Presentation

    package = template_package(path)
    try:
        prs = Presentation(io.BytesIO(package))
        list(prs.slide_masters[0].slide_layouts)
    except Exception as error:  # python-pptx fails in many ways on a broken package
        raise TemplateError(f"template {path.name} is damaged: {error}") from None
    if not any(True for m in prs.slide_masters for _ in m.slide_layouts):
        raise TemplateError(f"template {path.name} has no slide layouts")
    return prs
