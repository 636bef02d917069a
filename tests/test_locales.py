"""Locales: the cycle line, plural and ordinal forms a reader sees in each language, and locale files that match en."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from deckgen.content.text import text_values
from deckgen.locale import available_languages, load_locale
from deckgen.plan import wording
from deckgen.plan.specs import ChartSpec, TextSpec
from deckgen.plan.ties import plain
from deckgen.prepare import prepare

from conftest import REPORT

ROOT = Path(__file__).parents[1]
TOTALS = (1, 2, 3, 5, 9, 11, 21, 22, 40, 52, 101, 111)
CYCLES = tuple(range(1, 11))

# What the status slide says under the title, for a 3rd-cycle issue with each total.
CYCLE_LINES = {
    "en": {
        1: "3rd UPR cycle – 1 recommendation",
        2: "3rd UPR cycle – 2 recommendations",
        3: "3rd UPR cycle – 3 recommendations",
        5: "3rd UPR cycle – 5 recommendations",
        9: "3rd UPR cycle – 9 recommendations",
        11: "3rd UPR cycle – 11 recommendations",
        21: "3rd UPR cycle – 21 recommendations",
        22: "3rd UPR cycle – 22 recommendations",
        40: "3rd UPR cycle – 40 recommendations",
        52: "3rd UPR cycle – 52 recommendations",
        101: "3rd UPR cycle – 101 recommendations",
        111: "3rd UPR cycle – 111 recommendations",
    },
    "ru": {
        1: "3-й цикл УПО – 1 рекомендация",
        2: "3-й цикл УПО – 2 рекомендации",
        3: "3-й цикл УПО – 3 рекомендации",
        5: "3-й цикл УПО – 5 рекомендаций",
        9: "3-й цикл УПО – 9 рекомендаций",
        11: "3-й цикл УПО – 11 рекомендаций",
        21: "3-й цикл УПО – 21 рекомендация",
        22: "3-й цикл УПО – 22 рекомендации",
        40: "3-й цикл УПО – 40 рекомендаций",
        52: "3-й цикл УПО – 52 рекомендации",
        101: "3-й цикл УПО – 101 рекомендация",
        111: "3-й цикл УПО – 111 рекомендаций",
    },
    # A Kazakh noun after a number stays singular.
    "kk": {n: f"ӘКШ 3-циклі – {n} ұсыным" for n in TOTALS},
}

# The same with an approximate total: Russian "около" takes the genitive (около 21 рекомендации).
APPROXIMATE_CYCLE_LINES = {
    "en": {n: f"3rd UPR cycle – about {n} recommendation{'' if n == 1 else 's'}" for n in TOTALS},
    "ru": {
        1: "3-й цикл УПО – около 1 рекомендации",
        2: "3-й цикл УПО – около 2 рекомендаций",
        3: "3-й цикл УПО – около 3 рекомендаций",
        5: "3-й цикл УПО – около 5 рекомендаций",
        9: "3-й цикл УПО – около 9 рекомендаций",
        11: "3-й цикл УПО – около 11 рекомендаций",
        21: "3-й цикл УПО – около 21 рекомендации",
        22: "3-й цикл УПО – около 22 рекомендаций",
        40: "3-й цикл УПО – около 40 рекомендаций",
        52: "3-й цикл УПО – около 52 рекомендаций",
        101: "3-й цикл УПО – около 101 рекомендации",
        111: "3-й цикл УПО – около 111 рекомендаций",
    },
    "kk": {n: f"ӘКШ 3-циклі – шамамен {n} ұсыным" for n in TOTALS},
}

# The cycle line of a 9-recommendation issue in cycles 1 to 10.
ORDINAL_LINES = {
    "en": ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th"],
    "ru": [f"{n}-й" for n in CYCLES],
    # Kazakh writes an ordinal in digits with a hyphen and no suffix: 3-циклі, 174-бап.
    "kk": [f"{n}-" for n in CYCLES],
}
ORDINAL_TEMPLATES = {
    "en": "{} UPR cycle – 9 recommendations",
    "ru": "{} цикл УПО – 9 рекомендаций",
    "kk": "ӘКШ {}циклі – 9 ұсыным",
}

CHART_TOTALS = {
    "en": ("out of 9", "out of about 40"),
    "ru": ("из 9", "примерно из 40"),
    "kk": ("барлығы 9", "барлығы шамамен 40"),
}


def write_deck(folder: Path, language: str, issues: list[dict]) -> Path:
    """Return FOLDER holding a deck in LANGUAGE with one issue file per entry of ISSUES (review fields)."""
    (folder / "issues").mkdir(parents=True)
    deck = {
        "language": language,
        "title": "Deck",
        "country": "Testland",
        "cycle": 4,
        "presenters": [{"name": "Coalition"}],
    }
    (folder / "deck.yaml").write_text(yaml.safe_dump(deck, allow_unicode=True), encoding="utf-8")
    for number, review in enumerate(issues, 1):
        issue = {"title": f"Rights {number}", "review": review, "recommendations": ["Do it."]}
        (folder / "issues" / f"{number:02}.yaml").write_text(yaml.safe_dump(issue), encoding="utf-8")
    return folder


def status_slides(plan) -> list:
    return [s for s in plan.slides if s.kind == "status"]


def subtitle(slide) -> str:
    (line,) = [e for e in slide.elements if isinstance(e, TextSpec) and e.role == "subtitle"]
    return plain(" ".join(p.text for p in line.paragraphs))


def chart(slide) -> ChartSpec:
    (found,) = [e for e in slide.elements if isinstance(e, ChartSpec)]
    return found


@pytest.fixture(scope="module", params=["en", "ru", "kk"])
def totals_deck(request, tmp_path_factory):
    """(language, status slides): one issue per total in TOTALS, then the same totals approximate."""
    language = request.param
    reviews = [{"cycle": 3, "total": n} for n in TOTALS] + [
        {"cycle": 3, "total": n, "approximate": True} for n in TOTALS
    ]
    folder = write_deck(tmp_path_factory.mktemp(f"totals-{language}"), language, reviews)
    return language, status_slides(prepare(folder).plan)


def test_cycle_line_says_the_total_with_the_right_noun_form(totals_deck):
    language, slides = totals_deck
    assert [subtitle(s) for s in slides[: len(TOTALS)]] == [CYCLE_LINES[language][n] for n in TOTALS]


def test_an_approximate_total_reads_about_n(totals_deck):
    language, slides = totals_deck
    assert [subtitle(s) for s in slides[len(TOTALS) :]] == [APPROXIMATE_CYCLE_LINES[language][n] for n in TOTALS]


def test_chart_total_line_in_each_language(totals_deck):
    language, slides = totals_deck
    exact, approximate = CHART_TOTALS[language]
    assert chart(slides[TOTALS.index(9)]).total_text == exact
    assert chart(slides[len(TOTALS) + TOTALS.index(40)]).total_text == approximate


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_cycle_ordinals_1_to_10(language, tmp_path):
    folder = write_deck(tmp_path / "deck", language, [{"cycle": n, "total": 9} for n in CYCLES])
    lines = [subtitle(s) for s in status_slides(prepare(folder).plan)]
    assert lines == [ORDINAL_TEMPLATES[language].format(o) for o in ORDINAL_LINES[language]]


def test_the_shipped_russian_and_kazakh_decks_say_their_totals():
    ru = [subtitle(s) for s in status_slides(prepare(ROOT / "content" / "ru", options=REPORT).plan)]
    assert ru == [
        "3-й цикл УПО – 9 рекомендаций",
        "3-й цикл УПО – около 40 рекомендаций",
        "3-й цикл УПО – 52 рекомендации",
    ]
    kk = [subtitle(s) for s in status_slides(prepare(ROOT / "content" / "kk", options=REPORT).plan)]
    assert kk == ["ӘКШ 3-циклі – 9 ұсыным", "ӘКШ 3-циклі – шамамен 40 ұсыным", "ӘКШ 3-циклі – 52 ұсыным"]


@pytest.mark.parametrize(
    "language, start",
    [
        ("en", "1 implemented, 3 partially – e.g.,"),
        ("ru", "1 выполнена, 3 частично – например,"),
        ("kk", "1 орындалған, 3 ішінара – мысалы,"),
    ],
)
def test_combined_status_heading_names_each_count_not_1_slash_3(language, start):
    plan = prepare(ROOT / "content" / language, options=REPORT).plan
    first_status = status_slides(plan)[0]
    body = " ".join(
        p.text for e in first_status.elements if isinstance(e, TextSpec) and e.role == "body" for p in e.paragraphs
    )
    assert plain(body).startswith(start)


@pytest.mark.parametrize(
    "language, counts, text",
    [
        ("en", [("implemented", 1), ("partially_implemented", 3)], "1 implemented, 3 partially"),
        ("ru", [("implemented", 1), ("partially_implemented", 3)], "1 выполнена, 3 частично"),
        ("ru", [("implemented", 2), ("not_implemented", 5)], "2 выполнены, 5 не выполнено"),
        ("ru", [("implemented", 21), ("not_implemented", 22)], "21 выполнена, 22 не выполнены"),
        ("ru", [("implemented", 11), ("not_implemented", 1)], "11 выполнено, 1 не выполнена"),
        ("kk", [("implemented", 2), ("not_implemented", 5)], "2 орындалған, 5 орындалмаған"),
    ],
)
def test_status_counts_take_the_plural_form_of_their_number(language, counts, text):
    assert wording.status_counts(load_locale(language), counts) == text


# --- the locale files ---------------------------------------------------------------------------------

TAGS = {"en": "en-US", "ru": "ru-RU", "kk": "kk-KZ"}


def test_shipped_languages_and_their_tags():
    assert available_languages() == sorted(TAGS)
    assert {language: load_locale(language).tag for language in TAGS} == TAGS


def placeholders(label) -> dict:
    """Return {form: set of placeholder names} of a label (a string, or a dict of plural forms)."""
    forms = label if isinstance(label, dict) else {"": label}
    return {form: {name for _, name, _, _ in string.Formatter().parse(text) if name} for form, text in forms.items()}


@pytest.mark.parametrize("language", sorted(set(TAGS) - {"en"}))
def test_locale_has_exactly_the_english_labels_and_placeholders(language):
    english, other = load_locale("en").labels, load_locale(language).labels
    assert sorted(other) == sorted(english)
    for key, label in english.items():
        theirs = placeholders(other[key])
        assert isinstance(other[key], dict) == isinstance(label, dict), key
        for names in theirs.values():
            assert names == set().union(*placeholders(label).values()), (key, names)


@pytest.mark.parametrize("language", list(TAGS))
def test_plural_labels_use_only_the_forms_babel_knows(language):
    """Every form is one Babel can pick for the language (or "other", the fallback), and "other" is there."""
    import babel

    rules = babel.Locale.parse(language)
    locale = load_locale(language)
    for key, rule in (
        ("recommendation", rules.plural_form),
        ("recommendation_about", rules.plural_form),
        ("ordinal", rules.ordinal_form),
    ):
        forms = set(locale.labels[key])
        assert "other" in forms and forms <= set(rule.tags) | {"other"}, (language, key, forms)


# --- the translated content sets ----------------------------------------------------------------------


def skeleton(data, texts: set):
    """Return DATA with every text value (key paths in TEXTS) replaced by "<text>"."""

    def walk(value, path):
        if isinstance(value, dict):
            return {k: walk(v, path + (k,)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, path + (i,)) for i, v in enumerate(value)]
        return "<text>" if path in texts else value

    return walk(data, ())


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_translation_changes_text_values_only(language):
    english_dir, translated_dir = ROOT / "content" / "en", ROOT / "content" / language
    english_files = sorted(p.relative_to(english_dir) for p in english_dir.rglob("*.yaml"))
    assert sorted(p.relative_to(translated_dir) for p in translated_dir.rglob("*.yaml")) == english_files
    for relative in english_files:
        english_text = (english_dir / relative).read_text(encoding="utf-8")
        translated_text = (translated_dir / relative).read_text(encoding="utf-8")
        assert translated_text.splitlines()[0] == english_text.splitlines()[0], relative
        english, translated = yaml.safe_load(english_text), yaml.safe_load(translated_text)
        english_texts, translated_texts = dict(text_values(english)), dict(text_values(translated))
        assert translated_texts.keys() == english_texts.keys(), relative
        untranslated = [p for p, t in english_texts.items() if translated_texts[p] == t]
        assert not untranslated, (relative, untranslated)
        if "language" in english:
            assert translated.pop("language") == language
            english.pop("language")
        assert skeleton(translated, set(translated_texts)) == skeleton(english, set(english_texts)), relative
