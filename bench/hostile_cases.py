"""Re-run every case of issue 24 ("Hostile and unlucky input, round two") on today's code, as a user would.

Each case builds a small project in a fresh temporary folder, runs the real command line (`python -m
deckgen`, a process of its own, in a session of its own, with TMPDIR and the plan cache inside the
project) and checks what the issue demands of it: exit code 0 or the one located message with exit 1,
no traceback, nothing written, no input changed, nothing left in TMPDIR, no process of the session left
running. It prints one line per case and exits 1 when a case does not behave.

    .venv/bin/python bench/hostile_cases.py            # every case (about 4 minutes: one waits out
                                                       # LibreOffice's 2-minute timeout)
    .venv/bin/python bench/hostile_cases.py --quick    # all but that one
    .venv/bin/python bench/hostile_cases.py -k fifo    # the cases whose name holds "fifo"

The tests that keep each case fixed are listed in docs/safety.md ("Cases and their tests"); this script is
the whole-command check a person would make, and is not part of `make test`.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the template maker and hostile templates of the tests

# The content the tests build their cases on, so a case here and its regression test start from the same files.
from test_fuzz import snapshot  # noqa: E402
from test_import_words import EN_ISSUE, HEADER, OTHER_STYLE, RU_ISSUE, TRACKED_ISSUE  # noqa: E402
from test_libreoffice_processes import FAKE_SOFFICE  # noqa: E402

from conftest import VALID_DECK, VALID_ISSUE  # noqa: E402

SECRET = "api_token: sk-live-0123456789abcdef"


# --- running deckgen ---------------------------------------------------------------------------------------


@dataclass
class Run:
    """What one deckgen command did."""

    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float
    changed: list[str]
    """Paths of the project (TMPDIR and the plan cache aside) that were added, removed or changed."""
    leftovers: list[str]
    """What is left in TMPDIR."""
    survivors: list[int]
    """Processes of the command's session still running after it ended."""
    max_rss_mb: float = 0.0

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def general_problems(self) -> list[str]:
        """What no command may ever do, whatever the case."""
        problems = []
        if "Traceback" in self.output:
            problems.append("printed a traceback")
        if SECRET.split()[-1] in self.output:  # planted only outside the project: no command may print it
            problems.append("the planted token was printed")
        if self.code not in (0, 1, 2, 130):
            problems.append(f"exit code {self.code}")
        if self.leftovers:
            problems.append(f"left in TMPDIR: {self.leftovers[:3]}")
        if self.survivors:
            problems.append(f"left running: {self.survivors}")
        return problems


def session_members(session: int) -> list[int]:
    """Return the processes whose session is SESSION (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[3]) == session:
            found.append(int(entry.name))
    return found


class Project:
    """A temporary folder holding deck/ (a valid one-issue content set), assets/, tmp/ (TMPDIR) and cache/."""

    def __init__(self, root: Path):
        self.root = root
        (root / "tmp").mkdir()
        (root / "cache").mkdir()
        (root / "assets" / "themes").mkdir(parents=True)
        shutil.copy(REPO / "assets" / "themes" / "coalition.yaml", root / "assets" / "themes")
        shutil.copytree(REPO / "assets" / "logos", root / "assets" / "logos", ignore=shutil.ignore_patterns("*.py"))
        self.write("deck/deck.yaml", VALID_DECK)
        self.write("deck/issues/01-a.yaml", VALID_ISSUE)
        self.env = dict(os.environ, TMPDIR=str(root / "tmp"), DECKGEN_CACHE_DIR=str(root / "cache"), COLUMNS="200")
        self.env.pop("CI", None)

    def write(self, relative: str, data: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def csv(self, relative: str, rows: list[list[str]]) -> str:
        with open(self.root / relative, "w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerows([HEADER, *rows])
        return relative

    def fake_soffice(self, mode: str) -> None:
        """Put a stand-in LibreOffice first on PATH, behaving as MODE says (notpdf, hang)."""
        self.write("fake-bin/soffice", FAKE_SOFFICE).chmod(0o755)
        self.env["PATH"] = f"{self.root / 'fake-bin'}{os.pathsep}{self.env['PATH']}"
        self.env["FAKE_SOFFICE"] = mode

    def run(
        self,
        *args: str,
        timeout: float = 180,
        python: str | None = None,
        signal_after: tuple[float, int] | None = None,
    ) -> Run:
        """Run `deckgen ARGS` in the project; PYTHON replaces the program (`-c` code that ends by running deckgen)."""
        skip = {"tmp", "cache"}
        before = snapshot(self.root, skip)
        program = [sys.executable, "-c", python] if python else [sys.executable, "-m", "deckgen"]
        out_path, err_path = self.root / "tmp" / ".out", self.root / "tmp" / ".err"
        started = time.monotonic()
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            process = subprocess.Popen(
                [*program, *args],
                cwd=self.root,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        timer = threading.Timer(timeout, lambda: os.killpg(process.pid, signal.SIGKILL))
        timer.start()
        if signal_after:
            threading.Timer(signal_after[0], lambda: process.send_signal(signal_after[1])).start()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        time.sleep(0.3)  # a process that outlives deckgen shows by now
        survivors = session_members(process.pid)
        for pid in survivors:  # end them: the next case must start clean
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        stdout = out_path.read_text(encoding="utf-8", errors="replace")
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        out_path.unlink()
        err_path.unlink()
        after = snapshot(self.root, skip)
        changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
        leftovers = sorted(str(p.relative_to(self.root / "tmp")) for p in (self.root / "tmp").iterdir())
        code = process.returncode if process.returncode >= 0 else 128 - process.returncode
        return Run(args, code, stdout, stderr, seconds, changed, leftovers, survivors, usage.ru_maxrss / 1024)


# --- the expectations --------------------------------------------------------------------------------------


def refused(run: Run, message: str | re.Pattern, *, written: tuple[str, ...] = ()) -> list[str]:
    """The issue's rule for bad input: exit 1, the one located MESSAGE, nothing written or changed."""
    problems = run.general_problems()
    if run.code != 1:
        problems.append(f"exit code {run.code}, not 1")
    lines = run.stderr.strip()
    matched = message.fullmatch(lines) if isinstance(message, re.Pattern) else lines == message
    if not matched:
        problems.append(f"said {lines[:300]!r}")
    changed = [p for p in run.changed if not p.startswith(written)] if written else run.changed
    if changed:
        problems.append(f"changed {changed[:5]}")
    return problems


def succeeded(run: Run, *, written: tuple[str, ...] = ()) -> list[str]:
    problems = run.general_problems()
    if run.code != 0:
        problems.append(f"exit code {run.code}: {run.stderr.strip()[:300]!r}")
    unexpected = [p for p in run.changed if not p.startswith(written)]
    if unexpected:
        problems.append(f"changed {unexpected[:5]}")
    return problems


def first_line(run: Run) -> str:
    lines = (run.stderr or run.stdout).strip().splitlines()
    return lines[0] if lines else ""


@dataclass
class Case:
    name: str
    issue_text: str
    check: Callable[[Project], tuple[list[str], str]]
    slow: bool = False
    needs_root: bool = False


CASES: list[Case] = []


def case(name: str, issue_text: str, *, slow: bool = False, needs_root: bool = False):
    def register(check):
        CASES.append(Case(name, issue_text, check, slow, needs_root))
        return check

    return register


# --- text that is not what was typed -----------------------------------------------------------------------


@case("word-joiners", "URL and 47-VIII copied from a slide are what was typed")
def _(p: Project):
    url = "https://example.org/reports/upr4/kazakhstan-joint-submission"
    p.write(
        "deck/issues/01-a.yaml",
        VALID_ISSUE.replace("The protocol was ratified.", f"Law No. 47-VIII of 2023 was passed; see {url} now."),
    )
    run = p.run("build", "deck", "-o", "out/deck.pptx")
    problems = succeeded(run, written=("out",))
    if not problems:
        from pptx import Presentation

        text = ""
        for slide in Presentation(str(p.root / "out/deck.pptx")).slides:
            for shape in slide.shapes:
                if shape.has_text_frame:
                    text += "\n".join(par.text for par in shape.text_frame.paragraphs) + "\n"
        flat = text.replace("\n", "").replace("\x0b", "")
        if "\u2060" in text or "\u00a0" in text:
            problems.append("a word joiner or no-break space is in the slide text")
        if url not in flat:
            problems.append("the URL is not on a slide as typed")
        if "47-VIII" not in text:
            problems.append("47-VIII is not on a slide as typed")
    return problems, "slide text holds the URL and 47-VIII as typed, no U+2060"


@case("whitespace-only-text", "'   ', a no-break space, zero-width characters: refused at their line")
def _(p: Project):
    p.write(
        "deck/issues/01-a.yaml",
        VALID_ISSUE.replace("title: Children's rights", 'title: "   "').replace(
            "  - To ratify the protocol.\n", '  - "\u00a0"\n  - "\u200b\u200d"\n'
        ),
    )
    run = p.run("validate", "deck")
    message = "\n".join(
        [
            "deck/issues/01-a.yaml:1:8: 'title' has no text, only spaces or invisible characters: write the text, or "
            "remove it",
            "deck/issues/01-a.yaml:15:5: item 1 of 'recommendations' has no text, only spaces or invisible "
            "characters: write the text, or remove it",
            "deck/issues/01-a.yaml:16:5: item 2 of 'recommendations' has no text, only spaces or invisible "
            "characters: write the text, or remove it",
        ]
    )
    build = p.run("build", "deck", "-o", "out/deck.pptx")
    return refused(run, message) + refused(build, re.compile(r".*", re.S)), first_line(run)


@case("empty-list-item", "an empty string in a list is not 'needs at least one item'")
def _(p: Project):
    p.write("deck/issues/01-a.yaml", VALID_ISSUE.replace("  - To ratify the protocol.\n", '  - ""\n'))
    run = p.run("validate", "deck")
    return refused(run, "deck/issues/01-a.yaml:15:5: item 1 of 'recommendations' must not be empty"), first_line(run)


# --- imports that change the wrong thing -------------------------------------------------------------------


@case("csv-nul-cell", "a CSV cell holding NUL is refused at its row and column")
def _(p: Project):
    p.write("deck/issues/01-a.yaml", TRACKED_ISSUE)
    table = p.csv("t.csv", [["141.1", "01-a", "", "", "", "", "Bill\x00 in parliament"]])
    run = p.run("import", table, "--into", "deck")
    return refused(
        run,
        "t.csv:2: the note cell (column G) holds the control character U+0000, which no text may hold; retype it",
    ), first_line(run)


@case("excel-shortened-id", "141.10 shortened to 141.1: a warning naming both ids")
def _(p: Project):
    p.write("deck/issues/01-a.yaml", TRACKED_ISSUE)
    table = p.csv("t.csv", [["141.1", "01-a", "", "", "", "implemented", ""]])
    run = p.run("import", table, "--into", "deck")
    problems = succeeded(run, written=("deck/issues/01-a.yaml",))
    wanted = (
        "t.csv:2: warning: id 141.1 is 141.10 with its trailing zeros dropped, as a spreadsheet drops them from a "
        "number: was 141.10 meant? This row updates 141.1; format the id column as text and type the id again"
    )
    if wanted not in run.stderr.splitlines():
        problems.append(f"no warning naming both ids: {run.stderr[:300]!r}")
    return problems, first_line(run)


@case("norway-problem", "states NO, note No, text Yes are text, never YAML")
def _(p: Project):
    p.write("deck/issues/01-a.yaml", TRACKED_ISSUE)
    table = p.csv("t.csv", [["141.1", "01-a", "", "NO", "", "", "No"], ["141.12", "01-a", "Yes", "", "", "", "2024"]])
    run = p.run("import", table, "--into", "deck")
    problems = succeeded(run, written=("deck/issues/01-a.yaml",))
    text = p.read("deck/issues/01-a.yaml")
    for wanted in ("states: ['NO']", "note: 'No'", "text: 'Yes'", "note: '2024'"):
        if wanted not in text:
            problems.append(f"the file lacks {wanted}")
    check = p.run("validate", "deck")  # the set has findings still to fill: only no value may be "not text"
    if "must be text" in check.stderr:
        problems.append(f"validate after the import: {check.stderr.strip()[:200]}")
    return problems, "imported as text: " + ", ".join(re.findall(r"(?:states|note|text): '[^']*'\]?", text)[:4])


@case("id-with-a-space", "an id with a space is located at the table's row")
def _(p: Project):
    p.write("deck/issues/01-a.yaml", TRACKED_ISSUE)
    table = p.csv("t.csv", [["141 .12", "01-a", "Protect journalists.", "", "", "", ""]])
    run = p.run("import", table, "--into", "deck")
    return refused(run, re.compile(r"t\.csv:2: .*141 \.12.*")), first_line(run)


@case("csv-100000-rows", "a 100,000-row CSV: the table and its limit named, quickly")
def _(p: Project):
    p.write("deck/issues/01-a.yaml", TRACKED_ISSUE)
    table = p.csv("big.csv", [[f"141.{n + 20}", "01-a", "Do it.", "", "", "", ""] for n in range(100_000)])
    run = p.run("import", table, "--into", "deck")
    problems = refused(
        run,
        "big.csv: the table has more than 5,000 rows, deckgen's limit for a table of recommendations (a review "
        "gives a State a few hundred); is it the right file?",
    )
    if run.seconds > 10:
        problems.append(f"took {run.seconds:.0f} s")
    return problems, f"{first_line(run)[:60]}… in {run.seconds:.1f} s"


@case("zero-indented-yaml-style", "a one-status import into another YAML style changes one line")
def _(p: Project):
    p.write("deck/issues/01-a.yaml", OTHER_STYLE)
    table = p.csv("t.csv", [["141.1", "01-a", "", "", "", "implemented", ""]])
    run = p.run("import", table, "--into", "deck")
    problems = succeeded(run, written=("deck/issues/01-a.yaml",))
    after = p.read("deck/issues/01-a.yaml").splitlines()
    before = OTHER_STYLE.splitlines()
    added = [line for line in after if line not in before]
    removed = [line for line in before if line not in after]
    if added != ["    status: implemented"] or removed:
        problems.append(f"changed lines: +{added} -{removed}")
    return problems, f"lines added {added}, removed {removed}"


# --- files, processes, disks -------------------------------------------------------------------------------


@case("fifo-plan-cache-entry", "a FIFO in the cache never hangs the build")
def _(p: Project):
    first = p.run("build", "deck", "-o", "first.pptx")
    entries = list((p.root / "cache").rglob("*.pickle"))
    if first.code != 0 or not entries:
        return [f"first build: {first_line(first)}; cache entries {len(entries)}"], ""
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    run = p.run("build", "deck", "-o", "second.pptx", timeout=60)
    return succeeded(run, written=("second.pptx",)), f"rebuilt in {run.seconds:.1f} s"


@case("fifo-inputs", "FIFOs where deckgen reads: issue file, table, workbook, XLIFF file")
def _(p: Project):
    problems = []
    os.mkfifo(p.root / "deck/issues/02-b.yaml")
    run = p.run("validate", "deck", timeout=60)
    problems += refused(
        run, "deck/issues/02-b.yaml: is a pipe, not a file; deckgen reads only regular files", written=()
    )
    (p.root / "deck/issues/02-b.yaml").unlink()
    os.mkfifo(p.root / "t.csv")
    run = p.run("import", "t.csv", "--into", "deck", timeout=60)
    problems += refused(run, "t.csv: is a pipe, not a file; deckgen reads only regular files")
    os.mkfifo(p.root / "wb.xlsx")
    for command in (["validate", "wb.xlsx"], ["workbook", "import", "wb.xlsx", "--into", "deck"]):
        run = p.run(*command, timeout=60)
        problems += refused(run, "wb.xlsx: is a pipe, not a file; deckgen reads only regular files")
    os.mkfifo(p.root / "ru.xlf")
    run = p.run("xliff", "import", "ru.xlf", "deck", "-o", "ru", timeout=60)
    problems += refused(run, "ru.xlf: is a pipe, not a file; deckgen reads only regular files")
    return problems, first_line(run)


@case("killed-rename", "a build killed as it renames leaves a temporary the next write removes")
def _(p: Project):
    kill_at_rename = (
        "import os, signal, sys\n"
        "real = os.replace\n"
        "def replace(a, b):\n"
        "    if str(b).endswith('deck.pptx'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    real(a, b)\n"
        "os.replace = replace\n"
        "sys.argv[0] = 'deckgen'\n"
        "from deckgen.cli import main\n"
        "main()\n"
    )
    killed = p.run("build", "deck", "-o", "out/deck.pptx", python=kill_at_rename)
    left = [n for n in os.listdir(p.root / "out")] if (p.root / "out").exists() else []
    problems = (
        [] if killed.code == 128 + signal.SIGKILL and left else [f"the kill did not happen: {killed.code} {left}"]
    )
    run = p.run("build", "deck", "-o", "out/deck.pptx")
    problems += succeeded(run, written=("out",))
    now = sorted(os.listdir(p.root / "out"))
    if now != ["deck.pptx"]:
        problems.append(f"out/ holds {now}")
    return problems, f"killed build left {left}; after the next build out/ holds {now}"


def full_disk(p: Project, command: list[str]) -> tuple[list[str], str]:
    """Run COMMAND writing to full/, a 64 KB tmpfs with room for about one small file."""
    full = p.root / "full"
    full.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(full)], check=True)
    try:
        (full / "filler").write_bytes(b"x" * (64 * 1024 - 8192))
        run = p.run(*command)
        problems = refused(run, "full/next: cannot write: disk full; nothing was written")
        left = sorted(os.listdir(full))
        if left != ["filler"]:
            problems.append(f"full/ holds {left}")
        return problems, first_line(run)
    finally:
        subprocess.run(["umount", str(full)], check=True)


@case("disk-full-new-cycle", "a full disk during new-cycle: one line", needs_root=True)
def _(p: Project):
    p.write("deck/issues/02-b.yaml", VALID_ISSUE)
    return full_disk(p, ["new-cycle", "deck", "full/next"])


@case("disk-full-xliff-import", "a full disk during xliff import: one line", needs_root=True)
def _(p: Project):
    p.write("deck/issues/02-b.yaml", VALID_ISSUE)
    export = p.run("xliff", "export", "deck", "-t", "ru", "-o", "ru.xlf")
    if export.code:
        return [f"export: {first_line(export)}"], ""
    return full_disk(p, ["xliff", "import", "ru.xlf", "deck", "-o", "full/next", "--allow-untranslated"])


# --- templates: security -----------------------------------------------------------------------------------


def template(p: Project, name: str = "t.pptx", *edits) -> str:
    from hostile_templates import edited

    def edit_all(parts):
        for edit in edits:
            edit(parts)

    edited(p.root / name, edit_all)
    return name


def build_with(p: Project, name: str, *extra: str) -> tuple[Run, list[str]]:
    """Build deck/ with template NAME; return the run and what deck_problems finds in the deck."""
    from hostile_templates import deck_problems

    run = p.run("build", "deck", "-o", "out/deck.pptx", "--template", name, *extra)
    found = deck_problems(p.root / "out/deck.pptx") if run.code == 0 else []
    return run, found


def carried(p: Project, *edits, name: str = "t.pptx") -> tuple[list[str], str]:
    run, found = build_with(p, template(p, name, *edits))
    problems = succeeded(run, written=("out",)) + found
    with zipfile.ZipFile(p.root / "out/deck.pptx") as deck:
        names = deck.namelist()
        types = deck.read("[Content_Types].xml")
    if any("vba" in n.lower() or "docProps/custom" in n or "customXml" in n for n in names):
        problems.append(f"a macro or custom part is in the deck: {names}")
    if b"macroEnabled" in types:
        problems.append("the deck's main content type is macro-enabled")
    return problems, f"built; deck_problems: {found or 'none'}"


@case("template-external-links", "linked pictures and hyperlinks (http, file://, UNC) never reach the deck")
def _(p: Project):
    from hostile_templates import external_links

    return carried(p, external_links)


@case("template-pptm", "a .pptm gives a plain .pptx with no vbaProject.bin")
def _(p: Project):
    from hostile_templates import macros

    return carried(p, macros, name="t.pptm")


@case("template-vba-and-ole", "a .pptx with vbaProject.bin, OLE and ActiveX on its master: left out")
def _(p: Project):
    from hostile_templates import macros, ole_and_activex

    return carried(p, lambda parts: macros(parts, macro_enabled=False), ole_and_activex)


@case("template-docprops", "company, manager, identifier, version, custom.xml never reach the deck")
def _(p: Project):
    from hostile_templates import SECRETS, document_properties

    problems, seen = carried(p, document_properties)
    with zipfile.ZipFile(p.root / "out/deck.pptx") as deck:
        everything = b"".join(deck.read(n) for n in deck.namelist())
    problems += [f"{secret!r} is in the deck" for secret in SECRETS if secret.encode() in everything]
    return problems, seen


def outside_link(p: Project) -> Path:
    secret = p.write("outside/secret.yaml", VALID_ISSUE.replace("total: 10", "total: 12") + SECRET + "\n")
    return secret


@case("check-translation-fix-outside-link", "--fix never reads, prints or writes a file outside the set")
def _(p: Project):
    secret = outside_link(p)
    shutil.copytree(p.root / "deck", p.root / "ru")
    p.write("ru/deck.yaml", VALID_DECK.replace("language: en", "language: ru"))
    (p.root / "ru/issues/01-a.yaml").unlink()
    (p.root / "ru/issues/01-a.yaml").symlink_to(secret)
    run = p.run("check-translation", "deck", "ru", "--fix")
    problems = refused(
        run,
        re.compile(
            r"(?s).*ru/issues/01-a\.yaml: leads outside the content set \(ru/\); deckgen reads only files inside "
            r"it: copy the file in instead of linking to it"
        ),
    )
    return problems, run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""


@case("import-into-outside-link", "import --into never reads or prints a linked issue file outside the set")
def _(p: Project):
    secret = outside_link(p)
    (p.root / "deck/issues/02-b.yaml").symlink_to(secret)
    table = p.csv("t.csv", [["141.1", "02-b", "Ratify.", "", "", "implemented", ""]])
    run = p.run("import", table, "--into", "deck")
    problems = refused(
        run,
        "deck/issues/02-b.yaml: leads outside the content set (deck/); deckgen reads only files inside it: copy "
        "the file in instead of linking to it",
    )
    return problems, first_line(run)


@case("import-into-languages-outside-link", "import --into content never reads a translation linked outside")
def _(p: Project):
    tracked = VALID_ISSUE.replace(
        "recommendations:\n  - To ratify",
        "  recommendations:\n    - id: '141.1'\n      text: Ratify the protocol.\nrecommendations:\n  - To ratify",
    )
    p.write("content/en/deck.yaml", VALID_DECK)
    p.write("content/en/issues/01-a.yaml", tracked)
    p.write("content/ru/deck.yaml", VALID_DECK.replace("language: en", "language: ru"))
    secret = p.write("outside/secret.yaml", tracked + SECRET + "\n")
    (p.root / "content/ru/issues").mkdir()
    (p.root / "content/ru/issues/01-a.yaml").symlink_to(secret)
    table = p.csv("t.csv", [["141.1", "01-a", "", "", "", "implemented", ""]])
    run = p.run("import", table, "--into", "content")
    problems = refused(
        run,
        "content/ru/issues/01-a.yaml: leads outside the content set (content/ru/); deckgen reads only files inside "
        "it: copy the file in instead of linking to it",
    )
    return problems, first_line(run)


@case("workbook-import-outside-link", "workbook import never reads, prints or writes over a linked issue file")
def _(p: Project):
    p.write("deck/issues/02-b.yaml", VALID_ISSUE)
    export = p.run("workbook", "export", "deck", "-o", "wb.xlsx")
    if export.code:
        return [f"export: {first_line(export)}"], ""
    (p.root / "deck/issues/02-b.yaml").unlink()
    (p.root / "deck/issues/02-b.yaml").symlink_to(outside_link(p))
    run = p.run("workbook", "import", "wb.xlsx", "--into", "deck")
    problems = refused(
        run,
        "deck/issues/02-b.yaml: leads outside the content set (deck/); deckgen reads only files inside it: copy "
        "the file in instead of linking to it",
    )
    return problems, first_line(run)


@case("xliff-entity", "an XLIFF target with an entity: refused at its line, not read as nothing")
def _(p: Project):
    export = p.run("xliff", "export", "deck", "-t", "ru", "-o", "ru.xlf")
    if export.code:
        return [f"export: {first_line(export)}"], ""
    text = p.read("ru.xlf").replace('encoding="UTF-8"?>\n', 'encoding="UTF-8"?>\n<!DOCTYPE xliff [<!ENTITY e "x">]>\n')
    p.write("ru.xlf", text.replace("<source>Test deck</source>", "<source>Test deck</source><target>&e; deck</target>"))
    run = p.run("xliff", "import", "ru.xlf", "deck", "-o", "ru", "--allow-untranslated")
    return refused(
        run,
        "ru.xlf:7: &e; is an entity, which deckgen does not expand (its text would be lost): write the character "
        "itself, or export the XLIFF again from the translation tool",
    ), first_line(run)


@case("template-3gb-part", "a 3 MB template whose part inflates to 3 GB: refused, memory bounded")
def _(p: Project):
    from template_maker import make_template

    path = make_template(p.root / "bomb.pptx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        with package.open("ppt/media/bomb.xml", "w", force_zip64=True) as member:
            block = b" " * (16 * 1024 * 1024)
            for _ in range(3 * 1024 // 16):
                member.write(block)
    size = path.stat().st_size
    problems = []
    seen = ""
    for command in (
        ["template", "inspect", "bomb.pptx"],
        ["build", "deck", "-o", "out/deck.pptx", "--template", "bomb.pptx"],
    ):
        run = p.run(*command, timeout=120)
        problems += refused(
            run,
            "bomb.pptx: template bomb.pptx: its part ppt/media/bomb.xml unpacks to more than 64 MB: deckgen refuses "
            "it as damaged or hostile",
        )
        if run.max_rss_mb > 400:
            problems.append(f"used {run.max_rss_mb:.0f} MB of memory")
        seen = f"{size / 1e6:.1f} MB file; {run.max_rss_mb:.0f} MB peak; {first_line(run)[:70]}…"
    return problems, seen


@case("template-dev-zero", "--template /dev/zero is refused unread")
def _(p: Project):
    run = p.run("build", "deck", "-o", "out/deck.pptx", "--template", "/dev/zero", timeout=60)
    return refused(
        run, "/dev/zero: template zero is not a regular file (a pipe, device or folder): give a .pptx or .potx file"
    ), first_line(run)


@case("template-fifo", "--template naming a FIFO is refused without blocking")
def _(p: Project):
    os.mkfifo(p.root / "pipe.pptx")
    problems = []
    for command in (
        ["build", "deck", "-o", "out/deck.pptx", "--template", "pipe.pptx"],
        ["template", "inspect", "pipe.pptx"],
    ):
        run = p.run(*command, timeout=60)
        problems += refused(
            run,
            "pipe.pptx: template pipe.pptx is not a regular file (a pipe, device or folder): give a .pptx or .potx "
            "file",
        )
    return problems, first_line(run)


# --- templates and translations: data loss -----------------------------------------------------------------


@case("template-overwritten-by-o", "build -o t.pptx --template t.pptx never writes over the template")
def _(p: Project):
    template(p)
    run = p.run("build", "deck", "-o", "t.pptx", "--template", "t.pptx")
    return refused(
        run, "t.pptx: this command reads t.pptx; it never writes over its input: choose another output"
    ), first_line(run)


def en_ru(p: Project, ru_issue: bytes) -> None:
    p.write("deck/issues/01-a.yaml", EN_ISSUE)
    shutil.copytree(p.root / "deck", p.root / "ru")
    p.write("ru/deck.yaml", VALID_DECK.replace("language: en", "language: ru"))
    p.write("ru/issues/01-a.yaml", ru_issue)


@case("fix-keeps-comment-and-number-text", "--fix keeps a comment below a changed line; '2025' stays text")
def _(p: Project):
    en_ru(p, RU_ISSUE.encode())
    run = p.run("check-translation", "deck", "ru", "--fix")
    problems = succeeded(run, written=("ru/issues/01-a.yaml",))
    after = p.read("ru/issues/01-a.yaml")
    if "  # перевод сверен с матрицей, 12.03\n" not in after:
        problems.append("the translator's comment is gone")
    if "To report in 2025." in after or '"2025"' not in after:
        problems.append("the translated 2025 was replaced")
    return problems, " | ".join(run.stdout.splitlines()[:3])


@case("fix-keeps-crlf-and-bom", "--fix of one total keeps CRLF line ends and the BOM, changes its lines only")
def _(p: Project):
    ru = RU_ISSUE.replace("  - 2025\n", "  - Отчитаться.\n").replace("  approximate: true\n", "")
    en_ru(p, b"\xef\xbb\xbf" + ru.replace("\n", "\r\n").encode())
    run = p.run("check-translation", "deck", "ru", "--fix")
    problems = succeeded(run, written=("ru/issues/01-a.yaml",))
    data = (p.root / "ru/issues/01-a.yaml").read_bytes()
    if not data.startswith(b"\xef\xbb\xbf"):
        problems.append("the BOM is gone")
    if b"\n" in data.replace(b"\r\n", b""):
        problems.append("a line end is no longer CRLF")
    before, after = ru.splitlines(), data.decode("utf-8-sig").splitlines()
    differ = sum(a != b for a, b in zip(before, after)) + abs(len(before) - len(after))
    if differ != 1:
        problems.append(f"{differ} lines changed")
    return problems, f"{differ} line changed; BOM and CRLF kept"


# --- templates: silently wrong ------------------------------------------------------------------------------


@case("template-other-16-9-size", "a 10 x 5.625 in (Google Slides) template is refused with the reason")
def _(p: Project):
    from hostile_templates import slide_size

    template(p, "google.pptx", slide_size(9144000, 5143500))
    run = p.run("build", "deck", "-o", "out/deck.pptx", "--template", "google.pptx")
    return refused(
        run,
        "google.pptx: template google.pptx has 25.40 x 14.29 cm slides: 16:9, but deckgen draws on 33.87 x 19.05 "
        "cm slides and its text would run off these: set the size (PowerPoint: Design > Slide Size > Custom Slide "
        "Size: 33.867 x 19.05 cm, then Ensure Fit) and build again",
    ), first_line(run)


@case("libreoffice-writes-no-pdf", "a LibreOffice that writes no PDF: refused, nothing written")
def _(p: Project):
    p.fake_soffice("notpdf")
    run = p.run("build", "deck", "-o", "out/kz.pptx", "--pdf")
    problems = refused(
        run,
        re.compile(
            r"(?s)(.*\n)?out/kz\.pdf: LibreOffice wrote something that is not a PDF \(it does not start with %PDF-\); "
            r"no PDF was written"
        ),
        written=("out",),
    )
    if (p.root / "out/kz.pdf").exists():
        problems.append("out/kz.pdf was written")
    return problems, run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""


# --- templates and commands: crashes and hangs -------------------------------------------------------------


def damaged(p: Project, edit, message: str) -> tuple[list[str], str]:
    name = template(p, "t.pptx", edit)
    problems = []
    for command in (["build", "deck", "-o", "out/deck.pptx", "--template", name], ["template", "inspect", name]):
        run = p.run(*command)
        problems += refused(run, f"t.pptx: template t.pptx is damaged: {message}")
    return problems, first_line(run)


def _damaged_cases() -> None:
    from hostile_templates import BILLION_LAUGHS, LAYOUT, THEME, replace_in, set_part, slide_size

    for name, edit, message in [
        (
            "undefined-entity",
            replace_in(THEME, b'name="Office Theme"', b'name="&nowhere;"'),
            "its part ppt/theme/theme1.xml is not readable XML (line 2, column 89: Entity 'nowhere' not defined)",
        ),
        (
            "billion-laughs",
            set_part(LAYOUT, BILLION_LAUGHS),
            "its part ppt/slideLayouts/slideLayout2.xml declares a DTD, which no PowerPoint file has",
        ),
        (
            "truncated-xml",
            lambda parts: parts.__setitem__(LAYOUT, parts[LAYOUT][:300]),
            "its part ppt/slideLayouts/slideLayout2.xml is not readable XML (line 2, column 245: AttValue: \" or ' "
            "expected)",
        ),
        (
            "not-utf8",
            replace_in(THEME, b'name="Office Theme"', b'name="Th\xe9me"'),
            "its part ppt/theme/theme1.xml is not readable XML (line 2, column 82: Invalid bytes in character "
            "encoding)",
        ),
        (
            "sldsz-wide",
            slide_size("wide", 6858000),
            "in its part ppt/presentation.xml, sldSz cx='wide' is not a whole number",
        ),
        (
            "idx-one",
            replace_in(LAYOUT, b'idx="1"', b'idx="one"'),
            "in its part ppt/slideLayouts/slideLayout2.xml, ph idx='one' is not a whole number",
        ),
    ]:
        CASES.append(
            Case(
                f"template-damaged-{name}",
                f"a template part damaged ({name}): named, by build and inspect alike",
                lambda p, edit=edit, message=message: damaged(p, edit, message),
            )
        )


@case("handout-o-existing-paths", "handout -o naming a folder, or a path under a file: one line, no traceback")
def _(p: Project):
    p.write("notes.txt", "mine\n")
    (p.root / "folder.pdf").mkdir()
    under = p.run("handout", "deck", "-o", "notes.txt/h.pdf")
    problems = refused(under, "notes.txt/h.pdf: cannot write: notes.txt is a file, not a folder")
    folder = p.run("handout", "deck", "-o", "folder.pdf")
    problems += refused(folder, re.compile(r"folder\.pdf: .*folder.*"))
    return problems, f"{first_line(under)} / {first_line(folder)}"


@case("time-limit-inf", "time_limit .inf or 1.0e+308: refused at its line by validate and timing")
def _(p: Project):
    problems = []
    for value, message in [(".inf", "must be a finite number"), ("1.0e+308", "must be at most 600")]:
        p.write("deck/deck.yaml", VALID_DECK + f"time_limit: {value}\n")
        for command in ("validate", "timing"):
            run = p.run(command, "deck")
            problems += refused(run, f"deck/deck.yaml:9:13: 'time_limit' {message}")
    return problems, first_line(run)


@case(
    "libreoffice-hang", "a hanging LibreOffice: stopped in about 2 minutes, its group ended, profile removed", slow=True
)
def _(p: Project):
    p.fake_soffice("hang")
    run = p.run("build", "deck", "-o", "out/kz.pptx", "--pdf", timeout=200)
    problems = refused(
        run,
        re.compile(
            r"(?s)(.*\n)?out/kz\.pdf: LibreOffice did not finish the PDF in 2 minutes; it was stopped, and no PDF "
            r"was written"
        ),
        written=("out",),
    )
    if not 60 <= run.seconds <= 150:
        problems.append(f"gave up after {run.seconds:.0f} s")
    return problems, f"after {run.seconds:.0f} s: {run.stderr.strip().splitlines()[-1] if run.stderr else ''}"


@case("libreoffice-sigterm", "SIGTERM to deckgen: soffice and its child end, no deckgen-* folder left")
def _(p: Project):
    p.fake_soffice("hang")
    run = p.run("build", "deck", "-o", "out/kz.pptx", "--pdf", signal_after=(6.0, signal.SIGTERM), timeout=60)
    problems = run.general_problems()
    if run.code != 130 or run.stderr.strip().splitlines()[-1:] != ["interrupted; nothing half written"]:
        problems.append(f"exit {run.code}: {run.stderr.strip()[-200:]!r}")
    if (p.root / "out/kz.pdf").exists():
        problems.append("a PDF was written")
    return problems, f"exit {run.code}: {first_line(run)}"


# --- unclear messages ---------------------------------------------------------------------------------------


@case("inspect-agrees-content-types", "template inspect refuses a broken [Content_Types].xml as build does")
def _(p: Project):
    return damaged(
        p,
        lambda parts: parts.__setitem__("[Content_Types].xml", parts["[Content_Types].xml"][:200]),
        "its part [Content_Types].xml is not readable XML (line 2, column 145: Specification mandates value for "
        "attribute Extension)",
    )


@case("inspect-agrees-unknown-layout", "template inspect refuses layouts: {statsu: …} as build does")
def _(p: Project):
    template(p)
    p.write("partner.yaml", "name: partner\nlayouts:\n  statsu: Два объекта\n")
    run = p.run("template", "inspect", "t.pptx", "--theme", "partner.yaml")
    problems = refused(
        run, re.compile(r"(?s)(.*\n)?partner\.yaml:2:1: layouts: statsu: no such slide kind; did you mean 'status'\?")
    )
    if "missing: nothing" in run.output:
        problems.append("inspect says 'missing: nothing'")
    return problems, run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.stdout[-100:]


@case("missing-slide-master", "a template without a master says so, not 'none has a title placeholder'")
def _(p: Project):
    return refused_template(
        p,
        lambda parts: parts.__setitem__(
            "ppt/presentation.xml",
            re.sub(rb"<p:sldMasterIdLst>.*?</p:sldMasterIdLst>", b"", parts["ppt/presentation.xml"]),
        ),
        "t.pptx: template t.pptx has no slide master: it is damaged; open it in PowerPoint, save it again and build "
        "again",
    )


def refused_template(p: Project, edit, message: str) -> tuple[list[str], str]:
    name = template(p, "t.pptx", edit)
    run = p.run("build", "deck", "-o", "out/deck.pptx", "--template", name)
    return refused(run, message), first_line(run)


DECK_WITH_EVENT = VALID_DECK + "event: Pre-session, Geneva\ndate: 5 March 2025\ncontact: upr@example.org\n"


@case("contact-2000-characters", "a 2,000-character contact is reported at deck.yaml's line")
def _(p: Project):
    p.write("deck/deck.yaml", DECK_WITH_EVENT.replace("upr@example.org", "x" * 2000))
    run = p.run("handout", "deck", "-o", "h.pdf")
    return refused(
        run,
        re.compile(
            r"deck/deck\.yaml:11:10: too long for the handout's footer, which every page repeats on at most two "
            r"lines: shorten it \(the whole footer holds about \d+ characters\)"
        ),
    ), first_line(run)


@case("speaker-10000-characters", "a 10,000-character speaker is cut in the timing table")
def _(p: Project):
    p.write("deck/issues/01-a.yaml", VALID_ISSUE + "speaker: " + ("Aigerim " * 1250).strip() + "\n")
    run = p.run("timing", "deck")
    problems = succeeded(run)
    longest = max((len(line) for line in run.stdout.splitlines()), default=0)
    if longest > 120:
        problems.append(f"a line of {longest} characters")
    return problems, f"longest line {longest} characters"


@case("handout-errors-name-users-path", "handout errors name the user's file, never a temporary one")
def _(p: Project):
    p.write("deck/deck.yaml", DECK_WITH_EVENT.replace("upr@example.org", "x" * 2000))
    problems = []
    for command in (["handout", "deck", "-o", "out/h.pdf"], ["handout", "deck", "-o", "out/h.pdf", "--annex"]):
        run = p.run(*command)
        problems += refused(run, re.compile(r"deck/deck\.yaml:11:10: .*"))
        if "tmp" in run.stderr or "deckgen-" in run.stderr:
            problems.append(f"names a temporary path: {run.stderr[:200]!r}")
    return problems, first_line(run)


_damaged_cases()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", help="run only the cases whose name holds this")
    parser.add_argument("--quick", action="store_true", help="leave out the case that waits 2 minutes")
    options = parser.parse_args()
    failed = 0
    ran = 0
    for one in CASES:
        if options.k and options.k not in one.name:
            continue
        if options.quick and one.slow:
            continue
        if one.needs_root and os.geteuid() != 0:
            print(f"SKIP  {one.name:40} needs root (a small tmpfs)")
            continue
        ran += 1
        with tempfile.TemporaryDirectory(prefix="deckgen-case-") as temp:
            started = time.monotonic()
            try:
                problems, seen = one.check(Project(Path(temp)))
            except Exception as error:  # noqa: BLE001  the harness reports its own failure as the case's
                problems, seen = [f"harness error: {error!r}"], ""
            seconds = time.monotonic() - started
        verdict = "ok  " if not problems else "FAIL"
        failed += bool(problems)
        print(f"{verdict}  {one.name:40} {seconds:5.1f} s  {seen[:150]}", flush=True)
        for problem in problems:
            print(f"        - {problem}", flush=True)
    print(f"{ran - failed} of {ran} cases behave")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
