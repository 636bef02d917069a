"""LibreOffice's PDF export, in one place for `deckgen build --pdf` and the tests that render decks.

Both run the same command: headless soffice with a throwaway profile per call,
no crash recovery and no lock check, so two conversions at once (parallel
tests, a desktop session, CI) neither lock each other out nor hand the job to
an instance already running.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from deckgen.errors import OutputError, display_path
from deckgen.files import atomic_output

SOFFICE_NAMES = ("soffice", "libreoffice")
"""The names LibreOffice's command goes by on PATH, the preferred first."""

TIMEOUT_SECONDS = 300
"""How long one conversion may take before it is given up."""


def soffice_path() -> str | None:
    """Return the path of LibreOffice's soffice on PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_soffice(needed_by: str = "--pdf") -> str:
    """Return the path of LibreOffice's soffice; raise OutputError saying how to get it.

    NEEDED_BY names what needs it: build's --pdf (which the message says to leave out), or a command.
    """
    found = soffice_path()
    if not found:
        instead = " or build without --pdf" if needed_by == "--pdf" else ""
        raise OutputError(f"{needed_by} needs LibreOffice, and no 'soffice' is on PATH; install it "
                          f"(Debian/Ubuntu: sudo apt-get install libreoffice-impress){instead}")
    return found


@dataclass(frozen=True)
class Conversion:
    """What one soffice run did."""

    pdf: Path
    """Where the PDF was to be written (it may be missing: see succeeded)."""
    returncode: int
    """soffice's exit status."""
    stdout: str
    """What soffice printed."""
    stderr: str
    """What soffice printed as errors."""

    @property
    def succeeded(self) -> bool:
        """Return whether the PDF was written: soffice exits 0 even when it could not load the deck."""
        return self.returncode == 0 and self.pdf.is_file()


NOTES_PAGES = {"ExportNotesPages": True, "ExportOnlyNotesPages": True}
"""impress_pdf_Export options for notes pages: each slide above its speaker notes, and nothing else."""

TAGGED = {"UseTaggedPDF": True}
"""impress_pdf_Export options for a tagged PDF: structure, reading order, alt text, the language of the text."""


def filter_argument(options: Mapping[str, bool | int | str] | None) -> str:
    """Return --convert-to's argument: "pdf", or with OPTIONS the PDF export filter and its options as JSON.

    LibreOffice (7.4 and later) reads the filter's options as {"Name": {"type": ..., "value": ...}}.
    """
    if not options:
        return "pdf"
    types = {bool: "boolean", int: "long", str: "string"}
    typed = {name: {"type": types[type(value)], "value": str(value).lower() if isinstance(value, bool) else str(value)}
             for name, value in options.items()}
    return "pdf:impress_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


def soffice_command(soffice: str, deck: Path, outdir: Path, profile: Path,
                    options: Mapping[str, bool | int | str] | None = None) -> list[str]:
    """Return the command converting DECK to a PDF in OUTDIR, with the LibreOffice profile folder PROFILE.

    OPTIONS are the PDF export filter's (see NOTES_PAGES, TAGGED); None exports as LibreOffice does by default.
    """
    return [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
            "--convert-to", filter_argument(options), "--outdir", str(outdir), str(deck)]


PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Setup/L10N">
  <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{tag}</value></prop></item>
<item oor:path="/org.openoffice.Office.Linguistic/General">
  <prop oor:name="DefaultLocale" oor:op="fuse"><value>{tag}</value></prop></item>
</oor:items>
"""
"""A profile's settings making TAG the documents' language: a tagged PDF's /Lang is the document's language,
which LibreOffice takes from its settings, not from the language of the deck's text."""


def convert(deck: Path, outdir: Path, soffice: str, timeout: float = TIMEOUT_SECONDS,
            options: Mapping[str, bool | int | str] | None = None, language: str | None = None) -> Conversion:
    """Convert DECK to OUTDIR/<its name>.pdf with SOFFICE, in a private profile; return what happened.

    OPTIONS are the PDF export filter's (see soffice_command). LANGUAGE (a tag such as ru-RU), when given,
    is the PDF's language.

    A PDF of that name already in OUTDIR is deleted first, so a stale one cannot
    pass for a fresh one. Raises subprocess.TimeoutExpired after TIMEOUT seconds.
    """
    deck, outdir = Path(deck).resolve(), Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / f"{deck.stem}.pdf"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-profile-") as profile:
        if language:
            (Path(profile) / "user").mkdir()
            (Path(profile) / "user" / "registrymodifications.xcu").write_text(
                PROFILE_SETTINGS.format(tag=escape(language)), encoding="utf-8")
        done = subprocess.run(soffice_command(soffice, deck, outdir, Path(profile), options), capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False)
    return Conversion(target, done.returncode, done.stdout, done.stderr)


def export_pdf(deck: Path, soffice: str, options: Mapping[str, bool | int | str] | None = None,
               target: Path | None = None, language: str | None = None) -> Path:
    """Convert DECK to a PDF with LibreOffice, atomically, to TARGET (default: beside DECK); return the PDF's path.

    OPTIONS are the PDF export filter's (see soffice_command); LANGUAGE the PDF's language tag (see convert).
    Raises OutputError when LibreOffice fails or takes too long; an earlier PDF then stays as it was.
    """
    target = target or deck.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="deckgen-pdf-") as work:
        try:
            done = convert(deck, Path(work), soffice, options=options, language=language)
        except subprocess.TimeoutExpired:
            raise OutputError(f"{display_path(deck)}: LibreOffice took over {TIMEOUT_SECONDS // 60} minutes to "
                              f"export the PDF") from None
        if not done.succeeded:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise OutputError(f"{display_path(deck)}: LibreOffice could not export a PDF: {detail[0]}")
        with atomic_output(target) as temp:
            shutil.copyfile(done.pdf, temp)
    return target
