"""HandoutDoc -> tagged PDF (PDF/UA-1), typeset by Typst (the `typst` wheel: no LibreOffice, no network).

The template (handout.typ beside this module) lays out what plan/handout.py
decided; this module hands it the data as JSON, so that no content is ever
read as Typst markup, and measures with Typst what fits: the largest body
size of BODY_SIZES at which every issue keeps to its page, in every language
of the handout (fit_size), then, for an issue that does not fit even at the
smallest size, the fewest whole sentences to drop (fit_cuts).

Typst runs in a temporary folder holding only the template and copies of
the logos: it reads nothing else (its root), loads fonts only from the
theme's font files (no system fonts), and fetches no packages.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path

import typst

from deckgen.fonts import family_name
from deckgen.plan.handout import BODY_SIZES, HandoutDoc, Text

TEMPLATE = Path(__file__).with_name("handout.typ")
FIXED_TIMESTAMP = 1_704_067_200
"""2024-01-01 00:00 UTC, the PDF's creation date: the same content gives the same bytes (as the decks' zip time)."""


class TypesetError(Exception):
    """Typst could not typeset the handout; the message says why."""


class Typesetter:
    """Typst with the handout's template, the documents' fonts and logos in a private root folder."""

    def __init__(self, root: Path, fonts: list[Path]):
        self.root = root
        self.fonts = sorted({str(f.parent) for f in fonts})
        shutil.copyfile(TEMPLATE, root / "handout.typ")

    def _inputs(self, doc: HandoutDoc, probe: tuple[float, ...] = ()) -> dict[str, str]:
        data = _data(doc, self.root)
        data["probe"] = list(probe)
        return {"data": json.dumps(data, ensure_ascii=False)}

    def fits(self, doc: HandoutDoc, sizes: tuple[float, ...]) -> dict[tuple[int, float], bool]:
        """Return for each issue number and each of SIZES whether the issue ends on the page it starts on.

        One layout answers for every size: the template sets each issue at each size (a probe).
        """
        try:
            raw = typst.query(
                str(self.root / "handout.typ"),
                "<marker>",
                field="value",
                root=str(self.root),
                font_paths=self.fonts,
                ignore_system_fonts=True,
                sys_inputs=self._inputs(replace(doc, annex=()), sizes),
            )
        except typst.TypstError as error:  # the template and its data are deckgen's own: a bug, said plainly
            raise TypesetError(_first_line(error)) from None
        starts, fits = {}, {}
        for marker in json.loads(raw):
            key = (marker["n"], float(marker["size"]))
            if marker["at"] == "start":
                starts[key] = marker["page"]
            else:
                fits[key] = marker["page"] == starts.get(key)
        return fits

    def pdf(self, doc: HandoutDoc) -> bytes:
        """Return DOC as a tagged PDF conforming to PDF/UA-1."""
        try:
            return typst.compile(
                str(self.root / "handout.typ"),
                root=str(self.root),
                font_paths=self.fonts,
                ignore_system_fonts=True,
                sys_inputs=self._inputs(doc),
                pdf_standards=["ua-1"],
                timestamp=FIXED_TIMESTAMP,
            )
        except typst.TypstError as error:
            raise TypesetError(_first_line(error)) from None


@contextmanager
def typesetter(fonts: list[Path]) -> Iterator[Typesetter]:
    """Yield a Typesetter whose private root folder is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="deckgen-typst-") as work:
        yield Typesetter(Path(work), fonts)


def fit_size(setter: Typesetter, docs: list[HandoutDoc]) -> float:
    """Return the largest body size at which every issue of every one of DOCS keeps to its page (else the smallest).

    A page that fits at a size fits at every smaller one, so the sizes are bisected; at each size the
    document that last failed is tried first, since the longest language decides.
    """
    order = list(docs)

    def fits(size: float) -> bool:
        for doc in order:
            if not all(setter.fits(doc, (size,)).values()):
                order.remove(doc)
                order.insert(0, doc)
                return False
        return True

    sizes = BODY_SIZES
    if fits(sizes[0]):
        return sizes[0]
    low, high = 0, len(sizes) - 1  # sizes[low] does not fit; sizes[high] is the answer unless a larger one fits
    if not fits(sizes[high]):
        return sizes[high]
    while high - low > 1:
        middle = (low + high) // 2
        if fits(sizes[middle]):
            high = middle
        else:
            low = middle
    return sizes[high]


def fit_cuts(setter: Typesetter, doc: HandoutDoc, shorten: Callable[[int, int], HandoutDoc | None]) -> HandoutDoc:
    """Return DOC with each issue that does not keep to its page shortened by the fewest whole sentences that fit.

    SHORTEN(number, cuts) returns DOC with issue NUMBER's findings cut by CUTS units, or None when it has fewer.
    An issue that does not fit even with every unit cut is left at its shortest (it runs onto a second page).
    """
    size = (doc.body_size,)
    for number in [n for (n, _), fits in setter.fits(doc, size).items() if not fits]:
        most = 0
        while shorten(number, most + 1) is not None:
            most += 1
        low, high = 0, most  # low does not fit; bisect for the fewest cuts that do
        shortest = shorten(number, most) if most else None
        if shortest is None or not setter.fits(shortest, size)[(number, size[0])]:
            doc = shortest or doc
            continue
        best = shortest
        while high - low > 1:
            middle = (low + high) // 2
            candidate = shorten(number, middle)
            assert candidate is not None
            if setter.fits(candidate, size)[(number, size[0])]:
                high, best = middle, candidate
            else:
                low = middle
        doc = best
    return doc


def _segments(text: Text) -> list[tuple[str, bool]]:
    """Return TEXT as [segment, keep] pairs: kept segments stay on one line."""
    out, at = [], 0
    for start, end in text.keep:
        if start > at:
            out.append((text.text[at:start], False))
        out.append((text.text[start:end], True))
        at = end
    if at < len(text.text) or not out:
        out.append((text.text[at:], False))
    return out


def _data(doc: HandoutDoc, root: Path) -> dict:
    """Return DOC as the template reads it: texts as segments, logos as file names inside ROOT."""

    def convert(value):
        if isinstance(value, dict):
            if set(value) == {"text", "keep"}:
                return _segments(Text(value["text"], tuple(tuple(k) for k in value["keep"])))
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        if isinstance(value, Path):
            return str(value)
        return value

    data = convert(asdict(doc))
    for number, logo in enumerate(data["logos"]):
        name = f"logo{number}{Path(logo['path']).suffix.lower()}"
        if not (root / name).exists():
            shutil.copyfile(logo["path"], root / name)
        logo["file"] = name
        del logo["path"]
    language, _, region = doc.language.partition("-")
    data.update(lang=language.lower(), region=region.upper() or None, font=family_name(doc.fonts[0]))
    del data["fonts"]
    return data


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
