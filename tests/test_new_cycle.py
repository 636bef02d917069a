"""`deckgen new-cycle`: the next cycle's content sets, what validate lists as still to fill, and drafts of them."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

LANGUAGES = ("en", "kk", "ru")
ISSUES = ("01-freedom-of-religion.yaml", "02-childrens-rights.yaml", "03-womens-rights.yaml")


def read(path: Path | str) -> dict:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def still_to_fill(folder: str) -> list[str]:
    """Return every line validate prints for a new cycle's set made from the shipped content/en, in order."""
    lines = [
        f"{folder}/deck.yaml:3:8: title still to fill: write the deck's title for cycle 5",
        f"{folder}/deck.yaml:8:8: event still to fill: write where and when the deck is presented, or remove the key",
    ]
    tracked = {"01-freedom-of-religion.yaml": 4, "02-childrens-rights.yaml": 4, "03-womens-rights.yaml": 3}
    for name, count in tracked.items():
        path = f"{folder}/issues/{name}"
        lines.append(
            f"{path}:5:13: findings still to fill: write the coalition's findings on the cycle-4 "
            f"recommendations, one block per status group"
        )
        lines += [
            f"{path}:{7 + 2 * i}:7: status of recommendation C4-{name[:2]}-{i + 1} still to fill" for i in range(count)
        ]
        lines.append(
            f"{path}:{7 + 2 * count}:18: recommendations still to fill: write the coalition's "
            f"recommendations for this cycle"
        )
    return lines


def test_a_content_set_moves_on_one_cycle_with_the_coalitions_recommendations_to_assess(workspace, deckgen):
    result = deckgen("new-cycle", "content/en", "next")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "wrote next: cycle 5, 3 issues, 11 recommendations of cycle 4 to assess, 19 things still to fill",
        "next:",
        "  deckgen validate next   # lists each thing still to fill",
        "  deckgen import UHRI-EXPORT.xlsx --into next --map MAP.yaml   # the UN's recommendations of cycle 4, "
        "to assess too",
        "  deckgen build next --draft   # a deck marked DRAFT meanwhile",
        "1 content set, 19 things still to fill, 0 warnings",
    ]
    deck, old_deck = read("next/deck.yaml"), read("content/en/deck.yaml")
    assert deck["cycle"] == 5
    assert deck["title"] == "" and deck["event"] == ""
    assert "closing_asks" not in deck  # the asks of the cycle presented
    assert {k: v for k, v in deck.items() if k not in ("cycle", "title", "event")} == {
        k: v for k, v in old_deck.items() if k not in ("cycle", "title", "event", "closing_asks")
    }
    deck_text = Path("next/deck.yaml").read_text(encoding="utf-8")
    assert deck_text.startswith("# yaml-language-server: $schema=../../schemas/deck.schema.json\n")
    assert f'title: ""  # cycle 4: {old_deck["title"]}\n' in deck_text  # the old title to start from

    for number, name in enumerate(ISSUES, 1):
        issue, old = read(f"next/issues/{name}"), read(f"content/en/issues/{name}")
        assert Path(f"next/issues/{name}").read_text(encoding="utf-8").startswith("# yaml-language-server:")
        assert issue["title"] == old["title"]
        assert issue["review"] == {
            "cycle": 4,
            "findings": [],
            "recommendations": [
                {"id": f"C4-{number:02d}-{i}", "text": text}
                for i, text in enumerate((r["text"] if isinstance(r, dict) else r for r in old["recommendations"]), 1)
            ],
        }
        assert issue["recommendations"] == []
        assert "notes" not in issue and "headline" not in issue and "script" not in issue


def test_a_folder_of_sets_gives_every_language_in_step(workspace, deckgen):
    result = deckgen("new-cycle", "content", "next")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        f"wrote next/{language}: cycle 5, 3 issues, 11 recommendations of cycle 4 to assess, 19 things still to fill"
        for language in LANGUAGES
    ]
    assert sorted(p.name for p in Path("next").iterdir()) == list(LANGUAGES)
    for language in LANGUAGES:
        assert read(f"next/{language}/deck.yaml")["language"] == language
        tracked = read(f"next/{language}/issues/{ISSUES[1]}")["review"]["recommendations"]
        old = read(f"content/{language}/issues/{ISSUES[1]}")["recommendations"]
        assert [t["text"] for t in tracked] == [r["text"] if isinstance(r, dict) else r for r in old]
    for language in ("ru", "kk"):
        check = deckgen("check-translation", "next/en", f"next/{language}")
        assert check.exit_code == 0, check.output
        assert check.stdout == f"next/{language}: in step with next/en\n1 translation in step, 0 warnings\n"


def test_validate_lists_each_thing_still_to_fill(workspace, deckgen):
    deckgen("new-cycle", "content", "next")
    result = deckgen("validate", "next/en")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == still_to_fill("next/en")


def test_a_build_refuses_it_and_a_draft_build_marks_every_slide(workspace, deckgen):
    deckgen("new-cycle", "content", "next")
    refused = deckgen("build", "next/en", "-o", "next.pptx")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == still_to_fill("next/en")
    assert not Path("next.pptx").exists()

    result = deckgen("build", "next/en", "-o", "next.pptx", "--draft", "--format", "report")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [_as_warning(line) for line in still_to_fill("next/en")]
    prs = Presentation("next.pptx")
    texts = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in prs.slides]
    assert len(texts) == 8  # title; per issue a status and a recommendations slide; closing
    assert all("DRAFT" in slide for slide in texts)
    assert "[To be written]" in texts[0]  # the deck's title
    assert prs.core_properties.title == "[To be written] (draft)"
    for count, (status, recommendations) in zip((4, 4, 3), (texts[1:3], texts[3:5], texts[5:7])):
        assert f"4th UPR cycle – {count} recommendations" in status  # the tracked ones, all to assess
        assert "[To be written]" in status  # the findings
        assert "[To be written]" in recommendations
    charts = [shape for slide in prs.slides for shape in slide.shapes if shape.name.startswith("Status chart")]
    assert [chart._element.xpath("string(.//p:cNvPr/@descr)") for chart in charts] == [
        f"Status chart of Issue {n}: {title}: To assess {count}; {count} recommendations in all in the 4th UPR cycle."
        for n, title, count in (
            (1, "Freedom of Religion and Belief", 4),
            (2, "Children's rights", 4),
            (3, "Women's rights", 3),
        )
    ]


def unplaced(line: str) -> str:
    """Return LINE without its line and column."""
    return re.sub(r":\d+:\d+:", ":", line, count=1)


def _as_warning(line: str) -> str:
    location, message = line.split(": ", 1)
    return f"{location}: warning: {message}"


def test_filling_in_what_is_listed_makes_the_set_valid(workspace, deckgen):
    deckgen("new-cycle", "content/en", "next")
    # The statuses, as members fill them in the exported table.
    assert deckgen("export", "next", "-o", "statuses.csv").exit_code == 0
    with open("statuses.csv", encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    for row in rows[1:]:
        row[5] = "not_implemented"
    with open("statuses.csv", "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    assert deckgen("import", "statuses.csv", "--into", "next").exit_code == 0
    left = deckgen("validate", "next")
    assert left.exit_code == 1
    # the same things but the statuses, lower in the files by a line per status
    assert [unplaced(line) for line in left.stderr.splitlines()] == [
        unplaced(line) for line in still_to_fill("next") if "status of" not in line
    ]

    # The rest, written in the files.
    deck = Path("next/deck.yaml")
    deck.write_text(
        deck.read_text(encoding="utf-8")
        .replace('title: ""', "title: 5th Cycle of the UPR")
        .replace('event: ""', "event: UPR pre-session"),
        encoding="utf-8",
    )
    for name in ISSUES:
        path = Path("next/issues", name)
        text = path.read_text(encoding="utf-8")
        text = text.replace("findings: []", "findings:\n    - status: not_implemented\n      summary: nothing done.")
        text = text.replace("recommendations: []", "recommendations:\n  - Do it now.")
        path.write_text(text, encoding="utf-8")
    result = deckgen("validate", "next")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == "next: valid (3 issues, 5 slides)\n1 valid set, 5 slides, 0 warnings\n"
    )  # a statement, as the shipped content


@pytest.mark.parametrize(
    "source, dest, message",
    [
        ("missing", "next", "missing: no such folder"),
        ("content", "content/next", "content/next: the output folder must not be the source folder or lie inside it"),
        ("content/en", "content/en", "content/en: the output folder must not be the source folder or lie inside it"),
        ("content/en", "content", "content: the output folder must not contain the source folder"),
        ("content/en", "assets", "assets: already exists; pass --force to replace it"),
        ("assets", "next", "assets: no deck.yaml in this folder, nor in any folder inside it"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(workspace, deckgen, source, dest, message):
    before = files_under(workspace)
    result = deckgen("new-cycle", source, dest)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert files_under(workspace) == before
    assert sorted(p.name for p in workspace.iterdir()) == ["assets", "content"]


def test_a_source_set_with_problems_is_refused_with_its_problems(workspace, deckgen):
    issue = Path("content/ru/issues/02-childrens-rights.yaml")
    issue.write_text(issue.read_text(encoding="utf-8").replace("  total: 40", "  totl: 40"), encoding="utf-8")
    result = deckgen("new-cycle", "content", "next")
    assert result.exit_code == 1
    assert result.stderr == (
        "content/ru/issues/02-childrens-rights.yaml:6:3: unknown key 'totl'; did you mean 'total'?\n"
    )
    assert not Path("next").exists()
    assert sorted(p.name for p in workspace.iterdir()) == ["assets", "content"]


def test_force_replaces_an_existing_destination(workspace, deckgen):
    Path("next/issues").mkdir(parents=True)
    Path("next/deck.yaml").write_text("title: an older start\n", encoding="utf-8")
    Path("next/old.txt").write_text("old", encoding="utf-8")
    result = deckgen("new-cycle", "content/en", "next", "--force")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "--force replaced next; what it held is gone:",
        "  next/deck.yaml (rewritten)",
        "  next/old.txt (gone)",
    ]
    assert sorted(p.name for p in Path("next").iterdir()) == ["deck.yaml", "issues"]
    assert sorted(p.name for p in workspace.iterdir()) == ["assets", "content", "next"]


def test_the_source_must_be_complete(workspace, deckgen):
    """The cycle just presented is complete: an unfilled set has no recommendations to carry on."""
    deckgen("new-cycle", "content/en", "next")
    result = deckgen("new-cycle", "next", "after")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == still_to_fill("next")
    assert not Path("after").exists()


def test_the_event_is_left_to_fill_like_the_title(make_content, deckgen):
    from conftest import VALID_DECK

    make_content({"deck.yaml": VALID_DECK + "event: UPR pre-session, Geneva, August 2024\n"})
    assert deckgen("new-cycle", "deck", "next").exit_code == 0
    assert read("next/deck.yaml")["event"] == ""
    result = deckgen("validate", "next")
    assert result.stderr.splitlines()[:2] == [
        "next/deck.yaml:2:8: title still to fill: write the deck's title for cycle 5",
        "next/deck.yaml:9:8: event still to fill: write where and when the deck is presented, or remove the key",
    ]
    draft = deckgen("build", "next", "-o", "next.pptx", "--draft")
    assert draft.exit_code == 0, draft.output
    title_slide = Presentation("next.pptx").slides[0]
    assert [s.text_frame.text for s in title_slide.shapes if s.has_text_frame].count("[To be written]") == 2


def test_only_a_list_written_empty_is_still_to_fill(make_content, deckgen):
    """An issue without findings has always been valid; `findings: []` says they are still to write."""
    from conftest import VALID_ISSUE

    without = VALID_ISSUE.replace(
        VALID_ISSUE[VALID_ISSUE.index("  findings:") : VALID_ISSUE.index("recommendations:")], ""
    )
    content = make_content({"issues/01-a.yaml": without})
    assert deckgen("validate", content).exit_code == 0
    make_content({"issues/01-a.yaml": without.replace("recommendations:", "  findings: []\nrecommendations:")})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues/01-a.yaml:9:13: findings still to fill: write the coalition's findings "
        "on the cycle-3 recommendations, one block per status group\n"
    )


@pytest.mark.realclient
def test_a_new_cycles_draft_renders_in_libreoffice(workspace, deckgen):
    """The Russian draft, with its overview: every glyph in its box, every page marked, the placeholders shown."""
    import pdfplumber

    from deckgen.locale import load_locale

    from realclient import convert_to_pdf, glyphs_outside_boxes

    deckgen("new-cycle", "content/ru", "next")
    with open("next/deck.yaml", "a", encoding="utf-8") as deck_yaml:
        deck_yaml.write("overview: true\n")
    result = deckgen("build", "next", "-o", "next.pptx", "--draft", "--format", "report")
    assert result.exit_code == 0, result.output
    pdf = convert_to_pdf(Path("next.pptx"), workspace)
    assert glyphs_outside_boxes(Path("next.pptx"), pdf) == []
    labels = load_locale("ru").labels
    with pdfplumber.open(str(pdf)) as doc:
        pages = [page.extract_text() or "" for page in doc.pages]
    assert len(pages) == 9  # title, overview, 3 x (status, recommendations), closing
    assert all(labels["draft"] in page for page in pages)
    assert sum(labels["to_fill"] in page for page in pages) == 7  # title, findings and recommendations x 3
