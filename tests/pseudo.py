"""A pseudo-translation for tests: a content set with every text value 40% longer, in Latin and Cyrillic words.

Translations run longer than the English (Russian and Kazakh by 15 to 30%); a deck must
stay in step and fit with one 40% longer. The issue files keep their names, structure and
numbers, so the pseudo-translation is a sibling language of the set it comes from.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import yaml

from deckgen.content.text import NOT_TEXT_KEYS

EXTRA_WORDS = (
    "lorem",
    "правозащитный",
    "ipsum",
    "рекомендация",
    "consectetur",
    "мониторинг",
    "adipiscing",
    "государственный",
    "elit",
    "гражданский",
)


def lengthened(text: str, factor: float, words) -> str:
    """Return TEXT with words from WORDS spread between its own until it is FACTOR times as long (or more)."""
    need = len(text) * (factor - 1)
    own = text.split(" ")
    out, added = [], 0
    for i, word in enumerate(own, 1):
        out.append(word)
        if added < need * i / len(own):
            extra = next(words)
            out.append(extra)
            added += len(extra) + 1
    result = " ".join(out)
    while len(result) < len(text) * factor:
        result += " " + next(words)
    return result


def _walk(data, factor: float, words):
    if isinstance(data, dict):
        return {k: v if k in NOT_TEXT_KEYS else _walk(v, factor, words) for k, v in data.items()}
    if isinstance(data, list):
        return [_walk(v, factor, words) for v in data]
    if isinstance(data, str):
        return lengthened(data, factor, words)
    return data


def pseudo_translation(source: Path, dest: Path, language: str = "ru", factor: float = 1.4) -> Path:
    """Write DEST: SOURCE's content set with every text value FACTOR times as long, in LANGUAGE's labels."""
    shutil.copytree(source, dest)
    words = itertools.cycle(EXTRA_WORDS)
    for path in [dest / "deck.yaml", *sorted((dest / "issues").glob("*.yaml"))]:
        data = _walk(yaml.safe_load(path.read_text(encoding="utf-8")), factor, words)
        if path.name == "deck.yaml":
            data["language"] = language
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return dest
