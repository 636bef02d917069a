"""Every write deckgen makes: atomic, all or nothing, never over an input, with the modes a user expects.

- atomic_files({path: bytes}) writes several files as one transaction: all are written to
  temporary files first, then renamed into place; if any step fails (or Ctrl+C comes), the
  files already renamed are put back as they were. write_bytes_atomically is its one-file case.
- atomic_folder() yields a temporary folder that replaces a folder in one swap, an old one put
  back if the swap cannot finish; copy_folder() fills it from a source folder, refusing links
  that leave the source and special files.
- check_output_file() and check_output_folder() refuse an output that is an input of the
  command, or a file or folder not of the output's kind.
- New files get the mode the umask gives (0666 & ~umask), as an editor's would; a rewritten
  file keeps its mode.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from deckgen.errors import ContentError, Location, OutputError, Problem, display_path

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry's timestamp (decks, templates, workbooks): identical input gives identical bytes."""

FIXED_TIME = datetime(2000, 1, 1)
"""The date a written document says it was made (core properties, embedded and exported workbooks): the same
content gives the same bytes. Naive, as python-pptx and openpyxl write it."""


def why(error: OSError) -> str:
    """Return in plain words why a write failed: "disk full" rather than "[Errno 28] No space left on device"."""
    if error.errno == errno.ENOSPC:
        return "disk full"
    if error.errno == getattr(errno, "EDQUOT", None):
        return "disk quota exceeded"
    return str(error.strerror or error)


def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def new_file_mode() -> int:
    """Return the mode a new file gets from the umask: 0666 & ~umask."""
    return 0o666 & ~_umask()


def _mode_for(target: Path, default: int) -> int:
    """Return the mode TARGET has (a rewritten file keeps it), or DEFAULT for a new one."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return default


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl+C (SIGINT) until the block ends, so renames that belong together all happen.

    In a thread other than the main one (where signals cannot be handled) the block runs as is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received and callable(previous):
            previous(signal.SIGINT, None)
        elif received and previous == signal.default_int_handler:
            raise KeyboardInterrupt


def _temp_beside(target: Path) -> Path:
    """Create an empty hidden temporary file beside TARGET (its folder made if need be); return its path.

    Its name, .NAME.PID.XXXXXXXX.tmp, says which process made it, so a later write into the folder can
    tell one left by a process that was killed (remove_stale_temporaries).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target.parent)
    fd, temp = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(temp)


def _temp_prefix(target: Path, kind: str = "") -> str:
    """Return the prefix of a temporary file or folder beside TARGET: .NAME.[KIND.]PID."""
    return f".{target.name}.{kind + '.' if kind else ''}{os.getpid()}."


_TEMPORARY = re.compile(r"\..+\.(\d+)\.[a-z0-9_]{8}\.tmp")
"""The name of a temporary file or folder deckgen makes beside an output: .NAME.[old.]PID.XXXXXXXX.tmp."""

_cleaned: set[Path] = set()
"""Folders whose stale temporaries this process has removed already: once is enough."""


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporaries of deckgen's naming in FOLDER whose process is gone; return what was removed.

    A build killed while it renames its deck into place leaves a hidden .deck.pptx.PID.XXXXXXXX.tmp of the
    deck's size that nothing else removes. It is stale when no process PID runs, or when the process PID
    started after the temporary was last written (the number was used again). POSIX only: elsewhere
    nothing is removed.
    """
    folder = Path(os.path.abspath(folder))
    if os.name != "posix" or folder in _cleaned:
        return []
    _cleaned.add(folder)
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if not match or entry.is_symlink():
            continue
        try:
            if not _maker_gone(int(match.group(1)), entry.stat(follow_symlinks=False).st_mtime):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue  # another process's, or it went away meanwhile: not this write's concern
    return removed


def _maker_gone(pid: int, written: float) -> bool:
    """Return whether the process PID that made a temporary last written at WRITTEN (epoch s) has ended."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        pass  # another user's process runs under that number
    started = _start_time(pid)
    return started is not None and started > written + 1


def _start_time(pid: int) -> float | None:
    """Return when process PID started (epoch seconds), from Linux's /proc; None where that cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(
            float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime ")
        )
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside TARGET; on success it replaces TARGET, on failure it vanishes.

    For writers that need a path (LibreOffice, the chart cache); the file gets TARGET's mode.
    """
    target = Path(target)
    try:
        temp_path = _temp_beside(target)
    except OSError as error:
        raise OutputError(f"{display_path(target)}: cannot write here: {why(error)}") from None
    try:
        yield temp_path
        os.chmod(temp_path, _mode_for(target, new_file_mode()))
        os.replace(temp_path, target)
    except OSError as error:
        raise OutputError(f"{display_path(target)}: cannot write: {why(error)}") from None
    finally:
        temp_path.unlink(missing_ok=True)


def write_bytes_atomically(data: bytes, target: Path) -> None:
    """Write DATA to TARGET so that readers see the old file or the new one, never a part."""
    atomic_files({Path(target): data})


def atomic_files(contents: dict[Path, bytes]) -> None:
    """Write every file of CONTENTS (path -> bytes), all or none.

    Each is written and flushed to a temporary file beside it first; only when all are
    written are they renamed into place, with Ctrl+C held. A failure at any step (a full
    disk, a folder that cannot be written) puts back the files already replaced, removes
    the ones new, and raises OutputError naming the file; nothing is left half written.
    """
    mode = new_file_mode()
    temps: dict[Path, Path] = {}
    current = Path()
    try:
        for target, data in contents.items():
            current = target = Path(target)
            temps[target] = _temp_beside(target)
            with open(temps[target], "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temps[target], _mode_for(target, mode))
        with deferred_interrupt():
            _commit(temps)
    except OSError as error:
        shown = display_path(str(error.filename) if isinstance(error, _CommitError) else current)
        nothing = "; none of the other files was written either" if len(contents) > 1 else ""
        raise OutputError(f"{shown}: cannot write: {why(error)}{nothing}") from None
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)


class _CommitError(OSError):
    """A rename of atomic_files failed; its filename is the target."""


def _commit(temps: dict[Path, Path]) -> None:
    """Rename each temporary file onto its target; on any failure put every target back as it was."""
    backups: dict[Path, Path | None] = {}  # target -> a copy of its old file (None: it was new)
    try:
        for target, temp in temps.items():
            backup = None
            if target.exists():
                backup = _temp_beside(target)
                shutil.copy2(target, backup)
            backups[target] = backup
            try:
                os.replace(temp, target)
            except OSError as error:
                raise _CommitError(error.errno, error.strerror, str(target)) from None
    except BaseException:
        for target, backup in backups.items():
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        raise
    finally:
        for backup in backups.values():
            if backup is not None:
                backup.unlink(missing_ok=True)


# --- inputs -------------------------------------------------------------------------------------


class NotARegularFile(OSError):
    """A path deckgen was to read is a FIFO, a device, a socket or a folder; its strerror says which."""

    def __init__(self, path: Path, mode: int):
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "no regular file"
        super().__init__(errno.EINVAL, f"is {kind}, not a file; deckgen reads only regular files", str(path))


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """Return the bytes of the regular file at PATH (at most LIMIT + 1 of them, to tell a file is too large).

    A FIFO, device, socket or folder raises NotARegularFile without waiting on it: the path is opened
    without blocking, then checked, then read from the same descriptor. Raises OSError when it cannot be read.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | nonblocking)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(Path(path), mode)
        if nonblocking:
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read() if limit is None else file.read(limit + 1)
    finally:
        os.close(fd)


def within(base: Path, path: Path) -> Path | None:
    """Return PATH resolved (links followed) when it stays inside BASE, else None (also for a link loop)."""
    try:
        base, target = Path(base).resolve(), Path(path).resolve()
    except (OSError, RuntimeError):  # a link loop
        return None
    return target if target == base or base in target.parents else None


# --- outputs and inputs -------------------------------------------------------------------------


def check_output_file(output: Path, suffixes: Iterable[str], what: str, inputs: Iterable[Path] = ()) -> None:
    """Raise OutputError when OUTPUT is not named as WHAT (one of SUFFIXES), is a folder, or is one of INPUTS.

    INPUTS are the files and folders the command reads: the output may be none of those files,
    nor lie inside one of those folders.
    """
    output = Path(output)
    shown = display_path(output)
    suffixes = tuple(suffixes)
    if output.suffix.lower() not in suffixes:
        raise OutputError(f"{shown}: {what} must be a {' or '.join(suffixes)} file")
    if output.is_dir():
        raise OutputError(
            f"{shown}: is a folder, and {what} must be a {' or '.join(suffixes)} file: name the file to write"
        )
    refuse_overwriting_inputs(output, inputs)


def refuse_overwriting_inputs(output: Path, inputs: Iterable[Path]) -> None:
    """Raise OutputError when OUTPUT is one of INPUTS (files this command reads) or lies in one (folders)."""
    resolved = _resolved(Path(output))
    for read in inputs:
        read = _resolved(Path(read))
        if resolved == read or read in resolved.parents and read.is_dir():
            raise OutputError(
                f"{display_path(output)}: this command reads {display_path(read)}; "
                f"it never writes over its input: choose another output"
            )


def _resolved(path: Path) -> Path:
    """Return PATH with its links followed, or only made absolute where they loop (the read says so later)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def check_output_location(output: Path) -> None:
    """Raise OutputError when OUTPUT cannot be written because a file stands where a folder of its path must be.

    Checked before any work, so the message names what the user gave, not a temporary file.
    """
    output = Path(output)
    for folder in output.parents:
        if folder.is_dir():
            return
        if os.path.lexists(folder):
            raise OutputError(f"{display_path(output)}: cannot write: {display_path(folder)} is a file, not a folder")


def is_content_set(folder: Path) -> bool:
    """Return whether FOLDER is a content set: it has deck.yaml and issues/."""
    return (folder / "deck.yaml").is_file() and (folder / "issues").is_dir()


def _replaceable(folder: Path) -> bool:
    """Return whether FOLDER may be replaced by a content set, or a folder of them: it is empty, a content set,
    or holds only content sets (and an assets folder, and hidden files such as .DS_Store)."""
    entries = list(folder.iterdir())
    if not entries or is_content_set(folder):
        return True
    sets = [e for e in entries if e.is_dir() and not e.is_symlink() and is_content_set(e)]
    others = [
        e
        for e in entries
        if e not in sets and not (e.name == "assets" and e.is_dir()) and not (e.name.startswith(".") and e.is_file())
    ]
    return bool(sets) and not others


def check_output_folder(source_dir: Path, output_dir: Path, force: bool) -> None:
    """Raise OutputError when OUTPUT_DIR, a folder made from SOURCE_DIR, cannot or should not be written.

    --force replaces only a content set (deck.yaml and issues/), a folder of them, or an empty folder.
    """
    shown = display_path(output_dir)
    source, output = Path(source_dir).resolve(), Path(output_dir).resolve()
    if output == source or source in output.parents:
        raise OutputError(f"{shown}: the output folder must not be the source folder or lie inside it")
    if output in source.parents:
        raise OutputError(f"{shown}: the output folder must not contain the source folder")
    if Path(output_dir).is_symlink():
        raise OutputError(f"{shown}: is a symbolic link; name the folder itself")
    if output_dir.exists() and not output_dir.is_dir():
        raise OutputError(f"{shown}: exists and is not a folder")
    if output_dir.exists() and not force:
        raise OutputError(f"{shown}: already exists; pass --force to replace it")
    if output_dir.exists() and not _replaceable(output_dir):
        raise OutputError(
            f"{shown}: is not a content set (deck.yaml and issues/), a folder of them, or empty; "
            f"--force replaces only those: choose another output folder"
        )


# --- folders ------------------------------------------------------------------------------------


@contextmanager
def atomic_folder(output_dir: Path) -> Iterator[Path]:
    """Yield a temporary folder beside OUTPUT_DIR; on success it replaces OUTPUT_DIR, on failure it vanishes.

    An existing OUTPUT_DIR is moved aside, the new one moved in, and the old one deleted,
    with Ctrl+C held; if the move in fails, the old one is put back.
    """
    output_dir = Path(output_dir)
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(output_dir.parent)
        temp = Path(tempfile.mkdtemp(prefix=_temp_prefix(output_dir), suffix=".tmp", dir=output_dir.parent))
        os.chmod(temp, _mode_for(output_dir, 0o777 & ~_umask()))
    except OSError as error:
        raise OutputError(f"{display_path(output_dir)}: cannot write here: {why(error)}") from None
    try:
        yield temp
        with deferred_interrupt():
            _move_into_place(temp, output_dir)
    except OSError as error:
        raise OutputError(f"{display_path(output_dir)}: cannot write: {why(error)}; nothing was written") from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _move_into_place(temp: Path, output_dir: Path) -> None:
    """Rename TEMP to OUTPUT_DIR; an existing OUTPUT_DIR is moved aside first and put back on failure."""
    if not output_dir.exists():
        os.rename(temp, output_dir)
        return
    aside = Path(tempfile.mkdtemp(prefix=_temp_prefix(output_dir, "old"), suffix=".tmp", dir=output_dir.parent))
    os.rename(output_dir, aside)  # onto the empty folder mkdtemp made
    try:
        os.rename(temp, output_dir)
    except BaseException:
        os.rename(aside, output_dir)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def copy_folder(source: Path, dest: Path) -> None:
    """Copy every file of SOURCE into DEST, links as the files they point to.

    Raise ContentError for a link that leads outside SOURCE (its target's content would leave
    the set under another name) and for anything but files and folders (a FIFO, a device).
    """
    source = Path(source)
    root = source.resolve()
    problems = []
    for folder, names, files in os.walk(source, followlinks=False):
        here = Path(folder)
        for name in sorted(names + files):
            path = here / name
            shown = Location(path)
            try:
                resolved = path.resolve(strict=True)
                mode = os.stat(path).st_mode
            except (OSError, RuntimeError):
                problems.append(_refused(shown, "a broken link or a link loop; remove it"))
                continue
            if path.is_symlink() and not (resolved == root or root in resolved.parents):
                problems.append(
                    _refused(
                        shown, "a link to a file outside the content set; copy the file in instead, or remove the link"
                    )
                )
            elif not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                problems.append(_refused(shown, "not a regular file or folder (a FIFO, socket or device); remove it"))
            elif path.is_symlink() and stat.S_ISDIR(mode):
                problems.append(_refused(shown, "a link to a folder; deckgen copies only files and folders"))
    if problems:
        raise ContentError(problems)
    # file by file rather than shutil.copytree, which goes on after a failure and raises a list of them all:
    # the first failure (a full disk) is the one to report
    folders = []
    for folder, _, files in os.walk(source, followlinks=False):
        here = Path(folder)
        target = Path(dest) / here.relative_to(source)
        target.mkdir(exist_ok=True)
        folders.append((here, target))
        for name in sorted(files):
            shutil.copy2(here / name, target / name)
    for here, target in reversed(folders):  # after their files: a read-only folder is made read-only last
        shutil.copystat(here, target)


def _refused(location: Location, why: str) -> Problem:
    return Problem(location, f"not copied: {why}")


def find_assets(content_dir: Path) -> Path | None:
    """Return the assets folder of CONTENT_DIR: in it, beside it, or beside its parent.

    Here rather than in deckgen.assets, which reads what is in the folder: the build cache
    (deckgen.plan_cache.deck_key) finds it before anything is loaded.
    """
    for folder in (content_dir, content_dir.parent, content_dir.parent.parent):
        candidate = folder / "assets"
        if candidate.is_dir():
            return candidate
    return None
