"""The stakeholder submission planned: its paragraphs in order, numbered, with their endnotes and word count.

Pure (no docx import): deckgen.render.docx writes what this plans. The
structure follows OHCHR's guidelines for stakeholders' written submissions
(docs/submission.md cites them): the submitting organisations at the top,
an optional executive summary and keywords, then per issue the assessment of
the previous cycle's recommendations, the findings and the new
recommendations, every paragraph numbered continuously through the document,
references as endnotes.

The assessment sentence is built from the review's counts exactly as the
deck's chart counts them (plan.bars.count_rows), so the submission, the deck,
the handout and the matrix give the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from deckgen.content.model import ContentSet, Issue, Review, written_empty
from deckgen.locale import Locale
from deckgen.plan import wording
from deckgen.plan.bars import count_rows, known_counts

WORD_LIMITS = {"individual": 2815, "joint": 5630}
"""OHCHR's word limits for stakeholders' submissions: one organisation, and a joint submission."""

_BLANK_LINE = re.compile(r"\n\s*\n")


def count_words(text: str) -> int:
    """Return the words of TEXT as LibreOffice counts them: every run of characters between spaces.

    "141.12", "e-mail" and "(5)" are a word each, and so is a dash between spaces.
    """
    return len(text.split())


class BlockKind(StrEnum):
    """What a paragraph of the submission is; the renderer gives each kind its Word style."""

    document_title = "title"
    subtitle = "subtitle"
    label = "label"
    """A bold line on the cover: "Submitted by"."""
    cover = "cover"
    """A plain, unnumbered line on the cover: an organisation, the contact, the date."""
    heading1 = "heading1"
    heading2 = "heading2"
    numbered = "numbered"
    """A paragraph of the body, numbered continuously through the document."""
    bullet = "bullet"
    keywords = "keywords"


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph's text."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph of the submission."""

    kind: BlockKind
    runs: tuple[Run, ...]
    section: int
    """The section it belongs to: 0 the cover and front matter, N the Nth issue."""
    number: int | None = None
    """Its paragraph number (numbered paragraphs), as Word's numbering shows it."""
    endnotes: tuple[int, ...] = ()
    """The numbers of the endnotes referenced at its end."""

    @property
    def text(self) -> str:
        """Return the paragraph's text."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class WordCount:
    """The submission's words: in all, per section, and the limit they are held to."""

    total: int
    sections: tuple[tuple[str, int], ...]
    """(section title, words) in document order, each with its endnotes."""
    limit: int
    kind: str
    """"joint" or "individual"."""

    @property
    def excess(self) -> int:
        """Return how many words the submission is over its limit (0 within it)."""
        return max(self.total - self.limit, 0)

    def longest(self, n: int = 3) -> list[tuple[str, int]]:
        """Return the N longest sections, longest first."""
        return sorted(self.sections, key=lambda s: -s[1])[:n]


@dataclass(frozen=True)
class SubmissionSpec:
    """The planned submission: its paragraphs, endnotes, sections and document properties."""

    language_tag: str
    title: str
    author: str
    keywords: tuple[str, ...]
    blocks: tuple[Block, ...]
    endnotes: tuple[str, ...]
    """Endnote texts; endnote N is endnotes[N - 1]."""
    endnote_sections: tuple[int, ...]
    """The section each endnote belongs to (the section of the paragraph that refers to it)."""
    sections: tuple[str, ...]
    """Section titles: the front matter, then each issue."""
    kind: str
    draft: bool = False

    def word_count(self) -> WordCount:
        """Return the words of everything the document shows: the cover, headings, paragraphs with their
        numbers, lists and endnotes, as LibreOffice counts them (docs/submission.md says why)."""
        per_section = [0] * len(self.sections)
        for block in self.blocks:
            # a paragraph's number ("12.") is a word too, as LibreOffice counts it; a bullet is none
            per_section[block.section] += count_words(block.text) + (block.number is not None)
        for text, section in zip(self.endnotes, self.endnote_sections):
            per_section[section] += count_words(text)
        return WordCount(sum(per_section), tuple(zip(self.sections, per_section)), WORD_LIMITS[self.kind], self.kind)


@dataclass
class _Builder:
    blocks: list[Block] = field(default_factory=list)
    endnotes: list[str] = field(default_factory=list)
    endnote_sections: list[int] = field(default_factory=list)
    section: int = 0
    number: int = 0

    def add(self, kind: BlockKind, *runs: Run, sources: tuple[str, ...] = ()) -> None:
        notes = []
        for source in sources:
            self.endnotes.append(source)
            self.endnote_sections.append(self.section)
            notes.append(len(self.endnotes))
        number = None
        if kind is BlockKind.numbered:
            self.number += 1
            number = self.number
        self.blocks.append(Block(kind, tuple(runs), self.section, number, tuple(notes)))

    def text(self, kind: BlockKind, text: str, sources: tuple[str, ...] = ()) -> None:
        self.add(kind, Run(text), sources=sources)


def assessment_counts(locale: Locale, review: Review) -> str:
    """Return the review's counts in running text, each status with its tracked ids:
    "1 implemented (141.1), 3 partially (141.2, 141.6, 141.9), 5 not implemented"."""
    parts = []
    for key, count in count_rows(review):
        phrase = wording.status_count(locale, key, count)
        ids = [t.id for t in review.recommendations if (t.status.value if t.status is not None else "to_assess") == key]
        if ids:
            phrase += " " + locale.text("heading_count", counts=", ".join(ids))
        parts.append(phrase)
    return locale.text("count_separator").join(parts)


def assessment_sentence(locale: Locale, review: Review) -> str:
    """Return the sentence that assesses a review: "Of the 9 recommendations the State received on this issue in
    the 3rd UPR cycle, 1 implemented, 3 partially, 5 not implemented."."""
    key = "submission.assessment_about" if review.approximate else "submission.assessment"
    return locale.text(
        key,
        total=review.known_total,
        ordinal=locale.ordinal(review.cycle),
        recommendation=locale.plural("submission.recommendation", review.known_total),
        counts=assessment_counts(locale, review),
    )


def plan_submission(content: ContentSet, locale: Locale, draft: bool = False) -> SubmissionSpec:
    """Return CONTENT's stakeholder submission, labelled in LOCALE; DRAFT fills what is still to write with a
    placeholder."""
    deck = content.deck
    out = _Builder()
    title = wording.filled(locale, deck.title)
    out.text(BlockKind.document_title, locale.text("draft_title", title=title) if draft else title)
    out.text(BlockKind.subtitle, locale.text(f"submission.kind.{deck.submission_kind()}"))
    out.text(BlockKind.label, locale.text("submission.by"))
    for presenter in deck.presenters:
        out.text(BlockKind.cover, presenter.name)
    if deck.members:
        out.text(BlockKind.label, locale.text("submission.members"))
        out.text(BlockKind.cover, "; ".join(deck.members))
    if deck.contact:
        out.text(BlockKind.cover, locale.text("submission.contact", contact=deck.contact))
    if deck.date:
        out.text(BlockKind.cover, deck.date)
    if deck.summary:
        out.text(BlockKind.heading1, locale.text("submission.summary"))
        for paragraph in _BLANK_LINE.split(deck.summary):
            out.text(BlockKind.numbered, " ".join(paragraph.split()))
    if deck.keywords:
        out.text(BlockKind.keywords, locale.text("submission.keywords", keywords=", ".join(deck.keywords)))
    sections = [locale.text("submission.summary") if deck.summary else title]
    for number, issue in enumerate(content.issues, 1):
        out.section = number
        sections.append(issue.title)
        _issue(out, locale, issue)
    return SubmissionSpec(
        locale.tag,
        title,
        ", ".join(p.name for p in deck.presenters),
        tuple(deck.keywords),
        tuple(out.blocks),
        tuple(out.endnotes),
        tuple(out.endnote_sections),
        tuple(sections),
        deck.submission_kind(),
        draft,
    )


def _issue(out: _Builder, locale: Locale, issue: Issue) -> None:
    """Add ISSUE's section: its heading, the assessment, the findings, the recommendations."""
    review = issue.review
    out.text(BlockKind.heading1, issue.title)
    out.text(BlockKind.heading2, locale.text("submission.issue_assessment", ordinal=locale.ordinal(review.cycle)))
    out.text(BlockKind.numbered, assessment_sentence(locale, review))
    known = known_counts(review)  # as the deck's headings: counts the topics give count too
    for finding in review.findings:
        counts = [(s.value, known.get(s)) for s in finding.statuses]
        heading = Run(wording.finding_heading(locale, finding, counts), bold=True)
        texts = list(finding.text)
        lead = finding.summary or (texts.pop(0) if texts else None)
        items = list(finding.points) + [
            locale.text("topic", text=t.text, count=t.count) if t.count is not None else t.text for t in finding.topics
        ]
        # The sources' endnotes follow the finding's last paragraph.
        paragraphs: list[tuple[BlockKind, tuple[Run, ...]]] = [
            (BlockKind.numbered, (heading, Run(locale.text("heading_separator") + lead)) if lead else (heading,))
        ]
        paragraphs += [(BlockKind.numbered, (Run(text),)) for text in texts]
        paragraphs += [(BlockKind.bullet, (Run(item),)) for item in items]
        for i, (kind, runs) in enumerate(paragraphs):
            out.add(kind, *runs, sources=tuple(finding.sources) if i == len(paragraphs) - 1 else ())
    if written_empty(review, ("findings",)):
        out.add(BlockKind.numbered, Run(locale.text("to_fill"), italic=True))
    out.text(BlockKind.heading2, locale.text("recommendations"))
    for recommendation in issue.recommendation_texts:
        out.text(BlockKind.numbered, recommendation)
    if not issue.recommendations:
        out.add(BlockKind.numbered, Run(locale.text("to_fill"), italic=True))
