"""Errors a user can act on: each prints as one located line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: 1-based line and column, or a table's row (col 0)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        if not self.col:  # a table's row, or an XML element (parsers give its line only)
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.col}"


def display_path(path: Path | str) -> str:
    """Return PATH relative to the working directory when it lies below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere; or a symlink loop, a vanished working directory
        return str(path)


class DeckgenError(click.ClickException):
    """An error deckgen reports to the user and exits with code 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D102 - click's hook; no "Error:" prefix
        click.echo(self.format_message(), file=file, err=True)


@dataclass(frozen=True)
class Problem:
    """One located problem in a content set or theme."""

    location: Location
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return f"{self.location}: {prefix}{self.message}"


class ContentError(DeckgenError):
    """One or more problems in content, theme or locale files, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.location, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, location: Location, message: str) -> ContentError:
        """Return an error with a single problem at LOCATION."""
        return cls([Problem(location, message)])


class OutputError(DeckgenError):
    """The deck could not be written or exported."""


def closest(word, choices) -> str | None:
    """Return the one of CHOICES that WORD most nearly spells, for a "did you mean", or None."""
    import difflib

    near = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return near[0] if near else None
