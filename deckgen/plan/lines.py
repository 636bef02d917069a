"""Line breaking: runs of text -> the lines a viewer wraps them into, measured by deckgen.fonts."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from deckgen.fonts import WORD_JOINER, text_width
from deckgen.plan.specs import NO_BREAK_SPACE, Paragraph, Run

_TOKEN = re.compile(r"\n| |[^ \n]+")
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_][-\u2010])(?=[^\W\d_])")
"""Where viewers may also break a line: after a hyphen between letters ("self-" / "determination")."""
_UNBREAKABLE = re.compile(r"(?<=\d)([-\u2010\u2013])(?=\S)|(?<=\S)(/)(?=\S)")
"""A hyphen or dash after a digit ("47-VIII", "19-баптарына", "2019–2023"), a slash inside a code ("A/HRC/41")."""
_NUMBER_SIGN = re.compile(r"(?<!\w)(№|No\.|Nos\.|no\.|Nr\.) (?=\d)")
"""A number sign and its number: "№ 47", "No. 210" stay on one line."""


def plain(text: str) -> str:
    """Return TEXT with typesetting undone (see typeset, without_runt): the words as written."""
    return text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ")


def typeset(text: str) -> str:
    """Return TEXT as set on a slide: no line may break inside a number or a code.

    A word joiner (U+2060, invisible, no width) follows the hyphen of "47-VIII"
    and the slashes of "CCPR/C/KAZ": viewers break after hyphens and slashes,
    and a reader stumbles over "(№ 47-" / "VIII)". A no-break space ties "№"
    and "No." to their number. The words stay the same.
    """
    if "№" in text or "o." in text or "r." in text:
        text = _NUMBER_SIGN.sub(lambda m: m.group(1) + NO_BREAK_SPACE, text)
    if "-" not in text and "/" not in text and "\u2010" not in text and "\u2013" not in text:
        return text
    return _UNBREAKABLE.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, text)


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
                parts = _HYPHEN_BREAK.split(token) if "-" in token or "\u2010" in token else [token]
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
    if (len(new_lines) != len(lines) or sum(1 for line in new_lines if line and line[-1].text == "") > splits
            or _length(new_lines[-1]) <= _length(lines[-1])):
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
            run = Run(run.text[:i] + new + run.text[i + length:], run.font, run.size, run.color)
            done = True
        out.append(run)
        offset = end
    return tuple(out)
