"""`deckgen handout`: one A4 page per issue as a tagged PDF (PDF/UA-1), for the Permanent Missions, in every language.

load (every language of the folder) -> plan (plan/handout.py, pure) -> typeset
(render/handout.py, Typst: one body size for every language, the largest at
which every issue keeps to its page in the longest language; then whole
sentences cut where an issue still does not fit) -> write (atomically).
No LibreOffice: Typst ships as a wheel for Windows, macOS and Linux.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from deckgen.build import BUILD_DIR, check_output_name, deck_stem, output_paths
from deckgen.errors import ContentError, OutputError, Problem, display_path
from deckgen.files import atomic_files, check_output_file, check_output_location
from deckgen.load import LoadedContent, load_sets, source_sets
from deckgen.locale import Locale, load_locale
from deckgen.plan.handout import HandoutDoc, can_shorten, plan_handout, shortened
from deckgen.plan.overflow import Unfit
from deckgen.render.handout import TypesetError, fit_cuts, fit_size, typesetter


@dataclass(frozen=True)
class HandoutResult:
    """What one handout is: its file, its pages, its body size, and the issues whose findings were shortened."""

    output: Path
    language: str
    issues: tuple[str, ...]
    """The issues' titles."""
    pages: int
    body_size: float
    shortened: tuple[bool, ...]
    overflowing: tuple[bool, ...] = ()
    """Per issue, whether it runs onto a second page even with its findings cut to their headings."""
    warnings: tuple[Problem, ...] = ()
    """What the content set's checks warned about (e.g. a missing contact line)."""

    def summary(self) -> list[str]:
        """Return the lines `deckgen handout` prints: the file written."""
        return [
            f"wrote {display_path(self.output)} ({len(self.issues)} issues, {self.pages} A4 pages, "
            f"body {self.body_size:g} pt)"
        ]


def default_handout(loaded: LoadedContent) -> Path:
    """Return build/upr<cycle>-<country>-<language>-handout.pdf, beside the deck's default name."""
    return BUILD_DIR / f"{deck_stem(loaded.content.deck)}-handout.pdf"


def write_handouts(
    folder: Path, output: Path | None = None, assets: Path | None = None, *, annex: bool = False, cache: bool = True
) -> list[HandoutResult]:
    """Write the handout of FOLDER (a content set) to OUTPUT, or of each set of a folder of them into OUTPUT.

    For one set OUTPUT is the .pdf (default build/...-handout.pdf); for several it names the folder the
    handouts go to (default build/). Every set is checked and typeset before any handout is written. A set
    built alone is sized with the other languages beside it (content/ru beside content/en) that load, so
    that a handout has the same body size in every language. ANNEX (or deck.yaml's `annex: true`) adds the
    tracked recommendations as a table after the issue pages. With CACHE, what fitting learned (which issue
    fits its page at which size) is kept in the cache folder (FIT_MEMORY), so the next run is not fitted again.
    """
    folder = Path(folder)
    sets = source_sets(folder)
    check_output_name(folder, sets, output, ".pdf", "the handout", "handout")
    loaded = load_sets(folder, assets, siblings=True)
    loaded.raise_problems()
    targets = output_paths(loaded.sets, output, loaded.single, default_handout)
    for target in targets:
        check_output_file(target, (".pdf",), "the handout", inputs=sets)
        check_output_location(target)
    for one in loaded.sets:
        one.warnings.extend(_contact_warning(one))
    typeset = _typeset(loaded.sets, loaded.siblings, annex, _fit_memory() if cache else None)
    atomic_files({target: pdf for target, (_, pdf) in zip(targets, typeset)})
    return [_result(one, doc, pdf, target) for one, (doc, pdf), target in zip(loaded.sets, typeset, targets)]


def _contact_warning(loaded: LoadedContent) -> list[Problem]:
    """Return a warning when deck.yaml gives no contact: a leave-behind must say whom to ask."""
    if loaded.content.deck.contact:
        return []
    return [
        Problem(
            loaded.deck_file.source_map.locate(()),
            "no contact line (deck.yaml `contact:`): the handout's footer cannot tell a diplomat whom to ask",
            warning=True,
        )
    ]


def _locale(loaded: LoadedContent) -> Locale:
    deck = loaded.content.deck
    return load_locale(deck.language, deck.labels, loaded.assets)


def _fit_memory() -> Path:
    """Return the file keeping what fitting handouts learned: handout/fits.json in deckgen's cache folder."""
    from deckgen.plan_cache import cache_dir

    return cache_dir().parent / "handout" / "fits.json"


def _typeset(
    sets: list[LoadedContent], siblings: list[LoadedContent], annex: bool, memory: Path | None
) -> list[tuple[HandoutDoc, bytes]]:
    """Return each of SETS planned and typeset at the one body size they and SIBLINGS all fit: (document, PDF)."""
    every = sets + siblings
    locales = [_locale(one) for one in every]
    docs, problems = [], []
    for one, locale in zip(every, locales):
        try:
            docs.append(plan_handout(one.content, one.theme, locale, one.logos, annex=annex or one.content.deck.annex))
        except Unfit as error:
            problems.append(Problem(one.locate(error.key_path), str(error)))
    if problems:
        raise ContentError(problems)
    fonts = sorted({font for one in every for font in (f.file for f in one.theme.fonts)})
    try:
        with typesetter(fonts, memory) as setter:
            size = fit_size(setter, docs, printed=docs[: len(sets)])
            out = []
            for one, locale, doc in zip(sets, locales, docs):  # the siblings only size the handouts
                doc = dataclasses.replace(doc, body_size=size)

                def shorten(number: int, cuts: int, one=one, locale=locale, doc=doc) -> HandoutDoc | None:
                    issue = one.content.issues[number - 1]
                    if not can_shorten(locale, issue, cuts - 1):
                        return None
                    return shortened(doc, one.content, one.theme, locale, {number: cuts})

                doc = fit_cuts(setter, doc, shorten)
                out.append((doc, setter.pdf(doc)))
            return out
    except TypesetError as error:
        raise OutputError(f"the handout could not be typeset: {error}") from None


def _result(loaded: LoadedContent, doc: HandoutDoc, pdf: bytes, target: Path) -> HandoutResult:
    """Return what was written, with a warning per issue whose findings were shortened."""
    warnings = list(loaded.warnings)
    for number, issue in enumerate(doc.issues, 1):
        if issue.shortened:
            location = loaded.locate(("issue", number - 1, "review", "findings"))
            warnings.append(
                Problem(
                    location,
                    f"issue {number} {issue.title.text!r}: its findings are shortened "
                    f"(whole sentences) to fit one page of the handout",
                    warning=True,
                )
            )
    return HandoutResult(
        target,
        loaded.content.deck.language,
        tuple(i.title.text for i in doc.issues),
        _pages(pdf),
        doc.body_size,
        tuple(i.shortened for i in doc.issues),
        warnings=tuple(warnings),
    )


def _pages(pdf: bytes) -> int:
    """Return the number of pages of PDF (Typst writes one /Type /Page object per page)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
