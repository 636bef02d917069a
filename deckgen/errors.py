"""Errors a user can act on: each prints as one located line, never a traceback."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

import click


@functools.total_ordering
@dataclass(frozen=True)
class Location:
    """A place in a source file: 1-based line and column, or a table's row (col 0).

    The file is held as the Path it was read by and shown relative to the working directory
    only when printed, so a Location (and what caches it) does not depend on where deckgen runs.
    """

    path: Path
    line: int = 0
    col: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.path, Path):
            object.__setattr__(self, "path", Path(self.path))

    @property
    def shown(self) -> str:
        """Return the file's path as a message shows it (see display_path)."""
        return display_path(self.path)

    def __str__(self) -> str:
        if not self.line:
            return self.shown
        if not self.col:  # a table's row, or an XML element (parsers give its line only)
            return f"{self.shown}:{self.line}"
        return f"{self.shown}:{self.line}:{self.col}"

    def __lt__(self, other: object) -> bool:
        """Order as a reader goes through the files: by the path shown, then line and column."""
        if not isinstance(other, Location):
            return NotImplemented
        return (self.shown, self.line, self.col) < (other.shown, other.line, other.col)


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


def plural(noun: str, number: int, plural_form: str | None = None) -> str:
    """Return NOUN as English says it of NUMBER things: "row" for 1, "rows" (or PLURAL_FORM) otherwise."""
    return noun if number == 1 else plural_form or noun + "s"


def counted(number: int, noun: str, plural_form: str | None = None) -> str:
    """Return NUMBER with its NOUN in messages: "1 row", "3 rows" (see plural)."""
    return f"{number} {plural(noun, number, plural_form)}"


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

    location = problem.location
    path = tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", location.shown))
    return (path, location.line, location.col, problem.message)


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
    import difflib  # lazy: 1.5 ms (-X importtime) that `import deckgen.cli` would pay on every command

    near = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return near[0] if near else None
