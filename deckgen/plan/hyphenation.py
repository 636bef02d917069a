"""Where a word may break across lines, with a hyphen, for a language the typesetter has no patterns for.

Typst hyphenates English and Russian (and most European languages) from TeX patterns, but has none for
Kazakh, whose lines would then break between words only. Kazakh in Cyrillic letters is regular enough
to hyphenate by rule, syllable by syllable (the orthography's own rule, "сөздер буын бойынша
тасымалданады"):

- a syllable has one vowel; a consonant before a vowel starts the next syllable: VCV -> V-CV,
  VCCV -> VC-CV, VCCCV -> VCC-CV; two vowels side by side belong to two syllables (ти-іс);
- у and и after a vowel are glides ([w], [j]), not vowels: сау-ал is wrong, са-уал right; after a
  consonant they are vowels (жи-на-лыс, сақ-та-луы);
- a break never comes before ь or ъ (компь-ютер);
- no single letter is left at a line's end or carried to the next (а-уыл, сақта-луы-ы are not breaks);
- words shorter than five letters, abbreviations in capitals (ӘКШ, БҰҰ, ҚазҰУ), and anything with a
  digit, an @, a slash or a dot inside (numbers, codes, URLs, e-mail addresses) are never broken;
- nor is a text's last word, whose scrap would make a line of its own ("ұсыным-" / "дар"), as a
  typesetter's "hyphenate last word" is off by default.

The breaks are offsets into the text as typed: the typesetter may break a line there with a hyphen, and
the text itself is never changed (render/handout.py hands them to Typst as soft hyphens that leave no
trace in the PDF's text when the line does not break there).
"""

from __future__ import annotations

import re
from collections.abc import Callable

KAZAKH_VOWELS = frozenset("аәеёиоөуұүыіэюя")
_GLIDES = frozenset("уи")
_NO_BREAK_BEFORE = frozenset("ьъ")
_CYRILLIC_WORD = re.compile(r"[а-яёәғқңөұүһі]+", re.IGNORECASE)
_NEVER_BROKEN = re.compile(r"\d|@|/|\\|_|\w\.\w|^www\.", re.IGNORECASE)
"""A token (between spaces) with a digit, an @, a slash, an underscore or a dot inside is a number, a code, a URL
or an address: it is copied from the page, so it is never broken."""
SHORTEST = 5
"""Words of fewer letters are not broken."""
EDGE = 2
"""Letters a break leaves at least on either side."""


def kazakh_breaks(word: str) -> list[int]:
    """Return the offsets in WORD (letters only) at which it may break with a hyphen, by Kazakh syllables."""
    if len(word) < SHORTEST or _abbreviation(word):
        return []
    lower = word.lower()
    vowels = [
        at
        for at, letter in enumerate(lower)
        if letter in KAZAKH_VOWELS and not (letter in _GLIDES and at > 0 and lower[at - 1] in KAZAKH_VOWELS)
    ]
    breaks = []
    for first, second in zip(vowels, vowels[1:]):
        at = second if second == first + 1 else second - 1  # two vowels split; else one consonant goes on
        while at < second and lower[at] in _NO_BREAK_BEFORE:
            at += 1
        if EDGE <= at <= len(word) - EDGE and lower[at] not in _NO_BREAK_BEFORE:
            breaks.append(at)
    return breaks


def _abbreviation(word: str) -> bool:
    """Return whether WORD is written with capitals past its first letter (ӘКШ, БҰҰ, ҚазҰУ)."""
    return any(letter.isupper() for letter in word[1:])


SYLLABLES: dict[str, Callable[[str], list[int]]] = {"kk": kazakh_breaks}
"""The languages deckgen hyphenates itself (the typesetter has no patterns for them), by base language."""


def soft_breaks(text: str, language: str) -> tuple[int, ...]:
    """Return the offsets in TEXT where a line may break with a hyphen, for LANGUAGE (a tag: kk, kk-KZ).

    Empty for a language the typesetter hyphenates itself (it has patterns for it).
    """
    breaker = SYLLABLES.get(language.split("-")[0].lower())
    if breaker is None:
        return ()
    out: list[int] = []
    tokens = list(re.finditer(r"\S+", text))
    for token in tokens[:-1]:  # the last word stays whole, or a scrap of it would make a line of its own
        if _NEVER_BROKEN.search(token.group()):
            continue
        for word in _CYRILLIC_WORD.finditer(token.group()):
            start = token.start() + word.start()
            out += [start + at for at in breaker(word.group())]
    return tuple(out)
