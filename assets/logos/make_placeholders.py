"""Draw the placeholder presenter logos (kibhr.png, coalition.png).

These are plain monograms, not the organisations' real logos: replace the PNGs
with the real artwork (see README.md). Run from anywhere:

    .venv/bin/python assets/logos/make_placeholders.py

Output is deterministic (no timestamps or metadata), so re-running it leaves
the committed files unchanged.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parents[1] / "deckgen" / "builtin" / "fonts" / "LiberationSans-Bold.ttf"

SIZE = 600  # final edge in px
SCALE = 4  # draw large, then downscale: Pillow's shapes are not anti-aliased
WHITE = (255, 255, 255, 255)

# file name -> (initials, circle colour)
LOGOS = {
    "kibhr.png": ("KIBHR", (0x14, 0x36, 0x5D, 255)),  # deep blue
    "coalition.png": ("UPR", (0x0E, 0x6E, 0x6E, 255)),  # teal
}


def _fit_font(text: str, max_width: int, max_height: int) -> ImageFont.FreeTypeFont:
    """Largest font size whose ink box of *text* fits max_width x max_height."""
    lo, hi = 8, max_height * 2
    while lo < hi:  # binary search on the point size
        mid = (lo + hi + 1) // 2
        left, top, right, bottom = ImageFont.truetype(str(FONT), mid).getbbox(text)
        if right - left <= max_width and bottom - top <= max_height:
            lo = mid
        else:
            hi = mid - 1
    return ImageFont.truetype(str(FONT), lo)


def draw_logo(initials: str, colour: tuple[int, int, int, int]) -> Image.Image:
    """A filled circle with a thin inner ring and white initials, on transparency."""
    big = SIZE * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    margin = big // 60  # keep the anti-aliased rim clear of the image edge
    draw.ellipse((margin, margin, big - margin, big - margin), fill=colour)
    ring = big // 16
    draw.ellipse(
        (ring, ring, big - ring, big - ring), outline=(255, 255, 255, 110), width=big // 120
    )

    # Size by the ink box so short and long initials both sit well inside the ring.
    font = _fit_font(initials, max_width=int(big * 0.64), max_height=int(big * 0.24))
    left, top, right, bottom = draw.textbbox((0, 0), initials, font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top  # centre the caps' ink, not the em box
    draw.text((x, y), initials, font=font, fill=WHITE)

    return img.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    for name, (initials, colour) in LOGOS.items():
        out = HERE / name
        draw_logo(initials, colour).save(out, format="PNG", optimize=True)
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
