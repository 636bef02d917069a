"""The coordinator's and translator's jobs, run as they run them (issue 13): partial imports that never
shrink typed numbers, --dry-run, check-translation --fix, imports into a folder of languages, watch --draft,
empty annex and export warnings, -q/-v.

Each test works on a copy of the shipped content/ and assets/ in a temporary folder.
"""

import csv
from pathlib import Path

import pytest

from deckgen.plan.planner import PlanOptions
from deckgen.plan.specs import TableSpec
from deckgen.prepare import prepare

from conftest import REPO

HEADER = ["id", "issue", "recommendation", "recommending_states", "response", "status", "note"]

FIVE = [  # statuses of 5 of Children's rights' "about 40" recommendations
    ["141.1", "02-childrens-rights", "Ratify the third Optional Protocol.", "Portugal", "supported", "implemented", ""],
    [
        "141.2",
        "02-childrens-rights",
        "Fight violence against children.",
        "Chile",
        "supported",
        "partially_implemented",
        "",
    ],
    ["141.3", "02-childrens-rights", "Strengthen the Ombudsman.", "Norway", "noted", "not_implemented", ""],
    ["141.4", "02-childrens-rights", "End early marriage.", "Spain", "supported", "partially_implemented", ""],
    [
        "141.5",
        "02-childrens-rights",
        "Improve nutrition in institutions.",
        "France",
        "supported",
        "partially_implemented",
        "",
    ],
]

CHILDREN = "content/en/issues/02-childrens-rights.yaml"

NOT_FOLLOWING = (
    "the other languages (kk, ru) do not follow yet: deckgen sync content brings them in step "
    "(import --into content updates every language at once)"
)


@pytest.fixture
def kz(workspace):
    """A copy of content/ and assets/ in a temporary folder, which is the working directory (conftest's)."""
    return workspace


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([HEADER, *rows])
    return path


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def review_numbers(content_dir: str, index: int = 1):
    review = prepare(Path(content_dir)).loaded.content.issues[index].review
    return review.total, review.approximate, review.counts.known()


# --- 2. imports never shrink what was typed ------------------------------------------------------


def test_a_partial_import_keeps_the_typed_total_and_counts_and_fills_the_annex(kz, deckgen):
    before = review_numbers("content/en")
    result = deckgen("import", write_csv(kz / "statuses.csv", FIVE), "--into", "content/en")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        *(f"  added 141.{n} to {CHILDREN}" for n in range(1, 6)),
        f"{CHILDREN} tracks 5 of about 40 recommendations: a partial list, so no typed number is lowered",
        NOT_FOLLOWING,
        f"wrote {CHILDREN}",
        "5 recommendations added, 0 changed, 1 file written, 0 warnings",
    ]
    assert review_numbers("content/en") == before == (40, True, before[2])
    assert {k.value: v for k, v in before[2].items()} == {
        "implemented": 1,
        "partially_implemented": 38,
        "not_implemented": 1,
    }
    text = (kz / CHILDREN).read_text(encoding="utf-8")
    assert "  total: 40\n  approximate: true\n  counts:\n    implemented: 1\n" in text
    plan = prepare(Path("content/en"), options=PlanOptions(annex=True)).plan
    tables = [e for s in plan.slides for e in s.elements if isinstance(e, TableSpec)]
    assert sum(len(t.rows) - t.header_rows for t in tables) == 5
    assert deckgen("validate", "content/en").exit_code == 0


def test_a_partial_list_only_raises_a_count_it_exceeds_and_names_each_change(kz, deckgen):
    """3 tracked as implemented where 1 was typed: implemented rises, and the total with it; nothing shrinks."""
    rows = [[*row[:5], "implemented", ""] for row in FIVE[:3]]
    result = deckgen("import", write_csv(kz / "statuses.csv", rows), "--into", "content/en")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[3:] == [
        f"counts of {CHILDREN} updated: total 40 -> 42, implemented 1 -> 3",
        f"{CHILDREN} tracks 3 of about 42 recommendations: a partial list, so no typed number is lowered",
        NOT_FOLLOWING,
        f"wrote {CHILDREN}",
        "3 recommendations added, 0 changed, 1 file written, 0 warnings",
    ]
    total, approximate, counts = review_numbers("content/en")
    assert (total, approximate) == (42, True)
    assert {k.value: v for k, v in counts.items()} == {
        "implemented": 3,
        "partially_implemented": 38,
        "not_implemented": 1,
    }


def test_a_typed_total_with_a_partial_list_and_no_counts_is_not_broken_down(make_content, deckgen):
    """Counts follow from the list only when it covers the total: 2 of 10 tracked give no counts."""
    issue = (
        "title: T\nreview:\n  cycle: 3\n  total: 10\n  findings:\n    - status: implemented\n      summary: s.\n"
        "  recommendations:\n    - {id: '1.1', text: A., status: implemented}\n"
        "    - {id: '1.2', text: B., status: implemented}\nrecommendations:\n  - R.\n"
    )
    content = make_content({"issues/01-a.yaml": issue})
    assert deckgen("validate", content).exit_code == 0
    review = prepare(content).loaded.content.issues[0].review
    assert (review.total, review.counts.known()) == (10, {})


def test_import_dry_run_prints_what_would_change_and_writes_nothing(kz, deckgen):
    before = tree(kz / "content")
    result = deckgen("import", write_csv(kz / "statuses.csv", FIVE), "--into", "content/en", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-4:] == [
        f"{CHILDREN} tracks 5 of about 40 recommendations: a partial list, so no typed number is lowered",
        NOT_FOLLOWING,
        f"would write {CHILDREN}",
        "dry run: 5 recommendations added, 0 changed, 1 file to write, 0 warnings, nothing written",
    ]
    assert tree(kz / "content") == before
    result = deckgen("import", kz / "statuses.csv", "--into", "content", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-4:] == [
        f"would write {CHILDREN}",
        "would write content/kk/issues/02-childrens-rights.yaml",
        "would write content/ru/issues/02-childrens-rights.yaml",
        "dry run: 5 recommendations added, 0 changed, 3 files to write, 0 warnings, nothing written",
    ]
    assert tree(kz / "content") == before


# --- 4. numbers in step across languages ---------------------------------------------------------


def drift_ru(kz: Path) -> None:
    """Change numbers and codes of content/ru by hand, as a translator's stale copy has them, with a comment."""
    path = kz / "content/ru/issues/02-childrens-rights.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  cycle: 3\n", "  cycle: 2   # the translator's note\n", 1)
    text = text.replace("    implemented: 1\n", "    implemented: 2\n", 1).replace("  approximate: true\n", "", 1)
    path.write_text(text, encoding="utf-8")
    deck = kz / "content/ru/deck.yaml"
    deck.write_text(deck.read_text(encoding="utf-8").replace("theme: coalition", "theme: old"), encoding="utf-8")


def test_check_translation_fix_carries_the_numbers_and_codes_and_keeps_text_and_comments(kz, deckgen):
    drift_ru(kz)
    assert deckgen("check-translation", "content/en", "content/ru").exit_code == 1
    result = deckgen("check-translation", "content/en", "content/ru", "--fix")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "content/ru/deck.yaml:15:8: theme old -> coalition",
        "wrote content/ru/deck.yaml",
        "content/ru/issues/02-childrens-rights.yaml:5:3: review.approximate true added, as in the source",
        "content/ru/issues/02-childrens-rights.yaml:5:10: review.cycle 2 -> 3",
        "content/ru/issues/02-childrens-rights.yaml:8:18: review.counts.implemented 2 -> 1",
        "wrote content/ru/issues/02-childrens-rights.yaml",
        "content/ru: in step with content/en",
        "4 changes, 2 files written, 1 translation in step, 0 warnings",
    ]
    fixed = (kz / "content/ru/issues/02-childrens-rights.yaml").read_text(encoding="utf-8")
    assert "  cycle: 3   # the translator's note\n" in fixed
    assert fixed == (REPO / "content/ru/issues/02-childrens-rights.yaml").read_text(encoding="utf-8").replace(
        "  cycle: 3\n", "  cycle: 3   # the translator's note\n", 1
    )
    assert (kz / "content/ru/deck.yaml").read_bytes() == (REPO / "content/ru/deck.yaml").read_bytes()
    assert deckgen("check-translation", "content/en", "content/ru").exit_code == 0
    assert deckgen("build", "content", "-o", "out").exit_code == 0


def test_check_translation_fix_dry_run_writes_nothing(kz, deckgen):
    drift_ru(kz)
    before = tree(kz / "content")
    result = deckgen("check-translation", "content/en", "content/ru", "--fix", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3:] == [
        "would write content/ru/issues/02-childrens-rights.yaml",
        "content/ru: would be in step with content/en",
        "dry run: 4 changes, 2 files to write, 1 translation in step, 0 warnings, nothing written",
    ]
    assert tree(kz / "content") == before
    assert (
        failed_usage(deckgen("check-translation", "content/en", "content/ru", "--dry-run"))
        == "Error: --dry-run goes with --fix"
    )


def failed_usage(result) -> str:
    assert result.exit_code == 2, result.output
    return result.stderr.splitlines()[-1]


def test_check_translation_fix_adds_the_tracked_recommendations_a_translation_lacks(kz, deckgen):
    assert deckgen("import", write_csv(kz / "statuses.csv", FIVE[:2]), "--into", "content/en").exit_code == 0
    result = deckgen("check-translation", "content/en", "content/kk", "--fix")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "content/kk/issues/02-childrens-rights.yaml:4:1: recommendation 141.1 added, its text as in the source "
        "(to translate)",
        "content/kk/issues/02-childrens-rights.yaml:4:1: recommendation 141.2 added, its text as in the source "
        "(to translate)",
    ]
    assert "warning: text is the same as in the source (untranslated?)" in result.stderr


def test_import_into_a_folder_of_languages_updates_the_codes_of_every_language(kz, deckgen):
    result = deckgen("import", write_csv(kz / "statuses.csv", FIVE[:1]), "--into", "content")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"  added 141.1 to {CHILDREN}",
        f"{CHILDREN} tracks 1 of about 40 recommendations: a partial list, so no typed number is lowered",
        "the other languages follow:",
        "  content/kk/issues/02-childrens-rights.yaml:4:1: recommendation 141.1 added, its text as in the source "
        "(to translate)",
        "  content/ru/issues/02-childrens-rights.yaml:4:1: recommendation 141.1 added, its text as in the source "
        "(to translate)",
        f"wrote {CHILDREN}",
        "wrote content/kk/issues/02-childrens-rights.yaml",
        "wrote content/ru/issues/02-childrens-rights.yaml",
        "1 recommendation added, 0 changed, 3 files written, 0 warnings",
    ]
    assert deckgen("validate", "content").exit_code == 0
    # the text of another language: --language names it; the codes still reach every language
    rows = [["141.1", "02-childrens-rights", "Ратифицировать протокол.", "", "", "not_implemented", ""]]
    result = deckgen("import", write_csv(kz / "ru.csv", rows), "--into", "content", "--language", "ru")
    assert result.exit_code == 0, result.output
    assert "  changed 141.1: text changed; status implemented -> not_implemented" in result.stdout
    ru = (kz / "content/ru/issues/02-childrens-rights.yaml").read_text(encoding="utf-8")
    en = (kz / CHILDREN).read_text(encoding="utf-8")
    assert "text: Ратифицировать протокол." in ru and "Ратифицировать" not in en
    assert "      status: not_implemented\n" in en
    assert deckgen("validate", "content").exit_code == 0
    assert (
        deckgen("import", kz / "ru.csv", "--into", "content", "--language", "uk").stderr
        == "--language uk: no such language in content (it has en, kk, ru)\n"
    )


def test_new_cycle_next_steps_name_the_folder_of_languages(kz, deckgen):
    result = deckgen("new-cycle", "content", "next")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-5:] == [
        "next:",
        "  deckgen validate next   # lists each thing still to fill",
        "  deckgen import UHRI-EXPORT.xlsx --into next --map MAP.yaml   # the UN's recommendations of cycle 4, "
        "to assess too (every language)",
        "  deckgen build next --draft   # a deck marked DRAFT meanwhile",
        "3 content sets, 57 things still to fill, 0 warnings",
    ]
    # a status filled in the first language reaches the others, so the last step builds every language
    rows = [["C4-01-1", "01-freedom-of-religion", "", "", "", "implemented", ""]]
    assert deckgen("import", write_csv(kz / "s.csv", rows), "--into", "next").exit_code == 0
    assert deckgen("build", "next", "--draft", "-o", "out").exit_code == 0


# --- 7. small things -----------------------------------------------------------------------------


def test_watch_draft_builds_a_new_cycles_set(kz, deckgen):
    from deckgen.watch import watch

    assert deckgen("new-cycle", "content/en", "next/en").exit_code == 0
    lines = []
    watch(
        Path("next/en"),
        Path("out/next.pptx"),
        changes=[],
        draft=True,
        echo=lambda message, err=False: lines.append(message),
    )
    assert Path("out/next.pptx").is_file()
    assert any(line.startswith("wrote out/next.pptx (") for line in lines), lines
    assert any("warning: title still to fill" in line for line in lines), lines


def test_watch_command_passes_draft_on(kz, deckgen, monkeypatch):
    import deckgen.watch as watch_module

    seen = {}
    monkeypatch.setattr(watch_module, "watch", lambda content_dir, output, **options: seen.update(options))
    assert deckgen("watch", "content/en", "--draft").exit_code == 0
    assert seen["draft"] is True


def test_annex_and_export_without_tracked_recommendations_say_so(kz, deckgen):
    result = deckgen("build", "content/en", "--annex", "-o", "out/en.pptx")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "content/en/deck.yaml:1:1: warning: the annex stays empty: no issue of content/en tracks "
        "recommendations (review.recommendations)\n"
    )
    result = deckgen("export", "content/en", "-o", "out/s.csv")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "content/en: warning: no issue tracks recommendations (review.recommendations): "
        "the table has its header row only\n"
    )
    assert result.stdout == "wrote out/s.csv (0 recommendations)\n1 table, 0 recommendations, 1 warning\n"


def test_quiet_prints_only_problems_and_verbose_names_the_files_read(kz, deckgen):
    result = deckgen("validate", "content/en", "-q")
    assert (result.exit_code, result.output) == (0, "")
    result = deckgen("-q", "export", "content/en", "-o", "out/s.csv")
    assert result.stdout == "" and "warning: no issue tracks recommendations" in result.stderr
    result = deckgen("validate", "content/en", "-v")
    assert result.stderr == (
        "note: reading content/en/deck.yaml and 3 issue files: 01-freedom-of-religion.yaml, "
        "02-childrens-rights.yaml, 03-womens-rights.yaml\n"
    )
    assert result.stdout == "content/en: valid (3 issues, 5 slides)\n1 valid set, 5 slides, 0 warnings\n"
    from deckgen.cli import cli

    def commands(group, prefix=()):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from commands(command, (*prefix, name))
            else:
                yield (*prefix, name), command

    for name, command in commands(cli):
        options = {opt for param in command.params for opt in getattr(param, "opts", ())}
        assert {"-q", "--quiet", "-v", "--verbose"} <= options, name


def test_xliff_import_dry_run_checks_and_writes_nothing(kz, deckgen):
    assert deckgen("xliff", "export", "content/en", "-t", "ru", "-o", "ru.xlf").exit_code == 0
    before = tree(kz)
    result = deckgen(
        "xliff",
        "import",
        "ru.xlf",
        "content/en",
        "-o",
        "content/ru",
        "--force",
        "--allow-untranslated",
        "--dry-run",
        "-q",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    result = deckgen(
        "xliff", "import", "ru.xlf", "content/en", "-o", "content/ru", "--force", "--allow-untranslated", "--dry-run"
    )
    assert result.stdout.splitlines()[-2:] == [  # merged: units without a target keep the Russian text
        "content/ru: merged",
        "dry run: 50 units, 0 texts replaced, 0 values carried from the source, 0 files to write, 0 warnings, "
        "nothing written",
    ]
    assert tree(kz) == before


def test_shell_completion_as_the_readme_documents_it():
    """`eval "$(_DECKGEN_COMPLETE=bash_source deckgen)"` defines the completion; Tab completes options."""
    from click.testing import CliRunner

    from deckgen.cli import cli

    runner = CliRunner()
    source = runner.invoke(cli, [], prog_name="deckgen", env={"_DECKGEN_COMPLETE": "bash_source"})
    assert "complete -o nosort -F _deckgen_completion deckgen" in source.output
    completed = runner.invoke(
        cli,
        [],
        prog_name="deckgen",
        env={
            "_DECKGEN_COMPLETE": "bash_complete",
            "COMP_WORDS": "deckgen check-translation a b --fi",
            "COMP_CWORD": "4",
        },
    )
    assert completed.output == "plain,--fix\n"
