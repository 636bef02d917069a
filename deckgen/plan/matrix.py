"""OHCHR's matrix of the previous cycle's recommendations, planned: a group per issue, a row per recommendation.

Pure (no docx or openpyxl import). Each tracked recommendation is a row (its
id, text, recommending States, the State's position) with the column OHCHR's
matrices call "Assessment/comments on level of implementation" filled from
its status (the language's label) and its note. An issue that counts its
recommendations without tracking them one by one gets one row saying what is
known: the submission's assessment sentence, with the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from deckgen.content.model import ContentSet, Response, Status
from deckgen.locale import Locale
from deckgen.plan.submission import assessment_sentence


@dataclass(frozen=True)
class MatrixRow:
    """One row of the matrix: a tracked recommendation, or what is known of an issue's untracked ones."""

    id: str
    """The recommendation's paragraph number in the review's report; "" for an issue's untracked recommendations."""
    text: str
    states: tuple[str, ...]
    response: Response | None
    position: str
    """The State's response as the language labels it; "" when not known."""
    status: Status | None
    assessment: str
    """The status as the language labels it (to assess when it has none), or the assessment sentence."""
    note: str | None

    @property
    def tracked(self) -> bool:
        """Return whether the row is one tracked recommendation."""
        return bool(self.id)


@dataclass(frozen=True)
class MatrixGroup:
    """An issue's rows, under its title."""

    title: str
    issue_file: str
    """The issue file's name without .yaml, as deckgen's tables name the issue."""
    rows: tuple[MatrixRow, ...]


@dataclass(frozen=True)
class MatrixSpec:
    """The planned matrix: its title, the organisations that prepared it, the column headers and the groups."""

    language_tag: str
    title: str
    prepared_by: str
    headers: tuple[str, str, str, str, str]
    """No., recommendation, recommending States, position, assessment/comments."""
    groups: tuple[MatrixGroup, ...]

    def rows(self) -> list[MatrixRow]:
        """Return every row, group after group."""
        return [row for group in self.groups for row in group.rows]


def plan_matrix(content: ContentSet, locale: Locale) -> MatrixSpec:
    """Return CONTENT's matrix, labelled in LOCALE: a group per issue, in the issues' order."""
    deck = content.deck
    groups = []
    for number, issue in enumerate(content.issues, 1):
        review = issue.review
        stem = content.issue_files[number - 1].removesuffix(".yaml") if number <= len(content.issue_files) else ""
        rows = [
            MatrixRow(
                t.id,
                t.text,
                tuple(t.states),
                t.response,
                locale.text(f"response.{t.response.value}") if t.response else "",
                t.status,
                locale.status(t.status.value if t.status else "to_assess"),
                t.note,
            )
            for t in review.recommendations
        ]
        if not rows or review.partial():
            rows.append(
                MatrixRow(
                    "",
                    locale.text("matrix.partial" if rows else "matrix.untracked"),
                    (),
                    None,
                    "",
                    None,
                    assessment_sentence(locale, review),
                    None,
                )
            )
        groups.append(MatrixGroup(wording_issue(locale, number, issue.title), stem, tuple(rows)))
    cycles = {issue.review.cycle for issue in content.issues}
    title = (
        locale.text("matrix.title", country=deck.country, ordinal=locale.ordinal(next(iter(cycles))))
        if len(cycles) == 1
        else locale.text("matrix.title_mixed", country=deck.country)
    )
    prepared_by = locale.text("matrix.prepared_by", organisations="; ".join(p.name for p in deck.presenters))
    headers = (
        locale.text("annex.id"),
        locale.text("annex.recommendation"),
        locale.text("annex.states"),
        locale.text("matrix.position"),
        locale.text("matrix.assessment"),
    )
    return MatrixSpec(locale.tag, title, prepared_by, headers, tuple(groups))


def wording_issue(locale: Locale, number: int, title: str) -> str:
    """Return an issue's group heading as the deck heads it: "Issue 1: Freedom of Religion and Belief"."""
    return locale.text("issue", number=number, title=title)
