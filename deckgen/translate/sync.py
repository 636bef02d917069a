"""A translation brought in step with its source: `deckgen check-translation --fix`, and imports into
a folder of languages.

A translation changes text and nothing else, so every other value (counts, totals,
`approximate`, `cycle`, ids, responses, statuses, logo paths, theme) can be carried
over from the source without asking anyone. Tracked recommendations the source has
and the translation lacks are added, matched by id, with the source's text for the
translator to translate. The translation's text, comments and key order stay (ruamel.yaml's
round trip); what cannot be carried (a finding or paragraph more or less) is left for
check-translation to report.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from deckgen.content.compare import as_word, compare_content, key_name, short_value
from deckgen.content.rewrite import dump_text, keep_style, round_trip_yaml
from deckgen.content.text import text_values
from deckgen.content.yaml_source import LoadedFile, load_yaml_text
from deckgen.errors import ContentError, DeckgenError, Problem, display_path
from deckgen.files import atomic_files, write_bytes_atomically
from deckgen.load import load_sets, read_each

_SKIPPED = frozenset({"language", "labels"})
"""Keys each language sets its own way."""


@dataclass
class FileFix:
    """The changes carried into one translated file, and its text after them."""

    path: Path
    text: str
    changes: list[Problem] = field(default_factory=list)
    """One per change, located where the translation had the old value."""


@dataclass
class FixResult:
    """What fix_translation changed, and what check-translation still finds after it."""

    files: list[FileFix]
    remaining: list[Problem]


def fix_translation(source_dir: Path, translation_dir: Path, *, dry_run: bool = False) -> FixResult:
    """Carry SOURCE_DIR's codes and numbers into TRANSLATION_DIR's files; write the changed files unless DRY_RUN.

    Raise ContentError when a file cannot be read; files only one folder has are left for the check to report.
    """
    source_set, translated_set = read_each(source_dir, translation_dir)
    source_files, translated_files = source_set.by_name(), translated_set.by_name()
    fixes = []
    for relative in sorted(source_files.keys() & translated_files.keys()):
        fix = fix_file(source_set.loaded(source_files[relative]), translated_set.loaded(translated_files[relative]))
        if fix.changes:
            fixes.append(fix)
    read = {**source_set.files, **translated_set.files}
    loaded = read | {fix.path: load_yaml_text(fix.text, fix.path) for fix in fixes}
    remaining = compare_content(source_dir, translation_dir, loaded)
    if not dry_run:
        for fix in fixes:
            write_bytes_atomically(encoded_like(fix.text, fix.path), fix.path)
    return FixResult(fixes, remaining)


def fix_file(source_file: LoadedFile, translation_file: LoadedFile) -> FileFix:
    """Return TRANSLATION_FILE (read by load_sets) with SOURCE_FILE's codes and numbers carried in.

    SOURCE_FILE may be a file as a command is about to write it (an import's result: load_yaml_text).
    """
    source, located = _loaded(source_file), _loaded(translation_file)
    source_text, original = source.text, located.text
    yaml = round_trip_yaml()
    source_doc, doc = yaml.load(source_text), yaml.load(original)
    fix = FileFix(located.path, original)
    walk = _Walk(source_doc, doc, located, fix.changes)
    walk.tracked_list(source.data, located.data)
    # Items added above shift nothing before them; what follows compares the data as it now stands.
    current = _loaded(load_yaml_text(dump_text(yaml, doc), located.path))
    walk.text_paths = {path for path, _ in text_values(source.data)}
    walk.compare(source.data, current.data, ())
    if fix.changes:
        fix.text = keep_style(original, dump_text(yaml, doc))  # only the changed values change
        fix.changes.sort(key=lambda change: change.location)  # stable: items added keep their order
    return fix


def _loaded(loaded: LoadedFile) -> LoadedFile:
    if loaded.problems:
        raise ContentError(list(loaded.problems))
    return loaded


class _Walk:
    """One walk over a source file's data and its translation's, setting the translation's codes in DOC."""

    def __init__(self, source_doc: CommentedMap, doc: CommentedMap, located: LoadedFile, changes: list[Problem]):
        self.source_doc, self.doc, self.located, self.changes = source_doc, doc, located, changes
        self.text_paths: set[tuple] = set()

    def change(self, path: tuple, message: str) -> None:
        self.changes.append(Problem(self.located.source_map.locate(path), message))

    def tracked_list(self, source: Any, translated: Any) -> None:
        """Add the tracked recommendations the source has and the translation lacks, by id, at their place."""
        path = ("review", "recommendations")
        listed = _get(source, path)
        if not isinstance(listed, list) or not isinstance(_get(translated, ("review",)), dict):
            return
        mine = _get(translated, path)
        mine = mine if isinstance(mine, list) else []
        ids = [_written(item.get("id")) for item in mine if isinstance(item, dict)]
        review = self.doc["review"]
        if "recommendations" not in review or not isinstance(review["recommendations"], list):
            _put(review, "recommendations", CommentedSeq(), list(self.source_doc["review"]))
        items = review["recommendations"]
        for index, item in enumerate(listed):
            ident = _written(item.get("id")) if isinstance(item, dict) else None
            if ident is None or ident in ids:
                continue
            position = min(index, len(items))
            items.insert(position, copy.deepcopy(self.source_doc["review"]["recommendations"][index]))
            ids.insert(position, ident)
            self.change(
                ("review", "recommendations"), f"recommendation {ident} added, its text as in the source (to translate)"
            )

    def compare(self, source: Any, translated: Any, path: tuple) -> None:
        if path and path[-1] in _SKIPPED:
            return
        if isinstance(source, dict) and isinstance(translated, dict):
            for key in source:
                if key in translated:
                    self.compare(source[key], translated[key], (*path, key))
                    continue
                if source[key] is None or source[key] is False or source[key] in ([], {}):
                    continue  # the format's default: same as left out
                _put(
                    _get(self.doc, path),
                    key,
                    copy.deepcopy(_get(self.source_doc, (*path, key))),
                    list(_get(self.source_doc, path)),
                )
                if _holds_text(source[key], (*path, key), self.text_paths):
                    # A new note (or any new text) reaches every language, in the source's words to translate.
                    self.change(
                        path,
                        f"{key_name((*path, key))} {short_value(source[key])} added, its text as in "
                        f"the source (to translate)",
                    )
                else:
                    self.change(path, f"{key_name((*path, key))} {short_value(source[key])} added, as in the source")
            for key in translated:
                if key not in source and key not in _SKIPPED and not _holds_text(translated[key], (*path, key)):
                    if translated[key] is None or translated[key] is False:
                        continue
                    del _get(self.doc, path)[key]
                    self.change((*path, key), f"{key_name((*path, key))} removed, as in the source")
        elif isinstance(source, list) and isinstance(translated, list):
            if len(source) == len(translated):
                for index, (item, mine) in enumerate(zip(source, translated)):
                    self.compare(item, mine, (*path, index))
            elif not _holds_text(source, path, self.text_paths) and not _holds_text(translated, path):
                self.set(path, source, translated)
        elif path in self.text_paths and isinstance(translated, str):
            return
        elif path in self.text_paths and isinstance(translated, (int, float)) and not isinstance(translated, bool):
            # `date: 2024` or `- 2025` translated a text: it stays, in quotes so that it reads as text
            written = str(_written(translated))
            _get(self.doc, path[:-1])[path[-1]] = DoubleQuotedScalarString(written)
            self.change(path, f"{key_name(path)} {written} written in quotes, to stay text")
        elif type(source) is not type(translated) or as_word(path, _written(source)) != as_word(
            path, _written(translated)
        ):
            if _holds_text(translated, path) and not isinstance(source, (int, float, bool)):
                return  # text in the translation where the source has a code: for the check to report
            self.set(path, source, translated)

    def set(self, path: tuple, source: Any, translated: Any) -> None:
        _get(self.doc, path[:-1])[path[-1]] = copy.deepcopy(_get(self.source_doc, path))
        self.change(path, f"{key_name(path)} {short_value(translated)} -> {short_value(source)}")


def _get(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key] if isinstance(data, list) else data.get(key) if isinstance(data, dict) else None
    return data


def _written(value: Any) -> Any:
    """Return VALUE as its source text when the loader kept it (141.10 is not 141.1)."""
    return getattr(value, "source_text", value)


def _holds_text(value: Any, path: tuple, text_paths: set[tuple] | None = None) -> bool:
    """Return whether VALUE at PATH is or holds translatable text (of the source, when TEXT_PATHS are given)."""
    found = {(*path, *inner) for inner, _ in text_values(value)}
    if path and path[-1] in ("language", "theme", "logo", "status", "id", "response"):
        return False
    if text_paths is not None:
        return bool(found & text_paths) or any(p[: len(path)] == path for p in text_paths if len(p) > len(path))
    return bool(found)


def _put(mapping: CommentedMap, key: str, value: Any, order: list) -> None:
    """Set KEY in MAPPING, a new key after the keys ORDER (the source's key order) puts before it."""
    before = set(order[: order.index(key)]) if key in order else set(order)
    position = max((i + 1 for i, k in enumerate(mapping) if k in before), default=0)
    mapping.insert(position, key, value)


@dataclass
class LanguageSync:
    """What `deckgen sync` carries into one language of a folder."""

    content_dir: Path
    files: list[FileFix] = field(default_factory=list)
    added: list[Path] = field(default_factory=list)
    """Issue files the language lacked, copied from the source in its words (to translate)."""
    remaining: list[Problem] = field(default_factory=list)
    """What check-translation still finds after the sync: errors a person must settle, and warnings."""

    @property
    def changes(self) -> int:
        return sum(len(f.changes) for f in self.files) + len(self.added)

    @property
    def to_translate(self) -> int:
        """How many texts the sync brought in the source's words, for the translator."""
        return sum(1 for f in self.files for c in f.changes if c.message.endswith("(to translate)")) + len(self.added)


@dataclass
class SyncResult:
    """What `deckgen sync` did (or, with dry_run, would do) to a folder of languages."""

    source: Path
    languages: list[LanguageSync]
    dry_run: bool = False

    @property
    def written(self) -> list[Path]:
        return [p for one in self.languages for p in (*(f.path for f in one.files), *one.added)]

    def problems(self) -> list[Problem]:
        """What the sync could not settle (a finding more or less, an extra file): errors only."""
        return [p for one in self.languages for p in one.remaining if not p.warning]


def sync_languages(folder: Path, source: str | None = None, *, dry_run: bool = False) -> SyncResult:
    """Bring every language of FOLDER in step with SOURCE (a language folder's name; default the first).

    Numbers, codes, ids, statuses and new items are carried (new text in the source's words, to
    translate); translated text is never touched. Every language's files are written together, or
    none; with DRY_RUN nothing is. Raise DeckgenError when FOLDER is not a folder of languages.
    """
    read = load_sets(folder, validate=False)
    sets = read.paths
    if len(sets) < 2:
        raise DeckgenError(
            f"{display_path(folder)} is not a folder of languages (such as content/, holding en/, "
            f"ru/, kk/): sync brings each language in step with one of them"
        )
    names = [s.name for s in sets]
    chosen = source or names[0]
    if chosen not in names:
        raise DeckgenError(f"--from {chosen}: no such language in {display_path(folder)} (it has {', '.join(names)})")
    source_dir = sets[names.index(chosen)]
    outcome = SyncResult(source_dir, [], dry_run)
    contents: dict[Path, bytes] = {}
    problems: list[Problem] = []
    for other in sets:
        if other == source_dir:
            continue
        one = LanguageSync(other)
        found = read.failed.get(source_dir, []) + read.failed.get(other, [])
        if found:
            problems += found
            continue
        source_set, translated_set = read.files_of(source_dir), read.files_of(other)
        source_files, translated_files = source_set.by_name(), translated_set.by_name()
        for relative in sorted(source_files.keys() - translated_files.keys()):
            if relative.parts[0] != "issues":
                continue  # deck.yaml missing: check-translation reports it
            if source_set.unread.get(source_files[relative]):  # a link outside the set, say: never carried
                problems += source_set.unread[source_files[relative]]
                continue
            target = other / relative
            contents[target] = source_files[relative].read_bytes()
            one.added.append(target)
        loaded: dict[Path, LoadedFile] = {**source_set.files, **translated_set.files}
        for relative in sorted(source_files.keys() & translated_files.keys()):
            try:
                # a file that links outside its set is refused, never read or carried
                fix = fix_file(
                    source_set.loaded(source_files[relative]), translated_set.loaded(translated_files[relative])
                )
            except ContentError as error:
                problems += error.problems
                continue
            if fix.changes:
                one.files.append(fix)
                contents[fix.path] = encoded_like(fix.text, fix.path)
                loaded[fix.path] = load_yaml_text(fix.text, fix.path)
        for target in one.added:
            loaded[target] = load_yaml_text(contents[target].decode("utf-8-sig"), target)
        if not problems:
            one.remaining = _compare_with_added(source_dir, other, loaded, one.added)
        outcome.languages.append(one)
    if problems:
        raise ContentError(problems)
    if not dry_run and contents:
        atomic_files(contents)  # every language, or none
    return outcome


def _compare_with_added(
    source_dir: Path, translation_dir: Path, loaded: dict[Path, LoadedFile], added: list[Path]
) -> list[Problem]:
    """Compare the two sets as they would be after the sync: files it adds count as present."""
    remaining = compare_content(source_dir, translation_dir, loaded)
    shown = {display_path(p) for p in added}
    return [
        p for p in remaining if not (display_path(p.location.path) in shown and p.message.startswith("missing file"))
    ]


def encoded_like(text: str, path: Path) -> bytes:
    """Return TEXT encoded as the file at PATH is: its BOM and line ends kept."""
    try:
        original = path.read_bytes()
    except OSError:
        return text.encode("utf-8")
    crlf = b"\r\n" in original
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if original.startswith(b"\xef\xbb\xbf") else data
