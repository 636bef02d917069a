"""deckgen watch: rebuild a deck each time its content or assets change, reporting problems without stopping."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import click
import watchfiles

from deckgen.assets import find_assets
from deckgen.build import BuildOptions, build
from deckgen.content.sets import content_paths
from deckgen.errors import ContentError, DeckgenError, counted, display_path
from deckgen.tally import Tally

ChangeBatch = Iterable[tuple[watchfiles.Change, str]]
"""One batch of file changes as watchfiles yields them: (change kind, path) pairs."""

Echo = Callable[..., None]
"""echo(message, err=False), as click.echo."""

EDITOR_FILES = (r"^4913$", r"^\.goutputstream-", r"\.kate-swp$", r"^\.~lock\.")
"""Files editors make while saving (vim's write test, gedit, Kate, LibreOffice locks), beyond watchfiles' own list."""


class Rebuilder:
    """Builds one content set again and again, reporting each outcome in a line or a list of problems."""

    def __init__(self, content_dir: Path, output: Path | None, assets: Path | None, echo: Echo, draft: bool = False):
        self.content_dir = Path(content_dir)
        self.output = Path(output) if output else None
        self.assets = Path(assets) if assets else find_assets(self.content_dir)
        self.echo = echo
        self.draft = draft
        """Build drafts: what is still to fill is a warning, every slide marked DRAFT (a new cycle's set)."""
        self.cache = True
        """Whether rebuilds use the plan cache of the other languages (the benchmark turns it off)."""
        self.written: set[Path] = set()
        """Every deck this session wrote: changes to them (and their temporary files) are not edits."""
        self._editor_files = watchfiles.DefaultFilter(
            ignore_entity_patterns=(*watchfiles.DefaultFilter.ignore_entity_patterns, *EDITOR_FILES)
        )

    @property
    def watched(self) -> list[Path]:
        """Return the folders whose changes trigger a rebuild: the content set and its assets."""
        return [self.content_dir, *([self.assets] if self.assets else [])]

    def relevant(self, change: watchfiles.Change, path: str) -> bool:
        """Return whether a change to PATH may change the deck (not an editor's scratch file, not our output)."""
        if not self._editor_files(change, path):
            return False
        changed = Path(path).resolve()
        for deck in self.written:
            if changed.parent == deck.parent and (
                changed.name == deck.name or changed.name.startswith(f".{deck.name}.")
            ):
                return False
        return True

    def rebuild(self, first: bool = False) -> bool:
        """Build the deck once and report how it went; return whether a deck was written."""
        start = time.perf_counter()
        not_done = "not built" if first else "not rebuilt"
        try:
            options = BuildOptions(assets=self.assets, cache=self.cache, draft=self.draft)
            result = build(self.content_dir, self.output, options)
        except ContentError as error:
            self.echo(error.format_message(), err=True)
            self.echo(f"{not_done}: {counted(len(error.problems), 'problem')}; waiting for the next change", err=True)
            return False
        except DeckgenError as error:
            self.echo(error.format_message(), err=True)
            self.echo(f"{not_done}; waiting for the next change", err=True)
            return False
        except Exception as error:
            self.echo(f"{not_done}: unexpected {type(error).__name__}: {error}; waiting for the next change", err=True)
            return False
        self.written.add(result.output.resolve())
        for warning in result.warnings:
            self.echo(str(warning), err=True)
        seconds = time.perf_counter() - start
        self.echo(
            f"{'wrote' if first else 'rebuilt'} {display_path(result.output)} "
            f"({counted(result.slides, 'slide')}) in {seconds:.1f} s"
        )
        tally = Tally()  # each rebuild ends with the line a build ends with
        tally.add("deck")
        tally.add("slide", result.slides)
        tally.warnings = len(result.warnings)
        self.echo(tally.line())
        return True


def watch(
    content_dir: Path,
    output: Path | None = None,
    *,
    assets: Path | None = None,
    changes: Iterable[ChangeBatch] | None = None,
    echo: Echo = click.echo,
    stop_event=None,
    draft: bool = False,
) -> None:
    """Build the deck of CONTENT_DIR, then rebuild it after each batch of relevant changes.

    CHANGES defaults to watchfiles watching the content set and its assets
    folder; the function returns when CHANGES ends (or STOP_EVENT, a
    threading.Event, is set). Ctrl+C raises KeyboardInterrupt as usual. DRAFT
    builds drafts, as `deckgen build --draft` does.
    """
    # One content set: naming content/ (every language) or a folder without deck.yaml is a
    # mistake to say at once, not a problem to wait out.
    content_paths(Path(content_dir))
    rebuilder = Rebuilder(content_dir, output, assets, echo, draft=draft)
    rebuilder.rebuild(first=True)
    echo(f"watching {' and '.join(display_path(p) for p in rebuilder.watched)} for changes; Ctrl+C stops")
    if changes is None:
        changes = _changes(rebuilder, echo, stop_event)
    for batch in changes:
        if any(rebuilder.relevant(change, path) for change, path in batch):
            rebuilder.rebuild()


WAIT_STEP = 0.2
"""Seconds between looks for a watched folder that went away."""


def _identity(folder: Path) -> tuple[int, int] | None:
    """Return FOLDER's device and inode, or None when it is not there."""
    try:
        info = folder.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _changes(rebuilder: Rebuilder, echo: Echo, stop_event=None) -> Iterable[ChangeBatch]:
    """Yield batches of changes to REBUILDER's folders, for as long as watching goes on.

    A watched folder that goes away (a git checkout, a sync tool, a move) is waited for: when
    it is back, a batch naming it is yielded, so the deck is rebuilt, and watching resumes on
    the folder now there.
    """
    folders = rebuilder.watched
    while True:
        seen = {folder: _identity(folder) for folder in folders}
        gone = None
        for batch in watchfiles.watch(*folders, watch_filter=rebuilder.relevant, stop_event=stop_event):
            gone = next((folder for folder in folders if _identity(folder) != seen[folder]), None)
            if gone is not None:
                break
            yield batch
        if gone is None:
            return  # stopped
        echo(f"{display_path(gone)} went away; waiting for it to come back", err=True)
        while not all(_identity(folder) for folder in folders):
            if stop_event is not None and stop_event.is_set():
                return
            time.sleep(WAIT_STEP)
        time.sleep(WAIT_STEP)  # a folder being copied back in: let its files arrive
        yield [(watchfiles.Change.added, str(gone))]
