"""Which characters a font has: read without the glyphs' names, the same characters as with them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from deckgen.fonts import charmap, missing_glyphs

FONTS = sorted((Path(__file__).parents[1] / "deckgen" / "builtin" / "fonts").glob("*.ttf"))


@pytest.mark.parametrize("font_file", FONTS, ids=lambda p: p.name)
def test_the_characters_are_those_the_fonts_cmap_maps_to_named_glyphs(font_file):
    with TTFont(str(font_file)) as font:
        assert charmap(font_file) == frozenset(font.getBestCmap())


def test_a_character_without_a_glyph_is_named():
    assert missing_glyphs("Қазақстан, Казахстан, Kazakhstan 中", FONTS[0]) == ["中"]
