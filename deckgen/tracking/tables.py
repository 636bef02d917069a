"""Tables in and out: a CSV or XLSX table's rows, and the tracked recommendations as a table to fill.

A table has one of two shapes, told apart by its header row: deckgen's own columns
(COLUMNS), as export_table writes them, or a UHRI export's (see uhri.py).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import itertools
import re
import stat
import warnings
from collections import Counter
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TypeVar

from deckgen.content.model import Response, Status
from deckgen.content.sets import issue_paths
from deckgen.content.text import FORMULA_STARTS
from deckgen.content.words import labels_in, read_word, suggestion, word_language
from deckgen.content.yaml_source import MAX_TEXT
from deckgen.errors import ContentError, Location, Problem, closest, excerpt, plural
from deckgen.files import FIXED_TIME, NotARegularFile, check_output_file, read_regular, write_bytes_atomically
from deckgen.tracking.issues import load_issue_files
from deckgen.tracking.states import split_states
from deckgen.tracking.uhri import PARAGRAPH, UHRI_ALIASES, UHRI_COLUMNS

EnumT = TypeVar("EnumT", bound=Enum)

COLUMNS = ("id", "issue", "recommendation", "recommending_states", "response", "status", "note")
"""deckgen's table columns, in the order export writes them."""

MAX_CELL = 128 * 1024
"""The longest cell a table may hold, in characters: a recommendation is a paragraph or two."""

MAX_ROWS = 5_000
"""The most rows a table may have: a review gives a State a few hundred recommendations."""

MAX_TABLE_BYTES = 20 * 1024 * 1024
"""The largest table file read: a few hundred recommendations take well under 1 MB."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters no text of a deck may hold; a cell holding one is refused at its row and column."""


def csv_cell(text: str) -> str:
    """Return TEXT as export writes it in a CSV cell: a formula-like text, or one led by an apostrophe, gets an
    apostrophe in front, which spreadsheets show as text and csv_text takes off again."""
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def csv_text(cell: str) -> str:
    """Return a CSV CELL's text: the apostrophe csv_cell put in front is taken off.

    Exactly: an apostrophe followed by a formula start or another apostrophe is dropped;
    any other leading apostrophe is part of the text.
    """
    return cell[1:] if cell.startswith("'") and cell[1:].startswith((*FORMULA_STARTS, "'")) else cell


@dataclass(frozen=True)
class RecommendationRow:
    """One recommendation as a table gives it; None and () mean the cell is empty."""

    number: int
    """The row number a spreadsheet shows; the header is usually row 1."""
    id: str
    numeric_id: bool = False
    """Whether the id came from a number cell, which may have lost trailing zeros (141.10 read 141.1)."""
    maybe_shortened: bool = False
    """Whether a spreadsheet may have shortened the id: a number cell, or any cell of a CSV file (Excel saves
    141.10 as 141.1 in a CSV it opened)."""
    issue: str | None = None
    themes: tuple[str, ...] = ()
    text: str | None = None
    states: tuple[str, ...] = ()
    response: Response | None = None
    status: Status | None = None
    note: str | None = None


@dataclass(frozen=True)
class Table:
    """A table's rows and which shape it has: "deckgen" or "uhri"."""

    path: Path
    kind: str
    rows: tuple[RecommendationRow, ...]
    problems: tuple[Problem, ...] = ()
    """What is wrong with rows (an unknown status, a NUL byte, a repeated id): reported with the import's others."""
    warnings: tuple[Problem, ...] = ()
    """Rows taken as they are that a person should check ("Korea, Republic of" kept as one name)."""
    language: str | None = None
    """The language of the table's status words (the labels it uses), else the one it was read for."""

    def at(self, number: int) -> Location:
        """Return the location of row NUMBER."""
        return Location(self.path, number)


# --- reading tables ----------------------------------------------------------------------------


def read_table(path: Path, language: str | None = None) -> Table:
    """Return the table at PATH (CSV or XLSX) with the problems of its rows, every one at its row.

    LANGUAGE is the language of the content set it is read for: problems list the status words in
    the table's language (of the words it uses), else in LANGUAGE's. Raise ContentError when the
    file is no table at all (unreadable, too large, no known columns).
    """
    path = Path(path)
    shown = Path(path)
    try:
        status = path.stat()
    except OSError as error:
        raise ContentError.at(Location(shown), f"cannot read file: {error.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        raise ContentError.at(Location(shown), str(NotARegularFile(path, status.st_mode).strerror))
    size = status.st_size
    if size > MAX_TABLE_BYTES:
        raise ContentError.at(
            Location(shown),
            f"the table is larger than {MAX_TABLE_BYTES // 1024 // 1024} MB, "
            f"deckgen's limit for a table of recommendations; is it the right file?",
        )
    cells = _read_cells(path)
    filled = [i for i, (_, values) in enumerate(cells) if any(values)]
    if not filled:
        raise ContentError.at(Location(shown), "the table is empty")
    # The header is the first row naming known columns: exports may put a title above it.
    header_at = next((i for i in filled[:10] if _known_columns(cells[i][1])), filled[0])
    header_row, header = cells[header_at]
    names = _column_names(header)
    location = Location(shown, header_row)
    if "text" in names and "upr position" in names:
        kind, wanted = "uhri", [name.casefold() for name in UHRI_COLUMNS.values()]
    elif set(names) & set(COLUMNS):
        kind, wanted = "deckgen", list(COLUMNS)
    else:
        raise ContentError.at(
            location,
            f"neither deckgen's columns ({', '.join(COLUMNS)}) nor a UHRI export's "
            f"({', '.join(UHRI_COLUMNS.values())})",
        )
    missing = [name for name in wanted if name not in names]
    if missing:
        shown_missing = [next((v for v in UHRI_COLUMNS.values() if v.casefold() == m), m) for m in missing]
        unknown = [h.strip() for h, n in zip(header, names) if n and n not in wanted]
        near = [(m, closest(m, unknown)) for m in shown_missing]
        hints = "; ".join(f"is '{typed}' meant to be '{m}'?" for m, typed in near if typed)
        raise ContentError.at(
            location,
            f"missing {plural('column', len(shown_missing))} "
            f"{', '.join(repr(m) for m in shown_missing)}" + (f" ({hints})" if hints else ""),
        )
    column = {name: names.index(name) for name in wanted}
    reading = _Reading(path, kind == "uhri")
    rows = []
    for number, values in cells[header_at + 1 :]:
        if not any(values):
            continue
        values = values + [""] * (len(names) - len(values))
        control = next(((name, i) for name, i in column.items() if _CONTROL.search(values[i])), None)
        if control is not None:
            name, index = control
            character = _CONTROL.search(values[index])[0]  # type: ignore[index]
            reading.problem(
                number,
                f"the {header[index].strip() or name} cell (column {_letter(index)}) holds the "
                f"control character U+{ord(character):04X}, which no text may hold; retype it",
            )
            continue
        read = _uhri_row if kind == "uhri" else _deckgen_row
        try:
            row = read(reading, number, {name: values[i].strip() for name, i in column.items()})
        except ValueError as error:
            reading.problem(number, str(error))
            continue
        if kind == "deckgen":
            numeric = isinstance(values[column["id"]], _Number)
            row = dataclasses.replace(row, numeric_id=numeric, maybe_shortened=numeric or path.suffix.lower() == ".csv")
        rows.append(row)
    seen: dict[str, int] = {}
    for row in rows:
        if row.id in seen:
            reading.problem(row.number, f"recommendation {row.id} is also in row {seen[row.id]}")
        seen.setdefault(row.id, row.number)
    table_language = reading.language() or language
    problems = [*reading.problems, *(unknown.problem(path, table_language) for unknown in reading.unknown)]
    return Table(
        path,
        kind,
        tuple(rows),
        tuple(sorted(problems, key=lambda p: (p.location, p.message))),
        tuple(reading.warnings),
        table_language,
    )


def _letter(index: int) -> str:
    """Return the spreadsheet letter of the 0-based column INDEX: A, B, …, Z, AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class _UnknownWord:
    """A status or response cell that is none of the words, reported once the table's language is known."""

    number: int
    kind: type[Enum]
    what: str
    cell: str

    def problem(self, path: Path, language: str | None) -> Problem:
        labels = labels_in(self.kind, language)
        meant = suggestion(self.kind, self.cell)
        listed = ", ".join(labels)
        if meant is not None:
            label = labels[list(self.kind).index(meant)]
            message = f"unknown {self.what} '{excerpt(self.cell)}'; did you mean '{label}'? (the words: {listed})"
        else:
            message = f"unknown {self.what} '{excerpt(self.cell)}'; expected one of {listed}"
        return Problem(Location(path, self.number), message)


class _Reading:
    """What reading a table's rows finds besides the rows: problems, warnings, the languages of its words."""

    def __init__(self, path: Path, uhri: bool):
        self.path, self.uhri = path, uhri
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.unknown: list[_UnknownWord] = []
        self.languages: Counter[str] = Counter()

    def problem(self, number: int, message: str) -> None:
        self.problems.append(Problem(Location(self.path, number), message))

    def warning(self, number: int, message: str) -> None:
        self.warnings.append(Problem(Location(self.path, number), message, warning=True))

    def word(self, kind: type[EnumT], number: int, cell: str, what: str) -> EnumT | None:
        """Return CELL as one of KIND's words; None if empty or unknown (then recorded for its problem)."""
        if not cell:
            return None
        found = read_word(kind, cell)
        if found is None:
            self.unknown.append(_UnknownWord(number, kind, what, cell))
            return None
        language = word_language(kind, cell)
        if language is not None:
            self.languages[language] += 1
        return found

    def language(self) -> str | None:
        """Return the language most of the table's labelled words are in; None if it uses codes only."""
        ranked = self.languages.most_common(1)
        return ranked[0][0] if ranked else None

    def states(self, number: int, cell: str, separators: str) -> tuple[str, ...]:
        """Return a States cell's States: one per line or SEPARATORS, and at commas between UN States' names."""
        states: list[str] = []
        for part in _values(cell, separators):
            names, warning = split_states(part)
            if warning:
                self.warning(number, warning)
            states += names
        return tuple(states)


def _column_names(header: list[str]) -> list[str]:
    return [UHRI_ALIASES.get(h.strip().casefold(), h.strip().casefold()) for h in header]


def _known_columns(header: list[str]) -> bool:
    names = set(_column_names(header))
    return bool(names & set(COLUMNS)) or {"text", "upr position"} <= names


class _Number(str):
    """The text of a spreadsheet cell that held a number."""


def _read_cells(path: Path) -> list[tuple[int, list[str]]]:
    """Return PATH's rows as (row number, cell texts)."""
    shown = Path(path)
    suffix = path.suffix.lower()
    try:  # a FIFO would block the read below forever
        read_regular(path, 0)
    except NotARegularFile as error:
        raise ContentError.at(Location(shown), str(error.strerror)) from None
    except OSError:
        pass  # the read below says why
    if suffix == ".csv":
        return _csv_cells(path, shown)
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_cells(path, shown)
    raise ContentError.at(Location(shown), "a table must be a .csv or .xlsx file")


def _csv_cells(path: Path, shown: Path) -> list[tuple[int, list[str]]]:
    """Return the rows of the CSV file at PATH, read row by row: a table over MAX_ROWS stops being read there."""
    try:
        with open(path, "rb") as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            first_line = stream.readline()
            delimiter = max(",;\t", key=first_line.count)  # Excel writes ';' where ',' is the decimal mark
            return _csv_rows(csv.reader(itertools.chain([first_line], stream), delimiter=delimiter), shown)
    except UnicodeDecodeError:
        raise ContentError.at(Location(shown), "not UTF-8 text; save the table as 'CSV UTF-8'") from None
    except OSError as error:
        raise ContentError.at(Location(shown), f"cannot read file: {error.strerror}") from None


def _csv_rows(reader, shown: Path) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    previous = csv.field_size_limit(MAX_CELL)
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return rows
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    message = f"a cell is longer than {MAX_CELL // 1024} KB; is this really a table of recommendations?"
                else:
                    message = f"not a readable CSV table: {error}"
                raise ContentError.at(Location(shown, len(rows) + 1), message) from None
            rows.append((len(rows) + 1, [csv_text(cell) for cell in row]))  # rows as a spreadsheet counts them
            if len(rows) > MAX_ROWS + _TITLE_ROWS:
                raise _too_many_rows(shown)
    finally:
        csv.field_size_limit(previous)


_TITLE_ROWS = 10
"""Rows a table may have above its header (a title, a date) and blank ones, beyond MAX_ROWS."""


def _too_many_rows(shown: Path) -> ContentError:
    return ContentError.at(
        Location(shown),
        f"the table has more than {MAX_ROWS:,} rows, deckgen's limit for a table "
        f"of recommendations (a review gives a State a few hundred); "
        f"is it the right file?",
    )


def _xlsx_cells(path: Path, shown: Path) -> list[tuple[int, list[str]]]:
    """Return the rows of the workbook's active sheet (or its first visible one, if the active one is hidden)."""
    # lazy: openpyxl takes 300+ ms to import; a .csv import or export needs none of it
    from openpyxl import load_workbook

    def refused(error: BaseException | None) -> ContentError:
        causes: list[BaseException] = []
        while error is not None and len(causes) < 10:
            causes.append(error)
            error = error.__cause__ or error.__context__
        if any(type(cause).__module__.startswith("defusedxml") for cause in causes):
            return ContentError.at(
                Location(shown),
                "the workbook's XML declares entities (an XML bomb?), which "
                "deckgen refuses; save it again from the spreadsheet",
            )
        return ContentError.at(
            Location(shown), "not an Excel workbook (.xlsx); save it from the spreadsheet as .xlsx or .csv"
        )

    try:
        with warnings.catch_warnings():  # openpyxl's notes on what it drops: nothing a user can act on
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001  a damaged or hostile workbook fails in many ways (zip, XML, entities)
        raise refused(error) from None
    try:
        sheet = _visible_sheet(workbook)
        if sheet is None:
            raise ContentError.at(Location(shown), "the workbook has no visible sheet")
        declared = getattr(sheet, "max_row", None)  # the sheet's own dimension, known before reading its rows
        if isinstance(declared, int) and declared > MAX_ROWS + _TITLE_ROWS:
            raise _too_many_rows(shown)
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + _TITLE_ROWS:
                raise _too_many_rows(shown)
            texts = [_cell_text(v) for v in values]
            long = next((i for i, t in enumerate(texts) if len(t) > MAX_CELL), None)
            if long is not None:
                raise ContentError.at(
                    Location(shown, number),
                    f"a cell is longer than {MAX_CELL // 1024} KB; is this really a table of recommendations?",
                )
            rows.append((number, texts))
        return rows
    except ContentError:
        raise
    except Exception as error:  # noqa: BLE001  broken sheet XML shows only while reading the rows
        raise refused(error) from None
    finally:
        workbook.close()


def _visible_sheet(workbook):
    """Return the sheet a spreadsheet opens on: the active one, or the first visible one if that is hidden."""
    sheets = [s for s in workbook.worksheets if getattr(s, "sheet_state", "visible") == "visible"]
    try:
        active = workbook.active
    except (IndexError, AttributeError):
        active = None
    if active is not None and active in sheets:
        return active
    return sheets[0] if sheets else None


def _cell_text(value: object) -> str:
    """Return a spreadsheet cell's value as text: 3.0 reads 3, a date 2023-12-19, an empty cell ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()  # TRUE, as the spreadsheet shows it
    if isinstance(value, int | float):
        if isinstance(value, float) and value.is_integer():
            return _Number(int(value))
        return _Number(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if not value.second else "seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _values(cell: str, separators: str = "\n") -> tuple[str, ...]:
    """Return the values of a multi-value cell: one per line (or SEPARATORS), "- " prefixes dropped."""
    parts = re.split(f"[{re.escape(separators)}]", cell.replace("\r\n", "\n").replace("\r", "\n"))
    return tuple(v for part in parts if (v := re.sub(r"^[-•]\s*", "", part.strip())))


def _deckgen_row(reading: _Reading, number: int, cells: dict[str, str]) -> RecommendationRow:
    ident = cells["id"]
    if not ident:
        raise ValueError("no id (the report's paragraph number, e.g. 141.12)")
    if re.search(r"\s", ident):
        raise ValueError(f"id '{excerpt(ident)}' holds a space; an id is the report's paragraph number, e.g. 141.12")
    if not cells["issue"]:
        raise ValueError(f"recommendation {excerpt(ident)} names no issue")
    long = next(
        (name for name in ("recommendation", "note", "recommending_states") if len(cells[name]) > MAX_TEXT), None
    )
    if long is not None:
        raise ValueError(f"the {long} cell has {len(cells[long]):,} characters; a text may have at most {MAX_TEXT:,}")
    return RecommendationRow(
        number,
        ident,
        issue=cells["issue"].removesuffix(".yaml"),
        text=cells["recommendation"] or None,
        states=reading.states(number, cells["recommending_states"], "\n;"),
        response=reading.word(Response, number, cells["response"], "response"),
        status=reading.word(Status, number, cells["status"], "status"),
        note=cells["note"] or None,
    )


def _uhri_row(reading: _Reading, number: int, cells: dict[str, str]) -> RecommendationRow:
    match = PARAGRAPH.match(cells["text"])
    if not match:
        raise ValueError("'Text' does not start with the report's paragraph number (e.g. 141.12)")
    return RecommendationRow(
        number,
        match[1],
        themes=_values(cells["themes"]),
        text=match[2].strip(),
        states=reading.states(number, cells["upr reccomending states"], "\n"),
        response=reading.word(Response, number, cells["upr position"], "UPR Position"),
    )


# --- export ------------------------------------------------------------------------------------


def export_rows(content_dir: Path, language: str | None = None) -> list[list[str]]:
    """Return CONTENT_DIR's tracked recommendations as table rows in deckgen's COLUMNS, header first.

    Statuses and responses are LANGUAGE's labels, as its deck shows them ("Частично выполнены" for
    ru), which import reads back; codes for a language deckgen has no labels for.
    """
    return [list(COLUMNS)] + [
        export_row(tracked, file.stem, language)
        for file in load_issue_files(content_dir)
        for tracked in file.issue.review.recommendations
    ]


def export_row(tracked, issue_file: str, language: str | None) -> list[str]:
    """Return one tracked recommendation (any object with its fields) as a row of COLUMNS, in LANGUAGE's words."""
    statuses, responses = labels_in(Status, language), labels_in(Response, language)
    return [
        tracked.id,
        issue_file,
        tracked.text,
        "; ".join(tracked.states),
        responses[list(Response).index(tracked.response)] if tracked.response else "",
        statuses[list(Status).index(tracked.status)] if tracked.status else "",
        tracked.note or "",
    ]


ROWS_TO_ADD = 500
"""Rows below the exported ones that keep the id column's text format and the drop-downs, for rows members add."""


def export_table(content_dir: Path, output: Path, language: str | None = None) -> int:
    """Write CONTENT_DIR's tracked recommendations to OUTPUT (.csv or .xlsx); return how many.

    Text a spreadsheet would take for a formula stays text: a string cell in .xlsx, led by an
    apostrophe in .csv (see csv_cell). Status and response words are LANGUAGE's labels.
    """
    output = Path(output)
    check_output_file(output, (".csv", ".xlsx"), "the table", issue_paths(content_dir))
    rows = export_rows(content_dir, language)
    if output.suffix.lower() == ".csv":
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows([[csv_cell(cell) for cell in row] for row in rows])
        data = out.getvalue().encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8
    else:
        data = _xlsx_bytes(rows, language)
    write_bytes_atomically(data, output)
    return len(rows) - 1


def _xlsx_bytes(
    rows: list[list[str]], language: str | None = None, more: dict[str, list[list[str]]] | None = None
) -> bytes:
    """Return ROWS as a workbook whose status and response cells offer LANGUAGE's words in a drop-down.

    MORE adds sheets after it (name -> rows, the first in bold); `deckgen import` reads the first sheet only.

    The id column stays text, and the drop-downs stay, on ROWS_TO_ADD rows below the last one too.
    """
    # lazy: openpyxl takes 300+ ms to import; a .csv import or export needs none of it
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "recommendations"
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, not a formula openpyxl would write as one
                cell.quotePrefix = True  # and text still after the cell is edited in the spreadsheet
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = {
        "id": 10,
        "issue": 24,
        "recommendation": 70,
        "recommending_states": 30,
        "response": 18,
        "status": 22,
        "note": 40,
    }
    last = len(rows) + ROWS_TO_ADD
    for index, name in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = widths[name]
        sheet.column_dimensions[letter].number_format = "@"  # the whole column is text, rows added below too
        for number in range(2, last + 1):
            cell = sheet.cell(row=number, column=index + 1)
            cell.number_format = "@"  # ids such as 141.10 stay text
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for name, words in (("response", Response), ("status", Status)):
        letter = sheet.cell(row=1, column=COLUMNS.index(name) + 1).column_letter
        labels = labels_in(words, language)
        choice = DataValidation(
            type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True, showErrorMessage=False
        )  # a word typed otherwise is read, or named, by import
        choice.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(choice)
    for name, more_rows in (more or {}).items():
        extra = workbook.create_sheet(name)
        for row in more_rows:
            extra.append(row)
        for cell in extra[1]:
            cell.font = Font(bold=True)
        for letter, width in zip("ABCD", (24, 40, 90, 20)):
            extra.column_dimensions[letter].width = width
        for row in extra.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


xlsx_bytes = _xlsx_bytes
"""The export's workbook writer, for other tables in deckgen's columns (deckgen matrix)."""
