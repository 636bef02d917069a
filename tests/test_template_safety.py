"""A template is read bounded, parsed by one guarded parser and cleaned: what it must never carry into a deck
(external links, macros, embedded objects, controls, document properties, custom XML), the files it may not
be (a pipe, a device, a bomb, the output), the sizes it may not have, and the damaged parts it is refused for,
each with one located message from `build` and `template inspect` alike, and nothing written."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_templates import (
    BILLION_LAUGHS,
    EXTERNAL_TARGETS,
    LAYOUT,
    MASTER,
    THEME,
    deck_problems,
    document_properties,
    edited,
    external_links,
    macros,
    ole_and_activex,
    parts_of,
    replace_in,
    set_part,
    slide_size,
    write_parts,
)
from pptx import Presentation
from template_maker import LOGO_NAME, make_template

from deckgen import package
from deckgen.cli import cli

from conftest import VALID_DECK, VALID_ISSUE

ROOT = Path(__file__).parents[1]
ASSETS = ROOT / "assets"


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """A one-issue content set: quick to build, and every slide kind a template places."""
    folder = tmp_path_factory.mktemp("set") / "en"
    (folder / "issues").mkdir(parents=True)
    (folder / "deck.yaml").write_text(VALID_DECK, encoding="utf-8")
    (folder / "issues" / "01-a.yaml").write_text(VALID_ISSUE, encoding="utf-8")
    return folder


CONTENT_EN = ROOT / "content" / "en"
"""The set every test here builds: the one-issue set once the fixture below has run."""


@pytest.fixture(autouse=True)
def _small_set(content):
    global CONTENT_EN
    CONTENT_EN = content


def _build(template: Path, tmp_path: Path, *extra: str):
    output = tmp_path / "deck.pptx"
    result = CliRunner().invoke(
        cli, ["build", str(CONTENT_EN), "-o", str(output), "--assets", str(ASSETS), "--template", str(template), *extra]
    )
    assert "Traceback" not in result.output
    return result, output


def _refused(template: Path, tmp_path: Path) -> str:
    """Return the one message `build` and `template inspect` both refuse TEMPLATE with; nothing is written."""
    result, output = _build(template, tmp_path)
    assert result.exit_code == 1, result.output
    assert not output.exists()
    assert os.listdir(tmp_path) == [template.name] or set(os.listdir(tmp_path)) <= {template.name, "t.pptx"}
    inspect = CliRunner().invoke(cli, ["template", "inspect", str(template)])
    assert inspect.exit_code == 1, inspect.output
    assert inspect.output.strip() == result.output.strip()
    return result.output.strip()


def _built(template: Path, tmp_path: Path) -> Path:
    result, output = _build(template, tmp_path)
    assert result.exit_code == 0, result.output
    assert deck_problems(output) == []
    return output


# --- never carried into a deck -------------------------------------------------------------------------------


def test_external_links_in_a_master_and_layout_never_reach_the_deck(tmp_path):
    template = edited(tmp_path / "linked.pptx", external_links)
    assert all(target.encode() in b"".join(parts_of(template).values()) for target in EXTERNAL_TARGETS)
    deck = _built(template, tmp_path)
    prs = Presentation(str(deck))
    master_shapes = [shape.name for shape in prs.slide_masters[0].shapes]
    assert LOGO_NAME in master_shapes  # the template's own embedded logo stays, its hyperlink gone
    assert not any(name.startswith(("Linked", "Layout beacon")) for name in master_shapes)
    assert b"hlinkClick" not in parts_of(deck)[MASTER]
    inspect = CliRunner().invoke(cli, ["template", "inspect", str(template)])
    assert "left out of every deck: document properties, external links, printer settings, thumbnail" in inspect.output


def test_a_macro_enabled_template_gives_a_plain_presentation(tmp_path):
    template = edited(tmp_path / "macros.pptm", macros)
    deck = _built(template, tmp_path)
    types = parts_of(deck)["[Content_Types].xml"]
    assert b"presentationml.presentation.main+xml" in types and b"vbaProject" not in types
    assert "ppt/vbaProject.bin" not in parts_of(deck)


def test_a_pptx_holding_a_macro_project_loses_it(tmp_path):
    template = edited(tmp_path / "hidden.pptx", lambda parts: macros(parts, macro_enabled=False))
    assert "ppt/vbaProject.bin" not in parts_of(_built(template, tmp_path))


def test_ole_objects_and_activex_controls_on_the_master_are_left_out(tmp_path):
    template = edited(tmp_path / "ole.pptx", ole_and_activex)
    deck = _built(template, tmp_path)
    master = parts_of(deck)[MASTER]
    assert b"AlternateContent" not in master and b"controls" not in master
    assert LOGO_NAME.encode() in master
    assert not any(name.startswith(("ppt/embeddings/", "ppt/activeX/")) for name in parts_of(deck))


def test_the_templates_document_properties_and_custom_xml_never_reach_the_deck(tmp_path):
    template = edited(tmp_path / "props.pptx", document_properties)
    deck = _built(template, tmp_path)
    assert not any(
        name.startswith("customXml/") or name in ("docProps/custom.xml", "docProps/app.xml") for name in parts_of(deck)
    )
    props = Presentation(str(deck)).core_properties
    assert (props.identifier, props.last_modified_by) == ("", "deckgen")


def test_the_fuzz_property_holds_for_a_template_with_everything_at_once(tmp_path):
    def everything(parts):
        for edit in (external_links, macros, ole_and_activex, document_properties):
            edit(parts)

    deck = _built(edited(tmp_path / "all.potx", everything), tmp_path)
    assert len(Presentation(str(deck)).slides) >= 4


# --- what a template may not be -----------------------------------------------------------------------------


def test_the_template_is_an_input_and_never_written_over(tmp_path):
    template = make_template(tmp_path / "t.pptx")
    before = template.read_bytes()
    result = CliRunner().invoke(
        cli, ["build", str(CONTENT_EN), "-o", str(template), "--assets", str(ASSETS), "--template", str(template)]
    )
    assert result.exit_code == 1
    assert (
        result.output.strip() == f"{template}: this command reads {template}; it never writes over its "
        f"input: choose another output"
    )
    assert template.read_bytes() == before
    assert os.listdir(tmp_path) == ["t.pptx"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_named_as_template_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.pptx"
    os.mkfifo(fifo)
    assert _refused(fifo, tmp_path) == (
        f"{fifo}: template pipe.pptx is not a regular file (a pipe, device or folder): give a .pptx or .potx file"
    )


def test_a_device_named_as_template_is_refused_unread(tmp_path):
    result, output = _build(Path("/dev/zero"), tmp_path)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "/dev/zero: template zero is not a regular file (a pipe, device or folder): give a .pptx or .potx file"
    )
    assert not output.exists()


def test_a_template_larger_than_the_cap_is_refused_unread(tmp_path, monkeypatch):
    template = make_template(tmp_path / "big.pptx")
    monkeypatch.setattr(package, "MAX_TEMPLATE_BYTES", 10 * 1024)
    size = template.stat().st_size
    assert 10 * 1024 < size < 1024 * 1024
    assert _refused(template, tmp_path) == (
        f"{template}: template big.pptx is {size / 1024:.0f} KB, larger than the 10 KB deckgen reads: save it "
        f"with compressed pictures and without embedded media (PowerPoint: File > Compress Pictures) and build "
        f"again"
    )


def test_a_part_that_inflates_past_the_cap_is_refused(tmp_path):
    def bomb(parts):
        parts["ppt/media/bomb.xml"] = b"<a>" + b" " * (package.MAX_MEMBER_BYTES + 10) + b"</a>"

    template = edited(tmp_path / "bomb.pptx", bomb)
    assert template.stat().st_size < 1024 * 1024  # a small file...
    assert _refused(template, tmp_path) == (  # ...never inflated whole
        f"{template}: template bomb.pptx: its part ppt/media/bomb.xml unpacks to more than 64 MB: deckgen "
        f"refuses it as damaged or hostile"
    )


def test_a_part_whose_declared_size_lies_is_refused_as_damaged(tmp_path):
    template = make_template(tmp_path / "liar.pptx")
    data = bytearray(template.read_bytes())
    # shrink every declared size in the central directory: inflating stops there, and the check sum fails
    for match in re.finditer(rb"PK\x01\x02", bytes(data)):
        data[match.start() + 24 : match.start() + 28] = (3).to_bytes(4, "little")
    template.write_bytes(bytes(data))
    assert _refused(template, tmp_path) == (
        f"{template}: template liar.pptx is not a PowerPoint file (.pptx or .potx): it looks damaged"
    )


def test_a_template_of_too_many_parts_is_refused(tmp_path):
    def many(parts):
        for i in range(package.MAX_MEMBERS + 1):
            parts[f"ppt/junk/{i}.xml"] = b"<a/>"

    template = edited(tmp_path / "many.pptx", many)
    count = len(parts_of(template))
    assert _refused(template, tmp_path) == (
        f"{template}: template many.pptx holds {count} parts, more than the "
        f"2000 deckgen reads: it is damaged or no template"
    )


def test_a_16_by_9_template_of_another_size_is_refused_with_the_reason(tmp_path):
    template = edited(tmp_path / "google.pptx", slide_size(9144000, 5143500))  # 10 x 5.625 in
    assert _refused(template, tmp_path) == (
        f"{template}: template google.pptx has 25.40 x 14.29 cm slides: 16:9, but deckgen draws on 33.87 x 19.05 "
        f"cm slides and its text would run off these: set the size (PowerPoint: Design > Slide Size > Custom Slide "
        f"Size: 33.867 x 19.05 cm, then Ensure Fit) and build again"
    )


# --- damaged parts: one guarded parser, the part named ------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            replace_in(THEME, b'name="Office Theme"', b'name="&nowhere;"'),
            "its part ppt/theme/theme1.xml is not readable XML (line 2, column 89: Entity 'nowhere' not defined)",
        ),
        (
            set_part(LAYOUT, BILLION_LAUGHS),
            "its part ppt/slideLayouts/slideLayout2.xml declares a DTD, which no PowerPoint file has",
        ),
        (
            lambda parts: parts.__setitem__(LAYOUT, parts[LAYOUT][:300]),
            "its part ppt/slideLayouts/slideLayout2.xml is not readable XML (line 2, column 245: AttValue: \" or ' "
            "expected)",
        ),
        (
            replace_in(THEME, b'name="Office Theme"', b'name="Th\xe9me"'),
            "its part ppt/theme/theme1.xml is not readable XML (line 2, column 82: Invalid bytes in character "
            "encoding)",
        ),
        (slide_size("wide", 6858000), "in its part ppt/presentation.xml, sldSz cx='wide' is not a whole number"),
        (
            replace_in(LAYOUT, b'idx="1"', b'idx="one"'),
            "in its part ppt/slideLayouts/slideLayout2.xml, ph idx='one' is not a whole number",
        ),
        (
            replace_in(LAYOUT, b'<p:ph type="title"/>', b'<p:ph type=""/>'),
            "in its part ppt/slideLayouts/slideLayout2.xml, ph type='' is not a placeholder type",
        ),
        (
            lambda parts: parts.__setitem__("[Content_Types].xml", parts["[Content_Types].xml"][:200]),
            "its part [Content_Types].xml is not readable XML (line 2, column 145: Specification mandates value for "
            "attribute Extension)",
        ),
        (
            replace_in(
                "ppt/_rels/presentation.xml.rels",
                b'Target="slideMasters/slideMaster1.xml"',
                b'Target="slideMasters/nowhere.xml"',
            ),
            "a part it refers to, ppt/slideMasters/nowhere.xml, is not in it",
        ),
    ],
    ids=[
        "undefined-entity",
        "billion-laughs",
        "truncated",
        "not-utf8",
        "size-not-a-number",
        "idx-not-a-number",
        "ph-type",
        "content-types",
        "missing-part",
    ],
)
def test_a_damaged_part_is_named_by_build_and_inspect_alike(tmp_path, edit, message):
    template = edited(tmp_path / "t.pptx", edit)
    assert _refused(template, tmp_path) == f"{template}: template t.pptx is damaged: {message}"


def test_a_missing_slide_master_is_reported_as_such(tmp_path):
    template = edited(
        tmp_path / "t.pptx",
        lambda parts: parts.__setitem__(
            "ppt/presentation.xml",
            re.sub(rb"<p:sldMasterIdLst>.*?</p:sldMasterIdLst>", b"", parts["ppt/presentation.xml"]),
        ),
    )
    assert _refused(template, tmp_path) == (
        f"{template}: template t.pptx has no slide master: it is damaged; open "
        f"it in PowerPoint, save it again and build again"
    )


def test_inspect_refuses_a_layouts_key_that_is_no_slide_kind_as_build_does(tmp_path):
    template = make_template(tmp_path / "t.pptx")
    theme = tmp_path / "partner.yaml"
    theme.write_text("name: partner\nlayouts:\n  statsu: Два объекта\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["template", "inspect", str(template), "--theme", str(theme)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"{theme}:2:1: layouts: statsu: no such slide kind; did you mean 'status'?"


def test_a_zip_member_named_outside_the_package_is_never_written_anywhere(tmp_path):
    template = make_template(tmp_path / "t.pptx")
    parts = parts_of(template)
    parts["../../escape.txt"] = b"x"
    write_parts(template, parts)
    _built(template, tmp_path)
    assert not (tmp_path.parent / "escape.txt").exists()
    with zipfile.ZipFile(tmp_path / "deck.pptx") as deck:
        assert not any(".." in name for name in deck.namelist())


# --- LibreOffice fetches nothing ----------------------------------------------------------------------------


@pytest.mark.realclient
def test_build_pdf_of_a_template_with_external_links_fetches_nothing(tmp_path):
    """A listener on 127.0.0.1 stands where the template's links lead: `build --pdf` never calls it."""
    import http.server
    import threading

    requests: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802  the name http.server calls
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:

        def linked(parts):
            external_links(parts)
            for name in list(parts):
                parts[name] = (
                    parts[name]
                    .replace(b"127.0.0.1:9", f"127.0.0.1:{port}".encode())
                    .replace(b"https://tracker.example", f"http://127.0.0.1:{port}".encode())
                )

        template = edited(tmp_path / "linked.pptx", linked)
        result, output = _build(template, tmp_path, "--pdf")
        assert result.exit_code == 0, result.output
        assert output.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
    finally:
        server.shutdown()
        server.server_close()
    assert requests == []
