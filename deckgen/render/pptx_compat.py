"""Every use of python-pptx's private API, behind small functions the rest of deckgen/render calls.

python-pptx is pinned (pyproject.toml) and every private name used here is
listed in PRIVATE_API, which tests/test_pptx_compat.py checks against the
installed python-pptx; the same test fails when any other module of deckgen
reaches into python-pptx's private objects. Three kinds of use:

- XML elements: the lxml element behind a paragraph, run, font, shape,
  presentation, master or data labels, for deckgen/render/oxml.py to write the
  DrawingML python-pptx has no API for;
- chart_data(): chart data whose embedded workbook carries a fixed creation
  time instead of the current one;
- linear_build(): linear-time slide building, below.

Linear-time slide building, with stock python-pptx's exact output:

python-pptx 1.0.2 walks the whole package, or the presentation's whole
relationship list, for every slide, picture and notes page it adds (see
scanny/python-pptx#644 and the unmerged #646), so a deck's build time grows
with the square of its slides. `linear_build(prs)` gives that one
presentation indexes that make each step constant time:

- partnames (`next_partname`, `next_image_partname`): the names in use per
  prefix, read from the package once, then kept up to date as names are handed out;
- images (`get_or_add_image_part`): image parts by SHA1, so a logo on every
  slide is found without walking every relationship;
- the presentation's relationships (`get_or_add`): rId by (type, target);
- slide ids (`add_slide`): the largest id in use.

The replacements return what the stock methods would, provided parts are only
added while the indexes live: the renderer never drops or renames a part. They
are set on the presentation's own objects, never on python-pptx's classes, and
removed on leaving the block. They stand in for stock methods read from
python-pptx 1.0.2; when the installed python-pptx differs in version or in any
of those methods' source, `applies()` is false and the block leaves the stock
(slower, equally correct) methods in place.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import inspect
import itertools
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pptx
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import OpcPackage, _Relationships
from pptx.opc.packuri import PackURI
from pptx.oxml.presentation import CT_SlideIdList
from pptx.package import Package, _ImageParts
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.shapes.shapetree import SlideShapes, _BaseShapes
from pptx.slide import NotesSlide, Slides

if TYPE_CHECKING:
    from pptx.chart.data import CategoryChartData

PPTX_VERSION = "1.0.2"
"""The python-pptx version this module was written against (pinned in pyproject.toml)."""

PRIVATE_API = (
    # the XML elements oxml.py writes
    "pptx.text.text:_Paragraph._p",
    "pptx.oxml.text:CT_TextParagraph.get_or_add_pPr",
    "pptx.text.text:_Run._r",
    "pptx.oxml.text:CT_RegularTextRun.get_or_add_rPr",
    "pptx.text.text:Font._rPr",
    "pptx.shapes.base:BaseShape._element",
    "pptx.shapes.shapetree:_BaseShapes._spTree",
    "pptx.text.text:TextFrame._bodyPr",
    "pptx.text.text:TextFrame._txBody",
    "pptx.parts.presentation:PresentationPart._element",
    "pptx.slide:SlideMaster._element",
    "pptx.chart.datalabel:DataLabels._element",
    # chart_data(): the embedded workbook's creation time
    "pptx.chart.xlsx:CategoryWorkbookWriter",
    "pptx.chart.xlsx:CategoryWorkbookWriter._open_worksheet",
    "pptx.chart.data:CategoryChartData._workbook_writer",
    # linear_build()
    "pptx.opc.package:OpcPackage.next_partname",
    "pptx.opc.package:Part._rels",
    "pptx.opc.package:_Relationships",
    "pptx.opc.package:_Relationships.get_or_add",
    "pptx.opc.package:_Relationships._get_matching",
    "pptx.opc.package:_Relationships._add_relationship",
    "pptx.opc.package:_Relationships._rels",
    "pptx.opc.packuri:PackURI",
    "pptx.package:Package.next_image_partname",
    "pptx.package:Package._image_parts",
    "pptx.package:_ImageParts",
    "pptx.package:_ImageParts.get_or_add_image_part",
    "pptx.package:_ImageParts._find_by_sha1",
    "pptx.parts.image:Image.from_file",
    "pptx.parts.image:ImagePart.new",
    "pptx.parts.image:ImagePart._native_size",
    "pptx.slide:Slides.add_slide",
    "pptx.slide:Slides._sldIdLst",
    "pptx.oxml.presentation:CT_SlideIdList",
    "pptx.oxml.presentation:CT_SlideIdList._next_id",
    "pptx.parts.slide:SlidePart._add_notes_slide_part",
    "pptx.parts.slide:NotesSlidePart._add_notes_slide_part",
    "pptx.shapes.shapetree:_BaseShapes",
    "pptx.shapes.shapetree:_BaseShapes.clone_placeholder",
    # package_parts()
    "pptx.opc.package:OpcPackage._rels",
    "pptx.opc.serialized:PackageWriter",
    "pptx.opc.serialized:PackageWriter._write_content_types_stream",
    "pptx.opc.serialized:PackageWriter._write_pkg_rels",
    "pptx.opc.serialized:PackageWriter._write_parts",
    "pptx.oxml.presentation:CT_SlideIdList._add_sldId",
    # default_package_parts(): the package python-pptx's Presentation() opens, deckgen's own master's base
    "pptx/templates/default.pptx",
)
"""Each private (or internal-module) name of python-pptx this module uses, as "module:Class.attribute", and
each file of its package it reads, as a path from its folder's parent ("pptx/...")."""


# -- python-pptx's default package -------------------------------------------------------------------------


@functools.cache
def _default_package() -> bytes:
    from pathlib import Path

    return (Path(str(pptx.__file__)).parent / "templates" / "default.pptx").read_bytes()


def default_package_parts() -> dict[str, bytes]:
    """Return the parts of the package python-pptx's Presentation() starts from (its master is replaced)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(_default_package())) as package:
        return {name: package.read(name) for name in package.namelist()}


# -- XML elements -------------------------------------------------------------------------------------------


def paragraph_element(paragraph):
    """Return PARAGRAPH's a:p element."""
    return paragraph._p


def paragraph_properties(paragraph):
    """Return PARAGRAPH's a:pPr element, added (where the schema wants it) if it has none."""
    return paragraph._p.get_or_add_pPr()


def run_properties(run):
    """Return RUN's a:rPr element, added (where the schema wants it) if it has none."""
    return run._r.get_or_add_rPr()


def font_properties(font):
    """Return the element a python-pptx Font writes to: a run's a:rPr, or a text style's a:defRPr."""
    return font._rPr


def shape_element(shape):
    """Return SHAPE's element in the slide's shape tree (p:sp, p:pic, p:graphicFrame...)."""
    return shape._element


def body_properties(frame):
    """Return a text FRAME's a:bodyPr element."""
    return frame._bodyPr


def text_body(frame):
    """Return a text FRAME's p:txBody (or a:txBody) element."""
    return frame._txBody


def shape_tree(slide):
    """Return SLIDE's p:spTree element (its shapes, in reading and z-order)."""
    return slide.shapes._spTree


def parse_fragment(xml: str):
    """Return XML (with its namespaces declared) parsed into python-pptx's element classes, so the shapes it
    holds behave as python-pptx's own once they are in a slide's tree."""
    from pptx.oxml import parse_xml

    return parse_xml(xml)


def presentation_element(prs):
    """Return the p:presentation element of PRS (its default text style, slide size...)."""
    return prs.part._element


def master_element(master):
    """Return the p:sldMaster element of a slide MASTER."""
    return master._element


def data_labels_element(data_labels):
    """Return the c:dLbls element of a chart's DATA_LABELS."""
    return data_labels._element


# -- chart data ---------------------------------------------------------------------------------------------


@functools.cache
def _fixed_time_chart_data() -> type:
    """Return the chart data class below, made on first use: python-pptx's chart data imports XlsxWriter,
    a tenth of a second that a deck without native charts does not spend."""
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter

    class _FixedTimeWorkbookWriter(CategoryWorkbookWriter):
        """Writes the chart's embedded workbook with a fixed creation time, so identical decks are identical bytes."""

        def __init__(self, chart_data, created: datetime):
            super().__init__(chart_data)
            self._created = created

        @contextmanager
        def _open_worksheet(self, xlsx_file):
            # python-pptx (pinned) opens the workbook here; XlsxWriter would stamp it with the current time.
            with super()._open_worksheet(xlsx_file) as (workbook, worksheet):
                workbook.set_properties({"created": self._created})
                yield workbook, worksheet

    class _FixedTimeChartData(CategoryChartData):
        """Category chart data whose embedded workbook is deterministic."""

        def __init__(self, created: datetime, number_format: str):
            super().__init__(number_format=number_format)
            self._created = created

        @property
        def _workbook_writer(self):
            return _FixedTimeWorkbookWriter(self, self._created)

    return _FixedTimeChartData


def chart_data(created: datetime, number_format: str = "General") -> CategoryChartData:
    """Return empty category chart data whose embedded workbook says it was CREATED (naive), not now."""
    return _fixed_time_chart_data()(created, number_format)


# -- the package's parts, serialized -----------------------------------------------------------------------


def package_parts(prs) -> tuple[dict[str, bytes], list[str]]:
    """Return the parts PRS.save() would zip (name -> bytes) and their order in the zip.

    The same bytes as saving and reading the zip back, without deflating every part to inflate it
    again: the writer (package.write_package) deflates them once, in its own deterministic zip.
    """
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    collected = _Collected()
    writer = PackageWriter(None, package._rels, tuple(package.iter_parts()))  # type: ignore[arg-type]
    writer._write_content_types_stream(collected)  # type: ignore[arg-type]
    writer._write_pkg_rels(collected)  # type: ignore[arg-type]
    writer._write_parts(collected)  # type: ignore[arg-type]
    return collected.parts, collected.names


class _Collected:
    """Stands in for python-pptx's zip writer (_ZipPkgWriter.write): keeps each member's name and bytes."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}
        self.names: list[str] = []

    def write(self, pack_uri, blob: bytes) -> None:
        name = pack_uri.membername
        if name not in self.parts:
            self.names.append(name)
        self.parts[name] = blob


# -- linear-time slide building -----------------------------------------------------------------------------

STOCK_SOURCES = {
    "OpcPackage.next_partname": "ea0900f8af6b316fa9bece9dc15f1e4e1306d7acb2a53615ec440c09346ad390",
    "Package.next_image_partname": "f23a41a10db80d809978020ffa95e980abd52473ee572bb41d3344c636bb94f5",
    "_ImageParts.get_or_add_image_part": "8bc476a2bf631df1e77eacd881fedd861b1ac95821f7eb05dea3d6bcde984161",
    "_ImageParts._find_by_sha1": "559d56855e94db9cf4ee5e95f21bacd23187394996f907dc4ffbb496238807c3",
    "_Relationships.get_or_add": "e1abd9758b358c41a61b8db5fa9c186fa25d66f5905eee0411fd34d27826e523",
    "_Relationships._get_matching": "0126b90d694f9afa55abaf94a971664800112a7ad4e7134609c4ec2f7e0a657a",
    "Slides.add_slide": "4583378329623bc1c584f6b57fa0ed56f1dd1b2faf846d40c8a17d3c1b7e0de2",
    "ImagePart.scale": "d9b7cbac683ad8d01f3def06329b5bc93b1eb876a3814d51654445e0292bdf3f",
    "CT_SlideIdList._next_id": "a0380645432d73ab04e83d5a93d693dfcdce2e58fb932d6ac39b9bab6d6ff65f",
    "SlideShapes.clone_layout_placeholders": "109a38c76a7911ac5db01b25683bdf19e45c404a89bb09f16fa13efae8a9957a",
    "_BaseShapes.clone_placeholder": "678ecbc1ea2d90a52309c5c8245a96e3ee6ac824d3c3504d4bf4544a76aea162",
    "SlidePart._add_notes_slide_part": "15a0e4fc658c9e694d2cadc269768ac1c139ca8430699f9d59ebac2e3bc71947",
    "NotesSlidePart.new": "37a33e191f9eb4be197a76ebf8d1bdd96b45db19c59a28b02b32c0d68985033a",
    "NotesSlidePart._add_notes_slide_part": "b63cfe3ec05b40e0414c26a58459c74623e7cfa2217f7a04f2a05231d1357511",
    "NotesSlide.clone_master_placeholders": "fa163d3a41a465744897ae98edddd16d6fb82973769a73f6a804d21e9480c124",
}
"""SHA-256 of the source of each stock method whose behaviour the replacements reproduce."""

_STOCK = {
    "OpcPackage.next_partname": OpcPackage.next_partname,
    "Package.next_image_partname": Package.next_image_partname,
    "_ImageParts.get_or_add_image_part": _ImageParts.get_or_add_image_part,
    "_ImageParts._find_by_sha1": _ImageParts._find_by_sha1,
    "_Relationships.get_or_add": _Relationships.get_or_add,
    "_Relationships._get_matching": _Relationships._get_matching,
    "Slides.add_slide": Slides.add_slide,
    "ImagePart.scale": ImagePart.scale,
    "SlideShapes.clone_layout_placeholders": SlideShapes.clone_layout_placeholders,
    "_BaseShapes.clone_placeholder": _BaseShapes.clone_placeholder,
    "SlidePart._add_notes_slide_part": SlidePart._add_notes_slide_part,
    "NotesSlidePart.new": NotesSlidePart.new,
    "NotesSlidePart._add_notes_slide_part": NotesSlidePart._add_notes_slide_part,
    "NotesSlide.clone_master_placeholders": NotesSlide.clone_master_placeholders,
    # a property, which mypy sees as its getter
    "CT_SlideIdList._next_id": CT_SlideIdList._next_id.fget,  # type: ignore[attr-defined]
}


def stock_source_digest(name: str) -> str:
    """Return the SHA-256 of the installed python-pptx's source of the stock method NAME."""
    return hashlib.sha256(inspect.getsource(_STOCK[name]).encode("utf-8")).hexdigest()


def stock_files_digest() -> str:
    """Return the SHA-256 of the installed python-pptx's files that hold the stock methods (their bytes)."""
    files = sorted({sys.modules[getattr(method, "__module__", "")].__file__ or "" for method in _STOCK.values()})
    digest = hashlib.sha256()
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


STOCK_FILES = "04f1dec437b56b843ef033356087558c5a26b54c4ea43036c70988347cc05994"
"""stock_files_digest() of python-pptx 1.0.2 as released: when the files are these, so is every stock method."""


@functools.cache
def applies() -> bool:
    """Return whether the installed python-pptx is the one the replacements reproduce.

    Reading the few files the stock methods live in is quick; only when they differ (a patched install)
    is each method's source found and compared (inspect.getsource: tens of milliseconds per build).
    """
    if pptx.__version__ != PPTX_VERSION:
        return False
    try:
        if stock_files_digest() == STOCK_FILES:
            return True
        return all(stock_source_digest(name) == digest for name, digest in STOCK_SOURCES.items())
    except (OSError, TypeError, KeyError):  # no source to compare (e.g. a zipped install): trust nothing
        return False


@contextmanager
def linear_build(prs):
    """Give PRS constant-time partnames, image lookup, relationships and slide ids inside the block."""
    if not applies():
        yield prs
        return
    package = prs.part.package
    slide_ids = _SlideIds(prs.slides)
    replaced = [
        (package, "next_partname", _PartnameIndex(package).next_partname),
        (package, "next_image_partname", _ImageIndex(package).next_image_partname),
        (package._image_parts, "get_or_add_image_part", _Sha1Index(package).get_or_add_image_part),
        (prs.part._rels, "get_or_add", _RelationshipIndex(prs.part._rels).get_or_add),
        (prs.slides, "add_slide", slide_ids.add_slide),
    ]
    for owner, name, method in replaced:
        setattr(owner, name, method)
    try:
        yield prs
    finally:
        for owner, name, _ in replaced:
            delattr(owner, name)
        slide_ids.close()


class _PartnameIndex:
    """OpcPackage.next_partname, with the names in use per prefix read from the package once."""

    def __init__(self, package):
        self._package = package
        self._by_prefix: dict[str, set[str]] = {}

    def next_partname(self, tmpl: str) -> PackURI:
        """Return the partname stock next_partname would, and count it as in use."""
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = self._by_prefix.get(prefix)
        if names is None:
            names = {p.partname for p in self._package.iter_parts() if p.partname.startswith(prefix)}
            self._by_prefix[prefix] = names
        for n in range(len(names) + 1, 0, -1):  # as stock: the expected name first, then gaps from the top
            candidate = tmpl % n
            if candidate not in names:
                names.add(candidate)
                return PackURI(candidate)
        raise AssertionError("more partnames than numbers")  # pragma: no cover


class _ImageIndex:
    """Package.next_image_partname, with the image numbers in use read from the package once."""

    def __init__(self, package):
        self._package = package
        self._used: set[int] | None = None
        self._lowest_free = 1

    def next_image_partname(self, ext: str) -> PackURI:
        """Return the partname stock next_image_partname would (the lowest free number), and count it as in use."""
        if self._used is None:
            self._used = {
                part.partname.idx
                for part in self._package.iter_parts()
                if part.partname.startswith("/ppt/media/image") and part.partname.idx is not None
            }
        while self._lowest_free in self._used:
            self._lowest_free += 1
        self._used.add(self._lowest_free)
        return PackURI(f"/ppt/media/image{self._lowest_free}.{ext}")


class _Sha1Index:
    """_ImageParts.get_or_add_image_part, with image parts found by SHA1 in a dict."""

    def __init__(self, package):
        self._package = package
        self._by_sha1: dict[str, ImagePart] | None = None

    def get_or_add_image_part(self, image_file) -> ImagePart:
        """Return the package's image part holding IMAGE_FILE's bytes, adding one if there is none."""
        if self._by_sha1 is None:
            self._by_sha1 = {}
            for part in self._package._image_parts:
                if hasattr(part, "sha1"):  # as stock: skip image types it cannot read, like SVG
                    self._by_sha1.setdefault(part.sha1, part)  # the first found wins, as in stock
        image = Image.from_file(image_file)
        part = self._by_sha1.get(image.sha1)
        if part is None:
            part = self._by_sha1[image.sha1] = ImagePart.new(self._package, image)
            # Stock scale() decodes the image twice on every call (its dpi, its size) for the native size,
            # even when both sides are given: a logo on every slide is decoded once here.
            part.scale = functools.partial(  # type: ignore[method-assign]
                _scale, part, functools.cache(lambda: part._native_size)
            )
        return part


def _scale(part, native_size, scaled_cx, scaled_cy) -> tuple[int, int]:
    """ImagePart.scale (python-pptx 1.0.2) with the native size computed once: NATIVE_SIZE() gives it.

    Its answers are stock's, so it stays on the part after linear_build's block.
    """
    image_cx, image_cy = native_size()
    if scaled_cx and scaled_cy:
        return scaled_cx, scaled_cy
    if scaled_cx and not scaled_cy:
        scaling_factor = float(scaled_cx) / float(image_cx)
        return scaled_cx, int(round(image_cy * scaling_factor))
    if not scaled_cx and scaled_cy:
        scaling_factor = float(scaled_cy) / float(image_cy)
        return int(round(image_cx * scaling_factor)), scaled_cy
    return image_cx, image_cy


class _RelationshipIndex:
    """_Relationships.get_or_add for one (large) collection, with rIds found by (type, target) in a dict."""

    def __init__(self, collection):
        self._collection = collection
        self._index: dict[tuple[str, object], str] = {}
        self._seen = 0

    def get_or_add(self, reltype: str, target_part) -> str:
        """Return the rId of RELTYPE to TARGET_PART, adding the relationship if there is none."""
        if len(self._collection) != self._seen:  # added to some other way (or first use): index the rest
            self._catch_up()
        key = (reltype, target_part)
        rId = self._index.get(key)
        if rId is None:
            rId = self._index[key] = self._collection._add_relationship(reltype, target_part)
            self._seen += 1
        return rId

    def _catch_up(self) -> None:
        # Relationships are added at the end of the collection's dict and, while the index
        # lives, never removed; so the entries past the ones seen are the new ones.
        entries = self._collection._rels
        if len(entries) < self._seen:
            raise AssertionError("a relationship was removed during linear_build")
        for rel in itertools.islice(entries.values(), self._seen, None):
            if not rel.is_external:
                self._index.setdefault((rel.reltype, rel.target_part), rel.rId)  # the first wins, as in stock
        self._seen = len(entries)


class _SlideIds:
    """Slides.add_slide, with the largest slide id in use kept instead of read from every p:sldId, and each
    new slide's placeholders and speaker-notes page copied from the first slide made of the same layout.

    Stock add_slide clones the layout's placeholders one by one, searching the slide's shapes for each
    id and name; a notes page clones the notes master's the same way. On a new slide (or notes page)
    the result depends on the layout (the notes master) alone, so the first one's elements are kept
    and copied: the same XML, without the searches.
    """

    def __init__(self, slides):
        self._slides = slides
        self._largest: int | None = None
        self._placeholders: dict[int, tuple[object, list]] = {}
        """Per layout (by id, the layout kept beside it): the placeholder elements cloned onto its first slide."""
        self._notes: Any = None
        """The first notes page's element as stock made it, before any text: a new notes page's copy."""
        self._notes_master: Any = None
        self._patched: list = []

    def add_slide(self, slide_layout):
        """Return a newly added slide that inherits its layout from SLIDE_LAYOUT, as stock add_slide."""
        slides = self._slides
        if self._largest is None:
            self._largest = slides._sldIdLst._next_id - 1
        rId, slide = slides.part.add_slide(slide_layout)
        self._clone_layout_placeholders(slide, slide_layout)
        slide.part._add_notes_slide_part = functools.partial(self._add_notes_slide_part, slide.part)
        self._patched.append(slide.part)
        next_id = self._largest + 1
        if next_id > _MAX_SLIDE_ID:  # stock then searches for a gap; so do we
            next_id = slides._sldIdLst._next_id
        slides._sldIdLst._add_sldId(id=next_id, rId=rId)
        self._largest = max(self._largest, next_id)
        return slide

    def _clone_layout_placeholders(self, slide, slide_layout) -> None:
        """Add SLIDE_LAYOUT's placeholders to the new SLIDE, as stock clone_layout_placeholders does."""
        tree = slide.shapes._spTree
        known = self._placeholders.get(id(slide_layout))
        if known is not None and known[0] is slide_layout:
            for element in known[1]:
                tree.append(copy.deepcopy(element))  # a new slide's tree ends with them (it has no p:extLst)
            return
        before = len(tree)
        slide.shapes.clone_layout_placeholders(slide_layout)
        self._placeholders[id(slide_layout)] = (slide_layout, [copy.deepcopy(e) for e in tree[before:]])

    def _add_notes_slide_part(self, slide_part):
        """Return a new notes page for SLIDE_PART, related both ways, as stock SlidePart._add_notes_slide_part."""
        package = slide_part.package
        if self._notes is None:
            notes_part = NotesSlidePart.new(package, slide_part)
            self._notes = copy.deepcopy(notes_part.notes_slide._element)
            self._notes_master = package.presentation_part.notes_master_part
        else:
            # as stock NotesSlidePart._add_notes_slide_part, then clone_master_placeholders (copied)
            notes_part = NotesSlidePart(
                package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                CT.PML_NOTES_SLIDE,
                package,
                copy.deepcopy(self._notes),
            )
            notes_part.relate_to(self._notes_master, RT.NOTES_MASTER)
            notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part

    def close(self) -> None:
        """Leave every slide made in the block with stock python-pptx's notes pages."""
        for part in self._patched:
            del part._add_notes_slide_part
        self._patched.clear()


_MAX_SLIDE_ID = 2147483647
