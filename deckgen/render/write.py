"""Writing: the presentation as a zip whose bytes depend only on its content (deckgen.files puts it in place)."""

from __future__ import annotations

import io
import zipfile

from deckgen.package import write_package


def deterministic_bytes(prs) -> bytes:
    """Return PRS saved as a .pptx whose bytes depend only on its content (see package.write_package)."""
    raw = io.BytesIO()
    prs.save(raw)
    with zipfile.ZipFile(raw) as source:
        names = [info.filename for info in source.infolist()]
        parts = {name: source.read(name) for name in names}
    return write_package(parts, names)
