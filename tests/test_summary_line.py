"""Every command ends with one summary line a coordinator reads at a glance (issue 19, point 7).

"3 decks, 39 slides, 2 warnings": what the command did, counted, in correct English plurals, with its
warnings; a dry run's line says that nothing was written (and nothing is). A failing command ends with
its located error, never with a summary after it.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from template_maker import make_template
from test_cli import _two_languages, command_names

from conftest import VALID_DECK

ROW_HEADER = ["id", "issue", "recommendation", "recommending_states", "response", "status", "note"]
NEW_ROW = ["141.1", "01-a", "To ratify the protocol.", "Norway", "supported", "implemented", ""]


def write_csv(path: str, *rows: list[str]) -> str:
    with open(path, "w", encoding="utf-8", newline="") as table:
        csv.writer(table).writerows([ROW_HEADER, *rows])
    return path


def tree(folder: Path) -> dict[str, bytes]:
    """Return every file under FOLDER (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def two_languages(make_content, tmp_path):
    """The small valid set as deck/, and beside it content/en and content/ru (translated, in step)."""
    _two_languages(make_content())
    return tmp_path


# (the commands run first, the command whose last line is checked, that line)
CASES = {
    "build": ([], ["build", "deck", "-o", "out.pptx"], "1 deck, 4 slides, 0 warnings"),
    "build (a folder of languages)": ([], ["build", "content", "-o", "decks"], "2 decks, 8 slides, 0 warnings"),
    "validate": ([], ["validate", "deck"], "1 valid set, 4 slides, 0 warnings"),
    "validate (a folder of languages)": ([], ["validate", "content"], "2 valid sets, 8 slides, 0 warnings"),
    "timing": ([], ["timing", "content"], "2 decks, 8 slides, 0 warnings"),
    "handout": ([], ["handout", "deck", "-o", "h.pdf"], "1 handout, 1 page, 1 warning"),
    "submission": ([], ["submission", "deck", "-o", "s.docx"], "1 submission, 62 words, 0 warnings"),
    "matrix": ([], ["matrix", "deck", "-o", "m.xlsx"], "1 matrix, 1 row, 0 warnings"),
    "export": ([], ["export", "deck", "-o", "s.csv"], "1 table, 0 recommendations, 1 warning"),
    "import": (
        [],
        ["import", "new.csv", "--into", "deck"],
        "1 recommendation added, 0 changed, 1 file written, 0 warnings",
    ),
    "workbook export": ([], ["workbook", "export", "content", "-o", "w.xlsx"], "1 workbook, 2 languages, 0 warnings"),
    "workbook import": (
        [["workbook", "export", "content", "-o", "w.xlsx"]],
        ["workbook", "import", "w.xlsx", "--into", "content"],
        "0 changes, 0 files written, 0 warnings",
    ),
    "xliff export": ([], ["xliff", "export", "deck", "-t", "ru", "-o", "ru.xlf"], "1 XLIFF file, 7 units, 0 warnings"),
    "xliff import": (
        [["xliff", "export", "deck", "-t", "ru", "-o", "ru.xlf"]],
        ["xliff", "import", "ru.xlf", "deck", "-o", "ru", "--allow-untranslated"],
        "1 content set, 7 units, 7 warnings",
    ),
    "sync": (
        [],
        ["sync", "content"],
        "1 language synced with content/en, 0 changes, 0 files written, 0 texts to translate, 0 warnings",
    ),
    "check-translation": ([], ["check-translation", "content/en", "content/ru"], "1 translation in step, 0 warnings"),
    "check-translation --fix": (
        [],
        ["check-translation", "content/en", "content/ru", "--fix"],
        "0 changes, 0 files written, 1 translation in step, 0 warnings",
    ),
    "new-cycle": ([], ["new-cycle", "deck", "next"], "1 content set, 4 things still to fill, 0 warnings"),
    "locale new": ([], ["locale", "new", "uk"], "1 locale file, 0 warnings"),
    "template inspect": (
        [],
        ["template", "inspect", "t.potx"],
        "1 template, 11 layouts, 6 slide kinds with a layout, 0 warnings",
    ),
    "schema": ([], ["schema", "issue", "-o", "issue.schema.json"], "1 schema, 0 warnings"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_command_ends_with_its_summary_line(two_languages, deckgen, case):
    write_csv("new.csv", NEW_ROW)
    make_template(Path("t.potx"))
    before, command, summary = CASES[case]
    for step in before:
        assert deckgen(*step).exit_code == 0
    result = deckgen(*command)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == summary
    assert result.stdout.count(summary) == 1
    # --quiet prints only problems (and what a command is asked to show: a timing, a template): no summary
    for step in before:
        assert deckgen(*step).exit_code == 0
    again = ["--force"] if command[0] in ("new-cycle", "locale") else []  # they never replace what they wrote
    quiet = deckgen(*command, *again, "-q")
    assert quiet.exit_code == 0, quiet.output
    assert summary not in quiet.stdout


def test_a_summary_counts_what_the_lines_above_it_say(two_languages, deckgen):
    """The words of a submission and the things still to fill of a new cycle: the same number twice."""
    submission = deckgen("submission", "deck", "-o", "s.docx").stdout.splitlines()
    assert submission[0].startswith("wrote s.docx: 62 words of the 2,815 allowed for an individual submission")
    next_cycle = deckgen("new-cycle", "deck", "next").stdout.splitlines()
    assert next_cycle[0].endswith(", 4 things still to fill")
    assert deckgen("validate", "next").stderr.count(" still to fill") == 4


def test_every_command_has_a_case():
    """A new command gets a summary line (and a case here); watch's lines are in test_watch.py."""
    names = set(command_names())
    tested = set()
    for _, command, _ in CASES.values():
        two_words = " ".join(command[:2])
        tested.add(two_words if two_words in names else command[0])
    groups = {"workbook", "xliff", "locale", "template"}
    assert names - groups - tested == {"watch"}


def test_counts_say_one_thing_and_two_things(make_content, deckgen):
    """1 deck / 2 decks, 1 slide is never "1 slides", 1 warning / 2 warnings."""
    shutil.copytree(make_content(), "x/y/deck")  # no assets folder beside it: its logo and theme are warned about
    two = deckgen("build", "x/y/deck", "-o", "two.pptx")
    assert two.exit_code == 0, two.output
    assert two.stdout.splitlines()[-1] == "1 deck, 4 slides, 2 warnings"
    assert len(two.stderr.splitlines()) == 2
    Path("x/y/deck/deck.yaml").write_text(VALID_DECK.replace("theme: coalition\n", ""), encoding="utf-8")
    one = deckgen("build", "x/y/deck", "-o", "one.pptx")
    assert one.stdout.splitlines()[-1] == "1 deck, 4 slides, 1 warning"
    assert len(one.stderr.splitlines()) == 1


def test_a_sync_that_changes_two_languages_counts_them(two_languages, deckgen):
    shutil.copytree("content/ru", "content/kk")
    deck = Path("content/en/deck.yaml")
    deck.write_text(deck.read_text(encoding="utf-8").replace("cycle: 4", "cycle: 5"), encoding="utf-8")
    result = deckgen("sync", "content")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "content/kk/deck.yaml:4:8: cycle 4 -> 5",
        "wrote content/kk/deck.yaml",
        "content/ru/deck.yaml:4:8: cycle 4 -> 5",
        "wrote content/ru/deck.yaml",
        "2 languages synced with content/en, 2 changes, 2 files written, 0 texts to translate, 0 warnings",
    ]


# -- dry runs: the summary says nothing was written, and nothing is ------------------------------------------------


DRY_RUNS = {
    "import": (
        [],
        ["import", "new.csv", "--into", "content", "--dry-run"],
        "dry run: 1 recommendation added, 0 changed, 2 files to write, 0 warnings, nothing written",
    ),
    "workbook import": (
        [["workbook", "export", "content", "-o", "w.xlsx"]],
        ["workbook", "import", "w.xlsx", "--into", "content", "--dry-run"],
        "dry run: 1 change, 1 file to write, 0 warnings, nothing written",
    ),
    "xliff import": (
        [["xliff", "export", "content/en", "-t", "ru", "-o", "ru.xlf"]],
        ["xliff", "import", "ru.xlf", "content/en", "-o", "content/ru", "--dry-run", "--allow-untranslated"],
        "dry run: 7 units, 0 texts replaced, 1 value carried from the source, 1 file to write, 0 warnings, "
        "nothing written",
    ),
    "sync": (
        [],
        ["sync", "content", "--dry-run"],
        "dry run: 1 language synced with content/en, 1 change, 1 file to write, 0 texts to translate, 0 warnings, "
        "nothing written",
    ),
    "check-translation --fix": (
        [],
        ["check-translation", "content/en", "content/ru", "--fix", "--dry-run"],
        "dry run: 1 change, 1 file to write, 1 translation in step, 0 warnings, nothing written",
    ),
}


@pytest.mark.parametrize("case", DRY_RUNS)
def test_a_dry_run_says_what_it_would_do_and_that_nothing_was_written(two_languages, deckgen, case):
    write_csv("new.csv", ["141.1", "01-a", "To ratify the protocol.", "", "", "implemented", ""])
    deck = Path("content/en/deck.yaml")  # a change for sync to carry into content/ru
    deck.write_text(deck.read_text(encoding="utf-8").replace("cycle: 4", "cycle: 5"), encoding="utf-8")
    before_steps, command, summary = DRY_RUNS[case]
    for step in before_steps:
        assert deckgen(*step).exit_code == 0
    before = tree(two_languages)
    result = deckgen(*command)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == summary
    assert "dry run: nothing written" not in result.stdout  # said once, in the summary
    assert tree(two_languages) == before


# -- errors end with the error ------------------------------------------------------------------------------------


def test_a_failed_command_ends_with_its_located_error_and_no_summary(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": "title: Rights\nreview:\n  cycle: 3\n  totl: 10\n"})
    for command in (["build", content, "-o", "out.pptx"], ["validate", content], ["timing", content]):
        result = deckgen(*command)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.output.splitlines()[-1] == "deck/issues/01-a.yaml:4:3: unknown key 'totl'; did you mean 'total'?"


def test_a_sync_that_wrote_before_a_problem_says_so_then_ends_with_the_problem(two_languages, deckgen):
    """What sync carried is written and summed up; what a person must settle comes last, and exit 1."""
    deck = Path("content/en/deck.yaml")
    deck.write_text(deck.read_text(encoding="utf-8").replace("cycle: 4", "cycle: 5"), encoding="utf-8")
    issue = Path("content/en/issues/01-a.yaml")
    issue.write_text(
        issue.read_text(encoding="utf-8").replace("recommendations:\n", "recommendations:\n  - A new ask.\n"),
        encoding="utf-8",
    )
    result = deckgen("sync", "content")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/ru/deck.yaml:4:8: cycle 4 -> 5",
        "wrote content/ru/deck.yaml",
        "1 language synced with content/en, 1 change, 1 file written, 0 texts to translate, 0 warnings",
        "content/ru/issues/01-a.yaml:14:1: 2 recommendations in the source, 1 here",
    ]
    assert "cycle: 5" in Path("content/ru/deck.yaml").read_text(encoding="utf-8")
