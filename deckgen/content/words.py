"""Status and response words as people write them: codes, the labels of every shipped locale, common variants.

A member filling a spreadsheet writes what the deck shows ("Частично выполнены",
"Partly implemented", "Implemented."), not deckgen's codes; the words are read here,
for imports and content files alike. The labels come from deckgen's own locale files
(read as data: the content layer stands below the locale package), so a label changed
there is understood at once.
"""

from __future__ import annotations

import difflib
import functools
import re
from enum import Enum
from pathlib import Path
from typing import TypeVar

import yaml

EnumT = TypeVar("EnumT", bound=Enum)

_LOCALE_FILES = Path(__file__).parents[1] / "locale"
"""deckgen's shipped locale files (deckgen/locale/*.yaml), whose status and response labels are read here."""
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""yaml.safe_load's loader, in C when PyYAML was built with libyaml."""

_VARIANTS: dict[str, str] = {
    # English, as members type it
    "fully implemented": "implemented",
    "partly implemented": "partially_implemented",
    "partially": "partially_implemented",
    "partly": "partially_implemented",
    "partial": "partially_implemented",
    "unimplemented": "not_implemented",
    "n/a": "no_data",
    "na": "no_data",
    "no information": "no_data",
    "partly supported": "partially_supported",
    "accepted": "supported",
    # Russian: the labels describe recommendations (plural); a member writes of one
    "выполнена": "implemented",
    "выполнено": "implemented",
    "выполнен": "implemented",
    "полностью выполнены": "implemented",
    "полностью выполнена": "implemented",
    "частично выполнена": "partially_implemented",
    "частично выполнено": "partially_implemented",
    "частично выполнен": "partially_implemented",
    "частично": "partially_implemented",
    "не выполнена": "not_implemented",
    "не выполнено": "not_implemented",
    "не выполнен": "not_implemented",
    "н/д": "no_data",
    "поддержана": "supported",
    "поддержаны": "supported",
    "принята к сведению": "noted",
    # Kazakh
    "ішінара": "partially_implemented",
    "орындалды": "implemented",
    "ішінара орындалды": "partially_implemented",
    "орындалмады": "not_implemented",
}
"""Other spellings taken without a word, beside the codes and every shipped locale's labels."""

_ONLY_SUGGESTED: dict[str, str] = {
    "done": "implemented",
    "complete": "implemented",
    "completed": "implemented",
    "finished": "implemented",
    "yes": "implemented",
    "in progress": "partially_implemented",
    "ongoing": "partially_implemented",
    "started": "partially_implemented",
    "no": "not_implemented",
    "not done": "not_implemented",
    "unknown": "no_data",
    "сделано": "implemented",
    "да": "implemented",
    "в процессе": "partially_implemented",
    "нет": "not_implemented",
    "не сделано": "not_implemented",
}
"""Words close enough in meaning to suggest, never to take: "done" may mean implemented, or only begun."""


def normal(word: str) -> str:
    """Return WORD as words are compared: case, underscores, hyphens, runs of spaces, trailing dots set aside."""
    word = re.sub(r"[\s_\-\u00a0]+", " ", str(word).casefold().replace("ё", "е"))
    return word.strip().rstrip(".!;,").strip()


@functools.cache
def shipped_labels() -> dict[str, dict[str, str]]:
    """Return {language: {code: label}} of the statuses and responses in deckgen's shipped locale files."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(_LOCALE_FILES.glob("*.yaml")):
        try:
            # libyaml when it is there (what safe_load reads, five times faster): every command reads these
            labels = (yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}).get("labels", {})
        except (OSError, yaml.YAMLError):
            continue
        found[path.stem] = {
            key.split(".", 1)[1]: value
            for key, value in labels.items()
            if key.startswith(("status.", "response.")) and isinstance(value, str)
        }
    return found


@functools.cache
def _known(kind: type[Enum]) -> dict[str, tuple[Enum, str | None]]:
    """Return every accepted spelling of KIND's words (normalised) -> (the word, the language of a label)."""
    words: dict[str, tuple[Enum, str | None]] = {}
    for language, labels in shipped_labels().items():
        for code, label in labels.items():
            if code in kind.__members__:
                words.setdefault(normal(label), (kind(code), language))
    for spelling, code in _VARIANTS.items():
        if code in kind.__members__:
            words.setdefault(normal(spelling), (kind(code), None))
    for member in kind:
        words.setdefault(normal(member.value), (member, None))
    return words


def read_word(kind: type[EnumT], written: str) -> EnumT | None:
    """Return WRITTEN as one of KIND's words (Status or Response), or None when it is none of them."""
    found = _known(kind).get(normal(written))
    return found[0] if found else None  # type: ignore[return-value]


def word_language(kind: type[Enum], written: str) -> str | None:
    """Return the language whose label WRITTEN is ("Частично выполнены" -> ru), or None for a code or variant."""
    found = _known(kind).get(normal(written))
    return found[1] if found else None


def labels_in(kind: type[Enum], language: str | None) -> list[str]:
    """Return KIND's words as LANGUAGE's deck shows them (its labels, in the words' order); codes without one."""
    labels = shipped_labels().get((language or "").split("-")[0].lower()) or {}
    return [labels.get(word.value, word.value) for word in kind]


def suggestion(kind: type[EnumT], written: str) -> EnumT | None:
    """Return the word WRITTEN most likely means, for a "did you mean", or None."""
    key = normal(written)
    meant = _ONLY_SUGGESTED.get(key)
    if meant in kind.__members__:
        return kind(meant)
    near = difflib.get_close_matches(key, list(_known(kind)), n=1, cutoff=0.6)
    return _known(kind)[near[0]][0] if near else None  # type: ignore[return-value]


def as_code(kind: type[Enum], value: object) -> object:
    """Return VALUE (a written word, or a list of them) with each word KIND knows as its code; the rest as it is."""
    if isinstance(value, str):
        word = read_word(kind, value)
        return word.value if word is not None else value
    if isinstance(value, list):
        return [as_code(kind, v) if isinstance(v, str) else v for v in value]
    return value
