"""The statement format (issue 18): one slide per issue, headlines, key finding, asks, notes, timing; and the report's
layout, breaks, long titles and chart words that came with it; and text as typed (issue 24)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from deckgen.content.text import text_values
from deckgen.content.yaml_source import load_yaml
from deckgen.plan.fit import height
from deckgen.plan.lines import break_lines
from deckgen.plan.planner import PlanOptions
from deckgen.plan.specs import ChartSpec, Role, Run, SlideKind, TextSpec
from deckgen.plan.ties import plain, typeset
from deckgen.prepare import prepare, prepare_sets

from conftest import REPORT, VALID_DECK, VALID_ISSUE, yaml

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"
LANGUAGES = ("en", "ru", "kk")


@pytest.fixture(scope="module")
def statements():
    """The shipped decks, statements by their deck.yaml, planned together."""
    return {p.loaded.content.deck.language: p for p in prepare_sets(ROOT / "content")}


@pytest.fixture(scope="module")
def reports():
    return {p.loaded.content.deck.language: p for p in prepare_sets(ROOT / "content", options=REPORT)}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", plain(text).lower().replace("’", "'"))


def shown(slide) -> str:
    texts = [slide.title_text] + [
        plain(p.text) for e in slide.elements if isinstance(e, TextSpec) for p in e.paragraphs
    ]
    return " ".join(texts)


# -- the statement --------------------------------------------------------------------------------------------


def test_a_statement_has_a_slide_per_issue_in_step_across_languages(statements):
    kinds = {language: [s.kind for s in p.plan.slides] for language, p in statements.items()}
    assert kinds["en"] == [SlideKind.TITLE, SlideKind.STATUS, SlideKind.STATUS, SlideKind.STATUS, SlideKind.CLOSING]
    assert kinds["ru"] == kinds["kk"] == kinds["en"]


def test_a_statement_with_the_overview_has_six_slides(tmp_path):
    folder = shutil.copytree(ROOT / "content", tmp_path / "content")
    for language in LANGUAGES:
        with open(folder / language / "deck.yaml", "a", encoding="utf-8") as deck:
            deck.write("overview: true\n")
    plans = prepare_sets(folder, ASSETS)
    assert [len(p.plan.slides) for p in plans] == [6, 6, 6]
    assert plans[0].plan.slides[1].kind == SlideKind.OVERVIEW


def test_each_issue_slide_has_a_headline_a_chart_the_key_finding_and_the_asks(statements):
    slide = statements["en"].plan.slides[1]
    assert slide.title_text == "1 of 9 recommendations fully implemented"
    (headline,) = slide.title.paragraphs  # the title placeholder holds the headline alone, at the title size
    # the issue's name, a small line of its own above the headline, at the body size (one type scale)
    (kicker,) = [e for e in slide.elements if isinstance(e, TextSpec) and e.role == Role.SUBTITLE]
    assert plain(kicker.paragraphs[0].text) == "Issue 1: Freedom of Religion and Belief"
    assert kicker.box.bottom <= slide.title.box.bottom - height((headline,), slide.title.box.width, slack=True)
    assert kicker.paragraphs[0].runs[0].size < headline.runs[0].size
    assert [c for c in slide.elements if isinstance(c, ChartSpec)]
    body = " ".join(
        plain(p.text) for e in slide.elements if isinstance(e, TextSpec) and e.role == Role.BODY for p in e.paragraphs
    )
    assert body.startswith("1 implemented, 3 partially – e.g., holding the Congress of leaders of world religions")
    # the priority recommendations (2 and 4), numbered as in the report
    assert "2. " not in body  # numbers are bullets, not text
    bullets = [p.bullet for e in slide.elements if isinstance(e, TextSpec) for p in e.paragraphs if p.bullet]
    assert bullets == ["2.", "4."]


def headline_of(deck_yaml: str, issue: str, language: str, tmp_path: Path) -> str:
    folder = tmp_path / language
    (folder / "issues").mkdir(parents=True)
    (folder / "deck.yaml").write_text(
        deck_yaml.replace("language: en", f"language: {language}") + "format: statement\n", encoding="utf-8"
    )
    (folder / "issues" / "01-a.yaml").write_text(issue, encoding="utf-8")
    slide = prepare(folder, ASSETS).plan.slides[1]
    return plain(slide.title.paragraphs[0].text)


@pytest.mark.parametrize(
    ("language", "implemented", "expected"),
    [
        ("en", 1, "1 of 10 recommendations fully implemented"),
        ("en", 2, "2 of 10 recommendations fully implemented"),
        ("ru", 1, "Полностью выполнены: 1 из 10 рекомендаций"),
        ("kk", 2, "Толық орындалған ұсынымдар: 2, барлығы 10 ұсыным"),
    ],
)
def test_the_default_headline_comes_from_the_counts(language, implemented, expected, tmp_path):
    issue = VALID_ISSUE.replace("implemented: 2", f"implemented: {implemented}", 1)
    issue = issue.replace("partially_implemented: 5", f"partially_implemented: {7 - implemented}")
    assert headline_of(VALID_DECK, issue, language, tmp_path) == expected


@pytest.mark.parametrize(
    ("language", "total", "expected"),
    [
        ("en", 1, "1 of 1 recommendation fully implemented"),
        ("ru", 21, "Полностью выполнены: 0 из 21 рекомендации"),
        ("ru", 5, "Полностью выполнены: 0 из 5 рекомендаций"),
    ],
)
def test_the_headline_takes_the_plural_form_of_its_total(language, total, expected, tmp_path):
    implemented = 1 if total == 1 else 0
    issue = yaml(f"""
        title: A
        review:
          cycle: 3
          total: {total}
          counts:
            implemented: {implemented}
        recommendations:
          - Do it.
        """)
    assert headline_of(VALID_DECK, issue, language, tmp_path) == expected


def test_a_headline_without_a_count_of_implemented_names_the_status_counted(tmp_path):
    issue = yaml("""
        title: A
        review:
          cycle: 3
          total: 9
          counts:
            not_implemented: 5
        recommendations:
          - Do it.
        """)
    assert headline_of(VALID_DECK, issue, "en", tmp_path) == "Not implemented: 5 of 9 recommendations"


def test_an_issues_own_headline_overrides_the_default(tmp_path):
    issue = VALID_ISSUE.replace("review:", "headline: Only two of ten kept\nreview:", 1)
    assert headline_of(VALID_DECK, issue, "en", tmp_path) == "Only two of ten kept"


def test_every_text_value_is_on_a_slide_or_in_the_notes(statements):
    for language, prepared in statements.items():
        plan = prepared.plan
        heard = " ".join(w for s in plan.slides for w in words(shown(s) + " " + s.notes))
        for loaded in (prepared.loaded.deck_file, *prepared.loaded.issue_files):
            for path, text in text_values(loaded.data):
                if path[0] in ("labels", "country"):  # house-style labels; the country names files, not slides
                    continue
                assert " ".join(words(text)) in heard, (language, loaded.path.name, path)


def test_the_closing_slide_is_titled_with_the_asks(statements):
    closing = statements["en"].plan.slides[-1]
    assert closing.title_text == "Our recommendations to States"
    texts = [
        plain(p.text) for e in closing.elements if isinstance(e, TextSpec) and e.role == "body" for p in e.paragraphs
    ]
    assert texts[0] == "Develop and adopt anti-discrimination legislation."
    assert texts[-1] == "THANK YOU FOR YOUR ATTENTION!"


def test_build_format_overrides_the_deck(make_content, deckgen):
    content = make_content({"deck.yaml": VALID_DECK + "format: statement\n"})
    assert deckgen("build", content, "-o", "s.pptx").stdout == "wrote s.pptx (3 slides)\n1 deck, 3 slides, 0 warnings\n"
    assert (
        deckgen("build", content, "-o", "r.pptx", "--format", "report").stdout
        == "wrote r.pptx (4 slides)\n1 deck, 4 slides, 0 warnings\n"
    )


# -- time ---------------------------------------------------------------------------------------------------


def test_the_shipped_statements_fit_six_minutes_in_every_language(statements):
    for language, prepared in statements.items():
        assert prepared.loaded.content.deck.time_limit == 6
        assert prepared.timing.minutes <= 6, language
        assert prepared.over_time == []
    assert statements["kk"].timing.pace == 87


def test_timing_counts_the_script_not_the_notes(statements):
    timing = statements["en"].timing
    issue_one = statements["en"].loaded.content.issues[0]
    assert timing.slides[1].words == len(re.findall(r"\S*\w\S*", issue_one.script))


def test_over_the_limit_in_the_slowest_language_warns_and_strict_fails(tmp_path, deckgen, monkeypatch):
    folder = shutil.copytree(ROOT / "content", tmp_path / "content")
    for language in LANGUAGES:
        deck = folder / language / "deck.yaml"
        deck.write_text(deck.read_text(encoding="utf-8").replace("time_limit: 6", "time_limit: 5"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = deckgen("timing", "content/en", "--assets", str(ASSETS))
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "content/en/deck.yaml:20:13: warning: the deck takes about 5:18 min in kk (its "
        "slowest language) at 87 words a minute, over its time_limit of 5 min"
    )
    strict = deckgen("timing", "content", "--strict", "--assets", str(ASSETS))
    assert strict.exit_code == 1
    assert "content/kk/deck.yaml:20:13: the deck takes about 5:18 min at 87 words a minute" in strict.stderr
    build = deckgen("build", "content/en", "-o", "x.pptx", "--strict", "--assets", str(ASSETS))
    assert build.exit_code == 1 and not Path("x.pptx").exists()


def test_under_the_limit_says_what_is_to_spare(deckgen):
    result = deckgen("timing", str(ROOT / "content" / "kk"))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2].endswith("within the time_limit of 6 min (0:42 to spare)")
    assert result.stdout.splitlines()[-1] == "1 deck, 5 slides, 0 decks over their time_limit, 0 warnings"


# -- the report ---------------------------------------------------------------------------------------------


def test_findings_go_on_under_the_chart_at_full_width_before_a_continuation_slide(make_content):
    issue = VALID_ISSUE.replace(
        "        - The protocol was ratified.\n",
        "".join(
            f"        - Paragraph {n} of the facts behind the assessment, long enough to "
            f"take two lines in the column beside the chart and more.\n"
            for n in range(1, 9)
        ),
    )
    content = make_content({"issues/01-a.yaml": issue})
    plan = prepare(content).plan
    status = plan.slides[1]
    (chart,) = [e for e in status.elements if isinstance(e, ChartSpec)]
    bodies = [e for e in status.elements if isinstance(e, TextSpec) and e.role == "body"]
    beside, under = bodies
    assert beside.box.left > chart.box.right and beside.box.bottom <= chart.box.bottom + 1
    assert under.box.top > chart.box.bottom and under.box.width == 864  # the full width, under the chart
    assert plan.slides[2].kind == SlideKind.FINDINGS  # and only then a continuation


def test_the_body_starts_at_one_height_on_every_slide_of_a_kind(reports):
    for prepared in reports.values():
        tops = {}
        for slide in prepared.plan.slides:
            if slide.kind in (SlideKind.FINDINGS, SlideKind.RECOMMENDATIONS):
                (body,) = [e for e in slide.elements if isinstance(e, TextSpec) and e.role == "body"]
                tops.setdefault(slide.kind, set()).add(body.box.top)
        assert all(len(t) == 1 for t in tops.values()), tops


def test_an_80_character_title_builds_and_an_overlong_one_says_to_add_a_short_title(make_content, deckgen):
    title = "Rights of persons with disabilities and older persons in institutional care"
    recommendations = "".join(
        f"  - Recommendation {n}, written out at length as the review words it, so that several slides are needed.\n"
        for n in range(1, 25)
    )
    issue = VALID_ISSUE.replace("title: Children's rights", f"title: {title}").replace(
        "  - To ratify the protocol.\n", recommendations
    )
    content = make_content({"issues/01-a.yaml": issue})
    result = deckgen("build", content, "-o", "long.pptx")
    assert result.exit_code == 0, result.output
    make_content({"issues/01-a.yaml": issue.replace(f"title: {title}", "title: " + " ".join([title] * 3))})
    result = deckgen("build", content, "-o", "longer.pptx")
    assert result.exit_code == 1
    assert "give the issue a short_title" in result.stderr
    shorter = issue.replace(f"title: {title}", "title: " + " ".join([title] * 2) + "\nshort_title: Disability rights")
    make_content({"issues/01-a.yaml": shorter})
    result = deckgen("build", content, "-o", "short.pptx")
    assert result.exit_code == 0, result.output


# -- breaks -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tied"),
    [
        ("ratified by the Law of the Republic of Kazakhstan on 19 December 2023 (No. 47-VIII).", "19 December 2023"),
        ("Закон Республики Казахстан от 19 декабря 2023 года (№ 47-VIII).", "19 декабря 2023 года"),
        ("2023 жылғы 19 желтоқсандағы", "19 желтоқсандағы"),
        ("в соответствии с Замечанием общего порядка", "с Замечанием"),
        ("в соответствии с Замечанием общего порядка", "в соответствии"),
        ("Тема 1: Свобода вероисповедания и убеждений – Рекомендации", "убеждений –"),
    ],
)
def test_ties_keep_dates_one_letter_words_and_dashes_on_their_line(text, tied):
    marked = typeset(text)
    assert plain(marked) == text
    # nowhere inside the tied words may a line break
    start = plain(marked).index(tied)
    assert " " not in marked[start : start + len(tied)]


def test_no_line_starts_with_a_dash_or_ends_with_a_one_letter_word(reports):
    for language, prepared in reports.items():
        for slide in prepared.plan.slides:
            for element in [slide.title, *[e for e in slide.elements if isinstance(e, TextSpec)]]:
                for paragraph in element.paragraphs:
                    for line in plain(paragraph.text).split("\n")[:-1] if "\n" in paragraph.text else []:
                        assert not re.search(r"(^|\s)[иваскоуяИВАСКОУЯ]$", line), (language, line)
                    assert not re.search(r"\n[–—]", paragraph.text), (language, paragraph.text)


# -- text as typed (issue 24) ---------------------------------------------------------------------------------


def test_what_a_slide_holds_is_what_was_typed(reports):
    for prepared in reports.values():
        for slide in prepared.plan.slides:
            for element in [slide.title, *[e for e in slide.elements if isinstance(e, TextSpec)]]:
                for paragraph in element.paragraphs:
                    assert "\u2060" not in paragraph.text and "\u00a0" not in paragraph.text, paragraph.text
    body = " ".join(
        p.text for s in reports["en"].plan.slides for e in s.elements if isinstance(e, TextSpec) for p in e.paragraphs
    )
    assert "(No. 47-VIII)" in body


def test_a_url_breaks_after_a_slash_with_nothing_inserted():
    from deckgen.plan.lines import realise
    from deckgen.plan.specs import Paragraph

    prepared = prepare(ROOT / "content" / "en", options=REPORT)
    font = prepared.plan.slides[1].title.paragraphs[0].runs[0].font
    url = "https://www.ohchr.org/en/hr-bodies/upr/kz-index"
    paragraph = Paragraph((Run(typeset(f"See {url} for the report"), font, 20, "#000000"),), 24)
    written = realise(paragraph, 260)
    assert url in written.text.replace("\n", "") and "\u2060" not in written.text
    lines = break_lines(written.runs, 260)
    assert len(lines) > 1


def test_text_of_spaces_or_invisible_characters_is_refused_at_its_line(make_content, deckgen):
    issue = VALID_ISSUE.replace("title: Children's rights", 'title: "\u00a0 "').replace(
        "  - To ratify the protocol.\n", '  - "\u00a0 \u00a0"\n  - ""\n'
    )
    content = make_content({"issues/01-a.yaml": issue})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "deck/issues/01-a.yaml:1:8: 'title' has no text, only spaces or invisible characters: write the text, or "
        "remove it",
        "deck/issues/01-a.yaml:15:5: item 1 of 'recommendations' has no text, only spaces or invisible characters: "
        "write the text, or remove it",
        "deck/issues/01-a.yaml:16:5: item 2 of 'recommendations' must not be empty",
    ]


# -- chart words --------------------------------------------------------------------------------------------


def test_topics_over_the_total_are_an_error_at_the_total(make_content, deckgen):
    womens = (ROOT / "content" / "en" / "issues" / "03-womens-rights.yaml").read_text(encoding="utf-8")
    content = make_content({"issues/01-a.yaml": womens.replace("  total: 52", "  total: 5")})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == "deck/issues/01-a.yaml:6:10: topics of implemented add up to 16, more than the total 5\n"


def test_statuses_the_findings_discuss_without_a_count_are_outlined_bars(reports):
    womens = [s for s in reports["en"].plan.slides if s.kind == SlideKind.STATUS][2]
    (chart,) = [e for e in womens.elements if isinstance(e, ChartSpec)]
    assert [(b.label, b.count_text, b.reported) for b in chart.bars] == [
        ("Implemented", "16", True),
        ("Partially implemented", "number not reported", False),
        ("Not implemented", "number not reported", False),
        ("Status not reported", "36", True),
    ]


def test_the_shipped_content_is_unchanged_by_loading(statements):
    # the statement keys are in the files as written: format, time_limit, headline, key, priority, script
    data = load_yaml(ROOT / "content" / "kk" / "issues" / "01-freedom-of-religion.yaml").data
    assert data["review"]["findings"][0]["key"] is True
    assert [r["priority"] for r in data["recommendations"] if isinstance(r, dict)] == [True, True]
    assert PlanOptions(format="statement") != REPORT


def test_zero_width_characters_alone_are_no_text():
    from pydantic import ValidationError

    from deckgen.content.model import Issue

    with pytest.raises(ValidationError, match="has no text, only spaces or invisible characters"):
        Issue.model_validate({"title": "\u200b\u2060", "review": {"cycle": 1, "total": 1}, "recommendations": []})


def test_issues_with_the_same_headline_keep_titles_of_their_own(make_content):
    """Two issues counted alike (a new cycle's drafts) would have one headline: each title names its issue too,
    at the title size, so every slide's title is its own (screen readers list slides by title)."""
    other = VALID_ISSUE.replace("title: Children's rights", "title: Women's rights")
    content = make_content({"issues/01-a.yaml": VALID_ISSUE, "issues/02-b.yaml": other})
    slides = prepare(content, options=PlanOptions(format="statement")).plan.slides[1:3]
    titles = [s.title_text for s in slides]
    assert titles[0].endswith(" – Issue 1: Children's rights") and titles[1].endswith(" – Issue 2: Women's rights")
    assert titles[0].split(" – ")[0] == titles[1].split(" – ")[0]  # the same headline
    assert {r.size for s in slides for p in s.title.paragraphs for r in p.runs} == {30}
    single = prepare(make_content({"issues/02-b.yaml": None}), options=PlanOptions(format="statement"))
    assert " – " not in single.plan.slides[1].title_text  # a headline of its own needs no name
