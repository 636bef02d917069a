"""The handout: one A4 page per issue, every recommendation on it, findings shortened in whole sentences,
a continued second page when the recommendations alone need it; a tagged PDF in every language."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from deckgen.content.sets import content_sets
from deckgen.handout import plan_prepared
from deckgen.plan.handout import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, sentences
from deckgen.plan.lines import plain
from deckgen.plan.specs import Role, TextSpec
from deckgen.prepare import prepare

ROOT = Path(__file__).parents[1]
LONG = ROOT / "tests" / "fixtures" / "long"


def normal(text: str) -> str:
    """Return TEXT with every run of white space one space."""
    return " ".join(text.split())


def pdf_text(page) -> str:
    """Return a PDF page's text, white space normalised; a line broken after a hyphen is joined back."""
    return re.sub(r"(?<=\w-) (?=\w)", "", normal(page.extract_text()))


def page_text(slide) -> str:
    """Return the body text of a planned handout page, its paragraphs joined by spaces."""
    return normal(" ".join(p.text for e in slide.elements if isinstance(e, TextSpec) and e.role == Role.BODY
                           for p in e.paragraphs))


def numbered(slides) -> list[tuple[str, str]]:
    """Return the numbered paragraphs (the recommendations) of SLIDES: (number, text), in order."""
    return [(p.bullet, normal(plain(p.text))) for s in slides for e in s.elements
            if isinstance(e, TextSpec) and e.role == Role.BODY for p in e.paragraphs
            if p.bullet and p.bullet[0].isdigit()]


@pytest.fixture(scope="module")
def long_with_many_recommendations(tmp_path_factory) -> Path:
    """Return a copy of the long fixture whose long issue has 36 recommendations, with the repo's assets beside it."""
    root = tmp_path_factory.mktemp("handout")
    content = root / "long"
    shutil.copytree(LONG, content)
    shutil.copytree(ROOT / "assets", root / "assets", ignore=shutil.ignore_patterns("*.py", "*.md"))
    path = content / "issues" / "01-freedom-of-expression.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["recommendations"] = [f"{text.rstrip('.')} (step {k})." for k in (1, 2, 3) for text in data["recommendations"]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return content


# -- the plan: no LibreOffice ----------------------------------------------------------------------------


def test_shipped_sets_plan_one_page_per_issue_with_every_recommendation():
    """content/en, ru and kk: one page per issue, each recommendation numbered as in the deck."""
    for content_dir in content_sets(ROOT / "content"):
        prepared = prepare(content_dir)
        plan = plan_prepared(prepared)
        issues = prepared.loaded.content.issues
        assert plan.pages_per_issue == (1,) * len(issues), content_dir
        assert len(plan.deck.slides) == len(issues)
        for slide, issue in zip(plan.deck.slides, issues):
            assert numbered([slide]) == [(f"{n}.", normal(r)) for n, r in enumerate(issue.recommendations, 1)]
        assert (plan.deck.width, plan.deck.height) == (pytest.approx(595.28, abs=0.01), pytest.approx(841.89, abs=0.01))


def test_findings_are_shortened_in_whole_sentences():
    """The long fixture's long issue fits one page by dropping whole sentences: each is on the page or not at all."""
    prepared = prepare(LONG)
    plan = plan_prepared(prepared)
    assert plan.pages_per_issue == (1, 1) and plan.shortened == (True, False)
    text = page_text(plan.deck.slides[0])
    review = prepared.loaded.content.issues[0].review
    kept = dropped = 0
    for finding in review.findings:
        for paragraph in finding.text:
            present = [normal(s) in text for s in sentences(paragraph)]
            # A prefix of each paragraph's sentences stays, whole.
            assert present == sorted(present, reverse=True), paragraph
            for sentence, shown in zip(sentences(paragraph), present):
                if not shown:
                    assert " ".join(sentence.split()[:6]) not in text, sentence
            kept += sum(present)
            dropped += present.count(False)
    assert kept and dropped
    for number, recommendation in enumerate(prepared.loaded.content.issues[0].recommendations, 1):
        assert (f"{number}.", normal(recommendation)) in numbered(plan.deck.slides[:1])


def test_recommendations_that_do_not_fit_continue_on_a_second_page(long_with_many_recommendations):
    """36 recommendations: the findings are cut to their headings, then the recommendations go on overleaf."""
    prepared = prepare(long_with_many_recommendations)
    plan = plan_prepared(prepared)
    assert plan.pages_per_issue == (2, 1) and plan.shortened[0]
    first, second = plan.deck.slides[:2]
    recommendations = prepared.loaded.content.issues[0].recommendations
    assert numbered([first, second]) == [(f"{n}.", normal(r)) for n, r in enumerate(recommendations, 1)]
    assert numbered([first]) and numbered([second])
    assert second.title_text == "Issue 1: Freedom of Expression and Access to Information (continued)"
    marks = [p.text for e in first.elements if isinstance(e, TextSpec) and e.role == Role.NOTE for p in e.paragraphs]
    assert marks == ["Continued on the next page"]


# -- the PDF: LibreOffice ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> dict[str, Path]:
    """Return language -> the handout PDF `deckgen handout content` writes."""
    from click.testing import CliRunner

    from deckgen.cli import cli

    out = tmp_path_factory.mktemp("handouts")
    result = CliRunner().invoke(cli, ["handout", str(ROOT / "content"), "-o", str(out)], prog_name="deckgen")
    assert result.exit_code == 0, result.output
    assert len(re.findall(r"^wrote .*-handout\.pdf \(3 issues, 3 A4 pages\)$", result.stdout, re.M)) == 3
    return {pdf.name.split("-")[-2]: pdf for pdf in out.glob("*.pdf")}


LANGUAGES = {"en": "en-US", "ru": "ru-RU", "kk": "kk-KZ"}


@pytest.mark.realclient
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_pdf_has_an_a4_page_per_issue_with_every_recommendation(handouts, language):
    """One A4 page per issue; every recommendation's text on its issue's page; every glyph inside the margins."""
    import pdfplumber

    prepared = prepare(ROOT / "content" / language)
    issues = prepared.loaded.content.issues
    with pdfplumber.open(handouts[language]) as pdf:
        assert len(pdf.pages) == len(issues)
        for page, issue in zip(pdf.pages, issues):
            assert (page.width, page.height) == (pytest.approx(PAGE_WIDTH, abs=0.5),
                                                 pytest.approx(PAGE_HEIGHT, abs=0.5))
            text = pdf_text(page)
            assert normal(issue.title) in text
            for recommendation in issue.recommendations:
                assert normal(recommendation) in text
            outside = [c["text"] for c in page.chars if c["text"].strip() and (
                c["x0"] < MARGIN - 2 or c["x1"] > PAGE_WIDTH - MARGIN + 2
                or c["top"] < MARGIN - 2 or c["bottom"] > PAGE_HEIGHT - MARGIN + 2)]
            assert outside == []


@pytest.mark.realclient
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_pdf_is_tagged_in_its_language_with_fonts_embedded(handouts, language):
    """Tagged PDF: /Lang is the deck's language, the chart a Figure with alt text; every font embedded."""
    import pdfplumber

    with pdfplumber.open(handouts[language]) as pdf:
        catalog = pdf.doc.catalog
        assert catalog["Lang"] == LANGUAGES[language].encode()
        assert "StructTreeRoot" in catalog and catalog["MarkInfo"]["Marked"] is True
    raw = handouts[language].read_bytes()
    assert raw.count(b"/S/Figure") >= 3 and raw.count(b"/Alt") >= 3
    fonts = subprocess.run(["pdffonts", str(handouts[language])], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts.stdout


@pytest.mark.realclient
def test_a_long_issue_takes_two_pages_marked_continued_and_says_so(long_with_many_recommendations, deckgen, tmp_path):
    """The long issue: two pages, "continued" on both, every recommendation once; the command says so."""
    import pdfplumber

    out = tmp_path / "long.pdf"
    result = deckgen("handout", long_with_many_recommendations, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        "  issue 1 'Freedom of Expression and Access to Information': its recommendations continue on a second "
        "page, marked continued; its findings' text is shortened to the headings"]
    recommendations = prepare(long_with_many_recommendations).loaded.content.issues[0].recommendations
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 3
        first, second = (pdf_text(page) for page in pdf.pages[:2])
    assert "Continued on the next page" in first
    assert "Issue 1: Freedom of Expression and Access to Information (continued)" in second
    both = first + " " + second
    for recommendation in recommendations:
        assert both.count(normal(recommendation)) == 1, recommendation


def test_handout_output_must_be_a_pdf(make_content, deckgen):
    """-o for one content set names a .pdf; anything else is an error before any work."""
    result = deckgen("handout", make_content(), "-o", "handout.pptx")
    assert result.exit_code == 1
    assert result.stderr == "handout.pptx: the handout must be a .pdf file\n"


def test_handout_without_libreoffice_says_how_to_get_it(make_content, deckgen, monkeypatch):
    """No soffice on PATH: exit 1 naming the command and the package, before any work."""
    monkeypatch.setattr("deckgen.render.pdf.soffice_path", lambda: None)
    result = deckgen("handout", make_content(), "-o", "handout.pdf")
    assert result.exit_code == 1
    assert result.stderr == ("deckgen handout needs LibreOffice, and no 'soffice' is on PATH; install it "
                             "(Debian/Ubuntu: sudo apt-get install libreoffice-impress)\n")
    assert not Path("handout.pdf").exists()
