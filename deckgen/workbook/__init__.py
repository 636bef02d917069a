"""The whole deck in one workbook, languages side by side: for coordinators and members who do not write YAML.

YAML stays deckgen's canonical format; a workbook is a second, complete way in.
Each number and code is typed once, and each text has one column per language.

- words.py: the workbook's own words (sheet names, headers, kinds, the Read me) in en, ru and kk,
  and the status words of every shipped locale;
- read.py: a workbook read safely into each language's content data, with a map of the cell
  every value came from (what `deckgen build deck.xlsx` loads, every problem located by sheet and cell);
- export.py: a folder of languages written as a workbook (`deckgen workbook export`);
- merge.py: a workbook written back into every language's YAML (`deckgen workbook import`),
  unchanged files untouched, comments and key order kept.
"""

from __future__ import annotations

from pathlib import Path


def is_workbook(path: Path) -> bool:
    """Return whether PATH names a workbook (.xlsx) rather than a folder of content.

    Here, not in read.py: loading a folder asks it, and imports the workbook reader only for a workbook.
    """
    return Path(path).suffix.lower() in (".xlsx", ".xlsm") and not Path(path).is_dir()
