"""Where no line may break: the planner's ties (dates, numbers, "№ 47", one-letter words, " – "), as marks.

Apart from the line breaker (plan/lines.py), so that what needs only the ties (the handout: Typst keeps each
tied span on one line) does not import the slides' specs and pagination with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from deckgen.fonts import WORD_JOINER

NO_BREAK_SPACE = "\u00a0"
"""Ties two words on one line."""
_MARK = re.compile(f"[{NO_BREAK_SPACE}{WORD_JOINER}]")
"""The marks typeset puts where no line may break."""
_SPACE = re.compile(" ")
_DIGIT = re.compile(r"\d")
URL_PATTERN = re.compile(r"(?:https?://|www\.)\S+")
_UNBREAKABLE = re.compile(r"(?<=\d)([-\u2010\u2013])(?=\S)|(?<=\S)(/)(?=\S)")
"""A hyphen or dash after a digit ("47-VIII", "19-баптарына", "2019–2023"), a slash inside a code ("A/HRC/41")."""
_NUMBER_SIGN = re.compile(r"(?<!\w)(№|No\.|Nos\.|no\.|Nr\.) (?=\d)")
"""A number sign and its number: "№ 47", "No. 210" stay on one line."""
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр|"
    "қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
)
_DATE = re.compile(
    rf"(?<![\w.])(\d{{1,2}}) (?=(?:{_MONTHS})\w*)|\b((?:{_MONTHS})\w*) (?=\d{{4}}\b)"
    r"|(?<!\d)(\d{4}) (?=(?:года|году|год|г\.|жылғы|жылы|жылдың|ж\.)(?!\w))",
    re.IGNORECASE,
)
"""A date's parts stay on one line: "19 December 2023", "2023 года", "19 желтоқсандағы"."""
_ONE_LETTER = re.compile(r"(?<![\w\-])([иваскоуяИВАСКОУЯ]) (?=\S)")
"""A Russian or Kazakh one-letter word goes with the word after it ("в соответствии", "и Парижских")."""
_DASH = re.compile(r"(?<=\S) (?=[\u2013\u2014] )")
"""No line starts with a dash: the space before " – " ties it to the word before."""


def unmarked(text: str) -> str:
    """Return TEXT without the planner's marks (see typeset, without_runt): the characters as typed."""
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")


def plain(text: str) -> str:
    """Return TEXT as read aloud or compared: unmarked, and its line breaks (realise's among them) as spaces."""
    return unmarked(text).replace("\n", " ")


@lru_cache(maxsize=8192)
def typeset(text: str) -> str:
    """Return TEXT marked for the planner's line breaking: where no line may break.

    A word joiner (U+2060) after the hyphen of "47-VIII" and the slashes of
    "CCPR/C/KAZ" (not a URL's: it may break after a slash, as viewers do); a
    no-break space between "№" or "No." and its number, in a date ("19
    December 2023", "2023 года"), after a Russian or Kazakh one-letter word,
    and before a dash. These marks are the planner's only: realise() takes
    them out again, and writes a line break where a viewer would otherwise
    break differently, so what a person copies or searches is what was typed.

    Remembered: choosing the type scale sets every text at each size it counts, and the date and
    one-letter-word patterns cost more than looking the answer up.
    """
    if "№" in text or "o." in text or "r." in text:
        text = _NUMBER_SIGN.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)
    if _DIGIT.search(text):
        text = _DATE.sub(lambda m: next(g for g in m.groups() if g is not None) + NO_BREAK_SPACE, text)
    if " " in text:
        text = _ONE_LETTER.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)
        if "\u2013" in text or "\u2014" in text:
            text = _DASH.sub(NO_BREAK_SPACE, text)
    if "-" not in text and "/" not in text and "\u2010" not in text and "\u2013" not in text:
        return text
    urls = [m.span() for m in URL_PATTERN.finditer(text)] if "/" in text else []

    def joined(m: re.Match) -> str:
        if m.group(2) and any(start <= m.start() < end for start, end in urls):
            return m.group(2)  # a URL breaks after a slash, as typographers and viewers do
        return (m.group(1) or m.group(2)) + WORD_JOINER

    return _UNBREAKABLE.sub(joined, text)


def tied_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return the spans of TEXT, as typed, that no line may break inside (typeset's ties), in order.

    A span is a run of words tied by typeset's no-break spaces ("19 December 2023", "и в детских"),
    or one word it joins inside ("47-VIII"). A typesetter that breaks lines itself (the handout's
    Typst) keeps each span on one line, inserting nothing: what a reader copies is what was typed.
    """
    marked = typeset(text)
    if marked == text:
        return ()
    # Where typeset tied: the spaces it made no-break, the characters it put a word joiner after (positions
    # in TEXT: the joiners it inserted shift the marked text).
    ties, inserted = [], 0
    for mark in _MARK.finditer(marked):
        at = mark.start() - inserted
        if mark.group() == WORD_JOINER:
            if at >= len(text) or text[at] != WORD_JOINER:  # not one the text itself has
                ties.append(at - 1)
                inserted += 1
        elif text[at] == " ":
            ties.append(at)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*(m.start() for m in _SPACE.finditer(text)), len(text)]:
        if end in ties:
            continue  # a tied space: the span goes on
        if end > start and any(start <= tie < end for tie in ties):
            spans.append((start, end))
        start = end + 1
    return tuple(spans)
