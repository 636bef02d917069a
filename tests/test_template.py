"""Building into a coalition's own template: kept masters and logos, dropped samples, layouts chosen by
placeholder type under localized names, the template's font measured; and bad templates refused clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from template_maker import GERMAN, LOGO_NAME, RUSSIAN, SAMPLE, make_template

from deckgen.build import BuildOptions, build
from deckgen.cli import cli
from deckgen.errors import ContentError
from deckgen.prepare import prepare

from conftest import REPORT

ROOT = Path(__file__).parents[1]
CONTENT_EN = ROOT / "content" / "en"
ASSETS = ROOT / "assets"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("template") / "coalition.potx")


@pytest.fixture(scope="module")
def built(template, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("built") / "deck.pptx"
    build(CONTENT_EN, output, BuildOptions(format="report", assets=ASSETS, template=template))
    return output


@pytest.fixture(scope="module")
def deck(built):
    return Presentation(str(built))


def test_the_templates_master_and_logo_are_kept_and_its_samples_dropped(deck, template):
    assert len(deck.slides) == len(prepare(CONTENT_EN, assets=ASSETS, options=REPORT, template=template).plan.slides)
    assert [layout.name for layout in deck.slide_layouts] == RUSSIAN
    logos = [sh for sh in deck.slide_masters[0].shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert [sh.name for sh in logos] == [LOGO_NAME]
    for slide in deck.slides:
        assert SAMPLE not in " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def test_layouts_are_chosen_by_placeholder_type_under_localized_names(deck, template):
    plan = prepare(CONTENT_EN, assets=ASSETS, options=REPORT, template=template).plan
    by_kind = {
        "title": "Титульный слайд",
        "overview": "Два объекта",
        "status": "Два объекта",
        "findings": "Заголовок и объект",
        "recommendations": "Заголовок и объект",
        "closing": "Только заголовок",
    }
    assert [s.slide_layout.name for s in deck.slides] == [by_kind[spec.kind.value] for spec in plan.slides]
    for slide in deck.slides:
        assert next(iter(slide.shapes)).shape_id == slide.shapes.title.shape_id


def test_a_german_template_gets_the_same_layouts(tmp_path):
    german = make_template(tmp_path / "de.pptx", names=GERMAN, samples=0, logo=False)
    output = tmp_path / "de-deck.pptx"
    build(CONTENT_EN, output, BuildOptions(format="report", assets=ASSETS, template=german))
    names = {s.slide_layout.name for s in Presentation(str(output)).slides}
    assert names == {"Titelfolie", "Zwei Inhalte", "Titel und Inhalt", "Nur Titel"}


def test_text_is_measured_and_set_in_the_templates_font(template, deck):
    prepared = prepare(CONTENT_EN, assets=ASSETS, options=REPORT, template=template)
    assert prepared.theme.regular.family == "Liberation Serif"
    assert prepared.theme.regular.file.name == "LiberationSerif-Regular.ttf"
    assert prepared.theme.bold.file.name == "LiberationSerif-Bold.ttf"
    faces = {
        r.font.name
        for s in deck.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    }
    assert faces == {"Liberation Serif"}
    # every run the planner measured, it measured with the template's font files
    measured = {
        run.font.file.name
        for spec in prepared.plan.slides
        for element in (spec.title, *spec.elements)
        for p in getattr(element, "paragraphs", ())
        for run in p.runs
    }
    assert measured == {"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"}


def test_a_theme_without_colours_takes_the_templates_text_colours(tmp_path, template):
    import yaml

    content = shutil.copytree(CONTENT_EN, tmp_path / "en")
    assets = shutil.copytree(ASSETS, tmp_path / "assets")
    shutil.copy(template, assets / "coalition.potx")
    theme_file = assets / "themes" / "coalition.yaml"
    data = yaml.safe_load(theme_file.read_text(encoding="utf-8"))
    del data["colours"]
    data["template"] = "coalition.potx"
    theme_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    colours = prepare(content, assets=assets).theme.colours
    # python-pptx's stock scheme: dk1 black (window text), dk2 1F497D, lt1 white; the rest deckgen's own
    assert (colours.text, colours.heading, colours.background) == ("#000000", "#1F497D", "#FFFFFF")
    assert colours.status["implemented"].fill == "#009E73"
    # the title and closing slides stand on the template's background
    assert (colours.band, colours.band_text) == (colours.background, colours.heading)


def test_a_theme_with_colours_keeps_them_in_a_template(template):
    colours = prepare(CONTENT_EN, assets=ASSETS, options=REPORT, template=template).theme.colours
    own = prepare(CONTENT_EN, assets=ASSETS, options=REPORT).theme.colours
    assert (colours.text, colours.heading) == (own.text, own.heading)
    assert colours.band == colours.background


def test_without_a_template_a_theme_must_give_its_colours(tmp_path):
    import yaml

    content = shutil.copytree(CONTENT_EN, tmp_path / "en")
    assets = shutil.copytree(ASSETS, tmp_path / "assets")
    theme_file = assets / "themes" / "coalition.yaml"
    data = yaml.safe_load(theme_file.read_text(encoding="utf-8"))
    del data["colours"]
    theme_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        prepare(content, assets=assets)
    assert str(error.value).endswith(
        "coalition.yaml:1:1: colours: missing: a theme gives its colours, unless it names a template"
    )


def test_the_theme_names_the_template_and_maps_layouts(tmp_path, template):
    content = shutil.copytree(CONTENT_EN, tmp_path / "en")
    assets = shutil.copytree(ASSETS, tmp_path / "assets")
    shutil.copy(template, assets / "coalition.potx")
    theme = assets / "themes" / "coalition.yaml"
    theme.write_text(
        theme.read_text(encoding="utf-8") + "template: coalition.potx\nlayouts:\n  closing: Заголовок раздела\n",
        encoding="utf-8",
    )
    output = tmp_path / "deck.pptx"
    build(content, output, BuildOptions(assets=assets))
    slides = list(Presentation(str(output)).slides)
    assert slides[-1].slide_layout.name == "Заголовок раздела"
    assert slides[0].slide_layout.name == "Титульный слайд"


def _theme_with(tmp_path, template: Path | None, extra: str) -> tuple[Path, Path]:
    content = shutil.copytree(CONTENT_EN, tmp_path / "en")
    assets = shutil.copytree(ASSETS, tmp_path / "assets")
    if template is not None:
        shutil.copy(template, assets / template.name)
    theme = assets / "themes" / "coalition.yaml"
    theme.write_text(theme.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return content, theme


def test_a_mapping_to_a_missing_layout_says_which_one_was_meant(tmp_path, template):
    content, theme = _theme_with(tmp_path, template, "template: coalition.potx\nlayouts:\n  closing: Толко заголовок\n")
    line = len(theme.read_text(encoding="utf-8").splitlines()) - 1  # the layouts: line
    result = CliRunner().invoke(
        cli, ["build", str(content), "-o", str(tmp_path / "x.pptx"), "--assets", str(tmp_path / "assets")]
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"{theme}:{line}:1: template coalition.potx: layouts: closing: no layout named 'Толко заголовок' in "
        f"the template; did you mean 'Только заголовок'?"
    )


def _build_error(template: Path, tmp_path) -> str:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(CONTENT_EN),
            "-o",
            str(tmp_path / "x.pptx"),
            "--assets",
            str(ASSETS),
            "--template",
            str(template),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.pptx").exists()
    return result.output.strip()


def test_a_file_that_is_no_powerpoint_file_is_refused(tmp_path):
    bad = tmp_path / "notes.pptx"
    bad.write_text("just some text", encoding="utf-8")
    assert _build_error(bad, tmp_path) == f"{bad}: template notes.pptx is not a PowerPoint file (.pptx or .potx)"


def test_a_password_protected_template_is_refused(tmp_path):
    locked = tmp_path / "locked.pptx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert _build_error(locked, tmp_path) == (
        f"{locked}: template locked.pptx is password-protected or an old binary .ppt/.pot: save it unprotected "
        f"as a .pptx or .potx (PowerPoint: File > Save As) and build again"
    )


def test_a_damaged_template_is_refused(tmp_path, template):
    damaged = tmp_path / "damaged.potx"
    damaged.write_bytes(template.read_bytes()[:2000])
    assert _build_error(damaged, tmp_path) == (
        f"{damaged}: template damaged.potx is not a PowerPoint file (.pptx or .potx): it looks damaged"
    )


def test_a_4_by_3_template_is_refused_with_what_to_do(tmp_path):
    old = make_template(tmp_path / "old.pptx", widescreen=False)
    assert _build_error(old, tmp_path) == (
        f"{old}: template old.pptx has 25.40 x 19.05 cm slides (4:3); deckgen's slides are 16:9 and would not "
        f"fit its layouts: make it widescreen (PowerPoint: Design > Slide Size > Widescreen 16:9) and build again"
    )


def test_a_template_font_that_is_not_installed_says_how_to_provide_it(tmp_path):
    odd = make_template(tmp_path / "odd.pptx", font="Coalition Sans Nowhere")
    assert _build_error(odd, tmp_path) == (
        f"{odd}: template odd.pptx sets its text in 'Coalition Sans Nowhere', which is not installed: install "
        f"the font, or give its files in the theme (fonts: {{family: Coalition Sans Nowhere, regular: FILE, "
        f"bold: FILE, italic: FILE}}, paths under assets/)"
    )


def test_a_template_without_a_title_layout_is_refused(tmp_path):
    from pptx import Presentation as New

    prs = New()
    prs.slide_width, prs.slide_height = 12192000, 6858000
    path = tmp_path / "blank.pptx"
    prs.save(path)
    # keep only the Blank layout (no title placeholder): rewrite the master's layout list
    import re
    import zipfile

    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    master = "ppt/slideMasters/slideMaster1.xml"
    ids = re.findall(rb"<p:sldLayoutId [^>]*/>", parts[master])
    parts[master] = parts[master].replace(b"".join(ids), ids[6])
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    lines = _build_error(path, tmp_path).splitlines()
    assert (
        f"{path}: template blank.pptx: no layout for title slides: none has a title placeholder (name one "
        f"with `layouts: {{title: NAME}}` in the theme)" in lines
    )
    # and Calibri, its font, is not installed here: said in the same run
    assert any("sets its text in 'Calibri'" in line for line in lines) or len(lines) == 6


def test_template_inspect_lists_layouts_fonts_colours_and_choices(template):
    result = CliRunner().invoke(cli, ["template", "inspect", str(template)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "theme fonts: headings Liberation Serif, body Liberation Serif" in out
    assert "dk2 #1F497D" in out
    assert "layout 1 'Титульный слайд': ctrTitle idx 0" in out
    assert "  title: 'Титульный слайд'" in out
    assert "  status: 'Два объекта'" in out
    assert "  closing: 'Только заголовок'" in out
    assert "slide titles: where 'Заголовок и объект' has its title: 22 pt down, 90 pt high, 864 pt wide at 48" in out
    assert "missing: nothing" in out


def test_template_inspect_of_a_bad_file_is_one_line_and_exit_1(tmp_path):
    bad = tmp_path / "x.potx"
    bad.write_bytes(b"PK\x03\x04broken")
    result = CliRunner().invoke(cli, ["template", "inspect", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"{bad}: template x.potx is not a PowerPoint file (.pptx or .potx): it looks damaged"
    )


def test_the_built_deck_is_byte_identical_run_to_run(template, built, tmp_path):
    again = tmp_path / "again.pptx"
    build(CONTENT_EN, again, BuildOptions(format="report", assets=ASSETS, template=template))
    assert again.read_bytes() == built.read_bytes()


def test_errors_stop_validation_too(tmp_path):
    bad = tmp_path / "bad.pptx"
    bad.write_text("x", encoding="utf-8")
    with pytest.raises(ContentError):
        prepare(CONTENT_EN, assets=ASSETS, options=REPORT, template=bad)


def test_template_inspect_reports_a_themes_missing_layout_at_its_layouts_line(tmp_path, template):
    theme = tmp_path / "partner.yaml"
    theme.write_text("name: partner\nlayouts:\n  annex: Tabelle\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["template", "inspect", str(template), "--theme", str(theme)])
    assert result.exit_code == 1
    assert "  annex: none" in result.output
    assert result.output.splitlines()[-1] == (
        f"{theme}:2:1: layouts: annex: no layout named 'Tabelle' in the template; its layouts: " + ", ".join(RUSSIAN)
    )


# --- the client's brand: keep-out areas, its own logo, its accent -----------------------------------------------

BIG_LOGO, LOGO_MARGIN = 914400, 182880
"""A one-inch logo a quarter inch from the top right corner: it stands where a long title's end would."""


@pytest.fixture(scope="module")
def big_logo(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("big") / "big.pptx", logo_size=BIG_LOGO, logo_margin=LOGO_MARGIN)


def _overlaps(a, b) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_titles_keep_clear_of_the_templates_logo_in_every_language(big_logo, language):
    from deckgen.plan.specs import Box, SlideKind

    logo = Box((12192000 - BIG_LOGO - LOGO_MARGIN) / 12700, LOGO_MARGIN / 12700, BIG_LOGO / 12700, BIG_LOGO / 12700)
    content = ROOT / "content" / language
    slides = prepare(content, assets=ASSETS, template=big_logo).plan.slides
    titles = [s.title for s in slides if s.kind != SlideKind.TITLE]
    assert [t.paragraphs[0].text for t in titles if _overlaps(t.box, logo)] == []
    # the slide titles end 12 pt before it (the closing slide's title stands lower, centred)
    assert {s.title.box.right for s in slides if s.kind not in (SlideKind.TITLE, SlideKind.CLOSING)} == {logo.left - 12}
    # without the logo there, the same titles run the content's whole width, under where it stands
    plain = [s.title for s in prepare(content, assets=ASSETS).plan.slides if s.kind != SlideKind.TITLE]
    assert any(_overlaps(t.box, logo) for t in plain)


def test_the_built_titles_stand_where_they_were_planned_clear_of_the_logo(big_logo, tmp_path):
    output = tmp_path / "deck.pptx"
    build(CONTENT_EN, output, BuildOptions(assets=ASSETS, template=big_logo))
    logo_left = 12192000 - BIG_LOGO - LOGO_MARGIN
    for slide in list(Presentation(str(output)).slides)[1:]:
        assert slide.shapes.title.left + slide.shapes.title.width <= logo_left


def test_a_master_with_its_own_logo_gets_no_deckgen_footer_logo_or_rule(template, tmp_path):
    from deckgen.plan.specs import PictureSpec, RectSpec

    def footer_marks(plan):
        return {
            (type(e).__name__)
            for s in plan.slides[1:-1]
            for e in s.elements
            if isinstance(e, PictureSpec | RectSpec) and e.box.top >= 500
        }

    with_logo = prepare(CONTENT_EN, assets=ASSETS, template=template).plan
    without = prepare(CONTENT_EN, assets=ASSETS, template=make_template(tmp_path / "plain.pptx", logo=False)).plan
    assert footer_marks(with_logo) == set()
    assert footer_marks(without) == {"PictureSpec", "RectSpec"}


def test_the_title_and_closing_rules_take_the_templates_accent(template):
    from deckgen.plan.specs import RectSpec

    plan = prepare(CONTENT_EN, assets=ASSETS, template=template).plan
    rules = [
        e.fill
        for s in (plan.slides[0], plan.slides[-1])
        for e in s.elements
        if isinstance(e, RectSpec) and e.box.height == 4
    ]
    assert rules == ["#4F81BD", "#4F81BD"]  # python-pptx's stock scheme's accent1
    own = prepare(CONTENT_EN, assets=ASSETS).plan
    assert "#4F81BD" not in {e.fill for s in own.slides for e in s.elements if isinstance(e, RectSpec)}


def test_titles_stand_across_the_slide_where_the_templates_title_placeholder_does(tmp_path):
    from hostile_templates import edited, replace_in

    from deckgen.plan.specs import SlideKind

    moved = edited(
        tmp_path / "moved.pptx",
        replace_in(
            "ppt/slideMasters/slideMaster1.xml",
            b'<a:off x="609600" y="274638"/><a:ext cx="10972800"',
            b'<a:off x="1828800" y="274638"/><a:ext cx="7315200"',
        ),
    )  # 2 in from the left, 8 in wide
    slides = prepare(CONTENT_EN, assets=ASSETS, template=moved).plan.slides
    spans = {
        (s.title.box.left, s.title.box.width) for s in slides if s.kind not in (SlideKind.TITLE, SlideKind.CLOSING)
    }
    assert spans == {(144.0, 576.0)}
    # the stock template's title placeholder is on deckgen's margins: nothing moves there
    stock = prepare(CONTENT_EN, assets=ASSETS, template=make_template(tmp_path / "stock.pptx")).plan.slides
    assert {
        (s.title.box.left, s.title.box.width) for s in stock if s.kind not in (SlideKind.TITLE, SlideKind.CLOSING)
    } == {(48.0, 864.0)}


# --- the template's title placeholder: where slide titles stand, and where bodies start under them -----------

TITLE_MOVES = {"lower": (90.0, 72.0), "higher": (7.2, 96.0)}
"""Title placeholders below deckgen's grid (whose titles start 28 pt down) and above it: top and height."""


@pytest.fixture(scope="module", params=sorted(TITLE_MOVES))
def title_template(request, tmp_path_factory) -> tuple[Path, float, float]:
    top, high = TITLE_MOVES[request.param]
    return make_template(tmp_path_factory.mktemp("moved") / f"{request.param}.pptx", title=(top, high)), top, high


@pytest.mark.parametrize("deck_format", ["report", "statement"])
def test_titles_stand_at_the_templates_title_top_with_bodies_under_them(title_template, deck_format):
    from deckgen.plan.fit import height
    from deckgen.plan.layout import BODY_BOTTOM, BODY_GAP
    from deckgen.plan.planner import PlanOptions
    from deckgen.plan.specs import RectSpec, Role, SlideKind, TextSpec
    from deckgen.prepare import prepare_sets

    template, top, high = title_template
    # a statement slide's issue name (SUBTITLE, above its headline) stands in the title's band, not the body
    chrome = {Role.FOOTER, Role.SLIDE_NUMBER, Role.DRAFT} | ({Role.SUBTITLE} if deck_format == "statement" else set())
    options = PlanOptions(format=deck_format, annex=deck_format == "report", draft=True)
    prepared = prepare_sets(ROOT / "content", assets=ASSETS, options=options, template=template)
    assert [p.plan.language_tag[:2] for p in prepared] == ["en", "kk", "ru"]
    for deck in prepared:
        slides = [s for s in deck.plan.slides if s.kind not in (SlideKind.TITLE, SlideKind.CLOSING)]
        assert {s.title.box.top for s in slides} == {top}
        assert min(s.title.box.height for s in slides) >= high
        body_tops: dict[SlideKind, set[float]] = {}
        for s in slides:
            tag = next(e for e in s.elements if isinstance(e, TextSpec) and e.role == Role.DRAFT)
            outline = next(e for e in s.elements if isinstance(e, RectSpec) and _overlaps(e.box, tag.box))
            # the DRAFT tag stands above the title's text, however high the template's title is
            assert outline.box.bottom <= s.title.box.bottom - height(s.title.paragraphs, s.title.box.width, slack=True)
            body = [e for e in s.elements if not (isinstance(e, TextSpec) and e.role in chrome) and e != outline]
            assert min(e.box.top for e in body) >= s.title.box.bottom + BODY_GAP - 0.01, s.title_text
            assert max(e.box.bottom for e in body) <= BODY_BOTTOM + 0.01, s.title_text
            for e in body:  # nothing overflows its box: pagination had the body's real height
                if isinstance(e, TextSpec):
                    assert height(e.paragraphs, e.box.width, slack=True) <= e.box.height + 0.01, s.title_text
            body_tops.setdefault(s.kind, set()).add(min(e.box.top for e in body))
        # every slide of a kind starts its body at one height
        assert all(len(tops) == 1 for tops in body_tops.values()), body_tops


TITLE_FAULTS = {
    "no height": (
        (21.6, 0.0),
        "its title placeholder has no size (864 by 0 pt)",
    ),
    "off the slide": (
        (-30.0, 90.0),
        "its title placeholder reaches off the slide (48 to 912 pt across, -30 to 60 pt down a 960 by 540 pt slide)",
    ),
    "too narrow": (
        (21.6, 90.0, 48.0, 300.0),
        "its title placeholder is 300 pt wide, too narrow for a slide title (at least 432)",
    ),
    "most of the slide": (
        (21.6, 400.0),
        "its title placeholder ends 422 pt down the 540 pt slide, below its top third: "
        "the text under it would have too little room",
    ),
}


@pytest.mark.parametrize("fault", sorted(TITLE_FAULTS))
def test_an_absurd_title_placeholder_leaves_titles_on_deckgens_grid_and_says_why(fault, tmp_path):
    from deckgen.plan.layout import TITLE_TOP
    from deckgen.plan.specs import SlideKind

    placeholder, why = TITLE_FAULTS[fault]
    template = make_template(tmp_path / "odd.pptx", title=placeholder)
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(CONTENT_EN),
            "--assets",
            str(ASSETS),
            "--template",
            str(template),
            "-o",
            str(tmp_path / "d.pptx"),
        ],
    )
    assert result.exit_code == 0, result.output
    warning = f"template odd.pptx: layout 'Заголовок и объект': {why}; slide titles stand on deckgen's grid instead"
    assert [line for line in result.output.splitlines() if "title placeholder" in line] == [f"{template}: {warning}"]
    slides = prepare(CONTENT_EN, assets=ASSETS, template=template).plan.slides
    assert {s.title.box.top for s in slides if s.kind not in (SlideKind.TITLE, SlideKind.CLOSING)} == {TITLE_TOP}
    inspected = CliRunner().invoke(cli, ["template", "inspect", str(template)])
    assert f"slide titles: on deckgen's grid: layout 'Заголовок и объект': {why}\n" in inspected.output


def test_a_templates_warning_is_printed_once_for_every_language_built_into_it(tmp_path):
    placeholder, why = TITLE_FAULTS["too narrow"]
    template = make_template(tmp_path / "odd.pptx", title=placeholder)
    result = CliRunner().invoke(
        cli,
        ["build", str(CONTENT_EN.parent), "--assets", str(ASSETS), "--template", str(template), "-o", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if "title placeholder" in line] == [
        f"{template}: template odd.pptx: layout 'Заголовок и объект': {why}; "
        "slide titles stand on deckgen's grid instead"
    ]
    assert result.stdout.splitlines()[-1].endswith(", 1 warning")
