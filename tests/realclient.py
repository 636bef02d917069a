"""Render decks with a real client (LibreOffice) and check where the text lands.

python-pptx only writes XML; whether text actually fits its box is decided by
the renderer. These helpers convert a deck to PDF with ``soffice`` and compare
every rendered glyph against the boxes of the slide's text-bearing shapes.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from pathlib import Path

from pptx import Presentation
from pptx.shapes.group import GroupShape
from pptx.util import Emu

from deckgen.render.pdf import convert, soffice_path

TIMEOUT_SECONDS = 300
"""deckgen gives LibreOffice 2 minutes; the tests give it more, as they run on machines busy with other tests."""

#: Slack (PDF points) around boxes and the page edge: renderers place glyph
#: boxes a little differently, and a stray descender is not an overflow.
TOLERANCE_PT = 2.0

#: How much of the offending text to quote in a problem line.
SNIPPET_CHARS = 60


def soffice_available() -> bool:
    """True if a LibreOffice ``soffice`` binary is on PATH."""
    return soffice_path() is not None


def convert_to_pdf(pptx: Path, outdir: Path) -> Path:
    """Convert *pptx* to PDF in *outdir* with headless LibreOffice; return the PDF path.

    The command is deckgen's own (deckgen.render.pdf, as ``build --pdf`` runs it).
    Raises RuntimeError (with soffice's output) if the conversion fails.
    """
    soffice = soffice_path()
    if soffice is None:
        raise RuntimeError("soffice (LibreOffice) is not on PATH")
    try:
        done = convert(pptx, outdir, soffice, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"soffice timed out after {TIMEOUT_SECONDS} s converting {pptx}") from exc
    if not done.succeeded:
        raise RuntimeError(
            f"soffice failed to convert {pptx} (exit {done.returncode}):\n"
            f"stderr: {done.stderr.strip()}\nstdout: {done.stdout.strip()}"
        )
    return done.pdf


def soffice_convert(source: Path, target: str, outdir: Path) -> Path:
    """Convert SOURCE with headless LibreOffice (a throwaway profile) to TARGET (pdf, odt, xlsx) in OUTDIR.

    Return the file written (OUTDIR/<SOURCE's stem>.<TARGET's extension>); fail the test if there is none.
    """
    soffice = soffice_path()
    assert soffice is not None
    with tempfile.TemporaryDirectory(prefix="deckgen-test-lo-") as profile:
        done = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    out = Path(outdir) / f"{Path(source).stem}.{target.split(':')[0]}"
    assert done.returncode == 0 and out.is_file(), (
        f"LibreOffice did not convert {Path(source).name}: {done.stdout} {done.stderr}"
    )
    return out


def _shows_master_shapes(part_element) -> bool:
    return part_element.get("showMasterSp") not in ("0", "false")


def _has_text(shape) -> bool:
    """True for shapes that can put glyphs on the page: text frames, tables, charts."""
    if isinstance(shape, GroupShape):
        # Children's offsets live in the group's own coordinate space, so use
        # the group's extent, which python-pptx and PowerPoint keep enclosing them.
        return any(_has_text(child) for child in shape.shapes)
    if shape.has_text_frame:
        return bool(shape.text_frame.text.strip())
    return bool(getattr(shape, "has_table", False) or getattr(shape, "has_chart", False))


def _box_pt(shape, sx: float, sy: float) -> tuple[float, float, float, float] | None:
    """Axis-aligned box (x0, top, x1, bottom) of *shape* in PDF points, or None if unplaced."""
    # Placeholders inherit a missing position from the layout via python-pptx;
    # None is left only when nothing up the chain places the shape.
    if None in (shape.left, shape.top, shape.width, shape.height):
        return None
    x0 = Emu(shape.left).pt * sx
    top = Emu(shape.top).pt * sy
    w = Emu(shape.width).pt * sx
    h = Emu(shape.height).pt * sy
    rot = math.radians(getattr(shape, "rotation", 0.0) or 0.0)
    if rot:
        # Rotation is about the centre; take the bounding box of the turned rectangle.
        cx, cy = x0 + w / 2, top + h / 2
        hw = (abs(w * math.cos(rot)) + abs(h * math.sin(rot))) / 2
        hh = (abs(w * math.sin(rot)) + abs(h * math.cos(rot))) / 2
        return cx - hw, cy - hh, cx + hw, cy + hh
    return x0, top, x0 + w, top + h


def _slide_boxes(slide, sx: float, sy: float) -> list[tuple[float, float, float, float]]:
    """Boxes of every text-bearing shape drawn on *slide*, in PDF points."""
    shapes = list(slide.shapes)
    # Non-placeholder text on the layout and master (footers, fixed labels) is
    # drawn on the slide too, unless the slide/layout hides master shapes.
    layout = slide.slide_layout
    if _shows_master_shapes(slide._element):
        shapes += [s for s in layout.shapes if not s.is_placeholder]
        if _shows_master_shapes(layout._element):
            shapes += [s for s in layout.slide_master.shapes if not s.is_placeholder]
    boxes = []
    for shape in shapes:
        if _has_text(shape):
            box = _box_pt(shape, sx, sy)
            if box is not None:
                boxes.append(box)
    return boxes


def _table_cells(slide, sx: float, sy: float):
    """Yield (row, column, box, text) for every cell of every table on *slide*, boxes in PDF points.

    A table's row heights are minimums: a viewer grows a row its text does not
    fit, pushing the rows below down, yet every glyph may still land inside the
    (now taller) table. Checking each cell's text against its own planned box
    catches that.
    """
    for shape in slide.shapes:
        if not getattr(shape, "has_table", False) or None in (shape.left, shape.top):
            continue
        table = shape.table
        top = Emu(shape.top).pt
        for r, row in enumerate(table.rows):
            height = Emu(row.height).pt
            left = Emu(shape.left).pt
            for c, (column, cell) in enumerate(zip(table.columns, row.cells)):
                width = Emu(column.width).pt
                if not (cell.is_merge_origin or cell.is_spanned):
                    box = (left * sx, top * sy, (left + width) * sx, (top + height) * sy)
                    yield r, c, box, cell.text_frame.text
                left += width
            top += height


def _cells_out_of_place(number, slide, chars, sx, sy) -> list[str]:
    """Problem lines for table cells whose text is not all drawn inside the cell."""
    from collections import Counter

    lines = []
    for r, c, box, text in _table_cells(slide, sx, sy):
        drawn = Counter(
            ch["text"] for ch in chars if _inside((ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2, box)
        )
        missing = Counter(ch for ch in text if not ch.isspace()) - drawn
        if missing:
            lines.append(
                f"slide {number}: table row {r + 1}, column {c + 1}: {sum(missing.values())} glyphs "
                f"outside the cell (the row grew): {_snippet_of(text)!r}"
            )
    return lines


def _snippet_of(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _inside(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    t = TOLERANCE_PT
    return x0 - t <= x <= x1 + t and top - t <= y <= bottom + t


def _snippet(chars: list[dict]) -> str:
    """Readable text for a run of glyphs: spaces where there are gaps or line breaks."""
    out: list[str] = []
    prev = None
    for ch in chars:
        if prev is not None:
            size = max(prev.get("size") or 0, 1.0)
            new_line = abs(ch["top"] - prev["top"]) > size * 0.5
            gap = ch["x0"] - prev["x1"] > size * 0.2
            if new_line or gap:
                out.append(" ")
        out.append(ch["text"])
        prev = ch
    text = "".join(out)
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def glyphs_outside_boxes(pptx: Path, pdf: Path | None = None) -> list[str]:
    """Report glyphs LibreOffice draws outside their slide's text boxes or off the page.

    Renders *pptx* unless *pdf* (a rendering of it) is given. Returns one
    human-readable line per problem; an empty list means every glyph landed
    inside a text-bearing shape's box (with TOLERANCE_PT of slack), and every
    table cell's text inside its cell.
    """
    import pdfplumber  # test-only dependency; keep importing this module cheap

    pptx = Path(pptx)
    prs = Presentation(str(pptx))
    # LibreOffice leaves hidden slides out of the PDF; number slides as in the deck.
    slides = [
        (number, slide)
        for number, slide in enumerate(prs.slides, start=1)
        if slide._element.get("show") not in ("0", "false")
    ]
    slide_w_pt = Emu(prs.slide_width).pt
    slide_h_pt = Emu(prs.slide_height).pt

    with tempfile.TemporaryDirectory(prefix="deckgen-render-") as tmp:
        if pdf is None:
            pdf = convert_to_pdf(pptx, Path(tmp))
        with pdfplumber.open(str(pdf)) as doc:
            if len(doc.pages) != len(slides):
                return [
                    f"{pdf}: {len(doc.pages)} pages for {len(slides)} visible slides "
                    f"in {pptx.name}; cannot match glyphs to slides"
                ]
            problems = []
            for (number, slide), page in zip(slides, doc.pages):
                problems += _check_page(number, slide, page, slide_w_pt, slide_h_pt)
    return problems


def _check_page(number, slide, page, slide_w_pt, slide_h_pt) -> list[str]:
    """Problem lines for one slide and its rendered PDF page."""
    sx = float(page.width) / slide_w_pt
    sy = float(page.height) / slide_h_pt
    boxes = _slide_boxes(slide, sx, sy)
    t = TOLERANCE_PT
    off_page, outside = [], []
    for ch in page.chars:
        if not ch["text"].strip():
            continue
        if ch["x0"] < -t or ch["top"] < -t or ch["x1"] > page.width + t or ch["bottom"] > page.height + t:
            off_page.append(ch)
            continue
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not any(_inside(cx, cy, box) for box in boxes):
            outside.append(ch)
    lines = _cells_out_of_place(number, slide, page.chars, sx, sy)
    if outside:
        lines.append(f"slide {number}: {len(outside)} glyphs outside their boxes: {_snippet(outside)!r}")
    if off_page:
        lines.append(f"slide {number}: {len(off_page)} glyphs off the page: {_snippet(off_page)!r}")
    return lines
