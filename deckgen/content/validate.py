"""Validation: pydantic models plus the format's cross-field rules, every problem located via the source map.

Nothing stops at the first problem: a run reports every problem of every
file at once, each as path:line:col: message.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.content.model import (
    ContentSet,
    Deck,
    Issue,
    Status,
    written_empty,
)
from deckgen.content.problems import model_problems
from deckgen.content.text import text_values
from deckgen.content.yaml_source import LoadedFile, SourceMap, load_yaml
from deckgen.errors import ContentError, Location, Problem, display_path
from deckgen.theme import ResolvedTheme, load_theme


# --- a whole content set ---------------------------------------------------------------------


@dataclass
class LoadedContent:
    """A validated content set with the source maps that locate its values."""

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


def find_assets(content_dir: Path) -> Path | None:
    """Return the assets folder of CONTENT_DIR: in it, beside it, or beside its parent."""
    for folder in (content_dir, content_dir.parent, content_dir.parent.parent):
        candidate = folder / "assets"
        if candidate.is_dir():
            return candidate
    return None


def inside(base: Path, relative: str) -> Path | None:
    """Return BASE/RELATIVE when it stays inside BASE (symlinks resolved), else None."""
    if not relative or Path(relative).is_absolute():
        return None
    base = base.resolve()
    target = (base / relative).resolve()
    return target if target == base or base in target.parents else None


def content_sets(folder: Path) -> list[Path]:
    """Return FOLDER when it is a content set (it has deck.yaml), else the content sets inside it.

    `content/` holds one content set per language, so naming it means every language.
    A folder with neither is returned as is, for load_content to explain.
    """
    folder = Path(folder)
    if (folder / "deck.yaml").is_file():
        return [folder]
    return sorted(p.parent for p in folder.glob("*/deck.yaml")) or [folder]


def content_paths(content_dir: Path) -> tuple[Path, list[Path]]:
    """Return CONTENT_DIR's deck.yaml and its issue files in file-name order; raise ContentError without deck.yaml."""
    content_dir = Path(content_dir)
    deck_path = content_dir / "deck.yaml"
    if not content_dir.is_dir():
        raise ContentError.at(Location(display_path(content_dir)), "no such folder")
    if not deck_path.is_file():
        nested = [folder.name for folder in content_sets(content_dir) if folder != content_dir]
        hint = (f"; it holds the content sets {', '.join(nested)}: name one, e.g. "
                f"{display_path(content_dir / nested[0])}") if nested else ", nor in any folder inside it"
        raise ContentError.at(Location(display_path(content_dir)), f"no deck.yaml in this folder{hint}")
    return deck_path, sorted((content_dir / "issues").glob("*.yaml"))


def load_content(content_dir: Path, assets: Path | None = None, *, draft: bool = False) -> LoadedContent:
    """Return the content set in CONTENT_DIR, validated; raise ContentError listing every problem.

    With DRAFT, what is still to fill (see still_to_fill) is a warning instead of a problem.
    """
    content_dir = Path(content_dir)
    deck_path, issue_paths = content_paths(content_dir)
    problems: list[Problem] = []
    to_fill: list[Problem] = []
    if not issue_paths:
        problems.append(Problem(Location(display_path(content_dir / "issues")), "no issue files (*.yaml) here"))

    loaded: list[LoadedFile | None] = []
    for path in [deck_path, *issue_paths]:
        try:
            loaded.append(load_yaml(path))
            problems += loaded[-1].problems
        except ContentError as error:
            problems += error.problems
            loaded.append(None)
    deck_file, issue_files = loaded[0], loaded[1:]
    deck = None
    if deck_file is not None:
        deck, found = model_problems(Deck, deck_file)
        problems += found
        if deck is not None:
            to_fill += still_to_fill(deck, deck_file.source_map)
    issues, sources = [], []
    for issue_file in issue_files:
        if issue_file is None:
            continue
        issue, found = model_problems(Issue, issue_file)
        problems += found
        if issue is not None:
            problems += issue_rules(issue, issue_file.source_map)
            to_fill += still_to_fill(issue, issue_file.source_map)
            issues.append(issue)
            sources.append(issue_file.source_map)
    problems += duplicate_ids(list(zip(issues, sources)))
    # deck.yaml's paths, the theme and the fonts are checked even when other files have
    # problems: one run reports everything.
    assets = Path(assets) if assets is not None else find_assets(content_dir)
    logos: dict[str, Path] = {}
    warnings: list[Problem] = []
    theme = None
    if deck is not None:
        problems += deck_rules(deck, deck_file.source_map, assets, logos, warnings)
        try:
            theme = load_theme(deck.theme, assets, deck_file.source_map.locate(("theme",)), warnings)
        except ContentError as error:
            problems += error.problems
    if theme is not None:
        font_files = [font.file for font in theme.fonts]
        problems += glyph_problems([f for f in loaded if f is not None], font_files)
        if deck is not None and not problems:
            problems += label_glyph_problems(deck, deck_file.source_map, font_files)
    if draft:
        warnings += [dataclasses.replace(p, warning=True) for p in to_fill]
    else:
        problems += to_fill
    if problems:
        raise ContentError(problems)
    content = ContentSet(deck=deck, issues=tuple(issues), issue_files=tuple(p.name for p in issue_paths))
    return LoadedContent(content, deck_file, issue_files, assets, theme, logos, warnings, to_fill)


def issue_rules(issue: Issue, source: SourceMap) -> list[Problem]:
    """Return the problems of the format's rules on one issue file that pydantic cannot see."""
    problems = []
    review = issue.review
    if review.total is None:
        return [Problem(source.locate(("review", "total")), "missing key 'total' in 'review'")]
    for key, (typed, listed) in review.contradictions().items():
        if key == "total":
            problems.append(Problem(source.locate(("review", "total")),
                                    f"total is {typed}, but {listed} recommendations are tracked"))
        elif typed is None:
            problems.append(Problem(source.locate(("review", "counts"), key=True),
                                    f"the counts leave out {key}, but {listed} tracked recommendations are {key}"))
        else:
            problems.append(Problem(source.locate(("review", "counts", key)),
                                    f"counts say {key}: {typed}, but {listed} tracked recommendations are {key}"))
    known = review.counts.known()
    counted = sum(known.values())
    if counted > review.total:
        problems.append(Problem(source.locate(("review", "counts"), key=True),
                                f"the counts add up to {counted}, more than the total {review.total}"))
    elif len(known) == len(Status) and not review.approximate and counted != review.total:
        problems.append(Problem(source.locate(("review", "total")),
                                f"total is {review.total} but the counts of every status add up to {counted}; "
                                f"fix one, or set 'approximate: true'"))
    for i, finding in enumerate(review.findings):
        topic_counts = [t.count for t in finding.topics if t.count is not None]
        status_counts = [review.counts.of(s) for s in finding.statuses]
        if topic_counts and all(n is not None for n in status_counts) and sum(topic_counts) > sum(status_counts):
            names = "/".join(s.value for s in finding.statuses)
            problems.append(Problem(source.locate(("review", "findings", i, "topics"), key=True),
                                    f"the topics' counts add up to {sum(topic_counts)}, more than the "
                                    f"{sum(status_counts)} counted as {names}"))
    return problems


def still_to_fill(item: Deck | Issue, source: SourceMap) -> list[Problem]:
    """Return a problem for every value of ITEM (deck.yaml or an issue file) still to fill.

    Still to fill: a value the format allows to be written empty for now ("" or []), as
    `deckgen new-cycle` leaves them, and a tracked recommendation without a status.
    A draft build shows these as warnings; every other build refuses them.
    """
    problems = [Problem(source.locate(path), f"{path[-1]} still to fill: {what}")
                for path, what in _to_fill(item) if written_empty(item, path)]
    if isinstance(item, Issue):
        problems += [Problem(source.locate(("review", "recommendations", i)),
                             f"status of recommendation {tracked.id} still to fill")
                     for i, tracked in enumerate(item.review.recommendations) if tracked.status is None]
    return sorted(problems, key=lambda problem: problem.location)


def _to_fill(item: Deck | Issue) -> list[tuple[tuple, str]]:
    """Return the key paths of ITEM that may be written empty while still to fill, and what to write there."""
    if isinstance(item, Deck):
        return [(("title",), f"write the deck's title for cycle {item.cycle}"),
                (("event",), "write where and when the deck is presented, or remove the key")]
    findings = (f"write the coalition's findings on the cycle-{item.review.cycle} recommendations, one block "
                f"per status group")
    return [(("review", "findings"), findings),
            (("recommendations",), "write the coalition's recommendations for this cycle")]


def duplicate_ids(issues: list[tuple[Issue, SourceMap]]) -> list[Problem]:
    """Return a problem for every tracked recommendation whose id an earlier one in the deck has."""
    first: dict[str, Location] = {}
    problems = []
    for issue, source in issues:
        for i, tracked in enumerate(issue.review.recommendations):
            where = source.locate(("review", "recommendations", i, "id"))
            if tracked.id in first:
                seen = first[tracked.id]
                problems.append(Problem(where, f"recommendation id '{tracked.id}' is tracked twice "
                                               f"(first at {seen.path}:{seen.line})"))
            else:
                first[tracked.id] = where
    return problems


def deck_rules(deck: Deck, source: SourceMap, assets: Path | None, logos: dict[str, Path],
               warnings: list[Problem]) -> list[Problem]:
    """Return problems with deck.yaml's language, theme name and logos; record logo files in LOGOS."""
    from deckgen.locale import available_languages, base_language, override_problems

    problems = []
    if base_language(deck.language) not in available_languages():
        problems.append(Problem(source.locate(("language",)),
                                f"no locale for language '{deck.language}'; available: "
                                f"{', '.join(available_languages())}"))
    elif deck.labels:
        for problem in override_problems(deck.language, deck.labels):
            path = ("labels", problem.key) + ((problem.form,) if problem.form else ())
            problems.append(Problem(source.locate(path, key=problem.at_key), problem.message))
    for i, presenter in enumerate(deck.presenters):
        if not presenter.logo:
            continue
        where = source.locate(("presenters", i, "logo"))
        if assets is None:
            warnings.append(Problem(where, f"no assets folder beside the content set: logo "
                                                  f"'{presenter.logo}' left out", warning=True))
            continue
        path = inside(assets, presenter.logo)
        if path is None:
            problems.append(Problem(where, f"logo '{presenter.logo}' leaves the assets folder "
                                           f"({display_path(assets)}/)"))
        elif not path.is_file():
            problems.append(Problem(where, f"logo '{presenter.logo}' not found in {display_path(assets)}/"))
        else:
            logos[presenter.logo] = path
    return problems


def glyph_problems(files: list[LoadedFile], font_files: list[Path]) -> list[Problem]:
    """Return a problem for every character of the content that one of FONT_FILES cannot draw.

    A missing glyph would show as an empty box on a slide or in a chart, so
    it is caught here, before anything is rendered.
    """
    fonts = _font_names(font_files)
    return [Problem(loaded_file.source_map.locate(path),
                    f"character {ch!r} (U+{ord(ch):04X}) is not in the theme's fonts ({fonts})")
            for loaded_file in files for path, text in text_values(loaded_file.data)
            for ch in _missing_characters([text], font_files)]


def label_glyph_problems(deck: Deck, source: SourceMap, font_files: list[Path]) -> list[Problem]:
    """Return a problem for every character of the deck's UI labels that one of FONT_FILES cannot draw.

    Labels the deck overrides are content, checked with the rest of deck.yaml;
    the others come from deckgen's locale and are reported at `language:`,
    since choosing the language (or the theme) is what the user can change.
    """
    from deckgen.locale import load_locale

    labels = load_locale(deck.language).labels
    texts = [text for key, value in labels.items() if key not in (deck.labels or {})
             for text in (value.values() if isinstance(value, dict) else [value])]
    fonts = _font_names(font_files)
    return [Problem(source.locate(("language",)), f"character {ch!r} (U+{ord(ch):04X}) of the "
                                                  f"'{deck.language}' labels is not in the theme's fonts ({fonts})")
            for ch in _missing_characters(texts, font_files)]


def _missing_characters(texts: list[str], font_files: list[Path]) -> list[str]:
    """Return the characters of TEXTS that one of FONT_FILES lacks, in code point order."""
    from deckgen.fonts import missing_glyphs

    return sorted({ch for font in font_files for text in texts for ch in missing_glyphs(text, font)})


def _font_names(font_files: list[Path]) -> str:
    return ", ".join(sorted({f.name for f in font_files}))
