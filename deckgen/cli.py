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
      deckgen build content/en
      deckgen validate content/en
      deckgen schema issue > issue.schema.json
    """


@cli.command()
@click.argument("content_dir", type=_EXISTING_DIR)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The .pptx to write (default: build/upr<cycle>-<country>-<language>.pptx).")
@click.option("--pdf", is_flag=True, help="Also export a PDF beside the deck (needs LibreOffice).")
@click.option("--assets", type=_EXISTING_DIR,
              help="Assets folder (themes, logos); default: the nearest assets/ beside the content set.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Draw every chart afresh, neither reading nor writing the chart cache.")
def build(content_dir: Path, output: Path | None, pdf: bool, assets: Path | None, no_cache: bool) -> None:
    """Build the deck of CONTENT_DIR (a folder with deck.yaml and issues/).

    Problems are printed as path:line:col: message and nothing is written;
    a deck from an earlier build stays as it was.

    \b
    Examples:
      deckgen build content/en
      deckgen build content/en -o build/kazakhstan.pptx --pdf
      deckgen build content/en --no-cache
    """
    from deckgen.build import build as build_deck

    result = build_deck(content_dir, output, pdf=pdf, assets=assets, cache=not no_cache)
    _print_warnings(result.warnings)
    click.echo(f"wrote {display_path(result.output)} ({result.slides} slides)")
    if result.pdf:
        click.echo(f"wrote {display_path(result.pdf)}")


@cli.command()
@click.argument("content_dirs", nargs=-1, required=True, type=_EXISTING_DIR, metavar="CONTENT_DIR...")
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check paths against.")
def validate(content_dirs: tuple[Path, ...], assets: Path | None) -> None:
    """Check content sets without building: exit 0 when all are valid, 1 otherwise.

    Every problem of every file is printed at once, as path:line:col: message.

    \b
    Examples:
      deckgen validate content/en
      deckgen validate content/en content/ru
    """
    from deckgen.build import prepare

    failed = False
    for content_dir in content_dirs:
        try:
            prepared = prepare(content_dir, assets)
        except ContentError as error:
            error.show()
            failed = True
            continue
        _print_warnings(prepared.warnings)
        click.echo(f"{display_path(content_dir)}: valid ({len(prepared.loaded.content.issues)} issues, "
                   f"{len(prepared.plan.slides)} slides)")
    if failed:
        raise click.exceptions.Exit(1)


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
        from deckgen.render.write import write_bytes_atomically

        write_bytes_atomically(text.encode("utf-8"), output)
        click.echo(f"wrote {display_path(output)}")
    else:
        click.echo(text, nl=False)


def _print_warnings(warnings) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


def main() -> None:
    """Run the deckgen command line."""
    try:
        cli(prog_name="deckgen")
    except DeckgenError as error:  # raised outside click's own handling (e.g. standalone_mode off)
        error.show()
        raise SystemExit(1) from None
