"""Writing: a presentation or document as a zip whose bytes depend only on its content (deckgen.files puts it in
place)."""

from __future__ import annotations

import io
import zipfile

from deckgen.package import write_package


def deterministic_bytes(prs) -> bytes:
    """Return PRS (a python-pptx presentation, or a python-docx document) saved as a zip whose bytes depend only
    on its content (see package.write_package).

    A presentation's parts are taken as python-pptx would zip them (pptx_compat.package_parts), in its
    order, and deflated once; a document is saved, read back and written again.
    """
    if type(prs).__module__.startswith("pptx."):
        from deckgen.render.pptx_compat import package_parts

        parts, names = package_parts(prs)
        return write_package(parts, names)
    raw = io.BytesIO()
    prs.save(raw)
    with zipfile.ZipFile(raw) as source:
        names = [info.filename for info in source.infolist()]
        parts = {name: source.read(name) for name in names}
    return write_package(parts, names)
