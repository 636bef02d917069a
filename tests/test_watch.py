"""deckgen watch: a rebuild after each save, problems printed without stopping, the last good deck kept.

Most tests feed watch() a scripted sequence of change batches (each batch
written to disk just before it is handed over), so they run without file
events; one test uses real watchfiles events.
"""

import re
import threading
import time
from pathlib import Path

from pptx import Presentation
from watchfiles import Change

import deckgen.watch as watch_module
from deckgen.build import build
from deckgen.watch import Rebuilder, watch

from conftest import VALID_ISSUE

ISSUE = "deck/issues/01-a.yaml"
DECK = Path("build/upr4-testland-en.pptx")
BROKEN_ISSUE = VALID_ISSUE.replace("  total: 10", "  totl: 10")
NEW_TITLE_ISSUE = VALID_ISSUE.replace("title: Children's rights", "title: Children's welfare")
NEW_COUNTS_ISSUE = VALID_ISSUE.replace("implemented: 2", "implemented: 1")


class Lines:
    """An echo that keeps what watch prints, stdout and stderr apart."""

    def __init__(self):
        self.out: list[str] = []
        self.err: list[str] = []

    def __call__(self, message="", err=False):
        (self.err if err else self.out).append(str(message))


def saves(make_content, *edits):
    """Yield one change batch per edit, after writing that edit (a dict of files) to disk."""
    for files in edits:
        make_content(files)
        yield {(Change.modified, str(Path(path).resolve())) for path in files}


def slide_titles(path: Path) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in Presentation(path).slides]


def test_watch_builds_then_rebuilds_each_save(make_content):
    """The first build at start, then a 'rebuilt ... (N slides) in T s' line per saved change, each followed by the
    summary line a build ends with."""
    make_content()
    lines = Lines()
    watch(Path("deck"), changes=saves(make_content, {"issues/01-a.yaml": NEW_TITLE_ISSUE}), echo=lines)
    assert lines.err == []
    assert len(lines.out) == 5
    assert re.fullmatch(r"wrote build/upr4-testland-en\.pptx \(4 slides\) in \d+\.\d s", lines.out[0])
    assert lines.out[1] == "1 deck, 4 slides, 0 warnings"
    assert lines.out[2] == "watching deck and assets for changes; Ctrl+C stops"
    slides = len(Presentation(DECK).slides)
    assert re.fullmatch(rf"rebuilt build/upr4-testland-en\.pptx \({slides} slides\) in \d+\.\d s", lines.out[3])
    assert lines.out[4] == f"1 deck, {slides} slides, 0 warnings"
    assert "Issue 1: Children's welfare" in slide_titles(DECK)


def test_broken_save_prints_problems_keeps_deck_and_goes_on(make_content):
    """A broken save prints its located problems, keeps the last good deck, and the next good save rebuilds."""
    make_content()
    lines = Lines()
    decks = []

    def edits():
        decks.append(DECK.read_bytes())  # the first build's deck
        yield from saves(make_content, {"issues/01-a.yaml": BROKEN_ISSUE})
        decks.append(DECK.read_bytes())  # after the broken save's rebuild
        yield from saves(make_content, {"issues/01-a.yaml": NEW_TITLE_ISSUE})

    watch(Path("deck"), changes=edits(), echo=lines)
    assert lines.err == [
        "deck/issues/01-a.yaml:4:3: unknown key 'totl'; did you mean 'total'?",
        "not rebuilt: 1 problem; waiting for the next change",
    ]
    assert decks[1] == decks[0]
    assert lines.out[-2].startswith("rebuilt build/upr4-testland-en.pptx (")
    assert "Issue 1: Children's welfare" in slide_titles(DECK)


def test_broken_content_at_start_is_reported_and_watched(make_content):
    """Watching content that is broken from the start reports it, builds nothing, and builds once it is fixed."""
    make_content({"issues/01-a.yaml": BROKEN_ISSUE})
    lines = Lines()
    watch(Path("deck"), changes=saves(make_content, {"issues/01-a.yaml": VALID_ISSUE}), echo=lines)
    assert lines.err == [
        "deck/issues/01-a.yaml:4:3: unknown key 'totl'; did you mean 'total'?",
        "not built: 1 problem; waiting for the next change",
    ]
    assert lines.out[-2].startswith("rebuilt build/upr4-testland-en.pptx (")
    assert DECK.is_file()


def test_unexpected_error_in_one_rebuild_is_reported_briefly(make_content, monkeypatch):
    """A bug that breaks one rebuild prints one line (no traceback) and the next save rebuilds."""
    make_content()
    calls = []

    def build_failing_once(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("chart backend exploded")
        return build(*args, **kwargs)

    monkeypatch.setattr(watch_module, "build", build_failing_once)
    lines = Lines()
    edit = {"issues/01-a.yaml": NEW_TITLE_ISSUE}
    watch(Path("deck"), changes=saves(make_content, edit, edit), echo=lines)
    assert lines.err == ["not rebuilt: unexpected RuntimeError: chart backend exploded; waiting for the next change"]
    assert lines.out[-2].startswith("rebuilt build/upr4-testland-en.pptx (")


def test_scratch_files_and_own_output_do_not_trigger_rebuilds(make_content):
    """Editor swap and backup files, and the deck itself when written inside the content folder, are not edits."""
    make_content()
    lines = Lines()
    folder = Path("deck").resolve()
    ignored = [
        folder / "issues" / ".01-a.yaml.swp",
        folder / "issues" / "01-a.yaml~",
        folder / "issues" / "4913",
        folder / "out.pptx",
        folder / ".out.pptx.k3j2x.tmp",
    ]
    changes = [{(Change.added, str(path)) for path in ignored}]
    watch(Path("deck"), Path("deck/out.pptx"), changes=changes, echo=lines)
    assert [line for line in lines.out if line.startswith("rebuilt")] == []

    changes = [{(Change.added, str(folder / "issues" / "02-b.yaml"))}]
    watch(Path("deck"), Path("deck/out.pptx"), changes=changes, echo=lines)
    assert lines.out[-2].startswith("rebuilt deck/out.pptx (")


def test_assets_changes_rebuild(make_content):
    """A change in the assets folder in use (a theme, a logo) rebuilds too."""
    make_content()
    lines = Lines()
    theme = Path("assets/themes/coalition.yaml")
    changes = [{(Change.modified, str(theme.resolve()))}]
    watch(Path("deck"), changes=changes, echo=lines)
    assert lines.out[2] == "watching deck and assets for changes; Ctrl+C stops"
    assert lines.out[-2].startswith("rebuilt build/upr4-testland-en.pptx (")


def test_rebuilds_match_a_fresh_build(make_content):
    """After a text edit or a counts edit, the watched deck equals a fresh build's bytes."""
    make_content()
    rebuilder = Rebuilder(Path("deck"), Path("watched.pptx"), None, Lines())
    assert rebuilder.rebuild(first=True)
    for edit in (NEW_TITLE_ISSUE, NEW_COUNTS_ISSUE):
        make_content({"issues/01-a.yaml": edit})
        assert rebuilder.rebuild()
        build(Path("deck"), Path("fresh.pptx"))
        assert Path("watched.pptx").read_bytes() == Path("fresh.pptx").read_bytes()


def test_cli_watch_stops_cleanly_on_ctrl_c(make_content, deckgen, monkeypatch):
    """`deckgen watch` builds first, and Ctrl+C (KeyboardInterrupt from watchfiles) ends it with exit 0."""
    import watchfiles

    def interrupted(*paths, **options):
        assert sorted(Path(p).name for p in paths) == ["assets", "deck"]
        raise KeyboardInterrupt
        yield  # a generator, like watchfiles.watch

    monkeypatch.setattr(watchfiles, "watch", interrupted)
    result = deckgen("watch", make_content(), "-o", "out.pptx")
    assert result.exit_code == 0
    assert re.fullmatch(
        r"wrote out\.pptx \(4 slides\) in \d+\.\d s\n"
        r"1 deck, 4 slides, 0 warnings\n"
        r"watching deck and assets for changes; Ctrl\+C stops\n",
        result.stdout,
    )
    assert result.stderr == "stopped watching\n"


def test_real_file_events_trigger_a_rebuild(make_content):
    """With real watchfiles events, saving an issue file rebuilds the deck (the test ends once it has)."""
    make_content()
    lines = Lines()
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch, args=(Path("deck"),), kwargs={"echo": lines, "stop_event": stop}, daemon=True
    )
    watcher.start()
    try:
        deadline = time.monotonic() + 60
        while not any(line.startswith("watching") for line in lines.out):
            assert time.monotonic() < deadline, lines.out + lines.err
            time.sleep(0.05)
        # The watcher starts listening a moment after it says so: save again until a rebuild is seen.
        titles = ["welfare", "wellbeing"]
        saves_made = 0
        while not any(line.startswith("rebuilt") for line in lines.out):
            assert time.monotonic() < deadline, lines.out + lines.err
            title = titles[saves_made % 2]
            make_content({"issues/01-a.yaml": VALID_ISSUE.replace("rights", title)})
            saves_made += 1
            for _ in range(20):
                if any(line.startswith("rebuilt") for line in lines.out):
                    break
                time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    assert lines.err == []
    assert any(f"Issue 1: Children's {title}" in slide_titles(DECK) for title in titles)


def test_watching_the_folder_of_languages_is_refused_at_once(tmp_path, deckgen, monkeypatch):
    """watch follows one content set; naming content/ says which to name instead, and exits 1."""
    monkeypatch.chdir(tmp_path)
    for language in ("en", "ru"):
        Path("content", language).mkdir(parents=True)
        Path("content", language, "deck.yaml").write_text("language: en\n", encoding="utf-8")
    result = deckgen("watch", "content")
    assert result.exit_code == 1
    assert result.stderr == (
        "content: no deck.yaml in this folder; it holds the content sets en, ru: name one, e.g. content/en\n"
    )


def test_a_watch_session_collects_its_garbage_while_a_build_runs_without_the_collector(make_content, monkeypatch):
    # deckgen's command runs as a short process, without Python's cycle collector; a watch session runs for hours,
    # and its rebuilds' reference cycles must not pile up.
    import gc
    import sys

    import deckgen.build
    import deckgen.cli as cli_module

    content = make_content()
    seen = {}

    def watching(*args, **kwargs):
        seen["watch"] = gc.isenabled()

    def building(*args, **kwargs):
        seen["build"] = gc.isenabled()
        return []

    monkeypatch.setattr(watch_module, "watch", watching)
    monkeypatch.setattr(deckgen.build, "build_decks", building)
    monkeypatch.setattr(cli_module.signal, "signal", lambda *args: None)  # leave pytest's Ctrl+C handler alone
    for command in ("watch", "build"):
        monkeypatch.setattr(sys, "argv", ["deckgen", command, str(content), "-q"])
        try:
            cli_module.main()
        except SystemExit as ended:
            assert ended.code == 0
        gc.unfreeze()
        gc.enable()
    assert seen == {"watch": True, "build": False}
