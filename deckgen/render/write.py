"""Writing: the presentation as a zip whose bytes depend only on its content (deckgen.files puts it in place)."""

from __future__ import annotations

from deckgen.package import write_package
from deckgen.render.pptx_compat import package_parts


def deterministic_bytes(prs) -> bytes:
    """Return PRS saved as a .pptx whose bytes depend only on its content (see package.write_package).

    The parts are taken as python-pptx would zip them (pptx_compat.package_parts), in its order,
    and deflated once.
    """
    parts, names = package_parts(prs)
    return write_package(parts, names)
