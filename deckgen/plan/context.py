"""What every part of the planner draws with: the theme, the locale, the logos, and the chart kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deckgen.locale import Locale
from deckgen.plan.specs import Paragraph, Run
from deckgen.theme import ResolvedTheme


@dataclass(frozen=True)
class Context:
    """A deck's theme, locale and logos (logo paths -> files), and whether charts are native."""

    theme: ResolvedTheme
    locale: Locale
    logos: Mapping[str, Path]
    native_charts: bool = False

    @property
    def colours(self):
        return self.theme.colours

    @property
    def sizes(self):
        return self.theme.sizes

    def run(self, text: str, size: float, *, bold: bool = False, italic: bool = False, color: str | None = None) -> Run:
        """Return TEXT as a run in the theme's font (bold or italic) at SIZE, in COLOR or the text colour."""
        font = self.theme.bold if bold else self.theme.italic if italic else self.theme.regular
        return Run(text, font, size, color or self.theme.colours.text)

    def line_height(self, size: float) -> float:
        """Return the distance between baselines of text at SIZE, by the theme's line spacing."""
        return round(size * self.theme.theme.line_spacing, 2)

    def paragraph(self, text: str, size: float, *, bold: bool = False, italic: bool = False,
                  color: str | None = None, **layout) -> Paragraph:
        """Return a paragraph of one run of TEXT (see run), LAYOUT its Paragraph fields (align, indent...)."""
        return Paragraph((self.run(text, size, bold=bold, italic=italic, color=color),), self.line_height(size),
                         **layout)
