"""What every part of the planner draws with: the theme, the locale, the logos, and the chart kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deckgen.locale import Locale
from deckgen.plan.paginate import Continuation, Page, PageSize, Stream, paginate
from deckgen.plan.specs import Paragraph, Run
from deckgen.plan.ties import typeset
from deckgen.theme import ResolvedTheme


@dataclass(frozen=True)
class Context:
    """A deck's theme, locale and logos (logo paths -> files), and whether charts are native."""

    theme: ResolvedTheme
    locale: Locale
    logos: Mapping[str, Path]
    native_charts: bool = False
    body_size: float = 0.0
    """The deck's one body size (findings, recommendations, the overview's headline); 0: the theme's largest."""
    title_size: float = 0.0
    """The deck's one slide-title size; 0: the theme's largest."""
    pager: Pager | None = None
    """Paginates the sections; None paginates each alone (see Pager)."""
    title_lines: int = 2
    """The most lines a slide title may take: 2, or 3 when some title fits 2 at no title size."""
    title_reserve: int = 2
    """The lines every slide title is planned for (the deck's longest title's): the body starts under them."""
    title_reserves: tuple[tuple[str, int], ...] = ()
    """(slide kind, lines): the lines the titles of the slides of a kind are planned for, where the kind's own
    longest title decides (a status slide's body starts under its one-line title, whatever the recommendation
    slides' titles take); a kind not named takes title_reserve."""

    def reserve(self, kind: str | None) -> int:
        """Return the lines a title of a slide of KIND (a SlideKind; None: any) is planned for."""
        return dict(self.title_reserves).get(kind, self.title_reserve) if kind is not None else self.title_reserve

    @property
    def body(self) -> float:
        """Return the deck's body size."""
        return self.body_size or self.theme.sizes.body.max

    @property
    def title(self) -> float:
        """Return the deck's slide-title size."""
        return self.title_size or self.theme.sizes.title.max

    def paginate(
        self,
        key: tuple,
        paragraphs,
        page_size: PageSize,
        continuation: Continuation,
        same_slide: frozenset[int] = frozenset(),
    ) -> list[Page]:
        """Return section KEY's PARAGRAPHS over pages, as this deck's pager lays them out (SAME_SLIDE: see Stream)."""
        if self.pager is None:
            return paginate(paragraphs, page_size, continuation, same_slide)
        return self.pager.paginate(key, Stream(tuple(paragraphs), page_size, continuation, same_slide))

    @property
    def colours(self):
        return self.theme.colours

    @property
    def sizes(self):
        return self.theme.sizes

    def run(self, text: str, size: float, *, bold: bool = False, italic: bool = False, color: str | None = None) -> Run:
        """Return TEXT as a run in the theme's font (bold or italic) at SIZE, in COLOR or the text colour."""
        font = self.theme.bold if bold else self.theme.italic if italic else self.theme.regular
        return Run(typeset(text), font, size, color or self.theme.colours.text)

    def line_height(self, size: float) -> float:
        """Return the distance between baselines of text at SIZE, by the theme's line spacing."""
        return round(size * self.theme.theme.line_spacing, 2)

    def paragraph(
        self, text: str, size: float, *, bold: bool = False, italic: bool = False, color: str | None = None, **layout
    ) -> Paragraph:
        """Return a paragraph of one run of TEXT (see run), LAYOUT its Paragraph fields (align, indent...)."""
        return Paragraph(
            (self.run(text, size, bold=bold, italic=italic, color=color),), self.line_height(size), **layout
        )


class Pager:
    """Lays out a deck's sections over pages: all alone here; see plan.together for languages in step."""

    def paginate(self, key: tuple, stream: Stream) -> list[Page]:
        """Return STREAM (the section KEY of the deck) over pages."""
        return paginate(stream.paragraphs, stream.page_size, stream.continuation, stream.same_slide)
