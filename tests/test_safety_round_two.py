"""Hostile and unlucky input, round two (issue 24): limits that crashed, messages that pointed elsewhere, lines
that ran off the terminal. Each case asserts the exact message and what was or was not written."""

from pathlib import Path

import pytest

from conftest import VALID_DECK, VALID_ISSUE


@pytest.mark.parametrize(("value", "message"), [
    (".inf", "'time_limit' must be a finite number"),
    ("-.inf", "'time_limit' must be a finite number"),
    (".nan", "'time_limit' must be a finite number"),
    ("1.0e+308", "'time_limit' must be at most 600"),
    ("601", "'time_limit' must be at most 600"),
])
def test_a_time_limit_that_is_no_number_of_minutes_is_refused_at_its_line(make_content, deckgen, value, message):
    make_content({"deck.yaml": VALID_DECK + f"time_limit: {value}\n"})
    for command in ("validate", "timing"):
        result = deckgen(command, "deck")
        assert (result.exit_code, result.stderr) == (1, f"deck/deck.yaml:9:13: {message}\n"), command
    result = deckgen("build", "deck", "-o", "x.pptx")
    assert result.exit_code == 1
    assert not Path("x.pptx").exists()


def test_the_largest_time_limit_is_taken(make_content, deckgen):
    make_content({"deck.yaml": VALID_DECK + "time_limit: 600\n"})
    result = deckgen("timing", "deck")
    assert result.exit_code == 0, result.output
    assert "within the time_limit of 600 min" in result.stdout


def test_a_very_long_speaker_is_cut_in_the_timing_tables(make_content, deckgen):
    speaker = "Aigerim " * 1250  # 10,000 characters
    make_content({"issues/01-a.yaml": VALID_ISSUE + f"speaker: {speaker.strip()}\n"})
    result = deckgen("timing", "deck")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 120, max(lines, key=len)[:200]
    issue_line = next(line for line in lines if line.lstrip().startswith("1 ") and "Children" in line)
    assert issue_line.endswith("Children's rights (Aigerim Aigerim Aigerim Aigeri)")
    speaker_line = lines[lines.index("speaker                         words   time  issues") + 1]
    assert speaker_line.startswith("Aigerim Aigerim Aigerim Aigeri  ")


def test_a_contact_too_long_for_the_handout_is_reported_at_deck_yaml(make_content, deckgen, monkeypatch):
    monkeypatch.setattr("deckgen.render.pdf.soffice_path", lambda: "/no/such/soffice")  # planning fails first
    contact = "Jane Doe, " + "jane.doe@example.org " * 95  # about 2,000 characters
    make_content({"deck.yaml": VALID_DECK + f"contact: {contact.strip()}\n"})
    result = deckgen("handout", "deck", "-o", "h.pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        f"deck/deck.yaml:9:10: the handout's footer (contact) does not fit its line at any size; shorten the "
        f"contact ({len(contact.strip()):,} characters)\n")
    assert not Path("h.pdf").exists()
