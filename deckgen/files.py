"""Atomic writes of files and folders: readers see the old version or the new one, never a part.

Also the checks that an output folder may be written ("never over an input").
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from deckgen.errors import OutputError, display_path


@contextmanager
def atomic_output(target: Path):
    """Yield a temporary path beside TARGET; on success it replaces TARGET, on failure it vanishes."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as error:
        raise OutputError(f"{display_path(target)}: cannot write here: {error.strerror or error}") from None
    temp_path = Path(temp)
    try:
        yield temp_path
        os.replace(temp_path, target)
    except OSError as error:
        raise OutputError(f"{display_path(target)}: cannot write: {error.strerror or error}") from None
    finally:
        temp_path.unlink(missing_ok=True)


def write_bytes_atomically(data: bytes, target: Path) -> None:
    """Write DATA to TARGET so that readers see the old file or the new one, never a part."""
    with atomic_output(target) as temp:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def check_output_folder(source_dir: Path, output_dir: Path, force: bool) -> None:
    """Raise OutputError when OUTPUT_DIR, a folder made from SOURCE_DIR, cannot or should not be written."""
    shown = display_path(output_dir)
    source, output = Path(source_dir).resolve(), Path(output_dir).resolve()
    if output == source or source in output.parents:
        raise OutputError(f"{shown}: the output folder must not be the source folder or lie inside it")
    if output in source.parents:
        raise OutputError(f"{shown}: the output folder must not contain the source folder")
    if output_dir.exists() and not output_dir.is_dir():
        raise OutputError(f"{shown}: exists and is not a folder")
    if output_dir.exists() and not force:
        raise OutputError(f"{shown}: already exists; pass --force to replace it")


@contextmanager
def atomic_folder(output_dir: Path):
    """Yield a temporary folder beside OUTPUT_DIR; on success it replaces OUTPUT_DIR, on failure it vanishes.

    An existing OUTPUT_DIR is moved aside while the new one is moved in, and put back if that fails.
    """
    output_dir = Path(output_dir)
    try:
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.", suffix=".tmp", dir=output_dir.parent))
    except OSError as error:
        raise OutputError(f"{display_path(output_dir)}: cannot write here: {error.strerror or error}") from None
    try:
        yield temp
        _move_into_place(temp, output_dir)
    except OSError as error:
        raise OutputError(f"{display_path(output_dir)}: cannot write: {error.strerror or error}") from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _move_into_place(temp: Path, output_dir: Path) -> None:
    """Rename TEMP to OUTPUT_DIR; an existing OUTPUT_DIR is moved aside first and put back on failure."""
    if not output_dir.exists():
        os.rename(temp, output_dir)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old.", dir=output_dir.parent))
    os.rename(output_dir, aside)  # onto the empty folder mkdtemp made
    try:
        os.rename(temp, output_dir)
    except OSError:
        os.rename(aside, output_dir)
        raise
    shutil.rmtree(aside, ignore_errors=True)
