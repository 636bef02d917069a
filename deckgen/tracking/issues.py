"""A content set's issue files as an import and an export see them: checked against the model and for
unique ids, not against the counting rules an import may fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deckgen.content.model import Issue
from deckgen.content.sets import issue_paths, load_issues, no_issue_files
from deckgen.content.yaml_source import LoadedFile
from deckgen.errors import ContentError


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


def load_issue_files(content_dir: Path) -> list[IssueFile]:
    """Return CONTENT_DIR's issue files in file-name order; raise ContentError on any problem an import cannot fix."""
    paths = issue_paths(content_dir)
    if not paths:
        raise ContentError([no_issue_files(content_dir)])
    loaded = load_issues(paths, rules=False, content_dir=content_dir)
    if loaded.problems:
        raise ContentError(loaded.problems)
    return [
        IssueFile(file.path, file.path.read_text(encoding="utf-8-sig"), file, issue) for issue, file in loaded.issues
    ]
