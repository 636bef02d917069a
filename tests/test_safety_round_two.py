"""Hostile and unlucky input, round two (issue 24): limits that crashed, messages that pointed elsewhere, lines
that ran off the terminal. Each case asserts the exact message and what was or was not written."""

import errno
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import VALID_DECK, VALID_ISSUE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".inf", "'time_limit' must be a finite number"),
        ("-.inf", "'time_limit' must be a finite number"),
        (".nan", "'time_limit' must be a finite number"),
        ("1.0e+308", "'time_limit' must be at most 600"),
        ("601", "'time_limit' must be at most 600"),
    ],
)
def test_a_time_limit_that_is_no_number_of_minutes_is_refused_at_its_line(make_content, deckgen, value, message):
    make_content({"deck.yaml": VALID_DECK + f"time_limit: {value}\n"})
    for command in ("validate", "timing"):
        result = deckgen(command, "deck")
        assert (result.exit_code, result.stderr) == (1, f"deck/deck.yaml:9:13: {message}\n"), command
    result = deckgen("build", "deck", "-o", "x.pptx")
    assert result.exit_code == 1
    assert not Path("x.pptx").exists()


def test_the_largest_time_limit_is_taken(make_content, deckgen):
    make_content({"deck.yaml": VALID_DECK + "time_limit: 600\n"})
    result = deckgen("timing", "deck")
    assert result.exit_code == 0, result.output
    assert "within the time_limit of 600 min" in result.stdout


def test_a_very_long_speaker_is_cut_in_the_timing_tables(make_content, deckgen):
    speaker = "Aigerim " * 1250  # 10,000 characters
    make_content({"issues/01-a.yaml": VALID_ISSUE + f"speaker: {speaker.strip()}\n"})
    result = deckgen("timing", "deck")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 120, max(lines, key=len)[:200]
    issue_line = next(line for line in lines if line.lstrip().startswith("1 ") and "Children" in line)
    assert issue_line.endswith("Children's rights (Aigerim Aigerim Aigerim Aigeri)")
    speaker_line = lines[lines.index("speaker                         words   time  issues") + 1]
    assert speaker_line.startswith("Aigerim Aigerim Aigerim Aigeri  ")


def test_handout_output_under_a_file_is_refused(make_content, deckgen):
    make_content()
    Path("notes.txt").write_text("mine\n", encoding="utf-8")
    result = deckgen("handout", "deck", "-o", "notes.txt/h.pdf")
    assert (result.exit_code, result.stderr) == (
        1,
        "notes.txt/h.pdf: cannot write: notes.txt is a file, not a folder\n",
    )
    assert Path("notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in Path(".").iterdir()) == ["assets", "deck", "notes.txt"]


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (("handout", "deck", "-o", "d.pdf"), "d.pdf: is a folder, and the handout must be a .pdf file"),
        (
            ("submission", "deck", "-o", "d.docx", "--draft"),
            "d.docx: is a folder, and the submission must be a .docx file",
        ),
    ],
)
def test_an_output_named_as_an_existing_folder_is_refused_in_plain_words(make_content, deckgen, command, message):
    # found by bench/hostile_cases.py: the message read "name the the handout file to write"
    make_content()
    Path(command[3]).mkdir()
    result = deckgen(*command)
    assert (result.exit_code, result.stderr) == (1, f"{message}: name the file to write\n")
    assert sorted(p.name for p in Path(".").iterdir()) == sorted(["assets", "deck", command[3]])
    assert list(Path(command[3]).iterdir()) == []


class TookTooLong(BaseException):
    """Not an OSError, which deckgen would take for an unreadable file."""


@contextmanager
def within_seconds(seconds: int):
    """Fail the block when it takes longer than SECONDS (a read blocked on a FIFO), instead of hanging."""

    def too_long(number, frame):
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX's")
def test_a_fifo_in_the_plan_cache_is_planned_over_not_read(make_content, tmp_path, monkeypatch):
    from deckgen.build import BuildOptions, build

    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    content = make_content()
    build(content, "first.pptx", BuildOptions())
    (entry,) = (tmp_path / "cache" / "plans").glob("*.pickle")
    entry.unlink()
    os.mkfifo(entry)
    with within_seconds(60):
        build(content, "second.pptx", BuildOptions())
    assert Path("second.pptx").read_bytes() == Path("first.pptx").read_bytes()
    assert entry.is_file()  # the FIFO is replaced by the plan made again


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX's")
@pytest.mark.parametrize(
    "command",
    [
        ("import", "table.csv", "--into", "deck"),
        ("import", "table.xlsx", "--into", "deck"),
        ("xliff", "import", "table.xlf", "deck", "-o", "ru"),
        # found by bench/hostile_cases.py's family check: a workbook that is a FIFO hung these for ever
        ("workbook", "import", "table.xlsx", "--into", "deck"),
        ("validate", "table.xlsx"),
        ("build", "table.xlsx", "-o", "ru.pptx"),
    ],
)
def test_a_fifo_named_as_an_input_is_refused_without_waiting(make_content, deckgen, command):
    make_content()
    name = next(part for part in command if part.startswith("table."))
    os.mkfifo(name)
    with within_seconds(60):
        result = deckgen(*command)
    assert (result.exit_code, result.stderr) == (
        1,
        f"{name}: is a pipe, not a file; deckgen reads only regular files\n",
    )
    assert not Path("ru").exists()


def ended_process_id() -> int:
    """Return the number of a process that has ended (and was reaped)."""
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.mark.skipif(os.name != "posix", reason="temporaries are told by their process number on POSIX")
def test_the_next_write_removes_temporaries_a_killed_build_left(make_content, deckgen):
    make_content()
    out = Path("out")
    out.mkdir()
    dead = ended_process_id()
    left_file = out / f".deck.pptx.{dead}.k3j2x_ab.tmp"
    left_file.write_bytes(b"x" * 1000)  # a deck's worth of bytes, renamed into place never
    left_folder = out / f".next.{dead}.abcdefgh.tmp"
    (left_folder / "en").mkdir(parents=True)
    reused = out / ".deck.pptx.1.zzzzzzzz.tmp"  # process 1 runs, but started after this was written
    reused.write_bytes(b"x")
    os.utime(reused, (0, 0))
    running = out / f".deck.pptx.{os.getpid()}.abcdefgh.tmp"  # a write in progress
    running.write_bytes(b"x")
    mine = out / ".deck.pptx.tmp"  # not of deckgen's naming
    mine.write_bytes(b"x")
    result = deckgen("build", "deck", "-o", "out/deck.pptx")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(["deck.pptx", running.name, mine.name])


@pytest.mark.skipif(os.name != "posix", reason="temporaries are told by their process number on POSIX")
def test_a_folder_swap_removes_stale_temporaries_too(make_content, deckgen, tmp_path):
    make_content()
    dead = ended_process_id()
    left = Path(f".next.{dead}.abcdefgh.tmp")
    (left / "deck").mkdir(parents=True)
    aside = Path(f".next.old.{dead}.abcdefgh.tmp")
    aside.mkdir()
    result = deckgen("new-cycle", "deck", "next")
    assert result.exit_code == 0, result.output
    assert not left.exists() and not aside.exists()
    assert Path("next/deck.yaml").is_file()


def entries_here() -> list[str]:
    return sorted(str(p) for p in Path(".").rglob("*"))


@pytest.mark.parametrize(
    "command",
    [
        ("new-cycle", "deck", "next"),
        ("xliff", "import", "ru.xlf", "deck", "-o", "next", "--allow-untranslated"),
    ],
)
def test_a_full_disk_while_copying_the_set_prints_one_line(make_content, deckgen, monkeypatch, command):
    import deckgen.files as files_module

    make_content({"issues/02-b.yaml": VALID_ISSUE})
    assert deckgen("xliff", "export", "deck", "-t", "ru", "-o", "ru.xlf").exit_code == 0
    before = entries_here()
    real_copy = files_module.shutil.copy2
    copies = []

    def second_copy_fills_the_disk(source, target, **kwargs):
        copies.append(target)
        if len(copies) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real_copy(source, target, **kwargs)

    monkeypatch.setattr(files_module.shutil, "copy2", second_copy_fills_the_disk)
    result = deckgen(*command)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "next: cannot write: disk full; nothing was written\n",
    )
    assert entries_here() == before
