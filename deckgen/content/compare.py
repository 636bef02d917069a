"""Whether a translated content set is in step with its source.

The content format says a translation changes text and nothing else: every
language folder of a set has the same issue files, the same numbers and status
words, and the same number of findings, points, topics and recommendations.
One walk over the two data trees of each pair of files checks all of that;
which values are text comes from deckgen.content.text alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from deckgen.content.model import Response, Status
from deckgen.content.sets import SetFiles, read_set
from deckgen.content.text import key_path_text, text_values
from deckgen.content.words import as_code
from deckgen.content.yaml_source import LoadedFile
from deckgen.errors import ContentError, Location, Problem, counted, display_path

UNTRANSLATED = "text is the same as in the source (untranslated?)"

_RETAGGED_KEY = "language"
"""The one code a translation changes: the language tag."""

_PER_LANGUAGE_KEYS = frozenset({"labels"})
"""Keys each language sets its own way (a house style for its UI labels); not compared."""

_NOUNS = {"text": "text paragraphs", "status": "status words"}
"""What a list's items are called, where the key does not say it."""

_MISSING = object()
"""Stands for a key one file has and the other has not."""


def compare_content(
    source_dir: Path, translation_dir: Path, loaded: Mapping[Path, LoadedFile] | None = None
) -> list[Problem]:
    """Return how TRANSLATION_DIR differs from SOURCE_DIR, by location; text left as in the source is a warning.

    Problems are located in the translation, since that is the file to fix; a
    missing file is located at the path it should have. A file that cannot be
    read or parsed is reported and not compared. LOADED holds files already
    loaded (by a build), which are not read again.
    """
    problems: list[Problem] = []
    sets, found = read_pair(source_dir, translation_dir, loaded)
    if found:
        return _sorted(found)
    source_set, translated_set = sets
    source_files, translated_files = source_set.by_name(), translated_set.by_name()
    for relative in sorted(source_files.keys() | translated_files.keys()):
        source, translated = source_files.get(relative), translated_files.get(relative)
        if translated is None:
            assert source is not None  # RELATIVE is in one of the two folders
            problems.append(
                Problem(
                    Location(Path(translation_dir) / relative), f"missing file: the source has {display_path(source)}"
                )
            )
        elif source is None:
            shown = display_path(Path(source_dir) / relative)
            problems.append(Problem(Location(translated), f"extra file: the source has no {shown}"))
        else:
            problems += compare_read(source_set, source, translated_set, translated)
    return _sorted(problems)


def read_pair(
    source_dir: Path, translation_dir: Path, loaded: Mapping[Path, LoadedFile] | None = None
) -> tuple[list[SetFiles], list[Problem]]:
    """Return the two content sets read (see read_set; LOADED: files at hand), and the problems of any that is none."""
    problems: list[Problem] = []
    sets = []
    for folder in (source_dir, translation_dir):
        try:
            sets.append(read_set(folder, loaded))
        except ContentError as error:
            problems += error.problems
    return sets, problems


def compare_read(
    source_set: SetFiles, source_path: Path, translated_set: SetFiles, translation_path: Path
) -> list[Problem]:
    """Return how the file at TRANSLATION_PATH of TRANSLATED_SET differs from SOURCE_SET's at SOURCE_PATH."""
    problems = source_set.problems([source_path]) + translated_set.problems([translation_path])
    if source_path in source_set.files and translation_path in translated_set.files:
        problems += _Comparison(source_set.files[source_path], translated_set.files[translation_path]).problems
    return problems


def compare_files(source: LoadedFile, translation: LoadedFile) -> list[Problem]:
    """Return how the content file TRANSLATION differs from SOURCE, both already read (or rewritten in memory)."""
    problems = [*source.problems, *translation.problems]  # duplicate keys: the comparison would see the first value
    return problems + _Comparison(source, translation).problems


class _Comparison:
    """The differences between a source file's data and its translation's, found in one walk."""

    def __init__(self, source: LoadedFile, translation: LoadedFile):
        self.text_paths = {path for path, _ in text_values(source.data)}
        self.source_map = translation.source_map
        self.problems: list[Problem] = []
        self.compare(source.data, translation.data, ())

    def compare(self, source: Any, translated: Any, path: tuple) -> None:
        """Record how TRANSLATED differs from SOURCE, the values at PATH."""
        if path and path[-1] in _PER_LANGUAGE_KEYS:
            return
        if source is _MISSING or translated is _MISSING:
            self.compare_missing(source, translated, path)
        elif isinstance(source, dict) and isinstance(translated, dict):
            for key in [*source, *(key for key in translated if key not in source)]:
                self.compare(source.get(key, _MISSING), translated.get(key, _MISSING), (*path, key))
        elif isinstance(source, list) and isinstance(translated, list):
            if len(source) != len(translated):
                # Items cannot be paired once one is added or dropped; the count says it all.
                self.error(path, f"{_count(len(source), path)} in the source, {len(translated)} here")
                return
            for index, (source_item, translated_item) in enumerate(zip(source, translated)):
                self.compare(source_item, translated_item, (*path, index))
        elif path and path[-1] == _RETAGGED_KEY:
            if source == translated:
                self.warning(path, f"{key_name(path)} is {short_value(source)}, as in the source (not changed?)")
        elif path in self.text_paths and isinstance(translated, str):
            if source == translated and any(character.isalpha() for character in source):
                self.warning(path, UNTRANSLATED)
        elif type(source) is not type(translated) or as_word(path, source) != as_word(path, translated):
            self.error(path, f"{key_name(path)} is {short_value(source)} in the source, {short_value(translated)} here")

    def compare_missing(self, source: Any, translated: Any, path: tuple) -> None:
        """Record the difference when a key at PATH is in only one of the files.

        A missing key means what the format's default does: no list items, no
        keys, false or nothing. So `approximate: false` and no `approximate`
        agree, and a missing list or mapping is compared item by item as empty.
        """
        present = translated if source is _MISSING else source
        if present is None or present is False:
            return
        if isinstance(present, (list, dict)):
            empty = type(present)()
            self.compare(empty if source is _MISSING else source, empty if translated is _MISSING else translated, path)
        elif source is _MISSING:
            self.error(path, f"{key_name(path)} is {short_value(translated)} here, not in the source")
        else:
            self.error(path, f"{key_name(path)} is {short_value(source)} in the source, missing here")

    def error(self, path: tuple, message: str) -> None:
        """Record a difference at PATH in the translation: at its key, or its nearest ancestor's."""
        self.problems.append(Problem(self.source_map.locate(path, key=True), message))

    def warning(self, path: tuple, message: str) -> None:
        """Record a warning at the value at PATH in the translation."""
        self.problems.append(Problem(self.source_map.locate(path), message, warning=True))


def as_word(path: tuple, value: Any) -> Any:
    """Return VALUE, at PATH, as its code when it is a status or response word ("Выполнены" is implemented)."""
    key = next((part for part in reversed(path) if isinstance(part, str)), None)
    if key in ("status", "response") and isinstance(value, str):
        return as_code(Status if key == "status" else Response, value)
    return value


def _count(number: int, path: tuple) -> str:
    """Return NUMBER with the noun for the items of the list at PATH: "1 finding", "3 text paragraphs"."""
    key = path[-1] if path and isinstance(path[-1], str) else "items"
    noun = _NOUNS.get(key, key)
    return counted(number, noun.removesuffix("s"), noun)


def key_name(path: tuple) -> str:
    """Return PATH as a reader finds it near its location: the keys below the innermost list item.

    ("review", "counts", "implemented") -> "review.counts.implemented";
    ("review", "findings", 1, "status") -> "status"; a list item is "status[1]"; () is "the file".
    """
    start = max((i + 1 for i, part in enumerate(path[:-1]) if isinstance(part, int)), default=0)
    return key_path_text(path[start:]) or "the file"


def short_value(value: Any, width: int = 30) -> str:
    """Return VALUE as short as a message needs: true, 3, not_implemented, "Children's rig…", a list of 2."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    if isinstance(value, str) and (len(value) > width or not value or any(c.isspace() for c in value)):
        return '"' + (value if len(value) <= width else value[: width - 1] + "…") + '"'
    return str(value)


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Return PROBLEMS in the order a reader goes through the files."""
    return sorted(problems, key=lambda problem: (problem.location, problem.message))
