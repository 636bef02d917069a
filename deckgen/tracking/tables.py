"""Tables in and out: a CSV or XLSX table's rows, and the tracked recommendations as a table to fill.

A table has one of two shapes, told apart by its header row: deckgen's own columns
(COLUMNS), as export_table writes them, or a UHRI export's (see uhri.py).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TypeVar

from deckgen.content.model import Response, Status
from deckgen.content.sets import issue_paths
from deckgen.errors import ContentError, Location, Problem, excerpt, plural
from deckgen.files import FIXED_TIME, NotARegularFile, check_output_file, read_regular, write_bytes_atomically
from deckgen.tracking.issues import load_issue_files
from deckgen.tracking.uhri import PARAGRAPH, UHRI_ALIASES, UHRI_COLUMNS

EnumT = TypeVar("EnumT", bound=Enum)

COLUMNS = ("id", "issue", "recommendation", "recommending_states", "response", "status", "note")
"""deckgen's table columns, in the order export writes them."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell's text as a formula (OWASP's CSV injection list)."""

MAX_CELL = 128 * 1024
"""The longest cell a table may hold, in characters: a recommendation is a paragraph or two."""


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

    def at(self, number: int) -> Location:
        """Return the location of row NUMBER."""
        return Location(self.path, number)


# --- reading tables ----------------------------------------------------------------------------


def read_table(path: Path) -> Table:
    """Return the table at PATH (CSV or XLSX); raise ContentError naming the file and row of every problem."""
    path = Path(path)
    cells = _read_cells(path)
    filled = [i for i, (_, values) in enumerate(cells) if any(values)]
    if not filled:
        raise ContentError.at(Location(path), "the table is empty")
    # The header is the first row naming known columns: exports may put a title above it.
    header_at = next((i for i in filled[:10] if _known_columns(cells[i][1])), filled[0])
    header_row, header = cells[header_at]
    names = _column_names(header)
    where = Location(path, header_row)
    if "text" in names and "upr position" in names:
        kind, wanted = "uhri", [name.casefold() for name in UHRI_COLUMNS.values()]
    elif set(names) & set(COLUMNS):
        kind, wanted = "deckgen", list(COLUMNS)
    else:
        raise ContentError.at(where, f"neither deckgen's columns ({', '.join(COLUMNS)}) nor a UHRI export's "
                                     f"({', '.join(UHRI_COLUMNS.values())})")
    missing = [name for name in wanted if name not in names]
    if missing:
        shown = [next((v for v in UHRI_COLUMNS.values() if v.casefold() == m), m) for m in missing]
        raise ContentError.at(where, f"missing {plural('column', len(shown))} "
                                     f"{', '.join(repr(m) for m in shown)}")
    column = {name: names.index(name) for name in wanted}
    rows, problems = [], []
    for number, values in cells[header_at + 1:]:
        if not any(values):
            continue
        values = values + [""] * (len(names) - len(values))
        read = _uhri_row if kind == "uhri" else _deckgen_row
        try:
            row = read(number, {name: values[i].strip() for name, i in column.items()})
        except ValueError as error:
            problems.append(Problem(Location(path, number), str(error)))
            continue
        if kind == "deckgen" and isinstance(values[column["id"]], _Number):
            row = dataclasses.replace(row, numeric_id=True)
        rows.append(row)
    seen: dict[str, int] = {}
    for row in rows:
        if row.id in seen:
            problems.append(Problem(Location(path, row.number),
                                    f"recommendation {row.id} is also in row {seen[row.id]}"))
        seen.setdefault(row.id, row.number)
    if problems:
        raise ContentError(problems)
    return Table(path, kind, tuple(rows))


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
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError.at(Location(shown), "not UTF-8 text; save the table as 'CSV UTF-8'") from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)  # Excel writes ';' where ',' is the decimal mark
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
    finally:
        csv.field_size_limit(previous)


def _xlsx_cells(path: Path, shown: Path) -> list[tuple[int, list[str]]]:
    """Return the rows of the workbook's active sheet (or its first visible one, if the active one is hidden)."""
    from openpyxl import load_workbook

    def refused(error: BaseException | None) -> ContentError:
        causes: list[BaseException] = []
        while error is not None and len(causes) < 10:
            causes.append(error)
            error = error.__cause__ or error.__context__
        if any(type(cause).__module__.startswith("defusedxml") for cause in causes):
            return ContentError.at(Location(shown), "the workbook's XML declares entities (an XML bomb?), which "
                                                    "deckgen refuses; save it again from the spreadsheet")
        return ContentError.at(Location(shown), "not an Excel workbook (.xlsx); "
                                                "save it from the spreadsheet as .xlsx or .csv")

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001  a damaged or hostile workbook fails in many ways (zip, XML, entities)
        raise refused(error) from None
    try:
        sheet = _visible_sheet(workbook)
        if sheet is None:
            raise ContentError.at(Location(shown), "the workbook has no visible sheet")
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [_cell_text(v) for v in values]
            long = next((i for i, t in enumerate(texts) if len(t) > MAX_CELL), None)
            if long is not None:
                raise ContentError.at(Location(shown, number), f"a cell is longer than {MAX_CELL // 1024} KB; "
                                                               f"is this really a table of recommendations?")
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


def _word(enum: type[EnumT], cell: str, what: str) -> EnumT | None:
    """Return CELL as one of ENUM's words ("Partially implemented" reads partially_implemented), None if empty."""
    if not cell:
        return None
    word = re.sub(r"[\s-]+", "_", cell.strip().casefold())
    try:
        return enum(word)
    except ValueError:
        words = ", ".join(e.value for e in enum)
        raise ValueError(f"unknown {what} '{excerpt(cell)}'; expected one of {words}") from None


def _deckgen_row(number: int, cells: dict[str, str]) -> RecommendationRow:
    if not cells["id"]:
        raise ValueError("no id (the report's paragraph number, e.g. 141.12)")
    if not cells["issue"]:
        raise ValueError(f"recommendation {excerpt(cells['id'])} names no issue")
    return RecommendationRow(number, cells["id"], issue=cells["issue"].removesuffix(".yaml"),
               text=cells["recommendation"] or None,
               states=_values(cells["recommending_states"], "\n;"),
               response=_word(Response, cells["response"], "response"),
               status=_word(Status, cells["status"], "status"),
               note=cells["note"] or None)


def _uhri_row(number: int, cells: dict[str, str]) -> RecommendationRow:
    match = PARAGRAPH.match(cells["text"])
    if not match:
        raise ValueError("'Text' does not start with the report's paragraph number (e.g. 141.12)")
    return RecommendationRow(number, match[1], themes=_values(cells["themes"]), text=match[2].strip(),
               states=_values(cells["upr reccomending states"]),
               response=_word(Response, cells["upr position"], "UPR Position"))


# --- export ------------------------------------------------------------------------------------


def export_rows(content_dir: Path) -> list[list[str]]:
    """Return CONTENT_DIR's tracked recommendations as table rows in deckgen's COLUMNS, header first."""
    rows = [list(COLUMNS)]
    for file in load_issue_files(content_dir):
        for tracked in file.issue.review.recommendations:
            rows.append([tracked.id, file.stem, tracked.text, "; ".join(tracked.states),
                         tracked.response.value if tracked.response else "",
                         tracked.status.value if tracked.status else "", tracked.note or ""])
    return rows


def export_table(content_dir: Path, output: Path) -> int:
    """Write CONTENT_DIR's tracked recommendations to OUTPUT (.csv or .xlsx); return how many.

    Text a spreadsheet would take for a formula stays text: a string cell in .xlsx, led by an
    apostrophe in .csv (see csv_cell).
    """
    output = Path(output)
    check_output_file(output, (".csv", ".xlsx"), "the table", issue_paths(content_dir))
    rows = export_rows(content_dir)
    if output.suffix.lower() == ".csv":
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows([[csv_cell(cell) for cell in row] for row in rows])
        data = out.getvalue().encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8
    else:
        data = _xlsx_bytes(rows)
    write_bytes_atomically(data, output)
    return len(rows) - 1


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    """Return ROWS as a workbook whose status and response cells offer their words in a drop-down."""

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
    widths = {"id": 10, "issue": 24, "recommendation": 70, "recommending_states": 30, "response": 18,
              "status": 22, "note": 40}
    for index, name in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = widths[name]
        for cell in sheet[letter][1:]:
            cell.number_format = "@"  # ids such as 141.10 stay text
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = max(len(rows), 2)
    for name, words in (("response", Response), ("status", Status)):
        letter = sheet.cell(row=1, column=COLUMNS.index(name) + 1).column_letter
        choice = DataValidation(type="list", formula1='"' + ",".join(w.value for w in words) + '"', allow_blank=True)
        choice.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(choice)
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
