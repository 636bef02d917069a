"""A workbook read safely into each language's content data, every value mapped to its cell.

What comes out is what the YAML loader gives for a content set, one per language
column: deck.yaml's and each issue file's plain data, with a source map whose
locations read as a spreadsheet user sees them ("deck.xlsx: sheet '2 Children's
rights', cell F14"). The content checks then run on it unchanged.

Safety: the workbook is a zip of XML read with defusedxml (openpyxl uses it when
installed), its unpacked size and its rows and columns are bounded, formulas are
never evaluated (the value the spreadsheet last showed is read, with a warning, or
the cell is refused), and a number or date in a text cell is read as it is shown.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from deckgen.content.model import Deck, Finding, Issue, Presenter, Review, Topic, TrackedRecommendation
from deckgen.content.yaml_source import LoadedFile, SourceMap
from deckgen.errors import ContentError, Location, Problem, display_path, excerpt
from deckgen.files import NotARegularFile, read_regular
from deckgen.locale import available_languages, base_language, load_locale
from deckgen.workbook import is_workbook  # noqa: F401 - this module's name for it too
from deckgen.workbook.words import (
    HEADER_LANGUAGE,
    HEADERS,
    KINDS,
    SHEETS,
    YES_NO,
    fold,
    lookup,
    parse_response_word,
    parse_status_word,
)

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024
"""A deck's workbook is a few hundred kilobytes; anything this large is the wrong file."""

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""How much the workbook's zip may unpack to: bounds a zip bomb before any XML is parsed."""

MAX_ROWS = 5_000
"""Rows one sheet may have: an issue has a few dozen, the tracked list a few hundred."""

MAX_COLUMNS = 60
"""Columns one sheet may have: the tracked sheet has 3 per language and 5 more."""

MAX_CELL = 10_000
"""Characters one cell may hold: as many as one text value of a content file may have."""

DECK_ID = "deck.yaml"
TRACKED_ID = "review.recommendations"
README_ID = "readme"
"""The hidden first cells (A1) that tell deckgen's sheets apart; an issue sheet's names its file."""

FORMULA = re.compile(r"^=")


# --- where values stand -------------------------------------------------------------------------


def cell_location(shown: str | Path, sheet: str, row: int, col: int) -> Location:
    """Return the location of a cell as a spreadsheet shows it: "deck.xlsx: sheet 'Deck', cell D4"."""
    # lazy: openpyxl takes 300+ ms to import (-X importtime); load imports this module for every build
    from openpyxl.utils import get_column_letter

    return Location(Path(f"{shown}: sheet '{sheet}', cell {get_column_letter(col)}{row}"))


def sheet_location(shown: str | Path, sheet: str) -> Location:
    """Return the location of a whole sheet."""
    return Location(Path(f"{shown}: sheet '{sheet}'"))


@dataclass(frozen=True)
class CellMap(SourceMap):
    """A source map whose positions are cells (row, column) of sheets, not lines of a file."""

    sheet: str = ""
    """The sheet the file's values stand in."""
    sheets: dict[tuple, str] = field(default_factory=dict)
    """Key path -> the sheet of its value when that is another (tracked recommendations stand in their own)."""

    def locate(self, key_path: tuple, *, key: bool = False) -> Location:
        """Return the cell of the value at KEY_PATH, or of its nearest ancestor that has one, else the sheet."""
        for end in range(len(key_path), 0, -1):
            prefix = key_path[:end]
            if prefix in self.values:
                return cell_location(self.path, self.sheets.get(prefix, self.sheet), *self.values[prefix])
        return sheet_location(self.path, self.sheet)


# --- reading cells ------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One sheet's cells as shown text, with what the reader noticed about it."""

    title: str
    hidden: bool
    identity: str
    """Its hidden first cell (A1): which content it holds."""
    rows: list[tuple[int, list[str]]]
    """(row number, the shown text of each cell from column A), the header row first."""
    numbers: set[tuple[int, int]]
    """(row, col) of cells that held a number, not text."""


class _Reader:
    """Reads a workbook's sheets as text, collecting every problem and note."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.shown = display_path(path)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def refused(self, message: str) -> ContentError:
        return ContentError.at(Location(self.path), message)

    def open(self):
        """Return the workbook twice: with formulas as written, and with the values last shown."""
        # lazy: openpyxl takes 300+ ms to import (-X importtime); load imports this module for every build
        from openpyxl import load_workbook

        try:  # a FIFO or device named as the workbook is refused without waiting on it
            data = read_regular(self.path, MAX_WORKBOOK_BYTES)
        except NotARegularFile as error:
            raise self.refused(str(error.strerror)) from None
        except OSError as error:
            raise self.refused(f"cannot read file: {error.strerror}") from None
        if len(data) > MAX_WORKBOOK_BYTES:
            raise self.refused(
                f"the workbook is larger than {MAX_WORKBOOK_BYTES // (1024 * 1024)} MB; "
                f"is this really a deck's workbook?"
            )
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise self.refused("not an Excel workbook (.xlsx); save it from the spreadsheet as .xlsx") from None
        if unpacked > MAX_UNPACKED_BYTES:
            raise self.refused(
                f"the workbook unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB "
                f"(a zip bomb?); deckgen refuses it"
            )
        try:
            with warnings.catch_warnings():  # openpyxl's notes on what it drops (a defined name, an extension)
                warnings.simplefilter("ignore")  # would print its own source lines: nothing a user can act on
                formulas = load_workbook(io.BytesIO(data), data_only=False)
                shown = load_workbook(io.BytesIO(data), data_only=True)
        except Exception as error:  # noqa: BLE001  a damaged or hostile workbook fails in many ways (zip, XML, entities)
            raise self._refused_error(error) from None
        return formulas, shown

    def _refused_error(self, error: BaseException | None) -> ContentError:
        causes: list[BaseException] = []
        while error is not None and len(causes) < 10:
            causes.append(error)
            error = error.__cause__ or error.__context__
        if any(type(cause).__module__.startswith("defusedxml") for cause in causes):
            return self.refused(
                "the workbook's XML declares entities (an XML bomb?), which deckgen refuses; "
                "save it again from the spreadsheet"
            )
        return self.refused("not an Excel workbook (.xlsx); save it from the spreadsheet as .xlsx")

    def sheets(self) -> list[Sheet]:
        """Return every sheet as text; problems and notes go to self.problems and self.warnings."""
        formulas, values = self.open()
        try:
            return [self.sheet(sheet, values[sheet.title]) for sheet in formulas.worksheets]
        finally:
            formulas.close()
            values.close()

    def sheet(self, sheet, shown) -> Sheet:
        """Return SHEET (formulas as written; SHOWN: the same sheet with the values last shown) as text."""
        # lazy: openpyxl takes 300+ ms to import (-X importtime); load imports this module for every build
        from openpyxl.utils import get_column_letter

        title = sheet.title
        hidden = sheet.sheet_state != "visible"
        rows_count, cols_count = sheet.max_row, sheet.max_column
        if rows_count > MAX_ROWS or cols_count > MAX_COLUMNS:
            self.problems.append(
                Problem(
                    sheet_location(self.shown, title),
                    f"the sheet has {rows_count:,} rows and {cols_count} columns, more than "
                    f"the {MAX_ROWS:,} rows and {MAX_COLUMNS} columns deckgen reads; is "
                    f"this really a sheet of the deck?",
                )
            )
            return Sheet(title, hidden, "", [], set())
        for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            self.problems.append(
                Problem(
                    cell_location(self.shown, title, merged.min_row, merged.min_col),
                    f"cells {merged.coord} are merged: unmerge them (each value needs a cell of its own)",
                )
            )
        numbers: set[tuple[int, int]] = set()
        rows = []
        for r in range(1, rows_count + 1):
            texts = []
            for c in range(1, cols_count + 1):
                texts.append(self.cell_text(sheet.cell(r, c), shown.cell(r, c), title, numbers))
            rows.append((r, texts))
        identity = rows[0][1][0].strip() if rows and rows[0][1] else ""
        hidden_rows = [r for r, _ in rows if r > 1 and sheet.row_dimensions[r].hidden]
        if hidden_rows and identity:
            shown_rows = ", ".join(str(r) for r in hidden_rows[:10]) + (", …" if len(hidden_rows) > 10 else "")
            self.warnings.append(
                Problem(
                    sheet_location(self.shown, title),
                    f"row{'s' if len(hidden_rows) > 1 else ''} {shown_rows} "
                    f"{'are' if len(hidden_rows) > 1 else 'is'} hidden (filtered?): "
                    f"read all the same",
                    warning=True,
                )
            )
        hidden_columns = [
            get_column_letter(c)
            for c in range(2, cols_count + 1)
            if sheet.column_dimensions[get_column_letter(c)].hidden
        ]
        if hidden_columns and identity:
            self.warnings.append(
                Problem(
                    sheet_location(self.shown, title),
                    f"column{'s' if len(hidden_columns) > 1 else ''} "
                    f"{', '.join(hidden_columns)} {'are' if len(hidden_columns) > 1 else 'is'} "
                    f"hidden: read all the same",
                    warning=True,
                )
            )
        if hidden and identity:
            self.warnings.append(
                Problem(sheet_location(self.shown, title), "the sheet is hidden: read all the same", warning=True)
            )
        return Sheet(title, hidden, identity, rows, numbers)

    def cell_text(self, cell, shown_cell, title: str, numbers: set[tuple[int, int]]) -> str:
        """Return CELL's value as the spreadsheet shows it; a formula's last shown value, never evaluated."""
        value = cell.value
        cell_at = (cell.row, cell.column)
        if (
            cell.data_type == "f"
            or (isinstance(value, str) and FORMULA.match(value) and cell.data_type != "s")
            or not isinstance(value, (str, int, float, bool, datetime.date, datetime.time, type(None)))
        ):
            written = value if isinstance(value, str) else getattr(value, "text", "") or "a formula"
            last = shown_cell.value
            location = cell_location(self.shown, title, *cell_at)
            if last is None or last == "":
                self.problems.append(
                    Problem(
                        location,
                        f"a formula ({excerpt(written, 30)}) and no value it showed: "
                        f"deckgen never evaluates formulas; type the value itself",
                    )
                )
                return ""
            self.warnings.append(
                Problem(
                    location,
                    f"a formula ({excerpt(written, 30)}): read as the value it "
                    f"showed, {excerpt(_shown(last, cell.number_format))!r}",
                    warning=True,
                )
            )
            value = last
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers.add(cell_at)
        text = _shown(value, cell.number_format)
        if len(text) > MAX_CELL:
            self.problems.append(
                Problem(
                    cell_location(self.shown, title, *cell_at),
                    f"the cell holds {len(text):,} characters, more than the {MAX_CELL:,} a text may have",
                )
            )
            return ""
        return text


def _shown(value: object, number_format: str | None) -> str:
    """Return VALUE as a spreadsheet shows it with NUMBER_FORMAT: 141.10 with 0.00, 19.12.2023 with DD.MM.YYYY."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    number_format = number_format or "General"
    if isinstance(value, (int, float)):
        decimals = re.fullmatch(r"[#,]*0*(?:\.(0+))?", number_format.replace("\\", ""))
        if decimals and number_format not in ("General", "@"):
            places = len(decimals[1] or "")
            return f"{value:.{places}f}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        formatted = _date_shown(value, number_format)
        if formatted:
            return formatted
        if isinstance(value, datetime.datetime):
            if value.time() == datetime.time():
                return value.date().isoformat()
            return value.isoformat(sep=" ", timespec="minutes")
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="minutes")
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


_DATE_PARTS = [
    ("yyyy", "%Y"),
    ("yy", "%y"),
    ("mmmm", "%B"),
    ("mmm", "%b"),
    ("mm", "%m"),
    ("dd", "%d"),
    ("m", "%-m"),
    ("d", "%-d"),
]


def _date_shown(value: datetime.date, number_format: str) -> str | None:
    """Return VALUE in a date NUMBER_FORMAT made of day, month and year parts only, else None."""
    fmt = re.sub(r"\[[^\]]*\]|\"[^\"]*\"|\\", "", number_format).lower()
    if not fmt or re.search(r"[hs]", fmt) or not re.fullmatch(r"[dmy./\- ,]+", fmt):
        return None
    out, i = "", 0
    while i < len(fmt):
        for token, code in _DATE_PARTS:
            if fmt.startswith(token, i):
                day = {"%-m": str(value.month), "%-d": str(value.day)}.get(code)
                out += day if day is not None else value.strftime(code)
                i += len(token)
                break
        else:
            out += fmt[i]
            i += 1
    return out


# --- the rows of deckgen's sheets ---------------------------------------------------------------


@dataclass
class Columns:
    """What each column of a sheet holds: a role ("kind", "status", ...) or a language's text."""

    roles: dict[str, int] = field(default_factory=dict)
    """Role -> 0-based column index; a tracked sheet's texts are "text:ru", "states:ru", "note:ru"."""
    languages: list[str] = field(default_factory=list)
    """The languages of the text columns, in the sheet's order."""


_HEADER_ROLES = lookup(HEADERS)


def _columns(reader: _Reader, sheet: Sheet, tracked: bool, languages: list[str] | None = None) -> Columns:
    """Return SHEET's columns as its header row names them; unknown columns are noted, not read.

    LANGUAGES, the workbook's, are the text columns read (None: any, as the Deck sheet says which they are).
    """
    # lazy: openpyxl takes 300+ ms to import (-X importtime); load imports this module for every build
    from openpyxl.utils import get_column_letter

    columns = Columns()
    header = sheet.rows[0][1] if sheet.rows else []
    for index, text in enumerate(header):
        if index == 0:
            continue
        name = " ".join(text.split())
        role = _HEADER_ROLES.get(fold(name.split("(")[0])) if name else None
        match = HEADER_LANGUAGE.match(name) if name and ("(" in name or role is None) else None
        code = (match[1] or match[2]) if match else None
        language = code if code and (languages is None or code in languages) else None
        key: str | None = None
        if tracked and role in ("text", "states", "note"):
            key = f"{role}:{language}" if language else None
        elif role is not None and role not in ("text", "states", "note"):
            key = str(role)
        elif not tracked and language:
            key = f"text:{language}"
        if key is None:
            has_data = any(index < len(values) and values[index].strip() for _, values in sheet.rows[1:])
            if name or has_data:
                location = cell_location(reader.shown, sheet.title, 1, index + 1)
                reader.warnings.append(
                    Problem(
                        location,
                        f"column {get_column_letter(index + 1)}"
                        f"{' (' + repr(excerpt(name)) + ')' if name else ''} is not "
                        f"one deckgen wrote: not read",
                        warning=True,
                    )
                )
            continue
        if key in columns.roles:
            location = cell_location(reader.shown, sheet.title, 1, index + 1)
            reader.problems.append(
                Problem(
                    location,
                    f"a second column '{excerpt(name)}': the first, column "
                    f"{get_column_letter(columns.roles[key] + 1)}, is the one read; "
                    f"delete or rename this one",
                )
            )
            continue
        columns.roles[key] = index
        if key.startswith("text:"):
            columns.languages.append(key.split(":", 1)[1])
    return columns


@dataclass
class Row:
    """One row of a sheet: its number and its cells by role."""

    number: int
    cells: dict[str, str]
    numbers: set[str]
    """The roles whose cell held a number."""

    def get(self, role: str) -> str:
        return self.cells.get(role, "").strip()

    def empty(self) -> bool:
        return not any(v.strip() for v in self.cells.values())


def _rows(sheet: Sheet, columns: Columns) -> list[Row]:
    rows = []
    for number, values in sheet.rows[1:]:
        cells = {"key": values[0] if values else ""}
        numbers = set()
        for role, index in columns.roles.items():
            cells[role] = values[index] if index < len(values) else ""
            if (number, index + 1) in sheet.numbers:
                numbers.add(role)
        rows.append(Row(number, cells, numbers))
    return rows


# --- what a workbook holds ----------------------------------------------------------------------


@dataclass
class ToTranslate:
    """A translation cell left empty: the value stands as the source's text until translated."""

    language: str
    file: str
    """"deck.yaml" or "issues/<name>.yaml"."""
    path: tuple
    location: Location


@dataclass
class WorkbookContent:
    """A workbook read: each language's files as plain data with cell maps, and what was noticed."""

    path: Path
    languages: list[str]
    files: dict[str, dict[str, Any]]
    """Language -> file ("deck.yaml", "issues/02-childrens-rights.yaml") -> its data."""
    maps: dict[str, dict[str, CellMap]]
    """Language -> file -> where its values stand."""
    origins: dict[str, dict[tuple, tuple]]
    """File -> key path of a list item -> the key path it had when exported (its row's key)."""
    sheets: dict[str, str]
    """File -> the title of its sheet."""
    to_translate: list[ToTranslate]
    problems: list[Problem]
    warnings: list[Problem]

    def issue_files(self) -> list[str]:
        """Return the issue files, in file-name order (the deck's order)."""
        return sorted(f for f in self.sheets if f.startswith("issues/"))


def read_workbook(path: Path) -> WorkbookContent:
    """Return the workbook at PATH as every language's content data; raise ContentError when it is no workbook.

    Problems of its cells (an unknown status, a merged cell, a formula that showed nothing) are
    collected in the result, all of them, each at its sheet and cell. A workbook read before and
    not changed since is not read again (a command asks for its languages, then for their content).
    """
    try:
        stat = Path(path).stat()
        stamp = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, str(Path.cwd()))
    except OSError:
        return _read_workbook(path)
    if _READ.get("stamp") != stamp:
        _READ.clear()
        _READ["content"] = _read_workbook(path)
        _READ["stamp"] = stamp
    return _copy_content(_READ["content"], Path(path))


_READ: dict[str, Any] = {}
"""The last workbook read, with the stamp of its file."""


def _copy_content(content: WorkbookContent, path: Path) -> WorkbookContent:
    """Return CONTENT with its data copied, so that a caller's changes leave the cached read alone."""
    return dataclasses.replace(
        content,
        path=path,
        files={lang: {f: _copy(d) for f, d in by_file.items()} for lang, by_file in content.files.items()},
        to_translate=list(content.to_translate),
        problems=list(content.problems),
        warnings=list(content.warnings),
        origins={f: dict(o) for f, o in content.origins.items()},
    )


def _read_workbook(path: Path) -> WorkbookContent:
    reader = _Reader(path)
    sheets = reader.sheets()
    deck_sheets = [s for s in sheets if s.identity == DECK_ID]
    if not deck_sheets:
        raise reader.refused(
            "no Deck sheet (its hidden cell A1 says deck.yaml): is this a workbook that "
            "`deckgen workbook export` wrote?"
        )
    deck_sheet = deck_sheets[0]
    deck_columns = _columns(reader, deck_sheet, tracked=False)
    languages = deck_columns.languages
    if not languages:
        raise ContentError.at(
            sheet_location(reader.shown, deck_sheet.title), "no language columns (headers such as 'English (en)')"
        )
    content = WorkbookContent(
        Path(path),
        languages,
        {lang: {} for lang in languages},
        {lang: {} for lang in languages},
        {},
        {},
        [],
        reader.problems,
        reader.warnings,
    )
    _DeckSheet(reader, content, deck_sheet, deck_columns).read()
    issue_sheets = []
    for sheet in sheets:
        if sheet is deck_sheet or sheet.identity in (TRACKED_ID, README_ID):
            continue
        if re.fullmatch(r"issues/[^/\\]+\.yaml", sheet.identity):
            if sheet.identity in content.sheets:
                reader.problems.append(
                    Problem(
                        sheet_location(reader.shown, sheet.title),
                        f"a second sheet of {sheet.identity} (the first is "
                        f"'{content.sheets[sheet.identity]}'): delete one",
                    )
                )
                continue
            issue_sheets.append(sheet)
            content.sheets[sheet.identity] = sheet.title
        elif sheet.identity == DECK_ID:
            reader.problems.append(
                Problem(
                    sheet_location(reader.shown, sheet.title),
                    f"a second Deck sheet (the first is '{deck_sheet.title}'): delete one",
                )
            )
        elif fold(sheet.title) not in {fold(w) for w in SHEETS["readme"]}:
            reader.warnings.append(
                Problem(
                    sheet_location(reader.shown, sheet.title),
                    "not one of deckgen's sheets (its hidden cell A1 names no content file): not read",
                    warning=True,
                )
            )
    if not issue_sheets:
        reader.problems.append(Problem(Location(reader.path), "no issue sheets: the deck needs at least one issue"))
    issues = {}
    for sheet in issue_sheets:
        issue = _IssueSheet(reader, content, sheet, languages)
        issue.read()
        issues[sheet.identity] = issue
    tracked = [s for s in sheets if s.identity == TRACKED_ID]
    if tracked:
        _TrackedSheet(reader, content, tracked[0], issues).read()
    else:
        reader.problems.append(
            Problem(
                Location(reader.path),
                f"no sheet '{SHEETS['tracked'][0]}' (its hidden "
                f"cell A1 says {TRACKED_ID}): export the workbook "
                f"again, or undo its deletion",
            )
        )
    for issue in issues.values():
        issue.finish()
    return content


class _Builder:
    """Builds one file's data in every language from rows, recording each value's cell and each item's origin."""

    def __init__(self, reader: _Reader, content: WorkbookContent, file: str, sheet: Sheet, languages: list[str]):
        self.reader = reader
        self.content = content
        self.file = file
        self.sheet = sheet
        self.languages = languages
        self.data: dict[str, dict] = {lang: {} for lang in languages}
        self.values: dict[str, dict[tuple, tuple[int, int]]] = {lang: {} for lang in languages}
        self.cell_sheets: dict[tuple, str] = {}
        self.origins: dict[tuple, tuple] = content.origins.setdefault(file, {})
        self.used_keys: set[tuple] = set()

    @property
    def shown(self) -> str:
        return self.reader.shown

    def at(self, row: int, col_role: str, columns: Columns, sheet: Sheet | None = None) -> Location:
        index = columns.roles.get(col_role, 0)
        return cell_location(self.shown, (sheet or self.sheet).title, row, index + 1)

    def problem(self, location: Location, message: str) -> None:
        self.reader.problems.append(Problem(location, message))

    def warn(self, location: Location, message: str) -> None:
        self.reader.warnings.append(Problem(location, message, warning=True))

    def get(self, path: tuple, language: str | None = None) -> Any:
        node: Any = self.data[language or self.languages[0]]
        for part in path:
            node = node[part]
        return node

    def has(self, path: tuple) -> bool:
        try:
            self.get(path)
        except (KeyError, IndexError, TypeError):
            return False
        return True

    def put(
        self, path: tuple, values: dict[str, Any], cells: dict[str, tuple[int, int]], sheet: Sheet | None = None
    ) -> None:
        """Set the value at PATH (a list index one past the end appends) in each language."""
        for language in self.languages:
            node: Any = self.data[language]
            for i, part in enumerate(path[:-1]):
                following = path[i + 1]
                if isinstance(node, list):
                    if part == len(node):
                        node.append([] if isinstance(following, int) else {})
                    node = node[part]
                else:
                    node = node.setdefault(part, [] if isinstance(following, int) else {})
            last = path[-1]
            if isinstance(node, list):
                if last == len(node):
                    node.append(values[language])
                else:
                    node[last] = values[language]
            else:
                node[last] = values[language]
            if language in cells:
                self.values[language][path] = cells[language]
        if sheet is not None and sheet is not self.sheet:
            self.cell_sheets[path] = sheet.title

    def length(self, path: tuple) -> int:
        return len(self.get(path)) if self.has(path) else 0

    def old_path(self, path: tuple) -> tuple | None:
        """Return the key path the item at PATH had when exported, through its ancestors' origins; None if new."""
        return origin_of(self.origins, path)

    def adopt(self, path: tuple, key: str) -> None:
        """Record that the list item at PATH is the one the row's KEY named, when KEY fits where it now stands."""
        old = _parse_key(key)
        if old is None or old in self.used_keys or not isinstance(old[-1], int):
            return
        parent = self.old_path(path[:-1]) if path[:-1] else ()
        if parent is None or old[:-1] != parent:
            return
        self.used_keys.add(old)
        self.origins[path] = old

    def texts(
        self,
        row: Row,
        columns: Columns,
        path: tuple,
        *,
        required: bool,
        prefix: str = "text",
        to_fill: bool = False,
        sheet: Sheet | None = None,
    ) -> dict[str, str] | None:
        """Return the row's text in each language, or None when every cell is empty.

        An empty source cell is a problem (unless TO_FILL allows ""); an empty translation
        cell is "to translate": the source's text stands in, with a warning.
        """
        sheet = sheet or self.sheet
        raw = {lang: row.get(f"{prefix}:{lang}") for lang in self.languages}
        if not any(raw.values()):
            if to_fill:
                return {lang: "" for lang in self.languages}
            return None
        source_language = self.languages[0]
        source = raw[source_language]
        if not source:
            if to_fill:
                source = ""
            else:
                self.problem(
                    self.at(row.number, f"{prefix}:{source_language}", columns, sheet),
                    f"no {source_language} text, which the other languages translate: type it, or delete the row",
                )
                return None
        out = {}
        for lang in self.languages:
            if raw[lang] or not source:
                out[lang] = raw[lang]
                continue
            out[lang] = source
            location = self.at(row.number, f"{prefix}:{lang}", columns, sheet)
            self.content.to_translate.append(ToTranslate(lang, self.file, path, location))
        return out

    def cells(self, row: Row, columns: Columns, prefix: str = "text") -> dict[str, tuple[int, int]]:
        return {lang: (row.number, columns.roles.get(f"{prefix}:{lang}", 0) + 1) for lang in self.languages}

    def shared_cell(self, row: Row, columns: Columns, role: str) -> dict[str, tuple[int, int]]:
        return {lang: (row.number, columns.roles.get(role, 0) + 1) for lang in self.languages}

    def finish(self, models: dict[str, type[BaseModel]]) -> None:
        """Store the file's data, its keys in the model's order, and its cell maps."""
        for lang in self.languages:
            data = _ordered(self.data[lang], models[self.file.split("/")[0]])
            self.content.files[lang][self.file] = data
            self.content.maps[lang][self.file] = CellMap(
                Path(self.shown), self.values[lang], {}, {}, sheet=self.sheet.title, sheets=dict(self.cell_sheets)
            )


def origin_of(origins: dict[tuple, tuple], path: tuple) -> tuple | None:
    """Return the key path the value at PATH had when exported, through its list items' ORIGINS; None if new."""
    out: list = []
    for i, part in enumerate(path):
        if isinstance(part, int):
            origin = origins.get(path[: i + 1])
            if origin is None:
                return None
            out = list(origin)
        else:
            out.append(part)
    return tuple(out)


def _parse_key(key: str) -> tuple | None:
    """Return a row's key ("review.findings.1.points.2") as a key path, None when it is empty or malformed."""
    key = key.strip().split(":", 1)[-1] if ":" in key else key.strip()
    if not key or not re.fullmatch(r"[A-Za-z_][\w.]*", key):
        return None
    return tuple(int(part) if part.isdigit() else part for part in key.split("."))


def _key_text(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def _ordered(data: Any, model: type[BaseModel] | None) -> Any:
    """Return DATA with each mapping's keys in its model's field order (unknown keys after, as they came)."""
    if isinstance(data, list):
        return [_ordered(item, model) for item in data]
    if not isinstance(data, dict):
        return data
    fields = list(model.model_fields) if model is not None else []
    keys = sorted(data, key=lambda k: fields.index(k) if k in fields else len(fields))
    out = {}
    for key in keys:
        child: type[BaseModel] | None = None
        if model is Issue and key == "review":
            child = Review
        elif model is Review and key == "findings":
            child = Finding
        elif model is Review and key == "recommendations":
            child = TrackedRecommendation
        elif model is Finding and key == "topics":
            child = Topic
        elif model is Deck and key == "presenters":
            child = Presenter
        out[key] = _ordered(data[key], child)
    return out


_KINDS = lookup(KINDS)


def _kind(builder: _Builder, row: Row, columns: Columns, allowed: tuple[str, ...] | None, role: str) -> str | None:
    """Return the row's kind, or None (with a problem when the cell names none)."""
    text = row.get(role)
    kind = _KINDS.get(fold(text))
    if kind is not None and (allowed is None or kind in allowed):
        return str(kind)
    if not text and row.get("key"):
        guessed = _kind_of_key(_parse_key(row.get("key")))
        if guessed is not None:
            return guessed
    if text and text == row.get("key").split(":", 1)[-1]:
        return "path"
    location = builder.at(row.number, role, columns)
    if not text:
        builder.problem(location, "no kind: choose one from the drop-down (Point, Paragraph, Recommendation, …)")
    else:
        builder.problem(location, f"unknown kind '{excerpt(text)}': choose one from the drop-down")
    return None


def _kind_of_key(path: tuple | None) -> str | None:
    """Return the kind of the row a key path was exported from (for a row whose kind cell was cleared)."""
    if not path:
        return None
    names = [p for p in path if isinstance(p, str)]
    last = names[-1]
    table = {
        "text": "paragraph",
        "points": "point",
        "sources": "source",
        "topics": "topic",
        "findings": "finding",
        "cycle": "review_cycle" if names[0] == "review" else "cycle",
        "counts": "count",
        "closing_asks": "closing_ask",
        "presenters": "presenter",
        "labels": "label",
    }
    if len(names) >= 2 and names[-2] == "counts":
        return "count"
    if names[0] == "review" and last == "script":
        return "finding_script"
    return table.get(last, last if last in KINDS else None)


def _number(builder: _Builder, row: Row, columns: Columns, role: str, *, whole: bool = True) -> Any:
    """Return the row's number in ROLE's cell (None when empty); a problem when it is none."""
    text = row.get(role).replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    try:
        number = float(text.replace(",", ".")) if not re.fullmatch(r"[+-]?\d+", text) else int(text)
    except ValueError:
        builder.problem(builder.at(row.number, role, columns), f"'{excerpt(row.get(role))}' is not a number")
        return None
    if whole:
        if isinstance(number, float) and not number.is_integer():
            builder.problem(builder.at(row.number, role, columns), f"'{excerpt(row.get(role))}' is not a whole number")
            return None
        return int(number)
    return number


_YES_NO = {fold(w): value for value, words in YES_NO.items() for w in (*words, str(value).lower())}


def _yes_no(builder: _Builder, row: Row, columns: Columns, role: str) -> bool | None:
    text = row.get(role)
    if not text:
        return None
    value = _YES_NO.get(fold(text))
    if value is None:
        builder.problem(builder.at(row.number, role, columns), f"'{excerpt(text)}' is neither yes nor no")
    return value


def _statuses(builder: _Builder, row: Row, columns: Columns, language: str) -> list | None:
    """Return the status words of the row's status cell ("Implemented + Partially implemented"), or None."""
    text = row.get("status")
    if not text:
        return None
    out = []
    for part in re.split(r"\s*[+;,\n]\s*", text):
        if not part:
            continue
        try:
            out.append(parse_status_word(part, language).value)
        except ValueError as error:
            builder.problem(builder.at(row.number, "status", columns), str(error))
            return None
    return out


class _DeckSheet:
    """The Deck sheet: deck.yaml's fields, one a row."""

    SCALAR_TEXT = ("title", "country", "short_name", "closing", "event", "date", "contact")
    VALUES = {
        "cycle": "whole",
        "time_limit": "number",
        "overview": "yes_no",
        "annex": "yes_no",
        "theme": "code",
        "format": "code",
    }

    def __init__(self, reader: _Reader, content: WorkbookContent, sheet: Sheet, columns: Columns):
        self.columns = columns
        self.sheet = sheet
        self.b = _Builder(reader, content, DECK_ID, sheet, columns.languages)

    @staticmethod
    def once(kind: str) -> bool:
        """Return whether the sheet has one row of KIND at most: all but presenters, logos, asks and labels."""
        return kind not in ("presenter", "logo", "closing_ask", "label")

    def read(self) -> None:
        for kind, row in _kinds(self.b, self.sheet, self.columns, "field", self.once, "delete one"):
            self.row(kind, row)
        self.b.finish({"deck.yaml": Deck})

    def row(self, kind: str, row: Row) -> None:
        b, columns = self.b, self.columns
        if kind == "language":
            codes = {lang: row.get(f"text:{lang}") or lang for lang in b.languages}
            b.put(("language",), codes, b.cells(row, columns))
        elif kind in self.SCALAR_TEXT:
            texts = b.texts(row, columns, (kind,), required=True, to_fill=kind in ("title", "event"))
            if texts is not None:
                b.put((kind,), texts, b.cells(row, columns))
        elif kind in self.VALUES:
            how = self.VALUES[kind]
            value: Any
            if how == "yes_no":
                value = _yes_no(b, row, columns, "value")
            elif how in ("whole", "number"):
                value = _number(b, row, columns, "value", whole=how == "whole")
            else:
                value = row.get("value") or None
            if value is not None:
                b.put((kind,), dict.fromkeys(b.languages, value), b.shared_cell(row, columns, "value"))
        elif kind == "presenter":
            index = b.length(("presenters",))
            texts = b.texts(row, columns, ("presenters", index, "name"), required=True)
            if texts is None:
                b.warn(b.at(row.number, "field", columns), "a presenter without a name: not read")
                return
            b.put(("presenters", index), {lang: {} for lang in b.languages}, b.cells(row, columns))
            b.adopt(("presenters", index), row.get("key").rsplit(".name", 1)[0])
            b.put(("presenters", index, "name"), texts, b.cells(row, columns))
        elif kind == "logo":
            index = b.length(("presenters",)) - 1
            if index < 0:
                b.problem(
                    b.at(row.number, "field", columns),
                    "a logo belongs to the presenter above it: move it below a Presenter row",
                )
                return
            if row.get("value"):
                b.put(
                    ("presenters", index, "logo"),
                    dict.fromkeys(b.languages, row.get("value")),
                    b.shared_cell(row, columns, "value"),
                )
        elif kind == "closing_ask":
            index = b.length(("closing_asks",))
            texts = b.texts(row, columns, ("closing_asks", index), required=True)
            if texts is not None:
                b.put(("closing_asks", index), texts, b.cells(row, columns))
                b.adopt(("closing_asks", index), row.get("key"))
        elif kind == "label":
            name = row.get("value")
            if not name:
                b.problem(
                    b.at(row.number, "value", columns), "a label override names its label here, e.g. status.no_data"
                )
                return
            match = re.fullmatch(r"(.+?)\s*\[(\w+)\]", name)
            path = ("labels", match[1], match[2]) if match else ("labels", name)
            texts = b.texts(row, columns, path, required=True)
            if texts is not None:
                b.put(path, texts, b.cells(row, columns))
        else:
            _generic(b, row, columns, "value")


def _kinds(
    b: _Builder, sheet: Sheet, columns: Columns, role: str, once: Callable[[str], bool], advice: str
) -> Iterator[tuple[str, Row]]:
    """Yield each filled row of SHEET with its kind (in column ROLE); a second row of a kind a sheet has ONCE is a
    problem, ADVICE saying what to do, and is not yielded."""
    seen: dict[str, int] = {}
    for row in _rows(sheet, columns):
        if row.empty():
            continue
        kind = _kind(b, row, columns, None, role)
        if kind is None:
            continue
        if kind in seen and once(kind):
            b.problem(
                b.at(row.number, role, columns),
                f"a second '{row.get(role)}' row (the first is row {seen[kind]}): {advice}",
            )
            continue
        seen.setdefault(kind, row.number)
        yield kind, row


def _generic(b: _Builder, row: Row, columns: Columns, value_role: str) -> None:
    """Set the value at the row's key path: a row of a field deckgen has no kind for (a newer format's)."""
    path = _parse_key(row.get("key"))
    if path is None:
        b.problem(b.at(row.number, "key", columns), "a row of this kind needs its key: undo the change to column A")
        return
    texts = b.texts(row, columns, path, required=False)
    if texts is not None:
        b.put(path, texts, b.cells(row, columns))
    elif row.get(value_role):
        text = row.get(value_role)
        value: Any = _YES_NO.get(fold(text), text)
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value):
            value = int(value)
        b.put(path, dict.fromkeys(b.languages, value), b.shared_cell(row, columns, value_role))


class _IssueSheet:
    """An issue sheet: the issue's rows in document order, one text unit a row."""

    SCALAR_TEXT = ("title", "headline", "short_title", "notes", "script", "speaker")
    FINDING_LISTS = {"paragraph": "text", "point": "points", "source": "sources"}

    def __init__(self, reader: _Reader, content: WorkbookContent, sheet: Sheet, languages: list[str]):
        self.reader = reader
        self.sheet = sheet
        self.columns = _columns(reader, sheet, tracked=False, languages=languages)
        self.b = _Builder(reader, content, sheet.identity, sheet, languages)
        self.languages = languages
        self.finding: int | None = None
        missing = [lang for lang in languages if f"text:{lang}" not in self.columns.roles]
        for role in ("kind", "status", "count"):
            if role not in self.columns.roles:
                missing.append(role)
        if missing:
            self.b.problem(
                sheet_location(reader.shown, sheet.title),
                f"no column for {', '.join(missing)}: the header row (row 1) must name them as the export wrote them",
            )

    def once(self, kind: str) -> bool:
        """Return whether an issue has one row of KIND at most: its title, headline, notes, cycle, total."""
        return kind in self.SCALAR_TEXT or kind in ("review_cycle", "total", "approximate")

    def read(self) -> None:
        for kind, row in _kinds(self.b, self.sheet, self.columns, "kind", self.once, "an issue has one"):
            self.row(kind, row)

    def finish(self) -> None:
        title_row = self.b.data[self.languages[0]].get("title")
        expected = None
        if isinstance(title_row, str):
            number = self.b.content.issue_files().index(self.sheet.identity) + 1
            expected = sheet_name(number, title_row, set())
        if expected and expected != self.sheet.title:
            self.b.warn(
                sheet_location(self.reader.shown, self.sheet.title),
                f"the sheet was renamed (deckgen names it '{expected}'): read all the same, as {self.sheet.identity}",
            )
        self.b.finish({"issues": Issue})

    TEXTLESS = ("review_cycle", "total", "approximate", "count", "finding", "key_finding")

    def row(self, kind: str, row: Row) -> None:
        b, columns = self.b, self.columns
        language = self.languages[0]
        typed = [lang for lang in self.languages if row.get(f"text:{lang}")]
        if kind in self.TEXTLESS and typed:
            b.problem(
                b.at(row.number, f"text:{typed[0]}", columns),
                f"a {row.get('kind') or kind} row holds no text: put the text in a row of its own below it "
                f"(a Summary, Paragraph or Point)",
            )
        if kind in self.SCALAR_TEXT:
            texts = b.texts(row, columns, (kind,), required=True)
            if texts is not None:
                b.put((kind,), texts, b.cells(row, columns))
        elif kind in ("review_cycle", "total"):
            value = _number(b, row, columns, "count")
            key = "cycle" if kind == "review_cycle" else "total"
            if value is not None:
                b.put(("review", key), dict.fromkeys(self.languages, value), b.shared_cell(row, columns, "count"))
        elif kind == "approximate":
            flag = _yes_no(b, row, columns, "count")
            if flag is not None:
                b.put(
                    ("review", "approximate"), dict.fromkeys(self.languages, flag), b.shared_cell(row, columns, "count")
                )
        elif kind == "count":
            statuses = _statuses(b, row, columns, language)
            value = _number(b, row, columns, "count")
            if statuses is None or len(statuses) != 1:
                if statuses is not None or not row.get("status"):
                    b.problem(b.at(row.number, "status", columns), "a count by status names one status")
                return
            if value is not None:
                b.put(
                    ("review", "counts", statuses[0]),
                    dict.fromkeys(self.languages, value),
                    b.shared_cell(row, columns, "count"),
                )
        elif kind in ("finding", "key_finding"):
            statuses = _statuses(b, row, columns, language)
            if statuses is None:
                if not row.get("status"):
                    b.problem(
                        b.at(row.number, "status", columns), "a finding needs its status: choose one from the drop-down"
                    )
                statuses = ["no_data"]  # a stand-in, so that the finding's rows are read (nothing is written)
            index = b.length(("review", "findings"))
            finding: dict[str, Any] = {"status": statuses[0] if len(statuses) == 1 else statuses}
            if kind == "key_finding":
                finding["key"] = True
            b.put(
                ("review", "findings", index),
                {lang: dict(finding) for lang in self.languages},
                b.shared_cell(row, columns, "status"),
            )
            for lang in self.languages:
                b.values[lang][("review", "findings", index, "status")] = (row.number, columns.roles["status"] + 1)
            b.adopt(("review", "findings", index), row.get("key"))
            self.finding = index
        elif kind in ("summary", "finding_script", "topic") or kind in self.FINDING_LISTS:
            if self.finding is None:
                b.problem(
                    b.at(row.number, "kind", columns),
                    f"a {row.get('kind').lower() or kind} belongs to the finding above it: move it below a Finding row",
                )
                return
            base = ("review", "findings", self.finding)
            if kind in ("summary", "finding_script"):
                name = "summary" if kind == "summary" else "script"
                if b.has(base + (name,)):
                    b.problem(b.at(row.number, "kind", columns), f"a second {name} of the finding: a finding has one")
                    return
                texts = b.texts(row, columns, base + (name,), required=True)
                if texts is not None:
                    b.put(base + (name,), texts, b.cells(row, columns))
            elif kind == "topic":
                index = b.length(base + ("topics",))
                texts = b.texts(row, columns, base + ("topics", index, "text"), required=True)
                if texts is None:
                    b.warn(b.at(row.number, "kind", columns), "a topic without text: not read")
                    return
                count = _number(b, row, columns, "count")
                topics = {lang: {"text": texts[lang]} for lang in self.languages}
                if count is not None:
                    for topic in topics.values():
                        topic["count"] = count
                b.put(base + ("topics", index), topics, b.cells(row, columns))
                if count is not None:
                    for lang in self.languages:
                        b.values[lang][base + ("topics", index, "count")] = (row.number, columns.roles["count"] + 1)
                b.adopt(base + ("topics", index), row.get("key"))
            else:
                name = self.FINDING_LISTS[kind]
                index = b.length(base + (name,))
                texts = b.texts(row, columns, base + (name, index), required=True)
                if texts is None:
                    b.warn(b.at(row.number, "kind", columns), f"a {kind} without text: not read")
                    return
                b.put(base + (name, index), texts, b.cells(row, columns))
                b.adopt(base + (name, index), row.get("key"))
        elif kind in ("recommendation", "priority"):
            index = b.length(("recommendations",))
            path = ("recommendations", index) + (("text",) if kind == "priority" else ())
            texts = b.texts(row, columns, path, required=True)
            if texts is None:
                b.warn(b.at(row.number, "kind", columns), "a recommendation without text: not read")
                if not b.has(("recommendations",)):
                    b.put(("recommendations",), {lang: [] for lang in self.languages}, {})
                return
            if kind == "priority":
                b.put(
                    ("recommendations", index),
                    {lang: {"text": texts[lang], "priority": True} for lang in self.languages},
                    b.cells(row, columns),
                )
                b.put(path, texts, b.cells(row, columns))
            else:
                b.put(path, texts, b.cells(row, columns))
            key = row.get("key")
            b.adopt(("recommendations", index), key.removesuffix(".text"))
        elif kind == "path":
            _generic(b, row, columns, "count")
        else:
            b.problem(
                b.at(row.number, "kind", columns), f"'{row.get('kind')}' is a row of the Deck sheet, not of an issue"
            )


class _TrackedSheet:
    """The Tracked recommendations sheet: one row per recommendation, of any issue."""

    def __init__(self, reader: _Reader, content: WorkbookContent, sheet: Sheet, issues: dict[str, _IssueSheet]):
        self.reader = reader
        self.content = content
        self.sheet = sheet
        self.issues = issues
        self.columns = _columns(reader, sheet, tracked=True, languages=content.languages)
        missing = [r for r in ("issue", "id", "response", "status") if r not in self.columns.roles]
        missing += [
            f"{what} ({lang})"
            for what in ("text", "states", "note")
            for lang in content.languages
            if f"{what}:{lang}" not in self.columns.roles
        ]
        if missing:
            reader.problems.append(
                Problem(
                    sheet_location(reader.shown, sheet.title),
                    f"no column for {', '.join(missing)}: the header row (row 1) must "
                    f"name them as the export wrote them",
                )
            )

    def issue_of(self, text: str) -> str | None:
        """Return the issue file an Issue cell names: its sheet's title, its file name or its number."""
        wanted = fold(text)
        for file, issue in self.issues.items():
            stem = file.removeprefix("issues/").removesuffix(".yaml")
            if wanted in (fold(issue.sheet.title), fold(stem), fold(file), fold(stem + ".yaml")):
                return file
        number = re.match(r"^\s*(\d+)\b", text)
        files = sorted(self.issues)
        if number and 1 <= int(number[1]) <= len(files):
            return files[int(number[1]) - 1]
        return None

    def read(self) -> None:
        columns = self.columns
        seen_ids: dict[str, int] = {}
        for row in _rows(self.sheet, columns):
            if row.empty():
                continue

            def at(role: str, row: Row = row) -> Location:
                return cell_location(self.reader.shown, self.sheet.title, row.number, columns.roles.get(role, 0) + 1)

            file = self.issue_of(row.get("issue"))
            if file is None:
                names = ", ".join(f"'{i.sheet.title}'" for i in self.issues.values())
                message = (
                    "no issue: choose the issue's sheet from the drop-down"
                    if not row.get("issue")
                    else f"no issue '{excerpt(row.get('issue'))}'; the issues are {names}"
                )
                self.reader.problems.append(Problem(at("issue"), message))
                continue
            b = self.issues[file].b
            rec_id = row.get("id")
            if not rec_id:
                self.reader.problems.append(
                    Problem(
                        at("id"),
                        "no number: type the recommendation's paragraph number in the review's report, e.g. 141.12",
                    )
                )
                continue
            if "id" in row.numbers and "." in rec_id:
                b.warn(
                    at("id"),
                    f"id {rec_id} is a number in the spreadsheet, which may drop trailing zeros "
                    f"(141.10 shows 141.1); format the column as text and type the id again",
                )
            if rec_id in seen_ids:
                self.reader.problems.append(
                    Problem(at("id"), f"recommendation {rec_id} is also in row {seen_ids[rec_id]}")
                )
                continue
            seen_ids[rec_id] = row.number
            index = b.length(("review", "recommendations"))
            base = ("review", "recommendations", index)
            texts = b.texts(row, columns, base + ("text",), required=True, sheet=self.sheet)
            if texts is None:
                continue
            item: dict[str, dict] = {lang: {"id": rec_id, "text": texts[lang]} for lang in b.languages}
            b.put(
                base,
                item,
                {lang: (row.number, columns.roles.get("id", 0) + 1) for lang in b.languages},
                sheet=self.sheet,
            )
            b.adopt(base, row.get("key").split(":", 1)[-1])
            b.put(base + ("text",), texts, b.cells(row, columns), sheet=self.sheet)
            states = b.texts(row, columns, base + ("states",), required=False, prefix="states", sheet=self.sheet)
            if states is not None:
                b.put(
                    base + ("states",),
                    {lang: [s for s in re.split(r"\s*[;\n]\s*", states[lang]) if s] for lang in b.languages},
                    b.cells(row, columns, "states"),
                    sheet=self.sheet,
                )
            for role, parse in (("response", parse_response_word), ("status", None)):
                text = row.get(role)
                if not text:
                    continue
                try:
                    value = (parse(text) if parse else parse_status_word(text, b.languages[0])).value
                except ValueError as error:
                    self.reader.problems.append(Problem(at(role), str(error)))
                    continue
                b.put(
                    base + (role,),
                    dict.fromkeys(b.languages, value),
                    b.shared_cell(row, columns, role),
                    sheet=self.sheet,
                )
            note = b.texts(row, columns, base + ("note",), required=False, prefix="note", sheet=self.sheet)
            if note is not None:
                b.put(base + ("note",), note, b.cells(row, columns, "note"), sheet=self.sheet)


def sheet_name(number: int, title: str, taken: set[str]) -> str:
    """Return an issue sheet's name: its number and title, as a sheet may be named (31 characters, no []:*?/\\)."""
    name = re.sub(r"[\[\]:*?/\\]", " ", f"{number} {title}")
    name = " ".join(name.split()).strip("'")
    if len(name) > 31:
        name = name[:30].rstrip() + "…"
    candidate, n = name, 2
    while candidate.casefold() in {t.casefold() for t in taken}:
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        n += 1
    return candidate


# --- as content sets ----------------------------------------------------------------------------


def virtual_dir(workbook: Path, language: str) -> Path:
    """Return the folder a workbook's LANGUAGE stands for: beside the workbook, so assets/ is found as for content/."""
    return Path(workbook).parent / f"{Path(workbook).name} ({language})"


def loaded_files(content: WorkbookContent, language: str) -> tuple[LoadedFile, list[Path], list[LoadedFile | None]]:
    """Return LANGUAGE's deck.yaml and issue files as LoadedFiles, mapped to cells (the paths are virtual)."""
    folder = virtual_dir(content.path, language)
    files = content.files[language]
    maps = content.maps[language]
    deck = LoadedFile(
        folder / "deck.yaml",
        files.get(DECK_ID, {}),
        maps.get(DECK_ID) or CellMap(Path(display_path(content.path)), {}, {}, {}, sheet=SHEETS["deck"][0]),
    )
    paths = [folder / file for file in content.issue_files()]
    issues: list[LoadedFile | None] = [
        LoadedFile(path, files[file], maps[file]) for path, file in zip(paths, content.issue_files())
    ]
    return deck, paths, issues


def with_placeholders(content: WorkbookContent) -> WorkbookContent:
    """Return CONTENT with each text still to translate shown as the language's placeholder, as --draft shows it."""

    files = {lang: {f: _copy(d) for f, d in by_file.items()} for lang, by_file in content.files.items()}
    warnings: list[Problem] = []
    for item in content.to_translate:
        data = files[item.language][item.file]
        language = files[item.language].get(DECK_ID, {}).get("language", item.language)
        base = base_language(str(language))
        placeholder = load_locale(base if base in available_languages() else "en").text("to_fill")
        node = data
        for part in item.path[:-1]:
            node = node[part]
        node[item.path[-1]] = [placeholder] if isinstance(node[item.path[-1]], list) else placeholder
        warnings.append(
            Problem(
                item.location,
                f"empty: the {item.language} text is still to translate; the deck shows {placeholder} there",
                warning=True,
            )
        )
    return dataclasses.replace(content, files=files, warnings=content.warnings + warnings)


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data
