"""Status chart PNGs: size, determinism, proportional bars, Cyrillic glyphs, no pyplot."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest
from PIL import Image

from deckgen.fonts import Font
from deckgen.plan.specs import Box, ChartBar, ChartSpec
from deckgen.render.picture_charts import chart_png_size, render_chart_png

ROOT = Path(__file__).parents[1]
FONTS = ROOT / "deckgen" / "builtin" / "fonts"
REGULAR = Font(family="Arial", file=FONTS / "LiberationSans-Regular.ttf")
BOLD = Font(family="Arial", file=FONTS / "LiberationSans-Bold.ttf", bold=True)
FILLS = ("#009E73", "#E69F00", "#D55E00", "#8C8C8C", "#56B4E9")
HATCHES = ("", "//", "xx", "..", "\\\\")
BACKGROUND = (255, 255, 255)
TRACK = (0xE8, 0xEC, 0xF1)


def make_spec(labels, counts, total=9, *, width=400.0, height=330.0, size=16.0, dpi=220,
              hatch=True, total_text=None) -> ChartSpec:
    """Return a chart spec with one bar per label, in the brief's colours."""
    bars = tuple(
        ChartBar(key=f"s{i}", label=label, count=count, count_text=str(count), fill=FILLS[i],
                 hatch=HATCHES[i] if hatch else "")
        for i, (label, count) in enumerate(zip(labels, counts, strict=True))
    )
    return ChartSpec(box=Box(0, 0, width, height), bars=bars, total=total,
                     total_text=total_text or f"out of about {total}", alt_text="", regular=REGULAR,
                     bold=BOLD, size=size, text_color="#1F2A37", track_color="#E8ECF1",
                     background="#FFFFFF", dpi=dpi)


def image(png: bytes) -> Image.Image:
    """Return PNG decoded as RGB."""
    return Image.open(io.BytesIO(png)).convert("RGB")


def count_color(img: Image.Image, rgb: tuple[int, int, int]) -> int:
    """Return how many pixels of IMG are exactly RGB."""
    return sum(n for n, c in img.getcolors(maxcolors=img.width * img.height) if c == rgb)


def hex_rgb(color: str) -> tuple[int, int, int]:
    """Return "#RRGGBB" as an RGB tuple."""
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


EN = ("Implemented", "Partially implemented", "Not implemented")


@pytest.mark.parametrize("dpi", [200, 220, 300])
def test_png_is_box_size_at_dpi(dpi):
    spec = make_spec(EN, (1, 3, 5), dpi=dpi)
    img = Image.open(io.BytesIO(render_chart_png(spec)))
    expected = (round(400 * dpi / 72), round(330 * dpi / 72))
    assert img.size == chart_png_size(spec) == expected
    assert img.info["dpi"] == pytest.approx((dpi, dpi), abs=0.1)  # stored as pixels per metre


def test_default_dpi_is_print_quality_and_low_dpi_is_refused():
    assert make_spec(EN, (1, 3, 5)).dpi >= 200
    with pytest.raises(ValueError, match="dpi"):
        render_chart_png(make_spec(EN, (1, 3, 5), dpi=96))


def test_identical_specs_give_identical_bytes():
    spec = make_spec(EN, (1, 3, 5))
    first = render_chart_png(spec)
    assert render_chart_png(spec) == first
    assert render_chart_png(make_spec(EN, (1, 3, 5))) == first
    assert b"Matplotlib" not in first  # no version stamp that would change with upgrades


def test_different_counts_give_different_images():
    a = image(render_chart_png(make_spec(EN, (1, 3, 5))))
    b = image(render_chart_png(make_spec(EN, (1, 4, 5))))
    assert a.tobytes() != b.tobytes()


def test_fill_is_proportional_to_count():
    fill = hex_rgb(FILLS[0])
    one = count_color(image(render_chart_png(make_spec(["Implemented"], [1], total=4, hatch=False))), fill)
    three = count_color(image(render_chart_png(make_spec(["Implemented"], [3], total=4, hatch=False))), fill)
    assert one > 1000
    assert three / one == pytest.approx(3, rel=0.1)


def test_counts_beyond_total_fill_the_track_and_zero_total_fills_nothing():
    fill = hex_rgb(FILLS[0])
    full = count_color(image(render_chart_png(make_spec(["Implemented"], [4], total=4, hatch=False))), fill)
    over = count_color(image(render_chart_png(make_spec(["Implemented"], [9], total=4, hatch=False))), fill)
    empty = image(render_chart_png(make_spec(["Implemented"], [3], total=0, hatch=False)))
    assert over == full
    assert count_color(empty, fill) == 0
    assert count_color(empty, TRACK) > 1000


def glyph_warnings(labels) -> list[str]:
    """Return the missing-glyph warnings raised while rendering LABELS."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_chart_png(make_spec(labels, [1] * len(labels)))
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def test_kazakh_and_russian_labels_have_every_glyph():
    assert glyph_warnings(["Частично выполнены", "Орындалды", "ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І"]) == []
    # The check above can fail: a script the font lacks is reported.
    assert glyph_warnings(["実施済み"])


@pytest.mark.parametrize("width,height,labels", [
    (400, 330, ("Ішінара орындалды", "Частично выполнены", "Partially implemented", "Not implemented",
                "Status not reported")),
    (140, 330, ("Partially implemented", "Частично выполнены", "Ішінара орындалды")),
    (400, 120, EN),
])
def test_nothing_touches_the_image_edge(width, height, labels):
    spec = make_spec(labels, [7] * len(labels), total=9, width=width, height=height,
                     total_text="out of about 9 recommendations received")
    img = image(render_chart_png(spec))
    w, h = img.size
    edge = [img.getpixel((x, y)) for x in range(w) for y in (0, h - 1)]
    edge += [img.getpixel((x, y)) for y in range(h) for x in (0, w - 1)]
    assert set(edge) == {BACKGROUND}


def track_tops(spec: ChartSpec) -> list[int]:
    """Return the pixel rows where each bar's track begins, read near the right edge."""
    img = image(render_chart_png(spec))
    x = img.width * 9 // 10  # beyond the fills, where only the track is drawn
    column = [img.getpixel((x, y)) == TRACK for y in range(img.height)]
    return [y for y in range(1, img.height) if column[y] and not column[y - 1]]


def test_rows_keep_their_pitch_and_start_at_the_top_when_there_are_few():
    """The chart is top-aligned with the findings beside it: its first bar is where it is with five rows."""
    two = track_tops(make_spec(EN[:2], (1, 1), height=400.0))
    five = track_tops(make_spec(EN + ("Status not reported", "Unknown"), (1, 1, 1, 1, 1), height=400.0))
    assert len(two) == 2 and len(five) == 5
    assert two[1] - two[0] == pytest.approx(five[1] - five[0], abs=1)
    assert two[0] == pytest.approx(five[0], abs=1)


def test_rendering_does_not_import_pyplot():
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_charts import make_spec, render_chart_png
        render_chart_png(make_spec(["Орындалды"], [2]))
        assert "matplotlib" in sys.modules
        assert "matplotlib.pyplot" not in sys.modules
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
