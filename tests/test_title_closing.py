"""The title slide's event and date and its margins; the closing slide's key asks."""

from __future__ import annotations

import yaml
from pptx import Presentation

from deckgen.content.text import text_values
from deckgen.content.yaml_source import load_yaml
from deckgen.plan.layout import FOOTER_TOP, MARGIN, SLIDE_WIDTH
from deckgen.plan.lines import paragraph_lines
from deckgen.plan.specs import PictureSpec, TextSpec
from deckgen.plan.ties import plain
from deckgen.prepare import prepare

from conftest import REPO, VALID_DECK

ASKS = [
    "Adopt a comprehensive anti-discrimination law.",
    "Simplify the registration of religious communities.",
    "Strengthen the mandate of the Children's Ombudsman.",
]


def asks_yaml(asks: list[str]) -> str:
    return "closing_asks:\n" + "".join(f"  - {ask}\n" for ask in asks)


def texts(slide, role: str) -> list[str]:
    return [plain(p.text) for e in slide.elements if isinstance(e, TextSpec) and e.role == role for p in e.paragraphs]


def test_title_slide_shows_the_event_and_the_date(make_content):
    deck = VALID_DECK + "event: UPR pre-session, Geneva\ndate: 2 October 2024\n"
    title = prepare(make_content({"deck.yaml": deck})).plan.slides[0]
    assert texts(title, "event") == ["UPR pre-session, Geneva", "2 October 2024"]
    (event,) = [e for e in title.elements if isinstance(e, TextSpec) and e.role == "event"]
    assert event.box.top > title.title.box.bottom  # under the title, on the band
    assert event.box.bottom <= 320


def test_a_date_written_as_a_yaml_date_is_shown_as_written(make_content):
    title = prepare(make_content({"deck.yaml": VALID_DECK + "date: 2024-10-02\n"})).plan.slides[0]
    assert texts(title, "event") == ["2024-10-02"]


def test_without_event_or_date_the_title_slide_has_no_event_line(make_content):
    title = prepare(make_content()).plan.slides[0]
    assert texts(title, "event") == []


def test_title_slide_aligns_to_the_margin_of_every_other_slide(make_content):
    plan = prepare(make_content()).plan
    title = plan.slides[0]
    logos = [e for e in title.elements if isinstance(e, PictureSpec)]
    assert logos and logos[0].box.left == MARGIN
    assert title.title.box.left == MARGIN
    assert {s.title.box.left for s in plan.slides[1:-1]} == {MARGIN}


def test_closing_asks_are_shown_under_the_closing_line(make_content):
    plan = prepare(make_content({"deck.yaml": VALID_DECK + asks_yaml(ASKS)})).plan
    closing = plan.slides[-1]
    assert closing.kind == "closing"
    (body,) = [e for e in closing.elements if isinstance(e, TextSpec) and e.role == "body"]
    assert [p.text for p in body.paragraphs] == ASKS
    assert [p.bullet for p in body.paragraphs] == ["1.", "2.", "3."]
    assert body.box.top > closing.title.box.bottom
    assert body.box.bottom <= FOOTER_TOP
    assert abs(body.box.left + body.box.width / 2 - SLIDE_WIDTH / 2) < 1  # centred under the centred words


def test_without_asks_the_closing_slide_stays_as_it_was(make_content):
    closing = prepare(make_content()).plan.slides[-1]
    assert texts(closing, "body") == []
    assert abs(closing.title.box.top + closing.title.box.height / 2 - (540 / 2 - 20)) < 1


def test_long_asks_are_set_smaller_and_still_fit(make_content):
    long = [
        f"Ask number {i}, " + "ensure that the law is applied in full and without discrimination, " * 2 + "now"
        for i in range(1, 6)
    ]
    closing = prepare(make_content({"deck.yaml": VALID_DECK + asks_yaml(long)})).plan.slides[-1]
    (body,) = [e for e in closing.elements if isinstance(e, TextSpec) and e.role == "body"]
    assert [p.text for p in body.paragraphs] == long
    assert body.paragraphs[0].runs[0].size < 24
    assert body.box.bottom <= FOOTER_TOP
    for p in body.paragraphs:
        assert len(paragraph_lines(p, body.box.width)) >= 1


def test_asks_too_long_for_the_slide_are_an_error_at_their_line(make_content, deckgen):
    too_long = ["Ensure that the law is applied in full and without any discrimination whatsoever. " * 12] * 6
    content = make_content({"deck.yaml": VALID_DECK + asks_yaml(too_long)})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    smallest = yaml.safe_load((REPO / "assets/themes/coalition.yaml").read_text(encoding="utf-8"))["sizes"]["body"][
        "min"
    ]
    assert result.output.startswith(f"deck/deck.yaml:10:3: text does not fit its box even at {smallest} pt: ")


def test_asks_and_date_are_text_for_translators(tmp_path):
    path = tmp_path / "deck.yaml"
    path.write_text(VALID_DECK + "date: 2 October 2024\n" + asks_yaml(ASKS[:2]), encoding="utf-8")
    values = dict(text_values(load_yaml(path).data))
    assert values[("date",)] == "2 October 2024"
    assert values[("closing_asks", 0)] == ASKS[0] and values[("closing_asks", 1)] == ASKS[1]


def test_closing_asks_reach_the_pptx(make_content, deckgen):
    content = make_content({"deck.yaml": VALID_DECK + asks_yaml(ASKS)})
    assert deckgen("build", content, "-o", "deck.pptx").exit_code == 0
    last = Presentation("deck.pptx").slides[-1]
    shown = [s.text_frame.text for s in last.shapes if s.has_text_frame]
    assert "\n".join(ASKS) in shown


def test_six_long_asks_fit_by_setting_the_closing_words_smaller(make_content):
    asks = [
        "Adopt a comprehensive anti-discrimination law that defines discrimination and sets up the "
        "institutions, procedures and remedies to protect people from it, in law and in practice."
    ] * 6
    plan = prepare(
        make_content({"deck.yaml": VALID_DECK + "closing: THANK YOU FOR YOUR ATTENTION!\n" + asks_yaml(asks)})
    ).plan
    closing = plan.slides[-1]
    (body,) = [e for e in closing.elements if isinstance(e, TextSpec) and e.role == "body"]
    assert [p.text for p in body.paragraphs] == asks
    assert closing.title.paragraphs[0].runs[0].size < 48
    assert body.box.top > closing.title.box.bottom and body.box.bottom <= FOOTER_TOP
