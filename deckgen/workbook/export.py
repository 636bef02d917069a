"""A folder of languages (or one content set) written as one workbook: `deckgen workbook export`.

Each number and code is typed once; each text has one column per language, in the
folder's order, the first (the source) leading. Rows keep document order, and a
hidden first column holds each row's key path, which ties it to its value when the
workbook comes back (see read.py).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from deckgen.content.model import Finding, Issue, Response, Status
from deckgen.content.sets import content_sets, read_set
from deckgen.content.text import FORMULA_STARTS, NOT_TEXT_KEYS
from deckgen.content.yaml_source import LoadedFile
from deckgen.errors import ContentError, Location, Problem
from deckgen.files import check_output_file, write_bytes_atomically
from deckgen.workbook.read import DECK_ID, README_ID, TRACKED_ID, sheet_name
from deckgen.workbook.words import (
    HEADERS,
    ISSUE_KINDS,
    KINDS,
    READ_ME,
    SHEETS,
    YES_NO,
    language_header,
    response_label,
    status_label,
    word,
)

SPARE_ROWS = 500
"""Empty rows below the data that keep the drop-downs and the text format, for rows members add."""

TEXT_WIDTH = 60
"""The width of a text column, in characters: long texts wrap."""


@dataclass
class _Row:
    """One row to write: its key path, its kind and its cells by role ("text:en", "status", "count")."""

    key: str
    kind: str
    cells: dict[str, Any] = field(default_factory=dict)
    bold: bool = False


@dataclass
class ExportResult:
    """What an export wrote: the workbook, its languages and issues, and what it warned about."""

    output: Path
    languages: list[str]
    issues: int
    tracked: int
    warnings: list[Problem] = field(default_factory=list)


class _Sets:
    """The languages of a deck, loaded as plain data: the first is the source."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.dirs = content_sets(self.folder)
        self.languages = [d.name for d in self.dirs]
        self.warnings: list[Problem] = []
        problems: list[Problem] = []
        self.files: dict[str, dict[str, LoadedFile]] = {}
        self.inputs: list[Path] = []
        for folder_of, language in zip(self.dirs, self.languages):
            read = read_set(folder_of)
            self.inputs += read.paths
            problems += [problem for path in read.paths for problem in read.unread.get(path, [])]
            self.files[language] = {path.relative_to(folder_of).as_posix(): f for path, f in read.files.items()}
        if problems:
            raise ContentError(problems)
        source = self.languages[0]
        self.issue_files = [f for f in self.files[source] if f.startswith("issues/")]
        for language in self.languages[1:]:
            for file in self.issue_files:
                if file not in self.files[language]:
                    location = Location(self.dirs[self.languages.index(language)] / file)
                    self.warnings.append(
                        Problem(
                            location,
                            f"missing: its cells in the {language} column are left empty (to translate)",
                            warning=True,
                        )
                    )

    def value(self, language: str, file: str, path: tuple) -> Any:
        """Return the value at PATH of LANGUAGE's FILE, None when it has none."""
        loaded = self.files[language].get(file)
        node: Any = loaded.data if loaded is not None else None
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def texts(self, file: str, path: tuple) -> dict[str, str]:
        """Return the text at PATH in every language: "text:<language>" -> text ("" where a language has none)."""
        out = {}
        for language in self.languages:
            value = self.value(language, file, path)
            out[f"text:{language}"] = _as_text(value) if value is not None else ""
            if value is None and language != self.languages[0]:
                self.missing(language, file, path)
        return out

    def missing(self, language: str, file: str, path: tuple) -> None:
        loaded = self.files[language].get(file)
        if loaded is None:
            return
        location = loaded.source_map.locate(path)
        self.warnings.append(
            Problem(
                location,
                f"no text at {'.'.join(str(p) for p in path)}, which "
                f"{self.languages[0]} has: its cell is left empty (to translate)",
                warning=True,
            )
        )

    def shared(self, file: str, path: tuple) -> Any:
        """Return the source's value at PATH, warning where another language has a different one."""
        value = self.value(self.languages[0], file, path)
        for language in self.languages[1:]:
            other = self.value(language, file, path)
            loaded = self.files[language].get(file)
            if loaded is not None and other is not None and _as_text(other) != _as_text(value):
                self.warnings.append(
                    Problem(
                        loaded.source_map.locate(path),
                        f"{_as_text(other)!r} differs from {self.languages[0]}'s "
                        f"{_as_text(value)!r}: the workbook holds {self.languages[0]}'s, for "
                        f"every language",
                        warning=True,
                    )
                )
        return value


def _as_text(value: Any) -> str:
    written = getattr(value, "source_text", None)
    if written is not None:
        return str(written)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_as_text(v) for v in value)
    return str(value)


def _key(path: tuple) -> str:
    return ".".join(str(part) for part in path)


# --- the rows of each sheet ---------------------------------------------------------------------


class _Rows:
    """Turns one file's data into rows, in document order."""

    def __init__(self, sets: _Sets, file: str, words: str):
        self.sets = sets
        self.file = file
        self.words = words
        self.rows: list[_Row] = []

    def text(self, path: tuple, kind: str, **cells) -> None:
        self.rows.append(
            _Row(
                _key(path),
                kind,
                {**cells, **self.sets.texts(self.file, path)},
                bold=kind in ("title", "finding", "key_finding"),
            )
        )

    def value(self, path: tuple, kind: str, role: str, value: Any = None) -> None:
        value = self.sets.shared(self.file, path) if value is None else value
        if isinstance(value, (dict, list)):  # a mapping where a number belongs (time_limit: {x: 1}): no cell takes it
            loaded = self.sets.files[self.sets.languages[0]].get(self.file)
            where = loaded.source_map.locate(path) if loaded else Location(self.sets.dirs[0] / self.file)
            shape = "a list" if isinstance(value, list) else "a mapping"
            raise ContentError.at(
                where, f"'{_key(path)}' is {shape}, where one value belongs: fix it (deckgen validate says how)"
            )
        if isinstance(value, bool):
            value = word(YES_NO, value, self.words)
        elif getattr(value, "source_text", None) is not None and not isinstance(value, int):
            value = value.source_text
        self.rows.append(_Row(_key(path), kind, {role: value}))

    def generic(self, path: tuple, value: Any, role: str) -> None:
        """Rows for a value deckgen has no kind for: its key path is its kind."""
        if isinstance(value, dict):
            for key, child in value.items():
                self.generic(path + (key,), child, role)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                self.generic(path + (index,), child, role)
        elif isinstance(value, str) and path[-1] not in NOT_TEXT_KEYS:
            self.rows.append(_Row(_key(path), _key(path), self.sets.texts(self.file, path)))
        else:
            self.value(path, _key(path), role)
            self.rows[-1].kind = _key(path)

    def status_cell(self, status: Any) -> str:
        statuses = status if isinstance(status, list) else [status]
        labels = []
        for one in statuses:
            try:
                labels.append(status_label(Status(one), self.words))
            except ValueError:
                labels.append(str(one))
        return " + ".join(labels)


def _issue_rows(sets: _Sets, file: str, words: str) -> list[_Row]:
    data = sets.files[sets.languages[0]][file].data
    out = _Rows(sets, file, words)
    if not isinstance(data, dict):
        return out.rows
    for key, value in data.items():
        if key in ("title", "headline", "short_title", "notes", "script", "speaker") and isinstance(value, str):
            out.text((key,), key)
        elif key == "review" and isinstance(value, dict):
            _review_rows(out, value)
        elif key == "recommendations" and isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict) and isinstance(item.get("text"), str):
                    out.text(("recommendations", i, "text"), "priority" if item.get("priority") else "recommendation")
                else:
                    out.text(("recommendations", i), "recommendation")
        else:
            out.generic((key,), value, "count")
    return out.rows


def _review_rows(out: _Rows, review: dict) -> None:
    for key, value in review.items():
        path = ("review", key)
        if key == "cycle":
            out.value(path, "review_cycle", "count")
        elif key == "total":
            out.value(path, "total", "count")
        elif key == "approximate":
            out.value(path, "approximate", "count")
        elif key == "counts" and isinstance(value, dict):
            for status in value:
                out.value(path + (status,), "count", "count")
                out.rows[-1].cells["status"] = out.status_cell(status)
        elif key == "findings" and isinstance(value, list):
            for i, finding in enumerate(value):
                _finding_rows(out, ("review", "findings", i), finding)
        elif key == "recommendations":
            continue  # the Tracked recommendations sheet
        else:
            out.generic(path, value, "count")


def _finding_rows(out: _Rows, path: tuple, finding: Any) -> None:
    if not isinstance(finding, dict):
        out.generic(path, finding, "count")
        return
    out.rows.append(
        _Row(
            _key(path),
            "key_finding" if finding.get("key") is True else "finding",
            {"status": out.status_cell(finding.get("status"))},
            bold=True,
        )
    )
    lists = {"text": "paragraph", "points": "point", "sources": "source"}
    for key, value in finding.items():
        if key in ("status",) or (key == "key" and isinstance(value, bool)):
            continue
        if key == "summary" and isinstance(value, str):
            out.text(path + (key,), "summary")
        elif key == "script" and isinstance(value, str):
            out.text(path + (key,), "finding_script")
        elif key in lists and isinstance(value, list):
            for j, _ in enumerate(value):
                out.text(path + (key, j), lists[key])
        elif key == "topics" and isinstance(value, list):
            for j, topic in enumerate(value):
                if isinstance(topic, dict):
                    out.text(path + (key, j, "text"), "topic")
                    out.rows[-1].key = _key(path + (key, j))
                    if topic.get("count") is not None:
                        out.rows[-1].cells["count"] = out.sets.shared(out.file, path + (key, j, "count"))
                else:
                    out.generic(path + (key, j), topic, "count")
        else:
            out.generic(path + (key,), value, "count")


def _deck_rows(sets: _Sets, words: str) -> list[_Row]:
    data = sets.files[sets.languages[0]][DECK_ID].data
    out = _Rows(sets, DECK_ID, words)
    if not isinstance(data, dict):
        return out.rows
    for key, value in data.items():
        if key == "language":
            out.rows.append(
                _Row(
                    "language",
                    "language",
                    {f"text:{lang}": str(sets.value(lang, DECK_ID, (key,)) or "") for lang in sets.languages},
                )
            )
        elif key in ("title", "country", "short_name", "closing", "event", "date", "contact") and isinstance(
            value, str
        ):
            out.text((key,), key)
        elif key in ("cycle", "time_limit", "overview", "annex", "theme", "format"):
            out.value((key,), key, "value")
        elif key == "presenters" and isinstance(value, list):
            for i, presenter in enumerate(value):
                if not isinstance(presenter, dict):
                    out.generic((key, i), presenter, "value")
                    continue
                out.text((key, i, "name"), "presenter")
                if presenter.get("logo") is not None:
                    out.value((key, i, "logo"), "logo", "value")
        elif key == "closing_asks" and isinstance(value, list):
            for i, _ in enumerate(value):
                out.text((key, i), "closing_ask")
        elif key == "labels" and isinstance(value, dict):
            for name, label in value.items():
                if isinstance(label, dict):
                    for form in label:
                        out.text((key, name, form), "label", value=f"{name} [{form}]")
                else:
                    out.text((key, name), "label", value=name)
        else:
            out.generic((key,), value, "value")
    return out.rows


def _tracked_rows(sets: _Sets, words: str, sheet_names: dict[str, str]) -> list[_Row]:
    rows = []
    for file in sets.issue_files:
        data = sets.files[sets.languages[0]][file].data
        review = data.get("review") if isinstance(data, dict) else None
        tracked = review.get("recommendations") if isinstance(review, dict) else None
        if not isinstance(tracked, list):
            continue
        for i, item in enumerate(tracked):
            if not isinstance(item, dict):
                continue
            path = ("review", "recommendations", i)
            cells: dict[str, Any] = {"issue": sheet_names[file], "id": _as_text(sets.shared(file, path + ("id",)))}
            response, status = item.get("response"), item.get("status")

            try:
                cells["response"] = response_label(Response(response), words) if response else ""
            except ValueError:
                cells["response"] = str(response)
            try:
                cells["status"] = status_label(Status(status), words) if status else ""
            except ValueError:
                cells["status"] = str(status)
            for what in ("text", "states", "note"):
                texts = sets.texts(file, path + (what,)) if item.get(what) is not None else {}
                for language in sets.languages:
                    cells[f"{what}:{language}"] = texts.get(f"text:{language}", "")
            rows.append(_Row(f"{file}:{_key(path)}", "", cells))
    return rows


# --- writing the workbook -----------------------------------------------------------------------


def export_workbook(folder: Path, output: Path) -> ExportResult:
    """Write FOLDER (a folder of languages, or one content set) as one workbook at OUTPUT; return what it holds.

    Never writes over one of FOLDER's files; writes atomically.
    """
    output = Path(output)
    sets = _Sets(folder)
    check_output_file(output, (".xlsx",), "the workbook", sets.inputs)
    data, tracked = workbook_bytes(sets)
    write_bytes_atomically(data, output)
    return ExportResult(output, sets.languages, len(sets.issue_files), tracked, sets.warnings)


def workbook_bytes(sets: _Sets) -> tuple[bytes, int]:
    """Return the workbook of SETS, and how many tracked recommendations it holds."""

    words = sets.languages[0]
    book = Workbook()
    readme = book.active
    readme.title = word(SHEETS, "readme", words)
    lists = _readme(readme, sets, words)
    deck_name = word(SHEETS, "deck", words)
    names: dict[str, str] = {}
    for number, file in enumerate(sets.issue_files, 1):
        title = sets.value(sets.languages[0], file, ("title",))
        names[file] = sheet_name(number, str(title or file), set(names.values()) | {deck_name, readme.title})
    _fill_lists(readme, lists, words, list(names.values()))
    deck = book.create_sheet(deck_name)
    _write_sheet(
        deck, DECK_ID, ["field", "value"], sets.languages, _deck_rows(sets, words), words, lists, tracked=False
    )
    for file in sets.issue_files:
        _write_sheet(
            book.create_sheet(names[file]),
            file,
            ["kind", "status", "count"],
            sets.languages,
            _issue_rows(sets, file, words),
            words,
            lists,
            tracked=False,
        )
    tracked_sheet = book.create_sheet(word(SHEETS, "tracked", words))
    tracked_rows = _tracked_rows(sets, words, names)
    _write_sheet(
        tracked_sheet,
        TRACKED_ID,
        ["issue", "id", "response", "status"],
        sets.languages,
        tracked_rows,
        words,
        lists,
        tracked=True,
    )
    book.active = 1  # opens on the Deck sheet; the Read me is one tab to the left
    fixed = datetime(2000, 1, 1)  # the same content gives the same workbook
    book.properties.created = book.properties.modified = fixed
    book.properties.creator = "deckgen"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), len(tracked_rows)


_LIST_ROWS = {"kinds": 0, "statuses": 1, "responses": 2, "yes_no": 3, "issues": 4, "deck_fields": 5}


LINE_HEIGHT = 15
"""Points a line of 11 pt text takes in a row: rows are sized for their wrapped text, as spreadsheets do
only when they recalculate, so that the workbook reads (and prints) well as it is opened."""


def _lines(value: Any, width: float | None) -> int:
    """Return how many lines VALUE takes wrapped in a column WIDTH characters wide."""
    if value is None or value == "":
        return 1
    per_line = max(int((width or 10) * 1.1), 1)  # a column's width counts '0's; text is narrower on average
    return sum(max(1, -(-len(line) // per_line)) for line in str(value).split("\n"))


def _print_setup(sheet) -> None:
    """Print a sheet landscape on A4, fitted to the page's width, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if sheet.max_row > 1 and sheet.cell(1, 2).value:
        sheet.print_title_rows = "1:1"


def _readme(sheet, sets: _Sets, words: str) -> dict[str, str]:
    """Write the Read me: how to work in the workbook, in every language of the folder; return where the
    drop-downs' word lists will stand."""

    sheet["A1"] = README_ID
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 100
    _print_setup(sheet)
    row = 2
    languages = [lang for lang in sets.languages if lang.split("-")[0] in READ_ME] or ["en"]
    for language in dict.fromkeys(lang.split("-")[0] for lang in languages):
        heading = sheet.cell(row, 2, f"{word(SHEETS, 'readme', language)} ({language})")
        heading.font = Font(name="Calibri", bold=True, size=14)
        row += 1
        for paragraph in READ_ME[language]:
            cell = sheet.cell(row, 2, paragraph)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[row].height = LINE_HEIGHT * _lines(paragraph, 100) + 3
            row += 1
        row += 1
    return {"start": str(row + 1)}


def _fill_lists(sheet, lists: dict[str, str], words: str, issue_names: list[str]) -> None:
    """Write the word lists the drop-downs offer, under the Read me's text (a coordinator may read them too)."""

    start = int(lists["start"])
    kinds = [word(KINDS, kind, words) for kind in _offered_kinds()]
    statuses = [status_label(s, words) for s in Status]

    responses = [response_label(r, words) for r in Response]
    yes_no = [word(YES_NO, True, words), word(YES_NO, False, words)]
    groups = {
        "kinds": (word(HEADERS, "kind", words), kinds),
        "statuses": (word(HEADERS, "status", words), statuses),
        "responses": (word(HEADERS, "response", words), responses),
        "yes_no": (" / ".join(yes_no), yes_no),
        "issues": (word(HEADERS, "issue", words), issue_names),
    }
    sheet.cell(
        start - 1,
        2,
        {"ru": "Слова выпадающих списков:", "kk": "Тізімдердегі сөздер:"}.get(
            words.split("-")[0], "The words the drop-downs offer:"
        ),
    ).font = Font(name="Calibri", bold=True, size=14)
    row = start
    for name, (header, values) in groups.items():  # one under the other, in the Read me's column
        sheet.cell(row, 2, header).font = Font(name="Calibri", bold=True)
        for i, value in enumerate(values, 1):
            sheet.cell(row + i, 2, value)
        end = row + max(len(values), 1)
        lists[name] = f"'{sheet.title}'!$B${row + 1}:$B${end}"
        row = end + 2


def _offered_kinds() -> list[str]:
    """Return the kinds an issue sheet's drop-down offers: those the content format has."""
    fields = Issue.model_fields

    offered = []
    for kind in ISSUE_KINDS:
        if kind in ("headline", "short_title") and kind not in fields:
            continue
        if kind == "key_finding" and "key" not in Finding.model_fields:
            continue
        if kind == "priority" and not _priority_supported():
            continue
        offered.append(kind)
    return offered


def _priority_supported() -> bool:

    try:
        Issue.model_validate(
            {"title": "t", "review": {"cycle": 1}, "recommendations": [{"text": "t", "priority": True}]}
        )
    except ValidationError:
        return False
    return True


def _write_sheet(
    sheet,
    identity: str,
    roles: list[str],
    languages: list[str],
    rows: list[_Row],
    words: str,
    lists: dict[str, str],
    *,
    tracked: bool,
) -> None:
    """Write ROWS to SHEET: the hidden key column, ROLES' columns, then the text columns; styles, drop-downs."""

    header_fill = PatternFill("solid", fgColor="DCE6F0")
    group_fill = PatternFill("solid", fgColor="F2F2F2")
    texts = [f"{what}:{lang}" for what in (("text", "states", "note") if tracked else ("text",)) for lang in languages]
    columns = ["key", *roles, *texts]
    sheet.cell(1, 1, identity)
    for index, role in enumerate(columns[1:], 2):
        if ":" in role:
            what, language = role.split(":", 1)
            header = f"{word(HEADERS, what, words)} ({language})" if tracked else language_header(language)
        else:
            header = word(HEADERS, role, words)
        cell = sheet.cell(1, index, header)
        cell.font = Font(name="Calibri", bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = len(rows) + 1
    for number, row in enumerate(rows, 2):
        sheet.cell(number, 1, row.key).font = Font(name="Calibri", color="808080", italic=True)
        for index, role in enumerate(columns[1:], 2):
            if role in ("kind", "field"):
                value: Any = word(KINDS, row.kind, words) if row.kind in KINDS else row.kind
            else:
                value = row.cells.get(role, "")
            if value == "" or value is None:
                continue
            cell = sheet.cell(number, index, value)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, not a formula
                cell.quotePrefix = True
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row.bold:
                cell.font = Font(name="Calibri", bold=True)
                cell.fill = group_fill
        if row.bold:
            for index in range(2, len(columns) + 1):
                sheet.cell(number, index).fill = group_fill
    spare = last + SPARE_ROWS
    for index, role in enumerate(columns, 1):
        letter = get_column_letter(index)
        if role in ("key", "id", "issue", "field", "value") or ":" in role:
            for number in range(2, spare + 1):
                sheet.cell(number, index).number_format = "@"  # 141.10 and 2023 stay as typed
    widths = {
        "key": 30,
        "kind": 24,
        "field": 26,
        "status": 26,
        "count": 8,
        "value": 22,
        "issue": 28,
        "id": 9,
        "response": 22,
    }
    for index, role in enumerate(columns, 1):
        letter = get_column_letter(index)
        if ":" in role:
            width = TEXT_WIDTH if role.startswith("text:") else 30
        else:
            longest = max([len(str(sheet.cell(r, index).value or "")) for r in range(1, last + 1)] + [6])
            width = min(max(widths.get(role, 14), longest + 2 if role not in ("key",) else 0), 40)
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["A"].hidden = True
    first_text = get_column_letter(len(roles) + 2)
    sheet.freeze_panes = f"{first_text}2"
    for number in range(1, last + 1):
        lines = max(
            _lines(sheet.cell(number, index).value, sheet.column_dimensions[get_column_letter(index)].width)
            for index in range(2, len(columns) + 1)
        )
        sheet.row_dimensions[number].height = LINE_HEIGHT * lines + 3
    _print_setup(sheet)

    def offer(role: str, source: str, prompt: str) -> None:
        if role not in columns:
            return
        letter = get_column_letter(columns.index(role) + 1)
        validation = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
        validation.promptTitle = word(HEADERS, role, words) if role in HEADERS else role
        validation.prompt = prompt
        validation.add(f"{letter}2:{letter}{spare}")
        sheet.add_data_validation(validation)

    offer("kind", lists["kinds"], "Choose the row's kind")
    offer("status", lists["statuses"], "Choose a status")
    offer("response", lists["responses"], "Choose the State's response")
    offer("issue", lists["issues"], "Choose the issue")
    keep = DataValidation(
        type="custom",
        formula1="FALSE",
        showErrorMessage=True,
        errorTitle="Key",
        error="deckgen's key of this row: leave it as it is",
    )
    keep.add(f"A2:A{spare}")
    sheet.add_data_validation(keep)
    if not tracked:
        return
