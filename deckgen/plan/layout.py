"""The grid of every slide: the slide size, its margins and the boxes slides place things in, in points.

Lengths are from the slide's top-left corner. This is the one place the slide's
size is written down: the planner gives it to the deck spec, the renderer takes
it from there.
"""

from __future__ import annotations

from deckgen.plan.specs import Box

SLIDE_WIDTH, SLIDE_HEIGHT = 960.0, 540.0
"""16:9 slide, in points (13.333 x 7.5 inches)."""

MARGIN = 48.0
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE_TOP = 28.0
BODY_GAP = 18.0
"""From the title's last line to the body."""
FOOTER_TOP = SLIDE_HEIGHT - 38.0
BODY_BOTTOM = FOOTER_TOP - 14.0
FOOTER_LOGO = 18.0
CHART_WIDTH = 380.0
MAX_CHART_WIDTH = CONTENT_WIDTH / 2
"""Beyond this the findings' column would be too narrow; the renderer shrinks the label instead."""
COLUMN_GAP = 40.0
TABLE_INSET_X, TABLE_INSET_Y = 6.0, 4.0
"""Cell margins of tables, in points, at the sides and above and below."""
DRAFT_TOP = 4.0
"""The DRAFT tag sits in the strip above the title (which starts at TITLE_TOP)."""
DRAFT_OUTLINE = 1.5


def body_top(title: Box) -> float:
    """Return where the body starts under a slide title in TITLE."""
    return title.bottom + BODY_GAP


def body_box(top: float) -> Box:
    """Return the body's box across the slide, from TOP down to the footer."""
    return Box(MARGIN, top, CONTENT_WIDTH, BODY_BOTTOM - top)
