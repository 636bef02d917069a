"""Make PowerPoint templates for the tests: localized layout names, another theme font, sample slides, a master logo."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

LOGO_SIZE = (41, 29)
"""The template logo's pixels: a size no other picture of the decks has, so a PDF's images show it."""

RUSSIAN = [
    "Титульный слайд",
    "Заголовок и объект",
    "Заголовок раздела",
    "Два объекта",
    "Сравнение",
    "Только заголовок",
    "Пустой слайд",
    "Объект с подписью",
    "Рисунок с подписью",
    "Заголовок и вертикальный текст",
    "Вертикальный заголовок и текст",
]
GERMAN = [
    "Titelfolie",
    "Titel und Inhalt",
    "Abschnittsüberschrift",
    "Zwei Inhalte",
    "Vergleich",
    "Nur Titel",
    "Leer",
    "Inhalt mit Überschrift",
    "Bild mit Überschrift",
    "Titel und vertikaler Text",
    "Vertikaler Titel und Text",
]
SAMPLE = "SAMPLE SLIDE FROM THE TEMPLATE"
STOCK_TITLE = b'<a:off x="609600" y="274638"/><a:ext cx="10972800" cy="1143000"'
"""The master's title placeholder as python-pptx draws it (widened for 16:9)."""
LOGO_NAME = "Template logo"


def make_template(
    path: Path,
    *,
    names: list[str] = RUSSIAN,
    font: str = "Liberation Serif",
    widescreen: bool = True,
    samples: int = 2,
    logo: bool = True,
    logo_size: int = 457200,
    logo_margin: int = 91440,
    title: tuple[float, ...] | None = None,
) -> Path:
    """Write a template to PATH (.pptx or .potx) and return PATH.

    Its master's logo is LOGO_SIZE EMU square, LOGO_MARGIN from the slide's top and right edges. Its master's
    title placeholder is python-pptx's (widened: 21.6 pt down, 90 pt high, on deckgen's margins), or TITLE's
    top and height in points (and left and width: 48 and 864 when not given).
    """
    prs = Presentation()
    if widescreen:
        prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    for layout, name in zip(prs.slide_layouts, names):
        layout.name = name
    for i in range(samples):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = f"{SAMPLE} {i + 1}"
    raw = io.BytesIO()
    prs.save(raw)
    parts = {}
    with zipfile.ZipFile(raw) as source:
        for name in source.namelist():
            parts[name] = source.read(name)
    parts["ppt/theme/theme1.xml"] = re.sub(
        rb'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*', rb"\g<1>" + font.encode(), parts["ppt/theme/theme1.xml"]
    )
    if widescreen:  # the stock layouts are drawn for 4:3: stretch them across
        for name in parts:
            if re.fullmatch(r"ppt/slide(Masters/slideMaster|Layouts/slideLayout)\d+\.xml", name):
                parts[name] = re.sub(rb'(<a:off x=")(\d+)|(<a:ext cx=")(\d+)', _widen, parts[name])
    if title is not None:
        master = "ppt/slideMasters/slideMaster1.xml"
        top, high, left, wide = (*title, 48.0, 864.0)[:4]
        x, y, cx, cy = (round(v * 12700) for v in (left, top, wide, high))
        moved = f'<a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"'
        assert STOCK_TITLE in parts[master]
        parts[master] = parts[master].replace(STOCK_TITLE, moved.encode(), 1)
    if logo:
        parts["ppt/media/templatelogo.png"] = _logo_png()
        rels = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
        parts[rels] = parts[rels].replace(
            b"</Relationships>",
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/image" Target="../media/templatelogo.png"/></Relationships>',
        )
        size = logo_size
        pic = (
            f'<p:pic><p:nvPicPr><p:cNvPr id="99" name="{LOGO_NAME}"/><p:cNvPicPr/><p:nvPr userDrawn="1"/>'
            f'</p:nvPicPr><p:blipFill><a:blip r:embed="rId99"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            f'<p:spPr><a:xfrm><a:off x="{12192000 - size - logo_margin}" y="{logo_margin}"/>'
            f'<a:ext cx="{size}" cy="{size}"/>'
            f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        ).encode()
        master = "ppt/slideMasters/slideMaster1.xml"
        parts[master] = parts[master].replace(b"</p:spTree>", pic + b"</p:spTree>", 1)
        if b'Extension="png"' not in parts["[Content_Types].xml"]:
            parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
                b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1
            )
    if path.suffix == ".potx":
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"
        )
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def _widen(match: re.Match) -> bytes:
    head = match.group(1) or match.group(3)
    value = int(match.group(2) or match.group(4))
    return head + str(value * 4 // 3).encode()


def _logo_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", LOGO_SIZE, (192, 80, 77)).save(out, format="PNG")
    return out.getvalue()
