"""What a content set names under assets/: its theme, the theme's fonts and the logos, never outside it.

The assets folder sits in the content set, beside it or beside its parent (find_assets);
deckgen's own assets (the default theme and its fonts) stand in where a content set has
none. load_content loads a content set (deckgen.content.sets) with all of these found
and checked, the deck's language against deckgen's locales, and the content's characters
against the theme's fonts: what a build reads, every problem reported in one run.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from deckgen.content.model import ContentSet, Deck
from deckgen.content.problems import model_problems
from deckgen.content.rules import glyph_problems, label_glyph_problems
from deckgen.content.sets import load_content_files
from deckgen.content.yaml_source import LoadedFile, SourceMap, load_yaml
from deckgen.errors import ContentError, Location, Problem, display_path
from deckgen.files import within
from deckgen.locale import (
    UnknownLanguage,
    available_languages,
    base_language,
    check_locale,
    load_locale,
    override_problems,
)
from deckgen.theme import (
    ResolvedTheme,
    TemplateError,
    Theme,
    choose_layouts,
    template_layouts,
    template_package,
    template_theme,
    with_template_colours,
)

BUILTIN_ASSETS = Path(__file__).parent / "builtin"
"""deckgen's own assets: the default theme and its fonts."""

DEFAULT_THEME = "default"


def find_assets(content_dir: Path) -> Path | None:
    """Return the assets folder of CONTENT_DIR: in it, beside it, or beside its parent."""
    for folder in (content_dir, content_dir.parent, content_dir.parent.parent):
        candidate = folder / "assets"
        if candidate.is_dir():
            return candidate
    return None


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


def _once_per_file_state(check):
    """Return CHECK(*args, path) remembered while the file at PATH keeps its size and time: a deck's languages
    (and watch's rebuilds) check the same logos and fonts, each a full decode."""
    import functools

    @functools.lru_cache(maxsize=256)
    def remembered(args: tuple, path: Path, size: int, mtime_ns: int):
        return check(*args, path)

    @functools.wraps(check)
    def wrapper(*args):
        *rest, path = args
        try:
            stat = Path(path).stat()
        except OSError:
            return check(*args)
        return remembered(tuple(rest), Path(path), stat.st_size, stat.st_mtime_ns)

    return wrapper


@_once_per_file_state
def image_problem(what: str, relative: str, path: Path) -> str | None:
    """Return why the image at PATH (WHAT 'RELATIVE') cannot go on a slide, or None when it can.

    The whole image is decoded, so a truncated or damaged file is caught here rather than
    embedded as it is, and its size is checked before decoding, against decompression bombs.
    """
    import warnings

    from PIL import Image

    shown = f"{what} '{relative}'"
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            return f"{shown} is larger than {MAX_IMAGE_BYTES // (1024 * 1024)} MB; is this really a logo?"
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in IMAGE_FORMATS:
                    return f"{shown} is a {image.format} image; use PNG, JPEG, GIF, BMP or TIFF"
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return (f"{shown} is {width} x {height} pixels, more than the {MAX_IMAGE_PIXELS:,} "
                            f"pixels deckgen takes; scale it down")
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"{shown} is too large an image (more than {MAX_IMAGE_PIXELS:,} pixels); scale it down"
    except Image.UnidentifiedImageError:
        return f"{shown} is not an image deckgen can embed; use PNG, JPEG, GIF, BMP or TIFF (not SVG)"
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # truncated or damaged data
        return f"{shown} is damaged or truncated ({error}); export it again"
    return None


@_once_per_file_state
def font_problem(relative: str, path: Path) -> str | None:
    """Return why the font file at PATH (RELATIVE as the theme writes it) cannot be used, or None when it can.

    Every table of the font is read, so a truncated file is caught here, not while laying out.
    """
    from fontTools.ttLib import TTFont
    from PIL import ImageFont

    try:
        if path.stat().st_size > MAX_FONT_BYTES:
            return f"font file '{relative}' is larger than {MAX_FONT_BYTES // (1024 * 1024)} MB"
        with TTFont(str(path), lazy=True) as font:
            for tag in font.reader.keys():
                font.reader[tag]  # reads the table's bytes: a truncated file ends before them
            if not font.getBestCmap():
                return f"font file '{relative}' maps no characters to glyphs; is it a symbol font?"
        ImageFont.truetype(str(path), 10)
    except Exception as error:  # noqa: BLE001  fontTools and FreeType raise many kinds on damaged files
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        return f"font file '{relative}' is not a font deckgen can read ({reason})"
    return None



def load_theme(name: str | None, assets: Path | None, where, warnings: list,
               template: Path | None = None) -> ResolvedTheme:
    """Return theme NAME from ASSETS/themes (the built-in default when NAME is None or there is no assets folder).

    WHERE locates the theme's name in deck.yaml for errors; WARNINGS collects what was left out.
    TEMPLATE (`deckgen build --template`) overrides the theme's `template:`.
    """
    if name is not None and (not name or any(ch in name for ch in "/\\") or name.startswith(".")
                             or any(ch < " " for ch in name)):
        raise ContentError.at(where, f"theme '{name}' must be a plain name (assets/themes/<name>.yaml): "
                                     f"theme paths may not leave the assets folder")
    if name is not None and assets is None:
        warnings.append(Problem(where, f"no assets folder beside the content set: theme '{name}' replaced by "
                                       f"deckgen's built-in theme", warning=True))
    if name is None or assets is None:
        path, base = BUILTIN_ASSETS / "themes" / f"{DEFAULT_THEME}.yaml", BUILTIN_ASSETS
    else:
        path, base = assets / "themes" / f"{name}.yaml", assets
        if not path.is_file():
            names = sorted(p.stem for p in (assets / "themes").glob("*.yaml") if p.is_file())
            raise ContentError.at(where, f"theme '{name}' not found: no {display_path(path)}"
                                         f"{'; available: ' + ', '.join(names) if names else ''}")
    loaded = load_yaml(path, (base, "the assets folder"))
    model, problems = model_problems(Theme, loaded)
    if not isinstance(model, Theme):
        raise ContentError(problems)
    theme = model
    files: dict[str, Path] = {}
    for style in ("regular", "bold", "italic"):
        relative = getattr(theme.fonts, style)
        location = loaded.source_map.locate(("fonts", style))
        bad = path_problem("font file", relative)
        if bad:
            problems.append(Problem(location, bad))
            continue
        if inside(base, relative) is None:
            problems.append(Problem(location, f"font file '{relative}' leaves the assets folder"))
            continue
        # The assets folder first, then deckgen's own fonts (where a relative path stays inside it too).
        found = next((p for p in (inside(base, relative), inside(BUILTIN_ASSETS, relative))
                      if p is not None and p.is_file()), None)
        if found is None:
            problems.append(Problem(location, f"font file '{relative}' not found in {display_path(base)} "
                                              f"nor among deckgen's built-in fonts"))
        elif (bad := font_problem(relative, found)) is not None:
            problems.append(Problem(location, bad))
        else:
            files[style] = found
    footer_logo = None
    if theme.footer_logo:
        location = loaded.source_map.locate(("footer_logo",))
        bad = path_problem("footer_logo", theme.footer_logo)
        footer_logo = None if bad else inside(base, theme.footer_logo)
        if bad:
            problems.append(Problem(location, bad))
        elif footer_logo is None:
            problems.append(Problem(location, f"footer_logo '{theme.footer_logo}' leaves the assets folder"))
        elif not footer_logo.is_file():
            problems.append(Problem(location, f"footer_logo '{theme.footer_logo}' not found"))
        elif (bad := image_problem("footer_logo", theme.footer_logo, footer_logo)) is not None:
            problems.append(Problem(location, bad))
    template_path: Path | None = None
    template_where = Location(display_path(path))
    if template is not None:
        template_path, template_where = Path(template), Location(display_path(template))
    elif theme.template:
        template_where = loaded.source_map.locate(("template",))
        template_path = inside(base, theme.template)
        if template_path is None:
            problems.append(Problem(template_where, f"template '{theme.template}' leaves the assets folder"))
        elif not template_path.is_file():
            problems.append(Problem(template_where, f"template '{theme.template}' not found in "
                                                    f"{display_path(base)}/"))
            template_path = None
    elif theme.layouts:
        warnings.append(Problem(loaded.source_map.locate(("layouts",)), "layouts: ignored: the theme names no "
                                                                          "template", warning=True))
    if theme.colours is None and template_path is None and not problems:
        problems.append(Problem(loaded.source_map.locate(()), "colours: missing: a theme gives its colours, "
                                                              "unless it names a template"))
    family = None
    if template_path is not None and not problems:
        try:
            theme, files, family = _with_template(theme, files, template_path, template_where,
                                                  loaded.source_map.locate(("layouts",), key=True), problems,
                                                  own_colours=base != BUILTIN_ASSETS and theme.colours is not None)
        except TemplateError as error:
            problems.append(Problem(template_where, str(error)))
    if problems:
        raise ContentError(problems)
    return ResolvedTheme(theme, files, footer_logo, template_path, family)


def _with_template(theme: Theme, files: dict[str, Path], template: Path, where: Location, layouts_where: Location,
                   problems: list[Problem], *, own_colours: bool) -> tuple[Theme, dict[str, Path], str]:
    """Return THEME, its font FILES and family as built into TEMPLATE: the template's body font and colours.

    With OWN_COLOURS (a coalition's theme that gives its colours) the theme's text colours are kept; otherwise
    (no colours, or deckgen's built-in theme) they are the template's.

    What does not fit (layouts, fonts, contrast) goes to PROBLEMS; raise TemplateError when TEMPLATE is no template.
    """
    package = template_package(template)
    found = template_theme(package, template.name)
    mapping: dict[str, str] = {str(kind): name for kind, name in (theme.layouts or {}).items()}
    _, layout_problems = choose_layouts(template_layouts(package), mapping)
    problems += [Problem(layouts_where if theme.layouts else where, f"template {template.name}: {message}")
                 for message in layout_problems]
    family = found.minor or found.major or theme.fonts.family
    if family != theme.fonts.family:
        system = system_font_files(family)
        if system is None:
            problems.append(Problem(where, f"template {template.name} sets its text in '{family}', which is not "
                                           f"installed: install the font, or give its files in the theme "
                                           f"(fonts: {{family: {family}, regular: FILE, bold: FILE, italic: FILE}}, "
                                           f"paths under assets/)"))
        else:
            files = system
    try:
        base = theme.colours or _builtin_colours()
        colours = with_template_colours(base, found.colours, from_template=not own_colours)
    except ValueError as error:
        details = error.errors() if isinstance(error, ValidationError) else [{"msg": str(error)}]
        message = str(details[0]["msg"]).removeprefix("Value error, ")
        problems.append(Problem(where, f"template {template.name}'s colours: {message}"))
        colours = theme.colours or _builtin_colours()
    return theme.model_copy(update={"colours": colours}), files, family


def _builtin_colours():
    """Return the colours of deckgen's built-in theme (status colours and the like for a theme that gives none)."""
    colours = load_theme(None, None, None, []).theme.colours
    assert colours is not None
    return colours


def system_font_files(family: str) -> dict[str, Path] | None:
    """Return the regular, bold and italic files of FAMILY as installed on this machine (fontconfig), or None.

    A style the family lacks is measured with its regular file.
    """
    import shutil
    import subprocess

    if shutil.which("fc-list") is None:
        return None
    try:
        listing = subprocess.run(["fc-list", f"{family}:fontformat=TrueType", "file", "family", "style"],
                                 capture_output=True, text=True, timeout=30, check=False).stdout
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
        key = "bold" if bold and not italic else "italic" if italic and not bold else "bolditalic" if bold \
            else "regular" if style in ("regular", "book", "normal", "roman", "") else None
        if key and key not in styles:
            styles[key] = Path(path)
    if "regular" not in styles:
        return None
    return {style: styles.get(style, styles["regular"]) for style in ("regular", "bold", "italic")}


def _no_locale(language: str, assets: Path | None) -> str:
    return (f"no locale for language '{language}'; available: {', '.join(available_languages(assets))}; "
            f"`deckgen locale new {base_language(language)}` writes one to translate")


def deck_rules(deck: Deck, source: SourceMap, assets: Path | None, logos: dict[str, Path],
               warnings: list[Problem]) -> list[Problem]:
    """Return problems with deck.yaml's language, theme name and logos; record logo files in LOGOS."""
    problems = []
    if base_language(deck.language) not in available_languages(assets):
        problems.append(Problem(source.locate(("language",)), _no_locale(deck.language, assets)))
    else:
        locale = check_locale(deck.language, assets)
        problems += locale.problems
        warnings += locale.warnings
        if deck.labels and not locale.problems:
            for problem in override_problems(deck.language, deck.labels, assets):
                key_path = ("labels", problem.key) + ((problem.form,) if problem.form else ())
                problems.append(Problem(source.locate(key_path, key=problem.at_key), problem.message))
    for i, presenter in enumerate(deck.presenters):
        if not presenter.logo:
            continue
        where = source.locate(("presenters", i, "logo"))
        if assets is None:
            warnings.append(Problem(where, f"no assets folder beside the content set: logo "
                                                  f"'{presenter.logo}' left out", warning=True))
            continue
        bad = path_problem("logo", presenter.logo)
        logo_file = None if bad else inside(assets, presenter.logo)
        if bad:
            problems.append(Problem(where, bad))
        elif logo_file is None:
            problems.append(Problem(where, f"logo '{presenter.logo}' leaves the assets folder "
                                           f"({display_path(assets)}/)"))
        elif not logo_file.is_file():
            problems.append(Problem(where, f"logo '{presenter.logo}' not found in {display_path(assets)}/"))
        elif (bad := image_problem("logo", presenter.logo, logo_file)) is not None:
            problems.append(Problem(where, bad))
        else:
            logos[presenter.logo] = logo_file
    return problems


def locale_problems(content_dir: Path, assets: Path | None = None) -> list[Problem]:
    """Return the problems and warnings of the locale file of CONTENT_DIR's language (see check_locale).

    For check-translation, which reads deck.yaml alone: a new language's labels are part of its
    translation. Labels still in English are warnings, a broken locale file is problems, a language
    without a locale a problem of deck.yaml. ASSETS is the assets folder (default: the one beside the set).
    """
    deck = Path(content_dir) / "deck.yaml"
    try:
        loaded = load_yaml(deck)
    except ContentError:
        return []  # check-translation's comparison says so
    language = loaded.data.get("language") if isinstance(loaded.data, dict) else None
    if not isinstance(language, str) or not language:
        return []
    assets = assets if assets is not None else find_assets(Path(content_dir))
    try:
        checked = check_locale(language, assets)
    except UnknownLanguage:
        return [Problem(loaded.source_map.locate(("language",)), _no_locale(language, assets))]
    return checked.problems + checked.warnings


# --- a content set with its assets -------------------------------------------------------------


@dataclass
class LoadedContent:
    """A validated content set with the source maps that locate its values, and its assets."""

    content: ContentSet
    deck_file: LoadedFile
    issue_files: list[LoadedFile]
    assets: Path | None
    """The assets folder found beside the content set, if any."""
    theme: ResolvedTheme
    logos: dict[str, Path] = field(default_factory=dict)
    """Logo path as written in deck.yaml -> file on disk."""
    warnings: list[Problem] = field(default_factory=list)
    to_fill: list[Problem] = field(default_factory=list)
    """In a draft, what is still to fill (also among the warnings); otherwise these are problems."""

    @property
    def content_dir(self) -> Path:
        """Return the folder of the content set (where deck.yaml is)."""
        return self.deck_file.path.parent

    def locate(self, where: tuple) -> Location:
        """Return the location of WHERE: ("deck", *key_path) or ("issue", index, *key_path)."""
        if where[:1] == ("issue",) and len(where) > 1 and where[1] < len(self.issue_files):
            return self.issue_files[where[1]].source_map.locate(tuple(where[2:]))
        return self.deck_file.source_map.locate(tuple(where[1:]))


def load_content(content_dir: Path, assets: Path | None = None, *, draft: bool = False,
                 template: Path | None = None) -> LoadedContent:
    """Return the content set in CONTENT_DIR, validated; raise ContentError listing every problem.

    Its theme and logos are found in ASSETS, the assets folder (when None, the one find_assets
    finds beside the content set). With DRAFT, what is still to fill (see still_to_fill) is a warning
    instead of a problem.
    """
    content_dir = Path(content_dir)
    files = load_content_files(content_dir)
    problems = list(files.problems)
    deck, deck_file = files.deck, files.deck_file
    # deck.yaml's paths, the theme and the fonts are checked even when other files have
    # problems: one run reports everything.
    assets = Path(assets) if assets is not None else find_assets(content_dir)
    logos: dict[str, Path] = {}
    warnings: list[Problem] = list(files.warnings)
    theme = None
    if deck is not None:
        assert deck_file is not None  # a deck comes from its file
        problems += deck_rules(deck, deck_file.source_map, assets, logos, warnings)
        try:
            theme = load_theme(deck.theme, assets, deck_file.source_map.locate(("theme",)), warnings, template)
        except ContentError as error:
            problems += error.problems
    if theme is not None:
        font_files = [font.file for font in theme.fonts]
        problems += glyph_problems(files.loaded, font_files)
        if deck is not None and deck_file is not None and not problems:
            problems += label_glyph_problems(deck, deck_file.source_map, font_files,
                                             load_locale(deck.language, assets=assets).labels)
    if draft:
        warnings += [dataclasses.replace(p, warning=True) for p in files.to_fill]
    else:
        problems += files.to_fill
    if problems:
        raise ContentError(problems)
    # No problems: deck.yaml, every issue file and the theme loaded.
    assert deck_file is not None and theme is not None
    issue_files = [f for f in files.issues.files if f is not None]
    return LoadedContent(files.content(), deck_file, issue_files, assets, theme, logos, warnings,
                         files.to_fill)
