"""Hostile and unlucky input: each case ends in a located message and exit 1, never a traceback or a hang.

Each test breaks one thing in the small valid content set (conftest.make_content) and
asserts the exact message a user sees. The cases are those of issue 12 and the ones
the fuzz test (tests/test_fuzz.py) found.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from conftest import REPO, VALID_DECK, VALID_ISSUE

BUILTIN_FONT = REPO / "deckgen" / "builtin" / "fonts" / "LiberationSans-Regular.ttf"


def set_theme(old: str, new: str) -> None:
    """Replace OLD by NEW in the test's coalition theme."""
    theme = Path("assets/themes/coalition.yaml")
    text = theme.read_text(encoding="utf-8")
    assert old in text
    theme.write_text(text.replace(old, new), encoding="utf-8")


def with_recommendation(text: str) -> str:
    """Return the valid issue with TEXT (YAML, as written after '- ') as its recommendation."""
    return VALID_ISSUE.replace("  - To ratify the protocol.", f"  - {text}")


def slide_text(path: Path) -> str:
    """Return all the text on the slides of the deck at PATH."""
    return "\n".join(
        shape.text_frame.text
        for slide in Presentation(str(path)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )


# --- tracebacks that are now messages ----------------------------------------------------------------


def test_a_logo_that_is_no_image(make_content, deckgen):
    content = make_content()
    Path("assets/logos/coalition.png").write_text("not an image")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "assets/themes/coalition.yaml:11:14: footer_logo 'logos/coalition.png' is not an image deckgen can "
        "embed; use PNG, JPEG, GIF, BMP or TIFF (not SVG)\n"
        "deck/deck.yaml:7:11: logo 'logos/coalition.png' is not an image deckgen can embed; use PNG, JPEG, GIF, "
        "BMP or TIFF (not SVG)\n"
    )


def test_an_svg_logo(make_content, deckgen):
    content = make_content({"deck.yaml": VALID_DECK.replace("logos/coalition.png", "logos/mark.svg")})
    Path("assets/logos/mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    result = deckgen("build", content, "-o", "out.pptx")
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/deck.yaml:7:11: logo 'logos/mark.svg' is not an image deckgen can embed; "
        "use PNG, JPEG, GIF, BMP or TIFF (not SVG)\n"
    )
    assert not Path("out.pptx").exists()


def test_a_decompression_bomb_logo(make_content, deckgen):
    content = make_content()
    Image.new("1", (20000, 20000)).save("assets/logos/kibhr.png")
    make_content({"deck.yaml": VALID_DECK.replace("logos/coalition.png", "logos/kibhr.png")})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/deck.yaml:7:11: logo 'logos/kibhr.png' is too large an image (more than "
        "25,000,000 pixels); scale it down\n"
    )


def test_a_logo_above_the_pixel_limit_below_pillows(make_content, deckgen):
    content = make_content({"deck.yaml": VALID_DECK.replace("logos/coalition.png", "logos/kibhr.png")})
    Image.new("1", (6000, 5000)).save("assets/logos/kibhr.png")
    result = deckgen("validate", content)
    assert result.stderr == (
        "deck/deck.yaml:7:11: logo 'logos/kibhr.png' is 6000 x 5000 pixels, more than the "
        "25,000,000 pixels deckgen takes; scale it down\n"
    )


def test_a_truncated_logo_is_refused_not_embedded(make_content, deckgen):
    content = make_content({"deck.yaml": VALID_DECK.replace("logos/coalition.png", "logos/kibhr.png")})
    png = Path("assets/logos/kibhr.png")
    png.write_bytes(png.read_bytes()[: png.stat().st_size // 2])
    result = deckgen("build", content, "-o", "out.pptx")
    assert result.exit_code == 1
    assert result.stderr.startswith("deck/deck.yaml:7:11: logo 'logos/kibhr.png' is damaged or truncated (")
    assert result.stderr.endswith("); export it again\n")
    assert not Path("out.pptx").exists()


def test_a_nul_in_a_logo_path(make_content, deckgen):
    content = make_content({"deck.yaml": VALID_DECK.replace("logos/coalition.png", '"logos/coal\\0ition.png"')})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/deck.yaml:7:11: logo 'logos/coal\\x00ition.png' holds a control character; is it mistyped?\n"
    )


def test_a_font_file_that_is_no_font(make_content, deckgen):
    content = make_content()
    Path("assets/fonts").mkdir()
    Path("assets/fonts/LiberationSans-Regular.ttf").write_text("not a font")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "assets/themes/coalition.yaml:8:12: font file 'fonts/LiberationSans-Regular.ttf' is "
        "not a font deckgen can read (Not a TrueType or OpenType font (not enough data))\n"
    )


def test_a_truncated_font_file(make_content, deckgen):
    content = make_content()
    Path("assets/fonts").mkdir()
    Path("assets/fonts/LiberationSans-Bold.ttf").write_bytes(BUILTIN_FONT.read_bytes()[:100_000])
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "assets/themes/coalition.yaml:9:9: font file 'fonts/LiberationSans-Bold.ttf' "
        "is not a font deckgen can read (unexpected end of "
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("subtitle: .inf", "assets/themes/coalition.yaml:31:13: 'subtitle' must be a finite number"),
        ("subtitle: .nan", "assets/themes/coalition.yaml:31:13: 'subtitle' must be a finite number"),
        ("subtitle: 0.001", "assets/themes/coalition.yaml:31:13: 'subtitle' must be at least 4"),
        ("subtitle: 1e9", "assets/themes/coalition.yaml:31:13: 'subtitle' must be at most 400"),
    ],
)
def test_theme_sizes_are_finite_and_sensible(make_content, deckgen, written, message):
    content = make_content()
    set_theme("subtitle: 20", written)
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"


@pytest.mark.parametrize(
    ("label", "written"),
    [
        ("{count:d}", "{count:d}"),
        ("{count!r}", "{count!r}"),
        ("{count:>50000000}", "{count:>50000000}"),  # once a hang: a 50 MB label
    ],
)
def test_a_label_with_a_format_spec_or_conversion(make_content, deckgen, label, written):
    content = make_content({"deck.yaml": VALID_DECK + f"labels:\n  chart_total: 'out of {label}'\n"})
    started = time.monotonic()
    result = deckgen("build", content, "-o", "out.pptx")
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert result.stderr == (
        f"deck/deck.yaml:10:16: label 'chart_total' writes {written}; only plain placeholders "
        f"such as {{count}} are allowed, without a format or conversion\n"
    )


def test_a_label_with_a_positional_placeholder(make_content, deckgen):
    content = make_content({"deck.yaml": VALID_DECK + "labels:\n  chart_total: 'out of {}'\n"})
    result = deckgen("validate", content)
    assert result.stderr == (
        "deck/deck.yaml:10:16: label 'chart_total' writes {}; only plain placeholders such as "
        "{name} are allowed, without a format or conversion\n"
    )


def test_a_paragraph_of_200_blank_lines(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": with_recommendation('"To ratify' + "\\n" * 200 + 'the protocol."')})
    result = deckgen("build", content, "-o", "out.pptx")
    assert result.exit_code == 0, result.output
    assert "To ratify\n\nthe protocol." in slide_text(Path("out.pptx")).replace("\x0b", "\n")


def test_a_blank_line_where_a_paragraph_breaks_across_slides(make_content, deckgen):
    lines = "\\n\\n".join(f"Line {i} of a long recommendation." for i in range(40))
    content = make_content({"issues/01-a.yaml": with_recommendation(f'"{lines}"')})
    result = deckgen("build", content, "-o", "out.pptx")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("total: 1000000000000000000000000000000", "deck/issues/01-a.yaml:4:10: 'total' must be at most 100000"),
        ("total: " + "9" * 5000, "deck/issues/01-a.yaml:4:10: number of 5,000 characters is too large"),
    ],
)
def test_a_huge_total(make_content, deckgen, written, message):
    content = make_content({"issues/01-a.yaml": VALID_ISSUE.replace("total: 10", written)})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"


def test_an_issues_folder_that_is_a_symlink_loop(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": None})
    os.symlink("issues", "deck/issues")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues: is a symlink that leads nowhere or loops back on itself; make issues/ a folder\n"
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_kazakh_folder_name_on_a_terminal_that_cannot_show_it(make_content, encoding):
    make_content()
    os.rename("deck", "Қазақша")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": encoding, "LANG": "C", "LC_ALL": "C"}
    result = subprocess.run(
        [sys.executable, "-m", "deckgen", "validate", "Қазақша"], capture_output=True, env=env, timeout=120
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert result.returncode == 0
    assert result.stdout.endswith(b": valid (1 issue, 4 slides)\n1 valid set, 4 slides, 0 warnings\n")


# --- hangs that are now refusals ---------------------------------------------------------------------


def test_an_issue_file_that_is_a_fifo(make_content, deckgen):
    content = make_content()
    os.mkfifo("deck/issues/02-pipe.yaml")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == "deck/issues/02-pipe.yaml: is a pipe, not a file; deckgen reads only regular files\n"


def test_a_theme_that_is_a_fifo(make_content, deckgen):
    content = make_content()
    os.unlink("assets/themes/coalition.yaml")
    os.mkfifo("assets/themes/coalition.yaml")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert "deck/deck.yaml:8:8: theme 'coalition' not found" in result.stderr


def test_a_30000_word_recommendation(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": with_recommendation(" ".join(["word"] * 30_000))})
    started = time.monotonic()
    result = deckgen("validate", content)
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues/01-a.yaml:15:5: text of 149,999 characters, more than the 10,000 a value may have\n"
    )


def test_a_recommendation_just_inside_the_text_limit_lays_out_in_seconds(make_content, deckgen):
    words = " ".join(["word"] * 1999)  # 9,999 characters: about eight slides
    content = make_content({"issues/01-a.yaml": with_recommendation(words)})
    started = time.monotonic()
    result = deckgen("validate", content)
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30


def test_alias_amplification_inside_the_alias_limit(make_content, deckgen):
    # 10 x 10 x 10 x 10 x 10 = 100,000 values: just inside the alias cap, far above the value cap.
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 5)]
    content = make_content({"issues/01-a.yaml": "\n".join(levels) + "\n" + VALID_ISSUE})
    started = time.monotonic()
    result = deckgen("validate", content)
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues/01-a.yaml:5:10: too many values: the file holds more than 20,000 (aliases expanded); split it\n"
    )


def test_too_much_text_in_one_file_through_aliases(make_content, deckgen):
    long = " ".join(["word"] * 1900)
    content = make_content({"issues/01-a.yaml": f"x: &t {long}\ny: [{', '.join(['*t'] * 20)}]\n" + VALID_ISSUE})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues/01-a.yaml:2:41: too much text: the file holds more than 100,000 characters (aliases expanded)\n"
    )


# --- wrong output, silently ------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["10:30", "0777", "0x1F", "+12", "1_000", "12.50"])
def test_numbers_where_text_is_meant_stay_as_written(make_content, deckgen, written):
    content = make_content(
        {"issues/01-a.yaml": VALID_ISSUE.replace("summary: ratification of the protocol.", f"summary: {written}")}
    )
    result = deckgen("build", content, "-o", "out.pptx")
    assert result.exit_code == 0, result.output
    assert written in slide_text(Path("out.pptx"))
    assert "630" not in slide_text(Path("out.pptx"))


@pytest.mark.parametrize("written", ["NO", "off", "~", "null"])
def test_words_yaml_reads_as_no_text_ask_to_be_quoted(make_content, deckgen, written):
    content = make_content({"issues/01-a.yaml": with_recommendation(written)})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    got = "nothing" if written in ("~", "null") else "False"
    assert result.stderr == (
        f"deck/issues/01-a.yaml:15:5: must be text, got {got}; YAML reads {written} as no text: "
        f'write it in quotes ("{written}") to keep it as text\n'
    )


def test_a_tab_in_text_is_drawn_as_a_space(make_content, deckgen):
    content = make_content({"issues/01-a.yaml": with_recommendation('"To ratify\\tthe protocol."')})
    result = deckgen("build", content, "-o", "out.pptx")
    assert result.exit_code == 0, result.output
    text = slide_text(Path("out.pptx"))
    assert "To ratify the protocol." in text
    assert "\t" not in text


def test_hidden_and_yml_files_in_issues_are_named_not_read(make_content, deckgen):
    content = make_content(
        {"issues/.#01-a.yaml": "junk: [", "issues/._01-a.yaml": b"\x00\x05\x16\x07\x00", "issues/02-b.yml": VALID_ISSUE}
    )
    result = deckgen("validate", content)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "deck/issues/.#01-a.yaml: warning: not read: hidden files (an editor's lock file, macOS's ._ files) are no "
        "issue files\n"
        "deck/issues/._01-a.yaml: warning: not read: hidden files (an editor's lock file, macOS's ._ files) are no "
        "issue files\n"
        "deck/issues/02-b.yml: warning: not read: issue files end in .yaml; rename it to 02-b.yaml\n"
    )
    assert result.stdout == "deck: valid (1 issue, 4 slides)\n1 valid set, 4 slides, 3 warnings\n"


# --- bounds -------------------------------------------------------------------------------------------


def test_too_many_issue_files(make_content, deckgen):
    content = make_content({f"issues/{i:03}.yaml": VALID_ISSUE for i in range(101)})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == "deck/issues: 102 issue files, more than the 100 a deck may have\n"


def test_too_much_text_in_one_content_set(make_content, deckgen):
    long = " ".join(["word"] * 1900)
    issue = VALID_ISSUE.replace("  - To ratify the protocol.", "\n".join(f"  - {long} {i}" for i in range(9)))
    content = make_content({f"issues/{i:02}.yaml": issue for i in range(4)})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck: the content set holds 342,450 characters of text, more than the 300,000 one deck may have; split it\n"
    )


# --- found by the fuzz test ----------------------------------------------------------------------------


def test_an_issue_file_that_is_a_symlink_loop(make_content, deckgen):
    content = make_content()
    os.symlink("02-b.yaml", "deck/issues/02-b.yaml")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == "deck/issues/02-b.yaml: cannot read file: Too many levels of symbolic links\n"


def test_export_of_a_set_with_a_looping_issue_file_says_so(make_content, deckgen):
    """Found by make fuzz: the check that export never writes over its input followed the loop and crashed."""
    content = make_content()
    os.symlink("02-b.yaml", "deck/issues/02-b.yaml")
    result = deckgen("export", content, "-o", "out.csv")
    assert result.exit_code == 1
    assert result.stderr == "deck/issues/02-b.yaml: cannot read file: Too many levels of symbolic links\n"
    assert not os.path.exists("out.csv")


def test_a_theme_that_is_a_symlink_loop(make_content, deckgen):
    content = make_content()
    os.unlink("assets/themes/coalition.yaml")
    os.symlink("coalition.yaml", "assets/themes/coalition.yaml")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == "deck/deck.yaml:8:8: theme 'coalition' not found: no assets/themes/coalition.yaml\n"
