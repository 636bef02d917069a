"""The deckgen command: parse options, call the library, print located problems."""

from __future__ import annotations

import gc
import json
import re
import signal
from pathlib import Path

import click

from deckgen import __version__
from deckgen.errors import ContentError, DeckgenError, counted, display_path
from deckgen.tally import Tally

# Each command imports its stage inside its function, on purpose: `import deckgen.cli` takes about
# 50 ms, and importing every command's modules (python-pptx, Typst, python-docx, openpyxl, lxml,
# pydantic, Babel) adds about 0.9 s (measured on the 2-core CI machine), which `deckgen --help`,
# `validate` and above all a warm `build` served from the build cache would pay for nothing.

_EXISTING_DIR = click.Path(exists=True, file_okay=False, path_type=Path)


def _content_or_workbook(ctx: click.Context, param: click.Parameter, value):
    """Accept a folder of content, or a workbook (.xlsx) as `deckgen workbook export` writes one."""
    for path in value if isinstance(value, tuple) else (value,):
        if path is not None and not path.is_dir() and path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise click.BadParameter(
                f"{display_path(path)} is a file: name a folder of content, or a workbook (.xlsx)", ctx=ctx, param=param
            )
    return value


_CONTENT = click.Path(exists=True, path_type=Path)
"""A content set, a folder of them, or a workbook holding them (see _content_or_workbook)."""


def _output_option(help: str, kind: str, required: bool = False):
    """Give a command its -o/--output option: where it writes, a "file", a "folder" or a "file or folder"."""
    return click.option(
        "-o",
        "--output",
        required=required,
        type=click.Path(dir_okay=kind != "file", file_okay=kind != "folder", path_type=Path),
        help=help,
    )


_VERBOSITY = "deckgen.verbosity"
"""Key of the run's verbosity in click's context meta: -1 quiet, 0 normal, 1 verbose."""


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[_VERBOSITY] = -1 if param.name == "quiet" else 1


def _verbosity(command):
    """Give COMMAND the -q/--quiet and -v/--verbose options every deckgen command has."""
    command = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_set_verbosity,
        help="Also print notes, such as which files were read (on stderr).",
    )(command)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_verbosity,
        help="Print only problems: errors and warnings.",
    )(command)


def _level() -> int:
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_VERBOSITY, 0) if ctx else 0


def _say(message: str) -> None:
    """Print what a command did (wrote, valid, in step), unless --quiet."""
    if _level() >= 0:
        click.echo(message)


_TALLY = "deckgen.tally"
"""Key of the running command's Tally in click's context meta."""


def _tally() -> Tally:
    """Return the running command's tally: what it did, counted, for the line it ends with."""
    ctx = click.get_current_context()
    if _TALLY not in ctx.meta:
        ctx.meta[_TALLY] = Tally(dry_run=bool(ctx.params.get("dry_run")))
    return ctx.meta[_TALLY]


def _wrote(path: Path, detail: str = "", kind: str | None = None, plural_form: str | None = None) -> None:
    """Say that PATH was written, or in a dry run would be ("wrote build/x.pptx (4 slides)"), and count it.

    DETAIL follows the path as it is (" (4 slides)", ": translate its labels"); the file counts as
    one KIND ("deck", "PDF") in the command's summary, or as a file written (to write, in a dry run).
    """
    tally = _tally()
    _say(f"{'would write' if tally.dry_run else 'wrote'} {display_path(path)}{detail}")
    if kind is None:
        tally.add_files(1)
    else:
        tally.add(kind, 1, plural_form, written=True)


def _print_warnings(warnings) -> None:
    """Print each warning on stderr (even with --quiet: a warning is a problem) and count it for the summary.

    A warning already printed by this command is not printed again: a template's warning comes with each
    language built into it, and is one problem to fix.
    """
    tally = _tally()
    for warning in warnings:
        if str(warning) in tally.warned:
            continue
        tally.warned.add(str(warning))
        click.echo(str(warning), err=True)
        tally.warnings += 1


class _Command(click.Command):
    """A deckgen command: it ends with one line saying what it did, counted (see deckgen.tally).

    The line is printed when the command ends well (unless --quiet). A command that fails prints no
    line after its error, the last thing a user reads, unless it wrote files before failing: then
    the line saying so comes first, and the error after it.
    """

    def invoke(self, ctx: click.Context):
        tally = ctx.meta[_TALLY] = Tally(dry_run=bool(ctx.params.get("dry_run")))
        try:
            result = super().invoke(ctx)
        except DeckgenError:
            if tally.written:
                _say(tally.line())
            raise
        if tally:
            _say(tally.line())
        return result


def _note(message: str) -> None:
    """Print a note on stderr with --verbose only."""
    if _level() > 0:
        click.echo(f"note: {message}", err=True)


def _note_read(*folders: Path) -> None:
    """With --verbose, name the content files a command reads under FOLDERS."""
    if _level() <= 0:
        return
    from deckgen.content.sets import content_paths, content_sets

    for folder in folders:
        for content_dir in content_sets(folder):
            try:
                deck, issues = content_paths(content_dir)
            except DeckgenError:
                continue
            _note(f"reading {display_path(deck)} and {len(issues)} issue files: {', '.join(p.name for p in issues)}")


def _first_sentence(text: str) -> str:
    """Return the first sentence of a command's help (its first paragraph, up to the first full stop)."""
    paragraph = " ".join(text.split("\n\n", 1)[0].split())
    match = re.match(r"(.+?[.!?])(\s|$)", paragraph)
    return match[1] if match else paragraph


INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl+C, as shells report it (128 + SIGINT)."""

_ctrl_c: list[int] = []
"""Non-empty once Ctrl+C was pressed: an error that follows it is the interrupt, whatever it is called."""


def _on_ctrl_c(number: int, frame) -> None:
    """Remember the interrupt, then raise it as Python's own handler does.

    A library may catch the KeyboardInterrupt and raise its own error instead (pydantic-core does, while
    it builds a model's validator as a module loads), so the command cannot tell by the error's type.
    """
    _ctrl_c.append(number)
    raise KeyboardInterrupt


def _interrupted(error: BaseException) -> bool:
    """Whether ERROR is Ctrl+C: a KeyboardInterrupt, or any error raised after Ctrl+C was pressed."""
    return isinstance(error, KeyboardInterrupt) or bool(_ctrl_c)


class _Commands(click.Group):
    """deckgen's command group: Ctrl+C ends any command with one line and exit code 130, no traceback.

    Its --help lists each command with the whole first sentence of its help, wrapped, never cut; its
    commands end with their summary line (_Command).
    """

    command_class = _Command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, _first_sentence(command.help or command.short_help or "")))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (KeyboardInterrupt, Exception) as error:
            if isinstance(error, click.exceptions.Exit | click.ClickException | DeckgenError) or not _interrupted(
                error
            ):
                raise
            click.echo("interrupted; nothing half written", err=True)
            ctx.exit(INTERRUPTED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="deckgen")
@_verbosity
def cli() -> None:
    """Build branded UPR presentation decks from validated content files.

    \b
    Examples:
      deckgen build content
      deckgen build content/en
      deckgen watch content/en
      deckgen validate content
      deckgen timing content/en
      deckgen handout content/en -o build/handout-en.pdf
      deckgen submission content/en -o build/submission-en.docx
      deckgen matrix content/en -o build/matrix-en.docx
      deckgen schema issue > issue.schema.json
      deckgen export content/en -o statuses.xlsx
      deckgen import statuses.xlsx --into content/en
      deckgen workbook export content -o deck.xlsx
      deckgen build deck.xlsx
      deckgen new-cycle content next
      deckgen check-translation content/en content/ru
      deckgen sync content
      deckgen xliff export content/en -t ru -o ru.xlf
      deckgen locale new uk
      deckgen template inspect coalition.potx

    Every command takes -q (only problems) and -v (also notes on what it reads).
    """


@cli.command()
@click.argument("content_dir", type=_CONTENT, callback=_content_or_workbook)
@_output_option(
    "The .pptx to write (default: build/upr<cycle>-<country>-<language>.pptx); "
    "for a folder of content sets, the folder the decks go to.",
    "file or folder",
)
@click.option("--pdf", is_flag=True, help="Also export a PDF beside the deck (needs LibreOffice).")
@click.option(
    "--assets",
    type=_EXISTING_DIR,
    help="Assets folder (themes, logos); default: the nearest assets/ beside the content set.",
)
@click.option(
    "--charts",
    type=click.Choice(["shapes", "native", "picture"]),
    help="Draw status charts as shapes on the slide (text you can select and search) or as editable "
    "PowerPoint charts (default: the theme's 'charts' setting, else shapes); 'picture' is "
    "the same as shapes.",
)
@click.option("--draft", is_flag=True, help="Mark every slide DRAFT (and the deck's title '(draft)').")
@click.option(
    "--annex",
    is_flag=True,
    help="Add the annex: per issue, a table of its tracked recommendations (as deck.yaml's annex: true).",
)
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A PowerPoint template (.pptx or .potx) to build into, overriding the theme's 'template'.",
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Build afresh, neither reading nor writing the cache (plans of the other languages, decks built before).",
)
@click.option(
    "--notes-pages",
    "notes_pages",
    is_flag=True,
    help="With --pdf: export the PDF as notes pages (each slide with its speaker notes), for rehearsal.",
)
@click.option("--strict", is_flag=True, help="Treat every warning as an error: exit 1 and write nothing.")
@click.option(
    "--format",
    "deck_format",
    type=click.Choice(["statement", "report"]),
    help="Build the statement (one slide per issue, the rest in the speaker notes) or the full report, "
    "overriding deck.yaml's format.",
)
@_verbosity
def build(
    content_dir: Path,
    output: Path | None,
    pdf: bool,
    assets: Path | None,
    charts: str | None,
    draft: bool,
    annex: bool,
    template: Path | None,
    no_cache: bool,
    notes_pages: bool,
    strict: bool,
    deck_format: str | None,
) -> None:
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
      deckgen build content/en --template coalition.potx
      deckgen build content/en --no-cache
      deckgen build content/en --pdf --notes-pages
      deckgen build content --strict
      deckgen build content/en --format report
    """
    if notes_pages and not pdf:
        raise click.UsageError("--notes-pages goes with --pdf: deckgen build CONTENT_DIR --pdf --notes-pages")
    from deckgen.build import BuildOptions, build_decks
    from deckgen.progress import progress_bar

    _note_read(content_dir)
    with progress_bar() as progress:
        options = BuildOptions(
            pdf=pdf,
            assets=assets,
            draft=draft,
            charts=charts,
            annex=annex,
            template=template,
            cache=not no_cache,
            deck_cache=True,  # an unchanged deck is written again from the cache (--no-cache: built afresh)
            progress=progress,
            notes_pages=notes_pages,
            strict=strict,
            format=deck_format,
        )
        results = build_decks(content_dir, output, options)
    tally = _tally()
    for result in results:
        _print_warnings(result.warnings)
        _wrote(result.output, f" ({counted(result.slides, 'slide')})", "deck")
        tally.add("slide", result.slides)
        if result.pdf:
            _wrote(result.pdf, kind="PDF")


@cli.command()
@click.argument("content_dir", type=_EXISTING_DIR)
@_output_option("The .pptx to write (default: build/upr<cycle>-<country>-<language>.pptx).", "file")
@click.option(
    "--assets",
    type=_EXISTING_DIR,
    help="Assets folder (themes, logos, fonts); default: the nearest assets/ beside the content set.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Build drafts, as build --draft: what is still to fill is a warning (a new cycle's set).",
)
@_verbosity
def watch(content_dir: Path, output: Path | None, assets: Path | None, draft: bool) -> None:
    """Build the deck of CONTENT_DIR, then rebuild it whenever a file of it or its assets is saved.

    Problems are printed as path:line:col: message and watching goes on;
    the last good deck stays until the content is valid again. Ctrl+C stops.

    \b
    Examples:
      deckgen watch content/en
      deckgen watch content/en -o build/kazakhstan.pptx
      deckgen watch next/en --draft
    """
    from deckgen.watch import watch as watch_content

    _note_read(content_dir)

    def echo(message: str, err: bool = False) -> None:
        if err or _level() >= 0:
            click.echo(message, err=err)

    gc.enable()  # a watch session runs for hours: its rebuilds' reference cycles are collected (see main)
    try:
        watch_content(content_dir, output, assets=assets, draft=draft, echo=echo)
    except KeyboardInterrupt:
        click.echo("stopped watching", err=True)


@cli.command()
@click.argument(
    "content_dirs", nargs=-1, required=True, type=_CONTENT, metavar="CONTENT_DIR...", callback=_content_or_workbook
)
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check paths against.")
@click.option("--strict", is_flag=True, help="Treat every warning as an error (exit 1).")
@_verbosity
def validate(content_dirs: tuple[Path, ...], assets: Path | None, strict: bool) -> None:
    """Check content sets without building: exit 0 when all are valid, 1 otherwise.

    Every problem of every file is printed at once, as path:line:col: message.
    A folder of content sets (content/) means each of them, and that its
    languages are in step with the first (as check-translation checks).

    \b
    Examples:
      deckgen validate content/en
      deckgen validate content/en content/ru
      deckgen validate content
      deckgen validate content --strict
    """
    from deckgen.prepare import strict_problems, validate_sets

    _note_read(*content_dirs)
    failed = False
    tally = _tally()
    for checked in validate_sets(content_dirs, assets):
        if checked.problems:
            checked.problems.show()
            failed = True
            continue
        prepared = checked.prepared
        assert prepared is not None  # a set without problems was prepared
        if strict and prepared.warnings:
            ContentError(strict_problems(prepared.warnings)).show()
            failed = True
            continue
        _print_warnings(prepared.warnings)
        _say(
            f"{display_path(checked.content_dir)}: valid ({counted(len(prepared.loaded.content.issues), 'issue')}, "
            f"{counted(len(prepared.plan.slides), 'slide')})"
        )
        tally.add("valid set")
        tally.add("slide", len(prepared.plan.slides))
    if failed:
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("content_dir", type=_CONTENT, callback=_content_or_workbook)
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos); default: the nearest assets/.")
@click.option("--strict", is_flag=True, help="Exit 1 when the deck, in its slowest language, is over its time_limit.")
@click.option(
    "--format",
    "deck_format",
    type=click.Choice(["statement", "report"]),
    help="Time the statement or the full report, overriding deck.yaml's format.",
)
@_verbosity
def timing(content_dir: Path, assets: Path | None, strict: bool, deck_format: str | None) -> None:
    """Print the speaking time of CONTENT_DIR's deck: per slide, per issue, per speaker and in all.

    What is spoken over a slide is its speaker notes (an issue's notes and
    script) where the content gives them, otherwise the slide's own text, at
    the language's pace (words a minute: 120 for English). deck.yaml's
    time_limit is compared with the total. A folder of content sets prints
    each language.

    \b
    Examples:
      deckgen timing content/en
      deckgen timing content
      deckgen timing content --strict
      deckgen timing content/en --format report
    """
    from deckgen.content.sets import content_sets
    from deckgen.plan.planner import PlanOptions
    from deckgen.prepare import prepare, prepare_sets, strict_problems
    from deckgen.timing import report
    from deckgen.workbook import is_workbook

    # Set by set, each planned with its siblings: a language that has problems stops here, after the
    # languages before it were printed (and each set's problems are its own validate's to list).
    options = PlanOptions(format=deck_format)
    # A workbook's languages are planned together, as one source.
    workbook = prepare_sets(content_dir, assets, options) if is_workbook(content_dir) else None
    sets = [p.loaded.content_dir for p in workbook] if workbook is not None else content_sets(content_dir)
    over = []
    tally = _tally()
    for n, content_set in enumerate(sets):
        prepared = workbook[n] if workbook is not None else prepare(content_set, assets, options)
        over += prepared.over_time
        _print_warnings([w for w in prepared.warnings if not (strict and w in prepared.over_time)])
        if n:
            click.echo("")
        for line in report(prepared.timing, display_path(content_set)):
            click.echo(line)
        tally.add("deck")
        tally.add("slide", len(prepared.timing.slides))
        if prepared.timing.limit is not None:
            tally.add("deck over its time_limit", bool(prepared.over_time), "decks over their time_limit")
    if strict and over:
        ContentError(strict_problems(over)).show()
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("content_dir", type=_CONTENT, callback=_content_or_workbook)
@_output_option(
    "The .pdf to write (default: build/upr<cycle>-<country>-<language>-handout.pdf); "
    "for a folder of content sets, the folder the handouts go to.",
    "file or folder",
)
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos); default: the nearest assets/.")
@click.option(
    "--annex",
    is_flag=True,
    help="Add the tracked recommendations as a table after the issue pages (as deck.yaml's annex: true).",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor keep what fitting the body size learned.")
@_verbosity
def handout(content_dir: Path, output: Path | None, assets: Path | None, annex: bool, no_cache: bool) -> None:
    """Write the handout of CONTENT_DIR: one A4 page per issue, a tagged PDF for the Permanent Missions.

    Every page has a header (the country, the cycle, deck.yaml's event and
    date) and a footer (the coalition, its contact, page 1 of 3). Each issue's
    page has the presenters' logos, the issue's title, its status chart, the
    key findings and every one of its recommendations, numbered as in the
    deck. The body has one size in every language: the largest at which every
    issue fits its page in the longest one; an issue that still does not fit
    has its findings shortened a whole sentence at a time, with a warning.
    Name the folder of language folders (content/) for one handout per
    language. Typeset by Typst (no LibreOffice needed), as PDF/UA-1.

    \b
    Examples:
      deckgen handout content/en -o build/handout-en.pdf
      deckgen handout content
      deckgen handout content/ru --annex
    """
    from deckgen.handout import write_handouts

    results = write_handouts(content_dir, output, assets, annex=annex, cache=not no_cache)
    tally = _tally()
    for result in results:
        _print_warnings(list(result.warnings))
        for line in result.summary():
            _say(line)
        tally.add("handout", written=True)
        tally.add("page", result.pages)


@cli.command()
@click.argument("content_dir", type=_EXISTING_DIR)
@_output_option(
    "The .docx to write (default: build/upr<cycle>-<country>-<language>-submission.docx); "
    "for a folder of content sets, the folder the submissions go to.",
    "file or folder",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Write it even over the word limit (with a warning), titled draft; what is still to fill shows a placeholder.",
)
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos); default: the nearest assets/.")
@_verbosity
def submission(content_dir: Path, output: Path | None, draft: bool, assets: Path | None) -> None:
    """Write the stakeholder submission of CONTENT_DIR for OHCHR, as a Word document, and print its word count.

    The cover names the presenters (and deck.yaml's members), the contact and date; an executive
    summary and keywords follow when deck.yaml has them. Per issue: the assessment of the previous
    cycle's recommendations (from the counts and tracked statuses), the findings and the
    recommendations. Paragraphs are numbered continuously; the findings' sources are endnotes. Over
    OHCHR's word limit (2,815 words, or 5,630 for a joint submission: deck.yaml's `submission:`) it
    says by how much and which sections are longest, exits 1 and writes nothing, unless --draft.
    Name the folder of language folders (content/) for one submission per language.

    \b
    Examples:
      deckgen submission content/en -o build/submission-en.docx
      deckgen submission content
      deckgen submission content/ru --draft
    """
    from deckgen.submission import write_submissions

    _note_read(content_dir)
    tally = _tally()
    for result in write_submissions(content_dir, output, assets, draft):
        _print_warnings(result.warnings)
        click.echo(result.summary())
        tally.add("submission", written=True)
        tally.add("word", result.words.total)


@cli.command()
@click.argument("content_dir", type=_EXISTING_DIR)
@_output_option(
    "The matrix to write: .docx (a landscape table) or .xlsx (deckgen's table columns).", "file", required=True
)
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos); default: the nearest assets/.")
@_verbosity
def matrix(content_dir: Path, output: Path, assets: Path | None) -> None:
    """Write OHCHR's matrix of the previous cycle's recommendations of CONTENT_DIR, grouped by issue.

    One row per tracked recommendation: its number, text, recommending States, the State's position,
    and the assessment of its implementation (its status and note). An issue with counts but no
    tracked list gets one row saying what is known. The .xlsx has the columns of `deckgen export`,
    so members can fill it and `deckgen import` reads it back.

    \b
    Examples:
      deckgen matrix content/en -o build/matrix-en.docx
      deckgen matrix content/en -o matrix.xlsx
    """
    from deckgen.submission import write_matrix

    _note_read(content_dir)
    result = write_matrix(content_dir, output, assets)
    _print_warnings(result.warnings)
    _say(result.summary())
    _tally().add("matrix", 1, "matrices", written=True)
    _tally().add("row", result.tracked + result.untracked)


@cli.command("new-cycle")
@click.argument("source_dir", type=click.Path(path_type=Path))
@click.argument("dest_dir", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace DEST_DIR if it exists, listing each of its files it discards.")
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check the sets with.")
@_verbosity
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

    _note_read(source_dir)
    result = run_new_cycle(source_dir, dest_dir, force=force, assets=assets)
    if result.replaced:
        click.echo(f"--force replaced {display_path(result.dest)}; what it held is gone:", err=True)
        for line in result.replaced:
            click.echo(f"  {line}", err=True)
    tally = _tally()
    for written in result.sets:
        _wrote(
            written.path,
            f": cycle {written.cycle}, {counted(written.issues, 'issue')}, "
            f"{counted(written.tracked, 'recommendation')} of cycle {written.cycle - 1} to assess, "
            f"{counted(written.to_fill, 'thing')} still to fill",
            "content set",
        )
        tally.add("thing still to fill", written.to_fill, "things still to fill")
    dest = display_path(result.dest)
    _say("next:")
    _say(f"  deckgen validate {dest}   # lists each thing still to fill")
    _say(
        f"  deckgen import UHRI-EXPORT.xlsx --into {dest} --map MAP.yaml   "
        f"# the UN's recommendations of cycle {result.sets[0].cycle - 1}, to assess too"
        + (" (every language)" if len(result.sets) > 1 else "")
    )
    _say(f"  deckgen build {dest} --draft   # a deck marked DRAFT meanwhile")


@cli.command("check-translation")
@click.argument("source_dir", type=_EXISTING_DIR)
@click.argument("translation_dir", type=_EXISTING_DIR)
@click.option(
    "--fix",
    is_flag=True,
    help="First carry the source's numbers, status words and codes into the translation, keeping its "
    "text and comments, and say what changed.",
)
@click.option("--dry-run", is_flag=True, help="With --fix: say what would change, and write nothing.")
@_verbosity
def check_translation(source_dir: Path, translation_dir: Path, fix: bool, dry_run: bool) -> None:
    """Check that TRANSLATION_DIR is in step with SOURCE_DIR: exit 0 when it is, 1 otherwise.

    A translation changes text and nothing else. Each difference is printed as
    path:line:col: message, located in the translation: a missing or extra
    issue file; a total, count, status, cycle or `approximate` that differs; a
    different number of findings, points, topics, text paragraphs or
    recommendations. Text left the same as in the source is a warning, which
    alone does not fail the check; so are the labels of the translation's
    language still in English (a locale file from `deckgen locale new`),
    while a broken locale file fails it.

    With --fix, counts, totals, approximate, cycle, ids, responses, statuses,
    logo paths and theme are first set as in the source (tracked
    recommendations, notes and other text the translation lacks are added
    with the source's text, to translate), each change printed at its line;
    then the check runs on the result. Only the changed lines change: the
    file's layout, comments, line ends and BOM stay. `deckgen sync` does this
    for every language of a folder.

    \b
    Examples:
      deckgen check-translation content/en content/ru
      deckgen check-translation content/en content/ru --fix
      deckgen check-translation content/en content/ru --fix --dry-run
      deckgen check-translation content/en content/kk 2>&1 | grep -v warning:
    """
    from deckgen.content.compare import compare_content
    from deckgen.load import locale_problems

    if dry_run and not fix:
        raise click.UsageError("--dry-run goes with --fix")
    _note_read(source_dir, translation_dir)
    if fix:
        from deckgen.translate.sync import fix_translation

        fixed = fix_translation(source_dir, translation_dir, dry_run=dry_run)
        _tally().add("change", sum(len(file.changes) for file in fixed.files))
        _tally().add_files(0)
        for file in fixed.files:
            for change in file.changes:
                _say(str(change))
            _wrote(file.path)
        problems = fixed.remaining + locale_problems(translation_dir)
    else:
        problems = compare_content(source_dir, translation_dir) + locale_problems(translation_dir)
    if any(not problem.warning for problem in problems):
        raise ContentError(problems)
    _print_warnings(problems)
    would = "would be " if dry_run else ""
    _say(f"{display_path(translation_dir)}: {would}in step with {display_path(source_dir)}")
    _tally().add("translation in step", 1, "translations in step")


@cli.command()
@click.argument("folder", type=_EXISTING_DIR)
@click.option(
    "--from",
    "source",
    metavar="LANGUAGE",
    help="The language the others follow (a folder's name, e.g. ru; default: the first, in name order).",
)
@click.option("--dry-run", is_flag=True, help="Say what would change, and write nothing.")
@_verbosity
def sync(folder: Path, source: str | None, dry_run: bool) -> None:
    """Bring every language of FOLDER (content/, holding en/, ru/, kk/) in step with the first, or --from.

    Numbers, totals, counts, codes, ids, statuses, responses and new items (a new
    note, a new tracked recommendation, a new issue file) are carried from the
    source into each language; new text comes in the source's words, listed as
    "to translate". Translated text, comments and key order are never touched.
    Every change is printed at its line; all languages are written together, or
    none. What it cannot carry (a finding more or less) is printed as a problem
    for a person to settle, and the command exits 1. `check-translation --fix`
    does the same for one language.

    \b
    Examples:
      deckgen sync content
      deckgen sync content --dry-run
      deckgen sync content --from ru
    """
    from deckgen.translate.sync import sync_languages

    _note_read(folder)
    result = sync_languages(folder, source, dry_run=dry_run)
    tally = _tally()
    source_shown = display_path(result.source)
    tally.add(f"language synced with {source_shown}", len(result.languages), f"languages synced with {source_shown}")
    tally.add("change", sum(language.changes for language in result.languages))
    tally.add_files(0)
    for language in result.languages:
        for file in language.files:
            for change in file.changes:
                _say(str(change))
            _wrote(file.path)
        for added in language.added:
            _say(f"{display_path(added)}: added, its text as in {display_path(result.source)} (to translate)")
            _wrote(added)
        if not language.files and not language.added and not any(not p.warning for p in language.remaining):
            _say(f"{display_path(language.content_dir)}: in step with {display_path(result.source)}")
    tally.add("text to translate", sum(language.to_translate for language in result.languages), "texts to translate")
    problems = result.problems()
    if problems:  # what sync wrote is summed up first; what a person must settle comes last
        raise ContentError(problems)


@cli.command()
@click.argument("kind", type=click.Choice(["deck", "issue", "theme"]), default="issue")
@_output_option("Write to a file.", "file")
@_verbosity
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

    if output:
        from deckgen.files import check_output_file, write_bytes_atomically

        check_output_file(output, (".json",), "a schema")
    text = json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
    if output:
        write_bytes_atomically(text.encode("utf-8"), output)
        _wrote(output, kind="schema")
    else:  # the schema is the output: no summary line after it
        click.echo(text, nl=False)


@cli.command(name="import")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into",
    "content_dir",
    required=True,
    type=_EXISTING_DIR,
    help="The content set whose issue files track the recommendations, or a folder of languages.",
)
@click.option(
    "--map",
    "map_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="For a UHRI export: a YAML file naming each issue file's UHRI themes.",
)
@click.option(
    "--language",
    metavar="LANGUAGE",
    help="With a folder of languages: the one whose text the table holds (default: the first, the "
    "source); the others get the same numbers and codes.",
)
@click.option("--dry-run", is_flag=True, help="Say what would change, and write nothing.")
@_verbosity
def import_table(table: Path, content_dir: Path, map_path: Path | None, language: str | None, dry_run: bool) -> None:
    """Import tracked recommendations from TABLE (.csv or .xlsx) into the issue files.

    TABLE has deckgen's columns (id, issue, recommendation, recommending_states,
    response, status, note), as `deckgen export` writes them, or is the Universal
    Human Rights Index's "Export to Excel", whose themes --map assigns to issue
    files. Rows update the recommendation with their id, or add it; empty cells
    leave values alone; comments and other text in the files stay as they are.
    A list shorter than a typed total is partial: the typed total and counts
    stay, and only a count the list exceeds is raised; each number changed is
    named. Nothing is written when any row is wrong, and every wrong row is
    listed in one run. Into a folder of languages (content/), the other
    languages get the same numbers and codes, and new notes and
    recommendations in the table's words, to translate.

    Status and response cells take deckgen's words, the labels of every
    shipped language ("Частично выполнены", "Partially implemented") and
    common variants ("Partly implemented", "N/A"); an unknown word is named
    with the nearest one. "France, Germany" is two States when every part is
    a UN Member or observer State. An id a spreadsheet may have shortened
    (141.1 beside 141.10) is a warning naming both.

    \b
    Examples:
      deckgen import statuses.xlsx --into content/en
      deckgen import statuses.xlsx --into content --dry-run
      deckgen import uhri-export.xlsx --into content/en --map uhri-themes.yaml
    """
    from deckgen.tracking.merge import import_into_languages

    _note_read(content_dir)
    result = import_into_languages(table, content_dir, map_path, language=language, dry_run=dry_run)
    _print_warnings(result.warnings)
    for line in result.summary(counts=False):
        _say(line)
    tally = _tally()
    tally.add("recommendation added", len(result.added), "recommendations added")
    tally.add("changed", len(result.changed), "changed")
    if result.unchanged:
        tally.add("left alone", result.unchanged, "left alone")
    if result.unmapped:
        tally.add("row with no mapped theme", result.unmapped, "rows with no mapped theme")
    tally.add_files(len(result.written))


@cli.command()
@click.argument("content_dir", type=_EXISTING_DIR)
@_output_option("The table to write: .xlsx or .csv.", "file", required=True)
@_verbosity
def export(content_dir: Path, output: Path) -> None:
    """Write the tracked recommendations of CONTENT_DIR as a table, for members to fill statuses.

    The table has deckgen's columns; `deckgen import` reads it back. Statuses
    and responses are written as the deck's language labels them
    ("Частично выполнены" for a Russian set); in a workbook they are drop-downs,
    on 500 empty rows below the last one too, where the id column stays text.

    \b
    Examples:
      deckgen export content/en -o statuses.xlsx
      deckgen export content/en -o statuses.csv
    """
    from deckgen.tracking.merge import content_language
    from deckgen.tracking.tables import export_table

    _note_read(content_dir)
    count = export_table(content_dir, output, content_language(content_dir))
    if not count:
        _print_warnings(
            [
                f"{display_path(content_dir)}: warning: no issue tracks recommendations "
                f"(review.recommendations): the table has its header row only"
            ]
        )
    _wrote(output, f" ({counted(count, 'recommendation')})", "table")
    _tally().add("recommendation", count)


@cli.group(cls=_Commands)
@_verbosity
def workbook() -> None:
    """The whole deck in one workbook, languages side by side, for those who work in a spreadsheet.

    \b
    Examples:
      deckgen workbook export content -o deck.xlsx
      deckgen workbook import deck.xlsx --into content --dry-run
      deckgen build deck.xlsx
    """


@workbook.command("export")
@click.argument("content_dir", type=_EXISTING_DIR)
@_output_option("The workbook to write (.xlsx).", "file", required=True)
@_verbosity
def workbook_export(content_dir: Path, output: Path) -> None:
    """Write CONTENT_DIR (a folder of languages, or one content set) as one workbook.

    A Deck sheet holds deck.yaml's fields; a sheet per issue holds its rows in
    document order (title, counts, findings with their paragraphs, points and
    topics, recommendations); the Tracked recommendations sheet one row per
    tracked recommendation. Each text has a column per language; each number,
    status and code is typed once. The Read me sheet says how to add or remove
    a row. `deckgen workbook import` reads it back; `deckgen build` builds from it.

    \b
    Examples:
      deckgen workbook export content -o deck.xlsx
      deckgen workbook export content/en -o deck-en.xlsx
    """
    from deckgen.workbook.export import export_workbook

    _note_read(content_dir)
    result = export_workbook(content_dir, output)
    _print_warnings(result.warnings)
    _wrote(
        result.output,
        f" ({', '.join(result.languages)}: {counted(result.issues, 'issue')}, "
        f"{counted(result.tracked, 'tracked recommendation')})",
        "workbook",
    )
    _tally().add("language", len(result.languages))


@workbook.command("import")
@click.argument("workbook_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="WORKBOOK")
@click.option(
    "--into",
    "content_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder of languages to write (content), or the one content set of a one-language workbook.",
)
@click.option("--dry-run", is_flag=True, help="Say what would change, and write nothing.")
@_verbosity
def workbook_import(workbook_file: Path, content_dir: Path, dry_run: bool) -> None:
    """Write every language's YAML in CONTENT_DIR from WORKBOOK.

    Inserted rows become new items where they stand, deleted rows remove
    theirs; numbers and codes go to every language. An empty translation cell
    is still to translate: a warning, and the file keeps its own text, or gets
    the first language's until translated. Files the workbook does not change
    stay byte for byte as they were; in the others, comments and key order stay
    where the content did not change. Every change is listed. Every problem of
    the whole workbook is reported at once, by sheet and cell, and then nothing
    is written.

    \b
    Examples:
      deckgen workbook import deck.xlsx --into content --dry-run
      deckgen workbook import deck.xlsx --into content
    """
    from deckgen.workbook.merge import import_workbook

    result = import_workbook(workbook_file, content_dir, dry_run=dry_run)
    _print_warnings(result.warnings)
    for line in result.summary():
        _say(line)
    _tally().add("change", sum(len(change.changes) for change in result.files))
    _tally().add_files(len(result.files))


@cli.group(cls=_Commands)
@_verbosity
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
@click.option(
    "-t",
    "--target-language",
    required=True,
    metavar="LANGUAGE",
    help="The language to translate into, e.g. ru or kk; deckgen needs a locale for it.",
)
@_output_option("The .xlf file to write.", "file", required=True)
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check the content set with.")
@click.option(
    "--from",
    "prefill_from",
    type=_EXISTING_DIR,
    metavar="TRANSLATION_DIR",
    help="An existing translation (e.g. content/ru) whose texts fill the targets, so the translator works "
    "only on what is new or still as in the source.",
)
@_verbosity
def xliff_export(
    content_dir: Path, target_language: str, output: Path, assets: Path | None, prefill_from: Path | None
) -> None:
    """Write every text value of CONTENT_DIR as a unit of an XLIFF 1.2 file, for translation.

    Each unit's id is file#key path@hash of its text (deck.yaml#title@3d3bf3e9,
    issues/01-freedom-of-religion.yaml#review.findings.points@1eb77372), so ids
    do not shift when a finding is inserted; its notes say where the text
    shows and on which line of which file it stands.

    With --from content/ru, each unit that content/ru has translated gets that
    translation as its target (state "translated"), so the translator works
    only on the units without one; `xliff import` into content/ru then merges.

    \b
    Examples:
      deckgen xliff export content/en --target-language ru -o ru.xlf
      deckgen xliff export content/en -t kk -o build/kk.xlf
      deckgen xliff export content/en -t ru --from content/ru -o ru.xlf
    """
    from deckgen.content.sets import content_paths
    from deckgen.files import check_output_file, write_bytes_atomically
    from deckgen.translate.xliff import export_xliff

    _note_read(content_dir)
    deck_path, issue_paths = content_paths(content_dir)
    check_output_file(output, (".xlf", ".xliff"), "an XLIFF file", [deck_path, *issue_paths])
    data = export_xliff(content_dir, target_language, assets, prefill_from)
    write_bytes_atomically(data, output)
    units, filled = data.count(b"<trans-unit "), data.count(b'<target state="translated">')
    prefilled = f", {filled} pre-filled from {display_path(prefill_from)}" if prefill_from is not None else ""
    _wrote(output, f" ({counted(units, 'unit')}{prefilled})", "XLIFF file")
    _tally().add("unit", units)


@xliff.command("import")
@click.argument("xliff_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="XLIFF")
@click.argument("source_dir", type=_EXISTING_DIR)
@_output_option("The content set folder to write, e.g. content/ru.", "folder", required=True)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an output folder that is not a content set, or, merging into one, also replace its "
    "translated texts that changed since the export.",
)
@click.option(
    "--allow-untranslated",
    is_flag=True,
    help="Keep the source text of units without a target (with a warning each) instead of failing.",
)
@click.option("--assets", type=_EXISTING_DIR, help="Assets folder (themes, logos) to check the new set with.")
@click.option("--dry-run", is_flag=True, help="Check the translation as an import would, and write nothing.")
@_verbosity
def xliff_import(
    xliff_file: Path,
    source_dir: Path,
    output: Path,
    force: bool,
    allow_untranslated: bool,
    assets: Path | None,
    dry_run: bool,
) -> None:
    """Write a content set: SOURCE_DIR with each text value replaced by its unit's target in XLIFF.

    Everything else of SOURCE_DIR is copied as it is (keys, numbers, status
    words, comments); deck.yaml's language becomes the XLIFF's target-language.
    The new set is validated before it appears: on any problem nothing is
    written and an existing output folder stays as it was.

    Into an existing translation (content/ru), the import merges: the source's
    numbers and codes are carried first (as `deckgen sync`), then a unit's
    target replaces only text still as in the source, or text the export was
    pre-filled from (xliff export --from) that has not changed since; each
    replacement is listed. Its labels, comments and keys outside the XLIFF
    stay; a unit without a target keeps the translation's text. A translated
    text that changed otherwise is listed and replaced only with --force.
    Targets marked needs-review-* are imported with a warning each.

    \b
    Examples:
      deckgen xliff import ru.xlf content/en -o content/ru
      deckgen xliff import ru.xlf content/en -o content/ru --dry-run
      deckgen xliff import ru.xlf content/en -o content/ru --force
    """
    from deckgen.translate.xliff import import_xliff

    _note_read(source_dir)
    result = import_xliff(
        xliff_file,
        source_dir,
        output,
        force=force,
        allow_untranslated=allow_untranslated,
        assets=assets,
        dry_run=dry_run,
    )
    _print_warnings(result.warnings)
    tally = _tally()
    if result.merged:
        tally.add("unit", result.units)
        for change in result.carried:
            _say(str(change))
        for change in result.replaced:
            _say(f"{change.location}: replaced {change.message}")
        tally.add("text replaced", len(result.replaced), "texts replaced")
        tally.add("value carried from the source", len(result.carried), "values carried from the source")
        tally.add_files(0)
        for path in result.written:
            _wrote(path)
        _say(f"{display_path(result.output)}: merged")
    else:
        _wrote(
            result.output,
            f" ({counted(result.units, 'unit')}, {result.translated} differ from the source)",
            "content set",
        )
        tally.add("unit", result.units)


@cli.group(cls=_Commands)
@_verbosity
def locale() -> None:
    """Labels of a language deckgen has none for: write a locale file to translate.

    \b
    Examples:
      deckgen locale new uk
      deckgen locale new uk --assets path/to/assets
    """


@locale.command("new")
@click.argument("language")
@click.option(
    "--assets",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("assets"),
    show_default=True,
    help="The assets folder of the content sets; the file goes to its locales/.",
)
@click.option("--force", is_flag=True, help="Replace the locale file if it exists.")
@click.option(
    "--from",
    "start_from",
    default="en",
    show_default=True,
    metavar="LANGUAGE",
    help="Start from the labels of this shipped language (en, ru, kk): Ukrainian from Russian, say.",
)
@_verbosity
def locale_new(language: str, assets: Path, force: bool, start_from: str) -> None:
    """Write ASSETS/locales/LANGUAGE.yaml: every UI label in English, to translate.

    Plural labels get a form for each CLDR plural category of LANGUAGE, the
    ordinal one for each ordinal category, and the tag written on the slides'
    text is filled in (uk-UA for uk). Until every label is translated,
    validate and build warn, naming the labels still in English.

    With --from ru the labels start in Russian instead of English (closer to
    Ukrainian, say); validate then cannot tell which are still to translate.

    \b
    Examples:
      deckgen locale new uk
      deckgen locale new uk --from ru
      deckgen locale new pt-BR
    """
    from deckgen.files import write_bytes_atomically
    from deckgen.locale import LOCALE_DIR, LOCALES_FOLDER, base_language, new_locale_text

    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        raise DeckgenError(f"'{language}' is not a language code such as uk, or a tag such as pt-BR")
    base = base_language(language)
    if (LOCALE_DIR / f"{base}.yaml").is_file():
        raise DeckgenError(
            f"deckgen has labels for '{base}' already (deckgen/locale/{base}.yaml); to change some "
            f"for one deck, give them under labels: in its deck.yaml"
        )
    target = assets / LOCALES_FOLDER / f"{base}.yaml"
    if target.exists() and not force:
        raise DeckgenError(f"{display_path(target)} exists; pass --force to start it afresh")
    try:
        text = new_locale_text(language, start_from)
    except ValueError as error:
        raise DeckgenError(str(error)) from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DeckgenError(f"{display_path(target.parent)}: cannot create the folder: {error.strerror}") from None
    write_bytes_atomically(text.encode("utf-8"), target)
    if base_language(start_from) == "en":
        _wrote(target, ": translate its labels (validate lists those still in English)", "locale file")
    else:
        _wrote(target, f": translate its labels, which start in '{start_from}'", "locale file")


@cli.group(cls=_Commands)
@_verbosity
def template() -> None:
    """Look into a PowerPoint template before building into it.

    \b
    Examples:
      deckgen template inspect coalition.potx
      deckgen template inspect assets/coalition.potx --theme assets/themes/coalition.yaml
    """


@template.command("inspect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--theme",
    "theme_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A theme whose 'layouts:' mapping to check against the template (problems at its line).",
)
@_verbosity
def template_inspect(file: Path, theme_file: Path | None) -> None:
    """List FILE's layouts (placeholders: type, idx, size), theme fonts and colours, the layout each
    slide kind gets and where slide titles stand; say what is missing.

    A problem (not a template, a kind with no layout, a `layouts:` name no layout has) is printed as
    path:line:col: message and exits 1.

    \b
    Examples:
      deckgen template inspect coalition.potx
      deckgen template inspect assets/coalition.potx --theme assets/themes/coalition.yaml
    """
    from deckgen.content.yaml_source import load_yaml
    from deckgen.errors import ContentError, Location, Problem
    from deckgen.package import (
        TemplateError,
        choose_layouts,
        slide_title_placeholder,
        template_layouts,
        template_package,
        template_theme,
    )
    from deckgen.render.master import open_template
    from deckgen.theme import LAYOUT_KINDS

    mapping: dict = {}
    location = Location(file)
    if theme_file is not None:
        loaded = load_yaml(theme_file)
        raw = loaded.data.get("layouts") if isinstance(loaded.data, dict) else None
        if isinstance(raw, dict):
            mapping = {str(k): str(v) for k, v in raw.items()}
            location = loaded.source_map.locate(("layouts",), key=True)
    try:
        package = template_package(file)
        found = template_theme(package, file.name)
        layouts = template_layouts(package)
        open_template(file, package)  # what build does with it: inspect and build agree
    except TemplateError as error:
        raise ContentError([Problem(Location(file), str(error))]) from None
    click.echo(f"template {display_path(file)}: {len(layouts)} layouts")
    click.echo(f"theme fonts: headings {found.major or '(none)'}, body {found.minor or '(none)'}")
    click.echo("theme colours: " + ", ".join(f"{k} {v}" for k, v in found.colours.items()))
    if package.dropped:
        click.echo("left out of every deck: " + ", ".join(package.dropped))
    click.echo("layouts:")
    for n, layout in enumerate(layouts, 1):
        shown = ", ".join(
            f"{kind} idx {idx} ({box.width:.0f} x {box.height:.0f} pt at {box.left:.0f}, {box.top:.0f})"
            for kind, idx, box in layout.placeholders
        )
        click.echo(f"  layout {n} '{layout.name}': {shown or 'no placeholders'}")
    chosen, problems = choose_layouts(layouts, mapping)
    click.echo("slide kinds:")
    for kind in LAYOUT_KINDS:
        how = "by the theme's layouts:" if kind in mapping else "by its placeholders"
        click.echo(f"  {kind}: '{chosen[kind].name}' ({how})" if kind in chosen else f"  {kind}: none")
    title, fault = slide_title_placeholder(chosen.get("text"))
    if title is not None:
        click.echo(
            f"slide titles: where '{chosen['text'].name}' has its title: {title.top:.0f} pt down, "
            f"{title.height:.0f} pt high, {title.width:.0f} pt wide at {title.left:.0f}"
        )
    elif fault:
        click.echo(f"slide titles: on deckgen's grid: {fault}")
    click.echo("missing: " + ("nothing" if not problems else f"{len(problems)} (below)"))
    if problems:
        raise ContentError([Problem(location, message) for message in problems])
    tally = _tally()
    tally.add("template")
    tally.add("layout", len(layouts))
    tally.add("slide kind with a layout", len(chosen), "slide kinds with a layout")


def main() -> None:
    """Run the deckgen command line."""

    # One command, then the process ends: Python's cycle collector is off for it (watch turns it back on).
    # A command leaves almost no reference cycles behind (a 350-slide build peaks 3 MB higher without the
    # collector), but the collector, set off every few hundred objects the imports and the planner make,
    # traverses them again and again: 0.07 s of the coalition deck's cold build (measured with gc.callbacks).
    gc.disable()
    from deckgen.pydantic_compat import without_plugins

    without_plugins()  # nor does it look for pydantic plugins: 20 ms of importing (see deckgen.pydantic_compat)
    try:
        _run()
    finally:
        # The process ends: every object moves to the collector's permanent generation, which the full
        # collection Python makes as it shuts down skips; it would traverse everything only to free what the
        # process's end frees anyway (0.08 s of a cold build, 0.05 s of a handout).
        gc.freeze()


def _run() -> None:
    """Run the command line's command (see main)."""
    import sys

    # A terminal that cannot show a character (LANG=C, a legacy code page) gets an escape, not a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when the shell ignores Ctrl+C
        signal.signal(signal.SIGINT, _on_ctrl_c)
    try:
        cli(prog_name="deckgen")
    except DeckgenError as error:  # raised outside click's own handling (e.g. standalone_mode off)
        error.show()
        raise SystemExit(1) from None
    except (KeyboardInterrupt, Exception) as error:  # before or after a command runs (while modules load, say)
        if not _interrupted(error):
            raise
        click.echo("interrupted; nothing half written", err=True)
        raise SystemExit(INTERRUPTED) from None
