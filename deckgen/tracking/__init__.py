"""Tracked recommendations as tables: import from a spreadsheet or a UHRI export, export for members to fill.

A table is CSV or XLSX in one of two shapes, told apart by its header row:

- deckgen's own columns (COLUMNS), as `deckgen export` writes them;
- the Universal Human Rights Index's "Export to Excel" (UHRI_COLUMNS): the
  paragraph number leads the `Text`, multi-value cells hold one "- value" per
  line, and a theme map assigns `Themes` to issue files.

An import edits only `review.recommendations` (and the total and counts the
list contradicts) through ruamel.yaml's round trip, so comments and
hand-written text survive; it writes nothing until every row and every
rewritten file has been checked.

The package, one job per module:

- tables.py: tables in and out: a CSV or XLSX table's rows (read_table), and the
  tracked recommendations written as a table for members to fill (export_table);
- uhri.py: what a UHRI export is: its columns, the paragraph numbers leading its
  Text, and the theme map that assigns its Themes to issue files;
- issues.py: a content set's issue files as an import and an export see them;
- merge.py: the merge of a table into the issue files (import_table).
"""
