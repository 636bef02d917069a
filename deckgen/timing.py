"""Speaking time: the words each planned slide has spoken over it, and the minutes they take at the language's pace.

Pure (neither pptx nor matplotlib): it reads the planned deck. What is spoken
over a slide is its speaker notes where the content gives them (an issue's
`notes` and `script`, the `script` of a finding starting on it), otherwise the slide's own text (title and body; not the
footer, slide number or draft mark). An issue with a `script` is spoken by that
script: it is timed on the issue's first slide, and its other slides add
nothing. The annex is for reading, not speaking: it adds nothing either.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from deckgen.content.model import ContentSet
from deckgen.errors import Location, Problem
from deckgen.plan.specs import DeckSpec, Role, SlideKind, SlideSpec, TextSpec

_WORD = re.compile(r"\S*\w\S*")
"""A word: a run of non-space characters with a letter or digit in it (a lone dash is no word)."""

_UNSPOKEN_ROLES = frozenset({Role.FOOTER, Role.SLIDE_NUMBER, Role.DRAFT})

LONGEST_NAMED = 3
"""How many of the longest issues an over-the-limit warning names."""


def count_words(text: str) -> int:
    """Return how many words TEXT has (punctuation and dashes alone are no words)."""
    return len(_WORD.findall(text))


def minutes_of(words: int, pace: int) -> float:
    """Return the minutes WORDS take at PACE words a minute."""
    return words / pace


def clock(minutes: float) -> str:
    """Return MINUTES as m:ss, rounded to the second: 1.5 -> "1:30"."""
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True)
class SlideTime:
    """What is spoken over one slide."""

    number: int
    """The slide's number, from 1."""
    title: str
    issue: int | None
    """The issue (from 1) the slide belongs to, None for the title, overview and closing slides."""
    words: int
    source: str
    """What was counted: "notes" (the speaker notes), "text" (the slide's own text), "script" (the issue's
    script, timed on its first slide) or "none" (nothing is spoken: annex slides)."""
    minutes: float


@dataclass(frozen=True)
class IssueTime:
    """What is spoken over one issue's slides."""

    number: int
    title: str
    speaker: str | None
    words: int
    minutes: float


@dataclass(frozen=True)
class SpeakerTime:
    """What one speaker says: the issues they present."""

    speaker: str
    issues: tuple[int, ...]
    words: int
    minutes: float


@dataclass(frozen=True)
class Timing:
    """A deck's speaking time: per slide, per issue, per speaker and in all, at PACE words a minute."""

    pace: int
    slides: tuple[SlideTime, ...]
    issues: tuple[IssueTime, ...]
    speakers: tuple[SpeakerTime, ...]
    """Per speaker named by the issues, in order of first appearance; empty when no issue names one."""
    limit: float | None
    """deck.yaml's time_limit, in minutes."""

    @property
    def words(self) -> int:
        """Return the words spoken over the whole deck."""
        return sum(slide.words for slide in self.slides)

    @property
    def minutes(self) -> float:
        """Return the minutes the whole deck takes."""
        return minutes_of(self.words, self.pace)

    @property
    def over_limit(self) -> bool:
        """Return whether the deck takes longer than its time_limit."""
        return self.limit is not None and self.minutes > self.limit

    def longest_issues(self, n: int = LONGEST_NAMED) -> list[IssueTime]:
        """Return the N issues that take longest, longest first (file order among equals)."""
        return sorted(self.issues, key=lambda issue: -issue.words)[:n]


def slide_text(slide: SlideSpec) -> str:
    """Return the text a slide shows that a speaker would read out: its title and text, not its chrome."""
    parts = [slide.title_text]
    parts += [
        p.text
        for e in slide.elements
        if isinstance(e, TextSpec) and e.role not in _UNSPOKEN_ROLES
        for p in e.paragraphs
    ]
    return "\n".join(parts)


def deck_timing(plan: DeckSpec, content: ContentSet, pace: int) -> Timing:
    """Return the speaking time of PLAN, CONTENT's planned deck, at PACE words a minute."""
    slides: list[SlideTime] = []
    issue: int | None = None
    for number, slide in enumerate(plan.slides, 1):
        if slide.kind == SlideKind.STATUS:
            issue = 1 if issue is None else issue + 1
        elif slide.kind not in (SlideKind.FINDINGS, SlideKind.RECOMMENDATIONS):
            issue = None
        scripted = issue is not None and content.issues[issue - 1].script is not None
        if slide.kind == SlideKind.ANNEX:
            words, source = 0, "none"
        elif scripted and slide.kind != SlideKind.STATUS:
            words, source = 0, "script"
        elif slide.spoken is not None:
            words = count_words(slide.spoken) if slide.spoken.strip() else count_words(slide_text(slide))
            source = "notes" if slide.spoken.strip() else "text"  # the script stands in the notes
        elif slide.notes.strip():
            words, source = count_words(slide.notes), "notes"
        else:
            words, source = count_words(slide_text(slide)), "text"
        slides.append(SlideTime(number, slide.title_text, issue, words, source, minutes_of(words, pace)))
    issues = []
    for number, item in enumerate(content.issues, 1):
        words = sum(s.words for s in slides if s.issue == number)
        issues.append(IssueTime(number, item.title, item.speaker, words, minutes_of(words, pace)))
    speakers: dict[str, list[IssueTime]] = {}
    for issue_time in issues:
        if issue_time.speaker:
            speakers.setdefault(issue_time.speaker, []).append(issue_time)
    return Timing(
        pace,
        tuple(slides),
        tuple(issues),
        tuple(
            SpeakerTime(
                name,
                tuple(i.number for i in its),
                sum(i.words for i in its),
                minutes_of(sum(i.words for i in its), pace),
            )
            for name, its in speakers.items()
        ),
        content.deck.time_limit,
    )


def limit_warnings(timing: Timing, location: Location, slowest: tuple[str, Timing] | None = None) -> list[Problem]:
    """Return a warning at LOCATION (deck.yaml's time_limit) when TIMING, or SLOWEST (another language of the
    deck and its timing, when it takes longer), is over the limit; else nothing.

    It names the limit, the estimate and the issues that take longest, the ones to shorten first. The
    deck is given in any of its languages, so the slowest of them decides.
    """
    if timing.limit is None:
        return []
    language = ""
    if slowest is not None and slowest[1].minutes > timing.minutes:
        language, timing = (
            f" in {slowest[0]} (its slowest language)",
            dataclasses.replace(slowest[1], limit=timing.limit),
        )
    if not timing.over_limit:
        return []
    assert timing.limit is not None
    longest = ", ".join(f"{i.number} {i.title!r} ({clock(i.minutes)})" for i in timing.longest_issues())
    return [
        Problem(
            location,
            f"the deck takes about {clock(timing.minutes)} min{language} at {timing.pace} words a "
            f"minute, over its time_limit of {timing.limit:g} min; the longest issues: {longest}",
            warning=True,
        )
    ]


def notes_lines(timing: Timing, text: Callable[..., str]) -> dict[int, str]:
    """Return slide index (from 0) -> the line stating its estimated time, for every issue slide's speaker notes.

    TEXT is the locale's text(key, **values).
    """
    out = {}
    for slide in timing.slides:
        if slide.issue is None:
            continue
        if slide.source == "script":
            out[slide.number - 1] = text("timing.in_script")
        else:
            out[slide.number - 1] = text("timing.note", time=clock(slide.minutes), words=slide.words, pace=timing.pace)
    return out


def report(timing: Timing, name: str, width: int = 60) -> list[str]:
    """Return the lines `deckgen timing` prints for TIMING, the deck of content set NAME.

    Titles are cut to WIDTH characters (with "…") so the columns stay readable on a terminal.
    """

    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = [
        f"{name}: {clock(timing.minutes)} min ({timing.words} words at {timing.pace} words a minute), "
        f"{len(timing.slides)} slides",
        "",
        "slide  words   time  spoken  title",
    ]
    lines += [
        f"{s.number:>5}  {s.words:>5}  {clock(s.minutes):>5}  {s.source:<6}  {cut(s.title)}" for s in timing.slides
    ]
    lines += ["", "issue  words   time  title"]
    for i in timing.issues:
        speaker = f" ({cut(i.speaker)[:30]})" if i.speaker else ""
        lines.append(f"{i.number:>5}  {i.words:>5}  {clock(i.minutes):>5}  {cut(i.title)}{speaker}")
    if timing.speakers:
        lines += ["", "speaker                         words   time  issues"]
        lines += [
            f"{cut(s.speaker)[:30]:<30}  {s.words:>5}  {clock(s.minutes):>5}  {', '.join(str(n) for n in s.issues)}"
            for s in timing.speakers
        ]
        unnamed = timing.words - sum(s.words for s in timing.speakers)
        if unnamed:
            lines.append(f"{'(no speaker named)':<30}  {unnamed:>5}  {clock(minutes_of(unnamed, timing.pace)):>5}")
    total = f"{'deck':<5}  {timing.words:>5}  {clock(timing.minutes):>5}"
    if timing.limit is not None:
        spare = timing.limit - timing.minutes
        total += (
            f"  over the time_limit of {timing.limit:g} min by {clock(-spare)}"
            if spare < 0
            else f"  within the time_limit of {timing.limit:g} min ({clock(spare)} to spare)"
        )
    return lines + ["", total]
