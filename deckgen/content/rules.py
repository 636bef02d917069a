"""The format's rules across fields and files, which the pydantic models cannot see.

Counts against totals and tracked lists, what is still to fill, recommendation ids
unique in a deck, and characters the theme's fonts cannot draw (the font files are
given: content knows nothing of themes). Every problem is located via the source map.
"""

from __future__ import annotations

from pathlib import Path

from deckgen.content.model import Deck, Issue, Status, written_empty
from deckgen.content.text import text_values
from deckgen.content.yaml_source import LoadedFile, SourceMap
from deckgen.errors import Location, Problem
from deckgen.fonts import missing_glyphs


def issue_rules(issue: Issue, source: SourceMap) -> list[Problem]:
    """Return the problems of the format's rules on one issue file that pydantic cannot see."""
    problems = []
    review = issue.review
    if review.total is None:
        return [Problem(source.locate(("review", "total")), "missing key 'total' in 'review'")]
    for key, (typed, listed) in review.contradictions().items():
        if key == "total":
            problems.append(
                Problem(
                    source.locate(("review", "total")), f"total is {typed}, but {listed} recommendations are tracked"
                )
            )
        elif typed is None:
            problems.append(
                Problem(
                    source.locate(("review", "counts"), key=True),
                    f"the counts leave out {key}, but {listed} tracked recommendations are {key}",
                )
            )
        else:
            problems.append(
                Problem(
                    source.locate(("review", "counts", key)),
                    f"counts say {key}: {typed}, but {listed} tracked recommendations are {key}",
                )
            )
    known = review.counts.known()
    counted = sum(known.values())
    if counted > review.total:
        problems.append(
            Problem(
                source.locate(("review", "counts"), key=True),
                f"the counts add up to {counted}, more than the total {review.total}",
            )
        )
    elif len(known) == len(Status) and not review.approximate and counted != review.total:
        problems.append(
            Problem(
                source.locate(("review", "total")),
                f"total is {review.total} but the counts of every status add up to {counted}; "
                f"fix one, or set 'approximate: true'",
            )
        )
    for finding in review.findings:
        # topics that count a status the counts leave out stand for its count (the chart shows their sum)
        if (
            len(finding.statuses) == 1
            and known.get(finding.statuses[0]) is None
            and finding.topics
            and all(t.count is not None for t in finding.topics)
        ):
            summed = sum(t.count or 0 for t in finding.topics)
            if counted + summed > review.total:
                name = finding.statuses[0].value
                problems.append(
                    Problem(
                        source.locate(("review", "total")),
                        f"topics of {name} add up to {summed}, more than the total {review.total}"
                        + (f" less the {counted} counted" if counted else ""),
                    )
                )
    for i, finding in enumerate(review.findings):
        topic_counts = [t.count for t in finding.topics if t.count is not None]
        status_counts = [review.counts.of(s) for s in finding.statuses]
        given = [n for n in status_counts if n is not None]
        if topic_counts and len(given) == len(status_counts) and sum(topic_counts) > sum(given):
            names = "/".join(s.value for s in finding.statuses)
            problems.append(
                Problem(
                    source.locate(("review", "findings", i, "topics"), key=True),
                    f"the topics' counts add up to {sum(topic_counts)}, more than the {sum(given)} counted as {names}",
                )
            )
    return problems


def still_to_fill(item: Deck | Issue, source: SourceMap) -> list[Problem]:
    """Return a problem for every value of ITEM (deck.yaml or an issue file) still to fill.

    Still to fill: a value the format allows to be written empty for now ("" or []), as
    `deckgen new-cycle` leaves them, and a tracked recommendation without a status.
    A draft build shows these as warnings; every other build refuses them.
    """
    problems = [
        Problem(source.locate(path), f"{path[-1]} still to fill: {what}")
        for path, what in _to_fill(item)
        if written_empty(item, path)
    ]
    if isinstance(item, Issue):
        problems += [
            Problem(
                source.locate(("review", "recommendations", i)), f"status of recommendation {tracked.id} still to fill"
            )
            for i, tracked in enumerate(item.review.recommendations)
            if tracked.status is None
        ]
    return sorted(problems, key=lambda problem: problem.location)


def _to_fill(item: Deck | Issue) -> list[tuple[tuple, str]]:
    """Return the key paths of ITEM that may be written empty while still to fill, and what to write there."""
    if isinstance(item, Deck):
        return [
            (("title",), f"write the deck's title for cycle {item.cycle}"),
            (("event",), "write where and when the deck is presented, or remove the key"),
        ]
    findings = (
        f"write the coalition's findings on the cycle-{item.review.cycle} recommendations, one block per status group"
    )
    return [
        (("review", "findings"), findings),
        (("recommendations",), "write the coalition's recommendations for this cycle"),
    ]


def duplicate_ids(issues: list[tuple[Issue, SourceMap]]) -> list[Problem]:
    """Return a problem for every tracked recommendation whose id an earlier one in the deck has."""
    first: dict[str, Location] = {}
    problems = []
    for issue, source in issues:
        for i, tracked in enumerate(issue.review.recommendations):
            location = source.locate(("review", "recommendations", i, "id"))
            if tracked.id in first:
                seen = first[tracked.id]
                problems.append(
                    Problem(
                        location,
                        f"recommendation id '{tracked.id}' is tracked twice (first at {seen.path}:{seen.line})",
                    )
                )
            else:
                first[tracked.id] = location
    return problems


def glyph_problems(files: list[LoadedFile], font_files: list[Path]) -> list[Problem]:
    """Return a problem for every character of the content that one of FONT_FILES cannot draw.

    A missing glyph would show as an empty box on a slide or in a chart, so
    it is caught here, before anything is rendered.
    """
    values = [(loaded_file, path, text) for loaded_file in files for path, text in text_values(loaded_file.data)]
    if not _missing_characters([text for _, _, text in values], font_files):
        return []  # the usual case, found at once: every text's characters checked together
    fonts = _font_names(font_files)
    return [
        Problem(
            loaded_file.source_map.locate(path),
            f"character {ch!r} (U+{ord(ch):04X}) is not in the theme's fonts ({fonts})",
        )
        for loaded_file, path, text in values
        for ch in _missing_characters([text], font_files)
    ]


def label_glyph_problems(deck: Deck, source: SourceMap, font_files: list[Path], labels: dict) -> list[Problem]:
    """Return a problem for every character of the deck's UI labels that one of FONT_FILES cannot draw.

    LABELS are the labels of deckgen's locale for the deck's language (key -> text, or
    plural form -> text). Labels the deck overrides are content, checked with the rest of
    deck.yaml; the others are reported at `language:`, since choosing the language (or the
    theme) is what the user can change.
    """
    texts = [
        text
        for key, value in labels.items()
        if key not in (deck.labels or {})
        for text in (value.values() if isinstance(value, dict) else [value])
    ]
    fonts = _font_names(font_files)
    return [
        Problem(
            source.locate(("language",)),
            f"character {ch!r} (U+{ord(ch):04X}) of the '{deck.language}' labels is not in the theme's fonts ({fonts})",
        )
        for ch in _missing_characters(texts, font_files)
    ]


def _missing_characters(texts: list[str], font_files: list[Path]) -> list[str]:
    """Return the characters of TEXTS that one of FONT_FILES lacks, in code point order."""
    characters = "".join(set().union(*texts))  # each character once, however often the texts repeat it
    return sorted({ch for font in font_files for ch in missing_glyphs(characters, font)})


def _font_names(font_files: list[Path]) -> str:
    return ", ".join(sorted({f.name for f in font_files}))
