"""The load stage: content sets from disk to validated data with source maps, every problem at once.

load_sets is what every command that reads a whole content set starts with: given a
content set (content/en) or a folder of them (content/), it loads each set with its
theme, fonts, logos and locale found and checked (load_content), and returns the sets
that loaded and the problems of those that did not. Nothing is raised for bad content:
the caller decides whether a problem stops it (build) or is one outcome among others
(validate).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.assets import find_assets, image_problem, inside, load_theme, path_problem
from deckgen.content.model import ContentSet, Deck
from deckgen.content.rules import glyph_problems, label_glyph_problems
from deckgen.content.sets import (
    ContentFiles,
    SetFiles,
    check_content_files,
    content_paths,
    content_sets,
    issue_paths,
    load_content_files,
    read_set,
)
from deckgen.content.yaml_source import LoadedFile, SourceMap
from deckgen.errors import ContentError, Location, Problem, display_path, problem_order
from deckgen.locale import (
    UnknownLanguage,
    available_languages,
    base_language,
    check_locale,
    load_locale,
    override_problems,
)
from deckgen.theme import ResolvedTheme
from deckgen.workbook import is_workbook


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

    def locate(self, key_path: tuple) -> Location:
        """Return the location of KEY_PATH, a place in the content: ("deck", *keys) or ("issue", index, *keys)."""
        if key_path[:1] == ("issue",) and len(key_path) > 1 and key_path[1] < len(self.issue_files):
            return self.issue_files[key_path[1]].source_map.locate(tuple(key_path[2:]))
        return self.deck_file.source_map.locate(tuple(key_path[1:]))


@dataclass
class LoadedSets:
    """What load_sets found: the content sets asked for, those that loaded, and the problems of the others."""

    folder: Path
    """The folder asked for: a content set, or a folder of them."""
    paths: list[Path]
    """The content sets in it (FOLDER itself when it is one)."""
    sets: list[LoadedContent]
    """The sets that loaded without problems, in the order of PATHS."""
    problems: list[Problem]
    """Every problem of every set that did not load."""
    failed: dict[Path, list[Problem]] = field(default_factory=dict)
    """The problems by set, for each of PATHS that did not load."""
    siblings: list[LoadedContent] = field(default_factory=list)
    """With one set asked for and siblings=True: the other languages of its deck beside it that load."""
    sibling_warnings: list[Problem] = field(default_factory=list)
    """A warning for each other language of the deck that has problems, so is not paginated with it."""
    in_step: bool = False
    """The sets are in step by construction (a workbook's languages: each number typed once), so no
    comparison of their files is needed."""
    read: list[SetFiles] = field(default_factory=list)
    """Without validation (validate=False): each set's files as read, in the order of PATHS, for commands that
    rewrite files which need not be valid yet (import, sync, check-translation --fix, xliff)."""

    def files_of(self, path: Path) -> SetFiles:
        """Return the files of the set at PATH as read (validate=False); raise ContentError with its problems."""
        if path in self.failed:
            raise ContentError(self.failed[path])
        for read in self.read:
            if read.content_dir == Path(path):
                return read
        content_paths(path)  # not one of the sets read (a folder of them, say): raises, naming what it holds
        raise ValueError(f"{display_path(path)} was not read")  # content_paths raised already: never reached

    @property
    def single(self) -> bool:
        """Return whether FOLDER is one content set (not a folder of them)."""
        return self.paths == [self.folder]

    def raise_problems(self) -> None:
        """Raise ContentError listing every problem, if any set has one."""
        if self.problems:
            raise ContentError(self.problems)


def load_sets(
    folder_or_set: Path,
    assets: Path | None = None,
    *,
    draft: bool = False,
    template: Path | None = None,
    siblings: bool = False,
    validate: bool = True,
) -> LoadedSets:
    """Return the content set FOLDER_OR_SET, or each set in the folder FOLDER_OR_SET, loaded and checked.

    ASSETS, DRAFT and TEMPLATE are load_content's. With SIBLINGS and a single set, the other
    languages of its deck beside it are loaded too (see load_siblings): a deck is paginated
    page for page with its translations.

    Without VALIDATE, each set's files are only read (LoadedSets.read: parsed, with source maps, each read
    the one safe way), for a command that rewrites files which need not be valid yet; the problems are
    those of folders that are no content set.
    """
    folder = Path(folder_or_set)
    if not validate:
        return read_sets(folder)
    if is_workbook(folder):
        return load_workbook_sets(folder, assets, draft=draft, template=template)
    paths = content_sets(folder)
    loaded, problems, failed = [], [], {}
    for path in paths:
        try:
            loaded.append(load_content(path, assets, draft=draft, template=template))
        except ContentError as error:
            problems += error.problems
            failed[path] = error.problems
    result = LoadedSets(folder, paths, loaded, problems, failed)
    if siblings and result.single and loaded:
        result.siblings, result.sibling_warnings = load_siblings(folder, assets, draft=draft, template=template)
    return result


def read_sets(folder: Path) -> LoadedSets:
    """Return load_sets(FOLDER, validate=False): the files of FOLDER's content sets read, not validated."""
    paths = content_sets(folder)
    result = LoadedSets(folder, paths, [], [], {})
    for path in paths:
        try:
            result.read.append(read_set(path))
        except ContentError as error:
            result.problems += error.problems
            result.failed[path] = error.problems
    return result


def read_each(*content_dirs: Path) -> list[SetFiles]:
    """Return each of CONTENT_DIRS, one content set each, read as load_sets(validate=False) reads it.

    Raise ContentError listing the problems of every one that is no content set (a folder of them, say).
    """
    read, problems = [], []
    for content_dir in map(Path, content_dirs):
        try:
            read.append(read_set(content_dir))
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return read


def load_set(
    content_dir: Path, assets: Path | None = None, *, draft: bool = False, template: Path | None = None
) -> LoadedContent:
    """Return the one content set CONTENT_DIR loaded and checked as load_sets checks it; raise ContentError
    listing every problem. A folder of sets is refused, naming the sets in it."""
    folder = Path(content_dir)
    if source_sets(folder) != [folder]:
        content_paths(folder)  # a folder of sets is not one: raises, naming the sets in it
    sets = load_sets(folder, assets, draft=draft, template=template)
    sets.raise_problems()
    return sets.sets[0]


def source_sets(folder: Path) -> list[Path]:
    """Return the content sets FOLDER stands for: content_sets' for a folder, a workbook's languages for a workbook.

    A workbook's languages are named as folders beside it ("deck.xlsx (en)"), so that assets/ is found
    beside the workbook as it is beside content/.
    """
    if is_workbook(folder):
        from deckgen.workbook.read import read_workbook, virtual_dir  # only for a workbook: a folder needs none

        try:
            content = read_workbook(folder)
        except ContentError:
            return [Path(folder)]  # load_sets says what is wrong with it
        return [virtual_dir(content.path, language) for language in content.languages]
    return content_sets(folder)


def load_workbook_sets(
    workbook: Path, assets: Path | None = None, *, draft: bool = False, template: Path | None = None
) -> LoadedSets:
    """Return every language of WORKBOOK (deckgen.workbook) loaded and checked, as load_sets gives a folder's.

    A workbook is one more source: each language column is a content set, its values mapped to
    cells, so that every problem reads "deck.xlsx: sheet '2 Children's rights', cell F14: ...".
    Its languages are in step by construction (each number is typed once); a text still to
    translate shows the language's placeholder, as a draft does, with a warning.
    """
    from deckgen.workbook.read import loaded_files, read_workbook, virtual_dir, with_placeholders

    content = read_workbook(workbook)
    paths = [virtual_dir(content.path, language) for language in content.languages]
    if content.problems:  # what the model would say of cells already wrong would only repeat them
        problems = list(dict.fromkeys(content.problems))
        return LoadedSets(Path(workbook), paths, [], problems, {paths[0]: problems}, in_step=True)
    content = with_placeholders(content)
    loaded, problems, failed = [], [], {}
    for language, path in zip(content.languages, paths):
        deck, issue_paths_of, issues = loaded_files(content, language)
        files = check_content_files(path, deck, issue_paths_of, issues, [])
        files.warnings = []
        try:
            loaded.append(load_content(path, assets, draft=draft, template=template, files=files))
        except ContentError as error:
            problems += error.problems
            failed[path] = error.problems
    problems = list(dict.fromkeys(problems))
    warnings = sorted(dict.fromkeys(content.warnings), key=problem_order)
    if loaded:
        loaded[0].warnings[:0] = warnings  # said once, with the first language
    return LoadedSets(Path(workbook), paths, loaded, problems, failed, in_step=True)


def load_siblings(
    content_dir: Path, assets: Path | None = None, *, draft: bool = False, template: Path | None = None
) -> tuple[list[LoadedContent], list[Problem]]:
    """Return the other languages of CONTENT_DIR's deck beside it that load without problems, and warnings.

    They are the content sets in its parent folder with the same issue files (as translations have).
    One that has problems is left out, and a warning says so.
    """
    here = content_dir.resolve()
    sets = content_sets(content_dir.parent) if here.parent != here else []
    if len(sets) < 2 or here not in {s.resolve() for s in sets}:
        return [], []
    out, warnings = [], []
    names = [p.name for p in issue_paths(content_dir)]
    for folder in sets:
        if folder.resolve() == here or [p.name for p in issue_paths(folder)] != names:
            continue  # another deck, not a translation of this one: its issue files differ
        stamp = (_files_stamp(folder, assets), draft, template)
        cached = _SIBLINGS.get(folder.resolve())
        if cached is not None and cached[0] == stamp:
            out.append(cached[1])
            continue
        try:
            loaded = load_content(folder, assets, draft=draft, template=template)
        except ContentError:
            # its own build or validation lists its problems
            warnings.append(
                Problem(
                    Location(folder),
                    f"has problems (deckgen validate lists them), "
                    f"so {display_path(content_dir)} is paginated without this language: "
                    f"their slides may differ",
                    warning=True,
                )
            )
            continue
        _SIBLINGS[folder.resolve()] = (stamp, loaded)
        out.append(loaded)
    return out, warnings


_SIBLINGS: dict[Path, tuple[tuple, LoadedContent]] = {}
"""Sibling sets loaded before, with the stamp of their files: `deckgen watch` reloads only what changed."""


def _files_stamp(folder: Path, assets: Path | None) -> tuple:
    """Return the names, sizes and times of FOLDER's content files and of the assets' themes."""
    files = [folder / "deck.yaml", *issue_paths(folder)]
    themes = sorted((Path(assets) if assets is not None else find_assets(folder) or folder).glob("themes/*.yaml"))
    return tuple((str(f), st.st_size, st.st_mtime_ns) for f in files + themes if (st := f.stat()))


def load_content(
    content_dir: Path,
    assets: Path | None = None,
    *,
    draft: bool = False,
    template: Path | None = None,
    files: ContentFiles | None = None,
) -> LoadedContent:
    """Return the content set in CONTENT_DIR, validated; raise ContentError listing every problem.

    Its theme and logos are found in ASSETS, the assets folder (when None, the one find_assets
    finds beside the content set). With DRAFT, what is still to fill (see still_to_fill) is a warning
    instead of a problem. FILES, the set's files already read (a workbook's language, say), are
    checked instead of CONTENT_DIR's.
    """
    content_dir = Path(content_dir)
    files = files if files is not None else load_content_files(content_dir)
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
        checked = deck_rules(deck, deck_file.source_map, assets)
        problems += checked.problems
        warnings += checked.warnings
        logos = checked.logos
        try:
            theme, found = load_theme(deck.theme, assets, deck_file.source_map.locate(("theme",)), template)
            warnings += found
        except ContentError as error:
            problems += error.problems
    if theme is not None:
        font_files = [font.file for font in theme.fonts]
        problems += glyph_problems(files.loaded, font_files)
        if deck is not None and deck_file is not None and not problems:
            problems += label_glyph_problems(
                deck, deck_file.source_map, font_files, load_locale(deck.language, assets=assets).labels
            )
    if draft:
        warnings += [dataclasses.replace(p, warning=True) for p in files.to_fill]
    else:
        problems += files.to_fill
    if problems:
        raise ContentError(problems)
    # No problems: deck.yaml, every issue file and the theme loaded.
    assert deck_file is not None and theme is not None
    issue_files = [f for f in files.issues.files if f is not None]
    return LoadedContent(files.content(), deck_file, issue_files, assets, theme, logos, warnings, files.to_fill)


@dataclass
class DeckRules:
    """What deck_rules found: problems, warnings, and the logo files deck.yaml names."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    logos: dict[str, Path] = field(default_factory=dict)
    """Logo path as written in deck.yaml -> file on disk."""


def deck_rules(deck: Deck, source: SourceMap, assets: Path | None) -> DeckRules:
    """Return the problems and warnings of deck.yaml's language, labels and logos, and the logos' files."""
    found = DeckRules()
    if base_language(deck.language) not in available_languages(assets):
        found.problems.append(Problem(source.locate(("language",)), _no_locale(deck.language, assets)))
    else:
        locale = check_locale(deck.language, assets)
        found.problems += locale.problems
        found.warnings += locale.warnings
        if deck.labels and not locale.problems:
            for problem in override_problems(deck.language, deck.labels, assets):
                key_path = ("labels", problem.key) + ((problem.form,) if problem.form else ())
                found.problems.append(Problem(source.locate(key_path, key=problem.at_key), problem.message))
    for i, presenter in enumerate(deck.presenters):
        if not presenter.logo:
            continue
        location = source.locate(("presenters", i, "logo"))
        if assets is None:
            found.warnings.append(
                Problem(
                    location, f"no assets folder beside the content set: logo '{presenter.logo}' left out", warning=True
                )
            )
            continue
        bad = path_problem("logo", presenter.logo)
        logo_file = None if bad else inside(assets, presenter.logo)
        if bad:
            found.problems.append(Problem(location, bad))
        elif logo_file is None:
            found.problems.append(
                Problem(location, f"logo '{presenter.logo}' leaves the assets folder ({display_path(assets)}/)")
            )
        elif not logo_file.is_file():
            found.problems.append(Problem(location, f"logo '{presenter.logo}' not found in {display_path(assets)}/"))
        elif (bad := image_problem("logo", presenter.logo, logo_file)) is not None:
            found.problems.append(Problem(location, bad))
        else:
            found.logos[presenter.logo] = logo_file
    return found


def _no_locale(language: str, assets: Path | None) -> str:
    return (
        f"no locale for language '{language}'; available: {', '.join(available_languages(assets))}; "
        f"`deckgen locale new {base_language(language)}` writes one to translate"
    )


def locale_problems(content_dir: Path, assets: Path | None = None) -> list[Problem]:
    """Return the problems and warnings of the locale file of CONTENT_DIR's language (see check_locale).

    For check-translation, which reads deck.yaml alone: a new language's labels are part of its
    translation. Labels still in English are warnings, a broken locale file is problems, a language
    without a locale a problem of deck.yaml. ASSETS is the assets folder (default: the one beside the set).
    """
    try:
        read = read_set(Path(content_dir), issue_limit=0)  # deck.yaml alone
        loaded = read.loaded(read.deck_path)
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
