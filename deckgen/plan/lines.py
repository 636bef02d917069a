"""Line breaking: runs of text -> the lines a viewer wraps them into, measured by deckgen.fonts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from deckgen.fonts import text_width
from deckgen.plan.specs import Paragraph, Run

_TOKEN = re.compile(r"\n| |[^ \n]+")


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


def _words(runs: tuple[Run, ...]) -> list[list[Piece] | Piece]:
    """Split runs into words (lists of pieces, which may span runs), spaces and breaks (single pieces)."""
    out: list[list[Piece] | Piece] = []
    word: list[Piece] = []
    for run in runs:
        for token in _TOKEN.findall(run.text):
            if token in (" ", "\n"):
                if word:
                    out.append(word)
                    word = []
                out.append(Piece(token, run))
            else:
                word.append(Piece(token, run))
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
def _break_lines(runs: tuple[Run, ...], width: float) -> tuple[Line, ...]:
    # Fitting tries several sizes and pagination looks ahead, so the same paragraph
    # is asked for at the same width many times; runs are frozen, so the answer keeps.
    lines: list[list[Piece]] = [[]]
    used = 0.0
    pending_space: Piece | None = None
    for token in _words(runs):
        if isinstance(token, Piece):
            if token.text == "\n":
                lines[-1].append(token)
                lines.append([])
                used, pending_space = 0.0, None
            elif lines[-1]:
                # a space counts only once the next word joins its line; it never starts one
                pending_space = token
            continue
        word_width = sum(p.width for p in token)
        space_width = pending_space.width if pending_space else 0.0
        if lines[-1] and used + space_width + word_width > width:
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
        if pending_space and lines[-1]:
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
