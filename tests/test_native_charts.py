"""Native charts: `--charts native` (or the theme's `charts: native`) gives editable PowerPoint charts."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from deckgen.build import BuildOptions, build

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"
STATUSES = ("Implemented", "Partially implemented", "Not implemented")


def descr(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr") or ""


def chart_shapes(prs) -> list:
    return [shape for slide in prs.slides for shape in slide.shapes if shape.has_chart]


def drawn_charts(prs) -> list:
    """Return the charts drawn as groups of shapes (the default), in slide order."""
    return [
        shape
        for slide in prs.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP and shape.name.startswith(("Status chart", "Overview chart"))
    ]


@pytest.fixture(scope="module")
def en_overview(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("en") / "en"
    shutil.copytree(ROOT / "content" / "en", content)
    with open(content / "deck.yaml", "a", encoding="utf-8") as deck:
        deck.write("overview: true\n")
    return content


@pytest.fixture(scope="module")
def decks(en_overview, tmp_path_factory) -> dict[str, Presentation]:
    """content/en with its overview, built with charts drawn as shapes and as native charts."""
    folder = tmp_path_factory.mktemp("decks")
    return {
        kind: Presentation(
            str(
                build(
                    en_overview, folder / f"{kind}.pptx", BuildOptions(format="report", assets=ASSETS, charts=kind)
                ).output
            )
        )
        for kind in ("shapes", "native")
    }


def test_native_status_charts_hold_the_counts(decks):
    native = decks["native"]
    charts = [s for s in chart_shapes(native) if s.name.startswith("Status chart")]
    read = [(tuple(c.chart.plots[0].categories), tuple(c.chart.plots[0].series[0].values)) for c in charts]
    assert read == [
        (STATUSES, (1.0, 3.0, 5.0)),
        (STATUSES, (1.0, 38.0, 1.0)),
        (
            (
                "Implemented",
                "Partially implemented (number not reported)",
                "Not implemented (number not reported)",
                "Status not reported",
            ),
            (16.0, None, None, 36.0),
        ),
    ]
    first = charts[0].chart
    assert first.chart_type is not None and not first.has_legend
    assert first.plots[0].has_data_labels and first.plots[0].data_labels.show_value
    assert first.value_axis.maximum_scale == 9  # bars are drawn out of the total
    assert first.value_axis.axis_title.text_frame.text == "out of 9"


def test_native_overview_has_a_series_per_status(decks):
    (overview,) = [s for s in chart_shapes(decks["native"]) if s.name.startswith("Overview chart")]
    plot = overview.chart.plots[0]
    assert tuple(plot.categories) == (
        "Freedom of Religion and Belief\nout of 9",
        "Children's rights\nout of about 40",
        "Women's rights\nout of 52",
    )
    series = {s.name: tuple(s.values) for s in plot.series}
    assert series == {
        "Implemented": (1.0, 1.0, 16.0),
        "Partially implemented": (3.0, 38.0, None),
        "Not implemented": (5.0, 1.0, None),
        "Status not reported": (None, None, 36.0),
    }
    assert overview.chart.has_legend


def test_native_charts_have_the_drawn_charts_alt_text_and_place(decks):
    drawn, charts = drawn_charts(decks["shapes"]), chart_shapes(decks["native"])
    assert len(drawn) == len(charts) == 4
    for group, chart in zip(drawn, charts):
        assert descr(chart) == descr(group) != ""
        assert chart.name.split()[:2] == group.name.split()[:2]
        for a, b in (
            (chart.left, group.left),
            (chart.top, group.top),
            (chart.width, group.width),
            (chart.height, group.height),
        ):
            assert abs(Emu(a).pt - Emu(b).pt) < 0.01


def test_status_is_not_shown_by_colour_alone_in_native_charts(decks):
    """Hatched statuses get pattern fills; every bar is labelled with its status and count."""
    chart = chart_shapes(decks["native"])[1].chart
    points = chart.plots[0].series[0].points
    fills = [points[i].format._element.find(qn("c:spPr"))[0].tag for i in range(3)]
    assert fills == [qn("a:solidFill"), qn("a:pattFill"), qn("a:pattFill")]
    assert tuple(chart.plots[0].categories) == STATUSES


def body_and_title_sizes(prs) -> tuple[Pt, Pt]:
    """Return the size of most of the deck's slide text (its body size) and of its slide titles."""
    runs = Counter()
    titles = set()
    for slide in list(prs.slides)[1:-1]:
        for shape in slide.shapes:
            if shape.has_text_frame:
                sizes = {r.font.size for p in shape.text_frame.paragraphs for r in p.runs if r.font.size}
                if shape == slide.shapes.title:
                    titles |= sizes
                else:
                    runs.update(r.font.size for p in shape.text_frame.paragraphs for r in p.runs if r.font.size)
    (title,) = titles
    return runs.most_common(1)[0][0], title


def test_native_chart_text_is_sized_from_the_theme(decks):
    native = decks["native"]
    chart = chart_shapes(native)[1].chart
    body, title = body_and_title_sizes(native)
    # one type scale: the labels at the deck's body size, the counts large, at its title size
    assert chart.font.size == body
    assert chart.category_axis.tick_labels.font.size == body
    assert chart.plots[0].data_labels.font.size == title


def test_shapes_mode_has_no_native_charts(decks):
    assert chart_shapes(decks["shapes"]) == []
    assert len(drawn_charts(decks["shapes"])) == 4


def theme_with_charts(setting: str) -> None:
    path = Path("assets/themes/coalition.yaml")
    path.write_text(path.read_text(encoding="utf-8") + f"charts: {setting}\n", encoding="utf-8")


@pytest.mark.parametrize(
    "theme, option, native",
    [
        (None, None, False),
        ("native", None, True),
        ("native", "shapes", False),
        ("shapes", "native", True),
        ("picture", None, False),
        ("native", "picture", False),  # picture, which was an image, means shapes now
    ],
)
def test_the_option_overrides_the_themes_setting(make_content, deckgen, theme, option, native):
    content = make_content()
    if theme:
        theme_with_charts(theme)
    result = deckgen("build", content, "-o", "deck.pptx", *(["--charts", option] if option else []))
    assert result.exit_code == 0, result.output
    prs = Presentation("deck.pptx")
    assert (len(chart_shapes(prs)), len(drawn_charts(prs))) == ((1, 0) if native else (0, 1))


def test_unknown_chart_kind_is_a_usage_error(make_content, deckgen):
    result = deckgen("build", make_content(), "--charts", "svg")
    assert result.exit_code == 2
    assert "'svg' is not one of 'shapes', 'native', 'picture'" in result.stderr
    assert not Path("build").exists()


def test_theme_with_an_unknown_chart_kind_is_refused(make_content, deckgen):
    content = make_content()
    theme_with_charts("svg")
    result = deckgen("build", content)
    assert result.exit_code == 1
    line = len(Path("assets/themes/coalition.yaml").read_text(encoding="utf-8").splitlines())
    assert result.stderr == (
        f"assets/themes/coalition.yaml:{line}:9: 'charts': Input should be 'shapes', 'native' or 'picture'\n"
    )


def test_native_builds_are_reproducible(make_content, deckgen):
    """The chart's embedded workbook carries no build time: the same content gives the same bytes."""
    content = make_content()
    assert deckgen("build", content, "-o", "first.pptx", "--charts", "native").exit_code == 0
    assert deckgen("build", content, "-o", "second.pptx", "--charts", "native").exit_code == 0
    assert Path("first.pptx").read_bytes() == Path("second.pptx").read_bytes()
    (shape,) = chart_shapes(Presentation("first.pptx"))
    with zipfile.ZipFile(io.BytesIO(shape.chart.part.chart_workbook.xlsx_part.blob)) as workbook:
        core = workbook.read("docProps/core.xml").decode()
    # Builds a second apart would still differ if the workbook carried the time it was written.
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>' in core
