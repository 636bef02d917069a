"""Writing: a deterministic zip of the presentation, put in place atomically."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

from deckgen.errors import OutputError, display_path

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip entry's timestamp: identical input gives identical bytes."""


def deterministic_bytes(prs) -> bytes:
    """Return PRS saved as a .pptx whose bytes depend only on its content."""
    raw = io.BytesIO()
    prs.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


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
