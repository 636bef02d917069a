"""Text measurement and line breaking: the planner's promise that text fits rests on these."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deckgen.fonts import WIDTH_SAFETY, Font, text_width
from deckgen.plan.lines import break_lines, paragraph_lines, runs_of
from deckgen.plan.specs import Paragraph, Run

ROOT = Path(__file__).parents[1]
FONTS = ROOT / "deckgen" / "builtin" / "fonts"
REGULAR = Font("Arial", FONTS / "LiberationSans-Regular.ttf")
BOLD = Font("Arial", FONTS / "LiberationSans-Bold.ttf", bold=True)
ITALIC = Font("Arial", FONTS / "LiberationSans-Italic.ttf", italic=True)
SEED = ROOT / "tests" / "fixtures" / "seed" / "coalition-deck-upr4-kazakhstan.txt"


def seed_paragraphs(min_chars: int = 120) -> list[str]:
    """Return the seed deck's long paragraphs, bullets stripped."""
    lines = [re.sub(r"^(- |\*\*)", "", line.strip()) for line in SEED.read_text(encoding="utf-8").splitlines()]
    found = [line for line in lines if len(line) >= min_chars]
    assert len(found) >= 10
    return found


def run(text: str, font: Font = REGULAR, size: float = 20.0, color: str = "#000000") -> Run:
    return Run(text, font, size, color)


def line_text(line) -> str:
    return "".join(piece.text for piece in line)


def line_width(line) -> float:
    """Width of LINE measured as a viewer sets it: each stretch of one run measured whole (kerning included)."""
    width, stretch, current = 0.0, "", None
    for piece in line:
        if piece.text == "\n":
            continue
        if current is not None and piece.run != current:
            width += text_width(stretch, current.font.file, current.size)
            stretch = ""
        stretch += piece.text
        current = piece.run
    if current is not None:
        width += text_width(stretch, current.font.file, current.size)
    return width


WIDTHS = [60, 95, 140, 203.5, 260, 333, 444, 517, 640, 864]
ROUND_TRIP_WIDTHS = [190, 203.5, 260, 333, 444, 517, 640, 864]
"""Widths at which no word of the seed (at 20 pt, bold or not) is wider than the line."""


# --- text_width ---------------------------------------------------------------------------------------


def test_text_width_matches_arial_metrics():
    # Liberation Sans is metric-compatible with Arial/Helvetica: H=722, i=222, l=222 per 1000 em (regular),
    # H=722, i=278, l=278 (bold). These are the published AFM advances, not deckgen's output.
    assert text_width("Hill", REGULAR.file, 100) == pytest.approx(138.8 * WIDTH_SAFETY, rel=0.005)
    assert text_width("Hill", BOLD.file, 100) == pytest.approx(155.6 * WIDTH_SAFETY, rel=0.005)
    assert WIDTH_SAFETY >= 1.0, "widths must never be underestimated"


def test_text_width_grows_with_size_and_length():
    text = "Partially implemented (38)"
    widths = [text_width(text, REGULAR.file, size) for size in (8, 12, 18, 24, 30)]
    assert widths == sorted(widths) and len(set(widths)) == len(widths)
    assert text_width(text, REGULAR.file, 24) == pytest.approx(2 * text_width(text, REGULAR.file, 12))
    prefixes = [text_width(text[:n], REGULAR.file, 20) for n in range(1, len(text) + 1)]
    assert all(b > a for a, b in zip(prefixes, prefixes[1:]))
    assert text_width("", REGULAR.file, 20) == 0


def test_bold_and_regular_differ():
    for text in ("Implemented", "Not implemented (5)", "Kazakhstan"):
        regular, bold = text_width(text, REGULAR.file, 20), text_width(text, BOLD.file, 20)
        assert bold > regular, text


# --- break_lines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_no_line_is_wider_than_the_box(width):
    for text in seed_paragraphs():
        for runs in ((run(text),), (run(text[:40], BOLD), run(text[40:])), (run(text, ITALIC, 13),)):
            for line in break_lines(runs, width):
                assert line_width(line) <= width + 1e-6, (width, line_text(line))


@pytest.mark.parametrize("width", WIDTHS)
def test_lines_are_filled_greedily(width):
    """A line breaks only when the next word would not fit: no premature breaks, no lines lost."""
    for text in seed_paragraphs():
        runs = (run(text),)
        lines = break_lines(runs, width)
        for line, following in zip(lines, lines[1:]):
            assert line, "no empty lines in a paragraph without forced breaks"
            first_word = line_text(following).split(" ")[0]
            widened = line_text(line) + " " + first_word
            if len(first_word) > 1 and text_width(first_word, REGULAR.file, 20) <= width:
                assert text_width(widened, REGULAR.file, 20) > width - 0.01 * width, (width, widened)


@pytest.mark.parametrize("width", WIDTHS)
def test_lines_neither_start_nor_end_with_a_space(width):
    for text in seed_paragraphs():
        for line in break_lines((run(text),), width):
            assert line[0].text != " " and line[-1].text != " "


def test_fewer_lines_when_wider():
    text = seed_paragraphs()[0]
    counts = [len(break_lines((run(text),), w)) for w in WIDTHS]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > counts[-1]


def test_long_word_is_split_between_characters():
    word = "kzindex_of_recommendations_fourthcycle_kazakhstan_kzindex_of_recommendations"
    width = 150.0
    assert text_width(word, REGULAR.file, 20) > 2 * width
    lines = break_lines((run("See " + word + " for details"),), width)
    texts = [line_text(line) for line in lines]
    assert texts[0] == "See"
    assert texts[-1].endswith(" for details")  # the word's last part and what follows it share a line
    word_lines = texts[1:-1] + [texts[-1].removesuffix(" for details")]
    assert len(word_lines) >= 3
    assert "".join(word_lines) == word
    for line in lines:
        assert line_width(line) <= width + 1e-6
    # each part but the last is as long as fits: one more character would overflow
    for part, following in zip(word_lines[:-1], word_lines[1:]):
        assert text_width(part + following[0], REGULAR.file, 20) > width - 1e-6


def test_newline_forces_a_break():
    lines = break_lines((run("Issue 1:\nFreedom of Religion"),), 10_000)
    assert [line_text(line) for line in lines] == ["Issue 1:\n", "Freedom of Religion"]
    lines = break_lines((run("a\n\nb"),), 10_000)
    assert [line_text(line) for line in lines] == ["a\n", "\n", "b"]
    paragraph = Paragraph((run("one\ntwo\nthree"),), line_height=24)
    assert len(paragraph_lines(paragraph, 10_000)) == 3


def test_indent_narrows_the_lines():
    text = seed_paragraphs()[0]
    plain = Paragraph((run(text),), line_height=24)
    indented = Paragraph((run(text),), line_height=24, indent=60, bullet="•")
    for line in paragraph_lines(indented, 400):
        assert line_width(line) <= 340 + 1e-6
    assert len(paragraph_lines(indented, 400)) >= len(paragraph_lines(plain, 400))


# --- runs_of -------------------------------------------------------------------------------------------


def styled_chars(runs) -> list[tuple[str, Font, float, str]]:
    return [(ch, r.font, r.size, r.color) for r in runs for ch in r.text]


def widest_word(texts, font=REGULAR, size=20.0) -> float:
    return max(text_width(w, font.file, size) for t in texts for w in re.split(r"[ \n]", t) if w)


def test_round_trip_widths_split_no_word():
    assert widest_word(seed_paragraphs(), BOLD) < min(ROUND_TRIP_WIDTHS)


@pytest.mark.parametrize("width", ROUND_TRIP_WIDTHS)
def test_runs_of_gives_back_the_text(width):
    for text in seed_paragraphs():
        runs = (run(text),)
        assert "".join(r.text for r in runs_of(break_lines(runs, width))) == text


@pytest.mark.parametrize("width", [190, 300, 864])
def test_runs_of_keeps_each_characters_style(width):
    words = seed_paragraphs()[0].split(" ")
    half = len(words) // 2
    runs = (
        run("Partially implemented (38)", BOLD, color="#8A5A00"),
        run(" – " + " ".join(words[:half])),
        run(" " + " ".join(words[half:]), ITALIC, 13, "#4B5563"),
    )
    back = runs_of(break_lines(runs, width))
    assert styled_chars(back) == styled_chars(runs)
    # adjacent pieces of one style are merged back into one run
    assert len(back) == len(runs)


@pytest.mark.parametrize("width", [190, 300, 10_000])
def test_runs_of_keeps_forced_breaks(width):
    text = "First line of a heading\nsecond line that is somewhat longer than the first"
    assert "".join(r.text for r in runs_of(break_lines((run(text),), width))) == text


def test_runs_of_gives_back_a_split_long_word():
    text = "See https://www.ohchr.org/en/hrbodies/upr/kzindex_of_recommendations_fourthcycle_kazakhstan for details"
    assert "".join(r.text for r in runs_of(break_lines((run(text),), 150))) == text
