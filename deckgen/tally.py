"""The line every command ends with: what it did, counted ("3 decks, 39 slides, 2 warnings").

A command counts as it goes (decks, slides, changes, files written) and the command line prints the
tally once, last; a coordinator reads the outcome of any command at a glance, and a dry run's line
says that nothing was written. Light on purpose: the build path imports it.
"""

from __future__ import annotations

from deckgen.errors import counted


class Tally:
    """Counts of what one command did (or, in a dry run, would do), in the order they were first counted.

    Warnings are always counted and always shown, last: "0 warnings" is news too.
    """

    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self.warnings = 0
        self.warned: set[str] = set()
        """The warnings printed, each once however often it comes (a template's, with each language)."""
        self.written = 0
        """Files written (never in a dry run): a command that fails after writing still says what it did."""
        self._counts: dict[str, list] = {}

    def add(self, noun: str, number: int = 1, plural_form: str | None = None, *, written: bool = False) -> None:
        """Count NUMBER more NOUNs (PLURAL_FORM when the plural is not NOUN + "s"); 0 shows "0 NOUNs".

        WRITTEN: they are files the command wrote (a deck, a handout), unless this is a dry run.
        """
        entry = self._counts.setdefault(noun, [0, plural_form])
        entry[0] += number
        if written and not self.dry_run:
            self.written += number

    def add_files(self, number: int) -> None:
        """Count NUMBER files written, or in a dry run to write ("2 files to write, nothing written")."""
        if self.dry_run:
            self.add("file to write", number, "files to write")
        else:
            self.add("file written", number, "files written", written=True)

    def __bool__(self) -> bool:
        """Whether the command counted anything: a command that only prints data (a schema) has no line."""
        return bool(self._counts)

    def line(self) -> str:
        """Return the summary: "2 decks, 8 slides, 1 warning", or "dry run: 3 changes, ..., nothing written"."""
        parts = [counted(number, noun, plural_form) for noun, (number, plural_form) in self._counts.items()]
        parts.append(counted(self.warnings, "warning"))
        text = ", ".join(parts)
        return f"dry run: {text}, nothing written" if self.dry_run else text
