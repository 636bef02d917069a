"""Tracked recommendations as tables: import from a spreadsheet or a UHRI export, export for members to fill.

A table is CSV or XLSX in one of two shapes, told apart by its header row:

- deckgen's own columns (COLUMNS), as `deckgen export` writes them;
- the Universal Human Rights Index's "Export to Excel" (UHRI_COLUMNS): the
  paragraph number leads the `Text`, multi-value cells hold one "- value" per
  line, and a theme map assigns `Themes` to issue files.

An import edits only `review.recommendations` (and the total and counts the
list contradicts) through ruamel.yaml's round trip, so comments and
hand-written text survive; it writes nothing until every row and every
rewritten file has been checked.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from deckgen.content.load import LoadedFile, load_yaml, load_yaml_text
from deckgen.content.model import STATUS_ORDER, Issue, Response, Status, TrackedRecommendation, as_written
from deckgen.content.rewrite import dump_text, round_trip_yaml
from deckgen.content.validate import duplicate_ids, issue_rules, model_problems
from deckgen.errors import ContentError, DeckgenError, Location, Problem, display_path
from deckgen.files import write_bytes_atomically

if TYPE_CHECKING:
    from ruamel.yaml import YAML

COLUMNS = ("id", "issue", "recommendation", "recommending_states", "response", "status", "note")
"""deckgen's table columns, in the order export writes them."""

UHRI_COLUMNS = {"text": "Text", "states": "UPR Reccomending States", "response": "UPR Position", "themes": "Themes"}
"""The UHRI export's columns an import reads (the export spells "Reccomending" so), by what they hold."""

_UHRI_ALIASES = {"upr recommending states": "upr reccomending states"}
"""Spellings a corrected UHRI export may use."""

_TRACKED_KEYS = ("id", "text", "states", "response", "status", "note")
"""A tracked recommendation's keys, in the order an import writes them."""

_PARAGRAPH = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s+(\S.*)$", re.DOTALL)
"""A UHRI Text cell: the report's paragraph number, then the recommendation."""


@dataclass(frozen=True)
class Row:
    """One recommendation as a table gives it; None and () mean the cell is empty."""

    number: int
    """The row number a spreadsheet shows; the header is usually row 1."""
    id: str
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
    rows: tuple[Row, ...]

    def at(self, number: int) -> Location:
        """Return the location of row NUMBER."""
        return Location(display_path(self.path), number)


# --- reading tables ----------------------------------------------------------------------------


def read_table(path: Path) -> Table:
    """Return the table at PATH (CSV or XLSX); raise ContentError naming the file and row of every problem."""
    path = Path(path)
    cells = _read_cells(path)
    filled = [i for i, (_, values) in enumerate(cells) if any(values)]
    if not filled:
        raise ContentError.at(Location(display_path(path)), "the table is empty")
    # The header is the first row naming known columns: exports may put a title above it.
    header_at = next((i for i in filled[:10] if _known_columns(cells[i][1])), filled[0])
    header_row, header = cells[header_at]
    names = _column_names(header)
    where = Location(display_path(path), header_row)
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
        raise ContentError.at(where, f"missing column{'s' if len(shown) > 1 else ''} "
                                     f"{', '.join(repr(m) for m in shown)}")
    column = {name: names.index(name) for name in wanted}
    rows, problems = [], []
    for number, values in cells[header_at + 1:]:
        if not any(values):
            continue
        values = values + [""] * (len(names) - len(values))
        read = _uhri_row if kind == "uhri" else _deckgen_row
        try:
            rows.append(read(number, {name: values[i].strip() for name, i in column.items()}))
        except ValueError as error:
            problems.append(Problem(Location(display_path(path), number), str(error)))
    seen: dict[str, int] = {}
    for row in rows:
        if row.id in seen:
            problems.append(Problem(Location(display_path(path), row.number),
                                    f"recommendation {row.id} is also in row {seen[row.id]}"))
        seen.setdefault(row.id, row.number)
    if problems:
        raise ContentError(problems)
    return Table(path, kind, tuple(rows))


def _column_names(header: list[str]) -> list[str]:
    return [_UHRI_ALIASES.get(h.strip().casefold(), h.strip().casefold()) for h in header]


def _known_columns(header: list[str]) -> bool:
    names = set(_column_names(header))
    return bool(names & set(COLUMNS)) or {"text", "upr position"} <= names


def _read_cells(path: Path) -> list[tuple[int, list[str]]]:
    """Return PATH's rows as (row number, cell texts)."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ContentError.at(Location(shown), "not UTF-8 text; save the table as 'CSV UTF-8'") from None
        first_line = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first_line.count)  # Excel writes ';' where ',' is the decimal mark
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [(number, row) for number, row in enumerate(reader, start=1)]
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
            raise ContentError.at(Location(shown), "not an Excel workbook (.xlsx); "
                                                   "save it from the spreadsheet as .xlsx or .csv") from None
        try:
            sheet = workbook.worksheets[0]
            return [(number, [_cell_text(v) for v in values])
                    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
        finally:
            workbook.close()
    raise ContentError.at(Location(shown), "a table must be a .csv or .xlsx file")


def _cell_text(value: object) -> str:
    """Return a spreadsheet cell's value as text: 3.0 reads 3, an empty cell ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _values(cell: str, separators: str = "\n") -> tuple[str, ...]:
    """Return the values of a multi-value cell: one per line (or SEPARATORS), "- " prefixes dropped."""
    parts = re.split(f"[{re.escape(separators)}]", cell.replace("\r\n", "\n").replace("\r", "\n"))
    return tuple(v for part in parts if (v := re.sub(r"^[-•]\s*", "", part.strip())))


def _word(enum: type[Enum], cell: str, what: str) -> Enum | None:
    """Return CELL as one of ENUM's words ("Partially implemented" reads partially_implemented), None if empty."""
    if not cell:
        return None
    word = re.sub(r"[\s-]+", "_", cell.strip().casefold())
    try:
        return enum(word)
    except ValueError:
        raise ValueError(f"unknown {what} '{cell}'; expected one of {', '.join(e.value for e in enum)}") from None


def _deckgen_row(number: int, cells: dict[str, str]) -> Row:
    if not cells["id"]:
        raise ValueError("no id (the report's paragraph number, e.g. 141.12)")
    if not cells["issue"]:
        raise ValueError(f"recommendation {cells['id']} names no issue")
    return Row(number, cells["id"], issue=cells["issue"].removesuffix(".yaml"),
               text=cells["recommendation"] or None,
               states=_values(cells["recommending_states"], "\n;"),
               response=_word(Response, cells["response"], "response"),
               status=_word(Status, cells["status"], "status"),
               note=cells["note"] or None)


def _uhri_row(number: int, cells: dict[str, str]) -> Row:
    match = _PARAGRAPH.match(cells["text"])
    if not match:
        raise ValueError("'Text' does not start with the report's paragraph number (e.g. 141.12)")
    return Row(number, match[1], themes=_values(cells["themes"]), text=match[2].strip(),
               states=_values(cells["upr reccomending states"]),
               response=_word(Response, cells["upr position"], "UPR Position"))


# --- issue files -------------------------------------------------------------------------------


@dataclass
class IssueFile:
    """An issue file checked against the model (not the counting rules an import may fix)."""

    path: Path
    text: str
    loaded: LoadedFile
    issue: Issue

    @property
    def stem(self) -> str:
        """Return the file's name without .yaml, as tables name issues."""
        return self.path.stem


def load_issue_files(content_dir: Path) -> list[IssueFile]:
    """Return CONTENT_DIR's issue files in file-name order; raise ContentError on any problem an import cannot fix."""
    paths = sorted((Path(content_dir) / "issues").glob("*.yaml"))
    if not paths:
        raise ContentError.at(Location(display_path(Path(content_dir) / "issues")), "no issue files (*.yaml) here")
    files, problems = [], []
    for path in paths:
        try:
            loaded = load_yaml(path)
        except ContentError as error:
            problems += error.problems
            continue
        issue, found = model_problems(Issue, loaded)
        problems += [*loaded.problems, *found]
        if issue is not None:
            files.append(IssueFile(path, path.read_text(encoding="utf-8-sig"), loaded, issue))
    problems += duplicate_ids([(f.issue, f.loaded.source_map) for f in files])
    if problems:
        raise ContentError(problems)
    return files


def load_theme_map(path: Path, stems: list[str]) -> dict[str, list[str]]:
    """Return the theme map at PATH as theme (casefolded) -> issue file stems in file order.

    The file maps an issue file's name without .yaml to the UHRI themes it covers:
    `02-childrens-rights: [Rights of the child, Juvenile justice]`.
    """
    loaded = load_yaml(path)
    source, data = loaded.source_map, loaded.data
    problems = list(loaded.problems)
    if not isinstance(data, dict):
        raise ContentError.at(source.locate(()), "a theme map maps issue files to lists of UHRI themes, e.g. "
                                                 "'02-childrens-rights: [Rights of the child]'")
    themes: dict[str, list[str]] = {}
    for stem in sorted(data, key=lambda s: stems.index(s) if s in stems else len(stems)):
        value = data[stem]
        if stem not in stems:
            problems.append(Problem(source.locate((stem,), key=True),
                                    f"no issue file '{stem}.yaml'; the issue files are {', '.join(stems)}"))
            continue
        listed = value if isinstance(value, list) else [value]
        for i, theme in enumerate(listed):
            theme = as_written(theme)
            if not isinstance(theme, (str, int)) or isinstance(theme, bool) or not str(theme).strip():
                where = (stem, i) if isinstance(value, list) else (stem,)
                problems.append(Problem(source.locate(where), "a theme must be text, as the UHRI export writes it"))
                continue
            themes.setdefault(_theme_key(str(theme)), []).append(stem)
    if problems:
        raise ContentError(problems)
    return themes


def _theme_key(theme: str) -> str:
    return " ".join(theme.casefold().split())


# --- import ------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did, for the summary it prints."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    """One line per changed recommendation: "141.12: status partially_implemented -> implemented"."""
    unchanged: int = 0
    unmapped: int = 0
    """UHRI rows whose themes map to no issue file."""
    counts_updated: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def summary(self) -> list[str]:
        """Return the lines an import prints."""
        left_alone = f"left alone {self.unchanged}"
        if self.unmapped:
            left_alone += f" (and {self.unmapped} row{'' if self.unmapped == 1 else 's'} with no mapped theme)"
        lines = [f"added {len(self.added)}, changed {len(self.changed)}, {left_alone}"]
        lines += [f"  added {line}" for line in self.added]
        lines += [f"  changed {line}" for line in self.changed]
        lines += self.counts_updated
        lines += [f"wrote {display_path(path)}" for path in self.written]
        return lines



def import_table(table_path: Path, content_dir: Path, map_path: Path | None = None) -> ImportResult:
    """Import the table at TABLE_PATH into CONTENT_DIR's issue files; return what changed.

    Raise ContentError (nothing written) when a row or file is wrong.
    """
    table = read_table(table_path)
    files = load_issue_files(content_dir)
    by_stem = {f.stem: f for f in files}
    themes: dict[str, list[str]] = {}
    if table.kind == "uhri":
        if map_path is None:
            raise DeckgenError(f"{display_path(table.path)} is a UHRI export: name the issue file of each theme "
                               f"with --map MAP.yaml (see deckgen import --help)")
        themes = load_theme_map(map_path, list(by_stem))
    elif map_path is not None:
        raise DeckgenError(f"{display_path(table.path)} has deckgen's columns, whose 'issue' names each row's "
                           f"issue file: --map is for UHRI exports")

    yaml = round_trip_yaml()
    docs = {f.stem: yaml.load(f.text) for f in files}
    where = {t.id: (f.stem, i, t) for f in files for i, t in enumerate(f.issue.review.recommendations)}
    result, problems = ImportResult(), []
    issues_dir = display_path(Path(content_dir) / "issues")
    for row in table.rows:
        if row.id in where:
            stem, index, tracked = where[row.id]
            if row.issue is not None and row.issue != stem:
                problems.append(Problem(table.at(row.number), f"recommendation {row.id} is tracked in "
                                        f"{display_path(by_stem[stem].path)}, not in '{row.issue}'"))
                continue
            item = docs[stem]["review"]["recommendations"][index]
            changes = _update(item, row, tracked)
            if changes:
                result.changed.append(f"{row.id}: {'; '.join(changes)}")
            else:
                result.unchanged += 1
            continue
        if row.issue is not None:
            stem = row.issue
            if stem not in by_stem:
                problems.append(Problem(table.at(row.number),
                                        f"issue '{stem}' has no file {issues_dir}/{stem}.yaml"))
                continue
        else:
            stem = next((s for t in row.themes for s in themes.get(_theme_key(t), ())), None)
            if stem is None:
                result.unmapped += 1
                continue
        if row.text is None:
            problems.append(Problem(table.at(row.number), f"recommendation {row.id} is new but has no text"))
            continue
        review = docs[stem]["review"]
        if "recommendations" not in review:
            review["recommendations"] = CommentedSeq()
        review["recommendations"].append(_new_item(row))
        result.added.append(f"{row.id} to {display_path(by_stem[stem].path)}")
    if problems:
        raise ContentError(problems)

    texts = {}
    for file in files:
        text, updates = _follow_the_list(yaml, docs[file.stem], file.path)
        if updates:
            result.counts_updated.append(f"counts of {display_path(file.path)} updated: {', '.join(updates)}")
        if text != file.text:
            texts[file.path] = text
    for path, text in texts.items():
        write_bytes_atomically(text.encode("utf-8"), path)
        result.written.append(path)
    return result


def _update(item: CommentedMap, row: Row, tracked: TrackedRecommendation) -> list[str]:
    """Update ITEM, a tracked recommendation in its file, with ROW's non-empty cells; return what changed."""
    changes = []
    offered = {"text": row.text, "states": list(row.states) or None, "response": row.response,
               "status": row.status, "note": row.note}
    for key, new in offered.items():
        old = getattr(tracked, key)
        if new is None or new == (old or None):
            continue
        if isinstance(new, Enum):
            changes.append(f"{key} {old.value if old else '(none)'} -> {new.value}")
            new = new.value
        else:
            changes.append(f"{key} changed")
        if key == "states":
            new = _states_seq(new, item.get("states"))
        _put(item, key, new, _TRACKED_KEYS)
    return changes


def _new_item(row: Row) -> CommentedMap:
    item = CommentedMap()
    item["id"] = row.id
    item["text"] = row.text
    if row.states:
        item["states"] = _states_seq(list(row.states), None)
    for key in ("response", "status"):
        if getattr(row, key) is not None:
            item[key] = getattr(row, key).value
    if row.note:
        item["note"] = row.note
    return item


def _states_seq(states: list[str], old: object) -> CommentedSeq:
    """Return STATES as a YAML list: on one line, unless the file wrote the old list as a block."""
    seq = CommentedSeq(states)
    if not (isinstance(old, CommentedSeq) and old.fa.flow_style() is False):
        seq.fa.set_flow_style()
    return seq


def _put(mapping: CommentedMap, key: str, value: object, order: tuple[str, ...]) -> None:
    """Set KEY in MAPPING; a new key goes after the keys ORDER puts before it."""
    if key in mapping:
        mapping[key] = value
        return
    before = set(order[:order.index(key)])
    position = max((i + 1 for i, k in enumerate(mapping) if k in before), default=0)
    mapping.insert(position, key, value)


def _follow_the_list(yaml: YAML, doc: CommentedMap, path: Path) -> tuple[str, list[str]]:
    """Return DOC as text with the total and counts its tracked list contradicts updated, and the updates."""
    text = dump_text(yaml, doc)
    issue = _checked(text, path, rules=False)
    review = issue.review
    contradicted = review.contradictions()
    if not contradicted:
        return text, []
    listed = review.tracked_counts()
    total = len(review.recommendations)
    updates = dict(contradicted)
    counts = {}
    if "counts" in review.model_fields_set:  # counts the list implies stay implied
        counts = {s.value: n for s, n in review.counts.known().items()}
        counts.update({key: new for key, (_, new) in updates.items() if key != "total"})
    if sum(counts.values()) > total:
        # Raising contradicted counts to the list's would overshoot the total: the list's counts stand alone.
        for status in STATUS_ORDER:
            typed, new = review.counts.of(status), listed.of(status) or 0
            if status.value in counts or new:
                counts[status.value] = new
                if typed != new:
                    updates[status.value] = (typed, new)
    node = doc["review"]
    if "total" in updates:
        node["total"] = total
        if review.approximate:  # the list's total is exact
            node["approximate"] = False
            updates["approximate"] = ("true", "false")
    for key, value in counts.items():
        _put(node["counts"], key, value, tuple(s.value for s in STATUS_ORDER))
    text = dump_text(yaml, doc)
    _checked(text, path, rules=True)
    ordered = [k for k in ("total", "approximate", *(s.value for s in STATUS_ORDER)) if k in updates]
    return text, [f"{k} {'(none)' if updates[k][0] is None else updates[k][0]} -> {updates[k][1]}" for k in ordered]



def _checked(text: str, path: Path, *, rules: bool) -> Issue:
    """Return TEXT, the would-be content of the issue file at PATH, as an Issue; raise ContentError if invalid."""
    loaded = load_yaml_text(text, path)
    issue, problems = model_problems(Issue, loaded)
    if issue is not None and rules:
        problems += issue_rules(issue, loaded.source_map)
    if problems:
        raise ContentError([Problem(p.location, f"after the import: {p.message}") for p in problems])
    return issue


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
    """Write CONTENT_DIR's tracked recommendations to OUTPUT (.csv or .xlsx); return how many."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DeckgenError(f"{display_path(output)}: the table must be a .csv or .xlsx file")
    rows = export_rows(content_dir)
    if suffix == ".csv":
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        data = out.getvalue().encode("utf-8-sig")  # the BOM tells Excel the file is UTF-8
    else:
        data = _xlsx_bytes(rows)
    write_bytes_atomically(data, output)
    return len(rows) - 1


def _xlsx_bytes(rows: list[list[str]]) -> bytes:
    """Return ROWS as a workbook whose status and response cells offer their words in a drop-down."""
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "recommendations"
    for row in rows:
        sheet.append(row)
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
    fixed = datetime(2000, 1, 1)  # the same tracked list gives the same workbook
    workbook.properties.created = workbook.properties.modified = fixed
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
