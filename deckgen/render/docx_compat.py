"""Every use of python-docx's private names, in one place (as pptx_compat is for python-pptx).

python-docx keeps each object's XML element under a private name; deckgen.render.docx adds what
python-docx has no API for (page-number fields, endnote references, table header rows, cell
shading, section endnote settings) to those elements. python-docx is pinned in pyproject.toml, and
tests/test_submission.py::test_python_docx_names_deckgen_uses_exist checks these names.
"""

from __future__ import annotations


def paragraph_element(paragraph):
    """Return PARAGRAPH's w:p element."""
    return paragraph._p


def section_properties(section):
    """Return SECTION's w:sectPr element."""
    return section._sectPr


def table_element(table):
    """Return TABLE's w:tbl element."""
    return table._tbl


def row_element(row):
    """Return ROW's w:tr element."""
    return row._tr


def cell_element(cell):
    """Return CELL's w:tc element."""
    return cell._tc
