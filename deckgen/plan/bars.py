"""The bars of the status charts (an issue's chart, the overview's rows and legend): label, count, colour."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from deckgen.content.model import STATUS_ORDER, Status
from deckgen.locale import Locale
from deckgen.theme import Colours

STATUS_KEYS = tuple(s.value for s in STATUS_ORDER) + ("not_broken_down",)
"""Every key a chart bar can have, in the order legends show them."""


@dataclass(frozen=True)
class ChartBar:
    """One row of a status chart."""

    key: str
    """Status word, or "not_broken_down" for the part of the total no count covers."""
    label: str
    """Localized status label, written on the chart."""
    count: int
    count_text: str
    """The count as the locale writes numbers."""
    fill: str
    """Bar colour (hex)."""
    hatch: str = ""
    """Matplotlib hatch pattern, so status is not shown by colour alone."""
    reported: bool = True
    """False: the findings discuss this status but the review gives no count of it. The bar is drawn as an
    outline along its whole track (no length: no number), and COUNT_TEXT ("number not reported") is a small note
    at the end of the label's line instead of a count."""


class Palette(Protocol):
    """What bars are drawn with: the theme's colours and the locale's words (the planner's Context has both)."""

    @property
    def colours(self) -> Colours: ...

    @property
    def locale(self) -> Locale: ...


def bar(ctx: Palette, key: str, count: int, label: str | None = None) -> ChartBar:
    """Return the bar of status KEY for COUNT, labelled LABEL or the locale's status label, in the status colours."""
    colours = ctx.colours.status[key]
    return ChartBar(
        key,
        ctx.locale.status(key) if label is None else label,
        count,
        ctx.locale.number(count),
        colours.fill,
        colours.hatch,
    )


def known_counts(review) -> dict[Status, int]:
    """Return what REVIEW says of how many recommendations have each status, in status order.

    The review's counts first; a status it does not count but that a finding of
    that status alone breaks down by topic, every topic counted, counts the sum
    of its topics (Women's rights: implemented 2 + 6 + 8 = 16). A sum that would
    take the counts past the total is not used.
    """
    known = dict(review.counts.known())
    for finding in review.findings:
        statuses = finding.statuses
        if (
            len(statuses) != 1
            or statuses[0] in known
            or not finding.topics
            or any(t.count is None for t in finding.topics)
        ):
            continue
        summed = sum(t.count for t in finding.topics)
        if review.total is not None and sum(known.values()) + summed > review.total:
            continue
        known[statuses[0]] = summed
    return {s: known[s] for s in STATUS_ORDER if s in known}


def count_rows(review) -> list[tuple[str, int]]:
    """Return (status key, count) per status REVIEW counts (see known_counts), then "not_broken_down" for the rest.

    The numbers every document shows for a review: the deck's and the handout's charts, the
    submission's assessment sentence and the matrix. The rest of the total is "to_assess" instead
    when it is tracked recommendations whose status is still to fill (a new cycle's draft).
    """
    known = known_counts(review)
    rows = [(s.value, n) for s, n in known.items()]
    rest = review.total - sum(known.values())
    if rest > 0 or not rows:
        unassessed = any(tracked.status is None for tracked in review.recommendations)
        rows.append(("to_assess" if unassessed else "not_broken_down", max(rest, 0)))
    return rows


def status_bars(ctx: Palette, review) -> tuple[ChartBar, ...]:
    """Return one bar per status REVIEW counts, then "not broken down" (or "to assess") for the rest.

    The rows are count_rows'.
    """
    return tuple(
        bar(ctx, "not_broken_down", n, ctx.locale.status(key)) if key == "to_assess" else bar(ctx, key, n)
        for key, n in count_rows(review)
    )


def issue_bars(ctx: Palette, review) -> tuple[ChartBar, ...]:
    """Return an issue chart's bars: status_bars, and an outlined "number not reported" bar (in status order) for
    every status the findings discuss that no count gives, so the chart names the statuses the slides do."""
    bars = status_bars(ctx, review)
    counted = {b.key for b in bars}
    discussed = {s.value for f in review.findings for s in f.statuses}
    missing = [s.value for s in STATUS_ORDER if s.value in discussed and s.value not in counted]
    if not missing:
        return bars
    colours = ctx.colours.status
    unreported = {
        key: ChartBar(
            key,
            ctx.locale.status(key),
            0,
            ctx.locale.text("chart.not_reported"),
            colours[key].fill,
            colours[key].hatch,
            reported=False,
        )
        for key in missing
    }
    order = {key: i for i, key in enumerate(STATUS_KEYS)}
    return tuple(sorted([*bars, *unreported.values()], key=lambda b: order.get(b.key, len(order))))
