"""The hand-written peer: what a deck script without deckgen looks like, for the benchmark to race.

Stock python-pptx and pyplot make the same slides as deckgen from the same
content set: a title slide with the presenters' logos; per issue a status
slide with a bar chart of the counts and the findings' summaries, findings
slides, a recommendations slide and speaker notes; a closing slide; a footer
logo, name and number on every slide. It validates nothing and measures no
text: findings are cut into slides of at most 900 characters, which gives
deckgen's slide count for content/en's issues.

    python bench/peer.py CONTENT_DIR OUT.pptx [--assets DIR]
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import yaml  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.dml.color import RGBColor  # noqa: E402
from pptx.util import Pt  # noqa: E402

STATUSES = {
    "implemented": ("Implemented", "#2E7D32"),
    "partially_implemented": ("Partially implemented", "#F9A825"),
    "not_implemented": ("Not implemented", "#C62828"),
    "no_data": ("No data", "#9E9E9E"),
}
CHARS_PER_SLIDE = 900
NAVY = RGBColor(0x14, 0x36, 0x5D)


def build(content: Path, output: Path, assets: Path) -> int:
    """Write the deck of CONTENT to OUTPUT; return its number of slides."""
    deck = yaml.safe_load((content / "deck.yaml").read_text(encoding="utf-8"))
    issues = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((content / "issues").glob("*.yaml"))]
    footer_logo = assets / "logos" / "coalition.png"
    short_name = deck.get("short_name") or deck["presenters"][0]["name"]

    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    layout = prs.slide_layouts[5]

    def slide(title: str, footer: bool = True):
        new = prs.slides.add_slide(layout)
        new.shapes.title.text = title
        new.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
        if footer:
            text_box(new, short_name, 48, 505, 700, 24, 12)
            text_box(new, str(len(prs.slides)), 860, 505, 52, 24, 12)
            new.shapes.add_picture(str(footer_logo), Pt(760), Pt(500), height=Pt(30))
        return new

    first = slide(deck["title"], footer=False)
    for i, presenter in enumerate(deck["presenters"]):
        if presenter.get("logo"):
            first.shapes.add_picture(str(assets / presenter["logo"]), Pt(100 + 400 * i), Pt(330), height=Pt(80))
        text_box(first, presenter["name"], 100 + 400 * i, 420, 360, 60, 14)

    for number, issue in enumerate(issues, 1):
        title = f"Issue {number}: {issue['title']}"
        review = issue["review"]
        status = slide(title)
        about = "about " if review.get("approximate") else ""
        text_box(
            status,
            f"{_ordinal(review['cycle'])} UPR cycle – {about}{review['total']} recommendations",
            48,
            100,
            860,
            30,
            18,
        )
        png = chart(review.get("counts", {}), review["total"])
        status.shapes.add_picture(io.BytesIO(png), Pt(48), Pt(135), Pt(380), Pt(353))
        summaries = [
            f"{', '.join(STATUSES[s][0] for s in _statuses(f))}: {f.get('summary', '')}" for f in review["findings"]
        ]
        text_box(status, "\n".join(summaries), 450, 135, 460, 353, 16)
        if issue.get("notes"):
            status.notes_slide.notes_text_frame.text = issue["notes"]

        paragraphs = [
            p
            for f in review["findings"]
            for p in f.get("text", []) + f.get("points", []) + [t["text"] for t in f.get("topics", [])]
        ]
        for page in _pages(paragraphs):
            text_box(slide(title), "\n".join(page), 48, 100, 860, 390, 16)
        recommendations = [f"{i}. {r}" for i, r in enumerate(issue["recommendations"], 1)]
        text_box(slide(f"{title} – Recommendations"), "\n".join(recommendations), 48, 100, 860, 390, 16)

    slide(deck.get("closing") or "Thank you for your attention!")
    prs.save(output)
    return len(prs.slides)


def chart(counts: dict, total: int) -> bytes:
    """Return a PNG bar chart of COUNTS out of TOTAL, with pyplot."""
    shown = [s for s in STATUSES if s in counts]
    fig, ax = plt.subplots(figsize=(380 / 72, 353 / 72), dpi=220)
    ax.barh([STATUSES[s][0] for s in shown], [counts[s] for s in shown], color=[STATUSES[s][1] for s in shown])
    for y, s in enumerate(shown):
        ax.text(counts[s], y, f" {counts[s]}", va="center")
    ax.set_xlim(0, max(total, 1))
    ax.invert_yaxis()
    ax.set_title(f"{total} recommendations")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def text_box(slide, text: str, left: float, top: float, width: float, height: float, size: float) -> None:
    """Add TEXT in a wrapping box at SIZE points."""
    frame = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(height)).text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.name = "Arial"
        run.font.color.rgb = NAVY


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _statuses(finding: dict) -> list[str]:
    return finding["status"] if isinstance(finding["status"], list) else [finding["status"]]


def _pages(paragraphs: list[str]) -> list[list[str]]:
    pages: list[list[str]] = []
    size = CHARS_PER_SLIDE
    for paragraph in paragraphs:
        if size + len(paragraph) > CHARS_PER_SLIDE:
            pages.append([])
            size = 0
        pages[-1].append(paragraph)
        size += len(paragraph)
    return pages


def main() -> None:
    """Build one deck: CONTENT_DIR OUT.pptx."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--assets", type=Path, default=Path(__file__).resolve().parents[1] / "assets")
    args = parser.parse_args()
    print(f"wrote {args.output} ({build(args.content, args.output, args.assets)} slides)")


if __name__ == "__main__":
    main()
