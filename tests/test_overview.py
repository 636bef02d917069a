"""The overview slide: opt-in, placed after the title slide, its headline share, footnote, chart and alt text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from test_charts import BOLD, REGULAR

from deckgen.build import BuildOptions, build
from deckgen.locale import load_locale
from deckgen.plan.charts import ChartRect, overview_drawing
from deckgen.plan.planner import plan_deck
from deckgen.plan.specs import Box, ChartBar, OverviewRow, OverviewSpec, TextSpec
from deckgen.plan.ties import plain
from deckgen.prepare import prepare

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"
TITLE = "Overview: implementation of the 3rd-cycle recommendations"


def issue(
    title: str = "Children's rights", total: int = 10, counts: dict | None = None, approximate: bool = False
) -> str:
    """Return an issue file's text with COUNTS (status -> count) out of TOTAL."""
    lines = [f"title: {title}", "review:", "  cycle: 3", f"  total: {total}"]
    if approximate:
        lines.append("  approximate: true")
    if counts:
        lines.append("  counts:")
        lines += [f"    {status}: {n}" for status, n in counts.items()]
    lines += ["recommendations:", "  - To ratify the protocol."]
    return "\n".join(lines) + "\n"


def deck_yaml(overview: bool | None) -> str:
    from conftest import VALID_DECK

    return VALID_DECK + ("" if overview is None else f"overview: {str(overview).lower()}\n")


def overview_slides(plan):
    return [s for s in plan.slides if s.kind == "overview"]


def text_of(slide, role: str) -> str:
    return " ".join(
        plain(p.text) for e in slide.elements if isinstance(e, TextSpec) and e.role == role for p in e.paragraphs
    )


@pytest.fixture(scope="module")
def en_overview(tmp_path_factory) -> Path:
    """Return a copy of content/en that opts in to the overview."""
    content = tmp_path_factory.mktemp("en") / "en"
    shutil.copytree(ROOT / "content" / "en", content)
    with open(content / "deck.yaml", "a", encoding="utf-8") as deck:
        deck.write("overview: true\n")
    return content


# --- where it stands ---------------------------------------------------------------------------------


@pytest.mark.parametrize("overview", [None, False])
def test_no_overview_unless_opted_in(make_content, overview):
    plan = prepare(make_content({"deck.yaml": deck_yaml(overview)})).plan
    assert overview_slides(plan) == []
    assert all(TITLE not in s.title_text for s in plan.slides)


def test_overview_follows_the_title_slide(en_overview):
    plan = prepare(en_overview, ASSETS).plan
    assert [s.kind for s in plan.slides[:3]] == ["title", "overview", "status"]
    titles = [s.title_text for s in plan.slides]
    assert titles[1] == TITLE
    assert titles.count(TITLE) == 1
    loaded = prepare(en_overview, ASSETS).loaded
    deck = loaded.content.deck.model_copy(update={"overview": False})
    without = plan_deck(loaded.content.model_copy(update={"deck": deck}), loaded.theme, load_locale("en"), loaded.logos)
    assert len(plan.slides) == len(without.slides) + 1


def test_overview_of_issues_reviewing_different_cycles_names_no_cycle(make_content):
    later = issue("Women's rights", 4, {"implemented": 1, "partially_implemented": 1}).replace("cycle: 3", "cycle: 2")
    plan = prepare(make_content({"deck.yaml": deck_yaml(True), "issues/02-b.yaml": later})).plan
    assert overview_slides(plan)[0].title_text == "Overview: implementation of the recommendations"


# --- the headline share ------------------------------------------------------------------------------

NOT_BROKEN_DOWN = "Status not reported: the review gives no count by status for these recommendations ("
CASES = {
    "one issue": (
        [issue(counts={"implemented": 2, "partially_implemented": 5, "not_implemented": 3})],
        "2 of 10 recommendations fully implemented; 5 partially, 3 not implemented",
        "",
    ),
    "two issues add up": (
        [
            issue(counts={"implemented": 2, "partially_implemented": 5, "not_implemented": 3}),
            issue("Women's rights", 5, {"implemented": 1, "partially_implemented": 0}),
        ],
        "3 of 15 recommendations fully implemented; 5 partially, 3 not implemented, 4 with no status reported",
        "Women's rights).",
    ),
    "an issue with no breakdown is named as not broken down": (
        [
            issue(counts={"implemented": 2, "partially_implemented": 5, "not_implemented": 3}),
            issue("Women's rights", 52),
        ],
        "2 of 62 recommendations fully implemented; 5 partially, 3 not implemented, 52 with no status reported",
        "Women's rights).",
    ),
    "uncounted statuses are not broken down": (
        [issue(total=9, counts={"implemented": 1, "partially_implemented": 3})],
        "1 of 9 recommendations fully implemented; 3 partially, 5 with no status reported",
        "Children's rights).",
    ),
    "an approximate total says about": (
        [
            issue(
                total=40, approximate=True, counts={"implemented": 1, "partially_implemented": 38, "not_implemented": 1}
            )
        ],
        "1 of about 40 recommendations fully implemented; 38 partially, 1 not implemented",
        "",
    ),
    "one recommendation": ([issue(total=1, counts={"implemented": 1})], "1 of 1 recommendation fully implemented", ""),
    "nothing implemented": (
        [issue(total=3, counts={"implemented": 0, "not_implemented": 3})],
        "0 of 3 recommendations fully implemented; 3 not implemented",
        "",
    ),
    "no issue gives the counts": (
        [issue("Women's rights", 52), issue("Children's rights", 40)],
        "",
        "Women's rights and Children's rights).",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_headline_leads_with_fully_implemented(make_content, case):
    issues, headline, not_broken_down = CASES[case]
    files = {
        "deck.yaml": deck_yaml(True),
        "issues/01-a.yaml": None,
        **{f"issues/0{i}-x.yaml": text for i, text in enumerate(issues, 1)},
    }
    (slide,) = overview_slides(prepare(make_content(files)).plan)
    assert text_of(slide, "headline") == headline
    note = text_of(slide, "note")
    assert note == (NOT_BROKEN_DOWN + not_broken_down if not_broken_down else "")


def test_seed_deck_headline_counts_womens_rights_by_its_topics(en_overview):
    """content/en: 1 + 1 + 16 implemented (Women's rights: 2 + 6 + 8 by topic); the rest of its 52 not broken down."""
    (slide,) = overview_slides(prepare(en_overview, ASSETS).plan)
    assert text_of(slide, "headline") == (
        "18 of about 101 recommendations fully implemented; 41 partially, 6 not implemented, 36 with no status reported"
    )
    assert text_of(slide, "note") == NOT_BROKEN_DOWN + "Women's rights)."


@pytest.mark.parametrize(
    "language, headline",
    [
        (
            "ru",
            "Полностью выполнены: 18 примерно из 101 рекомендации; 41 частично, 6 не выполнено, "
            "36 без указания статуса",
        ),
        (
            "kk",
            "Толық орындалған ұсынымдар: 18, барлығы шамамен 101 ұсыным; 41 ішінара, 6 орындалмаған, "
            "36 мәртебесі көрсетілмеген",
        ),
    ],
)
def test_seed_deck_headline_in_russian_and_kazakh(tmp_path, language, headline):
    content = tmp_path / language
    shutil.copytree(ROOT / "content" / language, content)
    with (content / "deck.yaml").open("a", encoding="utf-8") as f:
        f.write("overview: true\n")
    (slide,) = overview_slides(prepare(content, ASSETS).plan)
    assert text_of(slide, "headline") == headline


# --- the chart ---------------------------------------------------------------------------------------


def test_overview_rows_state_every_issues_counts(en_overview):
    (slide,) = overview_slides(prepare(en_overview, ASSETS).plan)
    (chart,) = [e for e in slide.elements if isinstance(e, OverviewSpec)]
    rows = {row.label: (row.total_text, {b.key: b.count for b in row.segments}) for row in chart.rows}
    assert rows == {
        "Freedom of Religion and Belief": (
            "out of 9",
            {"implemented": 1, "partially_implemented": 3, "not_implemented": 5},
        ),
        "Children's rights": ("out of about 40", {"implemented": 1, "partially_implemented": 38, "not_implemented": 1}),
        "Women's rights": ("out of 52", {"implemented": 16, "not_broken_down": 36}),
    }
    assert [(b.label, b.count) for b in chart.legend] == [
        ("Implemented", 18),
        ("Partially implemented", 41),
        ("Not implemented", 6),
        ("Status not reported", 36),
    ]
    assert all(b.hatch for b in chart.legend if b.key in ("partially_implemented", "not_implemented"))


def test_overview_chart_alt_text_states_every_number(en_overview, tmp_path):
    deck = build(en_overview, tmp_path / "deck.pptx", BuildOptions(format="report", assets=ASSETS)).output
    slide = Presentation(str(deck)).slides[1]
    (chart,) = [s for s in slide.shapes if s.name.startswith("Overview chart")]
    descr = chart._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
    assert descr == (
        f"{TITLE}: Freedom of Religion and Belief, 9 recommendations: Implemented 1, Partially implemented 3, "
        "Not implemented 5; Children's rights, about 40 recommendations: Implemented 1, Partially implemented 38, "
        "Not implemented 1; Women's rights, 52 recommendations: Implemented 16, Status not reported 36."
    )
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert (
        "18 of about 101 recommendations fully implemented; 41 partially, 6 not implemented, 36 with no status reported"
    ) in texts


def test_many_issues_continue_on_a_second_overview_slide(make_content):
    files = {"deck.yaml": deck_yaml(True), "issues/01-a.yaml": None}
    files |= {
        f"issues/{i:02}-x.yaml": issue(f"Issue number {i}", 4, {"implemented": 1, "partially_implemented": 1})
        for i in range(1, 9)
    }
    slides = overview_slides(prepare(make_content(files)).plan)
    assert [s.title_text for s in slides] == [TITLE, f"{TITLE} (cont.)"]
    charts = [[e for e in s.elements if isinstance(e, OverviewSpec)][0] for s in slides]
    assert [len(c.rows) for c in charts] == [4, 4]
    assert [row.label for c in charts for row in c.rows] == [f"Issue number {i}" for i in range(1, 9)]
    assert text_of(slides[0], "headline") == (
        "8 of 32 recommendations fully implemented; 8 partially, 16 with no status reported"
    )
    assert text_of(slides[1], "headline") == ""


def overview_spec(rows, width=860.0, height=300.0) -> OverviewSpec:
    fills = {"a": "#009E73", "b": "#D55E00"}
    made = tuple(
        OverviewRow(
            label,
            sum(counts.values()),
            f"out of {sum(counts.values())}",
            tuple(ChartBar(k, k.upper(), n, str(n), fills[k]) for k, n in counts.items()),
        )
        for label, counts in rows
    )
    legend = tuple(ChartBar(k, k.upper(), 0, "0", fill) for k, fill in fills.items())
    return OverviewSpec(
        box=Box(0, 0, width, height),
        rows=made,
        legend=legend,
        alt_text="",
        regular=REGULAR,
        bold=BOLD,
        size=18,
        text_color="#1F2A37",
        muted_color="#4B5563",
        background="#FFFFFF",
    )


def test_overview_segments_are_proportional_and_each_count_is_text_on_a_pill():
    spec = overview_spec([("An issue", {"a": 10, "b": 30})])
    drawn = overview_drawing(spec)
    green, orange = (
        [r for r in drawn.shapes if isinstance(r, ChartRect) and r.fill == fill][0] for fill in ("#009E73", "#D55E00")
    )
    assert orange.width / green.width == pytest.approx(3)
    assert orange.left == pytest.approx(green.left + green.width)
    assert [t.text for t in drawn.texts] == ["An issue", "out of 40", "10", "30", "A", "B"]
    pills = [r for r in drawn.shapes if isinstance(r, ChartRect) and r.fill == "#FFFFFF"]
    counts = [t for t in drawn.texts if t.text in ("10", "30")]
    assert len(pills) == 2
    for pill, count in zip(pills, counts):
        assert pill.left < count.left and count.left + count.width < pill.left + pill.width
        assert drawn.shapes.index(pill) < drawn.shapes.index(count)  # the pill lies under its count


def test_overview_shows_each_row_and_stays_in_its_box():
    one = overview_drawing(overview_spec([("First", {"a": 1, "b": 1})]))
    rows = [("First", {"a": 1, "b": 1}), ("Second", {"a": 1, "b": 1})] * 3
    six = overview_drawing(overview_spec(rows, height=200.0))
    assert one == overview_drawing(overview_spec([("First", {"a": 1, "b": 1})]))
    assert sum(t.text in ("First", "Second") for t in six.texts) == 6
    for shape in six.shapes:
        left, right = (shape.left, shape.left + shape.width)
        top, bottom = (
            (shape.top, shape.top + shape.height)
            if isinstance(shape, ChartRect)
            else (shape.top, shape.baseline + shape.descent)
        )
        assert 0 <= left and right <= 860 + 1e-6 and 0 <= top and bottom <= 200 + 1e-6, shape
