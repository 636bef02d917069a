"""Pydantic models of the content format (docs/content-format.md, version 1).

Key names are a public contract: translators' copies and other organisations'
decks depend on them. Optional keys may be added; none may be renamed.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Literal

from annotated_types import Le
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from deckgen.content.words import as_code


def as_written(value: object) -> object:
    """Return a number as its source text when the loader kept it (141.10 stays "141.10"), else VALUE."""
    return getattr(value, "source_text", value)


_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n){2,}")


def _visible(text: str) -> str:
    """Return TEXT when it has something to show: text of only spaces or invisible characters (zero-width
    spaces, word joiners) would make an empty title or list item on a slide."""
    if text and not any(not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE for ch in text):
        raise ValueError("has no text, only spaces or invisible characters: write the text, or remove it")
    return text


def _written(text: str) -> str:
    """Return TEXT unless it is empty ("")."""
    if not text:
        raise ValueError("must not be empty")
    return text


_INVISIBLE = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp", "Mn"})
"""Unicode categories that draw nothing alone: format characters (U+200B, U+2060), controls, spaces, marks."""


def _tabs_as_spaces(text: str) -> str:
    """Return TEXT with each TAB a space (viewers draw a TAB to the next tab stop, outside the measured box),
    and blank lines in a row as one."""
    return _BLANK_LINES.sub("\n\n", text.replace("\t", " "))


Text = Annotated[
    str,
    BeforeValidator(as_written),
    AfterValidator(_written),
    AfterValidator(_visible),
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_tabs_as_spaces),
]
"""A non-empty piece of translatable text."""

TextToFill = Annotated[
    str,
    BeforeValidator(as_written),
    AfterValidator(_visible),
    StringConstraints(strip_whitespace=True),
    AfterValidator(_tabs_as_spaces),
]
"""Translatable text that may be written empty ("") while it is still to fill, as in a new cycle's deck.yaml:
validation lists it, and a draft shows a placeholder for it."""

RecommendationId = Annotated[
    str, BeforeValidator(as_written), StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^\S+$")
]
"""A recommendation's paragraph number in the review's report, e.g. "141.12"."""


MAX_TIME_LIMIT = 600
"""The longest time_limit, in minutes: ten hours is no statement; a larger number is a typing mistake."""


class Status(StrEnum):
    """How far a recommendation of the previous cycle was implemented."""

    implemented = "implemented"
    partially_implemented = "partially_implemented"
    not_implemented = "not_implemented"
    no_data = "no_data"


STATUS_ORDER: tuple[Status, ...] = tuple(Status)
"""Statuses in the order charts and legends show them."""


class Response(StrEnum):
    """What the State under review answered to a recommendation."""

    supported = "supported"
    partially_supported = "partially_supported"
    noted = "noted"
    pending = "pending"


MAX_COUNT = 100_000
"""The largest count, total or cycle deckgen takes: a State receives a few hundred recommendations per review."""

Count = Annotated[int, Strict(), Le(MAX_COUNT)]
"""A whole number as YAML writes one: `yes` or `true` is no count."""

LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A BCP 47 language tag as deck.yaml writes it: en, en-GB, ru, kk."""


def _no_items() -> list:
    """Return a new empty list: a list key's default.

    Not `list` itself: pydantic reads a default factory's signature as it builds the model, and a builtin's is
    parsed from its text by Python's tokenizer, whose patterns alone take milliseconds to compile on every run.
    """
    return []


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Presenter(_Model):
    """An organisation presenting the deck, shown on the title slide."""

    name: Text = Field(description="The organisation's full name.")
    logo: str | None = Field(None, description="Logo image, a path under the assets folder, e.g. logos/kibhr.png.")


class Deck(_Model):
    """deck.yaml: what the whole presentation is about and who presents it."""

    language: str = Field(description="BCP 47 language tag of the text: en, en-GB, ru, kk, ...", pattern=LANGUAGE_TAG)
    title: TextToFill = Field(
        description='The presentation\'s title, shown on the title slide; "" while still to fill.'
    )
    country: Text = Field(description="The State under review.")
    cycle: Count = Field(ge=1, description="The review cycle this deck speaks to.")
    presenters: list[Presenter] = Field(min_length=1, description="Organisations shown on the title slide, in order.")
    closing: Text | None = Field(None, description="Closing slide text; a localized default otherwise.")
    theme: str | None = Field(
        None, description="Theme name: assets/themes/<name>.yaml; the built-in default otherwise."
    )
    event: TextToFill | None = Field(
        None, description='Where and when the deck is presented, shown on the title slide; "" while still to fill.'
    )
    date: Text | None = Field(
        None,
        description='When the deck is presented, as the title slide shows it under the event, e.g. "2 October 2024".',
    )
    closing_asks: list[Text] = Field(
        default_factory=_no_items,
        description="The coalition's key asks, shown under the closing line of the closing slide, in order.",
    )
    short_name: Text | None = Field(
        None, description="The coalition's short name for the slide footer; the first presenter's name otherwise."
    )
    labels: dict[str, Text | dict[str, Text]] | None = Field(
        None,
        description="House-style overrides of the language's UI labels, e.g. "
        "{'status.no_data': 'Not assessed'}; the keys are those of deckgen/locale/<language>.yaml. "
        "Plural labels take their forms: {recommendation: {one: ..., other: ...}}.",
    )
    overview: Annotated[bool, Strict()] = Field(
        False,
        description="Add an overview slide after the title slide: every issue's status counts in one "
        "chart, under a headline of how many were fully implemented.",
    )
    annex: Annotated[bool, Strict()] = Field(
        False,
        description="Add an annex after the closing slide: per issue, a table of its tracked recommendations "
        "(number, text, recommending States, response, status). `deckgen build --annex` "
        "turns it on too.",
    )
    contact: Text | None = Field(
        None, description="A contact line for the handout's footer, e.g. a name, e-mail and telephone number."
    )
    format: Literal["report", "statement"] = Field(
        "report",
        description="What the deck is: `report`, the full written report (every finding and "
        "recommendation on slides), or `statement`, the talk: one slide per issue with a "
        "headline, the chart, the key finding and the top asks, the rest in the speaker "
        "notes. `deckgen build --format` overrides it.",
    )
    time_limit: Annotated[float, Strict()] | None = Field(
        None,
        gt=0,
        le=MAX_TIME_LIMIT,
        allow_inf_nan=False,
        description="Minutes the whole statement may take (at most 600). `deckgen timing` compares the estimate "
        "with it, and validate and build warn when the deck is over it.",
    )
    members: list[Text] = Field(
        default_factory=_no_items,
        description="The coalition's member organisations, in "
        "order: the stakeholder submission's cover lists "
        "them under the presenters.",
    )
    summary: Text | None = Field(
        None, description="The stakeholder submission's executive summary; a blank line starts a new paragraph."
    )
    keywords: list[Text] = Field(
        default_factory=_no_items,
        description="Keywords of the stakeholder submission, shown under its summary, e.g. [freedom of religion].",
    )
    submission: Literal["joint", "individual"] | None = Field(
        None,
        description="Whether the stakeholder submission is joint (5,630 words at most) or individual (2,815); "
        "joint when deck.yaml names more than one presenter or any members, individual otherwise.",
    )

    def submission_kind(self) -> str:
        """Return "joint" or "individual": deck.yaml's `submission`, else joint for several organisations."""
        if self.submission is not None:
            return self.submission
        return "joint" if len(self.presenters) > 1 or self.members else "individual"


class Counts(_Model):
    """Recommendations per status; any status may be left out when unknown."""

    implemented: Count | None = Field(None, ge=0, description="Recommendations implemented.")
    partially_implemented: Count | None = Field(None, ge=0, description="Recommendations partially implemented.")
    not_implemented: Count | None = Field(None, ge=0, description="Recommendations not implemented.")
    no_data: Count | None = Field(None, ge=0, description="Recommendations with no data on implementation.")

    def of(self, status: Status) -> int | None:
        """Return the count given for STATUS, None when unknown."""
        return getattr(self, status.value)

    def known(self) -> dict[Status, int]:
        """Return the counts that are given, in status order."""
        return {s: n for s in STATUS_ORDER if (n := self.of(s)) is not None}


class Topic(_Model):
    """One topic of a finding, e.g. "on freedom from slavery (6)"."""

    text: Text = Field(description="What the recommendations of this topic are about.")
    count: Count | None = Field(None, ge=0, description="How many recommendations concern this topic.")


def _status_words(value: object) -> object:
    """Take a status as people write it: any shipped locale's label or a common variant (see content.words)."""

    return as_code(Status, value)


def _response_words(value: object) -> object:

    return as_code(Response, value)


class Finding(_Model):
    """The coalition's assessment of one status group of recommendations."""

    status: Annotated[Status | list[Status], BeforeValidator(_status_words)] = Field(
        description="Status word, or a list of them for a combined group."
    )
    summary: Text | None = Field(None, description="One line on what these recommendations were about.")
    text: list[Text] = Field(default_factory=_no_items, description="Paragraphs of facts behind the assessment.")
    points: list[Text] = Field(default_factory=_no_items, description="Bullet points.")
    topics: list[Topic] = Field(default_factory=_no_items, description="Topics with optional counts.")
    sources: list[Text] = Field(default_factory=_no_items, description="Citations, shown small under the finding.")
    key: Annotated[bool, Strict()] = Field(
        False, description="The key finding: in a statement deck, its summary stands on the issue's slide."
    )
    script: Text | None = Field(
        None,
        description="What the speaker says about this finding, word for word: shown in "
        "the speaker notes of the slide where the finding starts, and "
        "timed instead of that slide's own text.",
    )

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Return the finding's statuses as a tuple."""
        return tuple(self.status) if isinstance(self.status, list) else (self.status,)


class TrackedRecommendation(_Model):
    """One recommendation the State received in the review, as the coalition tracks it."""

    id: RecommendationId = Field(
        description='Its paragraph number in the review\'s report, e.g. "141.12"; unique in the deck.'
    )
    text: Text = Field(description="The recommendation as the report words it.")
    states: list[Text] = Field(default_factory=_no_items, description="The recommending States.")
    response: Annotated[Response | None, BeforeValidator(_response_words)] = Field(
        None, description="The State's response: supported, partially_supported, noted or pending."
    )
    status: Annotated[Status | None, BeforeValidator(_status_words)] = Field(
        None, description="The coalition's assessment of its implementation; left out while still to assess."
    )
    note: Text | None = Field(None, description="The coalition's note on the assessment.")


class Review(_Model):
    """The assessment of the previous cycle's recommendations.

    With tracked `recommendations`, a left-out `total` and `counts` follow from the
    list, so whatever reads a validated Review sees ordinary counts and a total.
    """

    cycle: Count = Field(ge=1, description="The cycle whose recommendations are assessed.")
    total: Count | None = Field(
        None,
        ge=0,
        description="How many recommendations the State received on this issue; the number tracked when left out.",
    )
    approximate: Annotated[bool, Strict()] = Field(False, description='The total is approximate, shown as "about 40".')
    counts: Counts = Field(
        default_factory=Counts,
        description="Recommendations per status; counted from the tracked recommendations when left out.",
    )
    findings: list[Finding] = Field(
        default_factory=_no_items, description="One block per status group, in order; [] while still to fill."
    )
    recommendations: list[TrackedRecommendation] = Field(
        default_factory=_no_items,
        description="The recommendations the State received on this issue, tracked one by one.",
    )

    @model_validator(mode="after")
    def _follow_the_tracked_list(self) -> Review:
        # Frozen model: fill in what the list implies without marking it as typed (model_fields_set).
        # A list shorter than a typed total is partial: the typed total and counts stand, and counts
        # follow from the list only when no total is typed or the list covers it.
        if self.recommendations:
            if self.total is None:
                object.__setattr__(self, "total", len(self.recommendations))
            if "counts" not in self.model_fields_set and not self.partial():
                object.__setattr__(self, "counts", self.tracked_counts())
        return self

    @property
    def known_total(self) -> int:
        """Return the total, known in any issue that passed issue_rules (as every planned one has)."""
        if self.total is None:
            raise ValueError("the review's total is not known: check the issue with issue_rules first")
        return self.total

    def partial(self) -> bool:
        """Return whether the tracked list is shorter than a typed total: some of the recommendations only."""
        return (
            bool(self.recommendations)
            and "total" in self.model_fields_set
            and self.total is not None
            and len(self.recommendations) < self.total
        )

    def tracked_counts(self) -> Counts:
        """Return the tracked recommendations per status, naming the statuses that occur."""
        found: dict[str, int] = {}
        for recommendation in self.recommendations:
            if recommendation.status is not None:
                found[recommendation.status.value] = found.get(recommendation.status.value, 0) + 1
        return Counts(**found)

    def contradictions(self) -> dict[str, tuple[int | None, int]]:
        """Return the typed total and counts the tracked list contradicts: "total" or status word -> (typed, listed).

        A list longer than a typed total contradicts it; a shorter one is partial (see
        partial()). While the list is partial or some statuses are still to assess, a
        typed count contradicts the list only when the list already has more of that status.
        """
        if not self.recommendations:
            return {}
        found: dict[str, tuple[int | None, int]] = {}
        if "total" in self.model_fields_set and self.total is not None and self.total < len(self.recommendations):
            found["total"] = (self.total, len(self.recommendations))
        if "counts" in self.model_fields_set:
            listed = self.tracked_counts()
            to_assess = self.partial() or any(r.status is None for r in self.recommendations)
            for status in STATUS_ORDER:
                typed, counted = self.counts.of(status), listed.of(status) or 0
                if counted > (typed or 0) or (not to_assess and typed is not None and typed != counted):
                    found[status.value] = (typed, counted)
        return found


class Recommendation(_Model):
    """One of the coalition's recommendations, written as a mapping to mark it a priority."""

    text: Text = Field(description="The recommendation.")
    priority: Annotated[bool, Strict()] = Field(
        False, description="One of the top asks: a statement deck shows it on the issue's slide."
    )


class Issue(_Model):
    """An issue file: one topic of the coalition's report."""

    title: Text = Field(description="The issue's title, e.g. \"Children's rights\".")
    short_title: Text | None = Field(
        None,
        description="A shorter title for the running titles of continuation and "
        "recommendation slides, when the title is long.",
    )
    headline: Text | None = Field(
        None,
        description="The statement slide's headline, stating the finding; by "
        'default one is made from the counts, e.g. "Only 1 of 9 '
        'recommendations fully implemented".',
    )
    review: Review = Field(description="The assessment of the previous cycle.")
    recommendations: list[Text | Recommendation] = Field(
        description="The coalition's recommendations for this cycle, each a text or {text, priority}; [] while "
        "still to fill."
    )
    notes: str | None = Field(None, description="Speaker notes for this issue.")
    script: Text | None = Field(
        None,
        description="What the speaker says for the whole issue, word for word: "
        "shown in the status slide's speaker notes and timed instead "
        "of the issue's slides' own text.",
    )
    speaker: Text | None = Field(
        None,
        description="Who presents this issue (one of the presenters or a person); "
        "`deckgen timing` totals the speaking time per speaker.",
    )

    @property
    def recommendation_texts(self) -> list[str]:
        """Return the recommendations' texts, in order."""
        return [r if isinstance(r, str) else r.text for r in self.recommendations]

    @property
    def priorities(self) -> list[str]:
        """Return the texts of the recommendations marked priority, in order."""
        return [r.text for r in self.recommendations if isinstance(r, Recommendation) and r.priority]


def written_empty(model: BaseModel, path: tuple[str, ...]) -> bool:
    """Return whether the value at key PATH of MODEL is written in its file and empty ("" or []): still to fill."""
    for key in path[:-1]:
        model = getattr(model, key)
    value = getattr(model, path[-1])
    return path[-1] in model.model_fields_set and value is not None and len(value) == 0


class ContentSet(_Model):
    """A whole content set: deck.yaml and its issue files in file-name order."""

    deck: Deck
    issues: tuple[Issue, ...]
    issue_files: tuple[str, ...] = ()
