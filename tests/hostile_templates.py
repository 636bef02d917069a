"""Hostile and damaged templates for the tests: external links, macros, OLE objects, ActiveX controls, document
properties, damaged XML parts, odd sizes. Each is a template from template_maker with its parts edited."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from template_maker import make_template

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MASTER = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"
THEME = "ppt/theme/theme1.xml"
SECRETS = (
    "Secret Author",
    "ACME Client Ltd",
    "Jane Manager",
    "client-code-4711",
    "CONFIDENTIAL-CUSTOM",
    "customxml-payload",
)
"""Words planted in a template's document properties and custom XML: none may reach a deck."""
EXTERNAL_TARGETS = (
    "http://127.0.0.1:9/beacon.png",
    "file:///etc/passwd",
    "file://\\\\host\\share\\x.png",
    "https://tracker.example/click",
)


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as source:
        return {name: source.read(name) for name in source.namelist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def edited(path: Path, edit: Callable[[dict[str, bytes]], None], **options) -> Path:
    """Write a template to PATH, edited by EDIT (which changes its parts in place), and return PATH."""
    make_template(path, **options)
    parts = parts_of(path)
    edit(parts)
    return write_parts(path, parts)


def add_rel(parts: dict[str, bytes], rels: str, rid: str, kind: str, target: str, external: bool = False) -> None:
    mode = b' TargetMode="External"' if external else b""
    rel = (
        f'<Relationship Id="{rid}" Type="{kind if "/" in kind else R + "/" + kind}" Target="{target}"'.encode()
        + mode
        + b"/>"
    )
    parts[rels] = parts[rels].replace(b"</Relationships>", rel + b"</Relationships>")


def add_override(parts: dict[str, bytes], name: str, content_type: str) -> None:
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode()
    )


def add_shape(parts: dict[str, bytes], part: str, xml: str) -> None:
    parts[part] = parts[part].replace(b"</p:spTree>", xml.encode() + b"</p:spTree>", 1)


def _pic(shape_id: int, name: str, blip: str) -> str:
    return (
        f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvPicPr/><p:nvPr userDrawn="1"/>'
        f"</p:nvPicPr><p:blipFill><a:blip {blip}/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>"
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="457200" cy="457200"/></a:xfrm><a:prstGeom prst="rect">'
        f"<a:avLst/></a:prstGeom></p:spPr></p:pic>"
    )


def external_links(parts: dict[str, bytes]) -> None:
    """Linked pictures on the master and a layout, a hyperlink on a master shape, a linked background."""
    for i, target in enumerate(EXTERNAL_TARGETS[:3]):
        add_rel(parts, MASTER_RELS, f"rIdX{i}", "image", target, external=True)
        add_shape(parts, MASTER, _pic(200 + i, f"Linked {i}", f'r:link="rIdX{i}"'))
    add_rel(parts, MASTER_RELS, "rIdH", "hyperlink", EXTERNAL_TARGETS[3], external=True)
    parts[MASTER] = parts[MASTER].replace(
        b'name="Template logo"/>', b'name="Template logo"><a:hlinkClick r:id="rIdH"/></p:cNvPr>', 1
    )
    layout_rels = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
    add_rel(parts, layout_rels, "rIdL", "image", EXTERNAL_TARGETS[0], external=True)
    add_shape(parts, LAYOUT, _pic(300, "Layout beacon", 'r:link="rIdL"'))


def macros(parts: dict[str, bytes], *, macro_enabled: bool = True) -> None:
    """A VBA project; with MACRO_ENABLED the main part's content type is a .pptm's."""
    parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0VBA-PROJECT-PAYLOAD"
    add_rel(
        parts,
        "ppt/_rels/presentation.xml.rels",
        "rIdVba",
        "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "vbaProject.bin",
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"<Default ", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ', 1
    )
    if macro_enabled:
        parts["[Content_Types].xml"] = re.sub(
            rb"application/vnd\.openxmlformats-officedocument\.presentationml\.(presentation|template)\.main\+xml",
            b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
            parts["[Content_Types].xml"],
        )


def ole_and_activex(parts: dict[str, bytes]) -> None:
    """An OLE package on the master (with its fallback picture), and an ActiveX control on it."""
    parts["ppt/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0OLE-PAYLOAD"
    parts["ppt/activeX/activeX1.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><ax:ocx xmlns:ax="http://schemas.'
        b'microsoft.com/office/2006/activeX" ax:classid="{8BD21D40}"/>'
    )
    parts["ppt/activeX/activeX1.bin"] = b"ACTIVEX-PAYLOAD"
    parts["ppt/activeX/_rels/activeX1.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'activeXControlBinary" Target="activeX1.bin"/></Relationships>'
    )
    add_rel(parts, MASTER_RELS, "rIdOle", "oleObject", "../embeddings/oleObject1.bin")
    add_rel(parts, MASTER_RELS, "rIdAx", "control", "../activeX/activeX1.xml")
    add_override(parts, "ppt/embeddings/oleObject1.bin", "application/vnd.openxmlformats-officedocument.oleObject")
    add_override(parts, "ppt/activeX/activeX1.xml", "application/vnd.ms-office.activeX+xml")
    ole = (
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice xmlns:v="urn:schemas-microsoft-com:vml" Requires="v"><p:graphicFrame><p:nvGraphicFramePr>'
        '<p:cNvPr id="400" name="Embedded package"/><p:cNvGraphicFramePr/><p:nvPr userDrawn="1"/>'
        '</p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></p:xfrm><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj '
        'progId="Package" r:id="rIdOle" imgW="100" imgH="100"><p:embed/></p:oleObj></a:graphicData></a:graphic>'
        "</p:graphicFrame></mc:Choice><mc:Fallback>"
        + _pic(401, "OLE fallback", 'r:embed="rId99"')
        + "</mc:Fallback></mc:AlternateContent>"
    )
    add_shape(parts, MASTER, ole)
    parts[MASTER] = parts[MASTER].replace(
        b"</p:spTree>", b'</p:spTree><p:controls><p:control spid="400" name="Button" r:id="rIdAx"/></p:controls>', 1
    )


def document_properties(parts: dict[str, bytes]) -> None:
    """Core, app and custom properties, and a custom XML part, each naming someone or a client."""
    parts["docProps/core.xml"] = re.sub(
        rb"<dc:creator>[^<]*</dc:creator>|<dc:creator/>",
        b"<dc:creator>Secret Author</dc:creator>",
        parts["docProps/core.xml"],
    )
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>", b"<dc:identifier>client-code-4711</dc:identifier></cp:coreProperties>"
    )
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(
        b"</Properties>", b"<Company>ACME Client Ltd</Company><Manager>Jane Manager</Manager></Properties>"
    )
    parts["docProps/custom.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Client"><vt:lpwstr>'
        b"CONFIDENTIAL-CUSTOM</vt:lpwstr></property></Properties>"
    )
    add_rel(parts, "_rels/.rels", "rIdCustom", "custom-properties", "docProps/custom.xml")
    add_override(parts, "docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    parts["customXml/item1.xml"] = b'<?xml version="1.0"?><data>customxml-payload</data>'
    add_rel(parts, "ppt/_rels/presentation.xml.rels", "rIdCx", "customXml", "../customXml/item1.xml")


def slide_size(cx: int | str, cy: int | str) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        parts["ppt/presentation.xml"] = re.sub(
            rb"<p:sldSz [^>]*/>", f'<p:sldSz cx="{cx}" cy="{cy}"/>'.encode(), parts["ppt/presentation.xml"]
        )

    return edit


def replace_in(part: str, old: bytes, new: bytes, count: int = 1) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        assert old in parts[part], (part, old)
        parts[part] = parts[part].replace(old, new, count)

    return edit


def set_part(part: str, data: bytes) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        parts[part] = data

    return edit


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><p:sldLayout xmlns:p="http://schemas.'
    b'openxmlformats.org/presentationml/2006/main"><p:cSld name="&lol3;"/></p:sldLayout>'
)


def deck_problems(deck: Path) -> list[str]:
    """Return what a deck must never hold: external relationships, macro parts, embedded objects, planted words."""
    found = []
    for name, data in parts_of(deck).items():
        lower = name.lower()
        if name.endswith(".rels") and b'TargetMode="External"' in data:
            found.append(f"{name}: an external relationship")
        if "vba" in lower or lower.endswith(".bin") or "/embeddings/" in lower or "/activex/" in lower:
            found.append(f"{name}: a macro, embedded object or control")
        if name.startswith("customXml/") or name == "docProps/custom.xml":
            found.append(f"{name}: custom XML or custom properties")
        for word in (
            *SECRETS,
            "macroEnabled",
            "oleObj",
            "p:control ",
            "PAYLOAD",
            "etc/passwd",
            "127.0.0.1",
            "tracker.example",
        ):
            if word.encode() in data:
                found.append(f"{name}: holds {word!r}")
    return found
