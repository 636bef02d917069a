"""The handout's fitting and Kazakh hyphenation: the largest body size found in few Typst layouts and remembered,
Kazakh words broken between syllables, and what a reader copies from a Kazakh handout is what was typed."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

import deckgen.plan.hyphenation as hyphenation
from deckgen.handout import _locale, write_handouts
from deckgen.load import load_content, load_sets
from deckgen.plan.handout import BODY_SIZES, plan_handout
from deckgen.plan.hyphenation import kazakh_breaks, soft_breaks
from deckgen.render import handout as typeset

ROOT = Path(__file__).parents[1]


def hyphenate(word: str) -> str:
    """Return WORD with a hyphen at every break kazakh_breaks allows."""
    out, last = [], 0
    for at in kazakh_breaks(word):
        out.append(word[last:at])
        last = at
    return "-".join([*out, word[last:]])


@pytest.mark.parametrize(
    "syllables",
    [
        "Ба-ла-лар-ды",
        "жө-нін-де-гі",
        "заң-на-ма-ның",  # VCCV -> VC-CV
        "мем-ле-кет-тік",
        "Қа-зақс-тан",  # VCCCV -> VCC-CV
        "ор-ган-дар-дың",
        "ұсы-ным-дар",
        "орын-дал-ды",  # no single letter left at a line's end (о-рын)
        "сақ-та-луы",  # nor carried (сақталу-ы)
        "са-уал-на-ма",  # у after a vowel is a glide: not сау-ал
        "ау-да-ны",
        "бо-йын-ша",  # a consonant before a vowel starts the syllable
        "ти-іс-ті",  # two vowels: two syllables
        "жи-на-лыс",  # и after a consonant is a vowel
        "компь-ю-тер",  # never a break before ь
        "ауыл",  # а-уыл would leave one letter
        "қорғ",  # fewer than five letters
        "ӘКШ",  # an abbreviation
        "ҚазҰУ",
    ],
)
def test_kazakh_words_break_between_syllables(syllables):
    assert hyphenate(syllables.replace("-", "")) == syllables


def test_numbers_codes_urls_and_addresses_are_never_broken_and_other_languages_are_left_to_typst():
    text = "2023 жылғы № 47-VIII Заңы, www.upr.kz/ұсынымдар, upr@коалиция.kz, Қазақстанның туралы"
    breaks = soft_breaks(text, "kk-KZ")
    words = {text[:at].split()[-1] + "|" + text[at:].split()[0] for at in breaks}
    assert words == {"жыл|ғы", "Қа|зақстанның", "Қазақс|танның", "Қазақстан|ның"}
    assert soft_breaks("Негізгі қорытындылар", "kk") == (2, 5)  # the last word stays whole: no "-ды" alone
    assert soft_breaks("Қазақстанның заңнамасы", "ru") == ()  # Typst has Russian patterns
    assert soft_breaks("Republic of Kazakhstan", "en") == ()


@pytest.fixture(scope="module")
def kazakh(tmp_path_factory) -> Path:
    """Return the Kazakh handout of the shipped content."""
    out = tmp_path_factory.mktemp("kk")
    (result,) = write_handouts(ROOT / "content" / "kk", out / "kk.pdf", cache=False)
    return result.output


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_what_a_reader_copies_from_a_kazakh_handout_is_what_was_typed(kazakh):
    """Every soft hyphen is at a line end where the line broke; joined there, every text is there as typed."""
    raw = subprocess.run(["pdftotext", "-raw", str(kazakh), "-"], capture_output=True, text=True, check=True).stdout
    line_ends = raw.count("\xad\n")
    assert line_ends >= 10, "Kazakh lines break inside words"
    assert raw.count("\xad") == line_ends  # none where the line did not break
    joined = " ".join(raw.replace("\xad\n", "").replace("-\n", "-").split())
    loaded = load_content(ROOT / "content" / "kk")
    for issue in loaded.content.issues:
        findings = issue.review.findings
        texts = [*issue.recommendation_texts, *(t for f in findings for t in f.text)]
        texts += [f.summary for f in findings if f.summary] + [p for f in findings for p in f.points]
        for text in texts:
            assert " ".join(text.split()) in joined, text[:60]
    with pdfplumber.open(kazakh) as pdf:
        chars = "".join(c["text"] for page in pdf.pages for c in page.chars)
    assert "\xad" not in chars  # pdfminer, which reads no ActualText, finds none either


def _ragged(pdf_path: Path, size: float) -> list[float]:
    """Return how far short of the right margin each body line that runs on into the next one ends, in points."""
    gaps = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            lines = [
                line
                for line in page.extract_text_lines()
                if {round(c["size"], 1) for c in line["chars"]} == {size} and not line["text"].startswith("•")
            ]
            right = max(line["x1"] for line in lines)
            for line, after in zip(lines, lines[1:]):
                runs_on = 0 < after["top"] - line["top"] < size * 1.3 and abs(after["x0"] - line["x0"]) < 2
                if runs_on:
                    gaps.append(right - line["x1"])
    return gaps


def test_kazakh_lines_are_better_filled_than_with_breaks_between_words_only(kazakh, tmp_path, monkeypatch):
    (hyphenated,) = write_handouts(ROOT / "content" / "kk", tmp_path / "same.pdf", cache=False)
    monkeypatch.setattr(hyphenation, "SYLLABLES", {})
    (words_only,) = write_handouts(ROOT / "content" / "kk", tmp_path / "words.pdf", cache=False)
    assert hyphenated.body_size >= words_only.body_size
    size = hyphenated.body_size
    with_breaks, without = _ragged(kazakh, size), _ragged(words_only.output, size)
    assert statistics.median(with_breaks) < statistics.median(without) / 2, (with_breaks, without)
    assert sum(gap > 3 * size for gap in with_breaks) < sum(gap > 3 * size for gap in without)


def _docs(folder: Path, assets: Path | None = None):
    loaded = load_sets(folder, assets, siblings=True)
    sets = loaded.sets + loaded.siblings
    docs = [plan_handout(one.content, one.theme, _locale(one), one.logos) for one in sets]
    return docs, sorted({f.file for one in sets for f in one.theme.fonts})


@pytest.mark.parametrize("folder", ["content", "tests/fixtures/long"])
def test_the_size_found_is_the_largest_at_which_every_language_fits(folder, tmp_path):
    """fit_size answers as trying every size in every language would, in at most two Typst layouts here."""
    shutil.copytree(ROOT / folder, tmp_path / "set")
    docs, fonts = _docs(tmp_path / "set", ROOT / "assets")
    with typeset.typesetter(fonts) as setter:
        size = typeset.fit_size(setter, docs)
        layouts = setter.queries
    with typeset.typesetter(fonts) as setter:
        setter.probe([(doc, each) for doc in docs for each in BODY_SIZES])
        fitting = [each for each in BODY_SIZES if all(all(setter.fits(doc, each).values()) for doc in docs)]
    assert size == (fitting[0] if fitting else BODY_SIZES[-1])
    assert layouts <= 2


def test_fitting_is_remembered_so_the_next_handout_of_the_folder_asks_typst_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    probes = []
    write = typeset.Typesetter._write

    def counting(self, docs, jobs):
        probes.append(len(jobs))
        return write(self, docs, jobs)

    monkeypatch.setattr(typeset.Typesetter, "_write", counting)
    (first,) = write_handouts(ROOT / "content" / "en", tmp_path / "en.pdf")
    assert any(probes) and (tmp_path / "cache" / "handout" / "fits.json").is_file()
    probes.clear()
    (ru,) = write_handouts(ROOT / "content" / "ru", tmp_path / "ru.pdf")
    (again,) = write_handouts(ROOT / "content" / "en", tmp_path / "en2.pdf")
    assert not any(probes), "a remembered layout was asked of Typst again"
    assert ru.body_size == first.body_size == again.body_size
    assert (tmp_path / "en.pdf").read_bytes() == (tmp_path / "en2.pdf").read_bytes()


def test_no_cache_neither_reads_nor_keeps_what_fitting_learned(make_content, deckgen, tmp_path, monkeypatch):
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    make_content()
    result = deckgen("handout", "deck", "-o", "h.pdf", "--no-cache")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "cache").exists()
    assert re.search(r"body [\d.]+ pt", result.stdout)


@pytest.mark.parametrize(
    ("printed", "beside"),
    [("en-US", ["kk-KZ", "ru-RU"]), ("ru-RU", ["en-US"])],
    ids=["its-siblings-do-not-fit", "it-does-not-fit"],
)
def test_a_handout_asked_as_printed_while_fitting_gets_the_size_and_pdf_a_probe_would(printed, beside, monkeypatch):
    """The handout to be printed is laid out as printed while fitting (print_later), and its PDF reuses that layout.
    Here the metrics predict 12 pt, where Russian and Kazakh do not fit: English fits there and its siblings hold
    it back, or Russian, printed, does not fit there itself; the size is still the largest at which every
    language fits, and the PDF the one a Typst that never fitted makes."""
    every, fonts = _docs(ROOT / "content", ROOT / "assets")
    monkeypatch.setattr(typeset, "estimated_fill", lambda doc, size: {issue.number: 0.5 for issue in doc.issues})
    docs = [each for each in every if each.language in [printed, *beside]]
    doc = next(each for each in docs if each.language == printed)
    with typeset.typesetter(fonts) as setter:
        size = typeset.fit_size(setter, docs, printed=[doc])
        pdf = setter.pdf(replace(doc, body_size=size))
    with typeset.typesetter(fonts) as setter:
        setter.probe([(each, one) for each in docs for one in BODY_SIZES])
        fitting = [one for one in BODY_SIZES if all(all(setter.fits(each, one).values()) for each in docs)]
    assert fitting[0] < BODY_SIZES[0], "the prediction (12 pt) must be wrong for this test to say anything"
    assert size == fitting[0]
    with typeset.typesetter(fonts) as setter:
        assert pdf == setter.pdf(replace(doc, body_size=size))
