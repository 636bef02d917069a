"""`deckgen submission` and `deckgen matrix`: the cycle's Word documents for OHCHR, from the deck's content.

load (load.load_sets) -> plan (plan.submission, plan.matrix: pure) -> render (render.docx; the
matrix's .xlsx through the export's workbook writer) -> write (atomic). The submission is held to
OHCHR's word limit (2,815 words for one organisation, 5,630 for a joint submission): over it, nothing is
written unless it is a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deckgen.build import BUILD_DIR, check_output_name, deck_stem, output_paths
from deckgen.content.sets import content_sets, issue_paths
from deckgen.errors import ContentError, Location, OutputError, Problem, display_path
from deckgen.files import atomic_files, check_output_file, refuse_overwriting_inputs, write_bytes_atomically
from deckgen.load import LoadedContent, load_sets
from deckgen.locale import Locale, load_locale
from deckgen.plan.matrix import MatrixSpec, plan_matrix
from deckgen.plan.submission import SubmissionSpec, WordCount, plan_submission
from deckgen.tracking.tables import COLUMNS, export_row, xlsx_bytes


@dataclass(frozen=True)
class SubmissionResult:
    """What `deckgen submission` wrote: the file, its word count, and the warnings (over the limit in a draft)."""

    output: Path
    words: WordCount
    paragraphs: int
    endnotes: int
    warnings: tuple[Problem, ...] = ()

    def summary(self) -> str:
        """Return the line the command prints: the file and its count against the limit."""
        kind = "a joint" if self.words.kind == "joint" else "an individual"
        return (
            f"wrote {display_path(self.output)}: {self.words.total:,} words of the {self.words.limit:,} "
            f"allowed for {kind} submission ({self.paragraphs} numbered paragraphs, {self.endnotes} endnotes)"
        )


@dataclass(frozen=True)
class MatrixResult:
    """What `deckgen matrix` wrote."""

    output: Path
    tracked: int
    """Rows of tracked recommendations."""
    untracked: int
    """Issues with one row saying what is known of their recommendations."""
    warnings: tuple[Problem, ...] = ()

    def summary(self) -> str:
        """Return the line the command prints."""
        more = (
            f", and {self.untracked} issue{'s' if self.untracked != 1 else ''} not tracked one by one"
            if self.untracked
            else ""
        )
        return f"wrote {display_path(self.output)} ({self.tracked} tracked recommendations{more})"


def _one_set(content_dir: Path, what: str) -> Path:
    """Return CONTENT_DIR, a content set; a folder of several is an error that names them."""
    sets = content_sets(Path(content_dir))
    if len(sets) > 1:
        names = ", ".join(s.name for s in sets)
        raise OutputError(
            f"{display_path(content_dir)} holds {len(sets)} content sets ({names}): {what} is "
            f"written for one language; name its folder, e.g. {display_path(sets[0])}"
        )
    return sets[0] if sets else Path(content_dir)


def _locale(loaded: LoadedContent) -> Locale:
    deck = loaded.content.deck
    return load_locale(deck.language, deck.labels, loaded.assets)


def default_submission(loaded: LoadedContent) -> Path:
    """Return build/upr<cycle>-<country>-<language>-submission.docx, beside the deck's default name."""
    return BUILD_DIR / f"{deck_stem(loaded.content.deck)}-submission.docx"


def over_limit_message(words: WordCount) -> str:
    """Return what is said of a submission over its word limit: the count, the excess, the longest sections."""
    longest = ", ".join(f"{title!r} ({n:,} words)" for title, n in words.longest(3))
    return (
        f"the submission has {words.total:,} words, {words.excess:,} over OHCHR's limit of {words.limit:,} "
        f"for {'a joint' if words.kind == 'joint' else 'an individual'} submission; the longest sections: "
        f"{longest}"
    )


def write_submissions(
    folder: Path, output: Path | None = None, assets: Path | None = None, draft: bool = False
) -> list[SubmissionResult]:
    """Write the stakeholder submission of FOLDER (a content set) to OUTPUT, or of each set of a folder of them
    into OUTPUT.

    For one set OUTPUT is the .docx (default build/...-submission.docx); for several it names the folder
    the submissions go to (default build/). Every set is checked, planned and counted before any file is
    written: over its word limit, a set raises ContentError at its deck.yaml (the `submission:` line, if
    any) and nothing is written, unless DRAFT: then each is written, titled "(draft)", with a warning.
    """
    folder = Path(folder)
    sets = content_sets(folder)
    check_output_name(folder, sets, output, ".docx", "the submission", "submission")
    loaded = load_sets(folder, assets, draft=draft)
    loaded.raise_problems()
    targets = output_paths(loaded.sets, output, loaded.single, default_submission)
    inputs = [*sets, *(path for one in sets for path in issue_paths(one))]
    for target, one in zip(targets, loaded.sets):
        check_output_file(target, (".docx",), "the submission", inputs)
        _not_the_template(target, one)
    planned, problems = [], []
    for one in loaded.sets:
        spec = plan_submission(one.content, _locale(one), draft)
        words = spec.word_count()
        warnings = list(one.warnings)
        if words.excess:
            location = one.deck_file.source_map.locate(("submission",) if one.content.deck.submission else ())
            if draft:
                warnings.append(Problem(location, over_limit_message(words) + "; written as a draft", warning=True))
            else:
                problems.append(
                    Problem(location, over_limit_message(words) + ". Shorten them, or write it anyway with --draft")
                )
        planned.append((one, spec, words, warnings))
    if problems:
        raise ContentError(problems)
    files = {
        target: _render(
            one, lambda font, heading, band, template, spec=spec: _submission_bytes(spec, font, heading, template)
        )
        for target, (one, spec, _, _) in zip(targets, planned)
    }
    atomic_files(files)
    return [
        SubmissionResult(
            target, words, sum(1 for b in spec.blocks if b.number is not None), len(spec.endnotes), tuple(warnings)
        )
        for target, (_, spec, words, warnings) in zip(targets, planned)
    ]


def _not_the_template(target: Path, loaded: LoadedContent) -> None:
    """Raise OutputError when TARGET is the theme's submission_template, which the command reads."""
    if loaded.theme.submission_template is not None:
        refuse_overwriting_inputs(target, [loaded.theme.submission_template])


def _submission_bytes(spec: SubmissionSpec, font: str, heading: str | None, template: Path | None) -> bytes:
    # lazy: python-docx takes 60-200 ms to import; the matrix as .xlsx needs none of it
    from deckgen.render.docx import render_submission

    return render_submission(spec, font, heading, template)


def _render(loaded: LoadedContent, render) -> bytes:
    """Return RENDER(font, heading colour, band colour, template) for LOADED's theme; a bad template is located."""
    # lazy: python-docx takes 60-200 ms to import; the matrix as .xlsx needs none of it
    from deckgen.render.docx import DocxTemplateError

    theme = loaded.theme
    colours = theme.theme.colours
    heading = colours.heading if colours is not None else None
    band = colours.table_band if colours is not None else None
    template = theme.submission_template
    try:
        return render(theme.regular.family, heading, band, template)
    except DocxTemplateError as error:
        raise ContentError.at(Location(template or Path()), f"submission_template: {error}") from None


def submission_bytes(loaded: LoadedContent, draft: bool = False) -> tuple[bytes, WordCount]:
    """Return the stakeholder submission of LOADED (a content set as load_sets loads it) as .docx bytes, and its
    word count; the caller holds it to the limit (WordCount.excess). DRAFT titles it "(draft)"."""
    spec = plan_submission(loaded.content, _locale(loaded), draft)
    data = _render(loaded, lambda font, heading, band, template: _submission_bytes(spec, font, heading, template))
    return data, spec.word_count()


def matrix_bytes(loaded: LoadedContent, suffix: str = ".docx") -> bytes:
    """Return the matrix of LOADED as the bytes of a .docx (SUFFIX ".docx") or .xlsx (".xlsx") file."""
    spec = plan_matrix(loaded.content, _locale(loaded))
    if suffix.lower() == ".xlsx":
        return matrix_xlsx(spec)

    def docx(font: str, heading: str | None, band: str | None, template: Path | None) -> bytes:
        # lazy: python-docx takes 60-200 ms to import; the matrix as .xlsx needs none of it
        from deckgen.render.docx import render_matrix

        return render_matrix(spec, font, heading, band, template)

    return _render(loaded, docx)


def write_matrix(content_dir: Path, output: Path, assets: Path | None = None) -> MatrixResult:
    """Write CONTENT_DIR's matrix of the previous cycle's recommendations to OUTPUT, a .docx or .xlsx."""
    content_dir = _one_set(content_dir, "the matrix")
    check_output_file(Path(output), (".docx", ".xlsx"), "the matrix", [content_dir, *issue_paths(content_dir)])
    sets = load_sets(content_dir, assets)
    sets.raise_problems()
    loaded = sets.sets[0]
    locale = _locale(loaded)
    _not_the_template(Path(output), loaded)
    write_bytes_atomically(matrix_bytes(loaded, Path(output).suffix), Path(output))
    rows = plan_matrix(loaded.content, locale).rows()
    return MatrixResult(
        Path(output), sum(r.tracked for r in rows), sum(not r.tracked for r in rows), tuple(loaded.warnings)
    )


def matrix_rows(spec: MatrixSpec) -> list[list[str]]:
    """Return the matrix's tracked rows in deckgen's table columns, header first, as `deckgen export` writes them:
    statuses and responses in the language's words, which `deckgen import` reads back."""

    tracked = [(row, group.issue_file) for group in spec.groups for row in group.rows if row.tracked]
    return [list(COLUMNS)] + [export_row(row, issue_file, spec.language_tag) for row, issue_file in tracked]


def matrix_xlsx(spec: MatrixSpec) -> bytes:
    """Return the matrix as a workbook: the tracked recommendations in the export's columns (so members fill it
    and `deckgen import` reads it back), and a second sheet with what is known of the issues not tracked."""

    untracked = [
        [group.title, row.text, row.assessment, group.issue_file]
        for group in spec.groups
        for row in group.rows
        if not row.tracked
    ]
    more = {"not tracked": [["issue", "recommendations", "assessment", "file"], *untracked]} if untracked else {}
    return xlsx_bytes(matrix_rows(spec), spec.language_tag, more)
