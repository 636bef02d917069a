"""The merge of a table into a content set's issue files: `deckgen import`.

An import edits only `review.recommendations` (and the total and counts the
list contradicts) through ruamel.yaml's round trip, so comments and
hand-written text survive; it writes nothing until every row and every
rewritten file has been checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from deckgen.content.compare import compare_files
from deckgen.content.model import STATUS_ORDER, Issue, TrackedRecommendation
from deckgen.content.problems import model_problems
from deckgen.content.rewrite import dump_text, keep_style, round_trip_yaml
from deckgen.content.rules import issue_rules
from deckgen.content.yaml_source import load_yaml_text
from deckgen.errors import ContentError, DeckgenError, Location, Problem, counted, display_path
from deckgen.files import atomic_files
from deckgen.load import load_sets, source_sets
from deckgen.tracking.issues import content_language, load_issue_files
from deckgen.tracking.tables import RecommendationRow, read_table
from deckgen.tracking.uhri import load_theme_map, theme_key
from deckgen.translate.sync import encoded_like, fix_file

if TYPE_CHECKING:
    from ruamel.yaml import YAML

yaml_resolver = yaml.SafeLoader("")
"""PyYAML's resolver, as the loader reads plain scalars (YAML 1.1: NO is false)."""

_TRACKED_KEYS = ("id", "text", "states", "response", "status", "note")
"""A tracked recommendation's keys, in the order an import writes them."""


@dataclass
class TableImport:
    """What an import did, for the summary it prints."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    """One line per changed recommendation: "141.12: status partially_implemented -> implemented"."""
    unchanged: int = 0
    unmapped: int = 0
    """UHRI rows whose themes map to no issue file."""
    unmapped_themes: dict[str, int] = field(default_factory=dict)
    """The themes of those rows (as first written) -> how many of them have it; "" for rows without a theme."""
    counts_updated: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    """One line per changed file whose list covers only part of its typed total."""
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    """Nothing was written: `written` holds the files an import would write."""
    texts: dict[Path, str] = field(default_factory=dict)
    """The changed issue files' new text."""
    followed: list[str] = field(default_factory=list)
    """The changes carried into the other languages' files, located."""
    warnings: list[Problem] = field(default_factory=list)
    """Rows the import took as they are but a person should check (an id a spreadsheet may have shortened)."""

    def summary(self, counts: bool = True) -> list[str]:
        """Return the lines an import prints: with COUNTS, first what it added, changed and left alone (the
        command line leaves that line out: its summary line, last, says the same)."""
        left_alone = f"left alone {self.unchanged}"
        if self.unmapped:
            left_alone += f" (and {counted(self.unmapped, 'row')} with no mapped theme)"
        lines = [f"added {len(self.added)}, changed {len(self.changed)}, {left_alone}"] if counts else []
        lines += [f"  added {line}" for line in self.added]
        lines += [f"  changed {line}" for line in self.changed]
        if self.unmapped_themes:
            lines.append("themes no issue file takes (add them to the --map file to import their rows):")
            ranked = sorted(self.unmapped_themes.items(), key=lambda item: (-item[1], item[0].casefold()))
            lines += [f"  {theme or '(no theme)'}: {counted(count, 'row')}" for theme, count in ranked]
        lines += self.counts_updated
        lines += self.partial
        if self.followed:
            lines.append("the other languages follow:")
            lines += self.followed
        verb = "would write" if self.dry_run else "wrote"  # the command's summary line says it was a dry run
        lines += [f"{verb} {display_path(path)}" for path in self.written]
        return lines


def import_table(
    table_path: Path, content_dir: Path, map_path: Path | None = None, *, dry_run: bool = False
) -> TableImport:
    """Import the table at TABLE_PATH into CONTENT_DIR's issue files; return what changed.

    Raise ContentError (nothing written) when a row or file is wrong. With DRY_RUN,
    check everything and say what would change, but write nothing.
    """
    sets = load_sets(content_dir, validate=False)
    table = read_table(table_path, content_language(content_dir, sets))
    files = load_issue_files(content_dir, sets)
    by_stem = {f.stem: f for f in files}
    themes: dict[str, list[str]] = {}
    if table.kind == "uhri":
        if map_path is None:
            raise DeckgenError(
                f"{display_path(table.path)} is a UHRI export: name the issue file of each theme "
                f"with --map MAP.yaml (see deckgen import --help)"
            )
        themes = load_theme_map(map_path, list(by_stem), {theme_key(t) for row in table.rows for t in row.themes})
    elif map_path is not None:
        raise DeckgenError(
            f"{display_path(table.path)} has deckgen's columns, whose 'issue' names each row's "
            f"issue file: --map is for UHRI exports"
        )

    yaml = round_trip_yaml()
    docs = {f.stem: yaml.load(f.text) for f in files}
    tracked_at = {t.id: (f.stem, i, t) for f in files for i, t in enumerate(f.issue.review.recommendations)}
    result, problems = TableImport(dry_run=dry_run), list(table.problems)
    result.warnings += table.warnings
    issues_dir = display_path(Path(content_dir) / "issues")
    table_ids = {row.id for row in table.rows}
    stem: str | None
    for row in table.rows:
        shortened = _shortened_id(row, tracked_at, table_ids)
        if shortened:
            result.warnings.append(Problem(table.at(row.number), shortened, warning=True))
        if row.id in tracked_at:
            stem, index, tracked = tracked_at[row.id]
            if row.issue is not None and row.issue != stem:
                problems.append(
                    Problem(
                        table.at(row.number),
                        f"recommendation {row.id} is tracked in "
                        f"{display_path(by_stem[stem].path)}, not in '{row.issue}'",
                    )
                )
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
                problems.append(Problem(table.at(row.number), f"issue '{stem}' has no file {issues_dir}/{stem}.yaml"))
                continue
        else:
            stem = next((s for t in row.themes for s in themes.get(theme_key(t), ())), None)
            if stem is None:
                result.unmapped += 1
                _count_themes(result.unmapped_themes, row.themes)
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
        text = keep_style(file.text, text)  # only the changed values change, in the file's own layout
        if updates:
            result.counts_updated.append(f"counts of {display_path(file.path)} updated: {', '.join(updates)}")
        if text != file.text:
            texts[file.path] = text
            if (note := _partial_note(text, file.path)) is not None:
                result.partial.append(note)
    result.texts = texts
    if not dry_run:
        atomic_files({path: encoded_like(text, path) for path, text in texts.items()})  # every file, or none
    result.written += texts
    return result


def _count_themes(counts: dict[str, int], themes: tuple[str, ...]) -> None:
    """Count one row under each of THEMES (spelled as first seen), or under "" when it has none."""
    spelled = {theme_key(theme): theme for theme in counts}
    for key in dict.fromkeys(theme_key(theme) for theme in themes) or [""]:
        theme = spelled.get(key) or next((t for t in themes if theme_key(t) == key), "")
        counts[theme] = counts.get(theme, 0) + 1


def import_into_languages(
    table_path: Path, folder: Path, map_path: Path | None = None, *, language: str | None = None, dry_run: bool = False
) -> TableImport:
    """Import the table into a content set, or into FOLDER's sets of every language.

    In a folder of languages, the set of LANGUAGE (its folder's name; default the first in
    name order, the source) takes the table as import_table does; every other language gets
    the same codes and numbers (new recommendations with the source's text, to translate).
    Nothing is written unless every set can follow.
    """
    read = load_sets(folder, validate=False)
    sets = read.paths
    if read.single:
        if language is not None and language != Path(folder).name:
            raise DeckgenError(
                f"--language {language}: {display_path(folder)} is one content set, not a folder of languages"
            )
        result = import_table(table_path, folder, map_path, dry_run=dry_run)
        others = [
            s
            for s in source_sets(Path(folder).parent)
            if s.resolve() != Path(folder).resolve() and (s / "deck.yaml").is_file()
        ]
        if result.written and others:
            listed = ", ".join(s.name for s in others)
            first = min([Path(folder).name, *(s.name for s in others)])
            source = "" if Path(folder).name == first else f" --from {Path(folder).name}"
            result.partial.append(
                f"the other languages ({listed}) do not follow yet: deckgen sync "
                f"{display_path(Path(folder).parent)}{source} brings them in step (import --into "
                f"{display_path(Path(folder).parent)} updates every language at once)"
            )
        return result
    names = [s.name for s in sets]
    chosen = language or names[0]
    if chosen not in names:
        raise DeckgenError(
            f"--language {chosen}: no such language in {display_path(folder)} (it has {', '.join(names)})"
        )
    source_dir = sets[names.index(chosen)]
    result = import_table(table_path, source_dir, map_path, dry_run=True)
    result.dry_run = dry_run
    followers: dict[Path, str] = {}
    problems = []
    for other in sets:
        if other == source_dir:
            continue
        for path, text in result.texts.items():
            translated = other / path.relative_to(source_dir)
            if not os.path.lexists(translated):  # a FIFO or a link is read_content_file's to refuse
                problems.append(Problem(Location(translated), f"missing file: the source has {display_path(path)}"))
                continue
            source_file = load_yaml_text(text, path)
            fix = fix_file(source_file, read.files_of(other).loaded(translated))
            remaining = [p for p in compare_files(source_file, load_yaml_text(fix.text, translated)) if not p.warning]
            problems += remaining
            if fix.changes:
                followers[translated] = fix.text
                result.followed += [f"  {change}" for change in fix.changes]
    if problems:
        raise ContentError(problems)
    written = {**result.texts, **followers}
    result.written = list(written)
    if not dry_run:
        atomic_files({path: encoded_like(text, path) for path, text in written.items()})  # every language, or none
    return result


def _partial_note(text: str, path: Path) -> str | None:
    """Return a line saying the issue file (TEXT) tracks only part of its typed total, or None if it does not."""
    review = _checked(text, path, rules=False).review
    if not review.partial():
        return None
    about = "about " if review.approximate else ""
    return (
        f"{display_path(path)} tracks {len(review.recommendations)} of {about}{review.total} recommendations: "
        f"a partial list, so no typed number is lowered"
    )


def _shortened_id(row: RecommendationRow, tracked_at: dict, table_ids: set[str]) -> str | None:
    """Return a warning naming both ids when ROW's id may be another one a spreadsheet shortened, else None.

    A spreadsheet keeps a number cell without its trailing zeros (141.10 becomes 141.1). So an id that
    equals another id of the same paragraph, tracked or in the table, with trailing zeros dropped is
    suspect; and so is a new id that may have been shortened (a number cell, or a CSV that Excel saved)
    whose paragraph has two-digit ids (141.2 beside 141.15 may be 141.20).
    """
    if "." not in row.id:
        return None
    paragraph = row.id.split(".", 1)[0]
    taken = (
        f"updates {row.id}" if row.id in tracked_at else f"adds {row.id}" if row.text else f"has the new id {row.id}"
    )
    known = (set(tracked_at) | table_ids) - {row.id}
    longer = sorted(
        (
            k
            for k in known
            if k.split(".", 1)[0] == paragraph and k.startswith(row.id) and k[len(row.id) :].strip("0") == ""
        ),
        key=len,
    )
    advice = "format the id column as text and type the id again"
    if longer:
        if row.numeric_id:
            return (
                f"id {row.id} is a number in the spreadsheet, which drops trailing zeros: was {longer[0]} meant? "
                f"This row {taken}; {advice}"
            )
        return (
            f"id {row.id} is {longer[0]} with its trailing zeros dropped, as a spreadsheet drops them from a "
            f"number: was {longer[0]} meant? This row {taken}; {advice}"
        )
    last = row.id.rsplit(".", 1)[1]
    if row.id in tracked_at or not row.maybe_shortened or not last.isdigit() or last.endswith("0"):
        return None
    siblings = sorted(
        k
        for k in known
        if k.split(".", 1)[0] == paragraph
        and k.count(".") == row.id.count(".")
        and len(k.rsplit(".", 1)[1]) > len(last)
        and k.rsplit(".", 1)[1].isdigit()
    )
    if not siblings:
        return None
    return (
        f"id {row.id} is new, and paragraph {paragraph} has longer ids such as {siblings[0]}: if a "
        f"spreadsheet shortened {row.id}0 to {row.id}, {advice}. This row {taken}"
    )


def _update(item: CommentedMap, row: RecommendationRow, tracked: TrackedRecommendation) -> list[str]:
    """Update ITEM, a tracked recommendation in its file, with ROW's non-empty cells; return what changed."""
    changes = []
    offered: dict[str, Any] = {
        "text": row.text,
        "states": list(row.states) or None,
        "response": row.response,
        "status": row.status,
        "note": row.note,
    }
    for key, new in offered.items():
        old = getattr(tracked, key)
        if new is None or new == (old or None):
            continue
        if isinstance(new, Enum):
            changes.append(f"{key} {old.value if old else '(none)'} -> {new.value}")
            new = new.value
        else:
            changes.append(f"{key} {'added' if old in (None, '', [], ()) else 'changed'}")
        if key == "states":
            new = _states_seq(new, item.get("states"))
        else:
            new = _as_text(new)
        _put(item, key, new, _TRACKED_KEYS)
    return changes


def _new_item(row: RecommendationRow) -> CommentedMap:
    item = CommentedMap()
    item["id"] = _as_text(row.id)
    item["text"] = _as_text(row.text)
    if row.states:
        item["states"] = _states_seq(list(row.states), None)
    for key in ("response", "status"):
        if getattr(row, key) is not None:
            item[key] = getattr(row, key).value
    if row.note:
        item["note"] = _as_text(row.note)
    return item


def _as_text(value: Any) -> Any:
    """Return a cell's text VALUE as YAML must write it to read it back as that text.

    A cell is text: "NO", "Yes", "~", "2024" or "141.10" written plain would read back as
    false, true, nothing or a number, so those are written in quotes.
    """
    if not isinstance(value, str):
        return value
    if value and yaml_resolver.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str":
        return value
    return SingleQuotedScalarString(value)


def _states_seq(states: list[str], old: object) -> CommentedSeq:
    """Return STATES as a YAML list: on one line, unless the file wrote the old list as a block."""
    seq = CommentedSeq([_as_text(state) for state in states])
    if not (isinstance(old, CommentedSeq) and old.fa.flow_style() is False):
        seq.fa.set_flow_style()
    return seq


def _put(mapping: CommentedMap, key: str, value: object, order: tuple[str, ...]) -> None:
    """Set KEY in MAPPING; a new key goes after the keys ORDER puts before it."""
    if key in mapping:
        mapping[key] = value
        return
    before = set(order[: order.index(key)])
    position = max((i + 1 for i, k in enumerate(mapping) if k in before), default=0)
    mapping.insert(position, key, value)


def _follow_the_list(yaml: YAML, doc: CommentedMap, path: Path) -> tuple[str, list[str]]:
    """Return DOC as text with the total and counts its tracked list contradicts updated, and the updates.

    A list shorter than a typed total is partial: the typed numbers stay, and only a count the
    list exceeds is raised (and the total with it, should the counts then add up to more). A
    list that covers the total, or an issue without a typed total, decides the counts.
    """
    text = dump_text(yaml, doc)
    issue = _checked(text, path, rules=False)
    review = issue.review
    contradicted = review.contradictions()
    if not contradicted:
        return text, []
    listed = review.tracked_counts()
    updates: dict[str, tuple[Any, Any]] = dict(contradicted)  # also "approximate": ("true", "false")
    counts = {}
    if "counts" in review.model_fields_set:  # counts the list implies stay implied
        counts = {s.value: n for s, n in review.counts.known().items()}
        counts.update({key: new for key, (_, new) in updates.items() if key != "total"})
    node = doc["review"]
    if review.partial():
        if sum(counts.values()) > (review.total or 0):  # the raised counts need a larger total: never a smaller count
            updates["total"] = (review.total, sum(counts.values()))
            node["total"] = sum(counts.values())
    else:
        total = len(review.recommendations)
        if sum(counts.values()) > total:
            # Raising contradicted counts to the list's would overshoot the total: the list's counts stand alone.
            for status in STATUS_ORDER:
                typed, new = review.counts.of(status), listed.of(status) or 0
                if status.value in counts or new:
                    counts[status.value] = new
                    if typed != new:
                        updates[status.value] = (typed, new)
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
    assert issue is not None  # no problems: the text is a valid issue
    return issue
