"""Line breaking: runs of text -> the lines a viewer wraps them into, measured by deckgen.fonts."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from deckgen.fonts import WORD_JOINER, text_width
from deckgen.plan.specs import Paragraph, Run, SlideSpec, TableSpec, TextSpec
from deckgen.plan.ties import NO_BREAK_SPACE, URL_PATTERN, unmarked

_TOKEN = re.compile(r"\n| |[^ \n]+")
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_][-\u2010])(?=[^\W\d_])|(?<=[^/\u2060]/)(?=[^/\u2060\s])")
"""Where viewers may also break a line: after a hyphen between letters ("self-" / "determination"), after a
slash that typesetting left unjoined (a URL's)."""
_VIEWER_BREAK = re.compile(r"(?<=[-\u2010/])(?=[^\W_])|(?<=[^\W\d_]\u2013)(?=\w)")
"""Where viewers (PowerPoint, LibreOffice) may break inside a word: after a hyphen or slash before a letter or
digit, after a dash between words (Unicode's line-breaking rules, simplified)."""


@dataclass(frozen=True)
class Piece:
    """A fragment of one run on one line."""

    text: str
    run: Run

    @property
    def width(self) -> float:
        """Return the fragment's width in points (a forced line break has none)."""
        if self.text in ("\n", ""):
            return 0.0
        return text_width(self.text, self.run.font.file, self.run.size)


Line = tuple[Piece, ...]


def _words(runs: tuple[Run, ...], viewer: bool = False) -> list[list[Piece] | Piece]:
    """Split runs into words (lists of pieces, which may span runs), spaces and breaks (single pieces).

    VIEWER: where a viewer breaks unmarked text (see _VIEWER_BREAK), not the planner its marked text.
    """
    out: list[list[Piece] | Piece] = []
    inside = _VIEWER_BREAK if viewer else _HYPHEN_BREAK
    word: list[Piece] = []
    for run in runs:
        for token in _TOKEN.findall(run.text):
            if token in (" ", "\n"):
                if word:
                    out.append(word)
                    word = []
                out.append(Piece(token, run))
            else:
                parts = (
                    inside.split(token)
                    if viewer or "-" in token or "\u2010" in token or ("/" in token and URL_PATTERN.match(token))
                    else [token]
                )
                for i, part in enumerate(parts):
                    if i:
                        # a break opportunity without a space: the line may end after the hyphen
                        out.append(word)
                        out.append(Piece("", run))
                        word = []
                    word.append(Piece(part, run))
    if word:
        out.append(word)
    return out


def _split_long_word(word: list[Piece], width: float) -> list[list[Piece]]:
    """Break a word wider than WIDTH between characters, as viewers do."""
    parts: list[list[Piece]] = [[]]
    used = 0.0
    for piece in word:
        for ch in piece.text:
            w = text_width(ch, piece.run.font.file, piece.run.size)
            if used + w > width and parts[-1]:
                parts.append([])
                used = 0.0
            parts[-1].append(Piece(ch, piece.run))
            used += w
    return parts


def break_lines(runs: tuple[Run, ...], width: float) -> list[Line]:
    """Return the lines a viewer wraps RUNS into within WIDTH points (greedy, at spaces).

    A forced break ("\n") stays as the last piece of its line, so that
    joining lines back (runs_of) restores it.
    """
    known = _tails.get((runs, width))
    return list(known if known is not None else _break_lines(runs, width))


_tails: dict[tuple[tuple[Run, ...], float], tuple[Line, ...]] = {}
"""Lines of paragraphs' tails, as split_lines left them: pagination asks for them next."""

_MAX_TAILS = 4096


def split_lines(lines: list[Line], at: int, width: float) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """Return the runs of LINES (broken within WIDTH) before line AT and from it on.

    The tail's lines are remembered: breaking the tail again would give the same lines,
    and a paragraph many pages long would be broken again for every page, which is
    quadratic in its length.
    """
    head, tail = runs_of(lines[:at]), runs_of(lines[at:])
    if len(_tails) >= _MAX_TAILS:
        _tails.clear()
    _tails[(tail, width)] = tuple(lines[at:])
    return head, tail


@lru_cache(maxsize=8192)
def _break_lines(runs: tuple[Run, ...], width: float, viewer: bool = False) -> tuple[Line, ...]:
    # Fitting tries several sizes and pagination looks ahead, so the same paragraph
    # is asked for at the same width many times; runs are frozen, so the answer keeps.
    lines: list[list[Piece]] = [[]]
    used = 0.0
    pending_space: Piece | None = None
    for token in _words(runs, viewer):
        if isinstance(token, Piece):
            if token.text == "\n":
                lines[-1].append(token)
                lines.append([])
                used, pending_space = 0.0, None
            elif lines[-1]:
                # a space counts only once the next word joins its line; it never starts one
                # (an empty piece: a break after a hyphen, no space either way)
                pending_space = token
            continue
        word_width = sum(p.width for p in token)
        space_width = pending_space.width if pending_space else 0.0
        if lines[-1] and used + space_width + word_width > width:
            if pending_space is not None and pending_space.text == "":
                lines[-1].append(pending_space)  # joining lines back adds no space after the hyphen
            lines.append([])
            used, pending_space, space_width = 0.0, None, 0.0
        if word_width > width:
            parts = _split_long_word(token, width)
            for part in parts[:-1]:
                # an empty piece marks a break inside a word: joining lines back adds no space there
                lines[-1].extend([*part, Piece("", part[-1].run)])
                lines.append([])
            token = parts[-1]
            word_width = sum(p.width for p in token)
        if pending_space is not None and pending_space.text and lines[-1]:
            lines[-1].append(pending_space)
            used += space_width
        lines[-1].extend(token)
        used += word_width
        pending_space = None
    return tuple(tuple(line) for line in lines)


def runs_of(lines: list[Line]) -> tuple[Run, ...]:
    """Return LINES joined back into runs: adjacent pieces of one style merged, wrapped lines joined by a space."""
    # Texts are gathered per run and joined once: adding piece by piece is quadratic in a long paragraph.
    styled: list[tuple[Run, list[str]]] = []
    for i, line in enumerate(lines):
        pieces = list(line)
        wrapped = i > 0 and not (lines[i - 1] and lines[i - 1][-1].text in ("\n", ""))
        if wrapped and pieces:
            pieces.insert(0, Piece(" ", pieces[0].run))
        for piece in pieces:
            last = styled[-1][0] if styled else None
            if last and (last.font, last.size, last.color) == (piece.run.font, piece.run.size, piece.run.color):
                styled[-1][1].append(piece.text)
            else:
                styled.append((piece.run, [piece.text]))
    runs = [Run("".join(texts), run.font, run.size, run.color) for run, texts in styled]
    # a part that ends at a forced break must not end in an empty line
    if runs and runs[-1].text.endswith("\n"):
        last = runs.pop()
        if last.text.rstrip("\n"):
            runs.append(Run(last.text.rstrip("\n"), last.font, last.size, last.color))
    return tuple(runs)


def paragraph_lines(paragraph: Paragraph, width: float) -> list[Line]:
    """Return the lines of PARAGRAPH in a text box WIDTH points wide (indent taken off)."""
    return break_lines(paragraph.runs, width - paragraph.indent)


def without_runt(paragraph: Paragraph, width: float) -> Paragraph:
    """Return PARAGRAPH with a word moved down when its last line in WIDTH would hold one word alone.

    The word before is tied to the last one (a no-break space, or a word joiner
    after a hyphen), so viewers wrap them together, as deckgen's lines then do
    too; only when that keeps the paragraph's number of lines. "(8)", "2022." or
    "Principles." alone under a paragraph reads as a stumble.
    """
    lines = paragraph_lines(paragraph, width)
    if len(lines) < 2 or not lines[-1] or any(p.text in (" ", "", "\n") for p in lines[-1][:-1]):
        return paragraph
    end = lines[-2][-1].text if lines[-2] else "\n"
    if end == "\n":
        return paragraph
    text = "".join(run.text for run in paragraph.runs)
    start = len(text.rstrip(" ")) - sum(len(p.text) for p in lines[-1])
    if start <= 0:
        return paragraph
    if end == "" and text[start - 1] in "-\u2010":
        runs = _replace_at(paragraph.runs, start, 0, WORD_JOINER)
    elif end != "" and text[start - 1] == " ":
        runs = _replace_at(paragraph.runs, start - 1, 1, NO_BREAK_SPACE)
    else:
        return paragraph
    moved = dataclasses.replace(paragraph, runs=runs)
    new_lines = paragraph_lines(moved, width)
    splits = sum(1 for line in lines if line and line[-1].text == "")
    if (
        len(new_lines) != len(lines)
        or sum(1 for line in new_lines if line and line[-1].text == "") > splits
        or _length(new_lines[-1]) <= _length(lines[-1])
    ):
        return paragraph
    return moved


def _length(line: Line) -> int:
    return sum(len(piece.text) for piece in line)


def _replace_at(runs: tuple[Run, ...], at: int, length: int, new: str) -> tuple[Run, ...]:
    """Return RUNS with LENGTH characters at AT (in their joined text) replaced by NEW."""
    out, offset, done = [], 0, False
    for run in runs:
        end = offset + len(run.text)
        if not done and (offset <= at < end or (length == 0 and at == end)):
            i = at - offset
            run = Run(run.text[:i] + new + run.text[i + length :], run.font, run.size, run.color)
            done = True
        out.append(run)
        offset = end
    return tuple(out)


_MARKS = (WORD_JOINER, NO_BREAK_SPACE)


def realise(paragraph: Paragraph, width: float) -> Paragraph:
    """Return PARAGRAPH as written on a slide in a box WIDTH wide: the planner's marks out, its breaks kept.

    typeset() and without_runt() mark where no line may break (word joiners,
    no-break spaces); they are the planner's, not the text's. Here they are
    taken out, and where a viewer would then wrap a line otherwise than the
    planner did, the space the planner broke at becomes a line break ("\\n",
    which the renderer writes as a line break). The characters a person copies,
    searches or hears stay those that were typed: no word joiner in "47-VIII",
    no inserted character in a URL.
    """
    text = paragraph.text
    if not any(mark in text for mark in _MARKS):
        return paragraph
    planned = paragraph_lines(paragraph, width)
    runs = tuple(Run(unmarked(run.text), run.font, run.size, run.color) for run in paragraph.runs)
    if len(planned) < 2:
        return dataclasses.replace(paragraph, runs=runs)
    # Where each planned line starts in the marked text (after the space it broke at, if any)...
    starts, offset = [], 0
    for i, line in enumerate(planned):
        starts.append(offset)
        offset += sum(len(piece.text) for piece in line)
        if i + 1 < len(planned) and line and line[-1].text not in ("\n", "") and text[offset : offset + 1] == " ":
            offset += 1  # the space the line broke at
    if offset != len(text.rstrip(" ")) and offset != len(text):
        return dataclasses.replace(paragraph, runs=runs)  # spaces the breaker folds: leave it to the viewer
    # ... and in the text as written (without the word joiners).
    starts = [at - text[:at].count(WORD_JOINER) for at in starts]
    written = unmarked(text)

    def length(line: Line) -> int:
        return sum(len(piece.text) - piece.text.count(WORD_JOINER) for piece in line if piece.text != "\n")

    for i in range(1, len(planned)):
        viewer = _break_lines(runs, width - paragraph.indent, True)
        if len(viewer) >= len(planned) and all(length(viewer[k]) == length(planned[k]) for k in range(i)):
            continue
        at = starts[i]
        if at > 0 and written[at - 1] == " ":
            runs = _replace_at(runs, at - 1, 1, "\n")
            written = written[: at - 1] + "\n" + written[at:]
        elif at > 0 and written[at - 1] != "\n":
            runs = _replace_at(runs, at, 0, "\n")  # a break inside a word: after a hyphen, or a long word cut
            written = written[:at] + "\n" + written[at:]
            starts = starts[:i] + [s + 1 for s in starts[i:]]
    return dataclasses.replace(paragraph, runs=runs)


def realised(slide: SlideSpec) -> SlideSpec:
    """Return SLIDE with every paragraph as written (see lines.realise): the planner's marks out, its breaks kept."""

    def text(spec: TextSpec) -> TextSpec:
        width = spec.box.width - 2 * spec.inset
        return dataclasses.replace(spec, paragraphs=tuple(realise(p, width) for p in spec.paragraphs))

    def element(e):
        if isinstance(e, TextSpec):
            return text(e)
        if isinstance(e, TableSpec):
            return dataclasses.replace(
                e,
                rows=tuple(
                    tuple(
                        dataclasses.replace(
                            cell, paragraphs=tuple(realise(p, width - 2 * e.inset_x) for p in cell.paragraphs)
                        )
                        for cell, width in zip(row, e.column_widths)
                    )
                    for row in e.rows
                ),
            )
        return e

    return dataclasses.replace(slide, title=text(slide.title), elements=tuple(element(e) for e in slide.elements))
