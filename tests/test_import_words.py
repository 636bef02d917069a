"""Issues 19 and 24: what members type in the exported workbook is read as they meant it, or named.

Status words as people write them, the list in the workbook's language, drop-downs on every row,
every problem of an import at once, and no silent change (States split at commas, shortened ids,
cells that YAML would read as something else, control characters, huge tables, other YAML styles).
"""

from __future__ import annotations

import csv
import difflib
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import REPO

LANGUAGES = ("en", "kk", "ru")
RELIGION = "issues/01-freedom-of-religion.yaml"
HEADER = ["id", "issue", "recommendation", "recommending_states", "response", "status", "note"]


@pytest.fixture
def next_cycle(workspace, deckgen) -> Path:
    """Return next/: the shipped content moved on one cycle, so every language tracks 11 recommendations."""
    assert deckgen("new-cycle", "content", "next").exit_code == 0
    return Path("next")


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def write_csv(path: str, rows: list[list[str]]) -> str:
    with open(path, "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([HEADER, *rows])
    return path


# -- 4. status words as people write them -------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Частично выполнены", "partially_implemented"),
        ("Выполнены", "implemented"),
        ("выполнена", "implemented"),
        ("Ішінара орындалған", "partially_implemented"),
        ("Partly implemented", "partially_implemented"),
        ("Partially", "partially_implemented"),
        ("Implemented.", "implemented"),
        ("N/A", "no_data"),
        ("  Not implemented  ", "not_implemented"),
        ("partially-implemented", "partially_implemented"),
    ],
)
def test_status_words_of_every_locale_and_common_variants_are_taken(next_cycle, deckgen, word, code):
    result = deckgen(
        "import", write_csv("t.csv", [["C4-01-1", "01-freedom-of-religion", "", "", "", word, ""]]), "--into", "next"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"  changed C4-01-1: status (none) -> {code}"
    for language in LANGUAGES:
        assert f"      status: {code}\n" in (next_cycle / language / RELIGION).read_text(encoding="utf-8")


def test_an_unknown_word_is_named_with_a_suggestion_and_the_words_of_the_tables_language(next_cycle, deckgen):
    rows = [
        ["C4-01-1", "01-freedom-of-religion", "", "", "", "Частично выполнены", ""],
        ["C4-01-2", "01-freedom-of-religion", "", "", "", "сделано", ""],
        ["C4-01-3", "01-freedom-of-religion", "", "", "Поддержано", "готово", ""],
    ]
    result = deckgen("import", write_csv("t.csv", rows), "--into", "next")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "t.csv:3: unknown status 'сделано'; did you mean 'Выполнены'? (the words: Выполнены, Частично выполнены, "
        "Не выполнены, Нет данных)",
        "t.csv:4: unknown status 'готово'; expected one of Выполнены, Частично выполнены, Не выполнены, Нет данных",
    ]
    english = deckgen(
        "import", write_csv("t.csv", [["C4-01-2", "01-freedom-of-religion", "", "", "", "done", ""]]), "--into", "next"
    )
    assert english.stderr == (
        "t.csv:2: unknown status 'done'; did you mean 'Implemented'? (the words: Implemented, "
        "Partially implemented, Not implemented, No data)\n"
    )


def test_a_content_file_takes_the_decks_own_status_label(next_cycle, deckgen):
    path = next_cycle / "ru" / RELIGION
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    - id: C4-01-1\n", "    - id: C4-01-1\n      status: Частично выполнены\n"), encoding="utf-8"
    )
    result = deckgen("validate", "next/ru")
    assert "status of recommendation C4-01-1 still to fill" not in result.stderr
    assert (
        "next/ru/issues/01-freedom-of-religion.yaml:10:7: status of recommendation C4-01-2 still to fill"
        in result.stderr
    )


def test_the_exported_workbook_offers_the_languages_labels_on_every_row_and_rows_below(next_cycle, deckgen):
    assert deckgen("export", "next/ru", "-o", "ru.xlsx").exit_code == 0
    sheet = load_workbook("ru.xlsx").active
    offered = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert offered == {
        "E2:E512": '"Поддержано,Частично поддержано,Принято к сведению,Ответ ожидается"',
        "F2:F512": '"Выполнены,Частично выполнены,Не выполнены,Нет данных"',
    }
    assert sheet["A512"].number_format == "@"  # a row added 500 below keeps the id as text
    assert sheet.column_dimensions["A"].number_format == "@"
    assert deckgen("export", "next/en", "-o", "en.xlsx").exit_code == 0
    offered = {str(v.sqref): v.formula1 for v in load_workbook("en.xlsx").active.data_validations.dataValidation}
    assert offered["F2:F512"] == '"Implemented,Partially implemented,Not implemented,No data"'


def test_a_workbook_filled_with_the_drop_downs_labels_imports_back(next_cycle, deckgen):
    assert deckgen("export", "next/ru", "-o", "ru.xlsx").exit_code == 0
    workbook = load_workbook("ru.xlsx")
    workbook.active["F2"] = "Частично выполнены"
    workbook.active["E2"] = "Поддержано"
    workbook.save("ru.xlsx")
    result = deckgen("import", "ru.xlsx", "--into", "next", "--language", "ru")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:1] == [
        "  changed C4-01-1: response (none) -> supported; status (none) -> partially_implemented",
    ]


# -- 8. every problem of an import at once -----------------------------------------------------------------


def test_an_import_reports_every_problem_in_one_run(next_cycle, deckgen):
    rows = [
        ["C4-01-1", "01-freedom-of-religion", "", "", "", "halfway", ""],
        ["C4-99-1", "04-death-penalty", "Abolish the death penalty.", "", "", "", ""],
        ["C4-01 2", "01-freedom-of-religion", "", "", "", "", ""],
        ["C4-01-3", "01-freedom-of-religion", "", "", "maybe", "", ""],
        ["C4-01-4", "01-freedom-of-religion", "", "", "", "Implemented", ""],
        ["C4-01-4", "01-freedom-of-religion", "", "", "", "Implemented", ""],
    ]
    before = {p: p.read_bytes() for p in next_cycle.rglob("*.yaml")}
    for dry in ((), ("--dry-run",)):
        result = deckgen("import", write_csv("t.csv", rows), "--into", "next", *dry)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            "t.csv:2: unknown status 'halfway'; expected one of Implemented, Partially implemented, Not implemented, "
            "No data",
            "t.csv:3: issue '04-death-penalty' has no file next/en/issues/04-death-penalty.yaml",
            "t.csv:4: id 'C4-01 2' holds a space; an id is the report's paragraph number, e.g. 141.12",
            "t.csv:5: unknown response 'maybe'; expected one of Supported, Partially supported, Noted, Pending",
            "t.csv:7: recommendation C4-01-4 is also in row 6",
        ]
    assert {p: p.read_bytes() for p in next_cycle.rglob("*.yaml")} == before


# -- 6. no silent changes -----------------------------------------------------------------------------


def test_france_germany_is_two_states_and_a_name_with_a_comma_stays_whole_with_a_warning(next_cycle, deckgen):
    rows = [
        ["C4-01-1", "01-freedom-of-religion", "", "France, Germany; Norway", "", "", ""],
        ["C4-01-2", "01-freedom-of-religion", "", "Korea, Republic of", "", "", ""],
    ]
    result = deckgen("import", write_csv("t.csv", rows), "--into", "next/en")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "t.csv:3: warning: 'Korea, Republic of' kept as one State's name: 'Republic of' is not "
        "a UN Member or observer State; separate States with ';' or one per line\n"
    )
    text = (next_cycle / "en" / RELIGION).read_text(encoding="utf-8")
    assert "      states: [France, Germany, Norway]\n" in text
    assert "      states: [Korea, Republic of]\n" not in text
    assert "      states: ['Korea, Republic of']\n" in text


def test_the_un_states_list_ships_every_member_and_observer():
    from deckgen.tracking.states import is_state, un_states

    listed = [
        line
        for line in (REPO / "deckgen/tracking/un_states.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(listed) == 195  # 193 Member States, the Holy See and the State of Palestine
    assert all(is_state(name) for name in ("France", "Türkiye", "Côte d'Ivoire", "Holy See", "State of Palestine"))
    assert not is_state("Republic of")
    assert len(un_states()) > 195


TRACKED_ISSUE = """\
title: Children's rights
review:
  cycle: 3
  findings: []
  recommendations:
    - id: '141.1'
      text: Ratify the protocol.
    - id: '141.10'
      text: Raise the age of marriage.
    - id: '141.11'
      text: Fund the Ombudsman.
recommendations:
  - To ratify the protocol.
"""
"""An issue tracking 141.1, 141.10 and 141.11: where a spreadsheet may shorten 141.10 to 141.1."""


def test_a_new_id_excel_shortened_beside_two_digit_ids_is_a_warning_naming_both(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": TRACKED_ISSUE})
    result = deckgen(
        "import",
        write_csv(
            "t.csv",
            [
                ["141.2", "01-a", "Ban corporal punishment.", "", "", "", ""],
                ["141.1", "01-a", "", "", "", "implemented", ""],
            ],
        ),
        "--into",
        content,
        "--dry-run",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "t.csv:2: warning: id 141.2 is new, and paragraph 141 has longer ids such as 141.10: if a spreadsheet "
        "shortened 141.20 to 141.2, format the id column as text and type the id again. This row adds 141.2",
        "t.csv:3: warning: id 141.1 is 141.10 with its trailing zeros dropped, as a spreadsheet drops them from a "
        "number: was 141.10 meant? This row updates 141.1; format the id column as text and type the id again",
    ]


# -- issue 24: imports that change the wrong thing ---------------------------------------------------------


def test_a_nul_byte_in_a_cell_is_refused_at_its_row_and_column(next_cycle, deckgen):
    before = (next_cycle / "en" / RELIGION).read_bytes()
    result = deckgen(
        "import",
        write_csv("t.csv", [["C4-01-1", "01-freedom-of-religion", "", "", "", "", "Bill\x00 in parliament"]]),
        "--into",
        "next",
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "t.csv:2: the note cell (column G) holds the control character U+0000, which no text may hold; retype it\n"
    )
    assert (next_cycle / "en" / RELIGION).read_bytes() == before


def test_cells_are_text_never_read_as_yaml(next_cycle, deckgen):
    rows = [
        ["C4-01-1", "01-freedom-of-religion", "", "NO", "", "", "No"],
        ["C4-01-9", "01-freedom-of-religion", "Yes", "", "", "", "2024"],
    ]
    result = deckgen("import", write_csv("t.csv", rows), "--into", "next/en")
    assert result.exit_code == 0, result.output
    text = (next_cycle / "en" / RELIGION).read_text(encoding="utf-8")
    assert "      states: ['NO']\n      note: 'No'\n" in text
    assert "    - id: C4-01-9\n      text: 'Yes'\n      note: '2024'\n" in text
    assert deckgen("validate", "next/en").stderr.count("must be text") == 0


def test_a_table_of_100000_rows_is_refused_by_its_limit_before_it_is_read(next_cycle, deckgen):
    rows = [[f"C9-{n}", "01-freedom-of-religion", "Do it.", "", "", "", ""] for n in range(100_000)]
    result = deckgen("import", write_csv("big.csv", rows), "--into", "next/en")
    assert result.exit_code == 1
    assert result.stderr == (
        "big.csv: the table has more than 5,000 rows, deckgen's limit for a table of "
        "recommendations (a review gives a State a few hundred); is it the right file?\n"
    )


OTHER_STYLE = """\
# statuses from the members' meeting
title: Children's rights
review:
  cycle: 3
  findings: []
  recommendations:
  - id: '141.1'
    text: Ratify the protocol.
    states: [ France,  Germany ]
    response: supported
  - id: '141.2'
    text: Fund the Ombudsman.
    states:   [Norway]
recommendations:
- To ratify the protocol.
- To fund the Ombudsman.
"""


def test_a_one_status_import_into_another_yaml_style_changes_one_line(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": OTHER_STYLE})
    result = deckgen(
        "import", write_csv("t.csv", [["141.1", "01-a", "", "", "", "implemented", ""]]), "--into", content
    )
    assert result.exit_code == 0, result.output
    after = (content / "issues/01-a.yaml").read_text(encoding="utf-8")
    assert changed_lines(OTHER_STYLE, after) == ["+    status: implemented"]
    assert after.index("status: implemented") > after.index("response: supported")


def test_an_import_keeps_crlf_line_ends_and_the_bom(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": b"\xef\xbb\xbf" + OTHER_STYLE.replace("\n", "\r\n").encode()})
    result = deckgen(
        "import", write_csv("t.csv", [["141.2", "01-a", "", "", "", "Not implemented", ""]]), "--into", content
    )
    assert result.exit_code == 0, result.output
    data = (content / "issues/01-a.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# statuses")
    assert data.count(b"\r\n") == OTHER_STYLE.count("\n") + 1 and b"\n" not in data.replace(b"\r\n", b"")
    assert changed_lines(OTHER_STYLE, data.decode("utf-8-sig").replace("\r\n", "\n")) == [
        "+    status: not_implemented"
    ]


# -- issue 24: check-translation --fix loses nothing a translator typed -----------------------------------

EN_ISSUE = """\
title: Children's rights
review:
  cycle: 3
  total: 10
  counts:
    implemented: 2
    not_implemented: 8
  findings:
    - status: implemented
      summary: ratification of the protocol.
      text:
        - The protocol was ratified.
recommendations:
  - To ratify the protocol.
  - To report in 2025.
"""

RU_ISSUE = """\
title: Права детей
review:
  cycle: 3
  total: 12
  approximate: true
  # перевод сверен с матрицей, 12.03
  counts:
    implemented: 2
    not_implemented: 8
  findings:
    - status: implemented
      summary: ратификация протокола.
      text:
        - Протокол ратифицирован.
recommendations:
  - Ратифицировать протокол.
  - 2025
"""


@pytest.fixture
def en_ru(make_content):
    content = make_content({"issues/01-a.yaml": EN_ISSUE})
    ru = Path("ru")
    shutil.copytree(content, ru)
    (ru / "deck.yaml").write_text(
        (content / "deck.yaml").read_text(encoding="utf-8").replace("language: en", "language: ru"), encoding="utf-8"
    )
    return content, ru


def test_fix_keeps_a_comment_below_a_line_it_changes_and_a_number_looking_text(en_ru, deckgen):
    content, ru = en_ru
    (ru / "issues/01-a.yaml").write_text(RU_ISSUE, encoding="utf-8")
    result = deckgen("check-translation", content, ru, "--fix")
    assert result.stdout.splitlines()[:4] == [
        "ru/issues/01-a.yaml:4:10: review.total 12 -> 10",
        "ru/issues/01-a.yaml:5:16: review.approximate removed, as in the source",
        "ru/issues/01-a.yaml:17:5: recommendations[1] 2025 written in quotes, to stay text",
        "wrote ru/issues/01-a.yaml",
    ]
    after = (ru / "issues/01-a.yaml").read_text(encoding="utf-8")
    assert changed_lines(RU_ISSUE, after) == [
        "-  total: 12",
        "-  approximate: true",
        "+  total: 10",
        "-  - 2025",
        '+  - "2025"',
    ]
    assert "  # перевод сверен с матрицей, 12.03\n" in after


def test_fix_keeps_crlf_line_ends_and_the_bom(en_ru, deckgen):
    content, ru = en_ru
    (ru / "issues/01-a.yaml").write_bytes(
        b"\xef\xbb\xbf" + RU_ISSUE.replace("  - 2025\n", "  - Отчитаться.\n").replace("\n", "\r\n").encode()
    )
    result = deckgen("check-translation", content, ru, "--fix")
    assert "wrote ru/issues/01-a.yaml" in result.stdout
    data = (ru / "issues/01-a.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbftitle: ")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert len(changed_lines(RU_ISSUE, data.decode("utf-8-sig").replace("\r\n", "\n"))) == 5  # 2 lines, 1 new, 2025


def test_a_table_that_is_a_fifo_is_refused_without_waiting(next_cycle, deckgen):
    import os

    os.mkfifo("pipe.csv")
    result = deckgen("import", "pipe.csv", "--into", "next/en")
    assert result.exit_code == 1
    assert result.stderr == "pipe.csv: is a pipe, not a file; deckgen reads only regular files\n"


def test_a_misspelt_column_is_named_with_the_column_it_may_be(next_cycle, deckgen):
    with open("t.csv", "w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(
            [
                ["id", "issue", "recommendation", "recommending_states", "response", "staus", "note"],
                ["C4-01-1", "01-freedom-of-religion", "", "", "", "implemented", ""],
            ]
        )
    result = deckgen("import", "t.csv", "--into", "next/en")
    assert result.exit_code == 1
    assert result.stderr == "t.csv:1: missing column 'status' (is 'staus' meant to be 'status'?)\n"
