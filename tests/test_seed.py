"""The built content/en deck says everything the coalition's seed deck says, in the same order."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation

ROOT = Path(__file__).parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed" / "coalition-deck-upr4-kazakhstan.txt"
"""A copy of the coalition's seed deck (/work/shared/seed/), which content/en reproduces word for word."""
FOOTER = "Kazakhstani NGOs Coalition on UPR"  # content/en/deck.yaml short_name


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return re.findall(r"[\w']+", text)


REWORDED = {
    "Implemented/partially implemented (1/3) - e.g., holding the Congress of leaders of world religions": (
        "1 implemented, 3 partially - e.g., holding the Congress of leaders of world religions"
    ),
    "Implemented: on the right to choose an occupation (2); on freedom from slavery (6); on the right to protection "
    "from domestic violence and other cruel or degrading treatment (8).": (
        "Implemented (16): on the right to choose an occupation (2); on freedom from slavery (6); on the right to "
        "protection from domestic violence and other cruel or degrading treatment (8)."
    ),
}
"""Seed lines the deck words differently on purpose: a combined finding names each count, never "(1/3)", and a
status counted only by topic shows the sum of its topics."""


def seed_lines() -> list[str]:
    out = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("- "):
            line = line[2:]
        line = line.replace("**", "").strip()
        if line:
            out.append(REWORDED.get(line, line))
    return out


@pytest.fixture(scope="module")
def deck_words(shipped_deck) -> list[tuple[str, bool]]:
    """Every word of the deck in reading order, flagged when it is a title, footer or repeated heading.

    Flagged words may fall inside a seed paragraph that the deck continues on the next slide.
    """
    output = shipped_deck(ROOT / "content" / "en", format="report")
    stream: list[tuple[str, bool]] = []
    for slide in Presentation(str(output)).slides:
        title = slide.shapes.title
        stream += [(w, True) for w in words(title.text_frame.text)]
        for shape in slide.shapes:
            if shape == title or not shape.has_text_frame:
                continue
            text = shape.text_frame.text.strip()
            furniture = text == FOOTER or text.isdigit()
            for i, paragraph in enumerate(shape.text_frame.paragraphs):
                repeated = i == 0 and paragraph.text.endswith("(cont.)")
                stream += [(w, furniture or repeated) for w in words(paragraph.text)]
    return stream


def match(stream: list[tuple[str, bool]], needle: list[str], start: int) -> int:
    """Return the index past the first match of NEEDLE at or after START (flagged words may interrupt it), or -1."""
    for i in range(start, len(stream)):
        if stream[i][0] != needle[0]:
            continue
        j, k = i + 1, 1
        while k < len(needle) and j < len(stream):
            if stream[j][0] == needle[k]:
                k += 1
            elif not stream[j][1]:
                break
            j += 1
        if k == len(needle):
            return j
    return -1


def test_seed_has_content():
    lines = seed_lines()
    assert len(lines) > 40
    assert lines[0] == "4th Cycle of the Universal Periodic Review of the Republic of Kazakhstan"


def test_every_seed_line_is_in_the_deck_in_order(deck_words):
    position, missing, titles_seen = 0, [], set()
    for line in seed_lines():
        needle = words(line)
        if re.match(r"Issue \d+: ", line):
            # The seed repeats an issue's title on each of its slides; deckgen breaks slides where its own
            # measurements say, so a repeated title only has to be a slide title somewhere.
            if line in titles_seen:
                if match(deck_words, needle, 0) < 0:
                    missing.append(f"missing: {line!r}")
                continue
            titles_seen.add(line)
        found = match(deck_words, needle, position)
        if found < 0:
            anywhere = match(deck_words, needle, 0) >= 0
            missing.append(f"{'out of order' if anywhere else 'missing'}: {line[:90]!r}")
        else:
            position = found
    assert missing == []


def test_matcher_finds_a_changed_word(deck_words):
    """The check above must be able to fail: a one-word change to a seed line is not found."""
    line = "For 9 months of 2024 133 minors became victims of rape"
    assert match(deck_words, words(line), 0) >= 0
    assert match(deck_words, words(line.replace("133", "134")), 0) < 0
    assert match(deck_words, words("minors 133 became victims"), 0) < 0
