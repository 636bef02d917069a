"""Status charts drawn from the planner's geometry (plan/charts.py): proportional bars, text that fits its room."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.fonts import Font, text_width
from deckgen.plan.charts import ChartRect, ChartText, darken, fit, status_drawing
from deckgen.plan.specs import Box, ChartBar, ChartSpec

ROOT = Path(__file__).parents[1]
FONTS = ROOT / "deckgen" / "builtin" / "fonts"
REGULAR = Font(family="Arial", file=FONTS / "LiberationSans-Regular.ttf")
BOLD = Font(family="Arial", file=FONTS / "LiberationSans-Bold.ttf", bold=True)
FILLS = ("#009E73", "#E69F00", "#D55E00", "#8C8C8C", "#56B4E9")
HATCHES = ("", "//", "xx", "..", "\\\\")
TRACK = "#E8ECF1"


def make_spec(
    labels, counts, total=9, *, width=400.0, height=330.0, size=16.0, hatch=True, total_text=None
) -> ChartSpec:
    """Return a chart spec with one bar per label, in the brief's colours."""
    bars = tuple(
        ChartBar(
            key=f"s{i}",
            label=label,
            count=count,
            count_text=str(count),
            fill=FILLS[i],
            hatch=HATCHES[i] if hatch else "",
        )
        for i, (label, count) in enumerate(zip(labels, counts, strict=True))
    )
    return ChartSpec(
        box=Box(0, 0, width, height),
        bars=bars,
        total=total,
        total_text=total_text or f"out of about {total}",
        alt_text="",
        regular=REGULAR,
        bold=BOLD,
        size=size,
        count_size=size * 1.5,
        note_size=12.0,
        text_color="#1F2A37",
        muted_color="#4B5563",
        track_color=TRACK,
        background="#FFFFFF",
    )


EN = ("Implemented", "Partially implemented", "Not implemented")


def rects(spec: ChartSpec, fill: str | None = None) -> list[ChartRect]:
    return [s for s in status_drawing(spec).shapes if isinstance(s, ChartRect) and fill in (None, s.fill)]


def texts(spec: ChartSpec) -> list[str]:
    return [t.text for t in status_drawing(spec).texts]


def test_every_label_count_and_the_caption_are_text():
    assert texts(make_spec(EN, (1, 3, 5))) == [
        "Implemented",
        "1",
        "Partially implemented",
        "3",
        "Not implemented",
        "5",
        "out of about 9",
    ]


def test_fill_is_proportional_to_count_and_the_track_stands_for_the_total():
    one, three = (rects(make_spec(["Implemented"], [n], total=4), FILLS[0])[0] for n in (1, 3))
    track = rects(make_spec(["Implemented"], [1], total=4), TRACK)[0]
    assert three.width / one.width == pytest.approx(3)
    assert track.width / one.width == pytest.approx(4)
    assert (one.left, one.top, one.height) == (track.left, track.top, track.height)


def test_counts_beyond_total_fill_the_track_and_zero_total_fills_nothing():
    full = rects(make_spec(["Implemented"], [4], total=4), FILLS[0])[0]
    over = rects(make_spec(["Implemented"], [9], total=4), FILLS[0])[0]
    assert over.width == full.width
    assert rects(make_spec(["Implemented"], [3], total=0), FILLS[0]) == []
    assert len(rects(make_spec(["Implemented"], [3], total=0), TRACK)) == 1


def test_hatched_bars_keep_their_pattern_and_a_darker_outline():
    bars = [r for r in rects(make_spec(EN, (1, 3, 5))) if r.fill != TRACK]
    assert [r.hatch for r in bars] == ["", "//", "xx"]
    assert [r.outline for r in bars] == [darken(f) for f in FILLS[:3]]
    assert darken("#FFFFFF") == "#8C8C8C"


@pytest.mark.parametrize(
    "width,height,labels",
    [
        (
            400,
            330,
            (
                "Ішінара орындалды",
                "Частично выполнены",
                "Partially implemented",
                "Not implemented",
                "Status not reported",
            ),
        ),
        (140, 330, ("Partially implemented", "Частично выполнены", "Ішінара орындалды")),
        (400, 120, EN),
    ],
)
def test_nothing_leaves_the_box_and_labels_never_reach_their_count(width, height, labels):
    spec = make_spec(
        labels,
        [7] * len(labels),
        total=9,
        width=width,
        height=height,
        total_text="out of about 9 recommendations received",
    )
    drawn = status_drawing(spec)
    for shape in drawn.shapes:
        if isinstance(shape, ChartText):
            assert 0 <= shape.left and shape.left + shape.width <= width + 1e-6, shape.text
            assert 0 <= shape.top and shape.baseline + shape.descent <= height + 1e-6, shape.text
        else:
            assert shape.left >= 0 and shape.left + shape.width <= width + 1e-6
            assert shape.top >= 0 and shape.top + shape.height <= height + 1e-6
    pairs = list(zip(drawn.texts[0:-1:2], drawn.texts[1:-1:2]))
    assert all(label.left + label.width < count.left for label, count in pairs)


def test_a_label_too_long_is_set_smaller_then_shortened():
    label = "Частично выполнены"
    assert fit(label, BOLD, 16, 1000) == (label, 16)
    smaller, size = fit(label, BOLD, 16, text_width(label, BOLD.file, 16) * 0.8)
    assert smaller == label and size == pytest.approx(12.8, rel=0.01)
    cut, size = fit(label, BOLD, 16, 60)
    assert cut.endswith("…") and size == pytest.approx(16 * 0.6) and text_width(cut, BOLD.file, size) <= 60


def track_tops(spec: ChartSpec) -> list[float]:
    return [r.top for r in rects(spec, TRACK)]


def test_rows_keep_their_pitch_and_start_at_the_top_when_there_are_few():
    """The chart is top-aligned with the findings beside it: its first bar is where it is with five rows."""
    two = track_tops(make_spec(EN[:2], (1, 1), height=400.0))
    five = track_tops(make_spec(EN + ("Status not reported", "Unknown"), (1, 1, 1, 1, 1), height=400.0))
    assert len(two) == 2 and len(five) == 5
    assert two[1] - two[0] == pytest.approx(five[1] - five[0])
    assert two[0] == pytest.approx(five[0])
