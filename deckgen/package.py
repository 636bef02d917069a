"""OOXML packages: the one place deckgen reads and writes them (zip members, relationships, XML parts).

Reading a coalition's template is bounded and cleaned here, once, for every command that reads one
(`build --template`, a theme's `template:`, `template inspect`):

- bounded: a regular file only (no pipe or device), at most MAX_TEMPLATE_BYTES, at most MAX_MEMBERS
  members, each declaring and inflating to at most MAX_MEMBER_BYTES, MAX_INFLATED_BYTES in all;
- parsed by one guarded XML parser (parse_part): no DTD, no entity, no network; a damaged part is
  named in the message;
- cleaned (clean_parts): only the relationship types a master, its layouts and theme need are kept,
  never one whose target is external; macros, OLE objects, ActiveX controls, embedded fonts, media,
  custom XML and the document properties are dropped with every element that pointed at them, and
  nothing the kept relationships do not reach stays in the package.

It is deckgen/package.py, not render/package.py as issue 17 first sketched, on purpose: the load stage
(deckgen.assets, for deckgen.load) reads a template's fonts, colours, layouts and marks to plan with, and
load sits below render in the import layers. Under render/ it would make load import a renderer's package
(upward, against the layers contract) and bring render/'s python-pptx users within the planner's reach.
So it sits below the load stage, imports neither python-pptx nor any renderer, and both load (reading)
and render (writing the master) use it.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from deckgen.errors import closest
from deckgen.files import ZIP_TIME, NotARegularFile, read_regular
from deckgen.theme import LAYOUT_KINDS

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
"""The namespaces deckgen writes and reads, by their usual prefixes."""

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
"""The prefix of every relationship type deckgen writes."""

EMU_PER_PT = 12700

MAX_TEMPLATE_BYTES = 64 * 1024 * 1024
"""The largest template file deckgen reads (a template with pictures and fonts is a few MB)."""
MAX_MEMBERS = 2000
"""The most zip members a template may hold (PowerPoint's own templates hold about 100)."""
MAX_MEMBER_BYTES = 64 * 1024 * 1024
"""The most one member may declare or inflate to."""
MAX_INFLATED_BYTES = 256 * 1024 * 1024
"""The most all members together may inflate to."""

WIDESCREEN = (12192000, 6858000)
"""deckgen's slide size in EMU: 13.333 x 7.5 in (33.867 x 19.05 cm), PowerPoint's Widescreen."""

MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
OTHER_MAINS = (
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
)
"""Main-part content types of templates, shows and macro-enabled files: a deck is a plain presentation."""

KEPT_RELATIONSHIPS = frozenset(
    {
        "officeDocument",
        "slideMaster",
        "slideLayout",
        "theme",
        "themeOverride",
        "image",
        "presProps",
        "viewProps",
        "tableStyles",
        "notesMaster",
        "handoutMaster",
        "chart",
        "chartUserShapes",
        "diagramData",
        "diagramLayout",
        "diagramQuickStyle",
        "diagramColors",
        "diagramDrawing",
        "chartStyle",
        "chartColorStyle",
    }
)
"""The relationship types (their last word) a template's master, layouts and theme keep; internal targets only.

Everything else is dropped: hyperlinks, OLE objects and packages, ActiveX controls, macros (vbaProject),
embedded fonts, audio and video, custom XML, tags, comments, thumbnails, signatures, printer settings and
the document properties (deckgen writes its own). So is any relationship whose target is external.
"""

_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_HYPERLINKS = {"hlinkClick", "hlinkHover", "hlinkMouseOver", "snd", "wavAudioFile"}
"""Elements that only point somewhere: dropped with their relationship, the shape that held them stays."""
_SHAPE_CONTENT = {"oleObj", "control", "videoFile", "audioFile", "quickTimeFile", "media", "relIds"}
"""Elements that are a shape's content: the shape goes with their relationship."""


class TemplateError(Exception):
    """A template deckgen cannot build into; the message says why and what to do."""


# --- reading a package, bounded ----------------------------------------------------------------------------


def read_bounded(path: Path, what: str) -> bytes:
    """Return the bytes of the regular file PATH, at most MAX_TEMPLATE_BYTES; WHAT names it in errors.

    Raise TemplateError for a pipe, device or folder (opened without blocking, never read: see
    files.read_regular), a file too large (never read past the bound), or one that cannot be read.
    """
    try:
        data = read_regular(path, MAX_TEMPLATE_BYTES)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateError(
                f"{what} is {_mb(os.stat(path).st_size)}, larger than the "
                f"{_mb(MAX_TEMPLATE_BYTES)} deckgen reads: save it with compressed pictures and "
                f"without embedded media (PowerPoint: File > Compress Pictures) and build again"
            )
        return data
    except NotARegularFile:
        raise TemplateError(
            f"{what} is not a regular file (a pipe, device or folder): give a .pptx or .potx file"
        ) from None
    except OSError as error:
        raise TemplateError(f"{what}: cannot read it ({error.strerror})") from None


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def unzip_bounded(data: bytes, what: str) -> dict[str, bytes]:
    """Return the members of the zip DATA by name, each and all inflated within the bounds above.

    Raise TemplateError when DATA is no zip, is damaged, encrypted, or exceeds a bound.
    """
    damaged = TemplateError(
        f"{what} is not a PowerPoint file (.pptx or .potx)" + (": it looks damaged" if data.startswith(b"PK") else "")
    )
    parts: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = source.infolist()
            if len(members) > MAX_MEMBERS:
                raise TemplateError(
                    f"{what} holds {len(members)} parts, more than the {MAX_MEMBERS} deckgen "
                    f"reads: it is damaged or no template"
                )
            for info in members:
                if info.is_dir():
                    continue
                if info.file_size > MAX_MEMBER_BYTES:
                    raise _too_large(what, info.filename)
                out, size = [], 0
                with source.open(info) as member:
                    while chunk := member.read(1 << 20):
                        size += len(chunk)
                        total += len(chunk)
                        if size > MAX_MEMBER_BYTES:
                            raise _too_large(what, info.filename)
                        if total > MAX_INFLATED_BYTES:
                            raise TemplateError(
                                f"{what} unpacks to more than {_mb(MAX_INFLATED_BYTES)}: deckgen "
                                f"refuses it as damaged or hostile"
                            )
                        out.append(chunk)
                parts[info.filename] = b"".join(out)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        OSError,
    ):
        # RuntimeError: an encrypted member; NotImplementedError: a compression zipfile has not
        raise damaged from None
    return parts


def _too_large(what: str, member: str) -> TemplateError:
    return TemplateError(
        f"{what}: its part {_shown(member)} unpacks to more than {_mb(MAX_MEMBER_BYTES)}: "
        f"deckgen refuses it as damaged or hostile"
    )


def _shown(name: str) -> str:
    """Return a member's name for a message: printable and short (it is the file's text, not ours)."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in name)
    return clean if len(clean) <= 80 else clean[:80] + "…"


# --- parsing a part, guarded --------------------------------------------------------------------------------


def parse_part(data: bytes, part: str, what: str):
    """Return the root element of the XML part PART; raise TemplateError, naming WHAT and PART, when it is not XML.

    No DTD is read, no entity expanded and nothing fetched: a part declaring a DTD is refused (no
    PowerPoint file has one), so a billion-laughs part costs nothing.
    """
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        reason = re.sub(r", line \d+, column \d+$", "", str(error.msg or "not XML").splitlines()[0])[:100]
        line, column = error.position if error.position else (0, 0)
        at = f"line {line}, column {column}: " if line else ""
        raise TemplateError(f"{what} is damaged: its part {_shown(part)} is not readable XML ({at}{reason})") from None
    except ValueError:  # e.g. a part that is text with an encoding declaration lxml will not take
        raise TemplateError(f"{what} is damaged: its part {_shown(part)} is not readable XML") from None
    if root.getroottree().docinfo.doctype:
        raise TemplateError(f"{what} is damaged: its part {_shown(part)} declares a DTD, which no PowerPoint file has")
    return root


def whole_number(element, attribute: str, part: str, what: str, default: int = 0) -> int:
    """Return ELEMENT's ATTRIBUTE as an int (DEFAULT when absent); raise TemplateError naming PART when it is none."""
    value = element.get(attribute)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        tag = etree.QName(element).localname
        raise TemplateError(
            f"{what} is damaged: in its part {_shown(part)}, {tag} {attribute}="
            f"'{_shown(value)[:20]}' is not a whole number"
        ) from None


def xml_bytes(root) -> bytes:
    """Return ROOT serialized as a part: UTF-8 with a standalone declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- writing a package -------------------------------------------------------------------------------------


def write_package(parts: Mapping[str, bytes], order: Iterable[str] | None = None) -> bytes:
    """Return PARTS as a zip whose bytes depend only on them: deflated, ZIP_TIME, members in ORDER (else sorted)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name in sorted(parts) if order is None else order:
            entry = zipfile.ZipInfo(name, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            package.writestr(entry, parts[name])
    return out.getvalue()


def relationships_xml(rels: Iterable[tuple[str, str, str]]) -> bytes:
    """Return a relationships part of (id, type's last word, target) triples, all internal."""
    root = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    for rid, kind, target in rels:
        etree.SubElement(root, f"{{{RELS_NS}}}Relationship", Id=rid, Type=f"{REL_TYPE}/{kind}", Target=target)
    return xml_bytes(root)


def rels_name(part: str) -> str:
    """Return the name of PART's relationships part."""
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"


def join(folder: str, target: str) -> str:
    """Return the part name TARGET (relative to FOLDER, or absolute) points at."""
    parts = folder.split("/") if folder and not target.startswith("/") else []
    for piece in target.lstrip("/").split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in (".", ""):
            parts.append(piece)
    return "/".join(parts)


# --- a template, read and cleaned --------------------------------------------------------------------------


@dataclass
class TemplatePackage:
    """A template's parts, bounded, cleaned and with no slides (see template_package)."""

    name: str
    """The file's name, for messages."""
    parts: dict[str, bytes]
    dropped: list[str] = field(default_factory=list)
    """What cleaning left out, in words ("external links", "macros"), for `template inspect`."""

    @property
    def what(self) -> str:
        return f"template {self.name}"

    def xml(self, part: str):
        """Return PART's root element (guarded: see parse_part), or None when the package has no PART."""
        data = self.parts.get(part)
        return None if data is None else parse_part(data, part, self.what)

    def targets(self, part: str) -> dict[str, str]:
        """Return PART's relationships: id -> the part it points at."""
        rels = self.xml(rels_name(part))
        folder = part.rpartition("/")[0]
        return {rel.get("Id", ""): join(folder, rel.get("Target", "")) for rel in (rels if rels is not None else [])}

    def to_bytes(self) -> bytes:
        """Return the package as a .pptx file's bytes."""
        return write_package(self.parts)


def template_package(path: Path) -> TemplatePackage:
    """Return the .pptx or .potx at PATH read, bounded and cleaned, its slides dropped; raise TemplateError otherwise.

    The deck keeps the template's masters, layouts, theme and their pictures, and nothing else of it
    (see clean_parts). Its slide size must be deckgen's own.
    """
    what = f"template {path.name}"
    data = read_bounded(path, what)
    if data.startswith(_CFB):
        raise TemplateError(
            f"{what} is password-protected or an old binary .ppt/.pot: save it "
            f"unprotected as a .pptx or .potx (PowerPoint: File > Save As) and build again"
        )
    parts = unzip_bounded(data, what)
    if "ppt/presentation.xml" not in parts or "[Content_Types].xml" not in parts:
        raise TemplateError(f"{what} is not a PowerPoint presentation or template (no ppt/presentation.xml in it)")
    package = TemplatePackage(path.name, parts)
    _drop_slides(package)
    _check_size(package)
    clean_parts(package)
    return package


def _drop_slides(package: TemplatePackage) -> None:
    """Drop the template's sample slides: their ids from the slide list, their relationships from the presentation."""
    p, r = f"{{{NS['p']}}}", f"{{{NS['r']}}}"
    presentation = package.xml("ppt/presentation.xml")
    rels = package.xml("ppt/_rels/presentation.xml.rels")
    slide_ids = presentation.find(f"{p}sldIdLst")
    gone = set()
    if slide_ids is not None:
        gone = {e.get(f"{r}id") for e in slide_ids}
        presentation.remove(slide_ids)
    if rels is not None:
        for rel in list(rels):
            if rel.get("Id") in gone or rel.get("Type", "").endswith("/slide"):
                rels.remove(rel)
        package.parts["ppt/_rels/presentation.xml.rels"] = xml_bytes(rels)
    package.parts["ppt/presentation.xml"] = xml_bytes(presentation)


def _check_size(package: TemplatePackage) -> None:
    """Refuse a template whose slides are not deckgen's 16:9 widescreen size (13.333 x 7.5 in)."""
    size = package.xml("ppt/presentation.xml").find(f"{{{NS['p']}}}sldSz")
    if size is None:
        return
    cx = whole_number(size, "cx", "ppt/presentation.xml", package.what)
    cy = whole_number(size, "cy", "ppt/presentation.xml", package.what)
    if cx <= 0 or cy <= 0:
        raise TemplateError(f"{package.what} is damaged: its slide size is {cx} x {cy}")
    if abs(cx / cy - 16 / 9) > 0.02:
        raise TemplateError(
            f"{package.what} has {cx / 360000:.2f} x {cy / 360000:.2f} cm slides "
            f"({_ratio(cx, cy)}); deckgen's slides are 16:9 and would not fit its layouts: "
            f"make it widescreen (PowerPoint: Design > Slide Size > Widescreen 16:9) and "
            f"build again"
        )
    width, height = WIDESCREEN
    if abs(cx - width) > width * 0.01 or abs(cy - height) > height * 0.01:
        raise TemplateError(
            f"{package.what} has {cx / 360000:.2f} x {cy / 360000:.2f} cm slides: 16:9, but "
            f"deckgen draws on {width / 360000:.2f} x {height / 360000:.2f} cm slides and its "
            f"text would run off these: set the size (PowerPoint: Design > Slide Size > Custom "
            f"Slide Size: 33.867 x 19.05 cm, then Ensure Fit) and build again"
        )


def _ratio(cx: int, cy: int) -> str:
    for w, h in ((4, 3), (16, 10), (16, 9), (5, 4)):
        if abs(cx / cy - w / h) < 0.02:
            return f"{w}:{h}"
    return f"{cx / cy:.2f}:1"


def clean_parts(package: TemplatePackage) -> None:
    """Keep only what a deck needs of PACKAGE: its masters, layouts, themes and their pictures, nothing external.

    Walks the relationships from the package's root: a relationship of a type not in KEPT_RELATIONSHIPS,
    or with an external target, is dropped, and every element that pointed at it goes too (a hyperlink
    alone; an OLE object, control or linked picture with its shape). The parts no kept relationship
    reaches are left out; so are the document properties. Every kept XML part is parsed on the way, so
    a damaged one is named here. The content types list only what is left.
    """
    what, parts = package.what, package.parts
    types = parse_part(parts["[Content_Types].xml"], "[Content_Types].xml", what)
    if etree.QName(types).localname != "Types":
        raise TemplateError(f"{what} is damaged: its part [Content_Types].xml lists no content types")
    dropped: set[str] = set()
    kept: dict[str, bytes] = {}
    todo = ["ppt/presentation.xml"]
    kept["_rels/.rels"] = relationships_xml([("rId1", "officeDocument", "ppt/presentation.xml")])
    if "_rels/.rels" in parts:  # the document properties, thumbnail, signatures: deckgen writes its own
        for rel in parse_part(parts["_rels/.rels"], "_rels/.rels", what):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if kind != "officeDocument":
                dropped.add(_DROPPED_AS.get(kind, "other parts"))
    while todo:
        part = todo.pop()
        if part in kept:
            continue
        if part not in parts:
            raise TemplateError(f"{what} is damaged: a part it refers to, {_shown(part)}, is not in it")
        data = parts[part]
        rels_part = rels_name(part)
        gone: set[str] = set()
        if rels_part in parts:
            rels = parse_part(parts[rels_part], rels_part, what)
            folder = part.rpartition("/")[0]
            for rel in list(rels):
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                external = rel.get("TargetMode", "Internal").lower() == "external"
                if external or kind not in KEPT_RELATIONSHIPS:
                    reason = "external links" if external else _DROPPED_AS.get(kind, "other parts")
                    dropped.add(reason)
                    gone.add(rel.get("Id", ""))
                    rels.remove(rel)
                else:
                    todo.append(join(folder, rel.get("Target", "")))
            kept[rels_part] = xml_bytes(rels)
        if part.endswith(".xml"):
            root = parse_part(data, part, what)
            if gone and _unlink(root, gone):
                data = xml_bytes(root)
        kept[part] = data
    kept["[Content_Types].xml"] = _content_types(types, kept)
    package.parts = kept
    package.dropped = sorted(dropped)


_DROPPED_AS = {
    "hyperlink": "hyperlinks",
    "oleObject": "embedded objects",
    "package": "embedded objects",
    "control": "ActiveX controls",
    "activeXControlBinary": "ActiveX controls",
    "vbaProject": "macros",
    "font": "embedded fonts",
    "audio": "media",
    "video": "media",
    "media": "media",
    "customXml": "custom XML",
    "customXmlProps": "custom XML",
    "tags": "tags",
    "slide": "slides",
    "core-properties": "document properties",
    "extended-properties": "document properties",
    "custom-properties": "document properties",
    "thumbnail": "thumbnail",
    "printerSettings": "printer settings",
    "commentAuthors": "comments",
    "comments": "comments",
}


def _unlink(root, gone: set[str]) -> bool:
    """Remove from ROOT every reference to the relationship ids GONE (see clean_parts); return whether any was."""
    r = f"{{{NS['r']}}}"
    changed = False
    for element in list(root.iter()):
        refs = [key for key, value in element.attrib.items() if key.startswith(r) and value in gone]
        if not refs:
            continue
        changed = True
        for key in refs:
            del element.attrib[key]
        local = etree.QName(element).localname
        if local in _HYPERLINKS:
            _remove(element)
        elif local in _SHAPE_CONTENT or (local == "blip" and element.get(f"{r}embed") is None):
            shape = _shape_of(element)
            _remove(element if shape is None else shape)
        elif local != "blip":
            _remove(element)
    return changed


def _shape_of(element):
    """Return the shape-tree child holding ELEMENT (a picture, frame or the AlternateContent around it), or None."""
    for ancestor in element.iterancestors():
        parent = ancestor.getparent()
        if parent is not None and etree.QName(parent).localname in ("spTree", "grpSp"):
            return ancestor
    return None


_LISTS = {"controls", "custDataLst", "embeddedFontLst", "custShowLst", "oleObj"}
"""Containers that go when their last item went (an empty one is not valid in every schema version)."""


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
        if len(parent) == 0 and etree.QName(parent).localname in _LISTS:
            _remove(parent)


def _content_types(types, kept: Mapping[str, bytes]) -> bytes:
    """Return the content types of the KEPT parts: overrides for them alone, a plain presentation's main type."""
    t = f"{{{TYPES_NS}}}"
    out = etree.Element(f"{t}Types", nsmap={None: TYPES_NS})
    extensions = {name.rpartition(".")[2].lower() for name in kept if "." in name.rpartition("/")[2]}
    for default in types.iter(f"{t}Default"):
        extension, kind = (default.get("Extension") or "").lower(), default.get("ContentType") or ""
        if extension in extensions and not _active(kind):
            etree.SubElement(out, f"{t}Default", Extension=extension, ContentType=kind)
    for override in types.iter(f"{t}Override"):
        name, kind = (override.get("PartName") or "").lstrip("/"), override.get("ContentType") or ""
        if name in kept and not _active(kind):
            etree.SubElement(
                out, f"{t}Override", PartName="/" + name, ContentType=MAIN if kind in OTHER_MAINS else kind
            )
    return xml_bytes(out)


def _active(content_type: str) -> bool:
    """Return whether CONTENT_TYPE is a macro, OLE object or control (never listed in a deck's content types)."""
    lower = content_type.lower()
    if any(lower == main.lower() for main in OTHER_MAINS):
        return False
    return any(word in lower for word in ("vba", "macro", "oleobject", "activex", "control"))


# --- what deckgen reads of a template: its theme and its layouts ---------------------------------------------


@dataclass(frozen=True)
class TemplateTheme:
    """A template's theme: its heading and body fonts and its colour scheme (name -> #RRGGBB)."""

    major: str
    minor: str
    colours: Mapping[str, str]


def template_theme(package: TemplatePackage, name: str | None = None) -> TemplateTheme:
    """Return the theme of PACKAGE's first master (see template_package)."""
    a = f"{{{NS['a']}}}"
    master = _masters(package)[0]
    theme_name = next(
        (target for target in package.targets(master).values() if re.fullmatch(r"ppt/theme/theme\d+\.xml", target)),
        None,
    )
    if theme_name not in package.parts:
        theme_name = next((n for n in sorted(package.parts) if re.fullmatch(r"ppt/theme/theme\d+\.xml", n)), None)
    if theme_name is None:
        raise TemplateError(f"{package.what} has no theme part")
    root = package.xml(theme_name)

    def font(which: str) -> str:
        latin = root.find(f".//{a}fontScheme/{a}{which}/{a}latin")
        return latin.get("typeface", "") if latin is not None else ""

    colours = {}
    scheme = root.find(f".//{a}clrScheme")
    for child in scheme if scheme is not None else []:
        value, system = child.find(f"{a}srgbClr"), child.find(f"{a}sysClr")
        found = value.get("val") if value is not None else system.get("lastClr") if system is not None else None
        if found is not None and re.fullmatch(r"[0-9A-Fa-f]{6}", found):
            colours[etree.QName(child).localname] = "#" + found.upper()
    return TemplateTheme(font("majorFont"), font("minorFont"), colours)


def _masters(package: TemplatePackage) -> list[str]:
    """Return PACKAGE's slide master parts in the presentation's order; raise TemplateError when there is none."""
    p, r = f"{{{NS['p']}}}", f"{{{NS['r']}}}"
    targets = package.targets("ppt/presentation.xml")
    ids = package.xml("ppt/presentation.xml").iter(f"{p}sldMasterId")
    masters = [targets.get(e.get(f"{r}id", ""), "") for e in ids]
    masters = [m for m in masters if m in package.parts]
    if not masters:
        raise TemplateError(
            f"{package.what} has no slide master: it is damaged; open it in PowerPoint, save it again and build again"
        )
    return masters


@dataclass(frozen=True)
class PlaceholderBox:
    """A placeholder's rectangle, in points from the slide's top-left corner."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class LayoutInfo:
    """A layout as deckgen sees it: its name and its placeholders (type, idx, box in points)."""

    name: str
    placeholders: tuple[tuple[str, int, PlaceholderBox], ...]

    @property
    def types(self) -> set[str]:
        """Return the types of its placeholders."""
        return {t for t, _, _ in self.placeholders}

    def has_title(self) -> bool:
        """Return whether it has a title placeholder (title or centre title)."""
        return bool(self.types & {"title", "ctrTitle"})


def template_layouts(package: TemplatePackage) -> list[LayoutInfo]:
    """Return the layouts of PACKAGE (see template_package), master by master, in PowerPoint's order."""
    p, r = f"{{{NS['p']}}}", f"{{{NS['r']}}}"
    out = []
    for master_part in _masters(package):
        master = package.xml(master_part)
        inherited = {ph_type: box for ph_type, _, box in _placeholders(master, {}, master_part, package.what)}
        layout_parts = package.targets(master_part)
        for layout_id in master.iter(f"{p}sldLayoutId"):
            part = layout_parts.get(layout_id.get(f"{r}id", ""), "")
            layout = package.xml(part) if part else None
            if layout is None:
                continue
            c_sld = layout.find(f"{p}cSld")
            name = c_sld.get("name", "") if c_sld is not None else ""
            out.append(LayoutInfo(name, tuple(_placeholders(layout, inherited, part, package.what))))
    return out


_PLACEHOLDER_VALUES = {
    "type": {
        "title",
        "body",
        "ctrTitle",
        "subTitle",
        "dt",
        "sldNum",
        "ftr",
        "hdr",
        "obj",
        "chart",
        "tbl",
        "clipArt",
        "dgm",
        "media",
        "sldImg",
        "pic",
    },
    "sz": {"full", "half", "quarter"},
    "orient": {"horz", "vert"},
}
"""The values a placeholder's attributes may take (ECMA-376 ST_PlaceholderType, ST_PlaceholderSize, ST_Direction)."""


def _placeholders(
    root, inherited: Mapping[str, PlaceholderBox], part: str, what: str
) -> list[tuple[str, int, PlaceholderBox]]:
    p, a = f"{{{NS['p']}}}", f"{{{NS['a']}}}"
    out = []
    for sp in root.iter(f"{p}sp"):
        ph = sp.find(f"{p}nvSpPr/{p}nvPr/{p}ph")
        if ph is None:
            continue
        kind = ph.get("type", "obj")
        for attribute, allowed in _PLACEHOLDER_VALUES.items():
            value = ph.get(attribute)
            if value is not None and value not in allowed:
                raise TemplateError(
                    f"{what} is damaged: in its part {_shown(part)}, ph {attribute}="
                    f"'{_shown(value)[:20]}' is not a placeholder {attribute}"
                )
        off, ext = sp.find(f"{p}spPr/{a}xfrm/{a}off"), sp.find(f"{p}spPr/{a}xfrm/{a}ext")
        if off is not None and ext is not None:
            box = PlaceholderBox(
                *(
                    whole_number(e, key, part, what) / EMU_PER_PT
                    for e, key in ((off, "x"), (off, "y"), (ext, "cx"), (ext, "cy"))
                )
            )
        else:
            master_kind = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(kind, kind)
            box = inherited.get(kind) or inherited.get(master_kind) or PlaceholderBox(0, 0, 0, 0)
        out.append((kind, whole_number(ph, "idx", part, what), box))
    return out


# --- the layout each slide kind gets ----------------------------------------------------------------------


def _score(kind: str, layout: LayoutInfo) -> int:
    """Return how well LAYOUT fits KIND by its placeholder types (higher is better; < 0: not at all)."""
    types = layout.types - {"dt", "ftr", "sldNum", "hdr", "sldImg"}
    if not layout.has_title():
        return -1
    content = [
        t for t, _, _ in layout.placeholders if t in {"body", "obj", "tbl", "chart", "pic", "dgm", "media", "clipArt"}
    ]
    if kind == "title":
        return (
            10
            if "ctrTitle" in types and "subTitle" in types
            else 6
            if "ctrTitle" in types
            else 2
            if types == {"title"}
            else 1
        )
    if "ctrTitle" in types:
        return 1 if kind == "closing" else -1
    if kind == "closing":  # a section header or title-only layout reads as a closing slide
        return 8 if types == {"title"} else 5 if len(content) <= 1 else 2
    if kind == "annex":
        return 9 if "tbl" in types else 7 if len(content) == 1 else 5 if types == {"title"} else 3
    if kind == "status":
        return 9 if len(content) == 2 else 8 if len(content) > 2 else 7 if content else 5
    # text, recommendations: title and one content placeholder
    return 9 if len(content) == 1 else 6 if content else 5


def choose_layouts(layouts: list[LayoutInfo], mapping: Mapping[str, str]) -> tuple[dict[str, LayoutInfo], list[str]]:
    """Return the layout of each kind (MAPPING first, then placeholder types) and what could not be found.

    The problems are messages; a mapping's name that names no layout says which names there are, and a
    mapping's key that is no slide kind says which kinds there are.
    """
    chosen: dict[str, LayoutInfo] = {}
    problems: list[str] = []
    for kind in mapping:
        if kind not in LAYOUT_KINDS:
            near = closest(kind, list(LAYOUT_KINDS))
            problems.append(
                f"layouts: {kind}: no such slide kind"
                + (f"; did you mean '{near}'?" if near else f"; the kinds: {', '.join(LAYOUT_KINDS)}")
            )
    names = [layout.name for layout in layouts]
    for kind in LAYOUT_KINDS:
        wanted = mapping.get(kind)
        if wanted is not None:
            match = next((layout for layout in layouts if layout.name == wanted), None)
            if match is None:
                near = closest(wanted, names)
                problems.append(
                    f"layouts: {kind}: no layout named '{wanted}' in the template"
                    + (f"; did you mean '{near}'?" if near else f"; its layouts: {', '.join(names)}")
                )
            elif not match.has_title():
                problems.append(f"layouts: {kind}: layout '{wanted}' has no title placeholder")
            else:
                chosen[kind] = match
            continue
        scored = sorted(
            ((_score(kind, layout), -i, layout) for i, layout in enumerate(layouts)),
            key=lambda t: (t[0], t[1]),
            reverse=True,
        )
        if scored and scored[0][0] >= 0:
            chosen[kind] = scored[0][2]
        else:
            problems.append(
                f"no layout for {kind} slides: none has a title placeholder "
                f"(name one with `layouts: {{{kind}: NAME}}` in the theme)"
            )
    return chosen, problems


# --- the template's own marks: pictures and shapes its master and layouts draw ----------------------------


@dataclass(frozen=True)
class TemplateMarks:
    """What a template's master and the layouts deckgen uses draw themselves, in points.

    `keep_out` are the pictures and drawn shapes (not placeholders, not slide-sized backgrounds) slides
    show on those layouts: titles and bodies stay clear of them. `own_brand` says the master draws a
    picture of its own (a logo): deckgen then leaves its own footer logo and rule out.
    """

    keep_out: tuple[PlaceholderBox, ...] = ()
    own_brand: bool = False
    title: PlaceholderBox | None = None
    """The title placeholder of the layout text slides are placed on, when it has one slide titles can stand in
    (see title_placeholder_fault): where every slide title stands, and how high the band above the body is."""
    title_fault: str = ""
    """Why the text layout's title placeholder is not used ("layout 'X': its title placeholder ..."); "" when it
    is, or when there is none."""


def template_marks(
    package: TemplatePackage, layouts: Iterable[LayoutInfo] = (), text_layout: LayoutInfo | None = None
) -> TemplateMarks:
    """Return the marks of PACKAGE's first master and of LAYOUTS (as template_layouts gave them), and the title
    placeholder of TEXT_LAYOUT (the layout text slides are placed on)."""
    p = f"{{{NS['p']}}}"
    master_part = _masters(package)[0]
    master = package.xml(master_part)
    width, height = WIDESCREEN[0] / EMU_PER_PT, WIDESCREEN[1] / EMU_PER_PT
    marks = _drawn(master, master_part, package.what)
    own_brand = any(kind == "pic" for kind, _ in marks)
    wanted = {layout.name for layout in layouts}
    by_id = package.targets(master_part)
    for layout_id in master.iter(f"{p}sldLayoutId"):
        part = by_id.get(layout_id.get(f"{{{NS['r']}}}id", ""), "")
        root = package.xml(part) if part else None
        if root is None:
            continue
        c_sld = root.find(f"{p}cSld")
        if (c_sld.get("name", "") if c_sld is not None else "") in wanted:
            marks += _drawn(root, part, package.what)
    # slide-sized art is a background, not a mark to keep clear of
    keep_out = tuple(
        dict.fromkeys(
            box
            for _, box in marks
            if box.width < width / 2 and box.height < height / 2 and box.width > 0 and box.height > 0
        )
    )
    title, fault = slide_title_placeholder(text_layout)
    return TemplateMarks(keep_out, own_brand, title, fault)


def slide_title_placeholder(layout: LayoutInfo | None) -> tuple[PlaceholderBox | None, str]:
    """Return the title placeholder of LAYOUT (the layout text slides go on) that slide titles stand in, and ""; or
    None and why not ("layout 'X': its title placeholder ..."; "" when LAYOUT has none)."""
    title = next((box for kind, _, box in layout.placeholders if kind == "title"), None) if layout else None
    fault = title_placeholder_fault(title) if title is not None else None
    if layout is None or title is None or fault is None:
        return title, ""
    return None, f"layout '{layout.name}': its title placeholder {fault}"


TITLE_LEAST_WIDTH = 0.45
"""A title placeholder narrower than this share of the slide (half deckgen's text width) is no slide title's."""
TITLE_LOWEST_END = 1 / 3
"""A title placeholder ending lower than this share of the slide's height leaves the text under it too little
room (deckgen's own title band ends at a fifth)."""


def title_placeholder_fault(box: PlaceholderBox) -> str | None:
    """Return why slide titles cannot stand in the title placeholder BOX (points, on a widescreen slide), or None.

    Such a placeholder is a slip in the template, not a design: slide titles then stand on deckgen's grid.
    """
    width, height = WIDESCREEN[0] / EMU_PER_PT, WIDESCREEN[1] / EMU_PER_PT
    if box.width <= 0 or box.height <= 0:
        return f"has no size ({box.width:g} by {box.height:g} pt)"
    right, bottom = box.left + box.width, box.top + box.height
    if box.left < -1 or box.top < -1 or right > width + 1 or bottom > height + 1:
        return (
            f"reaches off the slide ({box.left:.0f} to {right:.0f} pt across, {box.top:.0f} to {bottom:.0f} pt "
            f"down a {width:.0f} by {height:.0f} pt slide)"
        )
    if box.width < width * TITLE_LEAST_WIDTH:
        return f"is {box.width:.0f} pt wide, too narrow for a slide title (at least {width * TITLE_LEAST_WIDTH:.0f})"
    if bottom > height * TITLE_LOWEST_END:
        return (
            f"ends {bottom:.0f} pt down the {height:.0f} pt slide, below its top third: "
            f"the text under it would have too little room"
        )
    return None


def _drawn(root, part: str, what: str) -> list[tuple[str, PlaceholderBox]]:
    """Return the pictures ("pic") and drawn shapes ("sp") of ROOT's shape tree that are no placeholders."""
    p, a = f"{{{NS['p']}}}", f"{{{NS['a']}}}"
    tree = root.find(f"{p}cSld/{p}spTree")
    out = []
    for shape in tree if tree is not None else []:
        kind = etree.QName(shape).localname
        if kind not in ("pic", "sp", "grpSp", "graphicFrame", "cxnSp"):
            continue
        if shape.find(f".//{p}nvPr/{p}ph") is not None:
            continue
        xfrm = shape.find(f"{p}spPr/{a}xfrm") if kind != "grpSp" else shape.find(f"{p}grpSpPr/{a}xfrm")
        if kind == "graphicFrame":
            xfrm = shape.find(f"{p}xfrm")
        off = xfrm.find(f"{a}off") if xfrm is not None else None
        ext = xfrm.find(f"{a}ext") if xfrm is not None else None
        if off is None or ext is None:
            continue
        box = PlaceholderBox(
            *(
                whole_number(e, key, part, what) / EMU_PER_PT
                for e, key in ((off, "x"), (off, "y"), (ext, "cx"), (ext, "cy"))
            )
        )
        out.append(("pic" if kind == "pic" or shape.find(f".//{a}blip") is not None else "sp", box))
    return out
