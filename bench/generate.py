"""Content sets of about N slides for the benchmark: copies of content/en's issues with varied numbers.

Each copy keeps its template's text and findings, so it plans to the same
slides, and gets its own counts, so every issue has its own chart, and
speaker notes:

    python bench/generate.py 1000 /tmp/deck-1000
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "content" / "en"
ASSETS = REPO / "assets"


def _templates() -> list[dict]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((TEMPLATES / "issues").glob("*.yaml"))]


def vary(issue: dict, k: int, repeat: int = 1) -> dict:
    """Return ISSUE with its counts scaled and shifted by K, every count rule still kept.

    With REPEAT, its findings are there REPEAT times: a longer issue, as a full report's are.
    """
    issue = copy.deepcopy(issue)
    review = issue["review"]
    review["findings"] = [copy.deepcopy(f) for _ in range(repeat) for f in review["findings"]]
    factor, extra = 1 + k % 7, k // 7
    review["total"] = review["total"] * factor + extra
    counts = review.get("counts", {})
    for status in counts:
        counts[status] *= factor
    if counts:
        counts[next(iter(counts))] += extra  # keeps an exact total's sum equal to it
    for finding in review["findings"]:
        for topic in finding.get("topics", []):
            if "count" in topic:
                topic["count"] *= factor
    issue["title"] = f"{issue['title']} {k + 1}"
    # Speaker notes, as presenters write them: each adds a notes page to the package.
    issue.setdefault("notes", f"Issue {k + 1}: {review['total']} recommendations in cycle {review['cycle']}.")
    return issue


def slides_per_template(repeat: int = 1) -> list[int]:
    """Return how many slides each template issue plans to, measured by the planner."""
    import tempfile

    from deckgen.prepare import prepare

    counts = []
    with tempfile.TemporaryDirectory(prefix="deckgen-bench-") as work:
        for template in _templates():
            content = Path(work, "one")
            shutil.rmtree(content, ignore_errors=True)
            _write(content, [vary(template, 0, repeat)])
            counts.append(len(prepare(content, ASSETS).plan.slides) - 2)  # less title and closing
    return counts


def generate(slides: int, target: Path, per_template: list[int] | None = None, repeat: int = 1) -> int:
    """Write a content set of about SLIDES slides into TARGET, each issue's findings REPEAT times; return the
    number of issues (PER_TEMPLATE: slides_per_template(REPEAT), if measured already)."""
    per_template = per_template or slides_per_template(repeat)
    templates = _templates()
    issues, total, text = [], 2, 0  # the title and closing slides
    while total < slides:
        k = len(issues)
        issue = vary(templates[k % len(templates)], k, repeat)
        text += _text_length(issue)
        if text > TEXT_BUDGET:
            break  # as many slides as a deck's text may fill
        issues.append(issue)
        total += per_template[k % len(templates)]
    _write(target, issues)
    return len(issues)


TEXT_BUDGET = 290_000
"""Characters of the issues' text a generated deck stops at: a deck may hold 300,000 (deckgen.content.sets), with
room left for deck.yaml's. At today's density that is about 340 slides of the report layout."""


def _text_length(value) -> int:
    """Return the characters of text in VALUE (an issue's data), as the content set's limit counts them (about)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(_text_length(v) for v in value.values())
    if isinstance(value, list):
        return sum(_text_length(v) for v in value)
    return 0


def _write(target: Path, issues: list[dict]) -> None:
    (target / "issues").mkdir(parents=True)
    # The full report layout (about ten slides an issue), whatever format content/en's deck.yaml gives:
    # a statement deck has one slide an issue, and 175 of them would be more issues than a deck may have.
    deck = (TEMPLATES / "deck.yaml").read_text(encoding="utf-8")
    deck, changed = re.subn(r"^format:.*$", "format: report", deck, flags=re.M)
    (target / "deck.yaml").write_text(deck if changed else deck + "format: report\n", encoding="utf-8")
    for k, issue in enumerate(issues, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", issue["title"].lower()).strip("-")
        text = yaml.safe_dump(issue, allow_unicode=True, sort_keys=False, width=10_000)
        (target / "issues" / f"{k:04d}-{slug}.yaml").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Write one content set: SLIDES TARGET."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slides", type=int, help="about how many slides the deck should have")
    parser.add_argument("target", type=Path, help="a folder to create (it must not exist)")
    args = parser.parse_args(argv)
    if args.target.exists():
        parser.error(f"{args.target} exists")
    issues = generate(args.slides, args.target)
    print(f"wrote {args.target} ({issues} issues); build it with --assets {ASSETS}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
