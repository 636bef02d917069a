"""Content sets and folders of them (one per language): discovery, and loading their files.

A content set is a folder with deck.yaml and issues/*.yaml. Loading one checks every
file against the models and the format's rules and collects every problem of every
file, each located as path:line:col, so that one run reports everything.

What a content set names outside itself (theme, logos, locale) is checked a layer up,
by deckgen.load.load_content, which builds on load_content_files here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deckgen.content.model import ContentSet, Deck, Issue
from deckgen.content.problems import model_problems
from deckgen.content.rules import duplicate_ids, issue_rules, still_to_fill
from deckgen.content.text import text_values
from deckgen.content.yaml_source import LoadedFile, load_yaml
from deckgen.errors import ContentError, Location, Problem, display_path

MAX_ISSUE_FILES = 100
"""How many issue files one content set may have: each is a few slides and a chart to draw."""

MAX_SET_TEXT = 300_000
"""How many characters of text one content set may hold: about 300 slides, laid out in seconds."""


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
        raise ContentError.at(Location(content_dir), "no such folder")
    if not deck_path.is_file():
        nested = [folder.name for folder in content_sets(content_dir) if folder != content_dir]
        hint = (
            (f"; it holds the content sets {', '.join(nested)}: name one, e.g. {display_path(content_dir / nested[0])}")
            if nested
            else ", nor in any folder inside it"
        )
        raise ContentError.at(Location(content_dir), f"no deck.yaml in this folder{hint}")
    issues = content_dir / "issues"
    try:
        issues.resolve(strict=issues.is_symlink())
    except (OSError, RuntimeError):
        raise ContentError.at(
            Location(issues), "is a symlink that leads nowhere or loops back on itself; make issues/ a folder"
        ) from None
    return deck_path, issue_paths(content_dir)


def issue_paths(content_dir: Path) -> list[Path]:
    """Return CONTENT_DIR's issue files (issues/*.yaml) in file-name order, the order of the deck.

    Hidden files (an editor's lock file .#name.yaml, macOS's ._name.yaml) are no issue files.
    """
    return sorted(path for path in (Path(content_dir) / "issues").glob("*.yaml") if not path.name.startswith("."))


def skipped_files(content_dir: Path) -> list[Problem]:
    """Return a warning for each file in CONTENT_DIR's issues/ that looks like an issue file but is not read."""
    warnings = []
    for path in sorted((Path(content_dir) / "issues").glob("*.y*ml")):
        location = Location(path)
        if path.name.startswith("."):
            warnings.append(
                Problem(
                    location,
                    "not read: hidden files (an editor's lock file, macOS's ._ files) are no issue files",
                    warning=True,
                )
            )
        elif path.suffix == ".yml":
            warnings.append(
                Problem(location, f"not read: issue files end in .yaml; rename it to {path.stem}.yaml", warning=True)
            )
    return warnings


def no_issue_files(content_dir: Path) -> Problem:
    """Return the problem of a content set without issue files."""
    return Problem(Location(Path(content_dir) / "issues"), "no issue files (*.yaml) here")


@dataclass
class SetFiles:
    """A content set's files read from disk, each parsed with its source map, not yet checked against the models.

    This is the one reader of a content set's YAML: every command that reads one reads it here (through
    deckgen.load.load_sets, or from below the load stage through read_set), so that every file is read the
    same safe way: a regular file only, at most 5 MB, never through a link that leads outside the set.
    """

    content_dir: Path
    deck_path: Path
    issue_paths: list[Path]
    files: dict[Path, LoadedFile]
    """Each file that could be read, by its path."""
    unread: dict[Path, list[Problem]]
    """The problems of each file that could not be read, by its path."""

    @property
    def paths(self) -> list[Path]:
        """Return deck.yaml's path and the issue files', in the order of the deck."""
        return [self.deck_path, *self.issue_paths]

    def by_name(self) -> dict[Path, Path]:
        """Return each file's path by its path inside the set (deck.yaml, issues/<name>.yaml)."""
        return {path.relative_to(self.content_dir): path for path in self.paths}

    def loaded(self, path: Path) -> LoadedFile:
        """Return the file at PATH as read; raise ContentError with its problems if it could not be."""
        if path in self.unread:
            raise ContentError(self.unread[path])
        return self.files[path]

    def problems(self, paths: list[Path] | None = None) -> list[Problem]:
        """Return every problem reading found in PATHS (default: every file), in file order."""
        found: list[Problem] = []
        for path in self.paths if paths is None else paths:
            found += self.unread[path] if path in self.unread else list(self.files[path].problems)
        return found


def read_set(
    content_dir: Path, loaded: Mapping[Path, LoadedFile] | None = None, *, issue_limit: int | None = None
) -> SetFiles:
    """Return the content set in CONTENT_DIR read (see SetFiles); raise ContentError when it is no content set.

    LOADED holds files already read (by a build, or rewritten in memory), which are not read again. With
    more issue files than ISSUE_LIMIT, only deck.yaml is read (the issue files are listed).
    """
    content_dir = Path(content_dir)
    deck_path, paths = content_paths(content_dir)
    read = SetFiles(content_dir, deck_path, paths, {}, {})
    inside = (content_dir, "the content set")
    too_many = issue_limit is not None and len(paths) > issue_limit
    for path in [deck_path] if too_many else [deck_path, *paths]:
        if loaded is not None and path in loaded:
            read.files[path] = loaded[path]
            continue
        try:
            read.files[path] = load_yaml(path, inside)
        except ContentError as error:
            read.unread[path] = error.problems
    return read


@dataclass
class LoadedIssues:
    """Issue files loaded and checked, in file-name order, with every problem found."""

    paths: list[Path]
    files: list[LoadedFile | None]
    """One per path; None where the file could not be loaded."""
    issues: list[tuple[Issue, LoadedFile]]
    """The files that the model accepts, as issues."""
    problems: list[Problem]
    to_fill: list[Problem]
    """What is still to fill (see rules.still_to_fill); a problem or a warning as the caller decides."""


def check_issues(
    paths: list[Path], files: list[LoadedFile | None], problems: list[Problem] | None = None, *, rules: bool = True
) -> LoadedIssues:
    """Return issue FILES (read from PATHS, or from a workbook) checked against the model, their ids unique.

    With RULES, also the format's rules on each issue (counts, totals) and what is still to fill; without,
    an import can load files whose counts it is about to fix. PROBLEMS are those found reading them.
    """
    problems = list(problems or [])
    issues, to_fill = [], []
    for issue_file in files:
        if issue_file is None:
            continue
        issue, found = model_problems(Issue, issue_file)
        problems += found
        if issue is not None:
            if rules:
                problems += issue_rules(issue, issue_file.source_map)
                to_fill += still_to_fill(issue, issue_file.source_map)
            issues.append((issue, issue_file))
    problems += duplicate_ids([(issue, issue_file.source_map) for issue, issue_file in issues])
    return LoadedIssues(list(paths), files, issues, problems, to_fill)


@dataclass
class ContentFiles:
    """A content set's files, loaded and checked against the models and the format's rules."""

    content_dir: Path
    deck_file: LoadedFile | None
    """deck.yaml; None when it could not be loaded."""
    deck: Deck | None
    """deck.yaml as the model reads it; None when the model refuses it."""
    issues: LoadedIssues
    problems: list[Problem]
    """Every problem of every file, what is still to fill left out."""
    to_fill: list[Problem]
    """What is still to fill: deck.yaml's, then the issue files'."""
    warnings: list[Problem] = dataclasses.field(default_factory=list)
    """Files in issues/ that are not read (hidden, .yml)."""

    @property
    def loaded(self) -> list[LoadedFile]:
        """Return every file that could be loaded, deck.yaml first."""
        return [f for f in [self.deck_file, *self.issues.files] if f is not None]

    def content(self) -> ContentSet:
        """Return the content set the files hold; only for files without problems."""
        return ContentSet(
            deck=self.deck,
            issues=tuple(issue for issue, _ in self.issues.issues),
            issue_files=tuple(path.name for path in self.issues.paths),
        )


def load_content_files(content_dir: Path) -> ContentFiles:
    """Return the content set in CONTENT_DIR, loaded and checked, with every problem found (none raised).

    Raise ContentError only when CONTENT_DIR is no content set (no folder, no deck.yaml).
    """
    read = read_set(content_dir, issue_limit=MAX_ISSUE_FILES)
    deck_file = read.files.get(read.deck_path)
    if len(read.issue_paths) > MAX_ISSUE_FILES:
        return check_content_files(read.content_dir, deck_file, read.issue_paths, [], read.problems([read.deck_path]))
    return check_content_files(
        read.content_dir,
        deck_file,
        read.issue_paths,
        [read.files.get(path) for path in read.issue_paths],
        read.problems(),
    )


def check_content_files(
    content_dir: Path,
    deck_file: LoadedFile | None,
    paths: list[Path],
    issue_files: list[LoadedFile | None],
    found: list[Problem],
) -> ContentFiles:
    """Return a content set's files (loaded from CONTENT_DIR, or read from a workbook) checked as
    load_content_files checks them. FOUND holds the problems met while loading them."""
    problems: list[Problem] = ([] if paths else [no_issue_files(content_dir)]) + list(found)
    deck = None
    to_fill: list[Problem] = []
    if deck_file is not None:
        deck, found = model_problems(Deck, deck_file)
        problems += found
        if deck is not None:
            to_fill += still_to_fill(deck, deck_file.source_map)
    if len(paths) > MAX_ISSUE_FILES:
        too_many = Problem(
            Location(content_dir / "issues"),
            f"{len(paths)} issue files, more than the {MAX_ISSUE_FILES} a deck may have",
        )
        return ContentFiles(
            content_dir, deck_file, None, LoadedIssues(paths, [], [], [], []), [*problems, too_many], []
        )
    issues = check_issues(paths, issue_files)
    problems += issues.problems
    loaded = [f for f in [deck_file, *issues.files] if f is not None]
    text = sum(len(value) for f in loaded for _, value in text_values(f.data))
    if text > MAX_SET_TEXT:
        problems.append(
            Problem(
                Location(content_dir),
                f"the content set holds {text:,} characters "
                f"of text, more than the {MAX_SET_TEXT:,} one deck may have; split it",
            )
        )
    to_fill += issues.to_fill
    return ContentFiles(content_dir, deck_file, deck, issues, problems, to_fill, skipped_files(content_dir))
