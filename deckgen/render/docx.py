"""Word documents: the stakeholder submission and OHCHR's matrix (specs from deckgen.plan) written with python-docx.

python-docx writes paragraphs, runs, styles, tables and sections. It has no
API for what a UN submission needs beyond that: endnotes (the endnotes part),
paragraph numbering of our own (a list in the numbering part), a repeated
table header row, cell shading, language tags and page-number fields. Those
are built with lxml here and only here, on the names python-docx keeps on its
objects (`paragraph._p`, `run._r`, `docx_compat.section_properties(section)`, `row._tr`, `cell._tc`)
and its package classes (Part, PackURI). python-docx is pinned in
pyproject.toml for that reason, and tests/test_submission.py checks that the
names exist (test_python_docx_names_deckgen_uses_exist).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from deckgen.files import FIXED_TIME
from deckgen.plan.matrix import MatrixSpec
from deckgen.plan.submission import BlockKind, SubmissionSpec
from deckgen.render import docx_compat
from deckgen.render.write import deterministic_bytes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ENDNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
ENDNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"

NUMBERED_STYLE = "Numbered Paragraph"
"""The body's paragraph style: its numbering is in the style, so a paragraph typed in Word is numbered too."""
BULLET_STYLE = "Bullet Item"
BODY_SIZE, SMALL_SIZE = 11.0, 9.0
ROW_KEPT_WHOLE = 1500
"""A matrix row with less text than this (in characters) moves whole to the next page rather than split;
a longer one may be taller than a page, so it splits."""
NUMBER_INDENT = 567
"""The numbered paragraphs' text indent and the number's hanging space: 1 cm, in twentieths of a point."""


class DocxTemplateError(Exception):
    """The theme's submission_template cannot be opened as a Word document."""


def _w(tag: str) -> str:

    return qn(f"w:{tag}")


def _element(tag: str, **attrs: str):

    return OxmlElement(f"w:{tag}", {_w(k): v for k, v in attrs.items()})


def _new_document(template: Path | None):
    """Return a document with the styles of TEMPLATE (its body emptied), or python-docx's plain one."""

    if template is None:
        return docx.Document()
    try:
        document = docx.Document(str(template))
    except Exception as error:  # noqa: BLE001  a damaged file fails in many ways (zip, XML, content types)
        raise DocxTemplateError(f"not a Word document (.docx) deckgen can read: {error}") from None
    body = document.element.body
    for child in list(body):
        if child.tag != _w("sectPr"):
            body.remove(child)
    # the template's own endnotes went with its text (and a new endnotes part may take their name)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == ENDNOTES_REL:
            document.part.drop_rel(rid)
    return document


def _style(document, name: str, kind: str = "paragraph", base: str | None = "Normal"):
    """Return style NAME of DOCUMENT, added (based on BASE) when the template lacks it."""

    styles = document.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH if kind == "paragraph" else WD_STYLE_TYPE.CHARACTER)
        if base is not None and kind == "paragraph":
            try:
                style.base_style = styles[base]
            except KeyError:
                pass
        return style


def _fonts(style, family: str) -> None:
    """Set STYLE's font to FAMILY for every script (Latin, Cyrillic, complex and East Asian)."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = _element("rFonts")
        rpr.insert(0, fonts)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(_w(attr), family)
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(_w(attr), None)


def _language(document, tag: str) -> None:
    """Tag all the document's text with language TAG (spell-checking, screen readers, hyphenation)."""
    styles = document.styles.element
    defaults = styles.find(_w("docDefaults"))
    if defaults is None:
        defaults = _element("docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(_w("rPrDefault"))
    if rpr_default is None:
        rpr_default = _element("rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_w("rPr"))
    if rpr is None:
        rpr = _element("rPr")
        rpr_default.append(rpr)
    lang = rpr.find(_w("lang"))
    if lang is None:
        lang = _element("lang")
        rpr.append(lang)
    lang.set(_w("val"), tag)
    lang.set(_w("bidi"), tag)
    document.core_properties.language = tag


def _house_style(document, family: str, heading_colour: str | None, own_template: bool) -> None:
    """Give a plain document the theme's font and heading colour; a template's own styles stay as they are."""

    if own_template:
        return
    sizes = {"Normal": BODY_SIZE, "Title": 20.0, "Subtitle": 13.0, "Heading 1": 15.0, "Heading 2": 12.5}
    for name, size in sizes.items():
        style = _style(document, name)
        _fonts(style, family)
        style.font.size = Pt(size)
        if name != "Normal":
            style.font.italic = False
            if heading_colour:
                style.font.color.rgb = RGBColor.from_string(heading_colour.lstrip("#").upper())
    subtitle = document.styles["Subtitle"].element.get_or_add_rPr()
    for spaced in subtitle.findall(_w("spacing")):  # python-docx's template letter-spaces the subtitle
        subtitle.remove(spaced)
    title = document.styles["Title"].element.get_or_add_pPr()
    border = title.find(_w("pBdr"))
    if border is not None:  # python-docx's template underlines the title with a blue rule
        title.remove(border)
    for name in ("Heading 1", "Heading 2"):
        document.styles[name].paragraph_format.space_before = Pt(18 if name == "Heading 1" else 12)
        document.styles[name].paragraph_format.space_after = Pt(6)
        document.styles[name].paragraph_format.keep_with_next = True
    normal = document.styles["Normal"].paragraph_format
    normal.space_after = Pt(6)
    normal.line_spacing = 1.15


def _a4(section, landscape: bool = False) -> None:

    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    margin = Cm(2.0) if landscape else Cm(2.5)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin


def _page_numbers(section) -> None:
    """Put the page number in the middle of SECTION's footer (OHCHR asks for numbered pages)."""

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = _element("fldSimple", instr=" PAGE ")
    run = _element("r")
    text = _element("t")
    text.text = "1"
    run.append(text)
    field.append(run)
    docx_compat.paragraph_element(paragraph).append(field)


def _add_list(document, fmt: str, text: str, left: int, hanging: int, style_id: str) -> int:
    """Add a one-level list to the numbering part (FMT decimal or bullet); return its w:numId."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(_w("abstractNumId"))) for a in numbering.findall(_w("abstractNum"))]
    num_ids = [int(n.get(_w("numId"))) for n in numbering.findall(_w("num"))]
    abstract_id, num_id = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
    abstract = _element("abstractNum", abstractNumId=str(abstract_id))
    abstract.append(_element("multiLevelType", val="singleLevel"))
    level = _element("lvl", ilvl="0")
    for tag, value in (("start", "1"), ("numFmt", fmt), ("pStyle", style_id), ("lvlText", text), ("lvlJc", "left")):
        level.append(_element(tag, val=value))
    ppr = _element("pPr")
    ppr.append(_element("ind", left=str(left), hanging=str(hanging)))
    level.append(ppr)
    abstract.append(level)
    first_num = numbering.find(_w("num"))
    if first_num is not None:  # the schema wants every abstractNum before the nums
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = _element("num", numId=str(num_id))
    num.append(_element("abstractNumId", val=str(abstract_id)))
    numbering.append(num)
    return num_id


def _list_style(document, name: str, fmt: str, text: str, left: int, hanging: int):
    """Return paragraph style NAME, numbered by a list of its own (so a paragraph typed in Word continues it)."""
    style = _style(document, name)
    num_id = _add_list(document, fmt, text, left, hanging, style.style_id)
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(_w("numPr")) + ppr.findall(_w("ind")):  # a template made from deckgen's output has them
        ppr.remove(old)
    num_pr = _element("numPr")
    num_pr.append(_element("numId", val=str(num_id)))
    _insert_in_order(ppr, num_pr, _PPR_AFTER_NUMPR)
    _insert_in_order(ppr, _element("ind", left=str(left), hanging=str(hanging)), _PPR_AFTER_IND)
    return style


_PPR_AFTER_NUMPR = (
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)
_PPR_AFTER_IND = _PPR_AFTER_NUMPR[_PPR_AFTER_NUMPR.index("ind") + 1 :]
_TBLPR_AFTER_BORDERS = ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange")
"""The children of w:pPr and w:tblPr that the schema puts after the one inserted: Word refuses them out of order."""


def _insert_in_order(parent, child, later: tuple[str, ...]) -> None:
    """Insert CHILD into PARENT before its first child named in LATER (else at the end)."""
    tags = {_w(tag) for tag in later}
    following = next((c for c in parent if c.tag in tags), None)
    if following is not None:
        following.addprevious(child)
    else:
        parent.append(child)


def _endnote_styles(document) -> None:
    """Add Word's built-in endnote styles when the template lacks them: small text, superscript marks."""
    styles = document.styles.element
    have = {s.get(_w("styleId")) for s in styles.findall(_w("style"))}
    if "EndnoteText" not in have:
        styles.append(
            _xml(
                f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="EndnoteText">'
                '<w:name w:val="endnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
                '<w:pPr><w:spacing w:after="60" w:line="240" w:lineRule="auto"/></w:pPr>'
                f'<w:rPr><w:sz w:val="{int(SMALL_SIZE * 2)}"/></w:rPr></w:style>'
            )
        )
    if "EndnoteReference" not in have:
        styles.append(
            _xml(
                f'<w:style xmlns:w="{W_NS}" w:type="character" w:styleId="EndnoteReference">'
                '<w:name w:val="endnote reference"/><w:uiPriority w:val="99"/>'
                '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
            )
        )


def _xml(text: str):

    return parse_xml(text)


def _endnotes_part(document, notes: tuple[str, ...]) -> None:
    """Add the endnotes part holding NOTES (endnote N is NOTES[N - 1]), numbered 1, 2, 3 in the document's settings.

    Word and LibreOffice both want the separator and continuation separator (ids -1 and 0) before the notes.
    """

    body = []
    for number, note in enumerate(notes, 1):
        body.append(
            f'<w:endnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="EndnoteText"/></w:pPr>'
            '<w:r><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr><w:endnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(note)}</w:t></w:r></w:p></w:endnote>'
        )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:endnotes xmlns:w="{W_NS}">'
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:endnote>'
        '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>'
        + "".join(body)
        + "</w:endnotes>"
    )
    part = Part(PackURI("/word/endnotes.xml"), ENDNOTES_TYPE, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, ENDNOTES_REL)
    # Endnotes numbered 1, 2, 3 (Word's default for endnotes is i, ii, iii), after footnotePr and before compat.
    settings = document.settings.element
    for old in settings.findall(_w("endnotePr")):  # a template's own settings give way
        settings.remove(old)
    endnote_pr = _element("endnotePr")
    endnote_pr.append(_element("numFmt", val="decimal"))
    later = next((child for child in settings if child.tag in {_w(t) for t in _SETTINGS_AFTER_ENDNOTEPR}), None)
    if later is not None:
        later.addprevious(endnote_pr)
    else:
        settings.append(endnote_pr)
    for section in document.sections:
        sect_pr = docx_compat.section_properties(section)
        for old in sect_pr.findall(_w("endnotePr")):
            sect_pr.remove(old)
        section_pr = _element("endnotePr")
        section_pr.append(_element("numFmt", val="decimal"))
        first = next(
            (c for c in sect_pr if c.tag not in {_w("headerReference"), _w("footerReference"), _w("footnotePr")}), None
        )
        if first is not None:
            first.addprevious(section_pr)
        else:
            sect_pr.append(section_pr)


_SETTINGS_AFTER_ENDNOTEPR = (
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)
"""settings.xml's children that come after w:endnotePr in the schema's order."""


def _endnote_reference(paragraph, number: int) -> None:
    run = _element("r")
    rpr = _element("rPr")
    rpr.append(_element("rStyle", val="EndnoteReference"))
    run.append(rpr)
    run.append(_element("endnoteReference", id=str(number)))
    docx_compat.paragraph_element(paragraph).append(run)


def _properties(document, title: str, author: str, language: str, keywords: str = "") -> None:
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.keywords, props.comments, props.subject = keywords, "", title
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    props.language = language


def render_submission(
    spec: SubmissionSpec, font: str, heading_colour: str | None, template: Path | None = None
) -> bytes:
    """Return SPEC as .docx bytes that depend only on it: in TEMPLATE's styles, else plain ones in FONT."""

    document = _new_document(template)
    _house_style(document, font, heading_colour, template is not None)
    _language(document, spec.language_tag)
    numbered = _list_style(document, NUMBERED_STYLE, "decimal", "%1.", NUMBER_INDENT, NUMBER_INDENT)
    bullet = _list_style(document, BULLET_STYLE, "bullet", "•", NUMBER_INDENT + 397, 283)
    _endnote_styles(document)
    if template is None:
        _a4(document.sections[0])
    _page_numbers(document.sections[0])
    styles = {
        BlockKind.document_title: "Title",
        BlockKind.subtitle: "Subtitle",
        BlockKind.heading1: "Heading 1",
        BlockKind.heading2: "Heading 2",
        BlockKind.label: "Normal",
        BlockKind.cover: "Normal",
        BlockKind.keywords: "Normal",
    }
    for block in spec.blocks:
        if block.kind is BlockKind.numbered:
            style = numbered
        elif block.kind is BlockKind.bullet:
            style = bullet
        else:
            style = _style(document, styles[block.kind])
        paragraph = document.add_paragraph(style=style)
        for run in block.runs:
            added = paragraph.add_run(run.text)
            added.bold = run.bold or block.kind is BlockKind.label or None
            added.italic = run.italic or block.kind is BlockKind.keywords or None
        if block.kind in (BlockKind.document_title, BlockKind.subtitle):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if block.kind is BlockKind.label:
            paragraph.paragraph_format.space_before = _pt(10)
            paragraph.paragraph_format.space_after = _pt(2)
            paragraph.paragraph_format.keep_with_next = True
        if block.kind is BlockKind.cover:
            paragraph.paragraph_format.space_after = _pt(2)
        for i, note in enumerate(block.endnotes):
            if i:  # marks in a row read "2,3", not "23"
                comma = paragraph.add_run(",")
                comma.font.superscript = True
            _endnote_reference(paragraph, note)
    if spec.endnotes:
        _endnotes_part(document, spec.endnotes)
    _properties(document, spec.title, spec.author, spec.language_tag, ", ".join(spec.keywords))
    return deterministic_bytes(document)


def _pt(points: float):

    return Pt(points)


def _shade(cell, colour: str) -> None:
    tcpr = docx_compat.cell_element(cell).get_or_add_tcPr()
    tcpr.append(_element("shd", val="clear", color="auto", fill=colour.lstrip("#").upper()))


def _borders(table, colour: str = "808080") -> None:
    """Give TABLE thin borders round every cell (a template's table styles may have none)."""
    tblpr = docx_compat.table_element(table).tblPr
    borders = _element("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(side, val="single", sz="4", space="0", color=colour))
    _insert_in_order(tblpr, borders, _TBLPR_AFTER_BORDERS)


def _cell_text(cell, text: str, bold: bool = False, size: float = 9.5) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.size = _pt(size)
    paragraph.paragraph_format.space_after = _pt(0)


def render_matrix(
    spec: MatrixSpec, font: str, heading_colour: str | None, band: str | None, template: Path | None = None
) -> bytes:
    """Return SPEC as .docx bytes: a landscape table whose header row repeats on every page, a band per issue."""

    document = _new_document(template)
    _house_style(document, font, heading_colour, template is not None)
    _language(document, spec.language_tag)
    section = document.sections[0]
    _a4(section, landscape=True)
    _page_numbers(section)
    document.add_paragraph(spec.title, style=_style(document, "Title"))
    document.add_paragraph(spec.prepared_by, style=_style(document, "Subtitle"))
    widths = [Cm(2.0), Cm(9.2), Cm(4.6), Cm(3.2), Cm(6.7)]
    table = document.add_table(rows=1, cols=5)
    table.autofit = False
    _borders(table)
    header = table.rows[0]
    docx_compat.row_element(header).get_or_add_trPr().append(_element("tblHeader"))  # repeated at the top of every page
    header_fill = (heading_colour or "#1F3864").lstrip("#")
    for cell, text in zip(header.cells, spec.headers):
        _cell_text(cell, text, bold=True)
        _shade(cell, header_fill)
        cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    for group in spec.groups:
        row = table.add_row()
        docx_compat.row_element(row).get_or_add_trPr().append(_element("cantSplit"))
        merged = row.cells[0].merge(row.cells[4])
        _cell_text(merged, group.title, bold=True, size=10.5)
        _shade(merged, (band or "#E7ECF3").lstrip("#"))
        for item in group.rows:
            added = table.add_row()
            if len(item.text) + len(item.note or "") + 30 * len(item.states) < ROW_KEPT_WHOLE:
                docx_compat.row_element(added).get_or_add_trPr().append(_element("cantSplit"))
            cells = added.cells
            _cell_text(cells[0], item.id or "–", bold=True)
            _cell_text(cells[1], item.text)
            _cell_text(cells[2], "; ".join(item.states))
            _cell_text(cells[3], item.position)
            _cell_text(cells[4], item.assessment, bold=item.tracked)
            if item.note:
                note = cells[4].add_paragraph()
                run = note.add_run(item.note)
                run.font.size = _pt(9.5)
                note.paragraph_format.space_after = _pt(0)
    # Word reads the cells' widths, LibreOffice the grid's: both are set (table.autofit = False fixed the layout).
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    _properties(document, spec.title, spec.prepared_by, spec.language_tag)
    return deterministic_bytes(document)
