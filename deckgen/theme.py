"""Themes: colours, fonts, sizes and logos of a deck, checked for WCAG AA contrast when validated.

Finding and loading a theme under assets/ is deckgen.assets.load_theme.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from lxml import etree
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from deckgen.content.model import Status
from deckgen.errors import closest
from deckgen.files import ZIP_TIME
from deckgen.fonts import Font


def _hex_colour(value: str) -> str:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise ValueError(f"colour {value!r} is not of the form #RRGGBB")
    return value.upper()


Colour = Annotated[str, AfterValidator(_hex_colour)]
"""A colour as #RRGGBB."""


def rgb(colour: str) -> tuple[int, int, int]:
    """Return the red, green and blue of a #RRGGBB colour, 0 to 255: the one place colours are read."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def relative_luminance(colour: str) -> float:
    """Return the WCAG 2 relative luminance of a #RRGGBB colour."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """Return the WCAG 2 contrast ratio of two colours, 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(a: str, b: str) -> str:
    """Return the colour halfway between #RRGGBB colours A and B."""
    return "#" + "".join(f"{(x + y) // 2:02X}" for x, y in zip(rgb(a), rgb(b)))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


MIN_SIZE, MAX_SIZE = 4, 400
"""Font sizes a theme may give, in points: smaller is unreadable, larger does not fit a slide."""


class FontFiles(_Model):
    """A font family as the slides name it, and the metric-compatible files deckgen measures it with."""

    family: str = Field(description="Family name written into the pptx, e.g. Arial.")
    regular: str = Field(description="Regular font file, a path under assets/ (or deckgen's built-in fonts/).")
    bold: str = Field(description="Bold font file.")
    italic: str = Field(description="Italic font file.")


class StatusColours(_Model):
    """Colours of one status: chart fill and heading text."""

    fill: Colour = Field(description="Chart bar fill; not the only cue: bars are labelled.")
    text: Colour = Field(description="Status heading text colour; must reach 4.5:1 on the background.")
    hatch: str = Field("", description="Matplotlib hatch pattern for chart bars, e.g. '//' (a cue beyond colour).")


class Colours(_Model):
    """The theme's palette."""

    background: Colour = Field(description="Slide background.")
    text: Colour = Field(description="Body text.")
    heading: Colour = Field(description="Slide titles.")
    muted: Colour = Field(description="Footer, captions and sources.")
    accent: Colour = Field(description="Rules and bullets.")
    band: Colour = Field(description="Background of the title and closing slides.")
    band_text: Colour = Field(description="Text on the band.")
    band_muted: Colour = Field(description="Secondary text on the band.")
    track: Colour = Field(description="Chart track behind each bar (the total).")
    status: dict[str, StatusColours] = Field(description="Per status word, plus not_broken_down.")
    draft: Colour = Field("#B42318", description="Text and outline of the DRAFT mark, on the background colour.")

    @property
    def table_band(self) -> str:
        """Return the light fill of every other table row: halfway from the background to the track."""
        return _mix(self.background, self.track)

    @model_validator(mode="after")
    def _contrast(self):
        """Refuse colours below WCAG AA contrast, and status colours for unknown or missing statuses."""
        c = self
        pairs = [("text", c.text, "background", c.background, 4.5),
                 ("heading", c.heading, "background", c.background, 4.5),
                 ("muted", c.muted, "background", c.background, 4.5),
                 ("band_text", c.band_text, "band", c.band, 4.5),
                 ("band_muted", c.band_muted, "band", c.band, 4.5),
                 ("accent", c.accent, "background", c.background, 3.0),
                 ("draft", c.draft, "background", c.background, 4.5)]
        pairs += [(f"status.{k}.text", v.text, "background", c.background, 4.5) for k, v in c.status.items()]
        # Table rows alternate the background with a light band, and hold body text and status words.
        pairs += [(name, colour, "the table band (background and track mixed)", c.table_band, 4.5)
                  for name, colour in [("text", c.text), ("muted", c.muted)]
                  + [(f"status.{k}.text", v.text) for k, v in c.status.items()]]
        failures = [f"{fg} {a} on {bg} {b} has contrast {contrast_ratio(a, b):.2f}:1, below WCAG AA {need}:1"
                    for fg, a, bg, b, need in pairs if contrast_ratio(a, b) < need]
        known = [s.value for s in Status] + ["not_broken_down"]
        missing = [k for k in known if k not in c.status]
        unknown = [k for k in c.status if k not in known]
        if missing:
            failures.append(f"status lacks {', '.join(missing)}")
        if unknown:
            failures.append(f"status has unknown status {', '.join(unknown)}")
        if failures:
            raise ValueError("; ".join(failures))
        return self


class SizeRange(_Model):
    """A font size range in points: the planner picks the largest that fits."""

    max: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="Largest size, used when the text fits.")
    min: float = Field(ge=MIN_SIZE, le=MAX_SIZE,
                     description="Smallest size; text that does not fit at it continues on another slide.")

    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        return self


class Sizes(_Model):
    """Font sizes in points."""

    deck_title: SizeRange = Field(description="Title slide title.")
    title: SizeRange = Field(description="Slide titles.")
    subtitle: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="The cycle line under a status slide's title.")
    body: SizeRange = Field(description="Findings and recommendations.")
    chart: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="Chart labels.")
    source: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="Source citations.")
    footer: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="Footer text and slide number.")
    presenter: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="Presenter names on the title slide.")
    closing: SizeRange = Field(description="Closing slide text.")
    table: float = Field(14, ge=MIN_SIZE, le=MAX_SIZE,
                         description="Annex tables: dense, so smaller than the body (14 pt reads well).")


LAYOUT_KINDS = ("title", "status", "text", "recommendations", "closing", "annex")
"""The slide kinds a theme's `layouts:` mapping names (each of deckgen's slides is one of them)."""

LayoutKind = Literal["title", "status", "text", "recommendations", "closing", "annex"]


class Theme(_Model):
    """A deck's look: assets/themes/<name>.yaml."""

    name: str = Field(description="Theme name.")
    fonts: FontFiles = Field(description="Font family and files for all text and charts.")
    colours: Colours | None = Field(None, description="Palette; required unless the theme names a template "
                                                      "(whose colour scheme then gives the text colours).")
    sizes: Sizes = Field(description="Font sizes.")
    footer_logo: str | None = Field(None, description="Small logo in every footer, a path under assets/.")
    line_spacing: float = Field(1.2, ge=1.0, le=2.0, description="Line pitch as a multiple of the font size.")
    template: str | None = Field(
        None, description="A PowerPoint template (.pptx or .potx) to build into, a path under assets/; "
                          "`deckgen build --template` overrides it.")
    layouts: dict[LayoutKind, str] | None = Field(
        None, description="With a template: the layout (by name) each slide kind is placed on; kinds left out are "
                          "placed by their layouts' placeholders.")
    charts: Literal["shapes", "native", "picture"] = Field(
        "shapes", description="How status charts are drawn: 'shapes' (bars and text on the slide, in the deck's "
                              "fonts) or 'native' (PowerPoint charts that can be restyled by hand); 'picture', "
                              "which was an image, now means 'shapes'. `deckgen build --charts` overrides it.")


class ResolvedTheme:
    """A validated theme with its font files and logo found on disk."""

    def __init__(self, theme: Theme, font_files: dict[str, Path], footer_logo: Path | None,
                 template: Path | None = None, family: str | None = None):
        self.theme = theme
        family = family or theme.fonts.family
        self.regular = Font(family, font_files["regular"])
        self.bold = Font(family, font_files["bold"], bold=True)
        self.italic = Font(family, font_files["italic"], italic=True)
        self.footer_logo = footer_logo
        self.template = template
        """The template the deck is built into (its fonts and colours are then the theme's), or None."""

    @property
    def colours(self) -> Colours:
        """Return the theme's palette."""
        assert self.theme.colours is not None, "a theme is resolved with its colours"
        return self.theme.colours

    @property
    def sizes(self) -> Sizes:
        """Return the theme's font sizes."""
        return self.theme.sizes

    @property
    def fonts(self) -> tuple:
        """Return the regular, bold and italic fonts."""
        return (self.regular, self.bold, self.italic)


# --- a template's package and theme ---------------------------------------------------------------------------


class TemplateError(Exception):
    """A template deckgen cannot build into; the message says why and what to do."""


_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"


def template_package(path: Path) -> bytes:
    """Return the .pptx or .potx at PATH as a .pptx package with no slides; raise TemplateError when it is none."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TemplateError(f"template {name}: cannot read it ({error.strerror})") from None
    if data.startswith(_CFB):
        raise TemplateError(f"template {name} is password-protected or an old binary .ppt/.pot: save it "
                            f"unprotected as a .pptx or .potx (PowerPoint: File > Save As) and build again")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise TemplateError(f"template {name} is not a PowerPoint file (.pptx or .potx)"
                            + (": it looks damaged" if data.startswith(b"PK") else "")) from None
    if "ppt/presentation.xml" not in parts or "[Content_Types].xml" not in parts:
        raise TemplateError(f"template {name} is not a PowerPoint presentation or template "
                            f"(no ppt/presentation.xml in it)")
    try:
        presentation_xml = etree.fromstring(parts["ppt/presentation.xml"])
        rels = etree.fromstring(parts.get("ppt/_rels/presentation.xml.rels", b"<Relationships/>"))
    except etree.XMLSyntaxError:
        raise TemplateError(f"template {name} is damaged: its presentation part is not readable XML") from None
    # Its slides go: their ids from the slide list, their relationships from the presentation
    # (python-pptx then leaves the unreferenced slide parts out when saving).
    slide_ids = presentation_xml.find(f"{{{_NS['p']}}}sldIdLst")
    gone = set()
    if slide_ids is not None:
        gone = {e.get(f"{{{_NS['r']}}}id") for e in slide_ids}
        presentation_xml.remove(slide_ids)
    for rel in list(rels):
        if rel.get("Id") in gone:
            rels.remove(rel)
    size = presentation_xml.find(f"{{{_NS['p']}}}sldSz")
    if size is not None:
        cx, cy = int(size.get("cx", "0")), int(size.get("cy", "0"))
        if cy and abs(cx / cy - 16 / 9) > 0.02:
            raise TemplateError(f"template {name} has {cx / 360000:.2f} x {cy / 360000:.2f} cm slides "
                                f"({_ratio(cx, cy)}); deckgen's slides are 16:9 and would not fit its layouts: "
                                f"make it widescreen (PowerPoint: Design > Slide Size > Widescreen 16:9) and "
                                f"build again")
    parts["ppt/presentation.xml"] = etree.tostring(presentation_xml, xml_declaration=True, encoding="UTF-8",
                                                   standalone=True)
    parts["ppt/_rels/presentation.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                              standalone=True)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(_TEMPLATE_MAIN.encode(), _MAIN.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for part in sorted(parts):
            package.writestr(zipfile.ZipInfo(part, ZIP_TIME), parts[part])
    return out.getvalue()


def _ratio(cx: int, cy: int) -> str:
    for w, h in ((4, 3), (16, 10), (16, 9), (5, 4)):
        if abs(cx / cy - w / h) < 0.02:
            return f"{w}:{h}"
    return f"{cx / cy:.2f}:1"


# --- the template's theme -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateTheme:
    """A template's theme: its heading and body fonts and its colour scheme (name -> #RRGGBB)."""

    major: str
    minor: str
    colours: Mapping[str, str]


def template_theme(package: bytes, name: str) -> TemplateTheme:
    """Return the theme of a template PACKAGE's first master (see template_package); NAME names it in errors."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        names = source.namelist()
        master = sorted(n for n in names if re.fullmatch(r"ppt/slideMasters/slideMaster\d+\.xml", n))
        theme_name = None
        if master:
            rels_name = master[0].replace("slideMasters/", "slideMasters/_rels/") + ".rels"
            if rels_name in names:
                rels = etree.fromstring(source.read(rels_name))
                for rel in rels:
                    if rel.get("Type", "").endswith("/theme"):
                        theme_name = _join("ppt/slideMasters", rel.get("Target", ""))
        if theme_name not in names:
            theme_name = next((n for n in sorted(names) if re.fullmatch(r"ppt/theme/theme\d+\.xml", n)), None)
        if theme_name is None:
            raise TemplateError(f"template {name} has no theme part")
        root = etree.fromstring(source.read(theme_name))
    a = _NS["a"]

    def font(which: str) -> str:
        latin = root.find(f".//{{{a}}}fontScheme/{{{a}}}{which}/{{{a}}}latin")
        return latin.get("typeface", "") if latin is not None else ""

    colours = {}
    scheme = root.find(f".//{{{a}}}clrScheme")
    for child in (scheme if scheme is not None else []):
        value = child.find(f"{{{a}}}srgbClr")
        system = child.find(f"{{{a}}}sysClr")
        if value is not None:
            colours[etree.QName(child).localname] = "#" + value.get("val", "000000").upper()
        elif system is not None:
            colours[etree.QName(child).localname] = "#" + system.get("lastClr", "000000").upper()
    return TemplateTheme(font("majorFont"), font("minorFont"), colours)


# --- a template's layouts, and the one each slide kind gets --------------------------------------------------


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


def _score(kind: str, layout: LayoutInfo) -> int:
    """Return how well LAYOUT fits KIND by its placeholder types (higher is better; < 0: not at all)."""
    types = layout.types - {"dt", "ftr", "sldNum", "hdr", "sldImg"}
    if not layout.has_title():
        return -1
    content = [t for t, _, _ in layout.placeholders if t in {"body", "obj", "tbl", "chart", "pic", "dgm", "media",
                                                                 "clipArt"}]
    if kind == "title":
        return 10 if "ctrTitle" in types and "subTitle" in types else 6 if "ctrTitle" in types else \
            2 if types == {"title"} else 1
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

    The problems are messages; a mapping's name that names no layout says which names there are.
    """
    chosen: dict[str, LayoutInfo] = {}
    problems: list[str] = []
    names = [layout.name for layout in layouts]
    for kind in LAYOUT_KINDS:
        wanted = mapping.get(kind)
        if wanted is not None:
            match = next((layout for layout in layouts if layout.name == wanted), None)
            if match is None:
                near = closest(wanted, names)
                problems.append(f"layouts: {kind}: no layout named '{wanted}' in the template"
                                + (f"; did you mean '{near}'?" if near else f"; its layouts: {', '.join(names)}"))
            elif not match.has_title():
                problems.append(f"layouts: {kind}: layout '{wanted}' has no title placeholder")
            else:
                chosen[kind] = match
            continue
        scored = sorted(((_score(kind, layout), -i, layout) for i, layout in enumerate(layouts)),
                        key=lambda t: (t[0], t[1]), reverse=True)
        if scored and scored[0][0] >= 0:
            chosen[kind] = scored[0][2]
        else:
            problems.append(f"no layout for {kind} slides: none has a title placeholder "
                            f"(name one with `layouts: {{{kind}: NAME}}` in the theme)")
    return chosen, problems



def template_layouts(package: bytes) -> list[LayoutInfo]:
    """Return the layouts of a template PACKAGE (see template_package), master by master, in PowerPoint's order."""
    p, a, r = (f"{{{_NS[k]}}}" for k in ("p", "a", "r"))
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        names = set(source.namelist())

        def read(name: str):
            return etree.fromstring(source.read(name)) if name in names else None

        def targets(part: str) -> dict[str, str]:
            folder, _, file = part.rpartition("/")
            rels = read(f"{folder}/_rels/{file}.rels")
            out = {}
            for rel in rels if rels is not None else []:
                target = rel.get("Target", "")
                out[rel.get("Id", "")] = _join(folder, target)
            return out

        presentation = read("ppt/presentation.xml")
        masters = targets("ppt/presentation.xml")
        out = []
        for master_id in presentation.iter(f"{p}sldMasterId"):
            master_part = masters.get(master_id.get(f"{r}id", ""), "")
            master = read(master_part) if master_part else None
            if master is None:
                continue
            inherited = {ph_type: box for ph_type, _, box in _placeholders(master, {})}
            layout_parts = targets(master_part)
            for layout_id in master.iter(f"{p}sldLayoutId"):
                part = layout_parts.get(layout_id.get(f"{r}id", ""))
                layout = read(part) if part else None
                if layout is None:
                    continue
                c_sld = layout.find(f"{p}cSld")
                name = c_sld.get("name", "") if c_sld is not None else ""
                out.append(LayoutInfo(name, tuple(_placeholders(layout, inherited))))
    return out


def _join(folder: str, target: str) -> str:
    parts = folder.split("/") if not target.startswith("/") else []
    for piece in target.lstrip("/").split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _placeholders(part, inherited: Mapping[str, PlaceholderBox]) -> list[tuple[str, int, PlaceholderBox]]:
    p, a = f"{{{_NS['p']}}}", f"{{{_NS['a']}}}"
    out = []
    for sp in part.iter(f"{p}sp"):
        ph = sp.find(f"{p}nvSpPr/{p}nvPr/{p}ph")
        if ph is None:
            continue
        kind = ph.get("type", "obj")
        off, ext = sp.find(f"{p}spPr/{a}xfrm/{a}off"), sp.find(f"{p}spPr/{a}xfrm/{a}ext")
        if off is not None and ext is not None:
            box = PlaceholderBox(*(int(v) / 12700 for v in (off.get("x", 0), off.get("y", 0), ext.get("cx", 0),
                                                  ext.get("cy", 0))))
        else:
            master_kind = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(kind, kind)
            box = inherited.get(kind) or inherited.get(master_kind) or PlaceholderBox(0, 0, 0, 0)
        out.append((kind, int(ph.get("idx", "0")), box))
    return out


def with_template_colours(colours: Colours, scheme: Mapping[str, str], *, from_template: bool) -> Colours:
    """Return COLOURS for a deck built into a template whose colour scheme is SCHEME.

    The title and closing slides stand on the template's background (band = background, its text the
    heading colour). With FROM_TEMPLATE (the theme gave no colours of its own), the slide background, text,
    heading and accent are the scheme's lt1, dk1, dk2 and accent1. Raise ValueError when a colour then falls
    below WCAG AA contrast.
    """
    data = colours.model_dump()
    if from_template:
        background = scheme.get("lt1", colours.background)
        text = scheme.get("dk1", colours.text)
        heading = scheme.get("dk2", text)
        if contrast_ratio(heading, background) < 4.5:
            heading = text
        accent = scheme.get("accent1", colours.accent)
        if contrast_ratio(accent, background) < 3.0:
            accent = heading
        data.update(background=background, text=text, heading=heading, accent=accent)
    data.update(band=data["background"], band_text=data["heading"], band_muted=data["muted"])
    return Colours(**data)
