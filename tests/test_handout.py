"""The handout: one A4 page per issue that stands alone (header, footer, page numbers), one body size in every
language, no paragraph split around the chart, an annex table, typeset by Typst (no LibreOffice) as PDF/UA-1."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import yaml

from deckgen.load import load_content
from deckgen.locale import load_locale
from deckgen.plan.handout import plan_handout, sentences
from deckgen.plan.ties import tied_spans

ROOT = Path(__file__).parents[1]
LONG = ROOT / "tests" / "fixtures" / "long"
ANNEX = ROOT / "tests" / "fixtures" / "annex"
LANGUAGES = {"en": "en-US", "ru": "ru-RU", "kk": "kk-KZ"}
HEADERS = {
    "en": "Republic of Kazakhstan · UPR 4th cycle · UPR pre-session",
    "ru": "Республика Казахстан · 4-й цикл УПО · Предсессия УПО",
    "kk": "Қазақстан Республикасы · ӘКШ 4-циклі · ӘКШ алдын ала сессиясы",
}
PAGE_LABELS = {"en": "page {page} of {pages}", "ru": "стр. {page} из {pages}", "kk": "{pages} беттің {page}-беті"}
A4 = (595.28, 841.89)


def normal(text: str) -> str:
    """Return TEXT with every run of white space one space."""
    return " ".join(text.split())


def letters(text: str) -> str:
    """Return only TEXT's letters: what survives line breaks, hyphenation, bullets and numbering."""
    return "".join(ch for ch in text if ch.isalpha())


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, Path]:
    """Return language -> the handout PDF `deckgen handout content` writes."""
    from click.testing import CliRunner

    from deckgen.cli import cli

    out = tmp_path_factory.mktemp("handouts")
    result = CliRunner().invoke(cli, ["handout", str(ROOT / "content"), "-o", str(out)], prog_name="deckgen")
    assert result.exit_code == 0, result.output
    assert (
        len(re.findall(r"^wrote .*-handout\.pdf \(3 issues, 3 A4 pages, body [\d.]+ pt\)$", result.stdout, re.M)) == 3
    ), result.stdout
    return {pdf.name.split("-")[-2]: pdf for pdf in out.glob("*.pdf")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_a4_with_the_country_cycle_coalition_and_page_number(handouts, language):
    """A page handed over alone says which State, which review, who wrote it and where it sits in the handout."""
    with pdfplumber.open(handouts[language]) as pdf:
        assert len(pdf.pages) == 3
        for number, page in enumerate(pdf.pages, 1):
            assert (round(page.width, 2), round(page.height, 2)) == A4
            lines = [normal(line["text"]) for line in page.extract_text_lines()]
            assert lines[0] == HEADERS[language]
            footer = lines[-1]
            assert footer.startswith("Kazakhstani NGOs Coalition on UPR" if language == "en" else "")
            assert footer.endswith(PAGE_LABELS[language].format(page=number, pages=3)), footer


def test_the_header_names_the_event_and_date_and_the_footer_the_contact(make_content, deckgen, tmp_path):
    make_content({"deck.yaml": DECK_WITH_EVENT})
    result = deckgen("handout", "deck", "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    with pdfplumber.open("h.pdf") as pdf:
        lines = [normal(line["text"]) for line in pdf.pages[0].extract_text_lines()]
    assert lines[0] == "Republic of Kazakhstan · UPR 4th cycle · Pre-session, Geneva · 5 March 2025"
    assert lines[-1] == "Kazakhstani NGOs Coalition on UPR · upr@example.org page 1 of 1"


DECK_WITH_EVENT = """\
language: en
title: Test deck
country: Republic of Kazakhstan
cycle: 4
short_name: Kazakhstani NGOs Coalition on UPR
presenters:
  - name: Kazakhstani NGOs Coalition on Universal Periodic Review (UPR)
    logo: logos/coalition.png
theme: coalition
event: Pre-session, Geneva
date: 5 March 2025
contact: upr@example.org
"""


def test_a_handout_without_contact_warns_at_deck_yaml(make_content, deckgen):
    make_content()
    result = deckgen("handout", "deck", "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "deck/deck.yaml:1:1: warning: no contact line (deck.yaml `contact:`): the handout's "
        "footer cannot tell a diplomat whom to ask\n"
    )


def _sizes(pdf_path: Path) -> Counter:
    """Return how many characters of each size (in tenths of a point) the handout's pages have."""
    with pdfplumber.open(pdf_path) as pdf:
        return Counter(round(char["size"], 1) for page in pdf.pages for char in page.chars)


FIXED_SIZES = {18.0: "issue title", 10.5: "cycle line", 9.5: "chart labels", 8.5: "header, footer, masthead"}


def test_one_body_size_in_every_language_and_chart_labels_of_at_least_9_pt(handouts):
    """The body (and its headings, a point larger) has one size on every page and in every language."""
    body = {}
    for language, path in handouts.items():
        sizes = _sizes(path)
        body[language] = sizes.most_common(1)[0][0]
        assert set(sizes) == set(FIXED_SIZES) | {body[language], body[language] + 1}, (language, sizes)
        assert min(sizes) >= 8.5
    assert len(set(body.values())) == 1, body
    assert 9 <= body["en"] <= 12


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_paragraph_or_list_is_split_between_the_column_beside_the_chart_and_the_band_under_it(handouts, language):
    """The text beside the chart is a run of whole blocks; the band under it starts with the next block."""
    loaded = load_content(ROOT / "content" / language)
    locale = load_locale(language)
    doc = plan_handout(loaded.content, loaded.theme, locale, loaded.logos)
    with pdfplumber.open(handouts[language]) as pdf:
        for page, issue in zip(pdf.pages, doc.issues):
            chart = [c for c in page.chars if round(c["size"], 1) == 9.5]
            right, top, bottom = (
                max(c["x1"] for c in chart),
                min(c["top"] for c in chart),
                max(c["bottom"] for c in chart),
            )
            column = letters(page.crop((right + 1, top - 6, page.width, bottom + 2)).extract_text())
            band = letters(page.crop((0, bottom + 2, page.width, page.height - 70)).extract_text())
            blocks = [letters(_block_text(block)) for block in issue.blocks]
            prefixes = ["".join(blocks[:k]) for k in range(len(blocks) + 1)]
            assert column in prefixes, (language, issue.number, column)
            assert column + band == prefixes[-1], (language, issue.number)


def _block_text(block) -> str:
    parts = [block.heading.text if block.heading else "", block.text.text if block.text else ""]
    return " ".join(parts + [item.text for item in block.items])


def test_no_line_breaks_inside_a_date_a_number_or_after_a_one_letter_word():
    text = "ратифицирован Законом Республики Казахстан от 19 декабря 2023 года (№ 47-VIII) и в детских учреждениях"
    spans = [text[s:e] for s, e in tied_spans(text)]
    assert spans == ["19 декабря 2023 года", "(№ 47-VIII)", "и в детских"]
    english = "on 19 December 2023 (No. 47-VIII)."
    assert [english[s:e] for s, e in tied_spans(english)] == ["19 December 2023", "(No. 47-VIII)."]


def test_the_handout_keeps_19_december_2023_on_one_line(handouts):
    with pdfplumber.open(handouts["en"]) as pdf:
        text = pdf.pages[1].extract_text()
    assert "19 December 2023" in normal(text.replace("\n", " "))
    assert not re.search(r"19 December\n2023|19\nDecember", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_is_tagged_in_its_language_with_fonts_embedded_and_alt_texts(handouts, language):
    with pikepdf.open(handouts[language]) as pdf:
        assert str(pdf.Root.Lang) == LANGUAGES[language]
        assert pdf.Root.MarkInfo.Marked
        alts = [str(obj.Alt) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj]
        fonts = [
            obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        ]
    assert fonts and all(any(k in f for k in ("/FontFile", "/FontFile2", "/FontFile3")) for f in fonts)
    logo_alt = {"en": "Logo of", "ru": "Логотип", "kk": "логотип"}[language]
    assert sum(logo_alt.lower() in a.lower() for a in alts) >= 6, alts  # two logos a page
    charts = [a for a in alts if "1" in a and "9" in a or "40" in a]
    assert charts, alts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_passes_the_machine_checkable_pdf_ua_1_checks(handouts, language):
    from pdfua import Severity, validate

    report = validate(str(handouts[language]))
    assert [f for f in report.findings if f.severity >= Severity.WARNING] == []
    assert report.exit_code == 0


def test_findings_are_shortened_in_whole_sentences_with_a_warning(deckgen, tmp_path):
    """The long fixture's long issue fits one page by dropping whole sentences: each is on the page or not at all."""
    shutil.copytree(LONG, tmp_path / "long")
    shutil.copytree(ROOT / "assets", tmp_path / "assets", ignore=shutil.ignore_patterns("*.py", "*.md"))
    result = deckgen("handout", tmp_path / "long", "-o", tmp_path / "h.pdf")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"01-freedom-of-expression\.yaml:\d+:\d+: warning: issue 1 'Issue 1: Freedom of Expression and "
        r"Access to Information': its findings are shortened \(whole sentences\) to fit one page of the "
        r"handout",
        result.stderr,
    ), result.stderr
    with pdfplumber.open(tmp_path / "h.pdf") as pdf:
        assert len(pdf.pages) == 2
        text = letters(pdf.pages[0].extract_text())
    loaded = load_content(tmp_path / "long")
    kept = dropped = 0
    for finding in loaded.content.issues[0].review.findings:
        for paragraph in finding.text:
            present = [letters(s) in text for s in sentences(paragraph)]
            assert present == sorted(present, reverse=True), paragraph  # a prefix of whole sentences stays
            kept += sum(present)
            dropped += present.count(False)
    assert kept and dropped
    for recommendation in loaded.content.issues[0].recommendations:
        assert letters(recommendation) in text


def test_the_annex_lists_every_tracked_recommendation_with_its_header_on_every_page(deckgen, tmp_path):
    shutil.copytree(ANNEX, tmp_path / "annex")
    shutil.copytree(ROOT / "assets", tmp_path / "assets", ignore=shutil.ignore_patterns("*.py", "*.md"))
    result = deckgen("handout", tmp_path / "annex", "--annex", "-o", tmp_path / "h.pdf")
    assert result.exit_code == 0, result.output
    loaded = load_content(tmp_path / "annex")
    issues = len(loaded.content.issues)
    ids = [r.id for issue in loaded.content.issues for r in issue.review.recommendations]
    with pdfplumber.open(tmp_path / "h.pdf") as pdf:
        annex_pages = pdf.pages[issues:]
        assert annex_pages
        text = "\n".join(page.extract_text() for page in annex_pages)
        for page in annex_pages:  # the header row, repeated
            words = [w["text"] for w in page.extract_words()]
            assert {"No.", "Recommendation", "Recommending", "States", "Response", "Status"} <= set(words)
        sizes = {round(c["size"], 1) for page in annex_pages for c in page.chars if 60 < c["top"] < page.height - 70}
    for tracked in ids:
        assert re.search(rf"^{re.escape(tracked)} ", text, re.M), tracked
    assert 9 <= min(sizes) and max(sizes) <= 18


def test_a_handout_is_made_with_no_libreoffice_on_path(make_content, deckgen, monkeypatch, tmp_path):
    make_content()
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("soffice") is None
    result = deckgen("handout", "deck", "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    assert Path("h.pdf").read_bytes().startswith(b"%PDF-")


def test_content_is_printed_as_typed_never_read_as_markup(make_content, deckgen):
    """A '#', '$' or '*' in the content is text: Typst code in a finding is printed, not run."""
    make_content({"issues/01-a.yaml": ISSUE_WITH_MARKUP})
    result = deckgen("handout", "deck", "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    with pdfplumber.open("h.pdf") as pdf:
        text = normal(pdf.pages[0].crop((200, 0, pdf.pages[0].width, 400)).extract_text())
    assert '#read("/etc/x") $x$ *b*' in text


ISSUE_WITH_MARKUP = """\
title: Markup
review:
  cycle: 3
  total: 2
  counts: {implemented: 1, not_implemented: 1}
  findings:
    - status: implemented
      summary: '#read("/etc/x") $x$ *b*'
recommendations:
  - Do it.
"""


def test_the_same_content_gives_the_same_pdf(make_content, deckgen):
    make_content()
    assert deckgen("handout", "deck", "-o", "a.pdf").exit_code == 0
    assert deckgen("handout", "deck", "-o", "b.pdf").exit_code == 0
    assert Path("a.pdf").read_bytes() == Path("b.pdf").read_bytes()


def test_handout_output_must_be_a_pdf(make_content, deckgen):
    make_content()
    result = deckgen("handout", "deck", "-o", "h.pptx")
    assert result.exit_code == 1
    assert result.stderr == "h.pptx: the handout must be a .pdf file\n"


def test_a_handout_never_writes_over_its_input(make_content, deckgen):
    make_content()
    before = Path("deck/deck.yaml").read_bytes()
    result = deckgen("handout", "deck", "-o", "deck/issues/x.pdf")
    assert result.exit_code == 1
    assert "it never writes over its input" in result.stderr
    assert Path("deck/deck.yaml").read_bytes() == before and not Path("deck/issues/x.pdf").exists()


def test_shipped_handouts_recommendations_are_all_there(handouts):
    for language, path in handouts.items():
        loaded = load_content(ROOT / "content" / language)
        with pdfplumber.open(path) as pdf:
            pages = [letters(page.extract_text()) for page in pdf.pages]
        for page, issue in zip(pages, loaded.content.issues):
            for recommendation in issue.recommendation_texts:
                assert letters(recommendation) in page, (language, recommendation[:40])


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_contact_too_long_for_the_footer_is_refused_at_its_line(make_content, deckgen):
    make_content({"deck.yaml": DECK_WITH_EVENT.replace("contact: upr@example.org", "contact: " + "x" * 2000)})
    result = deckgen("handout", "deck", "-o", "h.pdf")
    assert result.exit_code == 1
    assert re.fullmatch(
        r"deck/deck\.yaml:12:10: too long for the handout's footer, which every page repeats on at "
        r"most two lines: shorten it \(the whole footer holds about \d+ characters\)\n",
        result.stderr,
    )
    assert not Path("h.pdf").exists()


def test_a_long_event_wraps_the_header_to_two_lines_without_running_into_the_page(make_content, deckgen):
    event = "Pre-session of the Universal Periodic Review organised by UPR Info, Palais des Nations, Room XXIV, Geneva"
    make_content({"deck.yaml": DECK_WITH_EVENT.replace("Pre-session, Geneva", event)})
    result = deckgen("handout", "deck", "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    with pdfplumber.open("h.pdf") as pdf:
        page = pdf.pages[0]
        header = [line for line in page.extract_text_lines() if line["bottom"] < 60]
        assert normal(" ".join(line["text"] for line in header)).startswith("Republic of Kazakhstan · UPR 4th cycle")
        assert len(header) == 2 and header[0]["top"] > 10
        assert max(line["bottom"] for line in header) < min(c["top"] for c in page.images) if page.images else True


NOT_REPORTED = {"en": "number not reported", "ru": "число не указано", "kk": "саны көрсетілмеген"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_chart_names_the_statuses_the_slides_chart_does(handouts, language):
    """Women's rights gives no count for 'partially' and 'not implemented', which its findings discuss: the
    handout's chart shows both as 'number not reported', as the slide's chart does, not only the counted bars."""
    with pdfplumber.open(handouts[language]) as pdf:
        women = normal(pdf.pages[2].extract_text())
        others = [normal(page.extract_text()) for page in pdf.pages[:2]]
    assert women.count(NOT_REPORTED[language]) == 2, women[:400]
    assert not any(NOT_REPORTED[language] in page for page in others)
