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

import contextlib
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.exc import InvalidXmlError

from deckgen.package import (
    NS,
    TYPES_NS,
    TemplateError,
    TemplatePackage,
    choose_layouts,
    relationships_xml,
    template_layouts,
    template_package,
    write_package,
    xml_bytes,
)
from deckgen.plan.master import KIND_OF, plan_master, under_title
from deckgen.plan.specs import Box, DeckSpec, MasterSpec, RectSpec
from deckgen.render import pptx_compat
from deckgen.theme import Colours, Sizes

__all__ = [
    "KIND_OF",
    "OWN_LAYOUTS",
    "Brand",
    "own_master_package",
    "presentation",
    "open_template",
    "template_layout_used",
    "under_title",
]

EMU_PER_PT = 12700
_LAYOUT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
"""The id of every slide-number field deckgen writes (fixed: identical decks are identical bytes)."""

FOOTER_IDX, NUMBER_IDX = 11, 12
"""The idx of deckgen's footer and slide-number placeholders, on the master and every layout."""

OWN_LAYOUTS = {
    "title": "Title Slide",
    "status": "Status",
    "text": "Text",
    "recommendations": "Recommendations",
    "closing": "Closing",
    "annex": "Annex",
}
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
        return cls(
            theme.regular.family,
            t.colours,
            t.sizes,
            t.line_spacing,
            template if template is not None else theme.template,
            dict(t.layouts or {}),
        )


def _q(name: str) -> str:
    """Return the Clark name of a prefixed NAME ("a:xfrm")."""
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def _el(name: str, attributes: Iterable[tuple[str, object]] = (), *children) -> etree._Element:
    """Return the element NAME with ATTRIBUTES (in order; "r:id" is namespaced) and CHILDREN (None skipped)."""
    element = etree.Element(_q(name))
    for key, value in attributes:
        element.set(_q(key) if ":" in key else key, str(value))
    element.extend(child for child in children if child is not None)
    return element


def _root(name: str, attributes: Iterable[tuple[str, object]] = ()) -> etree._Element:
    """Return a part's root element NAME, declaring the a, p and r namespaces."""
    root = etree.Element(_q(name), nsmap=dict(NS))
    for key, value in attributes:
        root.set(key, str(value))
    return root


def _emu(points: float) -> int:
    return int(round(points * EMU_PER_PT))


def _xfrm(box: Box) -> etree._Element:
    return _el(
        "a:xfrm",
        (),
        _el("a:off", [("x", _emu(box.left)), ("y", _emu(box.top))]),
        _el("a:ext", [("cx", _emu(box.width)), ("cy", _emu(box.height))]),
    )


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _fill(colour: str) -> etree._Element:
    return _el("a:solidFill", (), _el("a:srgbClr", [("val", _hex(colour))]))


def _rect_geometry() -> etree._Element:
    return _el("a:prstGeom", [("prst", "rect")], _el("a:avLst"))


def _body_pr(anchor: str) -> etree._Element:
    return _el(
        "a:bodyPr",
        [
            ("vert", "horz"),
            ("wrap", "square"),
            ("lIns", 0),
            ("tIns", 0),
            ("rIns", 0),
            ("bIns", 0),
            ("rtlCol", 0),
            ("anchor", anchor),
        ],
        _el("a:noAutofit"),
    )


def _placeholder(
    shape_id: int,
    name: str,
    ph: Iterable[tuple[str, object]],
    box: Box | None,
    *,
    anchor: str = "t",
    lst_style: Sequence[etree._Element] = (),
    text: Sequence[etree._Element] = (),
) -> etree._Element:
    """Return a placeholder p:sp: PH is its p:ph element's attributes; BOX None inherits the master's."""
    nv = _el(
        "p:nvSpPr",
        (),
        _el("p:cNvPr", [("id", shape_id), ("name", name)]),
        _el("p:cNvSpPr", (), _el("a:spLocks", [("noGrp", 1)])),
        _el("p:nvPr", (), _el("p:ph", ph)),
    )
    geometry = _el("p:spPr", (), *((_xfrm(box), _rect_geometry()) if box is not None else ()))
    body = _el("p:txBody", (), _body_pr(anchor), _el("a:lstStyle", (), *lst_style), _el("a:p", (), *text))
    return _el("p:sp", (), nv, geometry, body)


def _rect(shape_id: int, rect: RectSpec) -> etree._Element:
    """Return a decorative rectangle (a band under a layout's title)."""
    line = (
        _el("a:ln", [("w", _emu(rect.outline_width))], _fill(rect.outline))
        if rect.outline
        else _el("a:ln", (), _el("a:noFill"))
    )
    decorative = etree.Element(f"{{{_DECORATIVE}}}decorative", nsmap={"adec": _DECORATIVE})
    decorative.set("val", "1")
    name = _el(
        "p:cNvPr",
        [("id", shape_id), ("name", f"Band {shape_id}")],
        _el("a:extLst", (), _el("a:ext", [("uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}")], decorative)),
    )
    nv = _el("p:nvSpPr", (), name, _el("p:cNvSpPr"), _el("p:nvPr", [("userDrawn", 1)]))
    return _el("p:sp", (), nv, _el("p:spPr", (), _xfrm(rect.box), _rect_geometry(), _fill(rect.fill), line))


def _run_props(
    size: float | None = None, colour: str | None = None, bold: bool | None = None, font: str = "+mn-lt"
) -> etree._Element:
    attributes: list[tuple[str, object]] = [("sz", int(round(size * 100)))] if size else []
    if bold is not None:
        attributes.append(("b", int(bold)))
    return _el(
        "a:defRPr",
        attributes,
        _fill(colour) if colour else None,
        _el("a:latin", [("typeface", font)]),
        _el("a:ea", [("typeface", font.replace("-lt", "-ea"))]),
        _el("a:cs", [("typeface", font.replace("-lt", "-cs"))]),
    )


def _level(
    n: int,
    size: float,
    colour: str | None,
    *,
    algn: str = "l",
    font: str = "+mn-lt",
    bold: bool = False,
    bullet: str | None = None,
    line_spacing: float = 1.2,
) -> etree._Element:
    indent = 0 if n == 1 else int(24 * (n - 1) * EMU_PER_PT)
    if bullet:
        mar, ind = indent + 18 * EMU_PER_PT, -18 * EMU_PER_PT
        marks = [_el("a:buFont", [("typeface", "Arial")]), _el("a:buChar", [("char", bullet)])]
    else:
        mar, ind, marks = indent, 0, [_el("a:buNone")]
    return _el(
        f"a:lvl{n}pPr",
        [("marL", mar), ("indent", ind), ("algn", algn), ("rtl", 0)],
        _el("a:lnSpc", (), _el("a:spcPct", [("val", int(round(line_spacing * 100000)))])),
        _el("a:spcBef", (), _el("a:spcPts", [("val", 0)])),
        _el("a:spcAft", (), _el("a:spcPts", [("val", 0)])),
        *marks,
        _run_props(size, colour, bold, font),
    )


def _run(text: str) -> etree._Element:
    t = _el("a:t")
    t.text = text
    return _el("a:r", (), _el("a:rPr", [("lang", "en-US")]), t)


def _theme_xml(default: bytes, brand: Brand) -> bytes:
    root = etree.fromstring(default)
    a = NS["a"]
    root.set("name", f"deckgen {brand.family}")
    c = brand.colours
    st = c.status
    scheme = [
        ("dk1", c.text),
        ("lt1", c.background),
        ("dk2", c.heading),
        ("lt2", c.track),
        ("accent1", c.accent),
        ("accent2", st["implemented"].fill),
        ("accent3", st["partially_implemented"].fill),
        ("accent4", st["not_implemented"].fill),
        ("accent5", st["no_data"].fill),
        ("accent6", c.band),
        ("hlink", c.accent),
        ("folHlink", c.muted),
    ]
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
    return xml_bytes(root)


def _footer_placeholders(
    master: MasterSpec,
    first_id: int,
    *,
    inherit: bool,
    styles: tuple[Sequence[etree._Element], Sequence[etree._Element]] = ((), ()),
) -> list[etree._Element]:
    footer_text = [_run(master.footer_text)] if master.footer_text else []
    number_text = _el("a:t")
    number_text.text = "‹#›"
    number = _el(
        "a:fld", [("id", SLIDENUM_FIELD_ID), ("type", "slidenum")], _el("a:rPr", [("lang", "en-US")]), number_text
    )
    return [
        _placeholder(
            first_id,
            "Footer Placeholder",
            [("type", "ftr"), ("sz", "quarter"), ("idx", FOOTER_IDX)],
            None if inherit else master.footer,
            anchor="ctr",
            lst_style=styles[0],
            text=footer_text,
        ),
        _placeholder(
            first_id + 1,
            "Slide Number Placeholder",
            [("type", "sldNum"), ("sz", "quarter"), ("idx", NUMBER_IDX)],
            None if inherit else master.number,
            anchor="ctr",
            lst_style=styles[1],
            text=[number],
        ),
    ]


def _group() -> list[etree._Element]:
    """Return the shape tree's own group properties, which every p:spTree starts with."""
    return [
        _el("p:nvGrpSpPr", (), _el("p:cNvPr", [("id", 1), ("name", "")]), _el("p:cNvGrpSpPr"), _el("p:nvPr")),
        _el(
            "p:grpSpPr",
            (),
            _el(
                "a:xfrm",
                (),
                _el("a:off", [("x", 0), ("y", 0)]),
                _el("a:ext", [("cx", 0), ("cy", 0)]),
                _el("a:chOff", [("x", 0), ("y", 0)]),
                _el("a:chExt", [("cx", 0), ("cy", 0)]),
            ),
        ),
    ]


def _background(colour: str) -> etree._Element:
    return _el("p:bg", (), _el("p:bgPr", (), _fill(colour), _el("a:effectLst")))


def _master_xml(brand: Brand, master: MasterSpec, layout_ids: list[int]) -> bytes:
    c, s, ls = brand.colours, brand.sizes, brand.line_spacing
    title_style = [_level(n, s.title.max, c.heading, font="+mj-lt", bold=True, line_spacing=ls) for n in range(1, 10)]
    body_style = [
        _level(
            n, s.body.max if n == 1 else max(s.body.min, s.body.max - 2 * (n - 1)), c.text, bullet="•", line_spacing=ls
        )
        for n in range(1, 10)
    ]
    other = [_level(n, s.footer, c.text, line_spacing=ls) for n in range(1, 10)]
    # the footer's colour and alignment live in its placeholders' list styles
    footer_style = [_level(1, s.footer, c.muted, line_spacing=ls)]
    number_style = [_level(1, s.footer, c.muted, algn="r", bold=True, line_spacing=ls)]
    shapes = [
        _placeholder(
            2,
            "Title Placeholder",
            [("type", "title")],
            master.title,
            anchor="b",
            text=[_run("Click to edit the title")],
        ),
        _placeholder(
            3, "Text Placeholder", [("type", "body"), ("idx", 1)], master.body, text=[_run("Click to edit the text")]
        ),
        *_footer_placeholders(master, 4, inherit=False, styles=(footer_style, number_style)),
    ]
    root = _root("p:sldMaster")
    colour_map = [
        (name, name) for name in ("accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink")
    ]
    root.extend(
        [
            _el("p:cSld", (), _background(c.background), _el("p:spTree", (), *_group(), *shapes)),
            _el("p:clrMap", [("bg1", "lt1"), ("tx1", "dk1"), ("bg2", "lt2"), ("tx2", "dk2"), *colour_map]),
            _el(
                "p:sldLayoutIdLst",
                (),
                *(
                    _el("p:sldLayoutId", [("id", 2147483649 + i), ("r:id", f"rId{n}")])
                    for i, n in enumerate(layout_ids)
                ),
            ),
            _el("p:hf", [("hdr", 0), ("dt", 0)]),
            _el(
                "p:txStyles",
                (),
                _el("p:titleStyle", (), *title_style),
                _el("p:bodyStyle", (), *body_style),
                _el("p:otherStyle", (), *other),
            ),
        ]
    )
    return xml_bytes(root)


def _layouts(brand: Brand, master: MasterSpec) -> list[tuple[str, str, list[etree._Element], str]]:
    """Return (name, type, shapes, background) of each layout of deckgen's own master."""
    c, s = brand.colours, brand.sizes
    left, right = master.columns

    def title() -> etree._Element:
        return _placeholder(2, "Title", [("type", "title")], None)

    def footer() -> list[etree._Element]:
        return _footer_placeholders(master, 10, inherit=True)

    on_band = bool(master.bands_of("title"))
    title_colour = c.band_text if on_band else c.heading
    ctr = _placeholder(
        2,
        "Title",
        [("type", "ctrTitle")],
        master.title_slide,
        anchor="b",
        lst_style=[
            _level(1, s.deck_title.max, title_colour, font="+mj-lt", bold=True, line_spacing=brand.line_spacing)
        ],
    )
    sub = _placeholder(
        3,
        "Subtitle",
        [("type", "subTitle"), ("idx", 1)],
        master.subtitle,
        lst_style=[_level(1, s.subtitle, c.band_muted if on_band else c.muted, line_spacing=brand.line_spacing)],
    )
    closing_title = _placeholder(
        2,
        "Title",
        [("type", "title")],
        master.closing_title,
        anchor="b",
        lst_style=[
            _level(1, s.closing.max, c.band_text, algn="ctr", font="+mj-lt", bold=True, line_spacing=brand.line_spacing)
        ],
    )

    def bands(kind: str) -> list[etree._Element]:
        return [_rect(20 + i, r) for i, r in enumerate(master.bands_of(kind))]

    def text() -> etree._Element:
        return _placeholder(3, "Text", [("type", "body"), ("idx", 1)], master.body)

    # Placed explicitly: PowerPoint matches a layout's placeholder to the master's by type, and the master
    # has no content or table placeholder.
    content = _placeholder(3, "Content", [("idx", 1)], master.body)
    return [
        ("Title Slide", "title", [*bands("title"), ctr, sub], ""),
        (
            "Status",
            "twoObj",
            [
                *bands("status"),
                title(),
                _placeholder(3, "Text", [("type", "body"), ("idx", 1)], left),
                _placeholder(4, "Chart", [("type", "chart"), ("idx", 2)], right),
                *footer(),
            ],
            "",
        ),
        ("Text", "tx", [*bands("text"), title(), text(), *footer()], ""),
        ("Recommendations", "tx", [*bands("recommendations"), title(), text(), *footer()], ""),
        ("Closing", "titleOnly", [*bands("closing"), closing_title, *footer()], c.band),
        (
            "Annex",
            "tbl",
            [*bands("annex"), title(), _placeholder(3, "Table", [("type", "tbl"), ("idx", 1)], master.body), *footer()],
            "",
        ),
        ("Title and Content", "obj", [title(), content, *footer()], ""),
        ("Section Header", "secHead", [title(), text(), *footer()], ""),
        ("Title Only", "titleOnly", [title(), *footer()], ""),
        ("Blank", "blank", footer(), ""),
    ]


def _layout_xml(name: str, kind: str, shapes: list[etree._Element], background: str) -> bytes:
    root = _root("p:sldLayout", [("type", kind), ("preserve", 1)])
    root.extend(
        [
            _el(
                "p:cSld",
                [("name", name)],
                _background(background) if background else None,
                _el("p:spTree", (), *_group(), *shapes),
            ),
            _el("p:clrMapOvr", (), _el("a:masterClrMapping")),
        ]
    )
    return xml_bytes(root)


def own_master_package(deck: DeckSpec, brand: Brand) -> bytes:
    """Return a .pptx holding no slides and deckgen's own master and layouts for DECK in BRAND.

    It is python-pptx's default package with its master, layouts and theme replaced, its printer settings
    and thumbnail left out, and the deck's slide size.
    """
    master = deck.master or plan_master(deck.slides, brand.sizes, brand.line_spacing)
    parts = {
        name: data
        for name, data in pptx_compat.default_package_parts().items()
        if not name.startswith(("ppt/slideLayouts/", "ppt/slideMasters/", "docProps/thumbnail", "ppt/printerSettings"))
    }
    layouts = _layouts(brand, master)
    for i, (name, kind, shapes, background) in enumerate(layouts, 1):
        parts[f"ppt/slideLayouts/slideLayout{i}.xml"] = _layout_xml(name, kind, shapes, background)
        parts[f"ppt/slideLayouts/_rels/slideLayout{i}.xml.rels"] = relationships_xml(
            [("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]
        )
    parts["ppt/slideMasters/slideMaster1.xml"] = _master_xml(brand, master, list(range(1, len(layouts) + 1)))
    parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"] = relationships_xml(
        [(f"rId{i}", "slideLayout", f"../slideLayouts/slideLayout{i}.xml") for i in range(1, len(layouts) + 1)]
        + [(f"rId{len(layouts) + 1}", "theme", "../theme/theme1.xml")]
    )
    parts["ppt/theme/theme1.xml"] = _theme_xml(parts["ppt/theme/theme1.xml"], brand)
    # the deck's own size: the slides' 16:9, or a handout's A4 page (its master is only ever printed)
    presentation = etree.fromstring(parts["ppt/presentation.xml"])
    size = presentation.find(_q("p:sldSz"))
    for key in list(size.attrib):
        del size.attrib[key]
    size.set("cx", str(_emu(deck.width)))
    size.set("cy", str(_emu(deck.height)))
    parts["ppt/presentation.xml"] = xml_bytes(presentation)
    parts["ppt/_rels/presentation.xml.rels"] = _without_relationships(
        parts["ppt/_rels/presentation.xml.rels"], "printerSettings"
    )
    parts["_rels/.rels"] = _without_relationships(parts["_rels/.rels"], "thumbnail")
    parts["[Content_Types].xml"] = _with_layout_types(parts["[Content_Types].xml"], len(layouts))
    return write_package(parts)


def _without_relationships(rels: bytes, kind: str) -> bytes:
    """Return the relationships part RELS without those of type KIND."""
    root = etree.fromstring(rels)
    for rel in list(root):
        if rel.get("Type", "").endswith("/" + kind):
            root.remove(rel)
    return xml_bytes(root)


def _with_layout_types(types: bytes, layouts: int) -> bytes:
    """Return the content types TYPES with an override for each of LAYOUTS layouts (and for no other layout)."""
    root = etree.fromstring(types)
    t = f"{{{TYPES_NS}}}"
    for override in list(root.iter(f"{t}Override")):
        if override.get("PartName", "").startswith("/ppt/slideLayouts/"):
            root.remove(override)
    for i in range(1, layouts + 1):
        etree.SubElement(
            root, f"{t}Override", PartName=f"/ppt/slideLayouts/slideLayout{i}.xml", ContentType=_LAYOUT_TYPE
        )
    return xml_bytes(root)


# --- opening a master -----------------------------------------------------------------------------------------


def presentation(deck: DeckSpec, brand: Brand):
    """Return (a Presentation with no slides, layout kind -> python-pptx layout) for DECK in BRAND.

    Raise TemplateError when BRAND's template cannot be built into.
    """
    if brand.template is None:
        prs = Presentation(io.BytesIO(own_master_package(deck, brand)))
        by_name = {layout.name: layout for layout in prs.slide_layouts}
        return prs, {kind: by_name[name] for kind, name in OWN_LAYOUTS.items()}
    package = template_package(brand.template)
    prs = open_template(brand.template, package)
    layouts = [layout for m in prs.slide_masters for layout in m.slide_layouts]
    infos = template_layouts(package)
    chosen, problems = choose_layouts(infos, brand.layouts)
    if problems:
        raise TemplateError(f"template {brand.template.name}: " + "; ".join(problems))
    return prs, {kind: layouts[infos.index(info)] for kind, info in chosen.items()}


@contextlib.contextmanager
def template_layout_used(template: Path, layout: str) -> Iterator[None]:
    """Turn python-pptx's failure on a damaged layout of TEMPLATE, while LAYOUT is used, into a TemplateError."""
    try:
        yield
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, InvalidXmlError) as error:
        reason = str(error).splitlines()[0][:100] if str(error) else type(error).__name__
        raise TemplateError(
            f"template {template.name} is damaged: its layout '{layout}' cannot be used ({reason})"
        ) from None


def open_template(path: Path, package: TemplatePackage | None = None):
    """Return the template at PATH (read as PACKAGE) as a Presentation with no slides; raise TemplateError when it
    cannot be."""
    package = package or template_package(path)
    try:
        prs = Presentation(io.BytesIO(package.to_bytes()))
        list(prs.slide_masters[0].slide_layouts)
    except Exception as error:  # python-pptx fails in many ways on a broken package
        raise TemplateError(f"template {path.name} is damaged: {error}") from None
    layouts = [layout for m in prs.slide_masters for layout in m.slide_layouts]
    if not layouts:
        raise TemplateError(f"template {path.name} has no slide layouts")
    if len(layouts) != len(template_layouts(package)):
        raise TemplateError(f"template {path.name} is damaged: its layouts cannot all be read")
    return prs
