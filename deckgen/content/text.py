"""Which values of a content file are text: what translators translate and fonts must draw.

The content format says text values are translated; keys, numbers, status words
and file names never are. This module is the one place that says which string
values are which.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell's text as a formula (OWASP's CSV injection list): a table or workbook
deckgen writes keeps such text as text."""

NOT_TEXT_KEYS = frozenset({"language", "theme", "logo", "status", "id", "response", "format"})
"""Keys whose string values are codes or file names, the same in every language."""


def key_path_text(key_path: tuple) -> str:
    """Return KEY_PATH as a reader writes it: ("review", "findings", 1, "points", 0) -> review.findings[1].points[0]."""
    written = ""
    for part in key_path:
        written += f"[{part}]" if isinstance(part, int) else f".{part}" if written else str(part)
    return written


def text_values(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Yield (key path, text) for every translatable string value in DATA, in file order.

    A key path is a tuple of mapping keys and list indexes, as SourceMap.locate takes.
    """
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_TEXT_KEYS:
                yield from text_values(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_values(value, path + (index,))
    elif isinstance(data, str):
        yield path, data
