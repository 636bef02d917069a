"""build(): load -> validate -> plan -> render -> write, top to bottom."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.assets import LoadedContent, find_assets, load_content
from deckgen.content.sets import content_sets, issue_paths
from deckgen.errors import ContentError, Location, OutputError, Problem, display_path
from deckgen.locale import Locale, load_locale
from deckgen.plan.planner import DeckInput, PlanError, PlanOptions, plan_decks
from deckgen.plan.specs import DeckSpec
from deckgen.progress import Progress, no_progress
from deckgen.theme import ResolvedTheme
from deckgen.timing import Timing, deck_timing, limit_warnings, notes_lines

BUILD_DIR = Path("build")
"""Where decks go when no output is named."""

DEFAULT_PLAN = PlanOptions()
"""Plan options of an ordinary build: no draft marks, picture charts as the theme says, no annex."""


@dataclass
class Prepared:
    """A content set that passed every check, and its planned slides."""

    loaded: LoadedContent
    plan: DeckSpec
    locale: Locale
    """The labels the deck was planned with (its speaker notes' time lines use them too)."""
    timing: Timing
    """The deck's speaking time at its language's pace."""
    over_time: list[Problem] = field(default_factory=list)
    """A warning when the speaking time is over deck.yaml's time_limit."""

    @property
    def theme(self) -> ResolvedTheme:
        """Return the theme the deck is built in."""
        return self.loaded.theme

    @property
    def warnings(self) -> list[Problem]:
        """Return what the build leaves out and why (e.g. logos, when there is no assets folder), and time over."""
        return self.loaded.warnings + self.over_time


@dataclass
class BuildResult:
    """What a build wrote."""

    output: Path
    slides: int
    warnings: list[Problem]
    pdf: Path | None = None


def prepare(content_dir: Path, assets: Path | None = None, options: PlanOptions = DEFAULT_PLAN,
            template: Path | None = None, cache: bool = False) -> Prepared:
    """Return CONTENT_DIR loaded, validated and planned with OPTIONS; raise ContentError listing every problem.

    When CONTENT_DIR's folder holds other languages of the deck (content/ru beside content/en and
    content/kk), it is planned page for page with those that load (see plan_together): one language
    built alone has the slides it has when they are built together.
    A draft (OPTIONS.draft) is planned with what is still to fill, which its warnings list. TEMPLATE, a
    .pptx or .potx, overrides the theme's `template:` (its fonts and colours are planned with).
    With CACHE, the plans of all the languages come from the plan cache when none of their files changed
    (see deckgen.plan_cache), and go into it when they are planned.
    """
    loaded = load_content(content_dir, assets, draft=options.draft, template=template)
    loaded.warnings.extend(_empty_annex(loaded, content_dir, options))
    folders = _sibling_folders(Path(content_dir))
    key = _plan_key([Path(content_dir), *folders], assets, options, template) if cache else None
    cached = _cached_plans(key, [Path(content_dir)])
    if cached:
        return _prepared(loaded, cached[0])
    siblings = _siblings(Path(content_dir), assets, options, loaded.warnings, template)
    try:
        together = plan_together([loaded, *siblings], options)
    except ContentError:
        if not siblings:
            raise
        return plan_together([loaded], options)[0]  # a sibling that cannot be planned has its own build to say so
    if key and len(siblings) == len(folders):  # every language planned: the plans hold for each of them
        _store_plans(key, [Path(content_dir), *folders], together)
    return together[0]


def _plan_key(folders: list[Path], assets: Path | None, options: PlanOptions, template: Path | None) -> str:
    from deckgen.plan_cache import plan_key

    return plan_key(folders, assets if assets is not None else find_assets(folders[0]), options, template)


def _cached_plans(key: str | None, folders: list[Path]) -> list[DeckSpec] | None:
    """Return the cached plans of FOLDERS under KEY (see deckgen.plan_cache), or None."""
    if key is None:
        return None
    from deckgen import plan_cache

    plans = plan_cache.load(key)
    names = [str(folder.resolve()) for folder in folders]
    if plans is None or not all(isinstance(plans.get(name), DeckSpec) for name in names):
        return None
    return [plans[name] for name in names]  # type: ignore[misc]


def _store_plans(key: str, folders: list[Path], prepared: list[Prepared]) -> None:
    from deckgen import plan_cache

    plan_cache.store(key, {str(folder.resolve()): p.plan for folder, p in zip(folders, prepared)})


def _sibling_folders(content_dir: Path) -> list[Path]:
    """Return the other languages of CONTENT_DIR's deck beside it: the sets in its parent with the same issue files."""
    here = content_dir.resolve()
    sets = content_sets(content_dir.parent) if here.parent != here else []
    if len(sets) < 2 or here not in {s.resolve() for s in sets}:
        return []
    names = [p.name for p in issue_paths(content_dir)]
    return [folder for folder in sets
            if folder.resolve() != here and [p.name for p in issue_paths(folder)] == names]


def _siblings(content_dir: Path, assets: Path | None, options: PlanOptions,
              warnings: list[Problem], template: Path | None = None) -> list[LoadedContent]:
    """Return the other languages of CONTENT_DIR's deck beside it that load without problems.

    They are the content sets in its parent folder with the same issue files (as translations have).
    One that has problems is left out, and WARNINGS says so.
    """
    here = content_dir.resolve()
    sets = content_sets(content_dir.parent) if here.parent != here else []
    if len(sets) < 2 or here not in {s.resolve() for s in sets}:
        return []
    out = []
    names = [p.name for p in issue_paths(content_dir)]
    for folder in sets:
        if folder.resolve() == here or [p.name for p in issue_paths(folder)] != names:
            continue  # another deck, not a translation of this one: its issue files differ
        stamp = (_files_stamp(folder, assets), options.draft, template)
        cached = _SIBLINGS.get(folder.resolve())
        if cached is not None and cached[0] == stamp:
            out.append(cached[1])
            continue
        try:
            loaded = load_content(folder, assets, draft=options.draft, template=template)
        except ContentError:
            # its own build or validation lists its problems
            warnings.append(Problem(Location(display_path(folder)), f"has problems (deckgen validate lists them), "
                                    f"so {display_path(content_dir)} is paginated without this language: "
                                    f"their slides may differ", warning=True))
            continue
        _SIBLINGS[folder.resolve()] = (stamp, loaded)
        out.append(loaded)
    return out


_SIBLINGS: dict[Path, tuple[tuple, LoadedContent]] = {}
"""Sibling sets loaded before, with the stamp of their files: `deckgen watch` reloads only what changed."""


def _files_stamp(folder: Path, assets: Path | None) -> tuple:
    """Return the names, sizes and times of FOLDER's content files and of the assets' themes."""
    files = [folder / "deck.yaml", *issue_paths(folder)]
    themes = sorted((Path(assets) if assets is not None else find_assets(folder) or folder).glob("themes/*.yaml"))
    return tuple((str(f), st.st_size, st.st_mtime_ns) for f in files + themes if (st := f.stat()))


def plan_together(sets: list[LoadedContent], options: PlanOptions = DEFAULT_PLAN) -> list[Prepared]:
    """Return SETS, the languages of one deck, planned page for page: one type scale, the same breaks.

    Raise ContentError at the content a set cannot be laid out for.
    """
    locales = [load_locale(s.content.deck.language, s.content.deck.labels, s.assets) for s in sets]
    decks = [DeckInput(s.content, s.theme, locale, s.logos) for s, locale in zip(sets, locales)]
    try:
        plans = plan_decks(decks, options)
    except PlanError as error:
        loaded = sets[error.deck]
        raise ContentError.at(loaded.locate(error.where) if error.where else
                              loaded.deck_file.source_map.locate(()), str(error)) from None
    return [_prepared(s, plan, locale) for s, plan, locale in zip(sets, plans, locales)]


def _prepared(loaded: LoadedContent, plan: DeckSpec, locale: Locale | None = None) -> Prepared:
    """Return LOADED with its PLAN, its speaking time and a warning if that is over the deck's limit."""
    content = loaded.content
    locale = locale or load_locale(content.deck.language, content.deck.labels, loaded.assets)
    timing = deck_timing(plan, content, locale.pace)
    over = limit_warnings(timing, loaded.deck_file.source_map.locate(("time_limit",)))
    return Prepared(loaded, plan, locale, timing, over)


def strict_problems(warnings: list[Problem]) -> list[Problem]:
    """Return WARNINGS as problems, for --strict: each one fails the run."""
    return [dataclasses.replace(warning, warning=False) for warning in warnings]


def _empty_annex(loaded: LoadedContent, content_dir: Path, options: PlanOptions) -> list[Problem]:
    """Return a warning when the deck asks for the annex but no issue tracks a recommendation to fill it."""
    deck = loaded.content.deck
    if not (options.annex or deck.annex) or any(issue.review.recommendations for issue in loaded.content.issues):
        return []
    where = loaded.deck_file.source_map.locate(("annex",) if deck.annex else ())
    return [Problem(where, f"the annex stays empty: no issue of {display_path(content_dir)} tracks recommendations "
                           f"(review.recommendations)", warning=True)]


def default_output(prepared: Prepared) -> Path:
    """Return build/upr<cycle>-<country>-<language>.pptx, the country in Latin letters.

    File names stay ASCII so they survive e-mail, zip files and every file
    system: Республика Казахстан becomes respublika-kazakhstan.
    """
    from anyascii import anyascii

    deck = prepared.loaded.content.deck
    country = re.sub(r"[^a-z0-9]+", "-", anyascii(deck.country).lower()).strip("-")
    stem = f"upr{deck.cycle}-{country}" if country else f"upr{deck.cycle}"
    return BUILD_DIR / f"{stem}-{deck.language.lower()}.pptx"


def prepare_all(content_dirs: list[Path], assets: Path | None = None,
                options: PlanOptions = DEFAULT_PLAN, template: Path | None = None,
                cache: bool = False) -> list[Prepared]:
    """Return every content set prepared; raise one ContentError listing the problems of all of them.

    The sets are the languages of one deck, so they must also be in step (see languages_in_step), and
    they are planned page for page (see plan_together).
    """
    loaded, problems = [], []
    for content_dir in content_dirs:
        try:
            one = load_content(content_dir, assets, draft=options.draft, template=template)
        except ContentError as error:
            problems += error.problems
            continue
        one.warnings.extend(_empty_annex(one, content_dir, options))
        loaded.append(one)
    if problems:
        raise ContentError(problems)
    if len(loaded) == 1:
        return [prepare(content_dirs[0], assets, options, template, cache)]
    key = _plan_key(content_dirs, assets, options, template) if cache else None
    cached = _cached_plans(key, content_dirs)
    if cached:
        prepared = [_prepared(one, plan) for one, plan in zip(loaded, cached)]
    else:
        prepared = plan_together(loaded, options)
        if key:
            _store_plans(key, content_dirs, prepared)
    # a broken file has its own messages; comparing it would say the same again
    problems += languages_in_step(prepared)
    if problems:
        raise ContentError(problems)
    return prepared


@dataclass
class Checked:
    """One outcome of validate_sets(): a content set prepared, or problems (of one set, or languages out of step)."""

    content_dir: Path
    """The content set; for languages out of step, the folder of sets."""
    prepared: Prepared | None = None
    """The set, loaded and planned, when it is valid."""
    problems: ContentError | None = None
    """What is wrong, when something is."""


def validate_sets(content_dirs: Iterable[Path], assets: Path | None = None) -> Iterator[Checked]:
    """Check each of CONTENT_DIRS (a content set, or a folder of them) without building; yield each outcome.

    Outcomes come one by one as the sets are checked: each set prepared or its
    problems, then, for a folder of sets all valid alone, the ways its
    languages are out of step with the first (as check-translation says).
    """
    for folder in content_dirs:
        sets = content_sets(folder)
        if len(sets) == 1:
            try:
                yield Checked(sets[0], prepared=prepare(sets[0], assets))
            except ContentError as error:
                yield Checked(sets[0], problems=error)
            continue
        valid, loaded = True, {}
        for content_dir in sets:
            try:
                loaded[content_dir] = load_content(content_dir, assets)
            except ContentError as error:
                valid = False
                yield Checked(content_dir, problems=error)
        try:
            prepared_sets = plan_together(list(loaded.values()))
        except ContentError as error:
            yield Checked(Path(folder), problems=error)
            continue
        for content_dir, prepared in zip(loaded, prepared_sets):
            yield Checked(content_dir, prepared=prepared)
        # Each language valid alone, they must also be in step (a broken file has said its piece).
        drift = languages_in_step(prepared_sets) if valid and len(sets) > 1 else []
        if drift:
            yield Checked(Path(folder), problems=ContentError(drift))


def languages_in_step(sets: list[Prepared]) -> list[Problem]:
    """Return how each of SETS after the first differs from the first (the source), as check-translation says.

    The content format wants every language folder of a deck to have the same
    issue files, numbers and list lengths. Text left as in the source is only
    check-translation's warning: names and acronyms rightly stay. The files
    the sets were prepared from are compared as loaded, not read again.
    """
    from deckgen.translate.check import compare_content

    loaded = {file.path: file for p in sets for file in (p.loaded.deck_file, *p.loaded.issue_files)}
    source, *translations = sets
    return [problem for translation in translations
            for problem in compare_content(source.loaded.content_dir, translation.loaded.content_dir, loaded)
            if not problem.warning]


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
    """Read and write the plan cache of sibling languages; False plans everything afresh and leaves it alone."""
    progress: Progress | None = None
    """Hears of every slide rendered, the writing and the PDF export (see deckgen.progress); None: nobody."""
    notes_pages: bool = False
    """With pdf: export the PDF as notes pages (each slide above its speaker notes), for rehearsal."""
    strict: bool = False
    """Treat every warning as an error: no deck is written while any set has one."""

    def plan_options(self) -> PlanOptions:
        """Return the choices the planner makes the deck with."""
        return PlanOptions(draft=self.draft, charts=self.charts, annex=self.annex)


def build(content_dir: Path, output: Path | None = None, options: BuildOptions = BuildOptions()) -> BuildResult:
    """Build the deck of CONTENT_DIR into OUTPUT (and a PDF beside it); the last good deck survives any failure.

    OUTPUT None is the default name under build/ (see default_output); OPTIONS says how (see BuildOptions).
    """
    if output is not None:
        _check_pptx_name(Path(output))  # before any work: a wrong name is said at once, content problems or not
    prepared = prepare(Path(content_dir), options.assets, options.plan_options(), options.template, options.cache)
    if options.strict and prepared.warnings:
        raise ContentError(strict_problems(prepared.warnings))
    output = Path(output) if output else default_output(prepared)
    return write_deck(prepared, output, options)


def _check_pptx_name(output: Path) -> None:
    if output.suffix.lower() != ".pptx":
        raise OutputError(f"{display_path(output)}: the output must be a .pptx file")


def build_decks(folder: Path, output: Path | None = None, options: BuildOptions = BuildOptions()
                ) -> list[BuildResult]:
    """Build FOLDER's deck, or with FOLDER a folder of content sets (content/), one deck per set.

    For one set OUTPUT is the .pptx, as with build(). For several it names the
    folder the decks go to (default build/), each under its default name. Every
    set is checked before any deck is written: one language's mistake leaves
    every language's last good deck as it was. OPTIONS.progress hears of all
    the decks as one run.
    """
    folder = Path(folder)
    sets = content_sets(folder)
    if sets == [folder]:
        return [build(folder, output, options)]
    if output is not None and Path(output).suffix.lower() == ".pptx":
        raise OutputError(f"{display_path(folder)} holds {len(sets)} content sets "
                          f"({', '.join(s.name for s in sets)}), one deck each: -o names a folder for "
                          f"them, not a .pptx file")
    prepared = prepare_all(sets, options.assets, options.plan_options(), options.template, options.cache)
    if options.strict and any(p.warnings for p in prepared):
        raise ContentError(strict_problems([w for p in prepared for w in p.warnings]))
    outputs = [Path(output) / default_output(p).name if output else default_output(p) for p in prepared]
    clashes = sorted({display_path(o) for o in outputs if outputs.count(o) > 1})
    if clashes:
        raise OutputError(f"two content sets would write {clashes[0]}: give them different languages")
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
    if options.pdf:
        from deckgen.render.pdf import find_soffice

        soffice = find_soffice()  # before writing anything: a missing LibreOffice costs no deck

    from deckgen.files import write_bytes_atomically
    from deckgen.render.master import Brand
    from deckgen.render.slides import render_deck
    from deckgen.render.write import deterministic_bytes
    from deckgen.theme import TemplateError

    report = options.progress or no_progress
    slides = len(prepared.plan.slides)
    steps = _steps(prepared, options.pdf)
    report(0, steps, "rendering slides")
    try:
        presentation = render_deck(prepared.plan, lambda done, _, stage: report(done, steps, stage),
                                   notes_lines(prepared.timing, prepared.locale.text),
                                   brand=Brand.of(prepared.theme))
    except TemplateError as error:  # checked when the theme was loaded; a file changed since, say
        raise ContentError.at(Location(display_path(prepared.theme.template or "")), str(error)) from None
    report(slides, steps, "writing")
    write_bytes_atomically(deterministic_bytes(presentation), output)
    result = BuildResult(output, slides, prepared.warnings)
    if options.pdf:
        report(slides + 1, steps, "exporting PDF")
        from deckgen.render.pdf import NOTES_PAGES, export_pdf

        result.pdf = export_pdf(output, soffice, NOTES_PAGES if options.notes_pages else None,
                                language=prepared.plan.language_tag)  # else LibreOffice tags it en-US
    report(steps, steps, "done")
    return result


def _steps(prepared: Prepared, pdf: bool) -> int:
    """Return how many steps writing PREPARED reports: each slide, the writing, the PDF."""
    return len(prepared.plan.slides) + 1 + pdf
