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
CHART_WIDTH = 320.0
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


# The title and closing slides' lengths below are written as they were typed (72, not 72.0): the golden
# plans hold the numbers as the planner computes them.

# --- the title slide: a band with the title, event and date; the presenters under it ----------------------

BAND_HEIGHT = 320.0
"""The title slide's coloured band, from the top of the slide."""
TITLE_SLIDE_TITLE_MAX = 190
"""The most height the deck's title may take on the band."""
TITLE_OVER_EVENT = 62
"""The title's bottom above the band's bottom, over the event and date lines."""
TITLE_OVER_BAND_END = 48
"""The title's bottom above the band's bottom when there is no event or date."""
RULE_WIDTH, RULE_HEIGHT = 72, 4
"""The short rule under the title slide's title and the closing words."""
TITLE_RULE_GAP = 14
"""From the title slide's title to its rule."""
EVENT_GAP = 30
"""From the title slide's title to the event's first line."""
EVENT_SLACK = 4
"""Room for the event and date lines beyond their line heights."""
PRESENTERS_GAP = 36
"""Between the band and the presenters, and between them and the slide's bottom edge."""
PRESENTER_GAP = 32
"""Between two presenters' columns."""
LOGO_SIZE = 88.0
"""A presenter's logo is at most this square."""
LOGO_NAME_GAP = 18
"""Between a presenter's logo and name."""
EVENT_MIN_SCALE = 0.75
"""The event and date lines shrink to at most this share of their size to fit."""
PRESENTER_MIN_SCALE = 0.7
"""A presenter's name shrinks to at most this share of its size to fit its column."""

# --- the closing slide: the closing words on the band, the key asks under them ------------------------------

CLOSING_SIDE = 96.0
"""The closing words' side margins."""
CLOSING_MAX = 260
"""The most height the closing words may take alone."""
CLOSING_RAISE = 20
"""The closing words alone stand this far above the middle of the slide (the rule under them balances them)."""
ASKS_TOP = 64.0
"""With key asks, the closing words stand from here, and the asks under them."""
CLOSING_MAX_WITH_ASKS = 160
"""The most height the closing words may take above key asks."""
CLOSING_RULE_GAP = 18
"""From the closing words to the rule under them."""
ASKS_GAP = 28
"""From the rule under the closing words to the key asks."""
ASKS_FOOTER_GAP = 16
"""Between the key asks and the footer."""
ASK_INDENT = 1.6
"""A key ask's hanging indent (after its number), in ems of its size."""
ASK_SPACE = 0.5
"""Space before each key ask after the first, in ems of its size."""
ASKS_SLACK = 2
"""Room beyond the key asks' longest line, so the centred block never wraps again."""
