"""XLIFF 1.2 exchange with translators' tools (Trados, memoQ, Smartcat, Weblate).

export_xliff writes one trans-unit per text value of a content set (deck.yaml
and issues/*.yaml; text_values says which values are text), grouped in one
<file> element per content file. import_xliff writes a new content set: the
source set with every text value replaced by its unit's target, every other
byte kept, and deck.yaml's language set to the XLIFF's target-language.

A unit's id is the content file's path in the set, "#", the value's key path
without list positions (keys joined by "."), "@" and the first 8 hex digits of
the SHA-1 of its source text; the same text at the same key path again gets
"-2", "-3" in file order:

    issues/01-freedom-of-religion.yaml#review.findings.points@1eb77372

Ids do not shift when a finding or recommendation is inserted, so a
translation can never land under another finding: an import places each
unit's target at the text its <source> is. A unit whose source text is no
longer in the set (the English changed since the export) is refused, or left
out with a warning with --allow-untranslated. Ids of older exports
(review.findings[1].points[0]) are placed by their source text too.

lxml writes and reads the XLIFF, and gives the line of every element for
messages.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from deckgen.assets import find_assets
from deckgen.content.model import LANGUAGE_TAG
from deckgen.content.text import text_values
from deckgen.content.yaml_edit import SharedValue, replace_strings
from deckgen.content.yaml_source import LoadedFile, SourceMap, load_yaml, load_yaml_text
from deckgen.errors import (
    ContentError,
    DeckgenError,
    Location,
    Problem,
    display_path,
)
from deckgen.files import NotARegularFile, atomic_files, atomic_folder, check_output_folder, copy_folder, read_regular
from deckgen.load import LoadedContent, load_set, read_each
from deckgen.locale import available_languages, base_language
from deckgen.prepare import prepare
from deckgen.translate.sync import encoded_like, fix_file

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
_XLIFF_1 = re.compile(r"urn:oasis:names:tc:xliff:document:1\.[0-2]")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_XML_WHITESPACE = re.compile(r"[ \t\r\n]+")
_CODES = {"x", "bx", "ex", "ph", "bpt", "ept", "it"}
MAX_XLIFF_BYTES = 20 * 1024 * 1024
"""The largest XLIFF file read: a content set holds at most 300,000 characters of text, which a translation
tool's XLIFF (source, target, notes, context) holds in a few MB."""
"""Inline codes: placeholders and native codes of the original format, which deckgen's plain text has none of.
A code reads as its equiv-text, or as nothing."""
_LANGUAGE_TAG = re.compile(LANGUAGE_TAG)

_ITEM_WORDS = {
    "presenters": "presenter",
    "findings": "finding",
    "text": "paragraph",
    "points": "point",
    "topics": "topic",
    "sources": "source",
    "recommendations": "recommendation",
}
"""What one item of a list is called in a unit's note: findings[1] is "finding 2"."""
_KEY_WORDS = {"review": "", "text": "", "short_name": "short name (slide footer)", "notes": "speaker notes"}
"""How a key reads in a unit's note, where its name does not say it; "" leaves it out."""


@dataclass(frozen=True)
class TextUnit:
    """One text value of a content set, as a translation unit."""

    id: str
    file: str
    """The content file, relative to the set, with "/": issues/01-freedom-of-religion.yaml."""
    key_path: tuple
    source: str
    line: int
    """The value's line in the content file."""
    context: str
    """Where the text shows, in words: Issue 1 'Freedom of Religion and Belief' – finding 2 (...) – point 1."""


@dataclass(frozen=True)
class XliffUnit:
    """A trans-unit as read from an XLIFF file."""

    id: str
    source: str
    target: str | None
    line: int
    state: str | None = None
    """The target's state attribute (translated, needs-review-translation, …), if any."""
    prefilled: str | None = None
    """The digest of the translation the export pre-filled the target from (export --from), if it did."""


@dataclass(frozen=True)
class XliffDocument:
    """The parts of an XLIFF file an import needs."""

    path: Path
    source_language: str
    first_file_line: int
    """The line of the first <file> element, which holds source-language and target-language."""
    target_language: str
    units: dict[str, XliffUnit]
    file_lines: dict[str, int]
    """The line of each <file> element, by its original (a content file's path)."""


@dataclass
class XliffImport:
    """What an import wrote."""

    output: Path
    translated: int
    """Text values whose target differs from the source."""
    units: int
    warnings: list[Problem] = field(default_factory=list)
    merged: bool = False
    """The import merged into an existing translation (see merge_xliff) instead of writing a new set."""
    replaced: list[Problem] = field(default_factory=list)
    """With merged: each text replaced, located in the translation, "old" -> "new"."""
    carried: list[Problem] = field(default_factory=list)
    """With merged: the source's numbers and codes carried into the translation first, as `deckgen sync` does."""
    written: list[Path] = field(default_factory=list)
    """With merged: the files written (or, with a dry run, that would be)."""


PREFILL_NOTE = re.compile(r"^translation in .+ at export: ([0-9a-f]{8})$")
"""The note an export --from puts on a pre-filled unit: the digest of the translation it was filled from."""


def digest(text: str) -> str:
    """Return the first 8 hex digits of TEXT's SHA-1, as unit ids and pre-fill notes write them."""

    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def stable_ids(units: list[tuple[str, tuple, str]]) -> list[str]:
    """Return the unit id of each (file, key path, text) of UNITS, in order: file#path@hash, "-2" for a repeat."""
    ids: list[str] = []
    seen: dict[str, int] = {}
    for file, key_path, text in units:
        path = ".".join(str(part) for part in key_path if not isinstance(part, int))
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        stem = f"{file}#{path}@{digest}"
        seen[stem] = seen.get(stem, 0) + 1
        ids.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return ids


def text_units(loaded: LoadedContent, content_dir: Path) -> list[TextUnit]:
    """Return a unit for every text value of LOADED, the content set in CONTENT_DIR, in file order."""
    found = []
    files = [(loaded.deck_file, "Deck")]
    files += [(issue, f"Issue {number} '{issue.data['title']}'") for number, issue in enumerate(loaded.issue_files, 1)]
    for loaded_file, prefix in files:
        name = loaded_file.path.relative_to(content_dir).as_posix()
        for key_path, text in text_values(loaded_file.data):
            line = loaded_file.source_map.values[key_path][0]
            found.append((name, key_path, text, line, _context(prefix, loaded_file.data, key_path)))
    ids = stable_ids([(name, key_path, text) for name, key_path, text, _, _ in found])
    return [TextUnit(unit_id, *values) for unit_id, values in zip(ids, found)]


def _context(prefix: str, data: Any, key_path: tuple) -> str:
    """Return where the value at KEY_PATH of DATA shows, in words, after PREFIX."""
    parts = [prefix]
    index = 0
    while index < len(key_path):
        key = key_path[index]
        data = data[key]
        if index + 1 < len(key_path) and isinstance(key_path[index + 1], int):
            position = key_path[index + 1]
            data = data[position]
            word = f"{_ITEM_WORDS.get(key, key.replace('_', ' '))} {position + 1}"
            if isinstance(data, dict) and "status" in data:
                statuses = data["status"] if isinstance(data["status"], list) else [data["status"]]
                word += f" ({'/'.join(map(str, statuses))})"
            parts.append(word)
            index += 2
        else:
            word = _KEY_WORDS.get(key, key.replace("_", " "))
            if word:
                parts.append(word)
            index += 1
    return " – ".join(parts)


def check_target_language(language: str, assets: Path | None = None) -> str | None:
    """Return why LANGUAGE cannot be a deck's language (with the locales of ASSETS), or None when it can."""
    if not _LANGUAGE_TAG.match(language):
        return f"'{language}' is not a language tag like ru or ru-RU"
    if base_language(language) not in available_languages(assets):
        return (
            f"deckgen has no locale for '{language}'; available: "
            f"{', '.join(available_languages(assets))} (`deckgen locale new {base_language(language)}` "
            f"writes one to translate)"
        )
    return None


# --- export ---------------------------------------------------------------------------------


def export_xliff(
    content_dir: Path, target_language: str, assets: Path | None = None, prefill_from: Path | None = None
) -> bytes:
    """Return the XLIFF 1.2 of CONTENT_DIR's text values for translation into TARGET_LANGUAGE.

    With PREFILL_FROM, an existing translation (content/ru), each unit whose text that set
    has translated gets it as its target (state "translated"), so a translator works only on
    the units without one: new text, and text still as in the source.
    Raise ContentError when the content set is invalid and DeckgenError for a
    target language deckgen has no locale for.
    """
    content_dir = Path(content_dir)
    if problem := check_target_language(target_language, assets if assets is not None else find_assets(content_dir)):
        raise DeckgenError(f"--target-language: {problem}")
    loaded = load_set(content_dir, assets)
    units = text_units(loaded, content_dir)
    prefill = _prefill(units, Path(prefill_from), target_language) if prefill_from is not None else {}
    return xliff_bytes(
        units,
        loaded.content.deck.language,
        target_language,
        prefill,
        display_path(prefill_from) if prefill_from is not None else "",
    )


def _prefill(units: list[TextUnit], translation_dir: Path, target_language: str) -> dict[str, str]:
    """Return the target of each unit TRANSLATION_DIR has translated (its text there differs from the source)."""
    (read,) = read_each(translation_dir)
    files = {relative.as_posix(): path for relative, path in read.by_name().items()}
    deck = read.loaded(read.deck_path).data
    language = deck.get("language") if isinstance(deck, dict) else None
    if isinstance(language, str) and base_language(language) != base_language(target_language):
        raise DeckgenError(
            f"--from {display_path(translation_dir)}: its language is '{language}', not '{target_language}'"
        )
    data = {name: read.loaded(path).data for name, path in files.items() if name in {unit.file for unit in units}}
    targets = {}
    for unit in units:
        value = _lookup(data.get(unit.file), unit.key_path)
        if isinstance(value, str) and value.strip() and value != unit.source:
            targets[unit.id] = value
    return targets


def _lookup(data: Any, key_path: tuple) -> Any:
    """Return the value at KEY_PATH of DATA, or None where it has none."""
    for part in key_path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def xliff_bytes(
    units: list[TextUnit],
    source_language: str,
    target_language: str,
    prefill: dict[str, str] | None = None,
    prefilled_from: str = "",
) -> bytes:
    """Return the XLIFF 1.2 document of UNITS: a <file> per content file, in the order of UNITS.

    The layout is the one translate-toolkit wrote before deckgen wrote XLIFF
    itself (tests/test_xliff.py pins its bytes): two spaces of indentation,
    each unit with xml:space="preserve" so its source stays as it is, two
    notes (where the text shows, where it stands in the source) and a
    location context-group with the same file and line.
    """

    def element(parent: etree._Element, tag: str, attributes: dict[str, str], text: str | None = None):
        child = etree.SubElement(parent, f"{{{XLIFF_NAMESPACE}}}{tag}", attributes)
        child.text = text
        return child

    root = etree.Element(f"{{{XLIFF_NAMESPACE}}}xliff", {"version": "1.2"}, nsmap={None: XLIFF_NAMESPACE})
    bodies: dict[str, etree._Element] = {}
    for unit in units:
        if unit.file not in bodies:
            file_element = element(
                root,
                "file",
                {
                    "original": unit.file,
                    "source-language": source_language,
                    "datatype": "plaintext",
                    "target-language": target_language,
                },
            )
            bodies[unit.file] = element(file_element, "body", {})
        trans_unit = element(bodies[unit.file], "trans-unit", {_XML_SPACE: "preserve", "id": unit.id})
        element(trans_unit, "source", {}, unit.source)
        if prefill and unit.id in prefill:
            element(trans_unit, "target", {"state": "translated"}, prefill[unit.id])
            element(
                trans_unit,
                "note",
                {"from": "deckgen"},
                f"translation in {prefilled_from} at export: {digest(prefill[unit.id])}",
            )
        element(trans_unit, "note", {"from": "developer"}, unit.context)
        element(trans_unit, "note", {"from": "developer"}, f"{unit.file}:{unit.line}")
        location = element(trans_unit, "context-group", {"name": "", "purpose": "location"})
        element(location, "context", {"context-type": "sourcefile"}, unit.file)
        element(location, "context", {"context-type": "linenumber"}, str(unit.line))
    etree.indent(root, space="  ")  # only elements with children get line breaks: a source's text is kept
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8") + b"\n"


# --- import ---------------------------------------------------------------------------------


def read_xliff(path: Path, assets: Path | None = None) -> XliffDocument:
    """Return the XLIFF 1.x file at PATH; raise ContentError, located by line, for anything unusable.

    Its target-language must have a locale: deckgen's, or one in ASSETS/locales.
    """
    path = Path(path)
    shown = Path(path)
    try:
        data = read_regular(path, MAX_XLIFF_BYTES)
    except NotARegularFile as error:
        raise ContentError.at(Location(shown), str(error.strerror)) from None
    except OSError as error:
        raise ContentError.at(Location(shown), f"cannot read file: {error.strerror}") from None
    if len(data) > MAX_XLIFF_BYTES:
        raise ContentError.at(
            Location(shown),
            f"the file is larger than {MAX_XLIFF_BYTES // (1024 * 1024)} MB, far more than a content set's "
            f"translation; is it the right file?",
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, col = error.position
        message = re.sub(r", line \d+, column \d+$", "", error.msg or "")
        if "Text node too long" in message or "Huge input lookup" in message:  # libxml2's 10 MB bound
            message = "a text in it is longer than 10 MB, far more than any text of a content set"
            col = 0  # where libxml2 gave up, ten million characters into the line: no help
        raise ContentError.at(Location(shown, line, col), f"not an XML file: {message}") from None
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        # entities are never expanded (no file is read, no bomb goes off), so the text one stands for
        # would be lost without a word; a DOCTYPE alone (XLIFF 1.1's) is harmless
        raise ContentError.at(
            Location(shown, entity.sourceline or 0),
            f"{entity.text} is an entity, which deckgen does not expand (its text would be lost): write the "
            f"character itself, or export the XLIFF again from the translation tool",
        )
    name = etree.QName(root)
    if name.localname != "xliff":
        raise ContentError.at(
            Location(shown, root.sourceline), f"not an XLIFF file: the root element is <{name.localname}>, not <xliff>"
        )
    version = root.get("version", "")
    if version.startswith("2") or (name.namespace or "").endswith(":2.0"):
        raise ContentError.at(
            Location(shown, root.sourceline), f"XLIFF {version or '2.0'} is not supported; save the file as XLIFF 1.2"
        )
    if not _XLIFF_1.fullmatch(name.namespace or ""):
        raise ContentError.at(
            Location(shown, root.sourceline), f'not an XLIFF 1.2 file: <xliff> lacks xmlns="{XLIFF_NAMESPACE}"'
        )

    problems = []
    files = list(root.iterchildren(f"{{{name.namespace}}}file"))
    languages: dict[str, Location] = {}
    for file_element in files:
        language = file_element.get("target-language")
        location = Location(shown, file_element.sourceline)
        if not language:
            problems.append(
                Problem(location, f'<file original="{file_element.get("original", "")}"> has no target-language')
            )
        else:
            languages.setdefault(language, location)
    if not files:
        problems.append(Problem(Location(shown, root.sourceline), "no <file> element: the XLIFF holds no units"))
    if len(languages) > 1:
        (first, _), *others = languages.items()
        problems += [
            Problem(location, f"target-language '{language}' differs from '{first}' of the first <file>")
            for language, location in others
        ]
    target_language = next(iter(languages), "")
    if target_language and (problem := check_target_language(target_language, assets)):
        problems.append(Problem(languages[target_language], f"target-language: {problem}"))

    units: dict[str, XliffUnit] = {}
    for element in root.iter(f"{{{name.namespace}}}trans-unit"):  # in <group>s too
        unit_id = element.get("id")
        location = Location(shown, element.sourceline)
        if not unit_id:
            problems.append(Problem(location, "a trans-unit without an id"))
        elif unit_id in units:
            problems.append(Problem(location, f"unit '{unit_id}' appears twice (first at line {units[unit_id].line})"))
        else:
            source = element.find(f"{{{name.namespace}}}source")
            target = element.find(f"{{{name.namespace}}}target")
            notes = [note.text or "" for note in element.iterfind(f"{{{name.namespace}}}note")]
            prefilled = next((m[1] for note in notes if (m := PREFILL_NOTE.match(note.strip()))), None)
            units[unit_id] = XliffUnit(
                unit_id,
                "" if source is None else unit_text(source),
                None if target is None else unit_text(target),
                element.sourceline,
                None if target is None else target.get("state"),
                prefilled,
            )
    if not units and not problems:
        problems.append(Problem(Location(shown, root.sourceline), "no <trans-unit> in the file"))
    if problems:
        raise ContentError(problems)
    file_lines = {element.get("original", ""): element.sourceline for element in files}
    return XliffDocument(
        path, files[0].get("source-language", ""), files[0].sourceline, target_language, units, file_lines
    )


def unit_text(element: etree._Element) -> str:
    """Return the plain text of a <source> or <target> ELEMENT, its inline markup flattened.

    The text of <g> and <mrk> (formatting and markers a tool put around words)
    is kept; inline codes (<x/>, <bx/>, <ex/>, <ph>, <bpt>, <ept>, <it>) read as
    their equiv-text or as nothing, since a content file's text holds no codes;
    comments and processing instructions read as nothing. Whitespace is kept as
    written where the nearest xml:space, on ELEMENT or an ancestor, is
    "preserve" (the export puts it on every unit); without one, or with
    "default", XLIFF's default applies: runs of it are one space, and none
    leads or trails.
    """
    text = _flattened(element)
    spaces = element.xpath("ancestor-or-self::*/@xml:space")
    if not spaces or spaces[-1] == "default":
        text = _XML_WHITESPACE.sub(" ", text).strip(" ")
    return text


def _flattened(element: etree._Element) -> str:
    """Return the text inside ELEMENT (not its tail), inline codes read as their equiv-text."""
    parts = [element.text or ""]
    namespace = etree.QName(element).namespace
    for child in element:
        if isinstance(child.tag, str):  # not a comment, processing instruction or entity
            name = etree.QName(child)
            if name.namespace == namespace and name.localname in _CODES:
                parts.append(child.get("equiv-text", ""))
            else:  # <g>, <mrk>, and elements XLIFF 1.2 does not have: their text
                parts.append(_flattened(child))
        parts.append(child.tail or "")
    return "".join(parts)


def import_xliff(
    xlf_path: Path,
    source_dir: Path,
    output_dir: Path,
    *,
    force: bool = False,
    allow_untranslated: bool = False,
    assets: Path | None = None,
    dry_run: bool = False,
) -> XliffImport:
    """Write OUTPUT_DIR: the content set SOURCE_DIR with every text value replaced by its XLIFF target.

    The output appears complete or not at all: it is written to a temporary
    folder beside OUTPUT_DIR, validated as `deckgen validate` would, and only
    then renamed into place. An existing OUTPUT_DIR is replaced only with FORCE.
    Units without a target are an error, or with ALLOW_UNTRANSLATED keep the
    source text and give a warning each. With DRY_RUN the set is checked in a
    temporary folder elsewhere and nothing is written.
    """
    source_dir, output_dir = Path(source_dir), Path(output_dir)
    merging = output_dir.is_dir() and not output_dir.is_symlink() and (output_dir / "deck.yaml").is_file()
    check_output_folder(source_dir, output_dir, force or merging)
    document = read_xliff(xlf_path, assets if assets is not None else find_assets(source_dir))
    loaded = load_set(source_dir, assets)
    _check_source_language(document, loaded)
    expected = text_units(loaded, source_dir)
    document, warnings = _matched(document, expected, allow_untranslated)
    warnings += _review_states(document)
    if merging:
        return merge_xliff(
            document,
            loaded,
            source_dir,
            output_dir,
            expected,
            warnings,
            force=force,
            allow_untranslated=allow_untranslated,
            assets=assets,
            dry_run=dry_run,
        )
    targets, more = _targets(document, expected, allow_untranslated)
    warnings += more
    outputs = _translated_files(document, loaded, source_dir, expected, targets)

    if dry_run:
        with tempfile.TemporaryDirectory(prefix="deckgen-dry-run.") as scratch:
            temp = Path(scratch) / output_dir.name
            copy_folder(source_dir, temp)
            for name, text in outputs.items():
                (temp / name).write_bytes(text)
            warnings += _validate_output(
                temp, output_dir, document, expected, targets, assets or find_assets(output_dir)
            )
    else:
        with atomic_folder(output_dir) as temp:
            copy_folder(source_dir, temp)
            for name, text in outputs.items():
                (temp / name).write_bytes(text)
            warnings += _validate_output(temp, output_dir, document, expected, targets, assets)
    translated = sum(1 for unit in expected if targets[unit.id] != unit.source)
    return XliffImport(output_dir, translated, len(expected), warnings)


def _check_source_language(document: XliffDocument, loaded: LoadedContent) -> None:
    """Raise ContentError when the XLIFF was exported from a set in another language than LOADED.

    Tools may write en-US for en, so only the languages are compared, not their regions.
    """
    language = loaded.content.deck.language
    if base_language(document.source_language) != base_language(language):
        location = loaded.deck_file.source_map.locate(("language",))
        raise ContentError.at(
            Location(document.path, document.first_file_line),
            f"source-language '{document.source_language}' is not the language of the "
            f"source set ('{language}' at {location}); import into the set the XLIFF was "
            f"exported from",
        )


def _matched(
    document: XliffDocument, expected: list[TextUnit], allow_untranslated: bool
) -> tuple[XliffDocument, list[Problem]]:
    """Return DOCUMENT with its units keyed by the EXPECTED unit each translates, and warnings.

    A unit is matched by its id when its <source> is the text there; else (an
    older export's id, file#review.findings[1].points[0]) by its source text at
    that key path, or at another position of the same list (a finding inserted
    since). A unit whose source text is in the set no more is an error, or with
    ALLOW_UNTRANSLATED a warning, its target left out. Units matched to nothing
    else are kept under their own id for _targets to report.
    """
    shown = document.path
    by_id = {unit.id: unit for unit in expected}
    by_text: dict[tuple[str, tuple, str], list[TextUnit]] = {}
    for unit in expected:
        by_text.setdefault((unit.file, _plain_path(unit.key_path), unit.source), []).append(unit)
    matched: dict[str, XliffUnit] = {}
    problems, warnings, left = [], [], []
    for found in document.units.values():
        same = by_id.get(found.id)
        if same is not None and same.source == found.source and same.id not in matched:
            matched[same.id] = found
        else:
            left.append(found)
    stale: list[XliffUnit] = []
    for found in left:
        file, _, written = found.id.partition("#")
        key_path = _parse_key_path(written.split("@")[0])
        candidates = [u for u in by_text.get((file, _plain_path(key_path), found.source), []) if u.id not in matched]
        at_path = [u for u in candidates if u.key_path == key_path]
        chosen = (at_path or candidates)[:1]
        if chosen:
            matched[chosen[0].id] = found
        elif any(u.file == file and _plain_path(u.key_path) == _plain_path(key_path) for u in expected):
            stale.append(found)
        else:
            matched[found.id] = found  # not a text value of the source: _targets says so
    for found in stale:
        message = f"unit '{found.id}': its source text is not in the source set any more (changed since the export?)"
        if allow_untranslated:
            warnings.append(Problem(Location(shown, found.line), f"{message}; its target is left out", warning=True))
        else:
            problems.append(
                Problem(
                    Location(shown, found.line),
                    f"{message}; export again, or pass --allow-untranslated to leave it out",
                )
            )
    if problems:
        raise ContentError(problems)
    return dataclasses.replace(document, units=matched), warnings


def _plain_path(key_path: tuple) -> tuple:
    """Return KEY_PATH without its list positions."""
    return tuple(part for part in key_path if not isinstance(part, int))


def _parse_key_path(written: str) -> tuple:
    """Return the key path an id writes: review.findings[1].points[0] -> ("review", "findings", 1, "points", 0)."""
    parts: list = []
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", written):
        parts.append(int(index) if index else key)
    return tuple(parts)


def _targets(
    document: XliffDocument, expected: list[TextUnit], allow_untranslated: bool
) -> tuple[dict[str, str], list[Problem]]:
    """Return the text of each expected unit id, and warnings; raise ContentError when units do not match."""
    shown = document.path
    known = {unit.id for unit in expected}
    problems = [
        Problem(Location(shown, unit.line), f"unit '{unit.id}' is not a text value of the source")
        for key, unit in document.units.items()
        if key not in known
    ]
    warnings = []
    targets = {}
    if not allow_untranslated and not any(unit.target and unit.target.strip() for unit in document.units.values()):
        raise ContentError.at(
            Location(shown),
            f"none of the {len(document.units)} units has a target; is this the file as exported, before translation?",
        )
    for unit in expected:
        found = document.units.get(unit.id)
        if found is None:
            location = Location(shown, document.file_lines.get(unit.file, document.first_file_line))
            if allow_untranslated:
                warnings.append(
                    Problem(
                        location,
                        f"no unit '{unit.id}' for the text at {unit.file}:{unit.line} "
                        f"(new since the export?); the source text is kept",
                        warning=True,
                    )
                )
                targets[unit.id] = unit.source
                continue
            problems.append(
                Problem(
                    location,
                    f"no unit '{unit.id}' for the text at {unit.file}:{unit.line} "
                    f"(new since the export? pass --allow-untranslated to keep the source "
                    f"text)",
                )
            )
            continue
        location = Location(shown, found.line)
        if found.target is None or not found.target.strip():
            if not allow_untranslated:
                problems.append(
                    Problem(
                        location, f"unit '{found.id}' has no target (pass --allow-untranslated to keep the source text)"
                    )
                )
                continue
            warnings.append(
                Problem(location, f"unit '{found.id}' has no target; the source text is kept", warning=True)
            )
            targets[unit.id] = unit.source
        else:
            targets[unit.id] = found.target
    if problems:
        raise ContentError(problems)
    return targets, warnings


def _translated_files(
    document: XliffDocument, loaded: LoadedContent, source_dir: Path, expected: list[TextUnit], targets: dict[str, str]
) -> dict[str, bytes]:
    """Return the new bytes of every content file, by its path in the set."""
    by_file: dict[str, dict[tuple, str]] = {}
    for unit in expected:
        if targets[unit.id] != unit.source:
            by_file.setdefault(unit.file, {})[unit.key_path] = targets[unit.id]
    deck_name = loaded.deck_file.path.relative_to(source_dir).as_posix()
    by_file.setdefault(deck_name, {})[("language",)] = document.target_language
    units = {(unit.file, unit.key_path): unit for unit in expected}
    outputs = {}
    for name, replacements in by_file.items():
        raw = (source_dir / name).read_bytes()
        bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
        try:
            text = replace_strings(raw[len(bom) :].decode("utf-8"), replacements)
        except SharedValue as error:
            unit = units[(name, error.paths[1])]
            first = units.get((name, error.paths[0]))
            other = document.units[first.id].id if first and first.id in document.units else error.paths[0]
            found = document.units[unit.id]
            raise ContentError.at(
                Location(document.path, found.line),
                f"unit '{found.id}' is the same YAML value as '{other}' (an alias); give both the same target",
            ) from None
        outputs[name] = bom + text.encode("utf-8")
    return outputs


def _validate_output(
    temp: Path,
    output_dir: Path,
    document: XliffDocument,
    expected: list[TextUnit],
    targets: dict[str, str],
    assets: Path | None,
) -> list[Problem]:
    """Return the warnings of validating the set written to TEMP; raise ContentError with its problems.

    A problem at a translated value (a letter the fonts lack, text too long for
    a slide) is shown at its unit in the XLIFF, where the translator can fix it;
    any other is shown in OUTPUT_DIR, where the set was going to be.
    """
    try:
        prepared = prepare(temp, assets)
    except ContentError as error:
        raise ContentError(_relocated(error.problems, temp, output_dir, document, expected)) from None
    written = {
        file.path.relative_to(temp).as_posix(): file
        for file in [prepared.loaded.deck_file, *prepared.loaded.issue_files]
    }
    for unit in expected:  # what a reader of the new files gets is what the translator wrote
        if _value_at(written[unit.file], unit.key_path) != targets[unit.id]:
            raise ContentError.at(
                Location(document.path, document.units[unit.id].line),
                f"unit '{document.units[unit.id].id}': the imported file does not hold this target; "
                f"is the value shared with another through a YAML alias?",
            )
    return _relocated(prepared.warnings, temp, output_dir, document, expected)


def _value_at(loaded_file: LoadedFile, key_path: tuple) -> Any:
    """Return the value at KEY_PATH of LOADED_FILE's data."""
    data = loaded_file.data
    for part in key_path:
        data = data[part]
    return data


def _relocated(
    problems: list[Problem], temp: Path, output_dir: Path, document: XliffDocument, expected: list[TextUnit]
) -> list[Problem]:
    """Return PROBLEMS found in the set written to TEMP, each at its XLIFF unit or else in OUTPUT_DIR."""
    if not problems:
        return []  # the usual case: no file needs reading again to place them
    ids = {(unit.file, unit.key_path): unit.id for unit in expected if unit.id in document.units}
    positions: dict[tuple[Path, int, int], str] = {}
    for name in {unit.file for unit in expected}:
        try:
            source_map = load_yaml(temp / name).source_map
        except ContentError:
            continue
        for key_path, (line, col) in [*source_map.values.items(), *source_map.keys.items()]:
            if (name, key_path) in ids:
                positions.setdefault((source_map.path, line, col), ids[(name, key_path)])
    located = []
    for problem in problems:
        location = problem.location
        unit_id = positions.get((location.path, location.line, location.col))
        if unit_id:
            found = document.units[unit_id]
            located.append(
                Problem(Location(document.path, found.line), f"unit '{found.id}': {problem.message}", problem.warning)
            )
        else:
            path = output_dir / location.path.relative_to(temp) if location.path.is_relative_to(temp) else location.path
            located.append(Problem(Location(path, location.line, location.col), problem.message, problem.warning))
    return located


def _review_states(document: XliffDocument) -> list[Problem]:
    """Return a warning for each unit whose target a tool marked as still to review (needs-review-*)."""
    return [
        Problem(
            Location(document.path, unit.line),
            f"unit '{unit.id}': its target is marked {unit.state} in the XLIFF; imported, to review",
            warning=True,
        )
        for unit in document.units.values()
        if unit.state and unit.state.startswith("needs-review")
    ]


class WouldReplace(ContentError):
    """Translations changed since the export that an XLIFF import would replace: listed, with the way to do it."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        many = len(problems) > 1
        self.hint = (
            f"{len(problems)} translated text{'s' if many else ''} above "
            f"{'differ' if many else 'differs'} from the XLIFF: pass --force to replace "
            f"{'them' if many else 'it'}, or fix the XLIFF; nothing was written"
        )

    def format_message(self) -> str:  # noqa: D102 - the texts, then what to do
        return f"{super().format_message()}\n{self.hint}"


def merge_xliff(
    document: XliffDocument,
    loaded: LoadedContent,
    source_dir: Path,
    output_dir: Path,
    expected: list[TextUnit],
    warnings: list[Problem],
    *,
    force: bool,
    allow_untranslated: bool,
    assets: Path | None,
    dry_run: bool,
) -> XliffImport:
    """Merge the XLIFF into OUTPUT_DIR, an existing translation of SOURCE_DIR: replace only what it translates anew.

    First the source's numbers, codes and new items are carried into the translation (as `deckgen sync`
    does). Then a unit's target replaces the translation's text where that text is still the source's
    (new, or never translated), or where the XLIFF was pre-filled from the translation (export --from)
    and the translation has not changed since. A translation changed otherwise is replaced only with
    FORCE; without it, every such text is listed and nothing is written. A unit without a target keeps
    the translation's text. Labels, comments, and every key and file outside the XLIFF stay as they are.
    """
    del allow_untranslated  # a merge keeps the translation's text where a unit has no target: nothing is lost
    shown = display_path(document.path)
    names = sorted({unit.file for unit in expected} | {loaded.deck_file.path.relative_to(source_dir).as_posix()})
    (translation,) = read_each(output_dir)  # a file that links outside the set is refused, never read
    source_files = {f.path.relative_to(source_dir).as_posix(): f for f in [loaded.deck_file, *loaded.issue_files]}
    current: dict[str, str] = {}
    carried: list[Problem] = []
    added: set[str] = set()
    on_disk: dict[str, SourceMap] = {}
    for name in names:
        mine = output_dir / name
        if mine in translation.files or mine in translation.unread:
            mine_read = translation.loaded(mine)
            # Changes are shown where the values stand in the files as they are, before the carried values move them.
            on_disk[name] = mine_read.source_map
            fix = fix_file(source_files[name], mine_read)
            current[name] = fix.text
            carried += fix.changes
        else:
            current[name] = source_files[name].text
            added.add(name)
    maps = {name: load_yaml_text(text, output_dir / name) for name, text in current.items()}

    targets: dict[str, str] = {}
    replacements: dict[str, dict[tuple, str]] = {}
    replaced, conflicts, problems = [], [], []
    for unit in expected:
        found = document.units.get(unit.id)
        target = found.target if found is not None and found.target and found.target.strip() else None
        mine = _lookup(maps[unit.file].data, unit.key_path)
        location = (on_disk.get(unit.file) or maps[unit.file].source_map).locate(unit.key_path)
        if not isinstance(mine, str):
            problems.append(
                Problem(
                    location,
                    f"no text here for unit '{unit.id}' (the source has it at "
                    f"{unit.file}:{unit.line}): the translation is not in step with "
                    f"{display_path(source_dir)}; deckgen check-translation says how",
                )
            )
            continue
        translated = mine != unit.source
        if target is None or target == mine:
            targets[unit.id] = mine
            if target is None and not translated and found is not None:
                warnings.append(
                    Problem(
                        Location(document.path, found.line),
                        f"unit '{found.id}' has no target; the text stays as in the source, to translate",
                        warning=True,
                    )
                )
            continue
        assert found is not None  # a target comes from a unit
        if found.prefilled is not None and found.prefilled != digest(mine) and found.prefilled == digest(target):
            targets[unit.id] = mine  # corrected in the set since the export; the translator left the unit alone
            continue
        anew = not translated or unit.file in added or found.prefilled == digest(mine)
        change = Problem(location, f"{_quoted(mine)} -> {_quoted(target)}")
        if not anew and not force:
            conflicts.append(
                Problem(
                    location,
                    f"translated {_quoted(mine)}, the XLIFF has {_quoted(target)} (unit at {shown}:{found.line})",
                )
            )
            continue
        targets[unit.id] = target
        replacements.setdefault(unit.file, {})[unit.key_path] = target
        replaced.append(change)
    if problems:
        raise ContentError(problems)
    if conflicts:
        raise WouldReplace(conflicts)

    outputs: dict[str, bytes] = {}
    for name in names:
        text = current[name]
        if name in replacements:
            text = replace_strings(text, replacements[name])
        if name in added:
            text = replace_strings(text, {("language",): document.target_language}) if name == "deck.yaml" else text
        original = (output_dir / name).read_bytes() if (output_dir / name).is_file() else None
        data = encoded_like(text, output_dir / name)
        if data != original:
            outputs[name] = data
    with tempfile.TemporaryDirectory(prefix="deckgen-merge.") as scratch:
        temp = Path(scratch) / output_dir.name
        copy_folder(output_dir, temp)
        for name, data in outputs.items():
            (temp / name).parent.mkdir(parents=True, exist_ok=True)
            (temp / name).write_bytes(data)
        warnings += _validate_output(temp, output_dir, document, expected, targets, assets or find_assets(output_dir))
    written = [output_dir / name for name in outputs]
    if not dry_run and outputs:
        atomic_files({output_dir / name: data for name, data in outputs.items()})  # every file, or none
    return XliffImport(
        output_dir,
        len(replaced),
        len(expected),
        warnings,
        merged=True,
        replaced=sorted(replaced, key=lambda p: p.location),
        carried=carried,
        written=written,
    )


def _quoted(text: str, width: int = 40) -> str:
    """Return TEXT in quotes, cut to WIDTH characters with "…"."""
    return '"' + (text if len(text) <= width else text[: width - 1] + "…") + '"'
