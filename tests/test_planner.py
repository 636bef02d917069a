"""The planner on the real deck (content/en) and on a long fixture: slides, charts, titles, fit, no text lost."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from deckgen.fonts import text_width
from deckgen.plan.lines import paragraph_lines
from deckgen.plan.paginate import paragraph_height
from deckgen.plan.specs import Box, ChartSpec, PictureSpec, TextSpec
from deckgen.prepare import prepare

from conftest import REPORT

ROOT = Path(__file__).parents[1]
CONTENT_EN = ROOT / "content" / "en"
LONG = ROOT / "tests" / "fixtures" / "long"
ASSETS = ROOT / "assets"


@pytest.fixture(scope="module")
def en():
    return prepare(CONTENT_EN, options=REPORT)


@pytest.fixture(scope="module")
def long():
    return prepare(LONG, assets=ASSETS)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return re.findall(r"[\w']+", text)


def texts(slide, role=None) -> list[TextSpec]:
    return [e for e in slide.elements if isinstance(e, TextSpec) and (role is None or e.role == role)]


def charts(slide) -> list[ChartSpec]:
    return [e for e in slide.elements if isinstance(e, ChartSpec)]


def issue_slides(plan) -> dict[int, list]:
    """Slides between the title and closing slides, grouped by issue: each status slide starts one."""
    groups: dict[int, list] = {}
    for slide in plan.slides[1:-1]:
        if slide.kind == "status":
            groups[len(groups) + 1] = []
        assert groups, f"slide {slide.title_text!r} comes before any status slide"
        groups[len(groups)].append(slide)
    return groups


# --- purity -------------------------------------------------------------------------------------------


def test_planning_imports_neither_pptx_nor_matplotlib():
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        import deckgen.plan.planner
        loaded = sorted(m for m in ('pptx', 'matplotlib') if m in sys.modules)
        assert not loaded, f'importing the planner loaded {{loaded}}'
        from deckgen.prepare import prepare
        plan = prepare(Path({str(CONTENT_EN)!r})).plan
        assert len(plan.slides) > 3
        loaded = sorted(m for m in ('pptx', 'matplotlib') if m in sys.modules)
        assert not loaded, f'planning content/en loaded {{loaded}}'
        print('ok')
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# --- the real deck ------------------------------------------------------------------------------------


def test_title_slide_first_closing_slide_last(en):
    slides = en.plan.slides
    assert slides[0].kind == "title"
    assert slides[0].title_text == "4th Cycle of the Universal Periodic Review of the Republic of Kazakhstan"
    assert slides[-1].kind == "closing"
    assert slides[-1].title_text == "THANK YOU FOR YOUR ATTENTION!"
    assert [s.kind for s in slides].count("title") == 1 and [s.kind for s in slides].count("closing") == 1
    presenters = " ".join(p.text for t in texts(slides[0], "presenter") for p in t.paragraphs)
    assert "Kazakhstan International Bureau for Human Rights and the Rule of Law" in presenters
    assert "Kazakhstani NGOs Coalition on Universal Periodic Review (UPR)" in presenters


def test_one_status_slide_with_a_chart_per_issue(en):
    groups = issue_slides(en.plan)
    assert sorted(groups) == [1, 2, 3]
    for _number, slides in groups.items():
        assert slides[0].kind == "status"
        assert len(charts(slides[0])) == 1
        assert all(not charts(s) for s in slides[1:]), "a chart on a slide other than the status slide"
        assert slides[-1].kind == "recommendations"


def bars_of(slide) -> dict[str, int]:
    (chart,) = charts(slide)
    return {bar.key: bar.count for bar in chart.bars}


def cycle_line(slide) -> str:
    (subtitle,) = texts(slide, "subtitle")
    return " ".join(p.text for p in subtitle.paragraphs)


def test_issue_1_chart_and_cycle_line(en):
    status = issue_slides(en.plan)[1][0]
    assert bars_of(status) == {"implemented": 1, "partially_implemented": 3, "not_implemented": 5}
    (chart,) = charts(status)
    assert chart.total == 9
    assert cycle_line(status) == "3rd UPR cycle – 9 recommendations"


def test_issue_2_is_about_40(en):
    status = issue_slides(en.plan)[2][0]
    assert bars_of(status) == {"implemented": 1, "partially_implemented": 38, "not_implemented": 1}
    (chart,) = charts(status)
    assert chart.total == 40
    assert "about 40" in chart.total_text
    assert cycle_line(status) == "3rd UPR cycle – about 40 recommendations"


def test_womens_rights_chart_shows_the_implemented_topics_and_the_rest_not_broken_down(en):
    """The review gives no counts, but its implemented finding counts 2 + 6 + 8 by topic."""
    status = issue_slides(en.plan)[3][0]
    assert bars_of(status) == {
        "implemented": 16,
        "partially_implemented": 0,
        "not_implemented": 0,
        "not_broken_down": 36,
    }
    (chart,) = charts(status)
    # the findings discuss partial and non-implementation, of which the review gives no number
    assert [(b.label, b.count_text, b.reported) for b in chart.bars] == [
        ("Implemented", "16", True),
        ("Partially implemented", "number not reported", False),
        ("Not implemented", "number not reported", False),
        ("Status not reported", "36", True),
    ]
    assert chart.alt_text == (
        "Status chart of Issue 3: Women's rights: Implemented 16, Partially implemented "
        "number not reported, Not implemented number not reported, Status not reported 36; "
        "52 recommendations in all in the 3rd UPR cycle."
    )
    assert cycle_line(status) == "3rd UPR cycle – 52 recommendations"


def test_bars_never_exceed_the_total(en, long):
    for plan in (en.plan, long.plan):
        for slides in issue_slides(plan).values():
            (chart,) = charts(slides[0])
            assert sum(bar.count for bar in chart.bars) <= chart.total
            assert all(bar.count >= 0 for bar in chart.bars)


def test_long_fixture_chart_shows_the_uncounted_rest(long):
    status = issue_slides(long.plan)[1][0]
    assert bars_of(status) == {
        "implemented": 4,
        "partially_implemented": 20,
        "not_implemented": 30,
        "not_broken_down": 6,
    }


def test_chart_alt_text_states_every_number(en, long):
    for plan in (en.plan, long.plan):
        for slides in issue_slides(plan).values():
            (chart,) = charts(slides[0])
            alt = chart.alt_text
            for bar in chart.bars:
                shown = bar.count if bar.reported else re.escape(bar.count_text)
                assert re.search(rf"{re.escape(bar.label)}\W{{0,3}}{shown}\b", alt), (bar, alt)
            assert re.search(rf"\b{chart.total}\b", alt), alt
    (chart,) = charts(issue_slides(en.plan)[2][0])
    assert "about 40" in chart.alt_text


def test_every_slide_of_an_issue_is_titled_with_it(en, long):
    for plan in (en.plan, long.plan):
        for number, slides in issue_slides(plan).items():
            for slide in slides:
                assert slide.title_text.startswith(f"Issue {number}: "), slide.title_text
    titles = {n: s[0].title_text for n, s in issue_slides(en.plan).items()}
    assert titles == {
        1: "Issue 1: Freedom of Religion and Belief",
        2: "Issue 2: Children's rights",
        3: "Issue 3: Women's rights",
    }


def test_titles_are_unique(en, long):
    for plan in (en.plan, long.plan):
        titles = [s.title_text for s in plan.slides]
        assert len(set(titles)) == len(titles), titles
        assert all(t.strip() for t in titles)


def body_runs(plan):
    for slide in plan.slides:
        for spec in texts(slide, "body"):
            for paragraph in spec.paragraphs:
                for run in paragraph.runs:
                    yield slide, run


def test_body_sizes_within_the_theme_range(en, long):
    for prepared in (en, long):
        body = prepared.theme.sizes.body
        found = list(body_runs(prepared.plan))
        assert found
        for slide, run in found:
            if run.font.italic:  # source citations are set small on purpose
                assert run.size == min(prepared.theme.sizes.source, body.max), (slide.title_text, run.text)
            else:
                assert body.min <= run.size <= body.max, (slide.title_text, run.text, run.size)


def test_long_fixture_has_sources_in_small_italics(long):
    italic = [run for _, run in body_runs(long.plan) if run.font.italic]
    assert any(run.text.startswith("Coalition monitoring report") for run in italic)


def measured_height(spec: TextSpec) -> float:
    return sum(
        paragraph_height(p, spec.box.width - 2 * spec.inset, first_on_page=i == 0)
        for i, p in enumerate(spec.paragraphs)
    )


def line_width(line) -> float:
    return sum(text_width(piece.text, piece.run.font.file, piece.run.size) for piece in line if piece.text != "\n")


@pytest.mark.parametrize("which", ["en", "long"])
def test_every_text_fits_its_box(which, en, long):
    plan = (en if which == "en" else long).plan
    for slide in plan.slides:
        for spec in [slide.title, *texts(slide)]:
            shown = (slide.title_text, spec.role, spec.paragraphs[0].text[:40])
            assert measured_height(spec) <= spec.box.height + 1e-6, shown
            for paragraph in spec.paragraphs:
                for line in paragraph_lines(paragraph, spec.box.width - 2 * spec.inset):
                    assert line_width(line) <= spec.box.width - paragraph.indent + 1e-6, shown


def overlap(a: Box, b: Box) -> bool:
    return a.left < b.right - 1e-6 and b.left < a.right - 1e-6 and a.top < b.bottom - 1e-6 and b.top < a.bottom - 1e-6


@pytest.mark.parametrize("which", ["en", "long"])
def test_boxes_stay_on_the_slide_and_apart(which, en, long):
    plan = (en if which == "en" else long).plan
    for slide in plan.slides:
        boxes = [(t.role, t.box) for t in [slide.title, *texts(slide)]]
        boxes += [("chart", c.box) for c in charts(slide)]
        boxes += [("picture", e.box) for e in slide.elements if isinstance(e, PictureSpec)]
        for role, box in boxes:
            assert 0 <= box.left and box.right <= plan.width and 0 <= box.top and box.bottom <= plan.height, (
                slide.title_text,
                role,
                box,
            )
        for i, (role_a, a) in enumerate(boxes):
            for role_b, b in boxes[i + 1 :]:
                assert not overlap(a, b), (slide.title_text, role_a, a, role_b, b)


# --- the long fixture: continuation slides and no text lost --------------------------------------------


def test_long_issue_continues_over_several_slides(long):
    slides = issue_slides(long.plan)[1]
    titles = [s.title_text for s in slides]
    base = "Issue 1: Freedom of Expression and Access to Information"
    assert titles[0] == base
    assert f"{base} (cont.)" in titles
    assert f"{base} (cont. 2)" in titles
    recommendations = [t for t in titles if "Recommendations" in t]
    assert len(recommendations) >= 2, "twelve long recommendations do not fit one slide"
    assert recommendations[0].endswith("Recommendations")
    assert recommendations[1].endswith("Recommendations (cont.)")
    # slides keep their kinds in order: status, findings..., recommendations...
    kinds = [s.kind for s in slides]
    assert kinds == sorted(kinds, key=["status", "findings", "recommendations"].index)


def test_the_paragraph_taller_than_a_slide_is_split(long):
    issue = long.loaded.content.issues[0]
    giant = max((t for f in issue.review.findings for t in f.text), key=len)
    start = giant[:60]
    end = giant[-60:]
    holders = [
        s.title_text
        for s in long.plan.slides
        for t in texts(s, "body")
        for p in t.paragraphs
        if start in p.text or end in p.text
    ]
    assert len(holders) == 2 and holders[0] != holders[1], "its start and end are on different slides"


def is_continuation_heading(slide, spec: TextSpec, index: int) -> bool:
    return slide.kind == "findings" and index == 0 and spec.paragraphs[0].text.endswith("(cont.)")


def body_stream(plan) -> list[str]:
    """Words of the slides' content text, in slide order: no titles, footers or repeated headings."""
    out: list[str] = []
    for slide in plan.slides:
        for spec in texts(slide):
            if spec.role in ("footer", "slide-number"):
                continue
            for i, paragraph in enumerate(spec.paragraphs):
                if not is_continuation_heading(slide, spec, i):
                    out += words(paragraph.text)
    return out


def find(stream: list[str], needle: list[str], start: int) -> int:
    """Return the index just past the first occurrence of NEEDLE in STREAM at or after START, or -1."""
    for i in range(start, len(stream) - len(needle) + 1):
        if stream[i : i + len(needle)] == needle:
            return i + len(needle)
    return -1


def assert_all_text_in_order(prepared):
    content = prepared.loaded.content
    stream = body_stream(prepared.plan)
    titles = [s.title_text for s in prepared.plan.slides]
    pos = 0
    for number, issue in enumerate(content.issues, 1):
        assert any(t.startswith(f"Issue {number}: {issue.title}") for t in titles)
        findings = issue.review.findings
        for k, finding in enumerate(findings):
            if finding.summary:
                found = find(stream, words(finding.summary), pos)
                assert found >= 0, f"summary lost or out of order: {finding.summary!r}"
                pos = found
            group_start, group_end = pos, pos
            items = [finding.text, finding.points, [t.text for t in finding.topics], finding.sources]
            for values in items:
                at = group_start
                for value in values:
                    found = find(stream, words(value), at)
                    assert found >= 0, f"text lost or out of order: {value[:80]!r}"
                    at = found
                group_end = max(group_end, at)
            if k + 1 < len(findings) and findings[k + 1].summary:
                following = find(stream, words(findings[k + 1].summary), pos)
                assert group_end <= following - len(words(findings[k + 1].summary)), (
                    f"finding {k + 1} of issue {number} runs into the next finding"
                )
            pos = group_end
        for value in issue.recommendation_texts:
            found = find(stream, words(value), pos)
            assert found >= 0, f"recommendation lost or out of order: {value[:80]!r}"
            pos = found
    assert titles[0] == content.deck.title


def test_no_text_lost_in_the_long_fixture(long):
    assert_all_text_in_order(long)


def test_no_text_lost_in_content_en(en):
    assert_all_text_in_order(en)


def test_topic_counts_shown(en):
    stream = " ".join(body_stream(en.plan))
    for phrase in (
        "on the right to choose an occupation 2",
        "on freedom from slavery 6",
        "cruel or degrading treatment 8",
    ):
        assert phrase in stream


def test_finding_headings_carry_their_counts(en):
    stream = body_stream(en.plan)
    for heading in (
        "1 implemented, 3 partially",
        "Not implemented (5)",
        "Implemented (16)",
        "Implemented (1)",
        "Partially implemented (38)",
        "Not implemented (1)",
    ):
        assert find(stream, words(heading), 0) >= 0, heading


def test_speaker_notes_on_the_status_slide(long):
    groups = issue_slides(long.plan)
    assert groups[1][0].notes.startswith("Speaker notes for the long issue")
    assert all(not s.notes for n, slides in groups.items() for s in slides if s is not groups[1][0])


@pytest.mark.parametrize("which", ["en", "long"])
def test_a_finding_heading_never_ends_a_slide(which, en, long):
    plan = (en if which == "en" else long).plan
    stranded = []
    for slides in issue_slides(plan).values():
        findings_pages = [s for s in slides if s.kind in ("status", "findings")]
        for slide, _following in zip(findings_pages, findings_pages[1:]):
            body = texts(slide, "body")[-1]  # the band under a status slide's chart, when it has one
            if body.paragraphs[-1].keep_with_next:
                stranded.append((slide.title_text, body.paragraphs[-1].text[:50]))
    assert stranded == []
