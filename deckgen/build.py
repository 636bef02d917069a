"""build(): load -> validate -> plan -> render -> write, top to bottom.

Loading and planning are deckgen.load and deckgen.prepare; this module renders what they
prepared and writes it. Every stage is imported where it is used, not here: `deckgen validate`,
`timing` and `handout` import this module for its names and never render a deck; and
`deckgen build` of a deck none of whose files changed writes the deck the build cache kept
(see _cached_decks) without importing the content model, the planner or the renderer, which
take most of a second to import.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from deckgen.errors import ContentError, Location, OutputError, Problem, display_path
from deckgen.files import refuse_overwriting_inputs, write_bytes_atomically
from deckgen.progress import Progress, no_progress

if TYPE_CHECKING:
    from deckgen.content.model import Deck
    from deckgen.plan.planner import PlanOptions
    from deckgen.prepare import Prepared

BUILD_DIR = Path("build")
"""Where decks go when no output is named."""


@dataclass
class BuildResult:
    """What a build wrote."""

    output: Path
    slides: int
    warnings: list[Problem]
    pdf: Path | None = None
    default_name: str | None = dataclasses.field(default=None, repr=False, compare=False)
    """The deck's file name when no output is named (see default_output); the build cache keeps it."""
    template: Path | None = dataclasses.field(default=None, repr=False, compare=False)
    """The template the deck was built into (an input no output may write over)."""
    font_files: tuple[Path, ...] = dataclasses.field(default=(), repr=False, compare=False)
    """The font files the deck's text was measured with: a template's may be installed on this machine,
    outside every folder the build cache's key covers, so the cache checks them too."""


def default_output(prepared: Prepared) -> Path:
    """Return build/upr<cycle>-<country>-<language>.pptx (see deck_stem)."""
    return BUILD_DIR / f"{deck_stem(prepared.loaded.content.deck)}.pptx"


def deck_stem(deck: Deck) -> str:
    """Return upr<cycle>-<country>-<language>, the name of DECK's files, the country in Latin letters.

    File names stay ASCII so they survive e-mail, zip files and every file
    system: Республика Казахстан becomes respublika-kazakhstan.
    """
    from anyascii import anyascii

    country = re.sub(r"[^a-z0-9]+", "-", anyascii(deck.country).lower()).strip("-")
    stem = f"upr{deck.cycle}-{country}" if country else f"upr{deck.cycle}"
    return f"{stem}-{deck.language.lower()}"


@dataclass(frozen=True)
class BuildOptions:
    """How decks are built: the choices of `deckgen build`, and who does the work (processes, progress).

    One object for build(), build_decks() and write_deck(); the CLI and watch make it.
    """

    pdf: bool = False
    """Also export a PDF beside each deck with LibreOffice (checked for before any deck is written)."""
    assets: Path | None = None
    """The assets folder (themes, logos, fonts); None takes the nearest assets/ beside the content set."""
    draft: bool = False
    """Mark every slide DRAFT; what is still to fill is planned and listed as warnings instead of failing."""
    charts: str | None = None
    """'picture' or 'native' status charts, overriding the theme's 'charts' setting; None takes the theme's."""
    annex: bool = False
    """Add the annex of tracked recommendations, as deck.yaml's `annex: true` does."""
    template: Path | None = None
    """A .pptx or .potx to build into, overriding the theme's `template:`; None takes the theme's."""
    cache: bool = True
    """Read and write the plan cache (see deckgen.plan_cache); False plans afresh and leaves the cache alone."""
    progress: Progress | None = None
    """Hears of every slide rendered, the writing and the PDF export (see deckgen.progress); None: nobody."""
    notes_pages: bool = False
    """With pdf: export the PDF as notes pages (each slide above its speaker notes), for rehearsal."""
    strict: bool = False
    """Treat every warning as an error: no deck is written while any set has one."""
    format: str | None = None
    """'statement' or 'report', overriding deck.yaml's `format`; None takes deck.yaml's."""
    deck_cache: bool = False
    """With cache, build_decks also keeps the decks it writes, and writes them again while none of their
    inputs changed, loading and planning nothing (`deckgen build` does; see deckgen.plan_cache.deck_key)."""

    def plan_options(self) -> PlanOptions:
        """Return the choices the planner makes the deck with."""
        from deckgen.plan.planner import PlanOptions

        return PlanOptions(draft=self.draft, charts=self.charts, annex=self.annex, format=self.format)


def build(content_dir: Path, output: Path | None = None, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the deck of CONTENT_DIR into OUTPUT (and a PDF beside it); the last good deck survives any failure.

    OUTPUT None is the default name under build/ (see default_output); OPTIONS says how (see BuildOptions).
    """
    from deckgen.prepare import prepare, strict_problems

    check_output_name(Path(content_dir), [Path(content_dir)], output, ".pptx", "the output", "deck")
    prepared = prepare(Path(content_dir), options.assets, options.plan_options(), options.template, options.cache)
    if options.strict and prepared.warnings:
        raise ContentError(strict_problems(prepared.warnings))
    output = Path(output) if output else default_output(prepared)
    _refuse_writing_over_the_template(prepared, output)
    return write_deck(prepared, output, options)


def _refuse_writing_over_the_template(prepared: Prepared, output: Path) -> None:
    """Raise OutputError when OUTPUT is the template PREPARED is built into: a template is an input."""
    if prepared.theme.template is not None:
        refuse_overwriting_inputs(output, [prepared.theme.template])


def check_output_name(folder: Path, sets: list[Path], output: Path | None, suffix: str, what: str, each: str) -> None:
    """Raise OutputError when OUTPUT cannot be WHAT is written for FOLDER (SETS, its content sets).

    For one set OUTPUT names the file, so it must end in SUFFIX (.pptx, .pdf); for several, the
    folder their files go to, EACH one by one. Checked before any work: a wrong name is said at
    once, content problems or not.
    """
    if output is None:
        return
    named = Path(output).suffix.lower() == suffix
    if sets == [folder] and not named:
        raise OutputError(f"{display_path(output)}: {what} must be a {suffix} file")
    if sets != [folder] and named:
        raise OutputError(
            f"{display_path(folder)} holds {len(sets)} content sets "
            f"({', '.join(s.name for s in sets)}), one {each} each: -o names a folder for "
            f"them, not a {suffix} file"
        )


Written = TypeVar("Written")
"""What a command writes a file of: a planned deck, a loaded content set."""


def output_paths(
    prepared: Sequence[Written], output: Path | None, single: bool, default: Callable[[Written], Path]
) -> list[Path]:
    """Return where each of PREPARED is written: OUTPUT for a SINGLE set, else under OUTPUT by DEFAULT's name.

    Without OUTPUT each goes to its DEFAULT path. Raise OutputError when two would write one file.
    """
    if single:
        return [Path(output) if output else default(prepared[0])]
    outputs = [Path(output) / default(p).name if output else default(p) for p in prepared]
    clashes = sorted({display_path(o) for o in outputs if outputs.count(o) > 1})
    if clashes:
        raise OutputError(f"two content sets would write {clashes[0]}: give them different languages")
    return outputs


def build_decks(folder: Path, output: Path | None = None, options: BuildOptions = BuildOptions()) -> list[BuildResult]:
    """Build FOLDER's deck, or with FOLDER a folder of content sets (content/), one deck per set.

    For one set OUTPUT is the .pptx, as with build(). For several it names the
    folder the decks go to (default build/), each under its default name. Every
    set is checked before any deck is written: one language's mistake leaves
    every language's last good deck as it was. OPTIONS.progress hears of all
    the decks as one run.
    """
    folder = Path(folder)
    key = _deck_key(folder, options)
    if key is not None and (cached := _cached_decks(key, folder, output, options)) is not None:
        return cached
    results = _build_decks(folder, output, options)
    if key is not None:
        _keep_decks(key, folder, results)
    return results


def _deck_key(folder: Path, options: BuildOptions) -> str | None:
    """Return the build cache's key of building FOLDER with OPTIONS, or None when the decks are not cached.

    A workbook is read to know its languages, and a PDF takes LibreOffice seconds: neither is worth it.
    """
    if not (options.cache and options.deck_cache) or options.pdf:
        return None
    if folder.suffix.lower() in (".xlsx", ".xlsm") and not folder.is_dir():
        return None
    from deckgen.plan_cache import deck_key

    choices = (options.draft, options.charts, options.annex, options.format)
    return deck_key(folder, options.assets, choices, options.template)


def _cached_decks(key: str, folder: Path, output: Path | None, options: BuildOptions) -> list[BuildResult] | None:
    """Write the decks the build cache keeps under KEY as _build_decks would, and return what it would; None
    when there are none. Their names are checked and --strict applied to their warnings as a build does."""
    from deckgen.plan_cache import DECKS, load

    entry = load(key, DECKS)
    if not isinstance(entry, dict) or not isinstance(entry.get("decks"), list):
        return None
    sets, decks = entry["sets"], entry["decks"]
    if any(_stamp(font) != stamp for deck in decks for font, stamp in deck["fonts"]):
        return None  # a font installed on this machine changed since: measure again
    check_output_name(folder, sets, output, ".pptx", "the output", "deck")
    if options.strict and any(deck["warnings"] for deck in decks):
        raise ContentError([dataclasses.replace(w, warning=False) for deck in decks for w in deck["warnings"]])
    if sets == [folder]:
        outputs = [Path(output) if output else BUILD_DIR / decks[0]["name"]]
    else:
        outputs = [(Path(output) if output else BUILD_DIR) / deck["name"] for deck in decks]
    for deck, target in zip(decks, outputs):
        if deck["template"] is not None:
            refuse_overwriting_inputs(target, [deck["template"]])
    report = options.progress or no_progress
    results = []
    for done, (deck, target) in enumerate(zip(decks, outputs)):
        report(done, len(decks), "writing")
        write_bytes_atomically(deck["data"], target)
        warnings = list(deck["warnings"])
        fonts = tuple(font for font, _ in deck["fonts"])
        results.append(BuildResult(target, deck["slides"], warnings, None, deck["name"], deck["template"], fonts))
    report(len(decks), len(decks), "done")
    return results


def _keep_decks(key: str, folder: Path, results: list[BuildResult]) -> None:
    """Keep the decks RESULTS wrote (of FOLDER) in the build cache under KEY, with what _cached_decks needs to
    write them again."""
    from deckgen.load import source_sets
    from deckgen.plan_cache import DECKS, store

    decks = []
    for result in results:
        decks.append(
            {
                "name": result.default_name,
                "data": Path(result.output).read_bytes(),  # as written, byte for byte
                "slides": result.slides,
                "warnings": list(result.warnings),
                "template": result.template,
                "fonts": [(font, _stamp(font)) for font in result.font_files],
            }
        )
    store(key, {"sets": source_sets(folder), "decks": decks}, DECKS)


def _stamp(path: Path) -> tuple[int, int] | None:
    """Return PATH's size and modification time, or None when it is not there."""
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _build_decks(folder: Path, output: Path | None, options: BuildOptions) -> list[BuildResult]:
    from deckgen.load import source_sets
    from deckgen.prepare import prepare_sets, strict_problems

    sets = source_sets(folder)
    if sets == [folder]:
        return [build(folder, output, options)]
    check_output_name(folder, sets, output, ".pptx", "the output", "deck")
    prepared = prepare_sets(folder, options.assets, options.plan_options(), options.template, options.cache)
    if options.strict and any(p.warnings for p in prepared):
        raise ContentError(strict_problems([w for p in prepared for w in p.warnings]))
    outputs = output_paths(prepared, output, False, default_output)
    for deck, target in zip(prepared, outputs):
        _refuse_writing_over_the_template(deck, target)
    if options.pdf:
        from deckgen.render.pdf import find_soffice

        find_soffice()
    # One bar for the whole run: each deck's steps follow the decks before it.
    report = options.progress or no_progress
    total = sum(_steps(p, options.pdf) for p in prepared)
    results, before = [], 0
    for deck, target in zip(prepared, outputs):
        language = deck.loaded.content.deck.language

        def deck_progress(done: int, _: int, stage: str, before: int = before, language: str = language) -> None:
            report(before + done, total, f"{language}: {stage}")

        results.append(write_deck(deck, target, dataclasses.replace(options, progress=deck_progress)))
        before += _steps(deck, options.pdf)
    return results


def write_deck(prepared: Prepared, output: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Render PREPARED and write it to OUTPUT atomically (and a PDF beside it with OPTIONS.pdf).

    OPTIONS.assets, draft, charts and annex were PREPARED's to plan with; the rest say how to write it.
    """
    _refuse_writing_over_the_template(prepared, output)
    if options.pdf:
        from deckgen.render.pdf import find_soffice

        soffice = find_soffice()  # before writing anything: a missing LibreOffice costs no deck

    report = options.progress or no_progress
    slides = len(prepared.plan.slides)
    steps = _steps(prepared, options.pdf)
    data = deck_bytes(prepared, options)
    report(slides, steps, "writing")
    write_bytes_atomically(data, output)
    theme = prepared.theme
    result = BuildResult(
        output,
        slides,
        prepared.warnings,
        default_name=default_output(prepared).name,
        template=prepared.theme.template,
        font_files=tuple(sorted({font.file for font in (theme.regular, theme.bold, theme.italic)})),
    )
    if options.pdf:
        report(slides + 1, steps, "exporting PDF")
        from deckgen.render.pdf import NOTES_PAGES, export_pdf

        result.pdf = export_pdf(
            output, soffice, NOTES_PAGES if options.notes_pages else None, language=prepared.plan.language_tag
        )  # else LibreOffice tags it en-US
    report(steps, steps, "done")
    return result


def deck_bytes(prepared: Prepared, options: BuildOptions = BuildOptions()) -> bytes:
    """Return PREPARED's deck as the bytes of its .pptx file: what build() writes, byte for byte.

    OPTIONS.progress hears of each slide.
    """
    # The renderer is imported here, not at the top: see the module's docstring.
    from deckgen.package import TemplateError
    from deckgen.render.master import Brand
    from deckgen.render.slides import render_deck
    from deckgen.render.write import deterministic_bytes
    from deckgen.timing import notes_lines

    report = options.progress or no_progress
    steps = _steps(prepared, options.pdf)
    report(0, steps, "rendering slides")
    try:
        presentation = render_deck(
            prepared.plan,
            lambda done, _, stage: report(done, steps, stage),
            notes_lines(prepared.timing, prepared.locale.text),
            brand=Brand.of(prepared.theme),
        )
    except TemplateError as error:  # checked when the theme was loaded; a file changed since, say
        raise ContentError.at(Location(prepared.theme.template or Path()), str(error)) from None
    return deterministic_bytes(presentation)


def _steps(prepared: Prepared, pdf: bool) -> int:
    """Return how many steps writing PREPARED reports: each slide, the writing, the PDF."""
    return len(prepared.plan.slides) + 1 + pdf


class _CallableModule(types.ModuleType):
    """This module, which `deckgen.build(...)` calls as build().

    `import deckgen` exports build(), and a package's attribute named like one of its
    modules is that module once the module is imported (by the CLI, say); so the module
    itself calls build(), and deckgen.build works the same whatever was imported first.
    """

    def __call__(
        self, content_dir: Path, output: Path | None = None, options: BuildOptions = BuildOptions()
    ) -> BuildResult:
        return build(content_dir, output, options)


sys.modules[__name__].__class__ = _CallableModule
