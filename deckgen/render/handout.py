"""HandoutDoc -> tagged PDF (PDF/UA-1), typeset by Typst (the `typst` wheel: no LibreOffice, no network).

The template (handout.typ beside this module) lays out what plan/handout.py
decided; this module hands it the data as JSON, so that no content is ever
read as Typst markup, and measures with Typst what fits: the largest body
size of BODY_SIZES at which every issue keeps to its page, in every language
of the handout (fit_size: predicted from font metrics, then confirmed by Typst
in one layout of every language's pages, a probe), then, for an issue that
does not fit even at the smallest size, the fewest whole sentences to drop
(fit_cuts). What probes told can be kept in a file for the next run (FitMemory).

Typst runs in a temporary folder holding only the template, the data and
copies of the logos: it reads nothing else (its root), loads fonts only from
the theme's font files (no system or embedded fonts), and fetches no packages.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

import typst

from deckgen.files import NotARegularFile, read_regular, write_bytes_atomically
from deckgen.fonts import family_name, text_width
from deckgen.plan.handout import BODY_SIZES, Block, HandoutDoc, HandoutIssue, Logo, Text

TEMPLATE = Path(__file__).with_name("handout.typ")
FIXED_TIMESTAMP = 1_704_067_200
"""2024-01-01 00:00 UTC, the PDF's creation date: the same content gives the same bytes (as the decks' zip time)."""


_PAGES_OF_MARKERS = "query(<marker>).map(m => (m.value, m.location().page()))"
"""Asked of a probe once laid out: each marker with the page it stands on."""


class TypesetError(Exception):
    """Typst could not typeset the handout; the message says why."""


class Typesetter:
    """Typst with the handout's template, the documents' fonts and logos in a private root folder.

    One Typst compiler serves every layout of a run, so fonts are read once, and every answer of a probe
    is kept: which issues of which document keep to their page at which size.
    """

    def __init__(self, root: Path, fonts: list[Path], memory: Path | None = None):
        self.root = root
        shutil.copyfile(TEMPLATE, root / "handout.typ")
        self.compiler = typst.Compiler(
            str(root / "handout.typ"),
            root=str(root),
            font_paths=typst.Fonts(
                include_system_fonts=False,
                include_embedded_fonts=False,
                font_paths=sorted({str(f.parent) for f in fonts}),
            ),
        )
        self.known: dict[tuple[str, float], dict[int, bool]] = {}
        """(document as probed, as the template reads it, size) -> issue number -> whether it ends on its page;
        only the issues laid out so far."""
        self.queries = 0
        """How many layouts were asked of Typst to fit the documents (one per probe)."""
        self.memory = FitMemory(memory, fonts) if memory is not None else None
        self._probed: dict[int, tuple[HandoutDoc, str]] = {}  # id(doc) -> (doc, its probe's JSON)
        self._logos: dict[str, tuple[Logo, ...]] = {}  # a probe's JSON -> the logos it names
        self._recalled: set[tuple[str, float]] = set()
        self._printed: dict[str, HandoutDoc] = {}  # a probe's JSON -> the document to be printed (print_later)

    def _json(self, doc: HandoutDoc) -> str:
        return json.dumps(_data(doc, self.root), ensure_ascii=False, sort_keys=True)

    def _probe_json(self, doc: HandoutDoc) -> str:
        """Return DOC as a probe sets it, in the template's JSON: made once per document object (a probe asks of
        the same documents again and again, and hashing them whole each time costs as much as a layout)."""
        made = self._probed.get(id(doc))
        if made is None or made[0] is not doc:
            text = self._json(_probed(doc))
            self._logos[text] = doc.logos
            made = self._probed[id(doc)] = (doc, text)
        return made[1]

    def _write(self, texts: list[str], jobs: list[tuple[int, float, list[int]]]) -> None:
        data = f'{{"docs": [{", ".join(texts)}], "jobs": {json.dumps(jobs)}}}'
        (self.root / "data.json").write_text(data, encoding="utf-8")

    def print_later(self, doc: HandoutDoc) -> None:
        """Say that DOC (at whichever size fitting finds) is to be made a PDF: a question of all its issues at a size is
        then answered by laying DOC out as printed, at that size, and the PDF of it reuses that layout (Typst
        remembers it), where a probe would lay its pages out once more."""
        self._printed[self._probe_json(doc)] = doc

    def probe(
        self, pairs: list[tuple[HandoutDoc, float]], only: dict[tuple[HandoutDoc, float], int] | None = None
    ) -> None:
        """Learn in one layout, for each (document, size) of PAIRS, which of its issues keep to their page.

        Only what is not known yet is laid out; ONLY maps a (document, size) to the one issue to lay out of it
        (the one likeliest to overflow, when one overflowing is all a question needs). A document to be printed
        (print_later), asked whole, is laid out as printed instead, in a layout of its own.
        """
        todo: dict[tuple[str, float], list[int]] = {}
        whole: set[tuple[str, float]] = set()
        for doc, size in pairs:
            text = self._probe_json(doc)
            known = self._recall(text, size)
            numbers = [only[(doc, size)]] if only and (doc, size) in only else [issue.number for issue in doc.issues]
            if len(numbers) == len(doc.issues):
                whole.add((text, size))
            missing = [n for n in numbers if n not in known]
            if missing:
                todo.setdefault((text, size), [])
                todo[(text, size)] += [n for n in missing if n not in todo[(text, size)]]
        if not todo:
            return
        printed = [key for key in todo if key[0] in self._printed and key in whole]
        probed = {key: numbers for key, numbers in todo.items() if key not in printed}
        if probed:
            texts = list(dict.fromkeys(text for text, _ in probed))
            self._write(texts, [(texts.index(text), size, numbers) for (text, size), numbers in probed.items()])
            self._learn(texts)
        for text, size in printed:  # last: the PDF that follows fitting is likeliest to be of the last layout
            self._write([self._json(replace(self._printed[text], body_size=size))], [])
            self._learn([text])
        if self.memory is not None:
            for text, size in todo:
                self.memory.learn(text, self._logos[text], size, self.known[(text, size)])

    def _learn(self, texts: list[str]) -> None:
        """Lay out data.json, which holds the documents TEXTS (as probed), and learn which of its issues keep to
        their page: those whose end marker stands on the page of their start marker."""
        try:
            raw = self.compiler.eval(_PAGES_OF_MARKERS, format="json")
        except typst.TypstError as error:  # the template and its data are deckgen's own: a bug, said plainly
            raise TypesetError(_first_line(error)) from None
        self.queries += 1
        starts: dict[tuple[int, int, float], int] = {}
        for marker, page in json.loads(raw):
            key = (marker["doc"], marker["n"], float(marker["size"]))
            if marker["at"] == "start":
                starts[key] = page
            else:
                self.known.setdefault((texts[key[0]], key[2]), {})[key[1]] = page == starts.get(key)

    def _recall(self, text: str, size: float) -> dict[int, bool]:
        """Return what is known of the document TEXT at SIZE: from this run's probes, else from the memory."""
        known = self.known.setdefault((text, size), {})
        if self.memory is not None and (text, size) not in self._recalled:
            self._recalled.add((text, size))
            for number, fits in (self.memory.recall(text, self._logos[text], size) or {}).items():
                known.setdefault(number, fits)
        return known

    def fits(self, doc: HandoutDoc, size: float) -> dict[int, bool]:
        """Return for each issue number of DOC whether it ends on the page it starts on at body SIZE."""
        self.probe([(doc, size)])
        return self.known[(self._probe_json(doc), size)]

    def answer(self, doc: HandoutDoc, size: float) -> dict[int, bool]:
        """Return what is known of DOC at SIZE: per issue number laid out, whether it keeps to its page."""
        return self._recall(self._probe_json(doc), size)

    def pdf(self, doc: HandoutDoc) -> bytes:
        """Return DOC as a tagged PDF conforming to PDF/UA-1."""
        self._write([self._json(doc)], [])
        try:
            out = self.compiler.compile(format="pdf", pdf_standards=["ua-1"], timestamp=FIXED_TIMESTAMP)
        except typst.TypstError as error:
            raise TypesetError(_first_line(error)) from None
        assert isinstance(out, bytes)  # one PDF, not pages
        return out


class FitMemory:
    """What probes told of documents before, kept in a file: a handout typeset again, or in another language of
    the same folder, is fitted without asking Typst.

    An answer is kept under a hash of all it depends on: the document as probed (every text, the logos'
    bytes), the size, the template, the fonts' bytes and Typst's version; so it is never stale. The file
    holds at most MAX_ANSWERS answers, the newest; one that cannot be read is an empty memory.
    """

    MAX_ANSWERS = 2000

    def __init__(self, path: Path, fonts: list[Path]):
        self.path = path
        digest = hashlib.sha256(f"deckgen handout fits 1\0{getattr(typst, '__version__', '')}\0".encode())
        digest.update(TEMPLATE.read_bytes())
        for font in sorted(set(fonts)):
            digest.update(hashlib.sha256(font.read_bytes()).digest())
        self.stamp = digest.hexdigest()
        self.answers: dict[str, dict[str, bool]] = {}
        self.changed = False
        try:
            loaded = json.loads(read_regular(path))
            if isinstance(loaded, dict):
                self.answers = loaded
        except (OSError, NotARegularFile, ValueError):
            pass
        self._logos: dict[Path, str] = {}

    def _key(self, text: str, logos: tuple[Logo, ...], size: float) -> str:
        digest = hashlib.sha256(f"{self.stamp}\0{size!r}\0".encode())
        digest.update(text.encode())
        for logo in logos:
            if logo.path not in self._logos:
                self._logos[logo.path] = hashlib.sha256(logo.path.read_bytes()).hexdigest()
            digest.update(self._logos[logo.path].encode())
        return digest.hexdigest()

    def recall(self, text: str, logos: tuple[Logo, ...], size: float) -> dict[int, bool] | None:
        """Return what a probe once told of a document (TEXT, as the template reads it; LOGOS) at SIZE, or None."""
        answer = self.answers.get(self._key(text, logos, size))
        if not isinstance(answer, dict):
            return None
        return {int(number): bool(fits) for number, fits in answer.items()}

    def learn(self, text: str, logos: tuple[Logo, ...], size: float, answer: dict[int, bool]) -> None:
        """Keep ANSWER, what a probe told of a document (TEXT, as the template reads it; LOGOS) at SIZE."""
        self.answers[self._key(text, logos, size)] = {str(number): fits for number, fits in answer.items()}
        self.changed = True

    def save(self) -> None:
        """Write the newest MAX_ANSWERS answers when a probe added any (a memory that cannot be written is lost)."""
        if not self.changed:
            return
        kept = dict(list(self.answers.items())[-self.MAX_ANSWERS :])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomically(json.dumps(kept).encode(), self.path)
        except OSError:
            pass


@contextmanager
def typesetter(fonts: list[Path], memory: Path | None = None) -> Iterator[Typesetter]:
    """Yield a Typesetter whose private root folder is removed afterwards; with MEMORY (a file), what it learns of
    fitting is kept there for the next run."""
    with tempfile.TemporaryDirectory(prefix="deckgen-typst-") as work:
        setter = Typesetter(Path(work), fonts, memory)
        yield setter
        if setter.memory is not None:
            setter.memory.save()


def fit_size(setter: Typesetter, docs: list[HandoutDoc], printed: Sequence[HandoutDoc] = ()) -> float:
    """Return the largest body size at which every issue of every one of DOCS keeps to its page (else the smallest).

    A page that fits at a size fits at every smaller one. The search starts at the size the font metrics
    predict (estimated_fill) and asks Typst, in one layout, whether every document fits there and whether
    the page most likely to overflow (of the document most likely to) also fits one size up; it moves a
    size at a time until both are answered, which for a good prediction is one layout (and one more for each
    of PRINTED, the documents of DOCS to be made PDFs: each is asked as printed, so that its PDF at the size
    found reuses that layout; Typesetter.print_later).
    """
    for doc in printed:
        setter.print_later(doc)
    sizes = BODY_SIZES
    estimates: dict[tuple[HandoutDoc, int], float] = {}

    def fill(doc: HandoutDoc, k: int) -> float:
        if (doc, k) not in estimates:
            estimates[(doc, k)] = max(estimated_fill(doc, sizes[k]).values(), default=0.0)
        return estimates[(doc, k)]

    def predicted(k: int) -> bool:
        return all(fill(doc, k) <= 1 for doc in docs)

    low, at = 0, len(sizes) - 1  # the prediction: the first size all fit (fill falls with the size)
    if predicted(low):
        at = low
    elif predicted(at):
        while at - low > 1:
            middle = (low + at) // 2
            low, at = (low, middle) if predicted(middle) else (middle, at)
    hardest = sorted(docs, key=lambda doc: (-fill(doc, max(at - 1, 0)), doc.language))  # the same in any order

    def known(doc: HandoutDoc, k: int) -> bool | None:
        """Whether DOC fits at sizes[k], as far as the answers so far tell: it fits at k if every issue fits at a
        larger size (a smaller index), and does not if one issue does not at a smaller one."""
        answers = [setter.answer(doc, size) for size in sizes]
        if any(len(answer) == len(doc.issues) and all(answer.values()) for answer in answers[: k + 1]):
            return True
        if any(not all(answer.values()) for answer in answers[k:]):
            return False
        return None

    while True:
        here = [doc for doc in docs if known(doc, at) is None]
        above = at > 0 and all(known(doc, at - 1) is not False for doc in docs)
        probe = [(doc, sizes[at]) for doc in here]
        only = {}
        if above:
            candidate = next(doc for doc in hardest if known(doc, at - 1) is None)
            probe.append((candidate, sizes[at - 1]))
            tried = setter.answer(candidate, sizes[at - 1])
            left = {n: f for n, f in estimated_fill(candidate, sizes[at - 1]).items() if n not in tried}
            only[(candidate, sizes[at - 1])] = max(left, key=lambda n: left[n])  # its likeliest to overflow, alone
        if not probe:
            return sizes[at]
        setter.probe(probe, only)
        if any(known(doc, at) is False for doc in docs):
            if at == len(sizes) - 1:
                return sizes[at]
            at += 1
        elif above and all(known(doc, at - 1) is not False for doc in docs):
            at -= 1


# The template's geometry (handout.typ), in points, for estimated_fill.
_MM = 72 / 25.4
_PAGE_HEIGHT = (297 - 24 - 22) * _MM
_PAGE_WIDTH = (210 - 2 * 18) * _MM
_CHART_WIDTH = 62 * _MM
_COLUMN_WIDTH = _PAGE_WIDTH - _CHART_WIDTH - 14
_LEADING = 0.5
_PAR_SPACING = 0.62
_MODEL_EXCESS = 1.2
"""The metric model sets about a fifth more height than Typst does (it breaks lines between words only, and
measures widths with the slides' safety margin): measured on the shipped content in three languages at
9-12 pt, Typst's height times 1.15-1.34."""


def estimated_fill(doc: HandoutDoc, size: float) -> dict[int, float]:
    """Return for each issue of DOC how much of its page its text takes at body SIZE (1.0: all of it), by font metrics.

    A prediction only, from the words' widths and the template's spacing, for where fit_size starts to ask
    Typst: Typst's own line breaking (with hyphenation) decides.
    """
    regular, bold = doc.fonts[0], doc.fonts[1]
    cap = _cap_height(regular)
    line = (cap + _LEADING) * size

    def lines(text: str, font: Path, width: float, indent: float = 0.0) -> int:
        widths = _WORD_WIDTHS.setdefault(font, {})
        count, used, space = 1, indent, text_width(" ", font, size)
        for word in text.split():
            if word not in widths:
                widths[word] = text_width(word, font, 1.0)
            wide = widths[word] * size
            if used and used + space + wide > width:
                count, used = count + 1, wide
            else:
                used += (space if used else 0) + wide
        return count

    def height(block: Block, width: float) -> float:
        if block.kind == "heading":
            return (cap + _LEADING) * (size + 1) + 1.35 * size
        if block.kind == "finding":
            heading = block.heading.text if block.heading else ""
            text = heading + (" " + block.text.text if block.text else "")
            return lines(text, regular, width) * line + _PAR_SPACING * size
        if block.kind == "paragraph":
            return lines(block.text.text if block.text else "", regular, width) * line + _PAR_SPACING * size
        indent = 1.5 * size
        items = sum(lines(item.text, regular, width - indent) for item in block.items)
        return items * line + len(block.items) * 0.5 * size

    def issue_fill(issue: HandoutIssue) -> float:
        title = lines(issue.title.text, bold, _PAGE_WIDTH) * 18 * (cap + _LEADING)
        top = 11 * _MM + 4 + 12 + title + 11 + 10.5 * cap + 10  # masthead, title, cycle line
        chart = len(issue.chart.bars) * (9.5 * cap + 2.5 + 8 + 7) + 9.5 * (cap + _LEADING) * 2
        beside, at, blocks = 0.0, 0, issue.blocks
        while at < len(blocks):
            end = at
            while end < len(blocks) - 1 and blocks[end].keep_with_next:
                end += 1
            group = sum(height(b, _COLUMN_WIDTH) for b in blocks[at : end + 1])
            if beside + group > chart:
                break
            beside, at = beside + group, end + 1
        under = sum(height(b, _PAGE_WIDTH) for b in blocks[at:])
        return (top + max(chart, beside) + 6 + under) / _PAGE_HEIGHT / _MODEL_EXCESS

    return {issue.number: issue_fill(issue) for issue in doc.issues}


def _cap_height(font: Path) -> float:
    """Return FONT's cap height in em (Typst's line box runs from the cap height to the baseline)."""
    return _CAP_HEIGHTS.get(font) or _CAP_HEIGHTS.setdefault(font, _read_cap_height(font))


_CAP_HEIGHTS: dict[Path, float] = {}
_WORD_WIDTHS: dict[Path, dict[str, float]] = {}
"""Per font file, each word's width at 1 pt (widths scale with the size): the estimate tries several sizes."""


def _read_cap_height(font: Path) -> float:
    from fontTools.ttLib import TTFont

    with TTFont(str(font), lazy=True) as data:
        return data["OS/2"].sCapHeight / data["head"].unitsPerEm


def fit_cuts(setter: Typesetter, doc: HandoutDoc, shorten: Callable[[int, int], HandoutDoc | None]) -> HandoutDoc:
    """Return DOC with each issue that does not keep to its page shortened by the fewest whole sentences that fit.

    SHORTEN(number, cuts) returns DOC with issue NUMBER's findings cut by CUTS units, or None when it has fewer.
    An issue that does not fit even with every unit cut is left at its shortest (it runs onto a second page).
    """
    size = doc.body_size
    for number in [n for n, fits in setter.fits(doc, size).items() if not fits]:
        most = 0
        while shorten(number, most + 1) is not None:
            most += 1
        low, high = 0, most  # low does not fit; bisect for the fewest cuts that do
        shortest = shorten(number, most) if most else None
        if shortest is None or not setter.fits(shortest, size)[number]:
            doc = shortest or doc
            continue
        best = shortest
        while high - low > 1:
            middle = (low + high) // 2
            candidate = shorten(number, middle)
            assert candidate is not None
            if setter.fits(candidate, size)[number]:
                high, best = middle, candidate
            else:
                low = middle
        doc = best
    return doc


def _probed(doc: HandoutDoc) -> HandoutDoc:
    """Return DOC as a probe sets it: the issue pages alone, at whichever size the probe asks."""
    return replace(doc, annex=(), body_size=BODY_SIZES[0])


def _segments(text: Text) -> list[tuple[str | list[str], bool]]:
    """Return TEXT as [segment, keep] pairs: kept segments stay on one line.

    A segment that may break with a hyphen (TEXT.hyphens) is the list of its pieces between the breaks.
    """
    spans, at = [], 0
    for start, end in text.keep:
        if start > at:
            spans.append((at, start, False))
        spans.append((start, end, True))
        at = end
    if at < len(text.text) or not spans:
        spans.append((at, len(text.text), False))
    out: list[tuple[str | list[str], bool]] = []
    for start, end, keep in spans:
        cuts = [] if keep else [h for h in text.hyphens if start < h < end]
        if not cuts:
            out.append((text.text[start:end], keep))
            continue
        edges = [start, *cuts, end]
        out.append(([text.text[a:b] for a, b in zip(edges, edges[1:])], False))
    return out


def _data(doc: HandoutDoc, root: Path) -> dict:
    """Return DOC as the template reads it: texts as segments, logos as file names inside ROOT."""

    def convert(value):
        # What asdict() then a walk over its dictionaries made, in one walk: asdict deep-copies every value
        # first (2.2 ms a document, 0.8 ms this way; a handout converts four or five).
        if isinstance(value, Text):
            return _segments(value)
        if is_dataclass(value) and not isinstance(value, type):
            return {f.name: convert(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        if isinstance(value, Path):
            return str(value)
        return value

    data = convert(doc)
    for number, logo in enumerate(data["logos"]):
        name = f"logo{number}{Path(logo['path']).suffix.lower()}"
        if not (root / name).exists():
            shutil.copyfile(logo["path"], root / name)
        logo["file"] = name
        del logo["path"]
    language, _, region = doc.language.partition("-")
    data.update(lang=language.lower(), region=region.upper() or None, font=family_name(doc.fonts[0]))
    del data["fonts"]
    return data


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
