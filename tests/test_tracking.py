"""Tracked recommendations: counts that follow from the list, and tables in and out (deckgen import/export).

Content sets are written with the `make_content` fixture (deck/ under a temporary
folder); tables are written by each test, a UHRI-style workbook with openpyxl.
"""

import csv
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from deckgen.plan.specs import ChartSpec
from deckgen.prepare import prepare

from conftest import yaml

TRACKED_ISSUE = yaml("""
    # The coalition's assessment, 2024
    title: Children's rights
    review:
      cycle: 3
      findings:
        - status: implemented
          summary: ratification of the protocol.
      recommendations:
        - id: 141.10   # paragraph number, typed without quotes
          text: Ratify the third Optional Protocol to the CRC.
          states: [Portugal, Italy]
          response: supported
          status: implemented
        - id: "141.12"
          text: Strengthen the Children's Ombudsman.
          states: [Norway]
          response: noted
          status: not_implemented
          note: Still no budget of its own.   # hand-written
        - id: "141.13"
          text: Protect children from violence.
          states: [Chile]
          response: supported
          status: implemented
    recommendations:
      - To ratify the protocol.
    """)

UHRI_HEADER = [
    "Text",
    "UPR Reccomending States",
    "UPR Position",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Symbol",
]


def uhri_workbook(path: Path, rows: list[list[str]]) -> Path:
    """Write a workbook shaped like the UHRI's "Export to Excel": header, then one row per recommendation."""
    workbook = Workbook()
    workbook.active.append(UHRI_HEADER)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    return path


def failed(result) -> list[str]:
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    return result.stderr.splitlines()


def snapshot(content: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(content.rglob("*.yaml"))}


# --- counts from the list ----------------------------------------------------------------------


def test_counts_and_total_follow_from_the_tracked_list(make_content, deckgen):
    """No counts or total typed: the chart shows the list's counts, out of the number tracked."""
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    assert deckgen("validate", content).exit_code == 0
    prepared = prepare(content)
    review = prepared.loaded.content.issues[0].review
    assert review.total == 3
    assert [t.id for t in review.recommendations] == ["141.10", "141.12", "141.13"]
    chart = next(e for s in prepared.plan.slides for e in s.elements if isinstance(e, ChartSpec))
    assert [(bar.key, bar.count) for bar in chart.bars] == [("implemented", 2), ("not_implemented", 1)]
    assert chart.alt_text.startswith("Status chart of Issue 1: Children's rights: Implemented 2, Not implemented 1; 3 ")


def test_typed_counts_that_agree_with_the_list_are_fine(make_content, deckgen):
    content = make_content(
        {
            "issues/01-a.yaml": TRACKED_ISSUE.replace(
                "  cycle: 3\n", "  cycle: 3\n  total: 3\n  counts:\n    implemented: 2\n    not_implemented: 1\n"
            )
        }
    )
    result = deckgen("validate", content)
    assert result.exit_code == 0, result.output


def test_counts_that_disagree_with_the_list_are_errors_at_the_counts(make_content, deckgen):
    """Each typed number the list contradicts is named with both numbers, at its own line."""
    content = make_content(
        {
            "issues/01-a.yaml": TRACKED_ISSUE.replace(
                "  cycle: 3\n", "  cycle: 3\n  total: 2\n  counts:\n    implemented: 1\n    partially_implemented: 0\n"
            )
        }
    )
    assert failed(deckgen("validate", content)) == [
        "deck/issues/01-a.yaml:5:10: total is 2, but 3 recommendations are tracked",
        "deck/issues/01-a.yaml:6:3: the counts leave out not_implemented, but 1 tracked recommendations "
        "are not_implemented",
        "deck/issues/01-a.yaml:7:18: counts say implemented: 1, but 2 tracked recommendations are implemented",
    ]
    assert failed(deckgen("build", content, "-o", "out/deck.pptx"))
    assert not Path("out").exists()


def test_a_status_still_to_fill_is_listed_at_its_recommendation(make_content, deckgen):
    issue = TRACKED_ISSUE.replace("      status: not_implemented\n", "")
    assert failed(deckgen("validate", make_content({"issues/01-a.yaml": issue}))) == [
        "deck/issues/01-a.yaml:14:7: status of recommendation 141.12 still to fill",
    ]


def test_an_unknown_response_word_is_named_with_the_nearest(make_content, deckgen):
    issue = TRACKED_ISSUE.replace("response: noted", "response: notd")
    assert failed(deckgen("validate", make_content({"issues/01-a.yaml": issue}))) == [
        "deck/issues/01-a.yaml:17:17: unknown response 'notd'; did you mean 'noted'?",
    ]


def test_a_paragraph_number_keeps_its_trailing_zero_and_ids_are_unique_in_the_deck(make_content, deckgen):
    """141.10 typed without quotes stays "141.10" (not 141.1), so it collides with the other file's "141.10"."""
    other = yaml("""
        title: Women's rights
        review:
          cycle: 3
          recommendations:
            - id: "141.10"
              text: Criminalise domestic violence.
              status: not_implemented
        recommendations:
          - To criminalise domestic violence.
        """)
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE, "issues/02-b.yaml": other})
    assert failed(deckgen("validate", content)) == [
        "deck/issues/02-b.yaml:5:11: recommendation id '141.10' is tracked twice (first at deck/issues/01-a.yaml:9)",
    ]


# --- import ------------------------------------------------------------------------------------


def test_import_of_a_uhri_export_adds_the_mapped_rows_and_keeps_the_files_hand_written_parts(
    make_content, deckgen, tmp_path
):
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    table = uhri_workbook(
        tmp_path / "uhri.xlsx",
        [
            [
                "141.12 Strengthen the mandate of the Ombudsman for children (Norway);",
                "- Norway\n- Chile",
                "Supported",
                "- Rights of the child",
                "- children",
                "",
                "A/HRC/41/10",
            ],
            [
                "141.20 Raise the age of marriage to 18 (Iceland);",
                "- Iceland",
                "Noted",
                "- Equality & non-discrimination\n- Rights of the Child",
                "",
                "- 5",
                "A/HRC/41/10",
            ],
            [
                "141.50 Abolish the death penalty (France);",
                "- France",
                "Supported",
                "- Death penalty",
                "",
                "",
                "A/HRC/41/10",
            ],
        ],
    )
    (tmp_path / "map.yaml").write_text("01-a: [Rights of the child]\n", encoding="utf-8")

    result = deckgen("import", table, "--into", content, "--map", "map.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "  added 141.20 to deck/issues/01-a.yaml",
        "  changed 141.12: text changed; states changed; response noted -> supported",
        "themes no issue file takes (add them to the --map file to import their rows):",
        "  Death penalty: 1 row",
        "wrote deck/issues/01-a.yaml",
        "1 recommendation added, 1 changed, 1 row with no mapped theme, 1 file written, 0 warnings",
    ]
    text = (content / "issues/01-a.yaml").read_text(encoding="utf-8")
    assert text.startswith("# The coalition's assessment, 2024\n")
    assert "  - id: 141.10   # paragraph number, typed without quotes\n" in text
    assert "      note: Still no budget of its own.   # hand-written\n" in text
    assert (
        "      text: Strengthen the mandate of the Ombudsman for children (Norway);\n"
        "      states: [Norway, Chile]\n"
        "      response: supported\n"
        "      status: not_implemented\n"
    ) in text
    assert text.endswith(
        yaml("""
            - id: '141.20'
              text: Raise the age of marriage to 18 (Iceland);
              states: [Iceland]
              response: noted
        recommendations:
          - To ratify the protocol.
        """)
    )
    assert failed(deckgen("validate", content)) == [
        "deck/issues/01-a.yaml:25:7: status of recommendation 141.20 still to fill",
    ]

    before = snapshot(content)
    again = deckgen("import", table, "--into", content, "--map", "map.yaml")
    assert again.stdout.splitlines() == [
        "themes no issue file takes (add them to the --map file to import their rows):",
        "  Death penalty: 1 row",
        "0 recommendations added, 0 changed, 2 left alone, 1 row with no mapped theme, 0 files written, 0 warnings",
    ]
    assert snapshot(content) == before


def test_a_theme_with_a_comma_is_read_whole_and_unmapped_themes_are_listed(make_content, deckgen, tmp_path):
    """YAML splits [Women's rights, gender equality] at the comma; the export's theme joins it again."""
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    table = uhri_workbook(
        tmp_path / "uhri.xlsx",
        [
            [
                "141.30 Adopt a gender equality law (Spain);",
                "- Spain",
                "Supported",
                "- Women's rights, gender equality",
                "",
                "",
                "A/HRC/41/10",
            ],
            [
                "141.31 Abolish the death penalty (France);",
                "- France",
                "Supported",
                "- Death penalty\n- Torture",
                "",
                "",
                "A/HRC/41/10",
            ],
            ["141.32 Ratify the Optional Protocol (Chile);", "- Chile", "Noted", "- Torture", "", "", "A/HRC/41/10"],
            ["141.33 Protect women (Italy);", "- Italy", "Supported", "- Women's rights", "", "", "A/HRC/41/10"],
            ["141.34 Report on time (Peru);", "- Peru", "Supported", "", "", "", "A/HRC/41/10"],
        ],
    )
    (tmp_path / "map.yaml").write_text("01-a: [Women's rights, gender equality]\n", encoding="utf-8")
    result = deckgen("import", table, "--into", content, "--map", "map.yaml")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "  added 141.30 to deck/issues/01-a.yaml",
        "themes no issue file takes (add them to the --map file to import their rows):",
        "  Torture: 2 rows",
        "  (no theme): 1 row",
        "  Death penalty: 1 row",
        "  Women's rights: 1 row",
        "wrote deck/issues/01-a.yaml",
        "1 recommendation added, 0 changed, 4 rows with no mapped theme, 1 file written, 0 warnings",
    ]


def test_import_of_a_deckgen_csv_sets_statuses_and_updates_contradicted_counts(make_content, deckgen, tmp_path):
    """Typed counts the imported statuses contradict are updated, and the import says so."""
    issue = TRACKED_ISSUE.replace(
        "  cycle: 3\n",
        "  cycle: 3\n  total: 3\n  counts:   # from the matrix\n    implemented: 2\n    not_implemented: 1\n",
    )
    content = make_content({"issues/01-a.yaml": issue})
    table = write_csv(
        tmp_path / "statuses.csv",
        [
            ["id", "issue", "recommendation", "recommending_states", "response", "status", "note"],
            ["141.12", "01-a", "", "", "", "Partially implemented", "A budget line since 2025."],
            ["141.13", "01-a", "", "", "", "", ""],
            ["141.14", "01-a", "Ban corporal punishment.", "Sweden; Finland", "supported", "not_implemented", ""],
        ],
    )
    result = deckgen("import", table, "--into", content)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "  added 141.14 to deck/issues/01-a.yaml",
        "  changed 141.12: status not_implemented -> partially_implemented; note changed",
        "counts of deck/issues/01-a.yaml updated: total 3 -> 4, partially_implemented (none) -> 1",
        "wrote deck/issues/01-a.yaml",
        "1 recommendation added, 1 changed, 1 left alone, 1 file written, 0 warnings",
    ]
    text = (content / "issues/01-a.yaml").read_text(encoding="utf-8")
    assert (
        "  total: 4\n"
        "  counts:   # from the matrix\n"
        "    implemented: 2\n"
        "    partially_implemented: 1\n"
        "    not_implemented: 1\n"
    ) in text
    # the comment stays on its line (ruamel keeps its column)
    assert re.search(r"\n      note: A budget line since 2025\. +# hand-written\n", text), text
    assert "      states: [Sweden, Finland]\n" in text
    assert deckgen("validate", content).exit_code == 0


def test_export_then_import_changes_nothing(make_content, deckgen, tmp_path):
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    before = snapshot(content)
    for name in ("statuses.xlsx", "statuses.csv"):
        result = deckgen("export", content, "-o", tmp_path / name)
        assert result.stdout == f"wrote {name} (3 recommendations)\n1 table, 3 recommendations, 0 warnings\n"
        again = deckgen("import", tmp_path / name, "--into", content)
        assert again.stdout == "0 recommendations added, 0 changed, 3 left alone, 0 files written, 0 warnings\n"
        assert snapshot(content) == before
    sheet = load_workbook(tmp_path / "statuses.xlsx").active
    assert [list(r) for r in sheet.iter_rows(values_only=True)][:2] == [
        ["id", "issue", "recommendation", "recommending_states", "response", "status", "note"],
        [
            "141.10",
            "01-a",
            "Ratify the third Optional Protocol to the CRC.",
            "Portugal; Italy",
            "Supported",
            "Implemented",
            None,
        ],
    ]  # the deck's labels, as its drop-downs offer them


def test_a_status_filled_in_the_exported_workbook_comes_back(make_content, deckgen, tmp_path):
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE.replace("      status: implemented\n", "", 1)})
    deckgen("export", content, "-o", tmp_path / "s.xlsx")
    workbook = load_workbook(tmp_path / "s.xlsx")
    workbook.active["F2"] = "implemented"
    workbook.save(tmp_path / "s.xlsx")
    result = deckgen("import", tmp_path / "s.xlsx", "--into", content)
    assert result.stdout.splitlines()[:1] == [
        "  changed 141.10: status (none) -> implemented",
    ]
    assert deckgen("validate", content).exit_code == 0


@pytest.mark.parametrize(
    "rows, message",
    [
        (
            [["141.12", "01-a", "", "", "", "done", ""]],
            "statuses.csv:2: unknown status 'done'; did you mean 'Implemented'? (the words: Implemented, Partially "
            "implemented, Not implemented, No data)",
        ),
        (
            [["141.30", "01-a", "Do it.", "", "maybe", "", ""]],
            "statuses.csv:2: unknown response 'maybe'; expected one of Supported, Partially supported, Noted, Pending",
        ),
        (
            [["141.30", "05-foo", "Do it.", "", "", "", ""]],
            "statuses.csv:2: issue '05-foo' has no file deck/issues/05-foo.yaml",
        ),
        (
            [["141.30", "01-a", "Do it.", "", "", "", ""], ["141.30", "01-a", "Do it.", "", "", "", ""]],
            "statuses.csv:3: recommendation 141.30 is also in row 2",
        ),
        (
            [["141.30", "01-a", "", "", "", "implemented", ""]],
            "statuses.csv:2: recommendation 141.30 is new but has no text",
        ),
    ],
)
def test_a_bad_row_names_file_and_row_and_writes_nothing(make_content, deckgen, tmp_path, rows, message):
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    before = snapshot(content)
    header = ["id", "issue", "recommendation", "recommending_states", "response", "status", "note"]
    # a good row first: nothing is written even though it alone would change the file
    table = write_csv(Path("statuses.csv"), [header, *rows, ["141.10", "01-a", "", "", "", "not_implemented", ""]])
    assert failed(deckgen("import", table, "--into", content)) == [message]
    assert snapshot(content) == before


def test_a_table_missing_a_column_or_not_a_workbook_is_refused(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    write_csv(Path("t.csv"), [["id", "issue", "recommendation", "response", "status", "note"]])
    assert failed(deckgen("import", "t.csv", "--into", content)) == ["t.csv:1: missing column 'recommending_states'"]
    Path("t.xlsx").write_text("id,issue\n", encoding="utf-8")
    assert failed(deckgen("import", "t.xlsx", "--into", content)) == [
        "t.xlsx: not an Excel workbook (.xlsx); save it from the spreadsheet as .xlsx or .csv"
    ]
    uhri_workbook(Path("u.xlsx"), [["141.12 Do it.", "- Norway", "Supported", "- Rights of the child"]])
    Path("map.yaml").write_text("01-a: [Rights of the child]\n09-z: [Torture]\n", encoding="utf-8")
    assert failed(deckgen("import", "u.xlsx", "--into", content, "--map", "map.yaml")) == [
        "map.yaml:2:1: no issue file '09-z.yaml'; the issue files are 01-a"
    ]
