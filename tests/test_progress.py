"""Build progress: what build() reports, and the bar a terminal shows for a long build (never in pipes or CI)."""

import io
import re
from pathlib import Path

import pytest
from pptx import Presentation

import deckgen.progress as progress_module
from deckgen.build import BuildOptions, build
from deckgen.progress import DelayedBar, progress_bar, wants_bar


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch):
    """Run as on a developer's machine: the suite itself runs in CI, where no bar is ever shown."""
    monkeypatch.delenv("CI", raising=False)


class Terminal(io.StringIO):
    """A stream that says it is a terminal, and keeps what was written to it."""

    def isatty(self):
        return True


class Clock:
    """A clock that moves only when told."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_build_reports_every_slide_then_the_writing(make_content):
    """progress(done, total, stage) counts up through each slide to the written deck, and ends at total."""
    content = make_content()
    calls = []
    build(content, Path("out.pptx"), BuildOptions(progress=lambda *call: calls.append(call)))
    slides = len(Presentation("out.pptx").slides)
    total = slides + 1
    assert {t for _, t, _ in calls} == {total}
    counts = [done for done, _, _ in calls]
    assert counts == sorted(counts)
    assert counts[0] == 0 and counts[-1] == total
    assert [done for done, _, stage in calls if stage == "rendering slides"] == list(range(slides + 1))
    assert "writing" in [stage for _, _, stage in calls]


def test_building_every_language_counts_up_once_through_all_decks(make_content):
    """A folder of content sets is one run: one total, counts that never go back, each stage named by language."""
    import shutil

    from deckgen.build import BuildOptions, build_decks

    content = make_content()
    for language in ("en", "ru"):
        shutil.copytree(content, Path("content") / language)
    ru = Path("content/ru/deck.yaml")
    ru.write_text(ru.read_text(encoding="utf-8").replace("language: en", "language: ru"), encoding="utf-8")
    calls = []
    results = build_decks(Path("content"), Path("decks"), BuildOptions(progress=lambda *call: calls.append(call)))
    total = sum(result.slides + 1 for result in results)
    assert {t for _, t, _ in calls} == {total}
    counts = [done for done, _, _ in calls]
    assert counts == sorted(counts)
    assert counts[0] == 0 and counts[-1] == total
    assert calls[-1][2] == "ru: done" and ("en", "ru") == tuple(dict.fromkeys(stage[:2] for _, _, stage in calls))


def test_no_bar_before_the_delay_then_a_bar(make_content):
    """On a terminal a build shows nothing for its first 1.5 s; after that the bar shows its stage and count."""
    content = make_content()
    terminal, clock = Terminal(), Clock()
    with progress_bar(terminal, delay=1.5, clock=clock) as progress:
        clock.now += 1.4
        build(content, Path("quick.pptx"), BuildOptions(progress=progress))
    assert terminal.getvalue() == ""

    terminal, clock = Terminal(), Clock()
    with progress_bar(terminal, delay=1.5, clock=clock) as progress:
        clock.now += 1.6
        build(content, Path("slow.pptx"), BuildOptions(progress=progress))
    slides = len(Presentation("slow.pptx").slides)
    shown = terminal.getvalue()
    assert "rendering slides" in shown
    assert re.search(rf"\[#+\]\s+{slides + 1}/{slides + 1}", shown), shown
    assert shown.endswith("\n")  # what is printed next starts on its own line


def test_bar_appears_mid_build_and_follows_the_count():
    """A bar that starts late shows the current count at once, then every later step and stage."""
    terminal, clock = Terminal(), Clock()
    bar = DelayedBar(terminal, delay=1.5, clock=clock)
    bar(0, 4, "rendering slides")
    bar(1, 4, "rendering slides")
    assert terminal.getvalue() == ""
    clock.now += 2
    bar(2, 4, "rendering slides")
    assert re.search(r"rendering slides\s+\[#+-+\]\s+2/4", terminal.getvalue()), terminal.getvalue()
    bar(3, 4, "writing")
    assert re.search(r"writing\s+\[#+-*\]\s+3/4", terminal.getvalue().rsplit("\r", 1)[-1])
    bar.close()
    assert terminal.getvalue().endswith("\n")


@pytest.mark.parametrize("ci", ["true", "1"])
def test_no_bar_in_ci(monkeypatch, ci):
    """With CI set, even a terminal gets no bar."""
    monkeypatch.setenv("CI", ci)
    assert not wants_bar(Terminal())
    with progress_bar(Terminal()) as progress:
        assert progress is None


def test_bar_on_a_terminal_outside_ci(monkeypatch):
    """A terminal outside CI (CI unset or false) gets a bar; a pipe never does."""
    monkeypatch.setenv("CI", "false")
    assert wants_bar(Terminal())
    monkeypatch.delenv("CI")
    assert wants_bar(Terminal())
    assert not wants_bar(io.StringIO())


def test_cli_build_in_a_pipe_prints_no_bar(make_content, deckgen, monkeypatch):
    """Under CliRunner (not a terminal) a build prints only its 'wrote' line, even with no delay before a bar."""
    monkeypatch.setattr(progress_module, "BAR_DELAY", 0.0)
    monkeypatch.delenv("CI", raising=False)
    result = deckgen("build", make_content(), "-o", "out.pptx")
    assert result.exit_code == 0
    assert re.fullmatch(r"wrote out\.pptx \(4 slides\)\n1 deck, 4 slides, 0 warnings\n", result.stdout)
    assert result.stderr == ""
