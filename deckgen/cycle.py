"""The next cycle's content set, started from the one just presented: `deckgen new-cycle`.

A deck speaks to one review cycle. The next deck assesses what became of the
recommendations of the cycle just presented, so each issue's review moves on
one cycle and starts from the coalition's own recommendations of that cycle;
everything the coalition must write anew is left empty ("" or []), which the
format accepts as still to fill: `deckgen validate` lists it, and
`deckgen build --draft` builds the deck anyway.

The files are edited through ruamel.yaml's round trip, so the
`# yaml-language-server` line and the comments of what is kept stay as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from deckgen.assets import find_assets
from deckgen.content.rewrite import dump_text, round_trip_yaml
from deckgen.content.sets import content_paths
from deckgen.errors import display_path
from deckgen.files import atomic_folder, check_output_folder, copy_folder
from deckgen.load import load_set, load_sets


@dataclass(frozen=True)
class NewSet:
    """One content set new_cycle wrote."""

    path: Path
    """Where it is, under the destination."""
    cycle: int
    """The cycle of its deck."""
    issues: int
    tracked: int
    """Recommendations of the cycle just presented, carried into the reviews to assess."""
    to_fill: int
    """How many things are still to fill, as `deckgen validate` lists them."""


@dataclass(frozen=True)
class NewCycleResult:
    """What new_cycle wrote."""

    dest: Path
    sets: tuple[NewSet, ...]
    replaced: tuple[str, ...] = ()
    """With force, each file of the folder it replaced whose content is gone: "next/deck.yaml (rewritten)"."""


def placeholder_id(cycle: int, issue_number: int, item: int) -> str:
    """Return the id of the coalition's recommendation ITEM (1-based) of issue ISSUE_NUMBER, made in CYCLE.

    "C4-01-2": the coalition's, cycle 4, issue 1, its 2nd recommendation. Unique in
    the deck, the same in every language, and unlike a UN paragraph number such as
    "141.12", which an import of the UN's list brings.
    """
    return f"C{cycle}-{issue_number:02d}-{item}"


def new_cycle(source: Path, dest: Path, *, force: bool = False, assets: Path | None = None) -> NewCycleResult:
    """Write DEST: the next cycle's content set of SOURCE (a content set, or a folder of them, laid out alike).

    For each set: deck.yaml's cycle goes up by one and its title (and event) are left
    to fill; each issue's review becomes the review of the cycle just presented, its
    tracked list the issue's recommendations of that cycle with statuses to fill,
    its findings to fill; the issue's new recommendations are to fill and its speaker
    notes dropped. Every source set must be valid, as presented.
    Nothing is written on any problem; DEST appears complete or not at all, and an
    existing DEST is replaced only with FORCE.
    """
    source, dest = Path(source), Path(dest)
    if not source.is_dir():
        content_paths(source)  # raises "no such folder", as every command says it
    check_output_folder(source, dest, force)
    found = load_sets(source, assets)
    found.raise_problems()
    sets = found.paths
    loaded = dict(zip(sets, found.sets))

    before = _files_of(dest) if dest.is_dir() else {}
    written = []
    with atomic_folder(dest) as temp:
        copy_folder(source, temp)  # anything beside the files, too (a set's own assets)
        for content_dir in sets:
            relative = content_dir.relative_to(source)
            cycle, tracked = _advance(temp / relative, loaded[content_dir].content.issue_files)
            # The new set must load as a draft: anything else would be deckgen's mistake, caught before it appears.
            check = load_set(temp / relative, assets or find_assets(content_dir), draft=True)
            written.append(NewSet(dest / relative, cycle, len(check.content.issues), tracked, len(check.to_fill)))
    after = _files_of(dest)
    replaced = tuple(
        f"{display_path(dest / name)} ({'rewritten' if name in after else 'gone'})"
        for name, data in before.items()
        if after.get(name) != data
    )
    return NewCycleResult(dest, tuple(written), replaced)


def _files_of(folder: Path) -> dict[str, bytes | None]:
    """Return the files under FOLDER by their path in it, with their bytes (None past a few MB, never compared)."""
    found: dict[str, bytes | None] = {}
    budget = 20 * 1024 * 1024
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            found[path.relative_to(folder).as_posix()] = path.read_bytes() if size <= budget else None
            budget -= min(size, budget)
    return found


def _empty_list() -> CommentedSeq:
    """Return [] as YAML writes it in flow style: a visible "still to fill"."""
    seq = CommentedSeq()
    seq.fa.set_flow_style()
    return seq


def _advance(content_dir: Path, issue_files: tuple[str, ...]) -> tuple[int, int]:
    """Rewrite CONTENT_DIR's deck.yaml and issue files (ISSUE_FILES, in order) for the next cycle.

    Return the new cycle and how many recommendations were carried into the reviews.
    """
    yaml = round_trip_yaml()
    deck_path = content_dir / "deck.yaml"
    deck = yaml.load(deck_path.read_text(encoding="utf-8-sig"))
    presented = int(deck["cycle"])
    deck["cycle"] = presented + 1
    for key in ("title", "event"):
        if deck.get(key):
            # The text names the cycle just presented, in its own words and language: rewritten by hand,
            # with the old text beside it to start from.
            deck.yaml_add_eol_comment(f"cycle {presented}: {' '.join(str(deck[key]).split())}", key)
            deck[key] = DoubleQuotedScalarString("")
    deck.pop("closing_asks", None)  # the asks of the cycle just presented; the next cycle's are its own
    deck_path.write_text(dump_text(yaml, deck), encoding="utf-8")

    tracked = 0
    for number, name in enumerate(issue_files, 1):
        path = content_dir / "issues" / name
        issue = yaml.load(path.read_text(encoding="utf-8-sig"))
        items = CommentedSeq()
        for item, text in enumerate(issue.get("recommendations") or [], 1):
            text = text.get("text", "") if isinstance(text, dict) else text  # {text, priority}: the text is tracked
            items.append(CommentedMap([("id", placeholder_id(presented, number, item)), ("text", text)]))
        tracked += len(items)
        issue["review"] = CommentedMap([("cycle", presented), ("findings", _empty_list()), ("recommendations", items)])
        issue["recommendations"] = _empty_list()
        for key in ("notes", "headline", "script"):  # they spoke of the cycle just presented
            issue.pop(key, None)
        path.write_text(dump_text(yaml, issue), encoding="utf-8")
    return deck["cycle"], tracked
