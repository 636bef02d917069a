"""The plan cache: a deck's languages planned once are reused while none of their files changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import deckgen.build
import deckgen.prepare
from deckgen import plan_cache
from deckgen.build import BuildOptions, build
from deckgen.cli import cli

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


@pytest.fixture
def plannings(monkeypatch) -> list[int]:
    """Count the times the decks are planned."""
    calls: list[int] = []
    real = deckgen.prepare.plan_decks

    def counting(decks, options):
        calls.append(len(decks))
        return real(decks, options)

    monkeypatch.setattr(deckgen.prepare, "plan_decks", counting)
    return calls


def built(content: Path, language: str, name: str, cache: bool = True) -> bytes:
    options = BuildOptions(assets=ASSETS, cache=cache)
    return build(content / language, content.parent / name, options).output.read_bytes()


def test_a_language_built_after_another_reuses_their_plans(content, plannings):
    first = built(content, "en", "en.pptx")
    assert plannings == [3]  # en planned page for page with ru and kk
    again, russian = built(content, "en", "en2.pptx"), built(content, "ru", "ru.pptx")
    assert plannings == [3]  # neither planned again
    assert again == first
    assert russian == built(content, "ru", "ru-fresh.pptx", cache=False)
    assert plannings == [3, 3]


def test_an_edit_to_another_language_plans_them_again(content, plannings):
    built(content, "en", "en.pptx")
    issue = next((content / "kk" / "issues").glob("*.yaml"))
    issue.write_text(issue.read_text(encoding="utf-8").replace("title:", "title: Жаңа", 1), encoding="utf-8")
    english = built(content, "en", "en2.pptx")
    assert plannings == [3, 3]
    assert english == built(content, "en", "en-fresh.pptx", cache=False)


def test_a_damaged_entry_is_planned_afresh(content, plannings, tmp_path):
    first = built(content, "en", "en.pptx")
    (entry,) = (tmp_path / "cache" / "plans").glob("*.pickle")
    entry.write_bytes(b"not a plan")
    assert built(content, "en", "en2.pptx") == first
    assert plannings == [3, 3]


def test_no_cache_neither_reads_nor_writes_it(content, plannings, tmp_path):
    built(content, "en", "en.pptx", cache=False)
    assert not (tmp_path / "cache").exists()


# The build cache: `deckgen build` of a deck none of whose inputs changed writes the deck it kept.


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """A project folder (content/ and assets/ side by side) as the working folder, with its own cache."""
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ASSETS, tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Count the decks rendered (whether loaded and planned afresh or from the plan cache)."""
    calls: list[int] = []
    real = deckgen.build.deck_bytes

    def counting(prepared, options=None):
        calls.append(1)
        return real(prepared, options or deckgen.build.BuildOptions())

    monkeypatch.setattr(deckgen.build, "deck_bytes", counting)
    return calls


def cli_build(*args: str) -> str:
    result = CliRunner().invoke(cli, ["build", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_an_unchanged_deck_is_written_again_from_the_cache_byte_for_byte(work, renders, plannings):
    first = cli_build("content/en", "-o", "a.pptx")
    again = cli_build("content/en", "-o", "b.pptx")
    assert len(renders) == 1 and plannings == [3]  # the second build neither planned nor rendered
    assert (work / "b.pptx").read_bytes() == (work / "a.pptx").read_bytes()
    assert again.replace("b.pptx", "a.pptx") == first
    cli_build("content/en", "-o", "c.pptx", "--no-cache")
    assert len(renders) == 2
    assert (work / "c.pptx").read_bytes() == (work / "a.pptx").read_bytes()


@pytest.mark.parametrize(
    "change",
    [
        "content/en/issues/01-freedom-of-religion.yaml",  # the deck's own content
        "content/kk/issues/01-freedom-of-religion.yaml",  # a language it is paginated with
        "content/ru/deck.yaml",
        "assets/themes/coalition.yaml",  # the theme
    ],
)
def test_any_change_to_an_input_builds_the_deck_again(work, renders, change):
    cli_build("content/en", "-o", "a.pptx")
    path = work / change
    path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    cli_build("content/en", "-o", "b.pptx")
    assert len(renders) == 2


def test_another_choice_a_new_file_or_a_new_deckgen_builds_the_deck_again(work, renders, monkeypatch, tmp_path):
    cli_build("content/en", "-o", "a.pptx")
    cli_build("content/en", "-o", "b.pptx", "--format", "report")
    cli_build("content/en", "-o", "c.pptx", "--draft")
    assert len(renders) == 3
    (work / "assets" / "logos" / "new.png").write_bytes((work / "assets" / "logos" / "coalition.png").read_bytes())
    cli_build("content/en", "-o", "d.pptx")
    assert len(renders) == 4
    package = tmp_path / "deckgen-copy"
    shutil.copytree(plan_cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(plan_cache, "PACKAGE", package)
    cli_build("content/en", "-o", "e.pptx")
    assert len(renders) == 4  # the same files (copied with their times): the same deckgen
    (package / "build.py").write_text("# another deckgen\n", encoding="utf-8")
    plan_cache._code_files.cache_clear()  # deckgen's files are read once per process: a new deckgen is a new one
    cli_build("content/en", "-o", "f.pptx")
    assert len(renders) == 5


def test_a_cached_deck_keeps_its_warnings_and_strict_fails_on_them(work, renders):
    deck = work / "content" / "en" / "deck.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("time_limit: 6", "time_limit: 1"), encoding="utf-8")
    first = cli_build("content/en", "-o", "a.pptx")
    assert "over its time_limit of 1 min" in first
    assert cli_build("content/en", "-o", "a.pptx") == first
    strict = CliRunner().invoke(cli, ["build", "content/en", "-o", "b.pptx", "--strict"])
    assert len(renders) == 1
    assert strict.exit_code == 1 and "over its time_limit of 1 min" in strict.output
    assert not (work / "b.pptx").exists()


def test_a_cached_deck_goes_where_a_build_puts_it_and_names_are_checked(work, renders):
    cli_build("content", "-o", "decks")
    out = cli_build("content", "-q")  # the default folder, build/
    assert len(renders) == 3
    assert sorted(p.name for p in (work / "build").iterdir()) == sorted(p.name for p in (work / "decks").iterdir())
    assert out == ""
    wrong = CliRunner().invoke(cli, ["build", "content", "-o", "all.pptx"])
    assert wrong.exit_code == 1 and "holds 3 content sets" in wrong.output


def test_the_deck_key_changes_with_the_template_the_fonts_and_the_working_folder(work, monkeypatch):
    template = work / "brand.potx"
    template.write_bytes(b"a template")
    key = plan_cache.deck_key(Path("content/en"), None, (), template)
    assert plan_cache.deck_key(Path("content/en"), None, (), template) == key
    template.write_bytes(b"another template")
    changed = plan_cache.deck_key(Path("content/en"), None, (), template)
    assert changed != key
    (work / "assets" / "fonts").mkdir(exist_ok=True)
    (work / "assets" / "fonts" / "Brand.ttf").write_bytes(b"a font")
    with_font = plan_cache.deck_key(Path("content/en"), None, (), template)
    assert with_font != changed
    (work / "elsewhere").mkdir()
    monkeypatch.chdir(work / "elsewhere")  # the same files, but the warnings would name them from here
    assert plan_cache.deck_key(Path("../content/en"), None, (), Path("../brand.potx")) != with_font


def test_a_changed_font_the_deck_was_measured_with_builds_it_again(work, renders, monkeypatch):
    cli_build("content/en", "-o", "a.pptx")
    (entry,) = (work / "cache" / "decks").glob("*.pickle")
    kept = plan_cache.load(entry.stem, plan_cache.DECKS)
    fonts = [font for deck in kept["decks"] for font, _ in deck["fonts"]]
    assert fonts  # the fonts measured with, wherever they are (a template's may be installed system-wide)
    cli_build("content/en", "-o", "b.pptx")
    assert len(renders) == 1
    real_stat = Path.stat

    def touched(path, *args, **kwargs):
        info = real_stat(path, *args, **kwargs)
        if path == fonts[0]:
            return os.stat_result((*info[:8], info.st_mtime + 1, info.st_ctime))
        return info

    monkeypatch.setattr(Path, "stat", touched)
    cli_build("content/en", "-o", "c.pptx")
    assert len(renders) == 2
