"""What a content author sees when a content set is wrong: one `path:line:col: message` line per problem.

Each test writes a small valid set (see `make_content` in conftest.py) with
one file replaced by the broken text shown literally, runs `deckgen validate`
and `deckgen build` from the set's parent folder, and checks the exact lines
printed, the exit code, and that no deck was written. The `deckgen` fixture
also fails any run that shows a traceback.
"""

import re
from pathlib import Path

from pptx import Presentation

from deckgen.content.model import Status

from conftest import yaml


def problems(deckgen, content: Path) -> list[str]:
    """Return the lines `deckgen validate CONTENT` prints, after checking `deckgen build` prints the same.

    Both must exit 1 with nothing on stdout, and build must write no deck.
    """
    validate = deckgen("validate", content)
    build = deckgen("build", content, "-o", "out/deck.pptx")
    for result in (validate, build):
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert build.stderr == validate.stderr
    assert not Path("out").exists(), "a failed build wrote something"
    assert not Path("build").exists(), "a failed build wrote something"
    return validate.stderr.splitlines()


def test_the_small_set_is_valid(make_content, deckgen):
    """The fixture's set itself passes, so every failure below comes from the broken bit alone."""
    result = deckgen("validate", make_content())
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"deck: valid \(1 issue, (\d+) slides\)\n1 valid set, \1 slides, 0 warnings\n", result.stdout)
    assert result.stderr == ""


# -- keys ---------------------------------------------------------------------


def test_unknown_key_in_deck_suggests_the_nearest(make_content, deckgen):
    """A typo in an optional deck.yaml key is named, located and corrected."""
    content = make_content(
        {
            "deck.yaml": yaml("""
        language: en
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
        thme: coalition
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/deck.yaml:7:1: unknown key 'thme'; did you mean 'theme'?",
    ]


def test_unknown_nested_key_in_review(make_content, deckgen):
    """review.totl: the typo is suggested, and the then-missing total is reported at 'review:'."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          totl: 10
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:4:3: unknown key 'totl'; did you mean 'total'?",
    ]


def test_unknown_key_in_a_finding(make_content, deckgen):
    """A finding's 'summry' is located at the key inside the list item."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
          findings:
            - status: implemented
              summry: the protocol.
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:7:7: unknown key 'summry'; did you mean 'summary'?",
    ]


def test_unknown_key_without_a_near_match_lists_the_known_keys(make_content, deckgen):
    """With nothing close to suggest, the keys allowed at that level are listed."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
        recommendations:
          - Do it.
        zzz: 1
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:7:1: unknown key 'zzz'; known keys: headline, notes, recommendations, review, script, "
        "short_title, speaker, title",
    ]


def test_duplicate_key(make_content, deckgen):
    """YAML would silently keep the second 'cycle'; deckgen names both lines."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          cycle: 2
          total: 10
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:4:3: duplicate key 'cycle' (first at line 3)",
    ]


def test_missing_required_key_is_located_at_its_parent(make_content, deckgen):
    """A missing review.total points at the 'review:' line that lacks it."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:2:1: missing key 'total' in 'review'",
    ]


def test_empty_issue_file_names_the_missing_keys(make_content, deckgen):
    """An empty issue file says which keys it needs, not "missing key ''"."""
    content = make_content({"issues/01-a.yaml": ""})
    lines = problems(deckgen, content)
    assert "deck/issues/01-a.yaml:1:1: missing key ''" not in lines
    assert any("'title'" in line for line in lines), lines


# -- values -------------------------------------------------------------------


def test_wrong_type(make_content, deckgen):
    """total: nine says a whole number is expected and quotes what was found."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: nine
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:4:10: 'total' must be a whole number, got 'nine'",
    ]


def test_true_is_not_a_number(make_content, deckgen):
    """total: true is a type error, not a total of 1."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: true
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:4:10: 'total' must be a whole number, got True",
    ]


def test_negative_count(make_content, deckgen):
    """A negative count is refused at the number."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
          counts:
            implemented: -2
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:6:18: 'implemented' must be at least 0",
    ]


def test_unknown_status_word(make_content, deckgen):
    """A misspelt status is named with the status word it was probably meant to be."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
          findings:
            - status: implemnted
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:6:15: unknown status 'implemnted'; did you mean 'implemented'?",
    ]


def test_unknown_status_word_in_a_list(make_content, deckgen):
    """In a list of statuses the bad word itself is located, not the list."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
          findings:
            - status: [implemented, partialy_implemented]
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:6:29: unknown status 'partialy_implemented'; did you mean 'partially_implemented'?",
    ]


def test_unknown_status_word_without_a_near_match_lists_the_status_words(make_content, deckgen):
    """A word nowhere near a status gets the list of the four status words."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
          findings:
            - status: approved by parliament
        recommendations:
          - Do it.
        """)
        }
    )
    words = ", ".join(s.value for s in Status)
    assert words == "implemented, partially_implemented, not_implemented, no_data"
    assert problems(deckgen, content) == [
        f"deck/issues/01-a.yaml:6:15: unknown status 'approved by parliament'; expected one of {words}",
    ]


# -- the format's counting rules ------------------------------------------------


def test_counts_adding_to_more_than_total(make_content, deckgen):
    """Counts over the total are reported at 'counts:', naming both sums."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 8
          counts:
            implemented: 2
            partially_implemented: 5
            not_implemented: 3
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:5:3: the counts add up to 10, more than the total 8",
    ]


def test_every_status_counted_must_add_up_to_total(make_content, deckgen):
    """All four statuses counted, not approximate, sum 8 != total 10: reported at the total, with the way out."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
          counts:
            implemented: 2
            partially_implemented: 3
            not_implemented: 2
            no_data: 1
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:4:10: total is 10 but the counts of every status add up to 8; "
        "fix one, or set 'approximate: true'",
    ]


def test_approximate_total_may_differ_from_the_counts(make_content, deckgen):
    """The same counts pass once the total is marked approximate, as the message suggests."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
          approximate: true
          counts:
            implemented: 2
            partially_implemented: 3
            not_implemented: 2
            no_data: 1
        recommendations:
          - Do it.
        """)
        }
    )
    result = deckgen("validate", content)
    assert result.exit_code == 0, result.output


def test_topic_counts_exceeding_the_status_count(make_content, deckgen):
    """Topics counting 3 under a status counted 2 are reported at 'topics:'."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
          counts:
            implemented: 2
            not_implemented: 8
          findings:
            - status: implemented
              summary: on two topics.
              topics:
                - text: on freedom from slavery
                  count: 2
                - text: on the right to work
                  count: 1
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:11:7: the topics' counts add up to 3, more than the 2 counted as implemented",
    ]


# -- language, theme and logos in deck.yaml ---------------------------------------


def test_language_without_a_locale(make_content, deckgen):
    """A language deckgen has no labels for is refused, listing the languages it has."""
    content = make_content(
        {
            "deck.yaml": yaml("""
        language: fr
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/deck.yaml:1:11: no locale for language 'fr'; available: en, kk, ru; `deckgen locale new fr` writes one "
        "to translate",
    ]


def test_theme_name_with_a_slash_is_refused(make_content, deckgen):
    """theme: ../x cannot reach outside assets/themes."""
    content = make_content(
        {
            "deck.yaml": yaml("""
        language: en
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
        theme: ../x
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/deck.yaml:7:8: theme '../x' must be a plain name (assets/themes/<name>.yaml): "
        "theme paths may not leave the assets folder",
    ]


def test_theme_not_found_lists_the_themes(make_content, deckgen):
    """A theme name with no file names the file looked for and the themes there are."""
    content = make_content(
        {
            "deck.yaml": yaml("""
        language: en
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
        theme: nosuch
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/deck.yaml:7:8: theme 'nosuch' not found: no assets/themes/nosuch.yaml; available: coalition",
    ]


def test_logo_path_leaving_assets_is_refused(make_content, deckgen):
    """logo: ../../etc/passwd is refused before any file is read."""
    content = make_content(
        {
            "deck.yaml": yaml("""
        language: en
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
            logo: ../../etc/passwd
        """)
        }
    )
    # Wording: "the assets folder assets" reads oddly when the folder's display path is "assets" (reported).
    assert problems(deckgen, content) == [
        "deck/deck.yaml:7:11: logo '../../etc/passwd' leaves the assets folder (assets/)",
    ]


def test_missing_logo_file(make_content, deckgen):
    """A logo that is not there is named with the folder it was looked for in."""
    content = make_content(
        {
            "deck.yaml": yaml("""
        language: en
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
            logo: logos/nope.png
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/deck.yaml:7:11: logo 'logos/nope.png' not found in assets/",
    ]


# -- hostile or odd files -----------------------------------------------------------


def test_non_utf8_file(make_content, deckgen):
    """A file saved as Windows-1251 is located at its first non-UTF-8 byte and told how to fix it."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Права детей
        review:
          cycle: 3
          total: 10
        recommendations:
          - Do it.
        """).encode("cp1251")
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:1:8: not UTF-8 text (byte 0xcf); save the file as UTF-8",
    ]


def test_python_object_tag_is_refused_and_not_run(make_content, deckgen):
    """A !!python/object/apply tag is refused; the command in it never runs."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: !!python/object/apply:os.system ["echo pwned > pwned.txt"]
        review:
          cycle: 3
          total: 10
        recommendations:
          - Do it.
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/issues/01-a.yaml:1:8: tag !!python/object/apply:os.system is not allowed",
    ]
    assert not Path("pwned.txt").exists()


def test_billion_laughs_is_refused(make_content, deckgen):
    """An alias bomb is refused with a message saying what it is."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
        i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
        """)
        }
    )
    [line] = problems(deckgen, content)
    assert line == (
        "deck/issues/01-a.yaml:5:12: too many values: the file holds more than 20,000 (aliases expanded); split it"
    )


def test_vertical_tab_in_a_recommendation_is_a_line_break(make_content, deckgen):
    """Word's soft line break (\\x0b) pasted into a recommendation builds, and shows as a line break."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: 3
          total: 10
        recommendations:
          - To ratify\x0bthe protocol.
        """)
        }
    )
    result = deckgen("build", content, "-o", "out.pptx")
    assert result.exit_code == 0, result.output
    paragraphs = [
        paragraph
        for slide in Presentation("out.pptx").slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
    ]
    # python-pptx shows an <a:br/> line break inside a paragraph as "\x0b".
    [broken] = [p for p in paragraphs if "ratify" in p.text]
    assert broken.text == "To ratify\x0bthe protocol."
    assert [run.text for run in broken.runs] == ["To ratify", "the protocol."]


# -- every problem at once -----------------------------------------------------------


def test_all_problems_of_all_files_in_one_run(make_content, deckgen):
    """Broken deck.yaml and two broken issue files: every line at once, sorted by file and line."""
    content = make_content(
        {
            "deck.yaml": yaml("""
            language: en
            title: Test deck
            country: Testland
            cycle: four
            presenters:
              - name: Test Coalition
            """),
            "issues/01-a.yaml": yaml("""
            title: Rights
            review:
              cycle: 3
              totl: 10
            recommendations:
              - Do it.
            """),
            "issues/02-b.yaml": yaml("""
            title: More rights
            review:
              cycle: 3
              total: 10
              findings:
                - status: done
                  summry: all of it.
            recommendations:
              - Do it.
            """),
        }
    )
    assert problems(deckgen, content) == [
        "deck/deck.yaml:4:8: 'cycle' must be a whole number, got 'four'",
        "deck/issues/01-a.yaml:4:3: unknown key 'totl'; did you mean 'total'?",
        "deck/issues/02-b.yaml:6:15: unknown status 'done'; did you mean 'implemented'?",
        "deck/issues/02-b.yaml:7:7: unknown key 'summry'; did you mean 'summary'?",
    ]


def test_lines_sort_by_line_number_not_text(make_content, deckgen):
    """Line 10 comes after line 9 in the same file."""
    content = make_content(
        {
            "issues/01-a.yaml": yaml("""
        title: Rights
        review:
          cycle: -1
          total: 10
          findings:
            - status: implemented
            - status: implemented
            - status: implemented
            - status: implemented
            - status: nope
        recommendations:
          - Do it.
        """)
        }
    )
    lines = problems(deckgen, content)
    assert [line.split(":")[1] for line in lines] == ["3", "10"], lines


def test_deck_rules_reported_together_with_issue_problems(make_content, deckgen):
    """An unknown language and a missing logo are reported in the same run as an issue's typo."""
    content = make_content(
        {
            "deck.yaml": yaml("""
            language: fr
            title: Test deck
            country: Testland
            cycle: 4
            presenters:
              - name: Test Coalition
                logo: logos/nope.png
            """),
            "issues/01-a.yaml": yaml("""
            title: Rights
            review:
              cycle: 3
              total: 10
            recommendations:
              - Do it.
            notse: x
            """),
        }
    )
    assert problems(deckgen, content) == [
        "deck/deck.yaml:1:11: no locale for language 'fr'; available: en, kk, ru; `deckgen locale new fr` writes one "
        "to translate",
        "deck/deck.yaml:7:11: logo 'logos/nope.png' not found in assets/",
        "deck/issues/01-a.yaml:7:1: unknown key 'notse'; did you mean 'notes'?",
    ]


def test_missing_theme_reported_together_with_other_problems(make_content, deckgen):
    """A missing theme and a missing logo are reported in the same run."""
    content = make_content(
        {
            "deck.yaml": yaml("""
        language: en
        title: Test deck
        country: Testland
        cycle: 4
        presenters:
          - name: Test Coalition
            logo: logos/nope.png
        theme: nosuch
        """)
        }
    )
    assert problems(deckgen, content) == [
        "deck/deck.yaml:7:11: logo 'logos/nope.png' not found in assets/",
        "deck/deck.yaml:8:8: theme 'nosuch' not found: no assets/themes/nosuch.yaml; available: coalition",
    ]
