"""A new language: `deckgen locale new`, locale files in the assets folder checked at their lines, --strict."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from deckgen.locale import LOCALE_DIR, new_locale_text
from deckgen.plan.ties import plain

from conftest import VALID_DECK, VALID_ISSUE

NS = "urn:oasis:names:tc:xliff:document:1.2"
UK_DECK = VALID_DECK.replace("language: en", "language: uk")
LOCALE = Path("assets/locales/uk.yaml")

STILL_IN_ENGLISH = [
    "status.implemented",
    "status.partially_implemented",
    "status.not_implemented",
    "status.no_data",
    "status.not_broken_down",
    "recommendations",
    "issue",
    "continued",
    "continued_n",
    "about",
    "cycle_line",
    "recommendation",
    "recommendation_about",
    "ordinal",
    "closing",
    "chart_total",
    "chart_total_about",
    "chart_alt",
    "logo_alt",
    "count.implemented",
    "count.partially_implemented",
    "count.not_implemented",
    "count.no_data",
    "count.not_broken_down",
    "count.to_assess",
    "overview_title",
    "overview_title_mixed",
    "overview_headline",
    "overview_headline_about",
    "overview_recommendation",
    "overview_not_broken_down",
    "draft",
    "draft_title",
    "status.to_assess",
    "response.supported",
    "response.partially_supported",
    "response.noted",
    "response.pending",
    "annex.title",
    "annex.id",
    "annex.recommendation",
    "annex.states",
    "annex.response",
    "annex.status",
    "annex.alt",
    "to_fill",
    "timing.note",
    "timing.in_script",
    "handout.title",
    "handout.findings",
    "handout.cycle",
    "handout.page",
    "handout.annex",
    "handout.note",
    "submission.kind.joint",
    "submission.kind.individual",
    "submission.by",
    "submission.members",
    "submission.contact",
    "submission.summary",
    "submission.keywords",
    "submission.issue_assessment",
    "submission.assessment",
    "submission.assessment_about",
    "submission.recommendation",
    "matrix.title",
    "matrix.title_mixed",
    "matrix.prepared_by",
    "matrix.position",
    "matrix.assessment",
    "matrix.untracked",
    "matrix.partial",
    "chart.not_reported",
    "headline_status",
    "headline_status_about",
    "headline_unknown",
    "statement.asks_title",
    "statement.notes_recommendations",
]
FRESH_WARNING = (
    f"assets/locales/uk.yaml:8:3: warning: {len(STILL_IN_ENGLISH)} labels are still in English: "
    f"{', '.join(STILL_IN_ENGLISH)}\n"
)


def ukrainian_labels() -> str:
    """Return a translated uk.yaml: Russian's labels where the words agree, Ukrainian where they differ."""
    data = yaml.safe_load((LOCALE_DIR / "ru.yaml").read_text(encoding="utf-8"))
    labels = data["labels"]
    labels["ordinal"] = {"few": "{n}-й", "other": "{n}-й"}  # Ukrainian ordinals: few (3, 23 ...) and other
    labels["recommendation"] = {
        "one": "рекомендація",
        "few": "рекомендації",
        "many": "рекомендацій",
        "other": "рекомендації",
    }
    labels["recommendation_about"] = labels["overview_recommendation"] = {
        "one": "рекомендації",
        "few": "рекомендацій",
        "many": "рекомендацій",
        "other": "рекомендації",
    }
    labels.update(
        {
            "closing": "Дякуємо за увагу!",
            "status.implemented": "Виконані",
            "status.not_implemented": "Не виконані",
            "recommendations": "Рекомендації",
        }
    )
    return yaml.safe_dump({"tag": "uk-UA", "labels": labels, "pace": data["pace"]}, allow_unicode=True, sort_keys=False)


def line_col(text: str, needle: str) -> str:
    """Return "line:col" of the first NEEDLE in TEXT, both 1-based."""
    before = text[: text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


# --- deckgen locale new ---------------------------------------------------------------------------


def test_locale_new_writes_every_label_with_the_languages_categories_and_tag(make_content, deckgen):
    make_content({"deck.yaml": UK_DECK})
    result = deckgen("locale", "new", "uk")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote assets/locales/uk.yaml: translate its labels (validate lists those still in English)\n"
        "1 locale file, 0 warnings\n"
    )
    written = yaml.safe_load(LOCALE.read_text(encoding="utf-8"))
    english = yaml.safe_load((LOCALE_DIR / "en.yaml").read_text(encoding="utf-8"))["labels"]
    assert written["tag"] == "uk-UA"
    assert list(written["labels"]) == list(english)
    assert written["labels"]["recommendation"] == {
        "one": "recommendation",
        "few": "recommendations",
        "many": "recommendations",
        "other": "recommendations",
    }
    assert written["labels"]["ordinal"] == {"few": "{n}rd", "other": "{n}th"}
    assert written["labels"]["closing"] == "Thank you for your attention!"


@pytest.mark.parametrize("language, tag", [("de", "de-DE"), ("pt-BR", "pt-BR"), ("sr", "sr-RS")])
def test_locale_new_fills_the_likely_tag(language, tag):
    assert yaml.safe_load(new_locale_text(language))["tag"] == tag


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["ru"],
            "deckgen has labels for 'ru' already (deckgen/locale/ru.yaml); to change some for one deck, "
            "give them under labels: in its deck.yaml\n",
        ),
        (["xq"], "Babel (CLDR) knows no language 'xq'; use a language code such as uk or de\n"),
        (["u k"], "'u k' is not a language code such as uk, or a tag such as pt-BR\n"),
    ],
)
def test_locale_new_refuses(make_content, deckgen, args, message):
    make_content()
    result = deckgen("locale", "new", *args)
    assert (result.exit_code, result.stderr) == (1, message)
    assert not Path("assets/locales").exists()


def test_locale_new_keeps_a_started_translation_without_force(make_content, deckgen):
    make_content()
    LOCALE.parent.mkdir()
    LOCALE.write_text("tag: uk-UA\n", encoding="utf-8")
    result = deckgen("locale", "new", "uk")
    assert (result.exit_code, result.stderr) == (1, "assets/locales/uk.yaml exists; pass --force to start it afresh\n")
    assert LOCALE.read_text(encoding="utf-8") == "tag: uk-UA\n"
    assert deckgen("locale", "new", "uk", "--force").exit_code == 0
    assert "labels:" in LOCALE.read_text(encoding="utf-8")


# --- a Ukrainian set -------------------------------------------------------------------------------


def test_a_language_without_locale_names_the_command_that_starts_one(make_content, deckgen):
    content = make_content({"deck.yaml": UK_DECK})
    result = deckgen("validate", content)
    assert (result.exit_code, result.stderr) == (
        1,
        "deck/deck.yaml:1:11: no locale for language 'uk'; available: "
        "en, kk, ru; `deckgen locale new uk` writes one to translate\n",
    )


def test_fresh_locale_warns_until_translated_and_strict_fails(make_content, deckgen, tmp_path):
    content = make_content({"deck.yaml": UK_DECK})
    deckgen("locale", "new", "uk")
    result = deckgen("validate", content)
    assert result.exit_code == 0
    assert (result.stderr, result.stdout) == (
        FRESH_WARNING,
        "deck: valid (1 issue, 4 slides)\n1 valid set, 4 slides, 1 warning\n",
    )

    result = deckgen("validate", content, "--strict")
    assert result.exit_code == 1
    assert result.stderr == FRESH_WARNING.replace("warning: ", "")
    assert result.stdout == ""

    result = deckgen("build", content, "-o", "out/uk.pptx", "--strict")
    assert (result.exit_code, result.stderr) == (1, FRESH_WARNING.replace("warning: ", ""))
    assert not Path("out").exists()

    result = deckgen("build", content, "-o", "out/uk.pptx")
    assert result.exit_code == 0
    assert (result.stderr, result.stdout) == (
        FRESH_WARNING,
        "wrote out/uk.pptx (4 slides)\n1 deck, 4 slides, 1 warning\n",
    )


def test_strict_fails_on_every_warning_not_only_the_locales(make_content, deckgen):
    content = make_content()
    Path("assets").rename("elsewhere")
    result = deckgen("validate", content, "--strict")
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/deck.yaml:7:11: no assets folder beside the content set: logo "
        "'logos/coalition.png' left out\n"
        "deck/deck.yaml:8:8: no assets folder beside the content set: theme 'coalition' "
        "replaced by deckgen's built-in theme\n"
    )
    assert deckgen("validate", content).exit_code == 0


def test_translated_locale_builds_with_ukrainian_plurals_and_tag(make_content, deckgen):
    issues = {
        f"issues/0{n}.yaml": VALID_ISSUE.replace("total: 10", f"total: {total}").replace(
            "implemented: 2\n    partially_implemented: 5\n    not_implemented: 3", "implemented: 1"
        )
        for n, total in enumerate((1, 2, 5), 1)
    }
    content = make_content({"deck.yaml": UK_DECK, "issues/01-a.yaml": None, **issues})
    LOCALE.parent.mkdir()
    LOCALE.write_text(ukrainian_labels(), encoding="utf-8")
    result = deckgen("build", content, "-o", "uk.pptx", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    deck = Presentation("uk.pptx")
    texts = [plain(t.text) for slide in deck.slides for t in slide._element.iter(qn("a:t"))]
    for line in (
        "3-й цикл УПО – 1 рекомендація",
        "3-й цикл УПО – 2 рекомендації",
        "3-й цикл УПО – 5 рекомендацій",
        "Дякуємо за увагу!",
    ):
        assert line in texts
    langs = {r_pr.get("lang") for slide in deck.slides for r_pr in slide._element.iter(qn("a:rPr"))}
    assert langs == {"uk-UA"}
    assert deck.core_properties.language == "uk-UA"


# --- locale files with mistakes --------------------------------------------------------------------


def fresh() -> str:
    return new_locale_text("uk")


@pytest.mark.parametrize(
    "edit, needle, message",
    [
        (
            lambda t: t.replace('"Issue {number}: {title}"', '"Issue {number}: {titel}"'),
            '"Issue {number}',
            "label 'issue' uses {titel}, which deckgen does not fill here; it fills {number}, {title}",
        ),
        (
            lambda t: t.replace('"out of {count}"', '"out of {count:d}"'),
            '"out of {count:d}"',
            "label 'chart_total' writes {count:d}; only plain placeholders such as {count} are allowed, without a "
            "format or conversion",
        ),
        (
            lambda t: t.replace('"out of {count}"', '"out of {count"'),
            '"out of {count"',
            "label 'chart_total' has an unpaired brace; write {{ or }} for a brace shown as is",
        ),
        (
            lambda t: t.replace('    few: "{n}rd"\n', '    two: "{n}nd"\n    few: "{n}rd"\n'),
            'two: "{n}nd"',
            "'two' is not an ordinal form of label 'ordinal' in 'uk'; its forms are few, other",
        ),
        (
            lambda t: t.replace(
                '  recommendation:\n    one: "recommendation"\n    few: "recommendations"\n',
                '  recommendation:\n    one: "recommendation"\n',
            ),
            "recommendation:",
            "label 'recommendation' lacks the plural form few of 'uk'",
        ),
        (
            lambda t: t.replace('  closing: "Thank you', '  closing:\n    one: "Thank you'),
            "closing:",
            "label 'closing' takes one piece of text",
        ),
        (
            lambda t: t.replace("tag: uk-UA", "tag: en-US"),
            "en-US",
            "tag 'en-US' is not a tag of 'uk' (the file's name); write uk-UA",
        ),
    ],
)
def test_a_mistake_in_a_locale_file_is_shown_at_its_line(make_content, deckgen, edit, needle, message):
    content = make_content({"deck.yaml": UK_DECK})
    text = edit(fresh())
    assert text != fresh()
    LOCALE.parent.mkdir()
    LOCALE.write_text(text, encoding="utf-8")
    at = line_col(text, needle)
    if needle == "closing:":  # at the value: the mapping given where text belongs
        line, _ = at.split(":")
        at = f"{int(line) + 1}:5"
    result = deckgen("validate", content)
    assert (result.exit_code, result.stderr) == (1, f"assets/locales/uk.yaml:{at}: {message}\n")


def test_unknown_and_missing_labels_are_named(make_content, deckgen):
    content = make_content({"deck.yaml": UK_DECK})
    text = fresh().replace("  closing:", "  closng:").replace('  to_fill: "[To be written]"', "")
    LOCALE.parent.mkdir()
    LOCALE.write_text(text, encoding="utf-8")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        f"assets/locales/uk.yaml:{line_col(text, 'labels:')}: missing labels closing, to_fill "
        f"(see deckgen/locale/en.yaml)\n"
        f"assets/locales/uk.yaml:{line_col(text, 'closng')}: unknown label 'closng'; "
        f"did you mean 'closing'?\n"
    )


def test_bad_yaml_in_a_locale_file_is_located(make_content, deckgen):
    content = make_content({"deck.yaml": UK_DECK})
    LOCALE.parent.mkdir()
    LOCALE.write_text(fresh().replace('  about: "about {count}"', '  about: "about {count}'), encoding="utf-8")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "assets/locales/uk.yaml:19:16: YAML syntax error: expected <block end>, but found '{' "
        "(while parsing a block mapping at line 8)\n"
    )


def test_a_copy_of_en_yaml_is_not_taken_for_ukrainian(make_content, deckgen):
    """The old way (copy en.yaml): English tag and English plural forms are errors at their lines."""
    content = make_content({"deck.yaml": UK_DECK})
    text = (LOCALE_DIR / "en.yaml").read_text(encoding="utf-8")
    LOCALE.parent.mkdir()
    LOCALE.write_text(text, encoding="utf-8")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"assets/locales/uk.yaml:{line_col(text, 'en-US')}: tag 'en-US' is not a tag of 'uk' "
        f"(the file's name); write uk-UA"
    )
    assert (
        f"assets/locales/uk.yaml:{line_col(text, 'recommendation:')}: label 'recommendation' lacks the "
        f"plural forms few, many of 'uk'"
    ) in lines
    assert (
        f"assets/locales/uk.yaml:{line_col(text, 'one: ' + chr(34) + '{n}st')}: 'one' is not an ordinal "
        f"form of label 'ordinal' in 'uk'; its forms are few, other"
    ) in lines


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_shipped_locales_pass_their_own_checks(language):
    from deckgen.locale import check_locale

    checked = check_locale(language)
    assert (checked.problems, checked.warnings) == ([], [])


def test_check_translation_warns_about_labels_still_in_english(make_content, deckgen, tmp_path):
    """A new language's labels are part of its translation: check-translation warns, and fails on a broken file."""
    import shutil

    content = make_content()
    shutil.copytree(content, "uk")
    Path("uk/deck.yaml").write_text(UK_DECK, encoding="utf-8")
    deckgen("locale", "new", "uk")
    result = deckgen("check-translation", content, "uk")
    assert result.exit_code == 0, result.output
    assert FRESH_WARNING in result.stderr
    LOCALE.write_text(fresh().replace("{title}", "{titel}"), encoding="utf-8")
    result = deckgen("check-translation", content, "uk")
    assert result.exit_code == 1
    assert "assets/locales/uk.yaml:14:10: label 'issue' uses {titel}, which deckgen does not fill here" in result.stderr


def test_xliff_into_a_new_language(make_content, deckgen):
    """A language with a locale in the assets folder is a target language; the import says its labels are English."""
    content = make_content()
    assert deckgen("xliff", "export", content, "-t", "uk", "-o", "uk.xlf").exit_code == 1
    deckgen("locale", "new", "uk")
    assert deckgen("xliff", "export", content, "-t", "uk", "-o", "uk.xlf").exit_code == 0
    tree = etree.parse("uk.xlf")
    for source in tree.iter(f"{{{NS}}}source"):
        target = etree.Element(f"{{{NS}}}target")
        target.text, target.tail = f"УК {source.text}", source.tail
        source.addnext(target)
    tree.write("uk-done.xlf", xml_declaration=True, encoding="UTF-8")
    result = deckgen("xliff", "import", "uk-done.xlf", content, "-o", "uk")
    assert result.exit_code == 0, result.output
    assert result.stderr == FRESH_WARNING
    assert result.stdout == "wrote uk (7 units, 7 differ from the source)\n1 content set, 7 units, 1 warning\n"
