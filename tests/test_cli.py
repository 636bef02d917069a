"""The deckgen command as a user meets it: exit codes, what is printed, what is (not) written.

Commands run in-process with click's CliRunner (the `deckgen` fixture, which
also fails any run that shows a traceback), in tmp_path, on the small valid
set of `make_content` in conftest.py.
"""

import errno
import json
import os
import re
import shutil
from pathlib import Path

import click
import pytest
from pptx import Presentation

import deckgen as deckgen_package
from deckgen.cli import cli

ROOT = Path(__file__).parents[1]


def command_names(group=cli, prefix=()) -> list[str]:
    """Return every command as typed after `deckgen`, a group's subcommands included: build, xliff export, ..."""
    names = []
    for name, command in sorted(group.commands.items()):
        names.append(" ".join((*prefix, name)))
        if isinstance(command, click.Group):
            names += command_names(command, (*prefix, name))
    return names


CONTENT_EN = ROOT / "content" / "en"

BROKEN_ISSUE = """\
title: Rights
review:
  cycle: 3
  totl: 10
recommendations:
  - Do it.
"""


def files_in(folder: Path) -> list[str]:
    """Return the names in FOLDER, hidden ones (temporary files) included."""
    return sorted(os.listdir(folder))


# -- the group ------------------------------------------------------------------


def test_version(deckgen):
    """--version prints the program's name and version."""
    result = deckgen("--version")
    assert result.exit_code == 0
    assert result.stdout == f"deckgen, version {deckgen_package.__version__}\n"


def test_build_without_arguments_is_a_usage_error(deckgen):
    """`deckgen build` alone exits 2 with usage and the missing argument named."""
    result = deckgen("build")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Usage: deckgen build [OPTIONS] CONTENT_DIR" in result.stderr
    assert "Error: Missing argument 'CONTENT_DIR'." in result.stderr


@pytest.mark.parametrize("command", [None, *command_names()])
def test_help_has_examples(deckgen, command):
    """Every command's --help ends with an Examples: section showing `deckgen <command> ...`."""
    result = deckgen(*(command.split() if command else []), "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    examples = result.stdout.split("Examples:", 1)[1]
    shown = f"deckgen {command}" if command else "deckgen "
    assert any(line.strip().startswith(shown) for line in examples.splitlines()), result.stdout


def test_the_manual_shows_every_command():
    """docs/usage.md shows each command (e.g. `deckgen build`, `deckgen xliff export`) so none is undocumented."""
    text = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    missing = [name for name in command_names() if f"deckgen {name}" not in text]
    assert missing == [], f"docs/usage.md does not show: {', '.join(f'deckgen {n}' for n in missing)}"


# -- validate -------------------------------------------------------------------------


def test_validate_the_repos_content_set(deckgen, tmp_path, monkeypatch):
    """content/en, the coalition's real deck, is valid: exit 0, its line and the summary line, no warnings."""
    monkeypatch.chdir(tmp_path)
    result = deckgen("validate", CONTENT_EN)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        rf"{re.escape(str(CONTENT_EN))}: valid \(3 issues, (\d+) slides\)\n1 valid set, \1 slides, 0 warnings\n",
        result.stdout,
    )
    assert result.stderr == ""


def test_validate_a_broken_set_exits_1(make_content, deckgen):
    """A broken set exits 1 and prints its problem to stderr, nothing to stdout."""
    content = make_content({"issues/01-a.yaml": BROKEN_ISSUE})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("deck/issues/01-a.yaml:4:3: unknown key 'totl'; did you mean 'total'?\n")


def test_validate_several_sets_checks_them_all(make_content, deckgen):
    """With a broken set first, the valid one after it is still checked; the exit code is 1."""
    content = make_content({"issues/01-a.yaml": BROKEN_ISSUE})
    result = deckgen("validate", content, CONTENT_EN)
    assert result.exit_code == 1
    assert "deck/issues/01-a.yaml:4:3: unknown key 'totl'; did you mean 'total'?" in result.stderr
    assert f"{CONTENT_EN}: valid (3 issues, " in result.stdout


def test_validate_a_folder_that_does_not_exist(deckgen, tmp_path, monkeypatch):
    """A mistyped folder is a usage error naming it."""
    monkeypatch.chdir(tmp_path)
    result = deckgen("validate", "content/xx")
    assert result.exit_code == 2
    assert "Path 'content/xx' does not exist." in result.stderr  # a folder of content, or a workbook


_RUSSIAN = {
    "language: en": "language: ru",
    "Test deck": "Тестовая презентация",
    "Testland": "Тестландия",
    "Test Coalition": "Тестовая коалиция",
    "Children's rights": "Права детей",
    "ratification of the protocol.": "ратификация протокола.",
    "The protocol was ratified.": "Протокол ратифицирован.",
    "To ratify the protocol.": "Ратифицировать протокол.",
}
"""The small set's text in Russian, line for line: a translation in step, with no text left in English."""


def _two_languages(content: Path) -> None:
    """Copy the small set to content/en and content/ru (its text translated, every line where it was)."""
    for language in ("en", "ru"):
        shutil.copytree(content, Path("content") / language)
    for path in Path("content/ru").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for english, russian in _RUSSIAN.items():
            text = text.replace(english, russian)
        path.write_text(text, encoding="utf-8")


def test_validate_the_folder_of_language_folders_checks_each(make_content, deckgen):
    _two_languages(make_content())
    result = deckgen("validate", "content")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "content/en: valid (1 issue, 4 slides)\n"
        "content/ru: valid (1 issue, 4 slides)\n"
        "2 valid sets, 8 slides, 0 warnings\n"
    )


def test_a_folder_without_any_deck(tmp_path, deckgen, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("empty/sub").mkdir(parents=True)
    result = deckgen("validate", "empty")
    assert result.exit_code == 1
    assert result.stderr == "empty: no deck.yaml in this folder, nor in any folder inside it\n"


def test_build_the_folder_of_language_folders_writes_a_deck_per_language(make_content, deckgen):
    _two_languages(make_content())
    result = deckgen("build", "content")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote build/upr4-testland-en.pptx (4 slides)\n"
        "wrote build/upr4-testlandiya-ru.pptx (4 slides)\n"
        "2 decks, 8 slides, 0 warnings\n"
    )
    from pptx import Presentation

    assert Path("build/upr4-testlandiya-ru.pptx").is_file()
    result = deckgen("build", "content", "-o", "decks")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("decks").iterdir()) == ["upr4-testland-en.pptx", "upr4-testlandiya-ru.pptx"]
    assert len(Presentation("decks/upr4-testlandiya-ru.pptx").slides) == 4


def test_one_broken_language_writes_no_deck_at_all(make_content, deckgen):
    _two_languages(make_content())
    good = deckgen("build", "content")
    assert good.exit_code == 0
    before = {p: p.read_bytes() for p in Path("build").iterdir()}
    issue = Path("content/ru/issues/01-a.yaml")
    issue.write_text(issue.read_text(encoding="utf-8").replace("total: 10", "total: 1O"), encoding="utf-8")
    Path("content/en/deck.yaml").write_text(
        Path("content/en/deck.yaml").read_text(encoding="utf-8").replace("Test deck", "New title"), encoding="utf-8"
    )
    result = deckgen("build", "content")
    assert result.exit_code == 1
    assert result.stderr == "content/ru/issues/01-a.yaml:4:10: 'total' must be a whole number, got '1O'\n"
    assert {p: p.read_bytes() for p in Path("build").iterdir()} == before


def test_a_folder_of_sets_needs_an_output_folder(make_content, deckgen):
    _two_languages(make_content())
    result = deckgen("build", "content", "-o", "all.pptx")
    assert result.exit_code == 1
    assert result.stderr == (
        "content holds 2 content sets (en, ru), one deck each: -o names a folder for them, not a .pptx file\n"
    )
    assert not Path("all.pptx").exists()


# -- build ----------------------------------------------------------------------


def test_build_writes_the_deck_and_says_so(make_content, deckgen):
    """build -o writes a .pptx and prints `wrote <path> (<N> slides)` with N its real slide count."""
    content = make_content()
    result = deckgen("build", content, "-o", "out/deck.pptx")
    assert result.exit_code == 0, result.output
    match = re.fullmatch(r"wrote out/deck\.pptx \((\d+) slides\)\n1 deck, \1 slides, 0 warnings\n", result.stdout)
    assert match, result.stdout
    assert result.stderr == ""
    assert int(match[1]) == len(Presentation("out/deck.pptx").slides)
    assert files_in(Path("out")) == ["deck.pptx"]


def test_build_without_assets_folder_warns_and_builds(make_content, deckgen):
    """A set copied away from assets/ still builds, warning that its logo and theme were left out.

    Lines 7 and 8 are the logo and theme of VALID_DECK in conftest.py.
    """
    shutil.copytree(make_content(), "x/y/deck")
    result = deckgen("build", "x/y/deck", "-o", "out.pptx")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("wrote out.pptx (")
    assert result.stderr == (
        "x/y/deck/deck.yaml:7:11: warning: no assets folder beside the content set: "
        "logo 'logos/coalition.png' left out\n"
        "x/y/deck/deck.yaml:8:8: warning: no assets folder beside the content set: "
        "theme 'coalition' replaced by deckgen's built-in theme\n"
    )


def test_build_refuses_an_output_that_is_not_pptx(make_content, deckgen, tmp_path):
    """-o out.txt exits 1 saying the output must be a .pptx, and writes nothing."""
    content = make_content()
    before = files_in(tmp_path)
    result = deckgen("build", content, "-o", "out.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "out.txt: the output must be a .pptx file\n"
    assert files_in(tmp_path) == before


def test_failed_build_keeps_the_previous_deck(make_content, deckgen):
    """After a good build, a build of broken content exits 1, leaves the deck byte for byte, and no stray files."""
    content = make_content()
    assert deckgen("build", content, "-o", "out/deck.pptx").exit_code == 0
    good = Path("out/deck.pptx").read_bytes()

    make_content({"issues/01-a.yaml": BROKEN_ISSUE})
    result = deckgen("build", content, "-o", "out/deck.pptx")
    assert result.exit_code == 1
    assert "deck/issues/01-a.yaml:4:3: unknown key 'totl'; did you mean 'total'?" in result.stderr
    assert Path("out/deck.pptx").read_bytes() == good
    assert files_in(Path("out")) == ["deck.pptx"]


def test_failed_write_keeps_the_previous_deck(make_content, deckgen, monkeypatch):
    """A disk that fills up mid-write: exit 1 naming the file and the cause; old deck intact, no temp file."""
    content = make_content()
    assert deckgen("build", content, "-o", "out/deck.pptx").exit_code == 0
    good = Path("out/deck.pptx").read_bytes()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    result = deckgen("build", content, "-o", "out/deck.pptx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "out/deck.pptx: cannot write: disk full\n"
    assert Path("out/deck.pptx").read_bytes() == good
    assert files_in(Path("out")) == ["deck.pptx"]


def test_builds_are_reproducible(make_content, deckgen):
    """The same content built twice gives byte-identical decks."""
    content = make_content()
    assert deckgen("build", content, "-o", "first.pptx").exit_code == 0
    assert deckgen("build", content, "-o", "second.pptx").exit_code == 0
    assert Path("first.pptx").read_bytes() == Path("second.pptx").read_bytes()


def test_pdf_without_libreoffice(make_content, deckgen, tmp_path, monkeypatch):
    """--pdf with no soffice on PATH exits 1 saying LibreOffice is needed, before writing any deck."""
    content = make_content()
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = deckgen("build", content, "-o", "out/deck.pptx", "--pdf")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "--pdf needs LibreOffice, and no 'soffice' is on PATH; install it "
        "(Debian/Ubuntu: sudo apt-get install libreoffice-impress) or build without --pdf\n"
    )
    assert not Path("out").exists()
    assert not Path("build").exists()


@pytest.mark.realclient
def test_pdf_is_written_beside_the_deck(make_content, deckgen):
    """--pdf exports one PDF page per slide beside the deck, atomically (no temporary files left)."""
    import pdfplumber

    content = make_content()
    result = deckgen("build", content, "-o", "out/deck.pptx", "--pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote out/deck.pptx (4 slides)\nwrote out/deck.pdf\n1 deck, 4 slides, 1 PDF, 0 warnings\n"
    assert sorted(p.name for p in Path("out").iterdir()) == ["deck.pdf", "deck.pptx"]
    with pdfplumber.open("out/deck.pdf") as pdf:
        assert len(pdf.pages) == len(Presentation("out/deck.pptx").slides) == 4
        assert "Test deck" in (pdf.pages[0].extract_text() or "")
        assert pdf.doc.catalog["Lang"] == b"en-US"


@pytest.mark.realclient
def test_a_russian_pdf_is_tagged_russian(make_content, deckgen):
    """A screen reader reads a Russian deck's PDF in Russian: its /Lang is ru-RU, not LibreOffice's en-US."""
    import pdfplumber

    from conftest import VALID_DECK

    content = make_content({"deck.yaml": VALID_DECK.replace("language: en", "language: ru")})
    result = deckgen("build", content, "-o", "out/deck.pptx", "--pdf")
    assert result.exit_code == 0, result.output
    with pdfplumber.open("out/deck.pdf") as pdf:
        assert pdf.doc.catalog["Lang"] == b"ru-RU"


# -- schema ------------------------------------------------------------------------------


def test_schema_issue_is_json_with_the_issue_keys(deckgen):
    """`deckgen schema issue` prints a JSON Schema whose properties are the issue file's keys."""
    result = deckgen("schema", "issue")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"title", "review", "recommendations"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False


def test_schema_deck_includes_language(deckgen):
    """`deckgen schema deck` describes deck.yaml, language included."""
    result = deckgen("schema", "deck")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert {"language", "title", "country", "cycle", "presenters"} <= set(schema["properties"])


def test_schema_unknown_kind_is_a_usage_error(deckgen):
    """`deckgen schema slides` exits 2 listing the kinds there are."""
    result = deckgen("schema", "slides")
    assert result.exit_code == 2
    assert "'slides' is not one of 'deck', 'issue', 'theme'" in result.stderr


def test_default_file_name_writes_the_country_in_latin_letters(make_content, deckgen):
    from conftest import VALID_DECK

    content = make_content({"deck.yaml": VALID_DECK.replace("country: Testland", "country: Республика Казахстан")})
    assert (
        deckgen("build", content).stdout.splitlines()[0] == "wrote build/upr4-respublika-kazakhstan-en.pptx (4 slides)"
    )
    make_content({"deck.yaml": VALID_DECK.replace("country: Testland", "country: Қазақстан Республикасы")})
    assert (
        deckgen("build", content).stdout.splitlines()[0] == "wrote build/upr4-qazaqstan-respublikasy-en.pptx (4 slides)"
    )
    make_content({"deck.yaml": VALID_DECK.replace("country: Testland", "country: Côte d'Ivoire")})
    assert deckgen("build", content).stdout.splitlines()[0] == "wrote build/upr4-cote-d-ivoire-en.pptx (4 slides)"


def test_languages_out_of_step_fail_validate_and_build_of_the_folder(make_content, deckgen):
    """A translation whose numbers drifted from the first language folder is an error, as check-translation says."""
    _two_languages(make_content())
    issue = Path("content/ru/issues/01-a.yaml")
    issue.write_text(issue.read_text(encoding="utf-8").replace("implemented: 2", "implemented: 1"), encoding="utf-8")
    expected = (
        "content/ru/issues/01-a.yaml:6:5: review.counts.implemented is 2 in the source, 1 here\n"
        "the languages are out of step with content/en: deckgen sync content carries its numbers, codes and "
        "new items into every language (with --dry-run, it only lists them)\n"
    )
    validate = deckgen("validate", "content")
    assert validate.exit_code == 1
    assert validate.stderr == expected
    assert validate.stdout == ("content/en: valid (1 issue, 4 slides)\ncontent/ru: valid (1 issue, 4 slides)\n")
    build = deckgen("build", "content")
    assert build.exit_code == 1
    assert build.stderr == expected
    assert not Path("build").exists()
    assert deckgen("validate", "content/ru").exit_code == 0, "alone, the Russian set is valid"
