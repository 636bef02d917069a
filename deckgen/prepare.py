"""Loaded content sets planned: each set with its slides, its speaking time and its warnings.

prepare_sets is the one load-and-plan path of every command that needs the slides (build,
validate, handout, timing, xliff import): load_sets, then plan_sets plans the languages of a
deck page for page, then languages_in_step checks that they are translations of each other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from deckgen import plan_cache
from deckgen.content.compare import compare_content
from deckgen.content.sets import content_paths
from deckgen.errors import ContentError, Problem, display_path
from deckgen.load import LoadedContent, LoadedSets, load_sets, source_sets
from deckgen.locale import Locale, load_locale
from deckgen.plan.planner import DeckInput, PlanError, PlanOptions, plan_decks
from deckgen.plan.specs import DeckSpec
from deckgen.theme import ResolvedTheme
from deckgen.timing import Timing, deck_timing, limit_warnings

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
    planning: list[Problem] = field(default_factory=list)
    """What planning warns of: an annex that stays empty, a language paginated without another."""

    @property
    def theme(self) -> ResolvedTheme:
        """Return the theme the deck is built in."""
        return self.loaded.theme

    @property
    def warnings(self) -> list[Problem]:
        """Return what the build leaves out and why (e.g. logos, when there is no assets folder), and time over."""
        return self.loaded.warnings + self.planning + self.over_time


def prepare(
    content_dir: Path,
    assets: Path | None = None,
    options: PlanOptions = DEFAULT_PLAN,
    template: Path | None = None,
    cache: bool = False,
) -> Prepared:
    """Return CONTENT_DIR loaded, validated and planned with OPTIONS; raise ContentError listing every problem.

    When CONTENT_DIR's folder holds other languages of the deck (content/ru beside content/en and
    content/kk), it is planned page for page with those that load (see plan_sets): one language
    built alone has the slides it has when they are built together.
    A draft (OPTIONS.draft) is planned with what is still to fill, which its warnings list. TEMPLATE, a
    .pptx or .potx, overrides the theme's `template:` (its fonts and colours are planned with).
    With CACHE, the plans come from the plan cache when none of the languages' files changed (see
    deckgen.plan_cache), and go into it when they are planned.
    """
    folder = Path(content_dir)
    if source_sets(folder) != [folder]:
        content_paths(folder)  # a folder of sets is not one: raises, naming the sets in it
    return prepare_sets(folder, assets, options, template, cache)[0]


def plan_deck(sets: LoadedSets | LoadedContent, options: PlanOptions = DEFAULT_PLAN) -> Prepared:
    """Return the one content set SETS holds, planned as a build plans it (with its siblings); the library's entry.

    Raise ContentError listing SETS' problems, and ValueError when SETS is a folder of several sets
    (prepare_sets plans them all).
    """
    if isinstance(sets, LoadedContent):
        sets = LoadedSets(sets.content_dir, [sets.content_dir], [sets], [])
    sets.raise_problems()
    if len(sets.sets) != 1:
        raise ValueError(
            f"{display_path(sets.folder)} holds {len(sets.sets)} content sets; plan_deck plans one "
            f"(load_sets of one of them), prepare_sets plans them all"
        )
    return plan_sets(sets, options)[0]


def prepare_sets(
    folder: Path,
    assets: Path | None = None,
    options: PlanOptions = DEFAULT_PLAN,
    template: Path | None = None,
    cache: bool = False,
) -> list[Prepared]:
    """Return the content set FOLDER, or every set in the folder FOLDER, prepared; raise one ContentError.

    The error lists the problems of every set. The sets of a folder are the languages of one deck,
    so they must also be in step (see languages_in_step).
    """
    sets = load_sets(folder, assets, draft=options.draft, template=template, siblings=True)
    sets.raise_problems()
    prepared = plan_sets(sets, options, cache)
    # a broken file has its own messages; comparing it would say the same again
    if not sets.in_step and (drift := languages_in_step(prepared)):
        raise OutOfStep(drift, folder, prepared[0].loaded.content_dir)
    return prepared


class OutOfStep(ContentError):
    """Languages of a folder that differ from the first in more than text; the message ends with the way out."""

    def __init__(self, problems: list[Problem], folder: Path, source: Path):
        super().__init__(problems)
        self.hint = (
            f"the languages are out of step with {display_path(source)}: deckgen sync "
            f"{display_path(folder)} carries its numbers, codes and new items into every language "
            f"(with --dry-run, it only lists them)"
        )

    def format_message(self) -> str:  # noqa: D102 - the problems, then the way out
        return f"{super().format_message()}\n{self.hint}"


def plan_sets(sets: LoadedSets, options: PlanOptions = DEFAULT_PLAN, cache: bool = False) -> list[Prepared]:
    """Return the sets of SETS that loaded, planned page for page (see plan_together).

    One set asked for alone is planned with its siblings, the other languages beside it, when
    they can be planned together; otherwise alone (a sibling that cannot be planned has its own
    build to say so).
    """
    if not sets.sets:
        return []
    if sets.single:
        (one,) = sets.sets
        try:
            prepared = plan_together([one, *sets.siblings], options, cache)[:1]
        except ContentError:
            if not sets.siblings:
                raise
            prepared = plan_together([one], options)
        return [
            dataclasses.replace(
                prepared[0],
                planning=_empty_annex(one, options) + sets.sibling_warnings + _untranslated(one, sets.siblings),
            )
        ]
    return [
        dataclasses.replace(p, planning=_empty_annex(p.loaded, options))
        for p in plan_together(sets.sets, options, cache)
    ]


def _untranslated(loaded: LoadedContent, siblings: list[LoadedContent]) -> list[Problem]:
    """Return a warning for each text of LOADED still as in its source, the first language beside it.

    Names and acronyms rightly stay, so it is a warning; --strict makes it fail the build.
    """
    ordered = sorted([loaded, *siblings], key=lambda s: s.content_dir.name)
    if not siblings or ordered[0] is loaded:
        return []
    files = {file.path: file for s in (ordered[0], loaded) for file in (s.deck_file, *s.issue_files)}
    return [p for p in compare_content(ordered[0].content_dir, loaded.content_dir, files) if p.warning]


def plan_together(
    sets: list[LoadedContent], options: PlanOptions = DEFAULT_PLAN, cache: bool = False
) -> list[Prepared]:
    """Return SETS, the languages of one deck, planned page for page: one type scale, the same breaks.

    Raise ContentError at the content a set cannot be laid out for. With CACHE, the plans come from the
    plan cache, or go into it (see deckgen.plan_cache).
    """
    locales = [load_locale(s.content.deck.language, s.content.deck.labels, s.assets) for s in sets]
    key = _plan_key(sets, options) if cache else None
    plans = _cached_plans(key, sets)
    if plans is None:
        decks = [DeckInput(s.content, s.theme, locale, s.logos) for s, locale in zip(sets, locales)]
        try:
            plans = plan_decks(decks, options)
        except PlanError as error:
            loaded = sets[error.deck]
            raise ContentError.at(
                loaded.locate(error.key_path) if error.key_path else loaded.deck_file.source_map.locate(()), str(error)
            ) from None
        if key is not None:
            plan_cache.store(key, {str(s.content_dir.resolve()): plan for s, plan in zip(sets, plans)})
    timings = [deck_timing(plan, s.content, locale.pace) for s, plan, locale in zip(sets, plans, locales)]
    # the deck is given in any of its languages: the slowest decides whether it fits the time_limit
    slowest = max(range(len(sets)), key=lambda i: timings[i].minutes)
    prepared = []
    for s, plan, locale, timing in zip(sets, plans, locales, timings):
        over = limit_warnings(
            timing,
            s.deck_file.source_map.locate(("time_limit",)),
            (sets[slowest].content.deck.language, timings[slowest]),
        )
        prepared.append(Prepared(s, plan, locale, timing, over))
    return prepared


def _plan_key(sets: list[LoadedContent], options: PlanOptions) -> str:
    """Return the plan cache's key of SETS planned together with OPTIONS: every file they are made of."""

    theme = sets[0].theme
    return plan_cache.plan_key([s.content_dir for s in sets], sets[0].assets, (options, theme.theme), theme.template)


def _cached_plans(key: str | None, sets: list[LoadedContent]) -> list[DeckSpec] | None:
    """Return the plans of SETS cached under KEY, or None."""
    if key is None:
        return None

    plans = plan_cache.load(key)
    names = [str(s.content_dir.resolve()) for s in sets]
    if plans is None or not all(isinstance(plans.get(name), DeckSpec) for name in names):
        return None
    return [plans[name] for name in names]  # type: ignore[misc]


def strict_problems(warnings: list[Problem]) -> list[Problem]:
    """Return WARNINGS as problems, for --strict: each one fails the run."""
    return [dataclasses.replace(warning, warning=False) for warning in warnings]


def _empty_annex(loaded: LoadedContent, options: PlanOptions) -> list[Problem]:
    """Return a warning when the deck asks for the annex but no issue tracks a recommendation to fill it."""
    deck = loaded.content.deck
    if not (options.annex or deck.annex) or any(issue.review.recommendations for issue in loaded.content.issues):
        return []
    location = loaded.deck_file.source_map.locate(("annex",) if deck.annex else ())
    return [
        Problem(
            location,
            f"the annex stays empty: no issue of {display_path(loaded.content_dir)} tracks "
            f"recommendations (review.recommendations)",
            warning=True,
        )
    ]


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

    Outcomes come folder by folder: each set prepared or its problems, then, for a folder of
    sets all valid alone, the ways its languages are out of step with the first (as
    check-translation says).
    """
    for folder in map(Path, content_dirs):
        sets = load_sets(folder, assets, siblings=True)
        for path, problems in sets.failed.items():
            yield Checked(path, problems=ContentError(problems))
        try:
            prepared_sets = plan_sets(sets)
        except ContentError as error:
            yield Checked(sets.paths[0] if sets.single else folder, problems=error)
            continue
        # Each language valid alone, they must also be in step (a broken file has said its piece); the
        # comparison also gives each translation its warnings of text left as in the source.
        drift = languages_in_step(prepared_sets) if not sets.failed and not sets.single and not sets.in_step else []
        for prepared in prepared_sets:
            yield Checked(sets.paths[0] if sets.single else prepared.loaded.content_dir, prepared=prepared)
        if drift:
            yield Checked(folder, problems=OutOfStep(drift, folder, prepared_sets[0].loaded.content_dir))


def languages_in_step(sets: list[Prepared]) -> list[Problem]:
    """Return how each of SETS after the first differs from the first (the source), as check-translation says.

    The content format wants every language folder of a deck to have the same
    issue files, numbers and list lengths. Text left as in the source is only
    check-translation's warning: names and acronyms rightly stay. The files
    the sets were prepared from are compared as loaded, not read again.
    """
    if len(sets) < 2:
        return []
    loaded = {file.path: file for p in sets for file in (p.loaded.deck_file, *p.loaded.issue_files)}
    source, *translations = sets
    problems = []
    for translation in translations:
        found = compare_content(source.loaded.content_dir, translation.loaded.content_dir, loaded)
        problems += [problem for problem in found if not problem.warning]
        # English left in a translation is a warning of its set (text the same as the source's): --strict fails
        translation.planning.extend(p for p in found if p.warning and p not in translation.planning)
    return problems
