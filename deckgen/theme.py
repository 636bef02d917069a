"""Themes: colours, fonts, sizes and logos of a deck, checked for WCAG AA contrast when validated.

Finding and loading a theme under assets/ is deckgen.assets.load_theme.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from deckgen.content.model import Status
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
        pairs = [
            ("text", c.text, "background", c.background, 4.5),
            ("heading", c.heading, "background", c.background, 4.5),
            ("muted", c.muted, "background", c.background, 4.5),
            ("band_text", c.band_text, "band", c.band, 4.5),
            ("band_muted", c.band_muted, "band", c.band, 4.5),
            ("accent", c.accent, "background", c.background, 3.0),
            ("draft", c.draft, "background", c.background, 4.5),
        ]
        pairs += [(f"status.{k}.text", v.text, "background", c.background, 4.5) for k, v in c.status.items()]
        # Table rows alternate the background with a light band, and hold body text and status words.
        pairs += [
            (name, colour, "the table band (background and track mixed)", c.table_band, 4.5)
            for name, colour in [("text", c.text), ("muted", c.muted)]
            + [(f"status.{k}.text", v.text) for k, v in c.status.items()]
        ]
        failures = [
            f"{fg} {a} on {bg} {b} has contrast {contrast_ratio(a, b):.2f}:1, below WCAG AA {need}:1"
            for fg, a, bg, b, need in pairs
            if contrast_ratio(a, b) < need
        ]
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
    min: float = Field(
        ge=MIN_SIZE, le=MAX_SIZE, description="Smallest size; text that does not fit at it continues on another slide."
    )

    @model_validator(mode="after")
    def _ordered(self):
        if self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        return self


class Sizes(_Model):
    """Font sizes in points."""

    deck_title: SizeRange = Field(description="Title slide title.")
    title: SizeRange = Field(description="Slide titles.")
    subtitle: float = Field(
        ge=MIN_SIZE,
        le=MAX_SIZE,
        description="The title slide's event and date lines, and a statement's closing line. (A status slide's "
        "cycle line and a statement slide's issue name are body text, at the deck's body size.)",
    )
    body: SizeRange = Field(description="Findings and recommendations.")
    chart: float | None = Field(
        None,
        ge=MIN_SIZE,
        le=MAX_SIZE,
        description="Not used: kept so that older themes still load. Chart labels take the deck's body size and "
        "counts its title size, so a deck keeps one type scale.",
    )
    source: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="Source citations.")
    footer: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="Footer text and slide number.")
    presenter: float = Field(ge=MIN_SIZE, le=MAX_SIZE, description="Presenter names on the title slide.")
    closing: SizeRange = Field(description="Closing slide text.")
    table: float = Field(
        14, ge=MIN_SIZE, le=MAX_SIZE, description="Annex tables: dense, so smaller than the body (14 pt reads well)."
    )


LAYOUT_KINDS = ("title", "status", "text", "recommendations", "closing", "annex")
"""The slide kinds a theme's `layouts:` mapping names (each of deckgen's slides is one of them)."""

LayoutKind = Literal["title", "status", "text", "recommendations", "closing", "annex"]


class Theme(_Model):
    """A deck's look: assets/themes/<name>.yaml."""

    name: str = Field(description="Theme name.")
    fonts: FontFiles = Field(description="Font family and files for all text and charts.")
    colours: Colours | None = Field(
        None,
        description="Palette; required unless the theme names a template "
        "(whose colour scheme then gives the text colours).",
    )
    sizes: Sizes = Field(description="Font sizes.")
    footer_logo: str | None = Field(None, description="Small logo in every footer, a path under assets/.")
    line_spacing: float = Field(1.2, ge=1.0, le=2.0, description="Line pitch as a multiple of the font size.")
    template: str | None = Field(
        None,
        description="A PowerPoint template (.pptx or .potx) to build into, a path under assets/; "
        "`deckgen build --template` overrides it.",
    )
    layouts: dict[LayoutKind, str] | None = Field(
        None,
        description="With a template: the layout (by name) each slide kind is placed on; kinds left out are "
        "placed by their layouts' placeholders.",
    )
    submission_template: str | None = Field(
        None,
        description="A Word document (.docx) whose styles the stakeholder submission and the matrix take "
        "(Title, Heading 1-3, Normal), a path under assets/; a plain document in the theme's font "
        "otherwise.",
    )
    charts: Literal["shapes", "native", "picture"] = Field(
        "shapes",
        description="How status charts are drawn: 'shapes' (bars and text on the slide, in the deck's "
        "fonts) or 'native' (PowerPoint charts that can be restyled by hand); 'picture', "
        "which was an image, now means 'shapes'. `deckgen build --charts` overrides it.",
    )


class ResolvedTheme:
    """A validated theme with its font files and logo found on disk."""

    def __init__(
        self,
        theme: Theme,
        font_files: dict[str, Path],
        footer_logo: Path | None,
        template: Path | None = None,
        family: str | None = None,
        keep_out: tuple[tuple[float, float, float, float], ...] = (),
        template_brand: bool = False,
        template_accent: str | None = None,
        title_box: tuple[float, float, float, float] | None = None,
    ):
        self.theme = theme
        family = family or theme.fonts.family
        self.regular = Font(family, font_files["regular"])
        self.bold = Font(family, font_files["bold"], bold=True)
        self.italic = Font(family, font_files["italic"], italic=True)
        self.footer_logo = footer_logo
        self.template = template
        """The template the deck is built into (its fonts and colours are then the theme's), or None."""
        self.keep_out = keep_out
        """Rectangles (left, top, width, height in points) the template's master and layouts draw (a logo, a
        bar): titles stay clear of them."""
        self.template_brand = template_brand
        """The template's master draws a picture of its own: deckgen's footer logo and rule are left out."""
        self.template_accent = template_accent
        """The template's accent colour (its scheme's accent1, when it stands out on the background): the colour
        of the rules under the title slide's and the closing slide's titles; None: the band's text colour."""
        self.title_box = title_box
        """The template's title placeholder (on its layout for text slides) as left, top, width and height in
        points: where slide titles stand, and the band the body starts under; None: deckgen's grid."""
        self.submission_template: Path | None = None
        """The Word document whose styles the submission and the matrix take (the theme's submission_template)."""

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


# --- a template's colours (reading a template is deckgen.package's) ----------------------------------------


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
