"""The chart stage: each planned chart's PNG, from an on-disk cache or drawn in parallel.

A chart's cache key is a SHA-256 over everything that decides its pixels: every
field of its ChartSpec (labels, numbers, colours, hatches, sizes, box, dpi),
the bytes of every font file it names, RENDERER_VERSION, and the versions of
matplotlib (drawing) and Pillow (PNG encoding). So a changed input is a new key,
never a stale picture, and a warm build never imports matplotlib.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import functools
import hashlib
import json
import multiprocessing
import os
import signal
import struct
import sys
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from deckgen.errors import OutputError
from deckgen.files import atomic_output, read_regular
from deckgen.plan.specs import ChartSpec, DeckSpec, OverviewSpec

PictureChart = ChartSpec | OverviewSpec
"""A chart drawn as a picture: a status chart or the overview."""

RENDERER_VERSION = 2
"""Bump whenever deckgen/render/picture_charts.py draws differently, so cached charts are redrawn."""

CACHE_ENV = "DECKGEN_CACHE_DIR"
"""Environment variable naming deckgen's cache folder instead of the platform's."""

MAX_CACHE_BYTES = 256 * 1024 * 1024
"""Above this, the least recently used charts are deleted (a 500-slide deck's 150 charts take 7 MB)."""

POOL_MIN_CHARTS = 4
"""Fewer charts to draw than this are drawn in this process.

Measured on 2 cores: a forked pool starts and stops in 15-40 ms, a chart takes
45-90 ms, so a pool pays from about 2 charts; 4 leaves room for a busy machine.
"""

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cache_dir() -> Path:
    """Return the folder holding cached charts: $DECKGEN_CACHE_DIR/charts, else the platform's user cache."""
    root = os.environ.get(CACHE_ENV)
    if not root:
        from platformdirs import user_cache_dir  # here: this module loads first in a build, and seldom needs it

        root = user_cache_dir("deckgen", appauthor=False)
    return Path(root) / "charts"


def deck_charts(deck: DeckSpec) -> list[PictureChart]:
    """Return DECK's charts drawn as pictures (not native PowerPoint charts), in slide order."""
    return [element for slide in deck.slides for element in slide.elements
            if isinstance(element, ChartSpec | OverviewSpec) and not element.native]


class EarlyDrawer:
    """A process that loads the chart renderer while this one checks and plans the deck.

    Importing matplotlib takes about as long as checking and planning a small
    deck, so a build starts this process first and overlaps the two: a forked
    child imports matplotlib on the other core, then draws the charts the cache
    lacks. A build whose charts are all cached stops it unused, and this process
    never imports matplotlib at all.
    """

    def __init__(self, context):
        self._pool = context.Pool(1, initializer=_early_child, initargs=(os.getpid(),))

    @property
    def running(self) -> bool:
        """Return whether the process is still there to draw (close() stops it for good)."""
        return self._pool is not None

    def draw(self, specs: list[PictureChart]) -> list[bytes]:
        """Return the PNGs of SPECS, drawn in the early process."""
        return self._pool.map(_render_png, specs)

    def close(self) -> None:
        """Stop the process, at once, whatever it is doing."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None


@contextlib.contextmanager
def early_drawer(workers: int | None = None) -> Iterator[EarlyDrawer | None]:
    """Yield an EarlyDrawer for a build's charts, or None where charts are drawn in this process.

    None with WORKERS 1, and where fork is unsafe or unavailable (not Linux;
    a sandbox without processes): spawning would import everything afresh,
    which costs more than it overlaps.
    """
    drawer = None
    context = _fork_context()
    if workers != 1 and context is not None:
        try:
            drawer = EarlyDrawer(context)
        except OSError:
            drawer = None
    try:
        yield drawer
    finally:
        if drawer is not None:
            drawer.close()


def _early_child(parent: int) -> None:
    _chart_child(parent)
    import deckgen.render.picture_charts  # noqa: F401  (the point: matplotlib loads in the early process)


_PR_SET_PDEATHSIG = 1


def _chart_child(parent: int) -> None:
    """Set up a chart process: it ends when the build that started it ends, however that ends.

    Killed with SIGKILL, a build cannot stop its children, so each asks Linux for SIGTERM when its
    parent dies (prctl PR_SET_PDEATHSIG), or where that is not to be had, watches for it. Ctrl+C is
    the build's to handle: the child ignores it, rather than printing a traceback of its own.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        def watch_parent() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch_parent, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _render_png(spec: PictureChart) -> bytes:
    from deckgen.render.picture_charts import render_png

    return render_png(spec)


def chart_pngs(charts: Iterable[PictureChart], *, cache: bool = True, workers: int | None = None,
               early: EarlyDrawer | None = None) -> dict[PictureChart, bytes]:
    """Return the PNG of each of CHARTS, read from the cache or drawn (and cached).

    CACHE False neither reads nor writes the cache. WORKERS is how many
    processes draw the charts the cache lacks: None picks the machine's CPUs
    when there are enough charts to repay a pool, 1 draws in this process.
    EARLY, a process already loading the renderer (early_drawer), draws the
    charts when there are too few to repay a pool of processes.
    Identical pictures are drawn once; the bytes never depend on CACHE or WORKERS.
    """
    charts = list(charts)
    pictures = {spec: picture_of(spec) for spec in charts}
    unique = list(dict.fromkeys(pictures.values()))
    pngs: dict[PictureChart, bytes] = {}
    keys: dict[PictureChart, str] = {}
    folder = cache_dir() if cache else None
    if folder is not None:
        fonts: dict[Path, str] = {}
        for picture in unique:
            keys[picture] = chart_key(picture, fonts)
            png = _read_entry(folder / f"{keys[picture]}.png")
            if png is not None:
                pngs[picture] = png
    missing = [picture for picture in unique if picture not in pngs]
    for picture, png in zip(missing, _draw(missing, workers, early), strict=True):
        pngs[picture] = png
        if folder is not None:
            _write_entry(folder / f"{keys[picture]}.png", png)
    if folder is not None and missing:
        prune(folder)
    return {spec: pngs[pictures[spec]] for spec in charts}


def picture_of(spec: PictureChart) -> PictureChart:
    """Return SPEC without what does not change its pixels: its alt text and its place on the slide.

    So renaming an issue, or a chart moving on its slide, redraws nothing.
    """
    return dataclasses.replace(spec, alt_text="", box=dataclasses.replace(spec.box, left=0, top=0))


def chart_key(spec: PictureChart, font_digests: dict[Path, str] | None = None) -> str:
    """Return the hex SHA-256 naming SPEC's PNG in the cache; FONT_DIGESTS memoises file hashes."""
    digests = {} if font_digests is None else font_digests

    def canonical(value):
        if dataclasses.is_dataclass(value):
            return {"": type(value).__name__,
                    **{f.name: canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}}
        if isinstance(value, Path):  # a font file: its bytes draw the glyphs, wherever it lies
            if value not in digests:
                digests[value] = hashlib.sha256(value.read_bytes()).hexdigest()
            return {"file": digests[value]}
        if isinstance(value, tuple | list):
            return [canonical(item) for item in value]
        return value

    document = {"renderer": RENDERER_VERSION, **_drawing_library_versions(), "chart": canonical(spec)}
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _drawing_library_versions() -> dict[str, str]:
    """Return the versions of matplotlib (draws) and Pillow (encodes the PNG), read without importing them."""
    from importlib.metadata import version  # only once a chart is looked up: the build command loads this module first

    return {"matplotlib": version("matplotlib"), "pillow": version("Pillow")}


def prune(folder: Path, limit: int = MAX_CACHE_BYTES) -> None:
    """Delete FOLDER's least recently used charts until they take at most LIMIT bytes."""
    entries = []
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name.endswith(".png"):
                    stat = entry.stat()
                    entries.append((stat.st_mtime_ns, stat.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        try:
            os.unlink(path)
        except OSError:
            continue
        with contextlib.suppress(OSError):
            os.unlink(_digest_path(Path(path)))
        total -= size


def _draw(specs: list[PictureChart], workers: int | None, early: EarlyDrawer | None = None) -> list[bytes]:
    """Return the PNGs of SPECS, drawn by WORKERS processes (None: the machine's CPUs, if worth it), or by EARLY."""
    if not specs:
        return []  # nothing to draw: leave matplotlib unimported
    if workers is None:
        workers = available_cpus() if len(specs) >= POOL_MIN_CHARTS else 1
    workers = min(workers, len(specs))
    if early is not None and early.running and workers <= 1:
        try:
            return early.draw(specs)
        except Exception:  # noqa: BLE001  the early process died (killed, out of memory): draw here instead
            pass
    if early is not None:
        early.close()  # no forking while its pool's threads run; the next deck of a build draws here
    from deckgen.render.picture_charts import render_png

    if workers <= 1:
        return [render_png(spec) for spec in specs]
    # Forked workers inherit matplotlib, imported once above, instead of each importing it.
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_fork_context(), initializer=_chart_child,
                                 initargs=(os.getpid(),)) as pool:
            try:
                return list(pool.map(render_png, specs, chunksize=max(1, len(specs) // (4 * workers))))
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)  # Ctrl+C: no more charts, only those being drawn
                raise
    except (OSError, BrokenProcessPool):  # no processes to be had (sandbox, limits, a killed worker)
        return [render_png(spec) for spec in specs]


def _fork_context():
    """Return the fork start method where it is safe (Linux), else None for the platform's default."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return None


def available_cpus() -> int:
    """Return how many CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _digest_path(path: Path) -> Path:
    """Return where the SHA-256 of the PNG cached at PATH is kept: beside it, as <key>.sha256."""
    return path.with_suffix(".sha256")


MAX_ENTRY_BYTES = 20 * 1024 * 1024
"""The largest chart picture read from the cache: a chart is tens of kilobytes, and a bigger entry is no chart."""


def _read_entry(path: Path) -> bytes | None:
    """Return the PNG cached at PATH, or None when it is missing, unreadable, damaged or not the one written.

    What is read must hash to what was written beside it: a picture copied or planted over
    an entry is not the chart its name says, and is redrawn.
    """
    try:  # only regular files: a FIFO planted in the cache would block a plain read forever
        data = read_regular(path, MAX_ENTRY_BYTES)
        digest = read_regular(_digest_path(path), 100).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not _is_whole_png(data) or hashlib.sha256(data).hexdigest() != digest:
        return None
    try:
        os.utime(path)  # marks it recently used, for prune
    except OSError:
        pass
    return data


def _write_entry(path: Path, png: bytes) -> None:
    """Cache PNG at PATH atomically, so a concurrent build reads the old file or the new, never a part.

    A cache that cannot be written (read-only, disk full) only costs speed.
    """
    try:
        with atomic_output(_digest_path(path)) as temp:
            temp.write_text(hashlib.sha256(png).hexdigest() + "\n", encoding="ascii")
        with atomic_output(path) as temp:
            temp.write_bytes(png)
    except (OutputError, OSError):
        pass


def _is_whole_png(data: bytes) -> bool:
    """Return whether DATA is a PNG whose every chunk's CRC holds, ending in IEND."""
    if not data.startswith(_PNG_SIGNATURE):
        return False
    at = len(_PNG_SIGNATURE)
    while at + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        end = at + 12 + length
        if end > len(data):
            return False
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(data[at + 4:end - 4]) != crc:
            return False
        if kind == b"IEND":
            return end == len(data)
        at = end
    return False
