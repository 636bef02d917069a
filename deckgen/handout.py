"""`deckgen handout`: one A4 page per issue as a tagged PDF, for the Permanent Missions, in every language.

The pages are planned by deckgen.plan.handout with the slides' measuring and
fitting, drawn by the slides' renderer on A4-sized slides, and exported by
LibreOffice (deckgen.render.pdf) as a tagged PDF: fonts embedded, text
selectable and tagged with its language, the chart with its alt text.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from deckgen.build import Prepared, default_output, prepare, prepare_all
from deckgen.content.sets import content_sets
from deckgen.errors import ContentError, OutputError, Problem, display_path
from deckgen.locale import load_locale
from deckgen.plan.fit import Unfit
from deckgen.plan.handout import HandoutSpec, plan_handout


@dataclass(frozen=True)
class HandoutResult:
    """What one handout is: its file, and per issue how many pages it took and whether its findings were cut."""

    output: Path
    language: str
    issues: tuple[str, ...]
    """The issues' titles."""
    pages_per_issue: tuple[int, ...]
    shortened: tuple[bool, ...]
    warnings: tuple[Problem, ...] = ()
    """What the content set's checks warned about (e.g. logos left out without an assets folder)."""

    @property
    def pages(self) -> int:
        """Return the handout's number of pages."""
        return sum(self.pages_per_issue)

    def summary(self) -> list[str]:
        """Return the lines `deckgen handout` prints: the file written, then each issue that needed more room."""
        lines = [f"wrote {display_path(self.output)} ({len(self.issues)} issues, {self.pages} A4 pages)"]
        for number, (title, pages, cut) in enumerate(zip(self.issues, self.pages_per_issue, self.shortened), 1):
            if pages > 1:
                lines.append(f"  issue {number} {title!r}: its recommendations continue on a second page, "
                             f"marked continued; its findings' text is shortened to the headings")
            elif cut:
                lines.append(f"  issue {number} {title!r}: its findings' text is shortened (whole sentences) "
                             f"to fit one page")
        return lines


def default_handout(prepared: Prepared) -> Path:
    """Return build/upr<cycle>-<country>-<language>-handout.pdf, beside the deck's default name."""
    deck = default_output(prepared)
    return deck.with_name(f"{deck.stem}-handout.pdf")


def plan_prepared(prepared: Prepared) -> HandoutSpec:
    """Return PREPARED's handout plan; raise ContentError at the issue that cannot be laid out."""
    loaded = prepared.loaded
    deck = loaded.content.deck
    try:
        locale = load_locale(deck.language, deck.labels, loaded.assets)
        return plan_handout(loaded.content, loaded.theme, locale, loaded.logos)
    except Unfit as error:
        raise ContentError.at(loaded.locate(error.where), str(error)) from None


def write_handouts(folder: Path, output: Path | None = None, assets: Path | None = None) -> list[HandoutResult]:
    """Write the handout of FOLDER (a content set) to OUTPUT, or of each set of a folder of them into OUTPUT.

    For one set OUTPUT is the .pdf (default build/...-handout.pdf); for several it names the folder the
    handouts go to (default build/). Every set is checked and planned before any handout is written.
    """
    from deckgen.render.pdf import find_soffice

    folder = Path(folder)
    sets = content_sets(folder)
    single = sets == [folder]
    if output is not None:
        is_pdf = Path(output).suffix.lower() == ".pdf"
        if single and not is_pdf:
            raise OutputError(f"{display_path(output)}: the handout must be a .pdf file")
        if not single and is_pdf:
            raise OutputError(f"{display_path(folder)} holds {len(sets)} content sets "
                              f"({', '.join(s.name for s in sets)}), one handout each: -o names a folder for "
                              f"them, not a .pdf file")
    soffice = find_soffice("deckgen handout")
    prepared = [prepare(folder, assets)] if single else prepare_all(sets, assets)
    plans = [plan_prepared(p) for p in prepared]
    if single:
        targets = [Path(output) if output else default_handout(prepared[0])]
    else:
        targets = [Path(output) / default_handout(p).name if output else default_handout(p) for p in prepared]
    return [_write(p, plan, target, soffice) for p, plan, target in zip(prepared, plans, targets)]


def _write(prepared: Prepared, plan: HandoutSpec, target: Path, soffice: str) -> HandoutResult:
    """Render PLAN, convert it with LibreOffice to a tagged PDF and put it at TARGET atomically."""
    from deckgen.files import write_bytes_atomically
    from deckgen.render.pdf import TAGGED, export_pdf
    from deckgen.render.slides import render_deck
    from deckgen.render.write import deterministic_bytes

    presentation = render_deck(plan.deck)
    content = prepared.loaded.content
    with tempfile.TemporaryDirectory(prefix="deckgen-handout-") as work:
        pptx = Path(work) / f"{target.stem}.pptx"
        write_bytes_atomically(deterministic_bytes(presentation), pptx)
        target.parent.mkdir(parents=True, exist_ok=True)
        export_pdf(pptx, soffice, TAGGED, target=target, language=plan.deck.language_tag)
    return HandoutResult(target, content.deck.language, tuple(i.title for i in content.issues),
                         plan.pages_per_issue, plan.shortened, tuple(prepared.warnings))

