"""Content files rewritten by deckgen itself (import, new-cycle), keeping what people wrote.

ruamel.yaml's round trip keeps comments, key order and quoting; these settings
keep long hand-written lines unfolded and the indentation of deckgen's own files.
"""

from __future__ import annotations

import difflib
import io

from ruamel.yaml import YAML


def round_trip_yaml() -> YAML:
    """Return a ruamel.yaml loader and dumper that leaves hand-written text as it was."""
    yaml = YAML()
    yaml.width = 4096  # never fold a hand-written line
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump_text(yaml: YAML, document) -> str:
    """Return DOCUMENT written by YAML as text."""
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


_STYLES = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 3, 1))
"""Indentations (mapping, sequence, offset) a file may be written in: deckgen's own first, then zero-indented
lists, four-space files and others people's editors write."""


def keep_style(original: str, rewritten: str) -> str:
    """Return REWRITTEN (ORIGINAL as ruamel.yaml dumped it after a change) with only the changed lines changed.

    ruamel.yaml's round trip writes a whole file in one indentation and one way of writing flow lists,
    and drops a comment that stood below a key it deletes. A file written another way (zero-indented
    lists, aligned flow lists) would have every line rewritten for one changed status. So the change
    is found line by line between the file as ruamel.yaml writes it before and after the change (in
    the indentation closest to the file's), and only those lines are replaced in ORIGINAL; comment
    lines the change would drop stay. The result is checked to hold the same data as REWRITTEN, and
    REWRITTEN is returned when it does not.
    """
    if original == rewritten:
        return original
    try:
        before, after = _dumped_alike(original, rewritten)
    except Exception:  # noqa: BLE001 - ruamel.yaml fails in many ways on text it wrote itself only in theory
        return rewritten
    merged = _merge_lines(
        original.splitlines(keepends=True), before.splitlines(keepends=True), after.splitlines(keepends=True)
    )
    if not merged.endswith("\n") and rewritten.endswith("\n"):
        merged += "\n"
    return merged if _same_data(merged, rewritten) else rewritten


def _dumped_alike(original: str, rewritten: str) -> tuple[str, str]:
    """Return ORIGINAL and REWRITTEN as ruamel.yaml writes them in the indentation that changes ORIGINAL least."""

    best: tuple[int, str, str] | None = None
    for mapping, sequence, offset in _STYLES:
        yaml = round_trip_yaml()
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        before = dump_text(yaml, yaml.load(original))
        matcher = difflib.SequenceMatcher(None, original.splitlines(), before.splitlines(), autojunk=False)
        differing = sum(max(a2 - a1, b2 - b1) for tag, a1, a2, b1, b2 in matcher.get_opcodes() if tag != "equal")
        if best is None or differing < best[0]:
            best = (differing, before, dump_text(yaml, yaml.load(rewritten)))
        if differing == 0:
            break
    assert best is not None
    return best[1], best[2]


def _merge_lines(original: list[str], before: list[str], after: list[str]) -> str:
    """Return ORIGINAL with the changes from BEFORE to AFTER applied where BEFORE's lines stand in ORIGINAL."""

    strip = [line.rstrip("\r\n") for line in original]
    kept = difflib.SequenceMatcher(None, strip, [line.rstrip("\n") for line in before], autojunk=False).get_opcodes()
    changes = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    # Each change of BEFORE, widened to whole blocks where ORIGINAL is written otherwise than BEFORE.
    spans: list[list[int]] = []
    for tag, b1, b2, _, _ in changes:
        if tag == "equal":
            continue
        for ktag, _, _, k1, k2 in kept:
            touches = (b1 < k2 and k1 < b2) if b1 < b2 else k1 < b1 < k2
            if ktag != "equal" and touches:
                b1, b2 = min(b1, k1), max(b2, k2)
        if spans and b1 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b2)
        else:
            spans.append([b1, b2])
    out: list[str] = []
    position = 0  # in ORIGINAL
    for b1, b2 in spans:
        a1, a2 = _mapped(kept, b1, start=True), _mapped(kept, b2, start=False)
        c1, c2 = _mapped(changes, b1, start=True, other=True), _mapped(changes, b2, start=False, other=True)
        out += original[position:a1]
        replacement = after[c1:c2]
        gone = {line.strip() for line in replacement}
        # A comment below a deleted key is the translator's or coordinator's: it stays.
        replacement += [line for line in original[a1:a2] if line.lstrip().startswith("#") and line.strip() not in gone]
        out += replacement
        position = a2
    out += original[position:]
    return "".join(out)


def _mapped(opcodes: list, index: int, *, start: bool, other: bool = False) -> int:
    """Return where line INDEX of the second sequence of OPCODES (the first with OTHER) stands in the other one.

    OPCODES are difflib's between (x, y); INDEX is a line number of y (of x with OTHER), at an edge of a
    block that differs, or inside one that is equal.
    """
    for tag, x1, x2, y1, y2 in opcodes:
        here1, here2, there1, there2 = (x1, x2, y1, y2) if other else (y1, y2, x1, x2)
        if tag == "equal" and here1 <= index < here2:
            return there1 + (index - here1)
        if tag != "equal" and here1 <= index <= here2:
            if here1 == here2:
                return there1 if start else there2
            if index == here1:
                return there1
            if index == here2:
                return there2
    return (opcodes[-1][4] if other else opcodes[-1][2]) if opcodes else 0


def _same_data(first: str, second: str) -> bool:
    """Return whether two YAML texts hold the same data (comments and layout aside)."""
    yaml = YAML(typ="safe", pure=True)
    try:
        return yaml.load(first) == yaml.load(second)
    except Exception:  # noqa: BLE001 - a text that does not parse holds no data to compare
        return False
