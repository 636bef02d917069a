"""`deckgen submission` and `deckgen matrix`: the Word documents for OHCHR, their word count, endnotes and numbers."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from openpyxl import load_workbook

from deckgen.errors import display_path
from deckgen.load import load_content
from deckgen.locale import load_locale
from deckgen.plan.bars import count_rows
from deckgen.plan.submission import count_words, plan_submission
from deckgen.render.docx import BULLET_STYLE, NUMBERED_STYLE
from deckgen.tracking.tables import export_rows

from conftest import REPO
from realclient import soffice_convert

FIXTURE = REPO / "tests" / "fixtures" / "submission"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def submission(deckgen, content: Path, out: Path, *more) -> tuple[object, Path]:
    result = deckgen("submission", content, "-o", out, *more)
    return result, out


def _without_note_commas(paragraph) -> str:
    """Return PARAGRAPH's text without the superscript commas between endnote marks ("2,3")."""
    return "".join(run.text for run in paragraph.runs if not (run.font.superscript and run.text == ","))


def numbered_paragraphs(document) -> list:
    return [p for p in document.paragraphs if p.style.name == NUMBERED_STYLE]


def style_num_id(document, name: str) -> str:
    return document.styles[name].element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")


# --- the submission --------------------------------------------------------------------------------


def test_submission_opens_with_headings_styles_cover_and_language(deckgen, tmp_path):
    """The .docx opens with python-docx; the title, issues and sections are in Word's heading styles (the navigation
    pane and accessibility checkers see them); the cover names presenters, members, contact and date; ru is ru-RU."""
    result, out = submission(deckgen, FIXTURE / "ru", tmp_path / "ru.docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "4-й цикл Универсального периодического обзора Республики Казахстан")
    assert styled[1][0] == "Subtitle"
    assert ("Heading 1", "Свобода религии и убеждений") in styled
    assert ("Heading 1", "Права ребёнка") in styled
    assert ("Heading 1", "Резюме") in styled
    assert styled.count(("Heading 2", "Рекомендации")) == 2
    texts = [text for _, text in styled]
    assert "Правовой медиа-центр; Хартия за права человека" in texts
    assert "Контакты: Секретариат коалиции, upr@example.org, +7 727 000 00 00" in texts
    assert "Ключевые слова: свобода вероисповедания, права ребёнка" in texts
    assert document.core_properties.language == "ru-RU"
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}val") == "ru-RU"


def test_paragraphs_are_numbered_continuously_through_the_document(deckgen, tmp_path):
    """Every body paragraph (summary, assessment, findings, recommendations) is in one numbered list: Word numbers
    them 1, 2, 3 ... through the document, and a paragraph typed in Word continues it."""
    _, out = submission(deckgen, FIXTURE / "en", tmp_path / "en.docx")
    document = docx.Document(str(out))
    numbered = numbered_paragraphs(document)
    loaded = load_content(FIXTURE / "en")
    spec = plan_submission(loaded.content, load_locale("en"))
    planned = [b for b in spec.blocks if b.number is not None]
    assert [b.number for b in planned] == list(range(1, len(planned) + 1))
    # (the superscript comma between two endnote marks is the only text the plan does not have)
    assert [_without_note_commas(p) for p in numbered] == [b.text for b in planned]
    # one list for all: the style carries the numbering, no paragraph starts a list of its own
    num_id = style_num_id(document, NUMBERED_STYLE)
    assert all(p._p.find(f"{W}pPr/{W}numPr") is None for p in numbered)
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(f"{W}num") if n.get(f"{W}numId") == num_id)
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = next(a for a in numbering.findall(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract_id)
    level = abstract.find(f"{W}lvl")
    assert (level.find(f"{W}numFmt").get(f"{W}val"), level.find(f"{W}lvlText").get(f"{W}val")) == ("decimal", "%1.")
    assert num.find(f"{W}lvlOverride") is None
    # the recommendations are numbered paragraphs; the finding's points are bullets
    texts = [p.text for p in numbered]
    assert texts[-2:] == [
        "Bring the Children's Rights Commissioner in line with the Paris Principles.",
        "Criminalize forcing minors into marriage.",
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name == BULLET_STYLE]
    assert bullets == [
        "To simplify the registration of religious communities;",
        "To review Article 174 of the Criminal Code.",
    ]


def test_sources_are_real_endnotes_linked_from_their_findings(deckgen, tmp_path):
    """Each finding's sources are endnotes in the document's endnotes part, numbered 1, 2, 3, referenced from the
    finding's last paragraph."""
    _, out = submission(deckgen, FIXTURE / "en", tmp_path / "en.docx")
    document = docx.Document(str(out))
    rels = [r for r in document.part.rels.values() if r.reltype.endswith("/endnotes")]
    assert len(rels) == 1
    notes = etree.fromstring(rels[0].target_part.blob)
    texts = {
        n.get(f"{W}id"): "".join(n.itertext()).strip()
        for n in notes.findall(f"{W}endnote")
        if n.get(f"{W}type") is None
    }
    assert texts == {
        "1": "Law of the Republic of Kazakhstan No. 47-VIII of 19 December 2023.",
        "2": "Committee on Legal Statistics, General Prosecutor's Office, 2024.",
        "3": "UNICEF Kazakhstan, Situation analysis, 2023.",
    }
    references = {
        p.text: [r.get(f"{W}id") for r in p._p.iter(f"{W}endnoteReference")]
        for p in document.paragraphs
        if list(p._p.iter(f"{W}endnoteReference"))
    }
    assert references == {
        "The Protocol was ratified on 19 December 2023.": ["1"],
        "For 9 months of 2024, 133 minors became victims of rape.,": ["2", "3"],
    }
    settings = document.settings.element.find(f"{W}endnotePr/{W}numFmt")
    assert settings.get(f"{W}val") == "decimal"
    with zipfile.ZipFile(out) as package:
        assert (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"
            in package.read("[Content_Types].xml").decode()
        )


def test_assessment_sentence_counts_with_plurals_and_tracked_ids(deckgen, tmp_path):
    """The assessment is built from the counts and tracked statuses, with the language's plural forms."""
    _, en = submission(deckgen, FIXTURE / "en", tmp_path / "en.docx")
    _, ru = submission(deckgen, FIXTURE / "ru", tmp_path / "ru.docx")
    en_texts = [p.text for p in numbered_paragraphs(docx.Document(str(en)))]
    ru_texts = [p.text for p in numbered_paragraphs(docx.Document(str(ru)))]
    assert (
        "Of the 9 recommendations the State received on this issue in the 3rd UPR cycle, 1 implemented (141.1), "
        "3 partially (141.2, 141.3, 141.4), 5 not implemented (141.5, 141.6, 141.7, 141.8, 141.9)."
    ) in en_texts
    assert (
        "Of about 40 recommendations the State received on this issue in the 3rd UPR cycle, 1 implemented, "
        "38 partially, 1 not implemented."
    ) in en_texts
    assert (
        "Из 9 рекомендаций, полученных государством по этой теме (3-й цикл УПО), 1 выполнена (141.1), "
        "3 частично (141.2, 141.3, 141.4), 5 не выполнено (141.5, 141.6, 141.7, 141.8, 141.9)."
    ) in ru_texts


def test_word_count_of_the_shipped_content_is_printed(deckgen, tmp_path):
    """The count is printed with the limit; it is what the written file holds, counted from the file."""
    result, out = submission(deckgen, REPO / "content" / "en", tmp_path / "en.docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    words = sum(count_words(p.text) for p in document.paragraphs) + len(numbered_paragraphs(document))
    assert result.stdout == (
        f"wrote {tmp_path / 'en.docx'}: {words:,} words of the 5,630 allowed for a joint "
        f"submission (29 numbered paragraphs, 0 endnotes)\n"
        f"1 submission, {words} words, 0 warnings\n"
    )
    assert words == 949


def over_limit(tmp_path: Path, kind: str = "individual") -> Path:
    """Return a copy of the fixture's en set with `submission: KIND`, a long summary and a long finding: 3,453 words."""
    content = tmp_path / "long"
    shutil.copytree(FIXTURE / "en", content)
    long = " ".join(["The State has not reported on this."] * 150)
    deck = (content / "deck.yaml").read_text(encoding="utf-8")
    deck = deck.replace("submission: joint", f"submission: {kind}").replace(
        "  Most recommendations on freedom of religion were not implemented.\n",
        f"  Most recommendations on freedom of religion were not implemented.\n\n  {long}\n",
    )
    (content / "deck.yaml").write_text(deck, encoding="utf-8")
    issue = content / "issues" / "02-childrens-rights.yaml"
    text = issue.read_text(encoding="utf-8").replace(
        "    - The Protocol was ratified on 19 December 2023.\n",
        f"    - The Protocol was ratified on 19 December 2023.\n    - {long}\n    - {long}\n",
    )
    issue.write_text(text, encoding="utf-8")
    return content


def test_over_the_limit_is_an_error_naming_count_excess_and_longest_sections(deckgen, tmp_path, monkeypatch):
    """Over the limit: one message with the count, the excess and the three longest sections, exit 1, nothing
    written; --draft writes it anyway (titled draft) with a warning; the same text is within a joint limit."""
    monkeypatch.chdir(tmp_path)
    over_limit(tmp_path)
    result = deckgen("submission", "long", "-o", "out.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        "long/deck.yaml:20:13: the submission has 3,453 words, 638 over OHCHR's limit of 2,815 for an individual "
        "submission; the longest sections: \"Children's rights\" (2,222 words), 'Executive summary' (1,137 words), "
        "'Freedom of Religion and Belief' (94 words). Shorten them, or write it anyway with --draft\n"
    )
    assert not (tmp_path / "out.docx").exists()
    result = deckgen("submission", "long", "-o", "out.docx", "--draft")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "long/deck.yaml:20:13: warning: the submission has 3,454 words, 639 over OHCHR's "
        "limit of 2,815 for an individual submission; the longest sections: \"Children's "
        "rights\" (2,222 words), 'Executive summary' (1,138 words), 'Freedom of Religion and "
        "Belief' (94 words); written as a draft\n"
    )
    assert docx.Document("out.docx").paragraphs[0].text.endswith("(draft)")
    joint = over_limit(tmp_path / "joint", "joint")
    result = deckgen("submission", joint, "-o", "joint.docx")
    assert result.exit_code == 0, result.output
    assert "3,454 words of the 5,630 allowed for a joint submission" in result.stdout


def test_a_folder_of_sets_gets_one_submission_per_language(deckgen, tmp_path):
    result = deckgen("submission", FIXTURE, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "upr4-republic-of-kazakhstan-en-submission.docx",
        "upr4-respublika-kazakhstan-ru-submission.docx",
    ]
    assert result.stdout.count("wrote ") == 2
    result = deckgen("submission", FIXTURE, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{display_path(FIXTURE)} holds 2 content sets (en, ru), one submission each: -o "
        f"names a folder for them, not a .docx file\n"
    )
    result = deckgen("submission", FIXTURE / "en", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'x.pdf'}: the submission must be a .docx file\n"
    result = deckgen("matrix", FIXTURE, "-o", tmp_path / "m.docx")
    assert result.exit_code == 1
    assert "holds 2 content sets (en, ru): the matrix is written for one language; name its folder" in result.stderr


# --- the matrix ------------------------------------------------------------------------------------


def table_rows(document) -> list[list[str]]:
    table = document.tables[0]
    out = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if cells and cell._tc is cells[-1][0]:
                continue  # a merged cell is listed once per column it spans
            cells.append((cell._tc, cell.text))
        out.append([text for _, text in cells])
    return out


def test_matrix_docx_is_a_landscape_table_with_a_repeated_header_and_a_row_per_recommendation(deckgen, tmp_path):
    result = deckgen("matrix", FIXTURE / "en", "-o", tmp_path / "m.docx")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "m.docx"))
    section = document.sections[0]
    assert section.page_width > section.page_height
    rows = table_rows(document)
    assert rows[0] == [
        "No.",
        "Recommendation",
        "Recommending States",
        "Position of the State",
        "Assessment/comments on level of implementation",
    ]
    header = document.tables[0].rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    # a row moves whole to the next page rather than split in two
    assert all(r._tr.find(f"{W}trPr/{W}cantSplit") is not None for r in document.tables[0].rows[1:])
    assert rows[1] == ["Issue 1: Freedom of Religion and Belief"]
    assert rows[2] == [
        "141.1",
        "Bring the Law on Religious Activity into line with the Covenant.",
        "Canada",
        "Supported",
        "Implemented\nThe law was amended in 2021.",
    ]
    assert rows[3][2:] == ["Norway; Italy", "Supported", "Partially implemented"]
    assert [r[0] for r in rows[2:11]] == [f"141.{n}" for n in range(1, 10)]
    assert rows[11] == ["Issue 2: Children's rights"]
    assert rows[12] == [
        "–",
        "The recommendations of this issue are not listed one by one.",
        "",
        "",
        "Of about 40 recommendations the State received on this issue in the 3rd UPR cycle, "
        "1 implemented, 38 partially, 1 not implemented.",
    ]
    assert len(rows) == 13


def test_matrix_of_the_shipped_content_says_what_is_known_of_each_issue(deckgen, tmp_path):
    result = deckgen("matrix", REPO / "content" / "en", "-o", tmp_path / "m.docx")
    assert (
        result.stdout == f"wrote {tmp_path / 'm.docx'} (0 tracked recommendations, and 3 issues not tracked "
        f"one by one)\n1 matrix, 3 rows, 0 warnings\n"
    )
    rows = table_rows(docx.Document(str(tmp_path / "m.docx")))
    assert [r[-1] for r in rows if r[0] == "–"] == [
        "Of the 9 recommendations the State received on this issue in the 3rd UPR cycle, 1 implemented, "
        "3 partially, 5 not implemented.",
        "Of about 40 recommendations the State received on this issue in the 3rd UPR cycle, 1 implemented, "
        "38 partially, 1 not implemented.",
        "Of the 52 recommendations the State received on this issue in the 3rd UPR cycle, 16 implemented, "
        "36 with no status reported.",
    ]


def test_matrix_xlsx_has_the_exports_columns_and_imports_back(deckgen, tmp_path):
    """The .xlsx is `deckgen export`'s table (members fill it, `deckgen import` reads it), the untracked issues on a
    second sheet."""
    result = deckgen("matrix", FIXTURE / "en", "-o", tmp_path / "m.xlsx")
    assert result.exit_code == 0, result.output
    workbook = load_workbook(tmp_path / "m.xlsx")
    first = [
        [c if c is not None else "" for c in row]
        for row in workbook.worksheets[0].iter_rows(values_only=True)
        if any(c is not None for c in row)
    ]  # the export keeps empty rows formatted for members to add
    assert first == export_rows(FIXTURE / "en", "en")
    assert first[2][4:6] == ["Supported", "Partially implemented"]  # the language's words, as export writes them
    assert workbook.sheetnames == ["recommendations", "not tracked"]
    second = list(workbook["not tracked"].iter_rows(values_only=True))
    assert second[1][0] == "Issue 2: Children's rights"
    result = deckgen("import", tmp_path / "m.xlsx", "--into", FIXTURE / "en", "--dry-run")
    assert result.exit_code == 0, result.output


# --- the same numbers everywhere -------------------------------------------------------------------


def _numbers(text: str, locale, keys) -> dict[str, int]:
    """Return the status counts TEXT states in LOCALE's running-text forms ("5 not implemented")."""
    found = {}
    for key in keys:
        forms = locale.labels[f"count.{key}"]
        for form in sorted(set(forms.values()), key=len, reverse=True):
            pattern = re.escape(form).replace(re.escape("{count}"), r"(\d[\d\u00a0 ]*)")
            match = re.search(r"(?<![\w.])" + pattern + r"(?!\w)", text)
            if match:
                found[key] = int(re.sub(r"\D", "", match[1]))
                break
    return found


def _alt_numbers(alt: str, locale, keys) -> dict[str, int]:
    """Return the counts a status chart's alt text gives per bar label ("Not implemented 5")."""
    found = {}
    for key in keys:
        label = locale.status(key)
        part = locale.labels["chart_alt_part"].replace("{label}", "\0").replace("{count}", "\1")
        pattern = re.escape(part).replace("\\\0", re.escape(label)).replace("\0", re.escape(label))
        pattern = pattern.replace("\\\1", r"(\d[\d\u00a0 ]*)").replace("\1", r"(\d[\d\u00a0 ]*)")
        match = re.search(r"(?<!\w)" + pattern + r"(?=[,;]|$)", alt)
        if match:
            found[key] = int(re.sub(r"\D", "", match[1]))
    return found


def _pptx_texts_and_alts(path: Path) -> tuple[str, list[str]]:
    from pptx import Presentation

    texts, alts = [], []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(" ".join(p.text for p in shape.text_frame.paragraphs))
            descr = shape._element.xpath(".//p:cNvPr/@descr")
            alts += [d for d in descr if d]
    # the slides keep a hyphenated word on one line with an invisible word joiner (4-\u2060циклі)
    return " ".join(" ".join(texts).replace("\u2060", "").split()), alts


def _bar_numbers(text: str, locale, keys) -> dict[str, int]:
    """Return the counts a handout's chart shows: a line starting with a bar's label, then its count."""
    found = {}
    for key in keys:
        match = re.search(r"^" + re.escape(locale.status(key)) + r" (\d[\d\u00a0 ]*?)(?= |$)", text, re.M)
        if match:
            found[key] = int(re.sub(r"\D", "", match[1]))
    return found


def _squeezed(text: str) -> str:
    """Return TEXT without spaces, hyphens and word joiners: a typeset line break may hyphenate a word."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u2060]", "", text)


@pytest.mark.parametrize("content", [REPO / "content", FIXTURE], ids=["shipped", "tracked"])
def test_same_numbers_everywhere(tmp_path, content):
    """The deck, the handout, the submission and the matrix of each language give every issue the same counts and
    total, and each holds every recommendation: the coalition's (deck, handout, submission) and the tracked ones
    (matrix)."""
    import pdfplumber

    from deckgen.build import BuildOptions, build
    from deckgen.content.sets import content_sets
    from deckgen.handout import write_handouts
    from deckgen.submission import write_matrix, write_submissions

    for folder in content_sets(content):
        language = folder.name
        content_set = load_content(folder).content
        locale = load_locale(content_set.deck.language, content_set.deck.labels)
        # the report: every recommendation on a slide (a statement holds the others in its notes)
        deck = build(folder, tmp_path / f"{language}.pptx", BuildOptions(cache=False, format="report")).output
        handout = write_handouts(folder, tmp_path / f"{language}-handout.pdf")[0].output
        sub = write_submissions(folder, tmp_path / f"{language}.docx")[0].output
        matrix = write_matrix(folder, tmp_path / f"{language}-matrix.docx").output
        deck_text, deck_alts = _pptx_texts_and_alts(deck)
        with pdfplumber.open(handout) as pdf:
            handout_pages = [page.extract_text() or "" for page in pdf.pages]
        sub_text = " ".join(p.text for p in docx.Document(str(sub)).paragraphs)
        matrix_rows = table_rows(docx.Document(str(matrix)))
        for number, issue in enumerate(content_set.issues, 1):
            expected = dict(count_rows(issue.review))
            keys = list(expected)
            title = locale.text("issue", number=number, title=issue.title)
            chart_alt = next(a for a in deck_alts if title in a and any(c.isdigit() for c in a))
            assert _alt_numbers(chart_alt, locale, keys) == expected, (language, issue.title, "deck")
            page = next(p for p in handout_pages if title in p)
            assert _bar_numbers(page, locale, keys) == expected, (language, issue.title, "handout")
            caption = locale.text(
                "chart_total_about" if issue.review.approximate else "chart_total", count=issue.review.total
            )
            assert caption in page, (language, issue.title, "handout total")
            sentence = next(
                s
                for s in sub_text.split(". ")
                if str(issue.review.total) in s
                and locale.plural("submission.recommendation", issue.review.known_total) in s
            )
            assert _numbers(sentence, locale, keys) == expected, (language, issue.title, "submission")
            group = matrix_rows.index([title])
            body = []
            for row in matrix_rows[group + 1 :]:
                if len(row) == 1:
                    break
                body.append(row)
            if issue.review.recommendations:
                tracked: dict[str, int] = {}
                for row in body:
                    key = next(k for k in keys if row[4].split("\n")[0] == locale.status(k))
                    tracked[key] = tracked.get(key, 0) + 1
                assert tracked == expected, (language, issue.title, "matrix")
                assert [row[1] for row in body] == [t.text for t in issue.review.recommendations]
            else:
                assert _numbers(body[0][4], locale, keys) == expected, (language, issue.title, "matrix")
            assert sum(expected.values()) == issue.review.total
            for recommendation in issue.recommendation_texts:
                said = " ".join(recommendation.split())
                assert said in deck_text, (language, "deck", said)
                assert _squeezed(said) in _squeezed(page), (language, "handout", said)
                assert said in sub_text, (language, "submission", said)


# --- a real client: LibreOffice ----------------------------------------------------------------------


@pytest.mark.realclient
@pytest.mark.parametrize(
    "content",
    [REPO / "content" / "en", REPO / "content" / "ru", FIXTURE / "en", FIXTURE / "ru"],
    ids=["en", "ru", "tracked-en", "tracked-ru"],
)
def test_libreoffice_converts_both_and_counts_the_same_words(deckgen, tmp_path, content):
    """LibreOffice opens the submission and the matrix and writes PDFs; its word count (the document statistics of
    the document it opened) is deckgen's within 1%."""
    result = deckgen("submission", content, "-o", tmp_path / "s.docx")
    assert result.exit_code == 0, result.output
    ours = int(re.search(r": ([\d,]+) words", result.stdout)[1].replace(",", ""))
    assert deckgen("matrix", content, "-o", tmp_path / "m.docx").exit_code == 0
    for name in ("s", "m"):
        pdf = soffice_convert(tmp_path / f"{name}.docx", "pdf", tmp_path)
        assert pdf.read_bytes().startswith(b"%PDF")
    odt = soffice_convert(tmp_path / "s.docx", "odt", tmp_path)
    with zipfile.ZipFile(odt) as package:
        meta = package.read("meta.xml").decode()
    theirs = int(re.search(r'meta:word-count="(\d+)"', meta)[1])
    assert abs(ours - theirs) <= 0.01 * theirs, (ours, theirs)


# --- python-docx's private names deckgen.render.docx relies on -----------------------------------------


def test_python_docx_names_deckgen_uses_exist():
    """deckgen.render.docx builds what python-docx has no API for on these names; an upgrade that drops one fails
    here, not in a user's hands."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement, parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("x")
    table = document.add_table(rows=1, cols=1)
    assert paragraph._p is not None and paragraph.runs[0]._r is not None
    assert document.sections[0]._sectPr is not None
    assert table._tbl.tblPr is not None and table.rows[0]._tr is not None
    assert table.rows[0].cells[0]._tc.get_or_add_tcPr() is not None
    assert callable(document.part.relate_to) and document.part.package is not None
    assert document.part.numbering_part.element is not None
    assert callable(PackURI) and callable(Part) and callable(OxmlElement) and callable(parse_xml)
    assert docx.__version__ == "1.2.0"


# --- the theme's reference document --------------------------------------------------------------------


def _with_template(make_content, name: str) -> Path:
    content = make_content()
    theme = Path("assets/themes/coalition.yaml")
    theme.write_text(theme.read_text(encoding="utf-8") + f"submission_template: {name}\n", encoding="utf-8")
    return content


def test_submission_template_gives_its_styles_and_not_its_text(deckgen, make_content):
    """A theme's submission_template lends its styles (a coalition's house style) and page setup; its sample text
    stays out."""
    content = _with_template(make_content, "house.docx")
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.add_paragraph("Sample text of the house template.")
    reference.save("assets/house.docx")
    result = deckgen("submission", content, "-o", "out.docx")
    assert result.exit_code == 0, result.output
    document = docx.Document("out.docx")
    assert document.styles["Normal"].font.name == "Georgia"
    assert "Sample text of the house template." not in [p.text for p in document.paragraphs]
    assert numbered_paragraphs(document)
    # the template is an input: never written over
    result = deckgen("submission", content, "-o", "assets/house.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        "assets/house.docx: this command reads assets/house.docx; it never writes over its "
        "input: choose another output\n"
    )
    assert docx.Document("assets/house.docx").paragraphs[0].text == "Sample text of the house template."


def test_a_missing_or_broken_submission_template_is_located(deckgen, make_content):
    content = _with_template(make_content, "house.docx")
    result = deckgen("submission", content, "-o", "out.docx")
    assert result.exit_code == 1
    theme_lines = len(Path("assets/themes/coalition.yaml").read_text(encoding="utf-8").splitlines())
    assert result.stderr == (
        f"assets/themes/coalition.yaml:{theme_lines}:22: submission_template 'house.docx' not found in assets/\n"
    )
    Path("assets/house.docx").write_text("not a zip", encoding="utf-8")
    result = deckgen("submission", content, "-o", "out.docx")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "assets/house.docx: submission_template: not a Word document (.docx) deckgen can read"
    )
    assert not Path("out.docx").exists()


def test_a_partly_tracked_issue_gets_its_rows_and_one_for_the_rest(deckgen, make_content):
    """An issue that tracks 2 of its 5 recommendations: their rows, then one row with what is known of all five."""
    content = make_content(
        {
            "issues/01-a.yaml": """\
title: Torture
review:
  cycle: 3
  total: 5
  counts: {not_implemented: 5}
  findings:
    - {status: not_implemented, summary: the Optional Protocol.}
  recommendations:
    - {id: "141.1", text: Ratify the Optional Protocol., status: not_implemented}
    - {id: "141.2", text: Investigate every allegation., status: not_implemented}
recommendations: [Ratify the Optional Protocol.]
"""
        }
    )
    result = deckgen("matrix", content, "-o", "m.docx")
    assert result.exit_code == 0, result.output
    rows = table_rows(docx.Document("m.docx"))
    assert [r[0] for r in rows[2:]] == ["141.1", "141.2", "–"]
    assert rows[-1][1:] == [
        "The other recommendations of this issue are not listed one by one.",
        "",
        "",
        "Of the 5 recommendations the State received on this issue in the 3rd UPR cycle, "
        "5 not implemented (141.1, 141.2).",
    ]


# --- the count is the document's, whatever the text ------------------------------------------------------

import functools  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@functools.cache
def _fixture_content():
    return load_content(FIXTURE / "en").content


_WORDS = (
    st.text(alphabet="abcxyzабвӘә0123456789.,;:()«»“”-–—/'\" ", min_size=1, max_size=60)
    .map(lambda t: " ".join(t.split()))
    .filter(bool)
)


@settings(deadline=None)
@given(recommendations=st.lists(_WORDS, min_size=1, max_size=4), summary=_WORDS, sources=st.lists(_WORDS, max_size=3))
def test_the_count_is_what_the_written_document_holds(recommendations, summary, sources):
    """Whatever the text (dashes, quotes, brackets, Cyrillic), deckgen's count is the count of the .docx it writes:
    every paragraph's words, one for each paragraph number, and the endnotes' words."""
    from deckgen.render.docx import render_submission

    content = _fixture_content()
    issue = content.issues[1]
    finding = issue.review.findings[0].model_copy(update={"sources": sources})
    review = issue.review.model_copy(update={"findings": [finding, *issue.review.findings[1:]]})
    issue = issue.model_copy(update={"recommendations": recommendations, "review": review})
    content = content.model_copy(
        update={"deck": content.deck.model_copy(update={"summary": summary}), "issues": (content.issues[0], issue)}
    )
    spec = plan_submission(content, load_locale("en"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.docx"
        path.write_bytes(render_submission(spec, "Arial", "#14365D"))
        document = docx.Document(str(path))
        words = sum(count_words(_without_note_commas(p)) for p in document.paragraphs)
        words += len(numbered_paragraphs(document))
        rels = [r for r in document.part.rels.values() if r.reltype.endswith("/endnotes")]
        if rels:
            notes = etree.fromstring(rels[0].target_part.blob)
            words += sum(
                count_words("".join(n.itertext())) for n in notes.findall(f"{W}endnote") if n.get(f"{W}type") is None
            )
    assert words == spec.word_count().total


def test_the_library_gives_the_submission_and_the_matrix_as_bytes(tmp_path):
    """`import deckgen`: the submission's bytes and count, and the matrix's bytes, from what load_sets loaded."""
    import io

    import deckgen as package

    sets = package.load_sets(FIXTURE / "en")
    assert not sets.problems
    data, words = package.submission_bytes(sets.sets[0])
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "4th Cycle of the Universal Periodic Review of the Republic of Kazakhstan"
    assert (words.total, words.limit, words.excess) == (301, 5630, 0)
    matrix = load_workbook(io.BytesIO(package.matrix_bytes(sets.sets[0], ".xlsx")))
    assert matrix.worksheets[0]["A2"].value == "141.1"
    ru = package.load_sets(FIXTURE / "ru").sets[0]
    ru_matrix = load_workbook(io.BytesIO(package.matrix_bytes(ru, ".xlsx")))
    assert [c.value for c in ru_matrix.worksheets[0][3]][4:6] == ["Поддержано", "Частично выполнены"]
    assert docx.Document(io.BytesIO(package.matrix_bytes(sets.sets[0]))).tables[0].rows[2].cells[0].text == "141.1"


def test_a_submission_as_its_own_template_keeps_one_numbering(tmp_path):
    """A coalition that tweaks last cycle's submission in Word and names it as submission_template gets its styles,
    with the paragraph style numbered once (not twice), and the schema's order of the table's properties."""
    from deckgen.render.docx import render_submission

    spec = plan_submission(_fixture_content(), load_locale("en"))
    first = tmp_path / "first.docx"
    first.write_bytes(render_submission(spec, "Arial", "#14365D"))
    again = docx.Document(io.BytesIO(render_submission(spec, "Arial", "#14365D", template=first)))
    ppr = again.styles[NUMBERED_STYLE].element.pPr
    assert [c.tag.removeprefix(W) for c in ppr] == ["numPr", "ind"]
    endnotes = [r for r in again.part.rels.values() if r.reltype.endswith("/endnotes")]
    assert len(endnotes) == 1 and len(etree.fromstring(endnotes[0].target_part.blob)) == 2 + 3
    assert len(again.settings.element.findall(f"{W}endnotePr")) == 1
    assert len(again.sections[0]._sectPr.findall(f"{W}endnotePr")) == 1
    assert [_without_note_commas(p) for p in numbered_paragraphs(again)] == [
        b.text for b in spec.blocks if b.number is not None
    ]
