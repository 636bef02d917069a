"""Errors a user can act on: each prints as one located line, never a traceback."""

from __future__ import annotations

import os
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
    """Return PATH relative to the working directory when it lies below it.

    A link is shown by its own name, never by where it leads (which may be outside the project).
    """
    path = Path(path)
    cwd = Path.cwd()
    for absolute in (lambda: Path(os.path.abspath(path)), lambda: path.parent.resolve() / path.name):
        try:
            return str(absolute().relative_to(cwd))
        except (ValueError, OSError, RuntimeError):
            continue
    return str(path)


EXCERPT = 40
"""How many characters of a file's content a message quotes at most."""


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """Return VALUE as text for a message: at most LIMIT characters of it, and "…" where it was cut.

    Messages quote what they are about, never a whole file: a content file that is really
    some other file (a link to a secret, say) shows a few characters of it, not its content.
    """
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


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


def problem_order(problem: Problem) -> tuple:
    """Return PROBLEM's place in a list of problems: by file, line and column, a workbook's cells in the
    order a spreadsheet shows them (B3 before B11)."""
    import re

    where = problem.location
    path = tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(where.path)))
    return (path, where.line, where.col, problem.message)


class ContentError(DeckgenError):
    """One or more problems in content, theme or locale files, reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=problem_order)
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
