"""The Universal Human Rights Index's "Export to Excel": its columns, its Text cells, and the theme map.

A UHRI export names no issue file: the paragraph number leads each `Text`, and a
theme map, written by the coalition, assigns the export's `Themes` to issue files.
"""

from __future__ import annotations

import re
from pathlib import Path

from deckgen.content.model import as_written
from deckgen.content.yaml_source import load_yaml
from deckgen.errors import ContentError, Problem

UHRI_COLUMNS = {"text": "Text", "states": "UPR Reccomending States", "response": "UPR Position", "themes": "Themes"}
"""The UHRI export's columns an import reads (the export spells "Reccomending" so), by what they hold."""

UHRI_ALIASES = {"upr recommending states": "upr reccomending states"}
"""Spellings a corrected UHRI export may use."""

PARAGRAPH = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s+(\S.*)$", re.DOTALL)
"""A UHRI Text cell: the report's paragraph number, then the recommendation."""


def load_theme_map(
    path: Path, stems: list[str], known: set[str] | frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    """Return the theme map at PATH as theme (casefolded) -> issue file stems in file order.

    The file maps an issue file's name without .yaml to the UHRI themes it covers:
    `02-childrens-rights: [Rights of the child, Juvenile justice]`. A theme is read
    whole: in a [flow list], YAML splits "Women's rights, gender equality" at its
    comma, so items that together name one of KNOWN (the export's themes, as
    theme_key gives them) are joined again.
    """
    loaded = load_yaml(path)
    lines = loaded.text.splitlines()  # as read: the file is not read twice
    source, data = loaded.source_map, loaded.data
    problems = list(loaded.problems)
    if not isinstance(data, dict):
        raise ContentError.at(
            source.locate(()),
            "a theme map maps issue files to lists of UHRI themes, e.g. '02-childrens-rights: [Rights of the child]'",
        )
    themes: dict[str, list[str]] = {}
    for stem in sorted(data, key=lambda s: stems.index(s) if s in stems else len(stems)):
        value = data[stem]
        if stem not in stems:
            problems.append(
                Problem(
                    source.locate((stem,), key=True),
                    f"no issue file '{stem}.yaml'; the issue files are {', '.join(stems)}",
                )
            )
            continue
        listed = value if isinstance(value, list) else [value]
        if isinstance(value, list) and known and _flow_list(lines, source.values.get((stem,))):
            listed = _whole_themes(listed, known)
        for i, theme in enumerate(listed):
            theme = as_written(theme)
            if not isinstance(theme, (str, int)) or isinstance(theme, bool) or not str(theme).strip():
                key_path = (stem, i) if isinstance(value, list) else (stem,)
                problems.append(Problem(source.locate(key_path), "a theme must be text, as the UHRI export writes it"))
                continue
            themes.setdefault(theme_key(str(theme)), []).append(stem)
    if problems:
        raise ContentError(problems)
    return themes


def theme_key(theme: str) -> str:
    """Return THEME as theme maps and exports are matched: casefolded, spaces collapsed."""
    return " ".join(theme.casefold().split())


def _flow_list(lines: list[str], position: tuple[int, int] | None) -> bool:
    """Return whether the value at POSITION (line, col) of the file's LINES is written as a [flow list]."""
    if position is None:
        return False
    line, col = position
    return lines[line - 1][col - 1 : col] == "[" if line <= len(lines) else False


def _whole_themes(items: list, known: set[str] | frozenset[str]) -> list:
    """Return ITEMS with each run of items that, joined by ", ", names a KNOWN theme, joined again (longest first)."""
    whole, i = [], 0
    while i < len(items):
        for end in range(len(items), i + 1, -1):
            run = items[i:end]
            if all(isinstance(item, str) for item in run) and theme_key(", ".join(run)) in known:
                whole.append(", ".join(run))
                i = end
                break
        else:
            whole.append(items[i])
            i += 1
    return whole
