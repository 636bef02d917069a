"""The plan cache: a deck's languages planned once are reused while none of their files changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import deckgen.prepare
from deckgen.build import BuildOptions, build

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
