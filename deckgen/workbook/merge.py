"""A workbook written back into every language's YAML: `deckgen workbook import`.

Each language's files are edited through ruamel.yaml's round trip (as `deckgen import`
edits issue files): a value the workbook did not change keeps its bytes, its comments
and its place; a list item keeps its comments when its row was kept (its hidden key
says which it was); rows inserted become new items where they stand, rows deleted
remove theirs. A file whose content did not change is not written at all. Nothing
is written until the whole workbook and every file it gives have been checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
    SingleQuotedScalarString,
)

from deckgen.content.rewrite import dump_text, round_trip_yaml
from deckgen.content.sets import check_content_files, issue_paths
from deckgen.content.text import NOT_TEXT_KEYS
from deckgen.content.yaml_source import MAX_BYTES, load_yaml_text, read_content_file
from deckgen.errors import (
    ContentError,
    DeckgenError,
    Location,
    Problem,
    counted,
    display_path,
    excerpt,
    problem_order,
)
from deckgen.files import atomic_files
from deckgen.workbook.read import DECK_ID, WorkbookContent, loaded_files, origin_of, read_workbook, virtual_dir


@dataclass
class FileChange:
    """One file an import writes, and what changes in it."""

    path: Path
    text: str
    changes: list[str]
    new: bool = False


@dataclass
class WorkbookImport:
    """What an import of a workbook did (or, with dry_run, would do)."""

    files: list[FileChange] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> list[str]:
        """Return the lines `deckgen workbook import` prints: each file's changes, then what was written."""
        lines = []
        for change in self.files:
            lines.append(f"{display_path(change.path)}{' (new file)' if change.new else ''}:")
            lines += [f"  {line}" for line in change.changes]
        if not self.files:
            lines.append("nothing changed: every file is as the workbook says")
        elif self.unchanged:
            lines.append(f"{counted(len(self.unchanged), 'other file')} unchanged")
        verb = "would write" if self.dry_run else "wrote"  # the command's summary line says it was a dry run
        lines += [f"{verb} {display_path(change.path)}" for change in self.files]
        return lines


def target_dirs(content: WorkbookContent, into: Path) -> dict[str, Path]:
    """Return the content set each of the workbook's languages goes to: INTO itself, or INTO/<language>."""
    into = Path(into)
    if (into / "deck.yaml").is_file():
        if len(content.languages) != 1:
            raise DeckgenError(
                f"{display_path(into)} is one content set, and the workbook holds "
                f"{len(content.languages)} languages ({', '.join(content.languages)}): name their "
                f"folder, e.g. --into {display_path(into.parent)}"
            )
        return {content.languages[0]: into}
    return {language: into / language for language in content.languages}


def import_workbook(path: Path, into: Path, *, dry_run: bool = False) -> WorkbookImport:
    """Write every language's YAML in INTO from the workbook at PATH; return what changed.

    Raise ContentError listing every problem of the whole workbook (nothing written).
    With DRY_RUN, check everything and say what would change, but write nothing.
    """
    content = read_workbook(path)
    dirs = target_dirs(content, into)
    problems = list(content.problems)
    result = WorkbookImport(warnings=list(content.warnings), dry_run=dry_run)
    yaml = round_trip_yaml()
    olds: dict[str, dict[str, tuple[Path, str | None]]] = {}
    for language, folder in dirs.items():
        files = {DECK_ID: folder / "deck.yaml", **{f: folder / f for f in content.issue_files()}}
        olds[language] = {f: (p, _read(p, folder)) for f, p in files.items()}
        sheets_of = set(content.issue_files())
        for stray in issue_paths(folder):
            if f"issues/{stray.name}" not in sheets_of:
                problems.append(
                    Problem(
                        Location(stray),
                        "has no sheet in the workbook: an import removes no issue file; delete "
                        "the file yourself, or export the workbook again to add its sheet",
                    )
                )
    if problems:  # what the model would say of cells already wrong would only repeat them
        raise ContentError(list(dict.fromkeys(problems)))
    _fill_translations(content, olds, result.warnings)
    for language in content.languages:
        deck, paths, issues = loaded_files(content, language)
        checked = check_content_files(virtual_dir(content.path, language), deck, paths, issues, [])
        problems += checked.problems
        result.warnings += [Problem(p.location, p.message, warning=True) for p in checked.to_fill]
    problems = list(dict.fromkeys(problems))
    if problems:
        raise ContentError(problems)
    result.warnings = sorted(dict.fromkeys(result.warnings), key=problem_order)
    unreadable: list[Problem] = []
    for language in dirs:
        for file, (target, old_text) in olds[language].items():
            new = content.files[language][file]
            origins = content.origins.get(file, {})
            if old_text is None:
                # A new language's file starts from another language's (its comments and key order), as a
                # translation does; a new issue's file is written in the format's key order.
                like = next((text for lang in dirs if (text := olds[lang][file][1]) is not None), None)
                if like is None:
                    text = _new_text(yaml, new, _header(content, dirs, file))
                else:
                    doc = yaml.load(like)
                    _merge_map(doc, new, (), (), origins, [])
                    text = dump_text(yaml, doc)
                result.files.append(FileChange(target, text, ["new file, from the workbook"], new=True))
                continue
            changes: list[str] = []
            try:
                doc = yaml.load(old_text)
            except YAMLError:  # a file broken by hand (a key twice, say): say where, as validate does
                unreadable += _problems_of(old_text, target)
                continue
            if not isinstance(doc, CommentedMap):
                doc = CommentedMap()
                changes.append("replaced: it held no mapping")
            _merge_map(doc, new, (), (), origins, changes)
            text = dump_text(yaml, doc)
            if text == old_text:
                result.unchanged.append(target)
            else:
                result.files.append(FileChange(target, text, changes or ["rewritten"]))
    if unreadable:
        raise ContentError(unreadable)
    problems = []
    for change in result.files:  # what would be written must load as it was checked
        try:
            loaded = load_yaml_text(change.text, change.path)
        except ContentError as error:
            problems += error.problems
            continue
        problems += list(loaded.problems)
    if problems:
        raise ContentError([Problem(p.location, f"after the import: {p.message}") for p in problems])
    if not dry_run and result.files:
        for change in result.files:
            change.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_files({change.path: change.text.encode("utf-8") for change in result.files})  # all, or none
    return result


def _problems_of(text: str, path: Path) -> list[Problem]:
    """Return what is wrong with the YAML file at PATH (holding TEXT) that the import cannot merge into."""
    try:
        loaded = load_yaml_text(text, path)
    except ContentError as error:
        found = list(error.problems)
    else:
        found = list(loaded.problems)
    fix = "fix the file first: the import merges into it"
    return [Problem(p.location, f"{p.message}; {fix}") for p in found] or [Problem(Location(path), fix)]


def _read(path: Path, folder: Path) -> str | None:
    """Return the text of the content file at PATH in the content set FOLDER, None when there is none.

    Read as every command reads a content file: a link out of the set is refused unread (its values would
    be printed and merged into), a FIFO without waiting on it, a file over the size limit unread.
    """
    if not os.path.lexists(path):
        return None
    data = read_content_file(path, (folder, "the content set"))
    if len(data) > MAX_BYTES:
        raise ContentError.at(Location(path), "file is larger than 5 MB; is this really a content file?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ContentError.at(Location(path), f"cannot read file: {error}") from None


def _fill_translations(content: WorkbookContent, olds: dict, warnings: list[Problem]) -> None:
    """Give each text still to translate the language's own text where its file has one, else the source's."""
    yaml_cache: dict[tuple[str, str], Any] = {}
    for item in content.to_translate:
        target, old_text = olds.get(item.language, {}).get(item.file, (None, None))
        kept = None
        origin = origin_of(content.origins.get(item.file, {}), item.path)
        if old_text is not None and origin is not None:
            key = (item.language, item.file)
            if key not in yaml_cache:
                try:
                    yaml_cache[key] = load_yaml_text(old_text, target).data
                except ContentError:
                    yaml_cache[key] = None
            kept = _at(yaml_cache[key], origin)
            if kept is not None and not isinstance(kept, (str, list)):
                kept = None
        data = content.files[item.language][item.file]
        node = data
        for part in item.path[:-1]:
            node = node[part]
        if kept is not None:
            node[item.path[-1]] = kept
            warnings.append(
                Problem(item.location, f"empty: {display_path(target)} keeps its {item.language} text", warning=True)
            )
        else:
            source = content.languages[0]
            shown = display_path(target) if target is not None else item.language
            warnings.append(
                Problem(
                    item.location,
                    f"empty: the {item.language} text is still to translate; {shown} gets the {source} text meanwhile",
                    warning=True,
                )
            )


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _header(content: WorkbookContent, dirs: dict[str, Path], file: str) -> str:
    """Return the `# yaml-language-server` line of the same file in another language, if it has one."""
    for folder in dirs.values():
        text = _read(folder / file, folder) if (folder / file).is_file() else None
        if text and text.startswith("# yaml-language-server"):
            return text.split("\n", 1)[0] + "\n"
    return ""


def _new_text(yaml, data: dict, header: str) -> str:
    return header + dump_text(yaml, _to_yaml(data, ()))


# --- the merge ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """Return a ruamel value as plain data: mappings as dicts, scalars as str, int, float, bool."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _same(old: Any, new: Any) -> bool:
    """Return whether OLD (from the file) and NEW (from the workbook) are one value."""
    plain = _plain(old)
    if plain == new and type(plain) is type(new):
        return True
    if isinstance(new, str) and isinstance(plain, (int, float)) and not isinstance(plain, bool):
        return new == str(old) or new == _written(old)  # 141.10 written unquoted is the text "141.10"
    if (
        isinstance(plain, (int, float))
        and isinstance(new, (int, float))
        and not isinstance(plain, bool)
        and not isinstance(new, bool)
    ):
        return plain == new
    return plain == new


def _written(value: Any) -> str:
    """Return a ruamel float as it was written (141.10), as far as ruamel kept it."""
    width = getattr(value, "_width", None)
    prec = getattr(value, "_prec", None)
    if width is not None and prec is not None and prec >= 0:
        return f"{float(value):.{max(width - prec - 1, 0)}f}"
    return str(value)


_DEFAULTS = (False, None)


def _is_default(value: Any) -> bool:
    """Return whether VALUE, left out of the workbook, means nothing: false, empty, or a list written empty."""
    plain = _plain(value)
    return plain in _DEFAULTS or plain == [] or plain == {}


def _merge_map(old: CommentedMap, new: dict, path: tuple, old_path: tuple, origins: dict, changes: list[str]) -> None:
    for key in list(old.keys()):
        if key not in new:
            if _is_default(old[key]):
                continue  # `approximate: false`, `findings: []`: the workbook shows no row for them
            changes.append(f"{_key_path_words(path + (key,))}: removed{_shown(old[key])}")
            del old[key]
    order = list(new)
    for key, value in new.items():
        if key in old:
            old[key] = _merge_value(old[key], value, path + (key,), old_path + (key,), origins, changes)
            continue
        before = set(order[: order.index(key)])
        position = max((i + 1 for i, k in enumerate(old) if k in before), default=0)
        old.insert(position, key, _to_yaml(value, path + (key,)))
        changes.append(f"{_key_path_words(path + (key,))}: added{_shown(value)}")


def _merge_value(old: Any, new: Any, path: tuple, old_path: tuple, origins: dict, changes: list[str]) -> Any:
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new, path, old_path, origins, changes)
        return old
    if (
        isinstance(old, CommentedSeq)
        and isinstance(new, list)
        and (
            any(path + (i,) in origins for i in range(len(new)))
            or any(isinstance(v, (dict, list)) for v in old)
            or any(isinstance(v, (dict, list)) for v in new)
            or _items_of_text(path)
        )
    ):
        return _merge_seq(old, new, path, old_path, origins, changes)
    if _same(old, new):
        return old
    code = bool(path) and path[-1] in NOT_TEXT_KEYS  # status words, ids: shown as they are
    changes.append(f"{_key_path_words(path)}: {_short(old, code)} -> {_short(new, code)}")
    return _to_yaml(new, path, like=old)


def _items_of_text(path: tuple) -> bool:
    """Return whether PATH names a list whose items are rows of their own (points, paragraphs, recommendations)."""
    names = [p for p in path if isinstance(p, str)]
    return bool(names) and names[-1] in (
        "text",
        "points",
        "sources",
        "topics",
        "findings",
        "recommendations",
        "closing_asks",
        "presenters",
    )


def _merge_seq(
    old: CommentedSeq, new: list, path: tuple, old_path: tuple, origins: dict, changes: list[str]
) -> CommentedSeq:
    """Merge NEW into the list OLD: items whose row was kept keep their comments; others are added or removed."""
    taken: dict[int, int] = {}  # new index -> old index
    for i in range(len(new)):
        origin = origins.get(path + (i,))
        if (
            origin is not None
            and origin[:-1] == old_path
            and isinstance(origin[-1], int)
            and origin[-1] < len(old)
            and origin[-1] not in taken.values()
        ):
            taken[i] = origin[-1]
    if not any(path + (i,) in origins for i in range(len(new))) and not origins_below(origins, path):
        # a list whose rows carry no keys (a file edited since the export, say): items pair up by position
        taken = {i: i for i in range(min(len(old), len(new)))}
    items, comments = [], {}
    for i, value in enumerate(new):
        if i in taken:
            j = taken[i]
            items.append(_merge_value(old[j], value, path + (i,), old_path + (j,), origins, changes))
            if j in old.ca.items:
                comments[i] = old.ca.items[j]
        else:
            items.append(_to_yaml(value, path + (i,)))
            changes.append(f"{_key_path_words(path + (i,))}: added{_shown(value)}")
    kept = set(taken.values())
    for j, value in enumerate(old):
        if j not in kept:
            changes.append(f"{_key_path_words(old_path + (j,), was=True)}: removed{_shown(value)}")
    if items == list(old) and [taken.get(i) for i in range(len(new))] == list(range(len(old))):
        return old
    flow = old.fa.flow_style() and len(old) > 0  # `[]` still to fill becomes a block list when items come
    list.clear(old)
    list.extend(old, items)
    old.ca.items.clear()
    old.ca.items.update(comments)
    if flow:
        old.fa.set_flow_style()
    elif old.fa.flow_style():
        old.fa.set_block_style()
    return old


def origins_below(origins: dict, path: tuple) -> bool:
    return any(key[: len(path)] == path and len(key) > len(path) for key in origins)


def _to_yaml(value: Any, path: tuple, like: Any = None) -> Any:
    """Return plain VALUE as ruamel data: status and States lists on one line, long text with line breaks as a block."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, child in value.items():
            out[key] = _to_yaml(child, path + (key,))
        return out
    if isinstance(value, list):
        seq = CommentedSeq([_to_yaml(v, path + (i,)) for i, v in enumerate(value)])
        if path and path[-1] in ("status", "states"):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and _typed(value):
        return DoubleQuotedScalarString(value)  # "141.10", as deckgen's files quote what YAML would read as a number
    if isinstance(value, str):
        if isinstance(like, (SingleQuotedScalarString, DoubleQuotedScalarString)) and not (
            isinstance(like, DoubleQuotedScalarString) and "'" in like and "'" not in value
        ):
            return type(like)(value)  # the quotes the person chose stay, unless the text needed them for an '
        return _fresh(value)
    return value


def _fresh(text: str) -> Any:
    """Return one-line TEXT quoted as a new file would write it.

    ruamel.yaml writes a plain str put in place of a double-quoted one in double quotes, so a file
    started from another language's (a lost folder written again) would quote otherwise than its own.
    """
    line = dump_text(_FRESH, {"s": text})
    if line.startswith("s: '"):
        return SingleQuotedScalarString(text)
    if line.startswith('s: "'):
        return DoubleQuotedScalarString(text)
    return PlainScalarString(text)


_FRESH = round_trip_yaml()


def _typed(text: str) -> bool:
    """Return whether YAML would read TEXT, written plain, as a scalar other than text (a number, true, null).

    A text YAML would read as a mapping or a list ("Partially implemented: 38 of 40") is no such scalar:
    ruamel.yaml quotes it itself, in single quotes, as deckgen's and the translators' files do.
    """

    try:
        return not isinstance(yaml.safe_load(text), (str, dict, list))
    except yaml.YAMLError:
        return False


# --- naming a change ----------------------------------------------------------------------------


_NAMES = {
    "findings": "finding",
    "points": "point",
    "sources": "source",
    "topics": "topic",
    "presenters": "presenter",
    "closing_asks": "closing ask",
    "counts": "count",
    "labels": "label",
}


def _key_path_words(path: tuple, was: bool = False) -> str:
    """Return PATH as a reader names it: "finding 2, point 3", "recommendation 1", "review total"."""
    if not path:
        return "the whole file"
    parts = []
    for i, part in enumerate(path):
        if isinstance(part, int):
            continue
        if part == "text" and path[: i - 1] == ("recommendations",):
            continue  # a priority recommendation's text is the recommendation, named as a plain one is
        following = path[i + 1] if i + 1 < len(path) else None
        name = _NAMES.get(part, part) if isinstance(following, int) or part == "counts" else part
        if part == "text" and i and path[i - 1] != "recommendations" and isinstance(following, int):
            name = "paragraph"
        if part == "recommendations":
            name = "tracked recommendation" if i and path[i - 1] == "review" else "recommendation"
        if part == "review" and following is not None:
            continue
        if part == "counts" and isinstance(following, str):
            parts.append(f"count of {following}")
            break
        if isinstance(following, int):
            parts.append(f"{name} {following + 1}{' (as exported)' if was else ''}")
        else:
            parts.append(str(name).replace("_", " "))
    return ", ".join(parts)


def _short(value: Any, code: bool = False) -> str:
    plain = _plain(value)
    if isinstance(plain, bool):
        return "true" if plain else "false"
    if isinstance(plain, list):
        return "[" + ", ".join(_short(v, code) for v in plain) + "]"
    if isinstance(plain, dict) and isinstance(plain.get("text"), str) and set(plain) <= {"text", "priority"}:
        return repr(excerpt(plain["text"])) + (" (priority)" if plain.get("priority") else "")
    if isinstance(plain, str):
        return plain if code else repr(excerpt(plain))
    return str(plain)


def _shown(value: Any) -> str:
    plain = _plain(value)
    if isinstance(plain, dict):
        if "id" in plain:
            return f" {plain['id']}" + (f" {_short(plain.get('text'))}" if plain.get("text") else "")
        if "status" in plain:  # a finding
            summary = plain.get("summary")
            return f" ({_short(plain['status'], code=True)})" + (f" {_short(summary)}" if summary else "")
        text = plain.get("text") or plain.get("name")
        return f" {_short(text)}" if isinstance(text, str) else ""
    return f" {_short(plain)}"
