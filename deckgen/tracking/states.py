"""The States of the United Nations, to read a States cell such as "France, Germany".

A cell may list States one per line, or separated by ';'. A comma is ambiguous, so it
separates only when every part is the name of a UN Member or observer State (the UN's own
list, shipped as un_states.txt); otherwise the cell stays one name, with a warning.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_LIST = Path(__file__).with_name("un_states.txt")

_SHORT_NAMES = (
    "Bolivia",
    "Cape Verde",
    "Czech Republic",
    "Iran",
    "Ivory Coast",
    "Korea",
    "Laos",
    "Micronesia",
    "Moldova",
    "Netherlands",
    "Palestine",
    "Russia",
    "South Korea",
    "North Korea",
    "Swaziland",
    "Syria",
    "Tanzania",
    "Turkey",
    "UK",
    "United Kingdom",
    "United States",
    "USA",
    "US",
    "Vatican",
    "Venezuela",
    "Vietnam",
    "Macedonia",
    "The Gambia",
    "The Bahamas",
    "Democratic Republic of Congo",
    "DRC",
    "UAE",
)
"""Names people write for some States, beside the UN's own: each still a State."""


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().casefold()


@functools.cache
def un_states() -> frozenset[str]:
    """Return the names of the UN's Member and observer States (and their usual short forms), compared folded."""
    names = [
        line.strip()
        for line in _LIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return frozenset(_key(name) for name in (*names, *_SHORT_NAMES))


def is_state(name: str) -> bool:
    """Return whether NAME is a UN Member or observer State's name."""
    return _key(name) in un_states()


def split_states(part: str) -> tuple[tuple[str, ...], str | None]:
    """Return PART of a States cell as States: split at commas when every piece is a State.

    The second value is a warning when PART holds a comma but stays one name.
    """
    if "," not in part:
        return (part,), None
    pieces = [piece.strip() for piece in part.split(",") if piece.strip()]
    if all(is_state(piece) for piece in pieces):
        return tuple(pieces), None
    unknown = next(piece for piece in pieces if not is_state(piece))
    return (part,), (
        f"'{part}' kept as one State's name: '{unknown}' is not a UN Member or observer State; "
        f"separate States with ';' or one per line"
    )
