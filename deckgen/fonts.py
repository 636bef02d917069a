"""Font files -> measured text: advance widths and missing glyphs, with real font metrics.

Widths are read with Pillow at a fixed reference size and scaled, and cached per
(font file, text): a deck measures the same words many times while the planner
tries font sizes. Both the content checks (glyphs) and the planner (widths) use
this module, so it depends on nothing else in deckgen.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

_REFERENCE_SIZE = 1000
"""Size at which glyph advances are read; large, so rounding is negligible."""

WORD_JOINER = "\u2060"
"""Keeps the characters on either side on one line; drawn as nothing."""
WIDTH_SAFETY = 1.02
"""Measured widths are stretched by this factor: viewers shape and kern slightly differently."""


@dataclass(frozen=True)
class Font:
    """A font as the slide names it and as deckgen measures it."""

    family: str
    """Family name written into the pptx (e.g. Arial)."""
    file: Path
    """Metric-compatible font file used for measuring (e.g. LiberationSans-Regular.ttf)."""
    bold: bool = False
    italic: bool = False


@cache
def _font(path: Path) -> ImageFont.FreeTypeFont:
    # BASIC layout: the same advances on every machine, whether or not libraqm is installed.
    return ImageFont.truetype(str(path), _REFERENCE_SIZE, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=200_000)
def _reference_width(path: Path, text: str) -> float:
    return _font(path).getlength(text)


def text_width(text: str, font_file: Path, size: float) -> float:
    """Return the advance width of TEXT in points, set in FONT_FILE at SIZE points.

    A word joiner (U+2060) has no width: viewers draw nothing for it, whether the font has a glyph or not.
    """
    if WORD_JOINER in text:
        text = text.replace(WORD_JOINER, "")
    return _reference_width(font_file, text) * size / _REFERENCE_SIZE * WIDTH_SAFETY


def missing_glyphs(text: str, font_file: Path) -> list[str]:
    """Return the characters of TEXT that FONT_FILE has no glyph for."""
    cmap = charmap(font_file)
    # Each distinct character once: a text repeats its few dozen characters many times.
    return sorted(ch for ch in set(text) if ch not in "\n\t" and ord(ch) not in cmap)


def charmap(font_file: Path) -> frozenset[int]:
    """Return the code points FONT_FILE maps to glyphs, read once per state of the file (its size and time):
    checking the font (deckgen.assets.font_problem) and its characters read it once between them."""
    stat = Path(font_file).stat()
    return _charmap(Path(font_file), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _charmap(font_file: Path, size: int, mtime_ns: int) -> frozenset[int]:
    del size, mtime_ns  # only the cache's key: the file's state
    with TTFont(str(font_file), lazy=True) as font:
        # Only which characters have a glyph counts, not the glyphs' names: numbered names spare decoding
        # the post table's thousands of them (the same characters, a third of the time).
        font.setGlyphOrder([f"glyph{i:05d}" for i in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap())


@cache
def line_metrics(font_file: Path) -> tuple[float, float]:
    """Return FONT_FILE's ascent and descent (both positive) in em, as its hhea table gives them."""
    with TTFont(str(font_file), lazy=True) as font:
        em, hhea = font["head"].unitsPerEm, font["hhea"]
        return hhea.ascent / em, -hhea.descent / em


def family_name(font_file: Path) -> str:
    """Return the family name FONT_FILE declares (e.g. Liberation Sans), by which typesetters select it."""
    return _font(font_file).getname()[0] or Path(font_file).stem
