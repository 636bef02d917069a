"""build(): load -> validate -> plan -> render -> write, top to bottom."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from deckgen.content.validate import LoadedContent, load_content
from deckgen.errors import ContentError, OutputError, Problem, display_path
from deckgen.locale import load_locale
from deckgen.plan.planner import PlanError, plan_deck
from deckgen.plan.specs import DeckSpec
from deckgen.theme import ResolvedTheme

BUILD_DIR = Path("build")
"""Where decks go when no output is named."""


@dataclass
class Prepared:
    """A content set that passed every check, and its planned slides."""

    loaded: LoadedContent
    plan: DeckSpec

    @property
    def theme(self) -> ResolvedTheme:
        """Return the theme the deck is built in."""
        return self.loaded.theme

    @property
    def warnings(self) -> list[Problem]:
        """Return what the build leaves out and why (e.g. logos, when there is no assets folder)."""
        return self.loaded.warnings


@dataclass
class BuildResult:
    """What a build wrote."""

    output: Path
    slides: int
    warnings: list[Problem]
    pdf: Path | None = None


def prepare(content_dir: Path, assets: Path | None = None) -> Prepared:
    """Return CONTENT_DIR loaded, validated and planned; raise ContentError listing every problem."""
    loaded = load_content(content_dir, assets)
    locale = load_locale(loaded.content.deck.language)
    try:
        plan = plan_deck(loaded.content, loaded.theme, locale, loaded.logos)
    except PlanError as error:
        raise ContentError.at(loaded.locate(error.where) if error.where else
                              loaded.deck_file.source_map.locate(()), str(error)) from None
    return Prepared(loaded, plan)


def default_output(prepared: Prepared) -> Path:
    """Return build/upr<cycle>-<country>-<language>.pptx."""
    deck = prepared.loaded.content.deck
    country = re.sub(r"[^a-z0-9]+", "-", deck.country.lower()).strip("-") or "deck"
    return BUILD_DIR / f"upr{deck.cycle}-{country}-{deck.language.lower()}.pptx"


def build(content_dir: Path, output: Path | None = None, *, pdf: bool = False,
          assets: Path | None = None, cache: bool = True, workers: int | None = None) -> BuildResult:
    """Build the deck of CONTENT_DIR into OUTPUT (and a PDF beside it); the last good deck survives any failure.

    CACHE False neither reads nor writes the chart cache; WORKERS is how many
    processes draw charts (None: as many as the machine has, when worth it).
    """
    prepared = prepare(Path(content_dir), assets)
    output = Path(output) if output else default_output(prepared)
    if output.suffix.lower() != ".pptx":
        raise OutputError(f"{display_path(output)}: the output must be a .pptx file")
    if pdf:
        soffice = find_soffice()  # before writing anything: a missing LibreOffice costs no deck

    from deckgen.render.chart_stage import chart_pngs, deck_charts
    from deckgen.render.pptx import render_deck
    from deckgen.render.write import deterministic_bytes, write_bytes_atomically

    charts = chart_pngs(deck_charts(prepared.plan), cache=cache, workers=workers)
    data = deterministic_bytes(render_deck(prepared.plan, charts))
    write_bytes_atomically(data, output)
    result = BuildResult(output, len(prepared.plan.slides), prepared.warnings)
    if pdf:
        result.pdf = export_pdf(output, soffice)
    return result


def find_soffice() -> str:
    """Return the path of LibreOffice's soffice; raise OutputError saying how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise OutputError("--pdf needs LibreOffice, and no 'soffice' is on PATH; install it "
                          "(Debian/Ubuntu: sudo apt-get install libreoffice-impress) or build without --pdf")
    return found


def export_pdf(deck: Path, soffice: str) -> Path:
    """Convert DECK to a PDF beside it with LibreOffice, atomically; return the PDF's path."""
    from deckgen.render.write import atomic_output

    target = deck.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="deckgen-pdf-") as work:
        profile = Path(work, "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", work, str(deck)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            raise OutputError(f"{display_path(deck)}: LibreOffice took over 5 minutes to export the PDF") from None
        produced = Path(work, deck.stem + ".pdf")
        if done.returncode != 0 or not produced.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise OutputError(f"{display_path(deck)}: LibreOffice could not export a PDF: {detail[0]}")
        with atomic_output(target) as temp:
            shutil.copyfile(produced, temp)
    return target
