"""A deck's UI labels: house-style overrides in deck.yaml, checked like any other content."""

from pathlib import Path

from pptx import Presentation

from conftest import VALID_DECK, yaml


def deck_with(extra: str) -> str:
    return VALID_DECK + yaml(extra)


def slide_texts(path: Path) -> list[str]:
    return [
        shape.text_frame.text for slide in Presentation(path).slides for shape in slide.shapes if shape.has_text_frame
    ]


def test_overridden_labels_replace_the_locales_on_the_slides(make_content, deckgen):
    content = make_content(
        {
            "deck.yaml": deck_with("""
        labels:
          closing: Questions welcome
          recommendations: Our recommendations
          recommendation:
            other: recs
        """)
        }
    )
    result = deckgen("build", content, "-o", "out/deck.pptx")
    assert result.exit_code == 0, result.output
    texts = slide_texts(Path("out/deck.pptx"))
    assert "Questions welcome" in texts
    assert "Thank you for your attention!" not in texts
    assert "Issue 1: Children's rights – Our recommendations" in texts
    assert "3rd UPR cycle – 10 recs" in texts


def test_a_plural_override_keeps_the_forms_it_does_not_name(make_content, deckgen):
    content = make_content(
        {
            "deck.yaml": deck_with("""
        labels:
          recommendation:
            one: rec
        """)
        }
    )
    result = deckgen("build", content, "-o", "out/deck.pptx")
    assert result.exit_code == 0, result.output
    assert "3rd UPR cycle – 10 recommendations" in slide_texts(Path("out/deck.pptx"))


def test_unknown_label_key_is_an_error_with_the_nearest_key(make_content, deckgen):
    content = make_content(
        {
            "deck.yaml": deck_with("""
        labels:
          clossing: Bye
          status.not_implemnted: Not done
          banner: Hello
        """)
        }
    )
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck/deck.yaml:10:3: unknown label 'clossing'; did you mean 'closing'?",
        "deck/deck.yaml:11:3: unknown label 'status.not_implemnted'; did you mean 'status.not_implemented'?",
        "deck/deck.yaml:12:3: unknown label 'banner'; the labels are listed in deckgen/locale/en.yaml",
    ]


def test_label_with_a_placeholder_deckgen_does_not_fill(make_content, deckgen):
    content = make_content(
        {
            "deck.yaml": deck_with("""
        labels:
          issue: "Issue {numbr}: {title}"
          continued: "(cont. {"
        """)
        }
    )
    result = deckgen("build", content, "-o", "out/deck.pptx")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck/deck.yaml:10:10: label 'issue' uses {numbr}, which deckgen does not fill here; "
        "it fills {number}, {title}",
        "deck/deck.yaml:11:14: label 'continued' has an unpaired brace; write {{ or }} for a brace shown as is",
    ]
    assert not Path("out").exists()


def test_plural_label_needs_forms_and_known_categories(make_content, deckgen):
    content = make_content(
        {
            "deck.yaml": deck_with("""
        labels:
          recommendation: recs
          recommendation_about:
            few: recs
          closing:
            one: Bye
        """)
        }
    )
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck/deck.yaml:10:19: label 'recommendation' takes plural forms such as one: ..., other: ...",
        "deck/deck.yaml:12:5: 'few' is not a plural form of label 'recommendation_about' in 'en'; "
        "its forms are one, other",
        "deck/deck.yaml:14:5: label 'closing' takes one piece of text",
    ]


def _latin_only_font(source: Path, target: Path) -> None:
    """Write a copy of SOURCE that has ASCII letters only: no en dash, no Cyrillic."""
    from fontTools import subset

    options = subset.Options()
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(0x20, 0x7F))
    subsetter.subset(font)
    font.save(str(target))


def test_label_characters_the_fonts_lack_are_named_at_the_language(make_content, deckgen, tmp_path):
    """The locale's "–" in "3rd UPR cycle – 10 recommendations" (and the handout's "·") would draw as a box."""
    import deckgen as package

    content = make_content()
    fonts = tmp_path / "assets" / "fonts"
    fonts.mkdir()
    builtin = Path(package.__file__).parent / "builtin" / "fonts"
    for style in ("Regular", "Bold", "Italic"):
        _latin_only_font(builtin / f"LiberationSans-{style}.ttf", fonts / f"LiberationSans-{style}.ttf")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck/deck.yaml:1:11: character '·' (U+00B7) of the 'en' labels is not in the theme's fonts "
        "(LiberationSans-Bold.ttf, LiberationSans-Italic.ttf, LiberationSans-Regular.ttf)",
        "deck/deck.yaml:1:11: character '–' (U+2013) of the 'en' labels is not in the theme's fonts "
        "(LiberationSans-Bold.ttf, LiberationSans-Italic.ttf, LiberationSans-Regular.ttf)",
    ]


def _chart_widths(content: Path) -> list[float]:
    from deckgen.plan.specs import ChartSpec
    from deckgen.prepare import prepare

    plan = prepare(content).plan
    return [e.box.width for s in plan.slides for e in s.elements if isinstance(e, ChartSpec)]


def test_a_long_status_label_widens_the_chart_instead_of_being_cut(make_content):
    """The chart keeps its width for short labels and grows, within half the slide, for long ones."""
    from deckgen.plan.layout import CHART_WIDTH, MAX_CHART_WIDTH

    content = make_content()
    assert _chart_widths(content) == [CHART_WIDTH]
    make_content(
        {
            "deck.yaml": deck_with("""
        labels:
          status.partially_implemented: Partially implemented (reserved)
        """)
        }
    )
    (width,) = _chart_widths(content)
    assert CHART_WIDTH < width < MAX_CHART_WIDTH
    make_content(
        {
            "deck.yaml": deck_with("""
        labels:
          status.partially_implemented: Partially implemented, with reservations noted by the coalition's members
        """)
        }
    )
    assert _chart_widths(content) == [MAX_CHART_WIDTH]


def test_a_label_that_leaves_out_the_typed_text_it_shows_is_an_error(make_content, deckgen):
    # found by the fuzz test: `issue: "10:30"` built a deck whose issue titles were on no slide
    make_content({"deck.yaml": VALID_DECK + 'labels:\n  issue: "10:30"\n  topic: "({count})"\n'})
    result = deckgen("validate", "deck")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck/deck.yaml:10:10: label 'issue' leaves out {title}, the text typed in the content that it shows; keep "
        "{title} in it",
        "deck/deck.yaml:11:10: label 'topic' leaves out {text}, the text typed in the content that it shows; keep "
        "{text} in it",
    ]
    assert deckgen("build", "deck", "-o", "x.pptx").exit_code == 1
    assert not Path("x.pptx").exists()
