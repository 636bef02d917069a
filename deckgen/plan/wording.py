"""The deck's wording built from locale labels: titles, totals, captions, headings, placeholders.

Functions of the locale and the content only: no sizes, no colours, no boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

from deckgen.content.model import Finding, Issue
from deckgen.locale import Locale


def filled(locale: Locale, text: str) -> str:
    """Return TEXT, or the locale's placeholder when it is still to fill (empty)."""
    return text or locale.text("to_fill")


def issue_title(locale: Locale, number: int, issue: Issue, running: bool = False) -> str:
    """Return the issue's title as slides head it: its number and its title (RUNNING: its short_title if any,
    for continuation and recommendation slides)."""
    return locale.text(
        "issue", number=number, title=issue.short_title if running and issue.short_title else issue.title
    )


def continued(locale: Locale, page: int) -> str:
    """Return what a title adds on page PAGE of a slide run: "", then "(cont.)", "(cont. 2)"..."""
    return "" if page == 0 else locale.text("continued") if page == 1 else locale.text("continued_n", n=page)


def total_text(locale: Locale, review) -> str:
    """Return a review's total as a phrase: "9", or "about 40" when approximate."""
    return locale.text("about", count=review.total) if review.approximate else locale.number(review.total)


def chart_caption(locale: Locale, review) -> str:
    """Return what a chart says of a review's total: "out of 9", "out of about 40"."""
    return locale.text("chart_total_about" if review.approximate else "chart_total", count=review.total)


def recommendation_noun(locale: Locale, review) -> str:
    """Return "recommendation(s)" in the form that follows the review's total.

    Some languages inflect the noun after "about N" differently from after N
    (Russian: 21 рекомендация, but около 21 рекомендации), so the approximate
    total has plural forms of its own.
    """
    key = "recommendation_about" if review.approximate else "recommendation"
    return locale.plural(key, review.total)


def cycle_line(locale: Locale, review) -> str:
    """Return the line under an issue's status title: the review's cycle and its total of recommendations."""
    return locale.text(
        "cycle_line",
        ordinal=locale.ordinal(review.cycle),
        count=total_text(locale, review),
        recommendation=recommendation_noun(locale, review),
    )


def finding_heading(locale: Locale, finding: Finding, counts: Sequence[tuple[str, int | None]] = ()) -> str:
    """Return a finding's heading: its status label and count, "Not implemented (5)".

    COUNTS are the (status key, count) pairs of its statuses. A finding of
    several statuses, every one counted, is headed by its counts, each naming
    its status in the form its number takes: "1 implemented, 3 partially" (never
    "(1/3)"); uncounted, by its labels: "Implemented/partially implemented".
    """
    known = [(key, n) for key, n in counts if n is not None]
    if known and len(known) == len(counts) > 1:
        return status_counts(locale, known)
    labels = [locale.status(s.value) for s in finding.statuses]
    label = "/".join([labels[0]] + [label[:1].lower() + label[1:] for label in labels[1:]])
    return (
        f"{label} {locale.text('heading_count', counts=locale.number(known[0][1]))}"
        if known and len(known) == len(counts)
        else label
    )


def status_count(locale: Locale, key: str, count: int) -> str:
    """Return COUNT recommendations of status KEY in running text: "3 partially", "5 не выполнено"."""
    return locale.plural(f"count.{key}", count).format(count=locale.number(count))


def status_counts(locale: Locale, counts) -> str:
    """Return (status key, count) pairs in running text: "1 implemented, 3 partially"."""
    return locale.text("count_separator").join(status_count(locale, key, n) for key, n in counts)


def status_chart_alt(locale: Locale, issue_title: str, review, parts: str) -> str:
    """Return the alt text of an issue's status chart: its title, cycle, total, and PARTS (each bar's count)."""
    return locale.text(
        "chart_alt",
        issue=issue_title,
        parts=parts,
        total=total_text(locale, review),
        ordinal=locale.ordinal(review.cycle),
        recommendation=recommendation_noun(locale, review),
    )


def chart_alt_parts(locale: Locale, bars) -> str:
    """Return BARS (ChartBar) as the alt text states them: "Implemented: 3, Not implemented: 5"."""
    return ", ".join(
        locale.text("chart_alt_part", label=b.label, count=b.count if b.reported else b.count_text) for b in bars
    )


def overview_title(locale: Locale, cycles: set[int]) -> str:
    """Return the overview's title: with the review cycle when all issues share one."""
    return (
        locale.text("overview_title", ordinal=locale.ordinal(next(iter(cycles))))
        if len(cycles) == 1
        else locale.text("overview_title_mixed")
    )


def overview_row_alt(locale: Locale, issue: Issue, bars) -> str:
    """Return what the overview's alt text says of one issue: its title, total and BARS' counts."""
    return locale.text(
        "overview_alt_row",
        issue=issue.title,
        total=locale.text(
            "overview_row_total",
            count=total_text(locale, issue.review),
            recommendation=recommendation_noun(locale, issue.review),
        ),
        parts=chart_alt_parts(locale, bars),
    )


def overview_headline(
    locale: Locale, totals: dict[str, int], total: int, approximate: bool, rest_key: str = "not_broken_down"
) -> str:
    """Return the overview's headline: how many recommendations were fully implemented, then the other counts.

    TOTALS maps bar keys to their counts summed over the issues, TOTAL is the
    issues' totals summed. "Fully implemented" leads; partially and not
    implemented follow, then what no count covers (REST_KEY's wording), so no
    share merges partial action into success.
    """
    key = "overview_headline_about" if approximate else "overview_headline"
    headline = locale.text(
        key,
        implemented=totals.get("implemented", 0),
        total=total,
        recommendation=locale.plural("overview_recommendation", total),
    )
    rest = [(k if k != "not_broken_down" else rest_key, n) for k, n in totals.items() if k != "implemented" and n]
    return (
        locale.text("overview_headline_rest", headline=headline, rest=status_counts(locale, rest)) if rest else headline
    )


def statement_headline(locale: Locale, issue: Issue, known: dict) -> str:
    """Return a statement slide's headline: the issue's own `headline`, else what its counts say.

    KNOWN maps each counted status (Status) to its count (see bars.known_counts).
    In the overview's terms: "1 of 9 recommendations fully implemented" when the
    implemented are counted; else the first counted status, "Not implemented: 5
    of 9 recommendations"; else that no status is reported.
    """
    if issue.headline:
        return issue.headline
    review = issue.review
    counted = {status.value: n for status, n in known.items()}
    if "implemented" in counted:
        return overview_headline(
            locale, {"implemented": counted["implemented"]}, review.known_total, review.approximate
        )
    if counted:
        key, count = next(iter(counted.items()))
        return locale.text(
            "headline_status_about" if review.approximate else "headline_status",
            status=locale.status(key),
            count=count,
            total=review.known_total,
            recommendation=locale.plural("overview_recommendation", review.known_total),
        )
    return locale.text(
        "headline_unknown", count=total_text(locale, review), recommendation=recommendation_noun(locale, review)
    )
