"""A content set's issue files as an import and an export see them: checked against the model and for
unique ids, not against the counting rules an import may fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deckgen.content.model import Issue
from deckgen.content.sets import check_issues, no_issue_files
from deckgen.content.yaml_source import LoadedFile
from deckgen.errors import ContentError
from deckgen.load import LoadedSets, load_sets


@dataclass
class IssueFile:
    """An issue file checked against the model (not the counting rules an import may fix)."""

    path: Path
    text: str
    loaded: LoadedFile
    issue: Issue

    @property
    def stem(self) -> str:
        """Return the file's name without .yaml, as tables name issues."""
        return self.path.stem


def load_issue_files(content_dir: Path, sets: LoadedSets | None = None) -> list[IssueFile]:
    """Return CONTENT_DIR's issue files in file-name order; raise ContentError on any problem an import cannot fix.

    SETS is CONTENT_DIR already read (load_sets(content_dir, validate=False)).
    """
    content_dir = Path(content_dir)
    sets = sets if sets is not None else load_sets(content_dir, validate=False)
    if not sets.single:  # a folder of languages has no issue files of its own
        raise ContentError([no_issue_files(content_dir)])
    read = sets.files_of(content_dir)
    if not read.issue_paths:
        raise ContentError([no_issue_files(content_dir)])
    files = [read.files.get(path) for path in read.issue_paths]
    loaded = check_issues(read.issue_paths, files, read.problems(read.issue_paths), rules=False)
    if loaded.problems:
        raise ContentError(loaded.problems)
    return [IssueFile(file.path, file.text, file, issue) for issue, file in loaded.issues]


def content_language(content_dir: Path, sets: LoadedSets | None = None) -> str | None:
    """Return the language of the content set at CONTENT_DIR (its deck.yaml's), or None if it cannot be read.

    SETS is CONTENT_DIR already read (load_sets(content_dir, validate=False)).
    """
    content_dir = Path(content_dir)
    sets = sets if sets is not None else load_sets(content_dir, validate=False)
    if not sets.single or content_dir in sets.failed:
        return None
    read = sets.files_of(content_dir)
    deck = read.files.get(read.deck_path)
    language = deck.data.get("language") if deck is not None and isinstance(deck.data, dict) else None
    return language if isinstance(language, str) else None
