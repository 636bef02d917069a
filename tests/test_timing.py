"""Speaking time: `deckgen timing`, the time_limit warning (an error with --strict), the time in speaker notes."""

import re
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.timing import clock, count_words

from conftest import VALID_ISSUE, yaml

ROOT = Path(__file__).parents[1]


def issue(title: str, *, notes: str | None = None, script: str | None = None, speaker: str | None = None) -> str:
    """Return VALID_ISSUE titled TITLE, with the optional notes, script and speaker."""
    text = VALID_ISSUE.replace("title: Children's rights", f"title: {title}")
    for key, value in (("notes", notes), ("script", script), ("speaker", speaker)):
        if value is not None:
            text += f"{key}: {value}\n"
    return text


def words(n: int) -> str:
    return " ".join(["word"] * n)


def test_words_are_counted_without_lone_punctuation():
    """A dash or a bullet standing alone is no word; numbers and hyphenated words are one each."""
    assert count_words("Issue 1: Freedom of religion – and belief • 19 December 2023, well-known.") == 11
    assert clock(1.5) == "1:30" and clock(0.004) == "0:00" and clock(12.99) == "12:59"


@pytest.mark.parametrize("language, pace", [("en", 120), ("ru", 97), ("kk", 87)])
def test_notes_of_a_known_length_take_their_time_at_the_language_pace(make_content, deckgen, language, pace):
    """Notes of PACE * 2 words take 2:00 at the language's pace; the slide is timed by its notes, not its text."""
    deck = make_content(
        {
            "deck.yaml": yaml(f"""
        language: {language}
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
        theme: coalition
        """),
            "issues/01-a.yaml": issue("Rights", notes=words(2 * pace)),
        }
    )
    result = deckgen("timing", deck)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"{'2':>5}  {2 * pace:>5}   2:00  notes   " in "\n".join(lines)
    assert lines[0].startswith("deck: ") and f"words at {pace} words a minute" in lines[0]


def test_per_issue_and_per_speaker_totals(make_content, deckgen):
    """Issues naming a speaker are totalled per speaker; a script times its issue alone, on its first slide."""
    deck = make_content(
        {
            "issues/01-a.yaml": issue("Rights A", script=words(120), speaker="Aigerim Seitkali"),
            "issues/02-b.yaml": issue("Rights B", notes=words(60), speaker="Aigerim Seitkali"),
            "issues/03-c.yaml": issue("Rights C", script=words(30), speaker="Daniyar Ospanov"),
        }
    )
    result = deckgen("timing", deck)
    assert result.exit_code == 0, result.output
    out = result.stdout
    # Issue A: the script (120 words) on its status slide; its recommendations slide adds nothing.
    assert f"{'1':>5}    120   1:00  Rights A (Aigerim Seitkali)" in out
    assert "    3      0   0:00  script  Issue 1: Rights A – Recommendations" in out
    # Issue B has notes on its status slide, and its recommendations slide is timed by its text.
    b_recommendations = next(line for line in out.splitlines() if "Issue 2: Rights B – Recommendations" in line)
    b_text = int(b_recommendations.split()[1])
    assert b_text == count_words("Issue 2: Rights B – Recommendations To ratify the protocol.")
    assert f"{'2':>5}  {60 + b_text:>5}" in out
    assert f"{'Aigerim Seitkali':<30}  {180 + b_text:>5}  {clock((180 + b_text) / 120):>5}  1, 2" in out
    assert f"{'Daniyar Ospanov':<30}     30   0:15  3" in out
    assert "(no speaker named)" in out  # the title and closing slides


def over_limit_deck(make_content) -> Path:
    return make_content(
        {
            "deck.yaml": yaml("""
        language: en
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
        theme: coalition
        time_limit: 1
        """),
            "issues/01-a.yaml": issue("Rights A", notes=words(150)),
            "issues/02-b.yaml": issue("Rights B", notes=words(30)),
        }
    )


OVER_LIMIT = (
    "deck/deck.yaml:8:13: warning: the deck takes about {total} min at 120 words a minute, over its "
    "time_limit of 1 min; the longest issues: 1 'Rights A' ({a}), 2 'Rights B' ({b})"
)


def test_a_deck_over_its_time_limit_warns_from_validate_and_build(make_content, deckgen):
    """validate and build print the warning (limit, estimate, longest issues) at deck.yaml's time_limit."""
    deck = over_limit_deck(make_content)
    timing = deckgen("timing", deck).stdout
    deck_line, summary = timing.splitlines()[-2:]
    total = deck_line.split()[2]
    # Each issue: its notes, then its recommendations slide's 9 words of text (159 and 39 words).
    expected = OVER_LIMIT.format(total=total, a="1:20", b="0:20")
    assert "over the time_limit of 1 min by" in deck_line
    assert summary == "1 deck, 6 slides, 1 deck over its time_limit, 1 warning"
    result = deckgen("validate", deck)
    assert result.exit_code == 0, result.output
    assert result.stderr == expected + "\n"
    result = deckgen("build", deck, "-o", "out.pptx")
    assert result.exit_code == 0, result.output
    assert expected in result.stderr.splitlines()


def test_strict_turns_the_time_limit_warning_into_an_error(make_content, deckgen):
    """With --strict, validate and build exit 1 naming deck.yaml, and build writes nothing."""
    deck = over_limit_deck(make_content)
    result = deckgen("validate", "--strict", deck)
    assert result.exit_code == 1
    assert result.stderr.startswith("deck/deck.yaml:8:13: the deck takes about ")
    result = deckgen("build", "--strict", deck, "-o", "out.pptx")
    assert result.exit_code == 1
    assert result.stderr.startswith("deck/deck.yaml:8:13: the deck takes about ")
    assert not Path("out.pptx").exists()
    within = make_content({"deck.yaml": (Path("deck/deck.yaml").read_text().replace("time_limit: 1", "time_limit: 5"))})
    assert deckgen("validate", "--strict", within).exit_code == 0
    assert deckgen("build", "--strict", within, "-o", "out.pptx").exit_code == 0


def test_every_issue_slide_notes_its_estimated_time(deckgen, tmp_path):
    """Each issue slide's speaker notes end with its estimated time; the notes written in the content stay first."""
    out = tmp_path / "long.pptx"
    result = deckgen("build", ROOT / "tests" / "fixtures" / "long", "-o", out)
    assert result.exit_code == 0, result.output
    slides = list(Presentation(str(out)).slides)
    issue_slides = slides[1:-1]
    assert len(issue_slides) > 3
    for slide in issue_slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.splitlines()[-1].startswith("Estimated time: "), notes
        assert " words at 120 words a minute)" in notes
    first = issue_slides[0].notes_slide.notes_text_frame.text
    assert first.startswith("Speaker notes for the long issue: stress the January 2022 shutdown.\n")
    assert "coalition.\n\nEstimated time" in first
    assert "Estimated time: 0:10 min (20 words at 120 words a minute)" in first
    assert not slides[0].has_notes_slide or "Estimated time" not in slides[0].notes_slide.notes_text_frame.text


@pytest.mark.realclient
def test_build_pdf_notes_pages_prints_each_slide_with_its_notes(deckgen, tmp_path):
    """--pdf --notes-pages: one portrait notes page per slide, each issue slide's estimated time on it."""
    import pdfplumber

    out = tmp_path / "long.pptx"
    result = deckgen("build", ROOT / "tests" / "fixtures" / "long", "-o", out, "--pdf", "--notes-pages")
    assert result.exit_code == 0, result.output
    slides = len(Presentation(str(out)).slides)
    with pdfplumber.open(out.with_suffix(".pdf")) as pdf:
        assert len(pdf.pages) == slides
        assert all(page.height > page.width for page in pdf.pages)  # notes pages, not 16:9 slides
        texts = [page.extract_text() for page in pdf.pages]
    assert "Speaker notes for the long issue" in texts[1]
    assert all("Estimated time: " in text for text in texts[1:-1])


def test_notes_pages_go_with_pdf(make_content, deckgen):
    """--notes-pages alone is a usage error naming --pdf."""
    result = deckgen("build", make_content(), "--notes-pages")
    assert result.exit_code == 2
    assert "--notes-pages goes with --pdf" in result.stderr


def test_timing_of_a_folder_of_sets_times_each_language_at_its_pace(deckgen):
    """`deckgen timing content`: each language's deck, at 120, 97 and 87 words a minute."""
    result = deckgen("timing", ROOT / "content")
    assert result.exit_code == 0, result.output
    heads = [line for line in result.stdout.splitlines() if " words at " in line]
    assert [re.search(r"at (\d+) words a minute", h).group(1) for h in heads] == ["120", "87", "97"]
    assert [h.split(":")[0].rsplit("/", 1)[-1] for h in heads] == ["en", "kk", "ru"]


def test_a_finding_script_goes_to_the_notes_of_the_slide_where_the_finding_starts(make_content, deckgen):
    """A finding's script is that slide's speaker notes, and the slide is timed by it rather than its text."""
    finding_script = VALID_ISSUE.replace(
        "      summary: ratification of the protocol.\n",
        f"      summary: ratification of the protocol.\n      script: {words(30)}\n",
    )
    deck = make_content({"issues/01-a.yaml": finding_script})
    result = deckgen("timing", deck)
    assert result.exit_code == 0, result.output
    assert "    2     30   0:15  notes   Issue 1: Children's rights" in result.stdout
    result = deckgen("build", deck, "-o", "out.pptx")
    assert result.exit_code == 0, result.output
    notes = list(Presentation("out.pptx").slides)[1].notes_slide.notes_text_frame.text
    assert notes == f"{words(30)}\n\nEstimated time: 0:15 min (30 words at 120 words a minute)"
