"""python-pptx's private API, used in deckgen/render/pptx_compat.py alone: there on the pinned version, nowhere else.

And the linear-time python-pptx paths: the same package as stock python-pptx, and in use.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from unittest import mock

import pptx
import pytest
from pptx.opc.package import OpcPackage, _Relationships
from pptx.oxml.presentation import CT_SlideIdList

from deckgen.prepare import prepare
from deckgen.render import pptx_compat
from deckgen.render.slides import render_deck
from deckgen.render.write import deterministic_bytes

ROOT = Path(__file__).parents[1]

ISSUE = """\
title: Issue number {k}
review:
  cycle: 3
  total: {total}
  counts:
    implemented: {k}
    partially_implemented: 5
    not_implemented: 3
  findings:
    - status: implemented
      summary: ratification of the protocol.
      text:
        - The protocol was ratified.
    - status: not_implemented
      points:
{points}
recommendations:
{recommendations}
notes: What to say about issue {k}.
"""


def _issue(k: int) -> str:
    points = "\n".join(
        f"        - Point {i} of a long list that fills a slide of its own, and more." for i in range(12)
    )
    recommendations = "\n".join(f"  - Recommendation {i} to the State on issue {k}." for i in range(8))
    return ISSUE.format(k=k, total=k + 8, points=points, recommendations=recommendations)


@pytest.fixture
def plan(make_content):
    """Return a planned deck of 12 issues: title and footer logos, a chart and notes per issue, several slides each."""
    content = make_content({f"issues/{k:02d}-issue.yaml": _issue(k) for k in range(1, 13)})
    return prepare(content).plan


def _stock_bytes(plan) -> bytes:
    with mock.patch.object(pptx_compat, "applies", return_value=False):
        return deterministic_bytes(render_deck(plan))


def test_the_deck_is_byte_identical_to_stock_python_pptx(plan):
    assert len(plan.slides) >= 40
    assert deterministic_bytes(render_deck(plan)) == _stock_bytes(plan)


def test_a_later_slide_added_after_the_build_is_named_as_stock_names_it(plan):
    """The indexes leave with the block: what the caller adds afterwards sees stock python-pptx."""
    fast, stock = render_deck(plan), None
    with mock.patch.object(pptx_compat, "applies", return_value=False):
        stock = render_deck(plan)
    for prs in (fast, stock):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        slide.notes_slide.notes_text_frame.text = "added later"
        slide.shapes.add_picture(str(ROOT / "assets" / "logos" / "coalition.png"), 0, 0)
    assert deterministic_bytes(fast) == deterministic_bytes(stock)


def test_applies_to_the_installed_python_pptx():
    """Fails when python-pptx changes: its version, or the source of a method the fix stands in for."""
    assert pptx.__version__ == pptx_compat.PPTX_VERSION
    changed = [
        name for name, digest in pptx_compat.STOCK_SOURCES.items() if pptx_compat.stock_source_digest(name) != digest
    ]
    assert changed == []
    assert pptx_compat.stock_files_digest() == pptx_compat.STOCK_FILES  # the quick check: the files as released
    assert pptx_compat.applies()


def test_a_patched_install_is_checked_method_by_method():
    """Files other than the released ones (a local patch elsewhere in them): each stock method is compared."""
    pptx_compat.applies.cache_clear()
    try:
        with mock.patch.object(pptx_compat, "stock_files_digest", return_value="patched"):
            assert pptx_compat.applies()  # the methods themselves are stock
        pptx_compat.applies.cache_clear()
        with (
            mock.patch.object(pptx_compat, "stock_files_digest", return_value="patched"),
            mock.patch.dict(pptx_compat.STOCK_SOURCES, {"Slides.add_slide": "0" * 64}),
        ):
            assert not pptx_compat.applies()  # one method changed: the stock methods stay
    finally:
        pptx_compat.applies.cache_clear()


def test_the_pin_in_pyproject_is_the_version_the_fix_was_written_for():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [re.fullmatch(r"python-pptx==(\S+)", dep) for dep in pyproject["project"]["dependencies"]]
    assert [pin[1] for pin in pins if pin] == [pptx_compat.PPTX_VERSION]


def _count_walks(plan) -> dict[str, int]:
    """Return how often a build walks the package, or a collection that grows with the deck."""
    walks = {"package": 0, "large relationship collection": 0, "slide ids": 0}
    iter_rels, get_matching, next_id = OpcPackage.iter_rels, _Relationships._get_matching, CT_SlideIdList._next_id

    def count_iter_rels(self):
        walks["package"] += 1
        return iter_rels(self)

    def count_get_matching(self, *args, **kwargs):
        walks["large relationship collection"] += len(self) > 10  # a slide has a few; the presentation one per slide
        return get_matching(self, *args, **kwargs)

    def count_next_id(self):
        walks["slide ids"] += 1
        return next_id.fget(self)

    with (
        mock.patch.object(OpcPackage, "iter_rels", count_iter_rels),
        mock.patch.object(_Relationships, "_get_matching", count_get_matching),
        mock.patch.object(CT_SlideIdList, "_next_id", property(count_next_id)),
    ):
        render_deck(plan)
    return walks


def test_a_build_walks_the_package_a_fixed_number_of_times_not_once_per_slide(plan):
    walks = _count_walks(plan)
    # Once each to read the names in use of images, notes pages and themes (the notes
    # master brings one), and the image hashes.
    assert walks == {"package": 4, "large relationship collection": 0, "slide ids": 1}
    with mock.patch.object(pptx_compat, "applies", return_value=False):
        stock = _count_walks(plan)
    assert stock["package"] > len(plan.slides) and stock["slide ids"] == len(plan.slides)


# -- the private API: listed, present on the pinned python-pptx, used nowhere else -------------------------

DECKGEN = ROOT / "deckgen"
COMPAT = DECKGEN / "render" / "pptx_compat.py"
DOCX_COMPAT = DECKGEN / "render" / "docx_compat.py"
"""python-docx's private names (some spelled as python-pptx's: ._p, ._tc) are read there only."""

INTERNAL_MODULES = ("pptx.oxml", "pptx.opc", "pptx.package", "pptx.parts", "pptx.chart.xlsx")
"""python-pptx's internal modules: only pptx_compat imports from them (pptx.oxml.ns, for qn, is public enough)."""

ALLOWED_INTERNAL = ("pptx.oxml.ns",)


def _live_objects() -> list:
    """Return python-pptx objects of every class PRIVATE_API reads an instance attribute of."""
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(0, 0, 100, 100)
    paragraph = box.text_frame.paragraphs[0]
    run = paragraph.add_run()
    data = CategoryChartData()
    data.categories = ["a"]
    data.add_series("s", [1])
    plot = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, 0, 0, 100, 100, data).chart.plots[0]
    plot.has_data_labels = True
    return [
        prs.part,
        prs.part._rels,
        prs.slides,
        prs.slide_masters[0],
        box,
        paragraph,
        run,
        run.font,
        plot.data_labels,
        slide.shapes,
        box.text_frame,
    ]


def _resolve(entry: str):
    """Return (owner, attribute) for "module:Class.attribute", or (module, Class) for "module:Class"."""
    import importlib

    module, _, path = entry.partition(":")
    owner = importlib.import_module(module)
    *classes, name = path.split(".")
    for part in classes:
        owner = getattr(owner, part)
    return owner, name


def test_every_private_name_used_exists_on_the_pinned_python_pptx():
    """Fails when python-pptx drops or renames a private name pptx_compat relies on."""
    assert pptx.__version__ == pptx_compat.PPTX_VERSION
    live = _live_objects()
    missing = []
    for entry in pptx_compat.PRIVATE_API:
        if "/" in entry:  # a file of python-pptx's package
            if not (Path(pptx.__file__).parents[1] / entry).is_file():
                missing.append(entry)
            continue
        owner, name = _resolve(entry)
        if hasattr(owner, name):  # a module's class, or a class's method, property or lazyproperty
            continue
        # An attribute each instance sets in __init__: look on a live object of that class.
        instances = [obj for obj in live if isinstance(obj, owner)]
        if not instances or not all(hasattr(obj, name) for obj in instances):
            missing.append(entry)
    assert missing == []


def _private_uses(tree) -> set[str]:
    """Return the private names TREE reads off objects other than self and cls, or imports."""
    import ast

    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            # etree._Element is lxml's element type, named in annotations, not python-pptx's
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "etree")):
                names.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pptx":
            names |= {alias.name for alias in node.names if _is_private(alias.name)}
        elif isinstance(node, ast.ClassDef) and node.bases:  # a subclass overriding a private method
            names |= {item.name for item in node.body if isinstance(item, ast.FunctionDef) and _is_private(item.name)}
    return names


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_pptx_compat_lists_every_private_name_it_uses():
    import ast

    listed = {_resolve(entry)[1] for entry in pptx_compat.PRIVATE_API if "/" not in entry}
    own = {"_FixedTimeWorkbookWriter", "_FixedTimeChartData", "_created"}  # its own classes' names
    assert _private_uses(ast.parse(COMPAT.read_text(encoding="utf-8"))) - listed - own == set()


def _pptx_private_names() -> set[str]:
    """Return every private name python-pptx's source defines or reads."""
    names = set()
    for path in Path(pptx.__file__).parent.rglob("*.py"):
        names |= set(re.findall(r"\b(_[A-Za-z]\w*)", path.read_text(encoding="utf-8")))
    return {name for name in names if _is_private(name)}


def test_no_other_module_touches_python_pptx_internals():
    """Only pptx_compat reads python-pptx's private attributes or imports its internal modules."""
    import ast

    private = _pptx_private_names()
    offences = []
    for path in sorted(DECKGEN.rglob("*.py")):
        if path in (COMPAT, DOCX_COMPAT):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = path.relative_to(ROOT)
        offences += [f"{relative}: .{name}" for name in sorted(_private_uses(tree) & private)]
        for node in ast.walk(tree):
            modules = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            offences += [
                f"{relative}: imports {module}"
                for module in modules
                if module.startswith(INTERNAL_MODULES) and not module.startswith(ALLOWED_INTERNAL)
            ]
        # the files of python-pptx's package, such as its default.pptx, are read in pptx_compat alone
        if "default.pptx" in path.read_text(encoding="utf-8") or "pptx.__file__" in path.read_text(encoding="utf-8"):
            offences.append(f"{relative}: reads a file of python-pptx's package")
    assert offences == []
