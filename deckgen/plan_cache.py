"""The plan cache: the planned decks of a deck's languages, kept under a key of everything they are planned from.

A deck's languages are planned together (page for page), so building one language plans them all.
The cache keeps every language's plan, keyed on the content hashes of all of them, the assets, the
template, the build's choices and deckgen's own files: building content/ru after content/en, or
rebuilding a deck nothing of which changed, reuses the plans instead of planning every language
again at every size (the languages are still loaded and checked, for their warnings). Any change to
any of those files is a new key, so a plan is never stale.

The cache lives in $DECKGEN_CACHE_DIR/plans, else the platform's user cache folder
(~/.cache/deckgen/plans on Linux); `deckgen build --no-cache` neither reads nor writes it. Entries
are written atomically and the oldest are removed beyond MAX_ENTRIES; an entry that cannot be read
is planned afresh.

The same folder keeps whole decks (`deck_key`, `load(key, DECKS)`): `deckgen build` of a deck
none of whose inputs changed writes the deck it wrote last time, without loading, planning or
rendering anything; its key is made from the files alone, before anything is loaded, so it covers
more files than the build reads (never fewer).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path

CACHE_ENV = "DECKGEN_CACHE_DIR"
FORMAT = 1
"""Bumped when an entry's layout changes."""
MAX_ENTRIES = 64
PLANS = "plans"
DECKS = "decks"
"""The two kinds of entry, each in its own folder: planned decks (DeckSpec) and built decks (their bytes)."""
MAX_DECK_ENTRIES = 16
"""Built decks are larger (a 350-slide deck is about 2 MB): fewer are kept."""


def cache_dir(kind: str = PLANS) -> Path:
    """Return the folder holding cached entries of KIND: $DECKGEN_CACHE_DIR/KIND, else in the platform's user cache."""
    root = os.environ.get(CACHE_ENV)
    if not root:
        from platformdirs import user_cache_dir

        root = user_cache_dir("deckgen", appauthor=False)
    return Path(root) / kind


PACKAGE = Path(__file__).parent
"""deckgen's own files: any change to them (a new version, an edit) is a new key."""


def _code_stamp(digest) -> None:
    """Add deckgen's own files (code, built-in locales, themes and fonts) to DIGEST: a new deckgen plans anew."""
    digest.update(_code_files(PACKAGE))


@functools.cache
def _code_files(package: Path) -> bytes:
    """Return the names, sizes and times of deckgen's own files, read once per process: a build keys both its
    decks and its plans by them (7 ms a walk), and a new deckgen is a new process."""
    lines = []
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            lines.append(f"{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\0")
    return "".join(lines).encode()


def _files(digest, root: Path, files: Iterable[Path]) -> None:
    for path in files:
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
        _file(digest, path)


MAX_HASHED_BYTES = 64 * 1024 * 1024
"""A file larger than this is keyed by its size and time, not read: no content file is this large."""


def _file(digest, path: Path) -> None:
    """Add the file at PATH to DIGEST: its bytes' hash; a FIFO, device or folder is never opened (the build,
    not the key, says what is wrong with it), and a very large file is keyed by its size and time."""
    from deckgen.files import read_regular

    try:
        info = os.stat(path)
        if info.st_size > MAX_HASHED_BYTES:
            digest.update(f"large\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
            return
        digest.update(hashlib.sha256(read_regular(path)).digest())
    except (OSError, ValueError):  # not a regular file (NotARegularFile is an OSError), gone, unreadable
        digest.update(b"unreadable\0")


def plan_key(folders: Iterable[Path], assets: Path | None, choices: object, template: Path | None) -> str:
    """Return the key of the plans of FOLDERS (the languages of one deck, in any order) with ASSETS, CHOICES
    (the plan options, by their repr) and TEMPLATE: a hash of every file they are made from."""
    digest = hashlib.sha256(f"deckgen plans {FORMAT}\0{choices!r}\0".encode())
    _code_stamp(digest)
    for folder in sorted(Path(f).resolve() for f in folders):
        digest.update(f"set\0{folder}\0".encode())
        _files(digest, folder, sorted(p for p in folder.rglob("*") if p.is_file()))
    if assets is not None and Path(assets).is_dir():
        root = Path(assets).resolve()
        digest.update(f"assets\0{root}\0".encode())
        _files(digest, root, sorted(p for p in root.rglob("*") if p.is_file()))
    if template is not None:
        digest.update(b"template\0")
        _file(digest, Path(template))
    return digest.hexdigest()


def deck_key(folder: Path, assets: Path | None, choices: object, template: Path | None) -> str:
    """Return the key of the decks `deckgen build FOLDER` writes with ASSETS (as given), CHOICES and TEMPLATE.

    Made before anything is loaded, from the files alone, so it takes in more than the build reads:
    FOLDER's whole tree; for a content set (FOLDER/deck.yaml), every folder beside it with a deck.yaml
    (the languages it may be paginated with); the assets folder given, else every assets/ that
    find_assets would find for those folders; TEMPLATE; deckgen's own files. The working folder and
    the names as given are in it too, as the decks' warnings name files by them.
    """
    folder = Path(folder)
    digest = hashlib.sha256(f"deckgen decks {FORMAT}\0{choices!r}\0{os.getcwd()}\0{folder}\0{assets}\0".encode())
    _code_stamp(digest)
    sets = [folder]
    if (folder / "deck.yaml").is_file():
        sets += sorted(p.parent for p in folder.parent.glob("*/deck.yaml"))
    else:
        sets += sorted(p.parent for p in folder.glob("*/deck.yaml"))
    roots = sorted({p.resolve() for p in sets})
    if assets is not None:
        roots.append(Path(assets).resolve())
    else:
        from deckgen.files import find_assets

        roots += sorted({found.resolve() for p in sets if (found := find_assets(p)) is not None})
    for root in dict.fromkeys(roots):
        digest.update(f"tree\0{root}\0".encode())
        if root.is_dir():
            _files(digest, root, sorted(p for p in root.rglob("*") if p.is_file()))
    if template is not None:
        digest.update(b"template\0")
        _file(digest, Path(template))
    return digest.hexdigest()


def load(key: str, kind: str = PLANS) -> Mapping[str, object] | None:
    """Return the entry of KIND cached under KEY (plans: each language's folder -> its DeckSpec), or None."""
    from deckgen.files import read_regular

    path = cache_dir(kind) / f"{key}.pickle"
    try:
        entry = pickle.loads(read_regular(path))  # a FIFO or folder planted there is not waited on
    except (
        OSError,
        pickle.UnpicklingError,
        EOFError,
        AttributeError,
        ImportError,
        TypeError,
        ValueError,
        IndexError,
        KeyError,
    ):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    os.utime(path)  # recently used: pruned last
    return entry["plans"]


def store(key: str, plans: Mapping[str, object], kind: str = PLANS) -> None:
    """Cache PLANS (an entry of KIND) under KEY; a cache that cannot be written is left alone (the build goes on)."""
    from deckgen.errors import OutputError
    from deckgen.files import atomic_output

    folder = cache_dir(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_output(folder / f"{key}.pickle") as temp:
            Path(temp).write_bytes(pickle.dumps({"key": key, "plans": dict(plans)}, protocol=pickle.HIGHEST_PROTOCOL))
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[: -(MAX_DECK_ENTRIES if kind == DECKS else MAX_ENTRIES)]:
            old.unlink(missing_ok=True)
    except (OSError, OutputError):
        return
