"""Validation: pydantic models plus the format's cross-field rules, every problem located via the source map.

Nothing stops at the first problem: a run reports every problem of every
file at once, each as path:line:col: message.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.content.model import ContentSet, Deck, Issue
from deckgen.content.problems import model_problems
from deckgen.content.rules import duplicate_ids, glyph_problems, issue_rules, label_glyph_problems, still_to_fill
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
        from deckgen.locale import load_locale

        font_files = [font.file for font in theme.fonts]
        problems += glyph_problems([f for f in loaded if f is not None], font_files)
        if deck is not None and not problems:
            problems += label_glyph_problems(deck, deck_file.source_map, font_files,
                                             load_locale(deck.language).labels)
    if draft:
        warnings += [dataclasses.replace(p, warning=True) for p in to_fill]
    else:
        problems += to_fill
    if problems:
        raise ContentError(problems)
    content = ContentSet(deck=deck, issues=tuple(issues), issue_files=tuple(p.name for p in issue_paths))
    return LoadedContent(content, deck_file, issue_files, assets, theme, logos, warnings, to_fill)


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
