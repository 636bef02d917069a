"""How long `deckgen watch` takes to rebuild the coalition deck after a one-word edit.

Run: python bench/watch_rebuild.py [ROUNDS]. Works on a copy of content/en and
assets/ in a temporary folder and alternates one word of
issues/01-freedom-of-religion.yaml. Prints, in seconds:

- one rebuild cycle in a warm process (what `deckgen watch` does per save),
  with the plan cache and without it (an edit is a new key, so both plan the languages again);
- save to deck written with real file events (watchfiles' debounce included).

Exits 1 when the median save-to-deck time misses the goal (GOAL seconds).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deckgen.watch import Rebuilder, watch

GOAL = 1.0
"""Seconds from saving a one-word edit to the new deck on disk."""
ISSUE = Path("content/en/issues/01-freedom-of-religion.yaml")
WORDS = ("registration", "recording")


def quiet(message="", err=False):
    if err:
        print(message, file=sys.stderr)


def edit(round_: int, original: str) -> None:
    ISSUE.write_text(original.replace(WORDS[0], WORDS[round_ % 2]), encoding="utf-8")


def rebuild_cycles(rounds: int, original: str, cached: bool) -> list[float]:
    rebuilder = Rebuilder(Path("content/en"), Path("build/bench.pptx"), None, quiet)
    rebuilder.cache = cached
    assert rebuilder.rebuild(first=True)
    times = []
    for round_ in range(1, rounds + 1):
        edit(round_, original)
        start = time.perf_counter()
        assert rebuilder.rebuild()
        times.append(time.perf_counter() - start)
    return times


def save_to_deck(rounds: int, original: str) -> list[float]:
    rebuilt = threading.Event()

    def echo(message="", err=False):
        quiet(message, err)
        if str(message).startswith("rebuilt"):
            rebuilt.set()

    stop = threading.Event()
    watcher = threading.Thread(
        target=watch,
        args=(Path("content/en"), Path("build/bench.pptx")),
        kwargs={"echo": echo, "stop_event": stop},
        daemon=True,
    )
    watcher.start()
    time.sleep(3)  # the first build, and the watcher starting to listen
    times = []
    for round_ in range(1, rounds + 1):
        rebuilt.clear()
        start = time.perf_counter()
        edit(round_, original)
        if not rebuilt.wait(30):
            raise SystemExit("no rebuild within 30 s of a save")
        times.append(time.perf_counter() - start)
        time.sleep(0.3)
    stop.set()
    watcher.join(30)
    return times


def show(name: str, times: list[float]) -> None:
    print(f"{name:<34} median {statistics.median(times):.3f}  min {min(times):.3f}  max {max(times):.3f}")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory(prefix="deckgen-bench-") as work:
        shutil.copytree(ROOT / "content", Path(work, "content"))
        shutil.copytree(ROOT / "assets", Path(work, "assets"))
        os.chdir(work)
        original = ISSUE.read_text(encoding="utf-8")
        assert WORDS[0] in original
        show("rebuild cycle, plan cache", rebuild_cycles(rounds, original, cached=True))
        show("rebuild cycle, no plan cache", rebuild_cycles(rounds, original, cached=False))
        end_to_end = save_to_deck(rounds, original)
        show("save to deck written (watchfiles)", end_to_end)
    if statistics.median(end_to_end) > GOAL:
        raise SystemExit(f"missed the goal: a one-word edit should be rebuilt within {GOAL} s")


if __name__ == "__main__":
    main()
