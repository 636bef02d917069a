"""The deckgen command: parse options, call the library, print located problems."""

from __future__ import annotations

import json
from pathlib import Path

import click

from deckgen import __version__
from deckgen.errors import ContentError, DeckgenError, display_path

_EXISTING_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="deckgen")
def cli() -> None:
    """Build branded UPR presentation decks from validated content files.

    \b
    Examples:
      deckgen build content
      deckgen build content/en
      deckgen watch content/en
      deckgen validate content
      deckgen schema issue > issue.schema.json
      deckgen export content/en -o statuses.xlsx
      deckgen import statuses.xlsx --into content/en
      deckgen new-cycle content next
      deckgen check-translation content/en content/ru
      deckgen xliff export content/en -t ru -o ru.xlf
    """


@cli.command()
@click.argument("content_dir", type=_EXISTING_DIR)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The .pptx to write (default: build/upr<cycle>-<country>-<language>.pptx); "
                   "for a folder of content sets, the folder the decks go to.")
@click.option("--pdf", is_flag=True, help="Also export a PDF beside the deck (needs LibreOffice).")
@click.option("--assets", type=_EXISTING_DIR,
              help="Assets folder (themes, logos); default: the nearest assets/ beside the content set.")
@click.option("--charts", type=click.Choice(["picture", "native"]),
              help="Draw status charts as pictures or as editable PowerPoint charts (default: the theme's "
                   "'charts' setting, else picture).")
@click.option("--draft", is_flag=True, help="Mark every slide DRAFT (and the deck's title '(draft)').")
@click.option("--annex", is_flag=True,
              help="Add the annex: per issue, a table of its tracked recommendations (as deck.yaml's annex: true).")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Draw every chart afresh, neither reading nor writing the chart cache.")
def build(content_dir: Path, output: Path | None, pdf: bool, assets: Path | None, charts: str | None,
          draft: bool, annex: bool, no_cache: bool) -> None:
    """Build the deck of CONTENT_DIR (a folder with deck.yaml and issues/).

    Name the folder of language folders (content/) to build one deck per
    language. Problems are printed as path:line:col: message and nothing is
    written; decks from an earlier build stay as they were. A build that takes
    more than a moment shows a progress bar on a terminal (never in pipes or CI).

    \b
    Examples:
      deckgen build content/en
      deckgen build content/en -o build/kazakhstan.pptx --pdf
      deckgen build content
      deckgen build content/en --draft --charts native
      deckgen build content/en --annex
      deckgen build content/en --no-cache
    """
    from deckgen.render.chart_cache import early_drawer

    # Started before deckgen's heavier modules load: a small process forks cheaply.
    with early_drawer() as early:
        from deckgen.build import BuildOptions, build_decks
        from deckgen.progress import progress_bar

        with progress_bar() as progress:
            options = BuildOptions(pdf=pdf, assets=assets, draft=draft, charts=charts, annex=annex,
                                   cache=not no_cache, progress=progress, early=early)
            results = build_decks(content_dir, output, options)
    for result in results:
        _print_warnings(result.warnings)
        click.echo(f"wrote {display_path(result.output)} ({result.slides} slides)")
        if result.pdf:
            click.echo(f"wrote {display_path(result.pdf)}")


@cli.command()
@click.argument("content_dir", type=_EXISTING_DIR)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The .pptx to write (default: build/upr<cycle>-<country>-<language>.pptx).")
@click.option("--assets", type=_EXISTING_DIR,
              help="Assets folder (themes, logos, fonts); default: the nearest assets/ beside the content set.")
def watch(content_dir: Path, output: Path | None, assets: Path | None) -> None:
    """Build the deck of CONTENT_DIR, then rebuild it whenever a file of it or its assets is saved.

    Problems are printed as path:line:col: message and watching goes on;
    the last good deck stays until the content is valid again. Ctrl+C stops.

    \b
    Examples:
      deckgen watch content/en
      deckgen watch content/en -o build/kazakhstan.pptx
    """
    from deckgen.watch import watch as watch_content

    try:
        watch_content(content_dir, output, assets=assets)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


@cli.command()
@click.argument("content_dirs", nargs=-1, required=True, type=_EXISTING_DIR, metavar="CONTENT_DIR...")
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check paths against.")
def validate(content_dirs: tuple[Path, ...], assets: Path | None) -> None:
    """Check content sets without building: exit 0 when all are valid, 1 otherwise.

    Every problem of every file is printed at once, as path:line:col: message.
    A folder of content sets (content/) means each of them, and that its
    languages are in step with the first (as check-translation checks).

    \b
    Examples:
      deckgen validate content/en
      deckgen validate content/en content/ru
      deckgen validate content
    """
    from deckgen.build import validate_sets

    failed = False
    for checked in validate_sets(content_dirs, assets):
        if checked.problems:
            checked.problems.show()
            failed = True
            continue
        prepared = checked.prepared
        _print_warnings(prepared.warnings)
        click.echo(f"{display_path(checked.content_dir)}: valid ({len(prepared.loaded.content.issues)} issues, "
                   f"{len(prepared.plan.slides)} slides)")
    if failed:
        raise click.exceptions.Exit(1)


@cli.command("new-cycle")
@click.argument("source_dir", type=click.Path(path_type=Path))
@click.argument("dest_dir", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST_DIR if it exists.")
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check the sets with.")
def new_cycle(source_dir: Path, dest_dir: Path, force: bool, assets: Path | None) -> None:
    """Start the next cycle's content set in DEST_DIR from SOURCE_DIR, the cycle just presented.

    SOURCE_DIR is a content set or a folder of them (content/), written to
    DEST_DIR in the same layout. Each deck's cycle goes up by one; each issue's
    review becomes the review of the cycle just presented, tracking the
    coalition's recommendations of that cycle, with statuses, findings, the new
    recommendations and the deck's title left to fill. Nothing is written when
    a source set has problems.

    \b
    Examples:
      deckgen new-cycle content next
      deckgen new-cycle content/en next/en
      deckgen validate next/en            # lists what is still to fill
      deckgen build next/en --draft       # a deck to review meanwhile
    """
    from deckgen.cycle import new_cycle as run_new_cycle

    result = run_new_cycle(source_dir, dest_dir, force=force, assets=assets)
    for written in result.sets:
        click.echo(f"wrote {display_path(written.path)}: cycle {written.cycle}, {written.issues} issues, "
                   f"{written.tracked} recommendations of cycle {written.cycle - 1} to assess, "
                   f"{written.to_fill} things still to fill")
    first = display_path(result.sets[0].path)
    click.echo("next:")
    click.echo(f"  deckgen validate {display_path(result.dest)}   # lists each thing still to fill")
    click.echo(f"  deckgen import UHRI-EXPORT.xlsx --into {first} --map MAP.yaml   "
               f"# the UN's recommendations of cycle {result.sets[0].cycle - 1}, to assess too")
    click.echo(f"  deckgen build {display_path(result.dest)} --draft   # a deck marked DRAFT meanwhile")


@cli.command("check-translation")
@click.argument("source_dir", type=_EXISTING_DIR)
@click.argument("translation_dir", type=_EXISTING_DIR)
def check_translation(source_dir: Path, translation_dir: Path) -> None:
    """Check that TRANSLATION_DIR is in step with SOURCE_DIR: exit 0 when it is, 1 otherwise.

    A translation changes text and nothing else. Each difference is printed as
    path:line:col: message, located in the translation: a missing or extra
    issue file; a total, count, status, cycle or `approximate` that differs; a
    different number of findings, points, topics, text paragraphs or
    recommendations. Text left the same as in the source is a warning, which
    alone does not fail the check.

    \b
    Examples:
      deckgen check-translation content/en content/ru
      deckgen check-translation content/en content/kk 2>&1 | grep -v warning:
    """
    from deckgen.translate.check import compare_content

    problems = compare_content(source_dir, translation_dir)
    if any(not problem.warning for problem in problems):
        raise ContentError(problems)
    _print_warnings(problems)
    warnings = f" ({len(problems)} warnings)" if len(problems) > 1 else " (1 warning)" if problems else ""
    click.echo(f"{display_path(translation_dir)}: in step with {display_path(source_dir)}{warnings}")


@cli.command()
@click.argument("kind", type=click.Choice(["deck", "issue", "theme"]), default="issue")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def schema(kind: str, output: Path | None) -> None:
    """Print the JSON Schema of deck.yaml, an issue file, or a theme.

    Editors with the YAML language server check and autocomplete content files
    when the file's first line names the schema:

    \b
      # yaml-language-server: $schema=../../../schemas/issue.schema.json

    \b
    Examples:
      deckgen schema issue -o schemas/issue.schema.json
      deckgen schema deck
    """
    from deckgen.schema import json_schema

    text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if output:
        from deckgen.files import write_bytes_atomically

        write_bytes_atomically(text.encode("utf-8"), output)
        click.echo(f"wrote {display_path(output)}")
    else:
        click.echo(text, nl=False)


@cli.command(name="import")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--into", "content_dir", required=True, type=_EXISTING_DIR,
              help="The content set whose issue files track the recommendations.")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="For a UHRI export: a YAML file naming each issue file's UHRI themes.")
def import_table(table: Path, content_dir: Path, map_path: Path | None) -> None:
    """Import tracked recommendations from TABLE (.csv or .xlsx) into the issue files.

    TABLE has deckgen's columns (id, issue, recommendation, recommending_states,
    response, status, note), as `deckgen export` writes them, or is the Universal
    Human Rights Index's "Export to Excel", whose themes --map assigns to issue
    files. Rows update the recommendation with their id, or add it; empty cells
    leave values alone; comments and other text in the files stay as they are.
    Counts and totals the list contradicts are updated. Nothing is written when
    any row is wrong.

    \b
    Examples:
      deckgen import statuses.xlsx --into content/en
      deckgen import uhri-export.xlsx --into content/en --map uhri-themes.yaml
    """
    from deckgen.tracking.merge import import_table as run_import

    for line in run_import(table, content_dir, map_path).summary():
        click.echo(line)


@cli.command()
@click.argument("content_dir", type=_EXISTING_DIR)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The table to write: .xlsx or .csv.")
def export(content_dir: Path, output: Path) -> None:
    """Write the tracked recommendations of CONTENT_DIR as a table, for members to fill statuses.

    The table has deckgen's columns; `deckgen import` reads it back.

    \b
    Examples:
      deckgen export content/en -o statuses.xlsx
      deckgen export content/en -o statuses.csv
    """
    from deckgen.tracking.tables import export_table

    count = export_table(content_dir, output)
    click.echo(f"wrote {display_path(output)} ({count} recommendations)")


@cli.group()
def xliff() -> None:
    """Exchange a content set's text with translators' tools as XLIFF 1.2.

    Trados, memoQ, Smartcat and Weblate open the exported file; the import
    turns the translated file back into a content set.

    \b
    Examples:
      deckgen xliff export content/en --target-language ru -o ru.xlf
      deckgen xliff import ru.xlf content/en -o content/ru
    """


@xliff.command("export")
@click.argument("content_dir", type=_EXISTING_DIR)
@click.option("-t", "--target-language", required=True, metavar="LANGUAGE",
              help="The language to translate into, e.g. ru or kk; deckgen needs a locale for it.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .xlf file to write.")
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check the content set with.")
def xliff_export(content_dir: Path, target_language: str, output: Path, assets: Path | None) -> None:
    """Write every text value of CONTENT_DIR as a unit of an XLIFF 1.2 file, for translation.

    Each unit's id is file#key path (deck.yaml#title,
    issues/01-freedom-of-religion.yaml#review.findings[1].points[0]); its notes
    say where the text shows and on which line of which file it stands.

    \b
    Examples:
      deckgen xliff export content/en --target-language ru -o ru.xlf
      deckgen xliff export content/en -t kk -o build/kk.xlf
    """
    from deckgen.files import write_bytes_atomically
    from deckgen.translate.xliff import export_xliff

    write_bytes_atomically(export_xliff(content_dir, target_language, assets), output)
    click.echo(f"wrote {display_path(output)}")


@xliff.command("import")
@click.argument("xliff_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="XLIFF")
@click.argument("source_dir", type=_EXISTING_DIR)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The content set folder to write, e.g. content/ru.")
@click.option("--force", is_flag=True, help="Replace the output folder if it exists.")
@click.option("--allow-untranslated", is_flag=True,
              help="Keep the source text of units without a target (with a warning each) instead of failing.")
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check the new set with.")
def xliff_import(xliff_file: Path, source_dir: Path, output: Path, force: bool, allow_untranslated: bool,
                 assets: Path | None) -> None:
    """Write a content set: SOURCE_DIR with each text value replaced by its unit's target in XLIFF.

    Everything else of SOURCE_DIR is copied as it is (keys, numbers, status
    words, comments); deck.yaml's language becomes the XLIFF's target-language.
    The new set is validated before it appears: on any problem nothing is
    written and an existing output folder stays as it was.

    \b
    Examples:
      deckgen xliff import ru.xlf content/en -o content/ru
      deckgen xliff import ru.xlf content/en -o content/ru --force
    """
    from deckgen.translate.xliff import import_xliff

    result = import_xliff(xliff_file, source_dir, output, force=force, allow_untranslated=allow_untranslated,
                          assets=assets)
    _print_warnings(result.warnings)
    click.echo(f"wrote {display_path(result.output)} ({result.units} units, {result.translated} "
               f"differ from the source)")


def _print_warnings(warnings) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


def main() -> None:
    """Run the deckgen command line."""
    import sys

    # A terminal that cannot show a character (LANG=C, a legacy code page) gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        cli(prog_name="deckgen")
    except DeckgenError as error:  # raised outside click's own handling (e.g. standalone_mode off)
        error.show()
        raise SystemExit(1) from None
