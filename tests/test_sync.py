"""Issue 19: coordinators and translators never blocked, nothing they typed lost.

One test (or a few) per point of the issue's "What is wrong", each asserting the exact
message or the exact file contents before and after.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO

LANGUAGES = ("en", "kk", "ru")


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """Return a folder holding copies of the shipped content/ and assets/, made the working directory."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- 1. the step new-cycle prints first -------------------------------------------------------------


def test_validate_of_a_new_cycle_folder_lists_what_to_fill_in_every_language_without_a_crash(workspace, deckgen):
    assert deckgen("new-cycle", "content", "next").exit_code == 0
    result = deckgen("validate", "next")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3 * 18
    assert {line.split("/")[1] for line in lines} == set(LANGUAGES)
    assert lines[0] == "next/en/deck.yaml:3:8: title still to fill: write the deck's title for cycle 5"


def test_the_same_typo_in_every_language_is_listed_for_each(workspace, deckgen):
    for language in LANGUAGES:
        path = Path(f"content/{language}/deck.yaml")
        path.write_text(path.read_text(encoding="utf-8").replace("cycle: 4", "cycle: four"), encoding="utf-8")
    for command in ("validate", "build"):
        result = deckgen(command, "content")
        assert result.exit_code == 1, result.output
        assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
            f"content/{language}/deck.yaml" for language in LANGUAGES]
