"""Writing: the presentation as a zip whose bytes depend only on its content (deckgen.files puts it in place)."""

from __future__ import annotations

import io
import zipfile

from deckgen.files import ZIP_TIME


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
