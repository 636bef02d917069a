"""What a content set names under assets/: its theme, the theme's fonts and the logos, never outside it.

The assets folder sits in the content set, beside it or beside its parent (find_assets);
deckgen's own assets (the default theme and its fonts) stand in where a content set has
none. load_theme finds a theme in three checked steps: its fonts, its footer logo and its
template. deckgen.load loads a content set with all of these.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fontTools.ttLib import TTFont
from PIL import Image, ImageFont
from pydantic import ValidationError

from deckgen.content.problems import model_problems
from deckgen.content.yaml_source import SourceMap, load_yaml
from deckgen.errors import ContentError, Location, Problem, display_path
from deckgen.files import find_assets, read_regular, within  # noqa: F401 - find_assets is this module's name too
from deckgen.fonts import charmap
from deckgen.theme import Colours, ResolvedTheme, Theme, contrast_ratio, with_template_colours

if TYPE_CHECKING:
    from deckgen.package import TemplateMarks

BUILTIN_ASSETS = Path(__file__).parent / "builtin"
"""deckgen's own assets: the default theme and its fonts."""

DEFAULT_THEME = "default"


MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""A logo is a few hundred kilobytes; anything this large is the wrong file."""

MAX_IMAGE_PIXELS = 25_000_000
"""A logo of 5000 x 5000 pixels is sharp on any projector; more only costs memory and time."""

IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "BMP": "BMP", "TIFF": "TIFF"}
"""Image formats a deck may embed (what PowerPoint and python-pptx take), by Pillow's format name."""

MAX_FONT_BYTES = 50 * 1024 * 1024
"""A font file is a few megabytes at most, even with every script."""


def inside(base: Path, relative: str) -> Path | None:
    """Return BASE/RELATIVE when it stays inside BASE (symlinks resolved), else None."""
    if not relative or Path(relative).is_absolute() or "\0" in relative:
        return None
    return within(base, Path(base) / relative)


def path_problem(what: str, relative: str) -> str | None:
    """Return why RELATIVE, the path of WHAT (e.g. "logo"), can be no file's name, or None when it can."""
    if any(ch < " " for ch in relative):
        return f"{what} '{relative.encode('unicode_escape').decode()}' holds a control character; is it mistyped?"
    return None


def _remembered_by_content(check: Callable[..., str | None]) -> Callable[..., str | None]:
    """Return CHECK(*args, path), remembered by the bytes of the file at PATH (their SHA-256).

    Each check decodes a whole font or image; a build of every language, validate and then build, a watch
    session and the tests check the same few files again and again, often as copies. Hashing the bytes
    costs a millisecond; a file of other bytes is checked afresh.
    """
    answers: dict[tuple, str | None] = {}

    @functools.wraps(check)
    def checked(*args: object) -> str | None:
        *rest, path = args
        try:
            if os.stat(path).st_size > MAX_REMEMBERED_BYTES:  # type: ignore[arg-type]  # the last argument
                return check(*args)
            digest = hashlib.sha256(read_regular(path, MAX_REMEMBERED_BYTES)).hexdigest()  # type: ignore[arg-type]
        except (OSError, ValueError):
            return check(*args)  # which says what is wrong with the file
        key = (tuple(rest), digest)
        if key not in answers:
            if len(answers) >= 256:  # a long watch session over changing files: forget, start again
                answers.clear()
            answers[key] = check(*args)
        return answers[key]

    return checked


MAX_REMEMBERED_BYTES = 64 * 1024 * 1024
"""Files larger than this are not hashed: the checks refuse them by their size alone."""


def image_problem(what: str, relative: str, path: Path) -> str | None:
    """Return why the image at PATH (WHAT 'RELATIVE') cannot go on a slide, or None when it can.

    The whole image is decoded, so a truncated or damaged file is caught here rather than
    embedded as it is, and its size is checked before decoding, against decompression bombs.
    """
    problem = _image_problem(path)
    return None if problem is None else f"{what} '{relative}' {problem}"


@_remembered_by_content
def _image_problem(path: Path) -> str | None:
    """Return what is wrong with the image at PATH, after the name it is shown by, or None: decoded once per
    state of the file, however many roles it has (a presenter's logo and the theme's footer logo, say)."""
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return f"is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB; is this really a logo?"
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    return f"is a {image.format} image; use PNG, JPEG, GIF, BMP or TIFF"
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return (
                        f"is {width} x {height} pixels, more than the {MAX_IMAGE_PIXELS:,} "
                        f"pixels deckgen takes; scale it down"
                    )
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"is too large an image (more than {MAX_IMAGE_PIXELS:,} pixels); scale it down"
    except Image.UnidentifiedImageError:
        return "is not an image deckgen can embed; use PNG, JPEG, GIF, BMP or TIFF (not SVG)"
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # truncated or damaged data
        return f"is damaged or truncated ({error}); export it again"
    return None


@_remembered_by_content
def font_problem(relative: str, path: Path) -> str | None:
    """Return why the font file at PATH (RELATIVE as the theme writes it) cannot be used, or None when it can.

    Every table of the font is read, so a truncated file is caught here, not while laying out.
    """
    try:
        if path.stat().st_size > MAX_FONT_BYTES:
            return f"font file '{relative}' is larger than {MAX_FONT_BYTES // (1024 * 1024)} MB"
        with TTFont(str(path), lazy=True) as font:
            for tag in font.reader.keys():
                font.reader[tag]  # reads the table's bytes: a truncated file ends before them
        if not charmap(path):  # read as the glyph check reads it, which then finds it read
            return f"font file '{relative}' maps no characters to glyphs; is it a symbol font?"
        ImageFont.truetype(str(path), 10)
    except Exception as error:  # noqa: BLE001  fontTools and FreeType raise many kinds on damaged files
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        return f"font file '{relative}' is not a font deckgen can read ({reason})"
    return None


def builtin_theme() -> ResolvedTheme:
    """Return deckgen's built-in theme, as a content set without an assets folder gets it."""
    theme, _ = load_theme(None, None, Location(BUILTIN_ASSETS))
    return theme


def load_theme(
    name: str | None, assets: Path | None, location: Location, template: Path | None = None
) -> tuple[ResolvedTheme, list[Problem]]:
    """Return theme NAME from ASSETS/themes (the built-in default when NAME is None or there is no assets folder).

    Also return the warnings: what was left out. LOCATION locates the theme's name in deck.yaml for errors.
    TEMPLATE (`deckgen build --template`) overrides the theme's `template:`. Raise ContentError listing
    every problem of the theme, its fonts, its footer logo and its template.
    """
    path, base, warnings = _theme_file(name, assets, location)
    loaded = load_yaml(path, (base, "the assets folder"))
    theme, problems = model_problems(Theme, loaded)
    if not isinstance(theme, Theme):
        raise ContentError(problems)
    source = loaded.source_map
    files, found = theme_fonts(theme, source, base)
    problems += found
    footer_logo, found = theme_logo(theme, source, base)
    problems += found
    chosen = theme_template(theme, source, base, path, template)
    problems += chosen.problems
    warnings += chosen.warnings
    if theme.colours is None and chosen.path is None and not problems:
        problems.append(
            Problem(source.locate(()), "colours: missing: a theme gives its colours, unless it names a template")
        )
    family, accent = None, None
    marks: TemplateMarks | None = None
    if chosen.path is not None and not problems:
        # Imported for a template only: a theme of its own needs no package reader (nor lxml, for a handout).
        from deckgen.package import TemplateError

        try:
            theme, files, family, found, (marks, accent) = _with_template(
                theme,
                files,
                chosen.path,
                chosen.location,
                source.locate(("layouts",), key=True),
                own_colours=base != BUILTIN_ASSETS and theme.colours is not None,
            )
            problems += found
        except TemplateError as error:
            problems.append(Problem(chosen.location, str(error)))
    submission_template, found = theme_submission_template(theme, source, base)
    problems += found
    if problems:
        raise ContentError(problems)
    keep_out = tuple((b.left, b.top, b.width, b.height) for b in marks.keep_out) if marks else ()
    title = (
        (marks.title.left, marks.title.top, marks.title.width, marks.title.height) if marks and marks.title else None
    )
    if marks and marks.title_fault and chosen.path is not None:
        warnings.append(
            Problem(
                chosen.location,
                f"template {chosen.path.name}: {marks.title_fault}; slide titles stand on deckgen's grid instead",
            )
        )
    own_brand = marks.own_brand if marks else False
    resolved = ResolvedTheme(theme, files, footer_logo, chosen.path, family, keep_out, own_brand, accent, title)
    resolved.submission_template = submission_template
    return resolved, warnings


def theme_submission_template(theme: Theme, source: SourceMap, base: Path) -> tuple[Path | None, list[Problem]]:
    """Return the file of THEME's submission_template under BASE (None when it has none), and the problems."""
    if not theme.submission_template:
        return None, []
    location = source.locate(("submission_template",))
    found = inside(base, theme.submission_template)
    if found is None:
        return None, [Problem(location, f"submission_template '{theme.submission_template}' leaves the assets folder")]
    if found.suffix.lower() != ".docx":
        return None, [
            Problem(location, f"submission_template '{theme.submission_template}' must be a Word document (.docx)")
        ]
    if not found.is_file():
        return None, [
            Problem(location, f"submission_template '{theme.submission_template}' not found in {display_path(base)}/")
        ]
    return found, []


def _theme_file(name: str | None, assets: Path | None, location: Location) -> tuple[Path, Path, list[Problem]]:
    """Return the file of theme NAME, the assets folder its paths are under, and a warning when it is replaced.

    Raise ContentError when NAME is no plain name or names no theme of ASSETS.
    """
    if name is not None and (
        not name or any(ch in name for ch in "/\\") or name.startswith(".") or any(ch < " " for ch in name)
    ):
        raise ContentError.at(
            location,
            f"theme '{name}' must be a plain name (assets/themes/<name>.yaml): "
            f"theme paths may not leave the assets folder",
        )
    if name is None or assets is None:
        warnings = (
            []
            if name is None
            else [
                Problem(
                    location,
                    f"no assets folder beside the content set: theme '{name}' replaced by deckgen's built-in theme",
                    warning=True,
                )
            ]
        )
        return BUILTIN_ASSETS / "themes" / f"{DEFAULT_THEME}.yaml", BUILTIN_ASSETS, warnings
    path = assets / "themes" / f"{name}.yaml"
    if not path.is_file():
        names = sorted(p.stem for p in (assets / "themes").glob("*.yaml") if p.is_file())
        raise ContentError.at(
            location,
            f"theme '{name}' not found: no {display_path(path)}{'; available: ' + ', '.join(names) if names else ''}",
        )
    return path, assets, []


def theme_fonts(theme: Theme, source: SourceMap, base: Path) -> tuple[dict[str, Path], list[Problem]]:
    """Return the files of THEME's regular, bold and italic fonts under BASE (or deckgen's own), and the problems."""
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for style in ("regular", "bold", "italic"):
        relative = getattr(theme.fonts, style)
        location = source.locate(("fonts", style))
        bad = path_problem("font file", relative)
        if bad:
            problems.append(Problem(location, bad))
            continue
        if inside(base, relative) is None:
            problems.append(Problem(location, f"font file '{relative}' leaves the assets folder"))
            continue
        # The assets folder first, then deckgen's own fonts (where a relative path stays inside it too).
        found = next(
            (p for p in (inside(base, relative), inside(BUILTIN_ASSETS, relative)) if p is not None and p.is_file()),
            None,
        )
        if found is None:
            problems.append(
                Problem(
                    location,
                    f"font file '{relative}' not found in {display_path(base)} nor among deckgen's built-in fonts",
                )
            )
        elif (bad := font_problem(relative, found)) is not None:
            problems.append(Problem(location, bad))
        else:
            files[style] = found
    return files, problems


def theme_logo(theme: Theme, source: SourceMap, base: Path) -> tuple[Path | None, list[Problem]]:
    """Return the file of THEME's footer logo under BASE (None when it has none), and the problems."""
    if not theme.footer_logo:
        return None, []
    location = source.locate(("footer_logo",))
    bad = path_problem("footer_logo", theme.footer_logo)
    footer_logo = None if bad else inside(base, theme.footer_logo)
    if bad:
        return footer_logo, [Problem(location, bad)]
    if footer_logo is None:
        return None, [Problem(location, f"footer_logo '{theme.footer_logo}' leaves the assets folder")]
    if not footer_logo.is_file():
        return footer_logo, [Problem(location, f"footer_logo '{theme.footer_logo}' not found")]
    if (bad := image_problem("footer_logo", theme.footer_logo, footer_logo)) is not None:
        return footer_logo, [Problem(location, bad)]
    return footer_logo, []


@dataclass
class ChosenTemplate:
    """The template a theme is built into, where to point at it in messages, and what was found on the way."""

    path: Path | None
    location: Location
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def theme_template(
    theme: Theme, source: SourceMap, base: Path, theme_path: Path, template: Path | None
) -> ChosenTemplate:
    """Return the template of THEME (the file at THEME_PATH): TEMPLATE when given, else the theme's `template:`."""
    if template is not None:
        return ChosenTemplate(Path(template), Location(template))
    if theme.template:
        location = source.locate(("template",))
        path = inside(base, theme.template)
        if path is None:
            return ChosenTemplate(
                None, location, [Problem(location, f"template '{theme.template}' leaves the assets folder")]
            )
        if not path.is_file():
            return ChosenTemplate(
                None, location, [Problem(location, f"template '{theme.template}' not found in {display_path(base)}/")]
            )
        return ChosenTemplate(path, location)
    chosen = ChosenTemplate(None, Location(theme_path))
    if theme.layouts:
        chosen.warnings.append(
            Problem(source.locate(("layouts",)), "layouts: ignored: the theme names no template", warning=True)
        )
    return chosen


def _with_template(
    theme: Theme,
    files: dict[str, Path],
    template: Path,
    location: Location,
    layouts_location: Location,
    *,
    own_colours: bool,
) -> tuple[Theme, dict[str, Path], str, list[Problem], tuple[TemplateMarks, str | None]]:
    """Return THEME, its font FILES and family as built into TEMPLATE (its body font and colours), problems, and
    the template's own brand: its marks (see package.template_marks) and its accent colour (None when it does
    not reach 3:1 on the background, as a rule must).

    With OWN_COLOURS (a coalition's theme that gives its colours) the theme's text colours are kept; otherwise
    (no colours, or deckgen's built-in theme) they are the template's.

    The problems are what does not fit (layouts, fonts, contrast); raise TemplateError when TEMPLATE is no template.
    """
    from deckgen.package import choose_layouts, template_layouts, template_marks, template_package, template_theme

    package = template_package(template)
    found = template_theme(package, template.name)
    mapping: dict[str, str] = {str(kind): name for kind, name in (theme.layouts or {}).items()}
    chosen, layout_problems = choose_layouts(template_layouts(package), mapping)
    # the title slide has a design of its own (its title is the template's centre title): the others keep clear
    marks = template_marks(package, [layout for kind, layout in chosen.items() if kind != "title"], chosen.get("text"))
    problems = [
        Problem(layouts_location if theme.layouts else location, f"template {template.name}: {message}")
        for message in layout_problems
    ]
    family = found.minor or found.major or theme.fonts.family
    if family != theme.fonts.family:
        system = system_font_files(family)
        if system is None:
            problems.append(
                Problem(
                    location,
                    f"template {template.name} sets its text in '{family}', which is not "
                    f"installed: install the font, or give its files in the theme "
                    f"(fonts: {{family: {family}, regular: FILE, bold: FILE, italic: FILE}}, "
                    f"paths under assets/)",
                )
            )
        else:
            files = system
    try:
        base = theme.colours or _builtin_colours()
        colours = with_template_colours(base, found.colours, from_template=not own_colours)
    except ValueError as error:
        details = error.errors() if isinstance(error, ValidationError) else [{"msg": str(error)}]
        message = str(details[0]["msg"]).removeprefix("Value error, ")
        problems.append(Problem(location, f"template {template.name}'s colours: {message}"))
        colours = theme.colours or _builtin_colours()
    accent = found.colours.get("accent1")
    if accent is not None and contrast_ratio(accent, colours.background) < 3.0:
        accent = None
    return theme.model_copy(update={"colours": colours}), files, family, problems, (marks, accent)


def _builtin_colours() -> Colours:
    """Return the colours of deckgen's built-in theme (status colours and the like for a theme that gives none)."""
    colours = builtin_theme().theme.colours
    assert colours is not None
    return colours


def system_font_files(family: str) -> dict[str, Path] | None:
    """Return the regular, bold and italic files of FAMILY as installed on this machine (fontconfig), or None.

    A style the family lacks is measured with its regular file.
    """
    if shutil.which("fc-list") is None:
        return None
    try:
        listing = subprocess.run(
            ["fc-list", f"{family}:fontformat=TrueType", "file", "family", "style"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    styles: dict[str, Path] = {}
    for line in sorted(listing.splitlines()):
        path, _, rest = line.partition(": ")
        families = rest.split(":style=")[0].split(",")
        if family not in families:
            continue
        style = rest.partition(":style=")[2].split(",")[0].lower()
        bold, italic = "bold" in style, "italic" in style or "oblique" in style
        key = (
            "bold"
            if bold and not italic
            else "italic"
            if italic and not bold
            else "bolditalic"
            if bold
            else "regular"
            if style in ("regular", "book", "normal", "roman", "")
            else None
        )
        if key and key not in styles:
            styles[key] = Path(path)
    if "regular" not in styles:
        return None
    return {style: styles.get(style, styles["regular"]) for style in ("regular", "bold", "italic")}
