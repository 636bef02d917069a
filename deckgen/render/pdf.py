"""LibreOffice's PDF export, in one place for `deckgen build --pdf` and the tests that render decks.

Both run the same command: headless soffice with a throwaway profile per call,
no crash recovery and no lock check, so two conversions at once (parallel
tests, a desktop session, CI) neither lock each other out nor hand the job to
an instance already running.

soffice starts soffice.bin, which outlives a killed soffice and re-creates its
profile folder. So it runs in a session of its own, and the whole process group
is ended whenever the conversion ends: done, timed out, or cut short by Ctrl+C
or SIGTERM to deckgen; only then is the profile folder removed.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from deckgen.errors import OutputError, display_path
from deckgen.files import atomic_output

SOFFICE_NAMES = ("soffice", "libreoffice")
"""The names LibreOffice's command goes by on PATH, the preferred first."""

TIMEOUT_SECONDS = 120
"""How long one conversion may take before it is given up: a coalition's deck takes seconds, a handout about
ten, so LibreOffice that has not finished by then hangs (a dialog no one sees, a locked profile)."""

GRACE_SECONDS = 5
"""How long LibreOffice's processes get to end after SIGTERM before they are killed."""


def install_folders(system: str | None = None) -> list[Path]:
    """Return where LibreOffice's installer puts soffice on SYSTEM (sys.platform by default), which is not on PATH.

    Windows: Program Files (and Program Files (x86)); macOS: the Applications folders. Elsewhere none:
    packages put soffice on PATH.
    """

    system = system or sys.platform
    if system.startswith("win"):
        roots = [os.environ.get(name) for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "ProgramW6432")]
        folders = [Path(root) for root in roots if root] or [Path("C:/Program Files"), Path("C:/Program Files (x86)")]
        return [folder / "LibreOffice" / "program" / "soffice.exe" for folder in dict.fromkeys(folders)]
    if system == "darwin":
        app = Path("LibreOffice.app") / "Contents" / "MacOS" / "soffice"
        return [Path("/Applications") / app, Path.home() / "Applications" / app]
    return []


def soffice_path() -> str | None:
    """Return the path of LibreOffice's soffice: on PATH, else in its standard install folder; None if neither."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((str(path) for path in install_folders() if path.is_file()), None)


def install_hint(system: str | None = None) -> str:
    """Return how to get LibreOffice on SYSTEM (sys.platform by default), and where deckgen looked."""

    system = system or sys.platform
    if system.startswith("win"):
        return (
            "no 'soffice' is on PATH nor in Program Files\\LibreOffice; install it from "
            "https://www.libreoffice.org/download/"
        )
    if system == "darwin":
        return (
            "no 'soffice' is on PATH nor in /Applications/LibreOffice.app; install it from "
            "https://www.libreoffice.org/download/ or with: brew install --cask libreoffice"
        )
    return "no 'soffice' is on PATH; install it (Debian/Ubuntu: sudo apt-get install libreoffice-impress)"


def find_soffice(needed_by: str = "--pdf") -> str:
    """Return the path of LibreOffice's soffice; raise OutputError saying how to get it on this system.

    NEEDED_BY names what needs it: build's --pdf (which the message says to leave out), or a command.
    """
    found = soffice_path()
    if not found:
        instead = " or build without --pdf" if needed_by == "--pdf" else ""
        raise OutputError(f"{needed_by} needs LibreOffice, and {install_hint()}{instead}")
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

    @property
    def is_pdf(self) -> bool:
        """Return whether what soffice wrote is a PDF: a regular file starting with %PDF-."""
        try:
            fd = os.open(self.pdf, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return False
        try:
            return stat_is_regular(fd) and os.read(fd, 5) == b"%PDF-"
        finally:
            os.close(fd)


def stat_is_regular(fd: int) -> bool:
    """Return whether the open file FD is a regular file (not a FIFO, device or folder)."""
    return stat.S_ISREG(os.fstat(fd).st_mode)


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
    typed = {
        name: {"type": types[type(value)], "value": str(value).lower() if isinstance(value, bool) else str(value)}
        for name, value in options.items()
    }
    return "pdf:impress_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


def soffice_command(
    soffice: str, deck: Path, outdir: Path, profile: Path, options: Mapping[str, bool | int | str] | None = None
) -> list[str]:
    """Return the command converting DECK to a PDF in OUTDIR, with the LibreOffice profile folder PROFILE.

    OPTIONS are the PDF export filter's (see NOTES_PAGES, TAGGED); None exports as LibreOffice does by default.
    """
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        filter_argument(options),
        "--outdir",
        str(outdir),
        str(deck),
    ]


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


def convert(
    deck: Path,
    outdir: Path,
    soffice: str,
    timeout: float = TIMEOUT_SECONDS,
    options: Mapping[str, bool | int | str] | None = None,
    language: str | None = None,
) -> Conversion:
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
                PROFILE_SETTINGS.format(tag=escape(language)), encoding="utf-8"
            )
        command = soffice_command(soffice, deck, outdir, Path(profile), options)
        returncode, stdout, stderr = _run_in_own_group(command, timeout)
    return Conversion(target, returncode, stdout, stderr)


class Terminated(KeyboardInterrupt):
    """deckgen got SIGTERM while LibreOffice ran: unwound like Ctrl+C, so every process and folder is cleaned up."""


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Make SIGTERM raise Terminated in the block (main thread only), so its cleanup runs before deckgen ends."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def terminated(number: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_in_own_group(command: list[str], timeout: float) -> tuple[int, str, str]:
    """Run COMMAND in a session of its own; return (exit status, stdout, stderr).

    However the run ends (done, after TIMEOUT seconds, Ctrl+C, SIGTERM), every process of its group is
    ended before this returns or raises: soffice.bin left behind would hold the profile folder.
    Raises subprocess.TimeoutExpired after TIMEOUT seconds.
    """
    posix = os.name == "posix"
    with _sigterm_unwinds():
        with _signals_held() as held:  # a signal while Popen returns would lose the process to end
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=posix,
                creationflags=0 if posix else getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
            )
        try:
            for number in held:
                signal.raise_signal(number)  # now, with its usual handler: Terminated or KeyboardInterrupt
            stdout, stderr = process.communicate(timeout=timeout)
        finally:
            _end_group(process, posix)
    return process.returncode, stdout, stderr


@contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Hold SIGINT and SIGTERM in the block (main thread only); yield the list of those that came meanwhile."""
    held: list[int] = []
    numbers = [getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread():
        yield held
        return
    previous = {number: signal.signal(number, lambda number, frame: held.append(number)) for number in numbers}
    try:
        yield held
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _end_group(process: subprocess.Popen[str], posix: bool) -> None:
    """End PROCESS and, on POSIX, every process of its group: SIGTERM, then SIGKILL after GRACE_SECONDS."""
    if not posix:
        if process.poll() is None:
            process.kill()
        process.communicate()
        return
    group = process.pid  # start_new_session: the group's id is the leader's pid
    for number in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(group, number)
        except (ProcessLookupError, PermissionError):
            break  # the group is gone
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and _group_alive(group, process):
            time.sleep(0.05)
        if not _group_alive(group, process):
            break
    try:
        process.communicate(timeout=GRACE_SECONDS)
    except (subprocess.TimeoutExpired, ValueError):
        pass  # its pipes are held by a process that could not be killed; nothing more to do


def _group_alive(group: int, process: subprocess.Popen[str]) -> bool:
    """Return whether a process of GROUP other than a zombie is left (PROCESS itself is reaped here)."""
    process.poll()
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            return True
    return False


def export_pdf(
    deck: Path,
    soffice: str,
    options: Mapping[str, bool | int | str] | None = None,
    target: Path | None = None,
    language: str | None = None,
    timeout: float | None = None,
) -> Path:
    """Convert DECK to a PDF with LibreOffice, atomically, to TARGET (default: beside DECK); return the PDF's path.

    OPTIONS are the PDF export filter's (see soffice_command); LANGUAGE the PDF's language tag (see convert).
    Raises OutputError, naming TARGET (what the user asked for, not a temporary deck), when LibreOffice
    fails, takes longer than TIMEOUT seconds (default TIMEOUT_SECONDS) or writes something that is not a PDF;
    an earlier PDF then stays as it was.
    """
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    target = target or deck.with_suffix(".pdf")
    shown = display_path(target)
    with tempfile.TemporaryDirectory(prefix="deckgen-pdf-") as work:
        try:
            done = convert(deck, Path(work), soffice, timeout=timeout, options=options, language=language)
        except subprocess.TimeoutExpired:
            raise OutputError(
                f"{shown}: LibreOffice did not finish the PDF in {_duration(timeout)}; it was "
                f"stopped, and no PDF was written"
            ) from None
        if not done.succeeded:
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise OutputError(f"{shown}: LibreOffice could not export a PDF: {detail[0]}")
        if not done.is_pdf:
            raise OutputError(
                f"{shown}: LibreOffice wrote something that is not a PDF (it does not start with "
                f"%PDF-); no PDF was written"
            )
        with atomic_output(target) as temp:
            shutil.copyfile(done.pdf, temp)
    return target


def _duration(seconds: float) -> str:
    """Return SECONDS as a person says it: '2 minutes', '90 seconds', '1 second'."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    whole = round(seconds)
    return f"{whole} second{'s' if whole != 1 else ''}"
