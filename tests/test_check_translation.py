"""`deckgen check-translation`: a translation differs from its source in text only.

Each test writes a small source set en/ and a translation ru/ in tmp_path (the
working directory, so printed paths read ``ru/issues/01-a.yaml:5:3: ...``) and
runs the command in-process.
"""

import shutil
from pathlib import Path

import pytest

from conftest import VALID_DECK

ROOT = Path(__file__).parents[1]

SOURCE_DECK = VALID_DECK

TRANSLATED_DECK = """\
language: ru
title: Тестовая презентация
country: Тестландия
cycle: 4
presenters:
  - name: Тестовая коалиция
    logo: logos/coalition.png
theme: coalition
"""

SOURCE_ISSUE = """\
title: Children's rights
review:
  cycle: 3
  total: 40
  approximate: true
  counts:
    implemented: 1
    partially_implemented: 38
    not_implemented: 1
  findings:
    - status: implemented
      summary: ratification of the protocol.
      points:
        - Ratified in 2023.
    - status: [partially_implemented, not_implemented]
      topics:
        - text: on violence against children
          count: 8
      sources:
        - "2023"
recommendations:
  - To ratify the protocol.
  - To fund the ombudsman.
"""

TRANSLATED_ISSUE = """\
title: Права детей
review:
  cycle: 3
  total: 40
  approximate: true
  counts:
    implemented: 1
    partially_implemented: 38
    not_implemented: 1
  findings:
    - status: implemented
      summary: ратификация протокола.
      points:
        - Ратифицирован в 2023 году.
    - status: [partially_implemented, not_implemented]
      topics:
        - text: о насилии в отношении детей
          count: 8
      sources:
        - "2023"
recommendations:
  - Ратифицировать протокол.
  - Финансировать омбудсмена.
"""


@pytest.fixture
def write_sets(tmp_path, monkeypatch):
    """Return write(translation_files=None, source_files=None): write en/ and ru/ in tmp_path, the working dir.

    Both sets start as deck.yaml and issues/01-a.yaml, in step; the mappings
    replace a file's text by path relative to the set, or delete it with None.
    """
    monkeypatch.chdir(tmp_path)

    def write_set(folder: str, files: dict[str, str | None]) -> None:
        for relative, text in files.items():
            path = tmp_path / folder / relative
            if text is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def write(translation_files=None, source_files=None) -> None:
        write_set("en", {"deck.yaml": SOURCE_DECK, "issues/01-a.yaml": SOURCE_ISSUE, **(source_files or {})})
        write_set(
            "ru", {"deck.yaml": TRANSLATED_DECK, "issues/01-a.yaml": TRANSLATED_ISSUE, **(translation_files or {})}
        )

    return write


def test_translation_in_step(deckgen, write_sets):
    """A translation that changes only text and the language tag passes with one line saying so."""
    write_sets()
    result = deckgen("check-translation", "en", "ru")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "ru: in step with en\n1 translation in step, 0 warnings\n",
        "",
    )


def test_each_language_may_override_its_own_labels(deckgen, write_sets):
    """labels: is a house style per language, so a translation may set labels its source does not."""
    write_sets({"deck.yaml": TRANSLATED_DECK + "labels:\n  closing: Вопросы?\n"})
    result = deckgen("check-translation", "en", "ru")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "ru: in step with en\n1 translation in step, 0 warnings\n",
        "",
    )


def test_drifted_translation_lists_every_difference(deckgen, write_sets):
    """Numbers, status words, list lengths and files that differ are each one located line; exit 1."""
    drifted = (
        TRANSLATED_ISSUE.replace("title: Права детей", "title: Children's rights")  # untranslated: a warning only
        .replace("  cycle: 3", "  cycle: 2")
        .replace("approximate: true", "approximate: false")
        .replace("implemented: 1\n    partially", "implemented: 2\n    partially")
        .replace("    not_implemented: 1\n", "")
        .replace("- status: implemented", "- status: not_implemented")
        .replace(
            "        - Ратифицирован в 2023 году.\n",
            "        - Ратифицирован в 2023 году.\n        - Вступил в силу.\n",
        )
        .replace("[partially_implemented, not_implemented]", "[partially_implemented]")
        .replace("count: 8", "count: 9")
        .replace("  - Финансировать омбудсмена.\n", "")
    )
    write_sets(
        {
            "issues/01-a.yaml": drifted,
            "issues/03-extra.yaml": TRANSLATED_ISSUE,
            "deck.yaml": TRANSLATED_DECK.replace("cycle: 4", "cycle: 5") + "event: Женева\n",
        },
        source_files={"issues/02-b.yaml": SOURCE_ISSUE},
    )
    result = deckgen("check-translation", "en", "ru")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "ru/deck.yaml:4:1: cycle is 4 in the source, 5 here",
        "ru/deck.yaml:9:1: event is Женева here, not in the source",
        "ru/issues/01-a.yaml:1:8: warning: text is the same as in the source (untranslated?)",
        "ru/issues/01-a.yaml:3:3: review.cycle is 3 in the source, 2 here",
        "ru/issues/01-a.yaml:5:3: review.approximate is true in the source, false here",
        "ru/issues/01-a.yaml:6:3: review.counts.not_implemented is 1 in the source, missing here",
        "ru/issues/01-a.yaml:7:5: review.counts.implemented is 1 in the source, 2 here",
        "ru/issues/01-a.yaml:10:7: status is implemented in the source, not_implemented here",
        "ru/issues/01-a.yaml:12:7: 1 point in the source, 2 here",
        "ru/issues/01-a.yaml:15:7: 2 status words in the source, 1 here",
        "ru/issues/01-a.yaml:18:11: count is 8 in the source, 9 here",
        "ru/issues/01-a.yaml:21:1: 2 recommendations in the source, 1 here",
        "ru/issues/02-b.yaml: missing file: the source has en/issues/02-b.yaml",
        "ru/issues/03-extra.yaml: extra file: the source has no en/issues/03-extra.yaml",
    ]


def test_missing_keys_mean_the_formats_defaults(deckgen, write_sets):
    """No `approximate` agrees with `approximate: false`, and no list with an empty one; a missing list
    with items in the source is counted."""
    summary = "      summary: ratification of the protocol.\n"
    source = SOURCE_ISSUE.replace("approximate: true", "approximate: false").replace(
        summary, summary + "      text: []\n"
    )
    translated = TRANSLATED_ISSUE.replace("  approximate: true\n", "").replace(
        "      points:\n        - Ратифицирован в 2023 году.\n", ""
    )
    write_sets({"issues/01-a.yaml": translated}, source_files={"issues/01-a.yaml": source})
    result = deckgen("check-translation", "en", "ru")
    assert result.exit_code == 1
    assert result.stderr == "ru/issues/01-a.yaml:10:7: 1 point in the source, 0 here\n"


def test_untranslated_copy_passes_with_warnings(deckgen, tmp_path, monkeypatch):
    """A plain copy of content/en is in step: every text and the language tag is a warning, none fails it."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "content" / "en", "en")
    shutil.copytree(ROOT / "content" / "en", "ru")
    result = deckgen("check-translation", "en", "ru")
    lines = result.stderr.splitlines()
    assert result.exit_code == 0
    assert result.stdout == f"ru: in step with en\n1 translation in step, {len(lines)} warnings\n"
    assert lines[0] == "ru/deck.yaml:2:11: warning: language is en, as in the source (not changed?)"
    assert "ru/deck.yaml:3:8: warning: text is the same as in the source (untranslated?)" in lines
    assert all(": warning: " in line for line in lines), lines
    assert len(lines) > 30  # every paragraph, point and recommendation of the seed deck


def test_text_without_letters_is_no_warning(deckgen, write_sets):
    """A source "2023" or a blank text kept as it is needs no translation and is not flagged."""
    blank_event = "event: ' '\n"
    write_sets({"deck.yaml": TRANSLATED_DECK + blank_event}, source_files={"deck.yaml": SOURCE_DECK + blank_event})
    result = deckgen("check-translation", "en", "ru")
    assert (result.exit_code, result.stderr) == (0, "")


def test_yaml_syntax_error_in_translation(deckgen, write_sets):
    """A translation file that does not parse is a located message, exit 1, and is not compared."""
    write_sets({"issues/01-a.yaml": TRANSLATED_ISSUE.replace("  total: 40", "  total: [40")})
    result = deckgen("check-translation", "en", "ru")
    assert result.exit_code == 1
    assert result.stderr == (
        "ru/issues/01-a.yaml:5:14: YAML syntax error: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence at line 4)\n"
    )


def test_duplicate_key_in_translation(deckgen, write_sets):
    """A duplicate key is reported, since the comparison could only see its first value."""
    write_sets({"issues/01-a.yaml": TRANSLATED_ISSUE.replace("  total: 40\n", "  total: 40\n  total: 41\n")})
    result = deckgen("check-translation", "en", "ru")
    assert result.exit_code == 1
    assert result.stderr == "ru/issues/01-a.yaml:5:3: duplicate key 'total' (first at line 4)\n"


def test_folder_of_content_sets_is_named(deckgen, write_sets):
    """Given the folder above the language folders, the message names the sets in it."""
    write_sets()
    Path("sets").mkdir()
    shutil.move("ru", "sets/ru")
    result = deckgen("check-translation", "en", "sets")
    assert result.exit_code == 1
    assert result.stderr == "sets: no deck.yaml in this folder; it holds the content sets ru: name one, e.g. sets/ru\n"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_shipped_translation_is_in_step(deckgen, language):
    """Each translation shipped under content/ has the same files, numbers and structure as content/en."""
    translation = ROOT / "content" / language
    if not translation.is_dir():
        pytest.skip(f"content/{language} is not written yet")
    result = deckgen("check-translation", ROOT / "content" / "en", translation)
    assert result.exit_code == 0, result.stderr


def test_closing_asks_and_date_are_checked_like_other_text(write_sets, deckgen):
    asks = "date: 2 October 2024\nclosing_asks:\n  - Adopt the law.\n  - Free the prisoners.\n"
    translated = "date: 2 октября 2024 г.\nclosing_asks:\n  - Принять закон.\n"
    write_sets({"deck.yaml": TRANSLATED_DECK + translated}, source_files={"deck.yaml": SOURCE_DECK + asks})
    result = deckgen("check-translation", "en", "ru")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["ru/deck.yaml:10:1: 2 closing_asks in the source, 1 here"]
