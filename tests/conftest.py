"""Shared pytest fixtures for deckgen's tests."""

import gc
import os

import pytest
from hypothesis import settings

from deckgen.progress import running_in_ci

from realclient import soffice_available

# Hypothesis profiles for tests/test_fuzz.py: "ci" (the default: `make test`) runs few examples from
# fixed seeds, so every run tries the same inputs; "fuzz" (`make fuzz`) searches long and at random.
settings.register_profile("ci", max_examples=25, derandomize=True, print_blob=True)
# `make fuzz FUZZ_EXAMPLES=500` for a shorter run
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "3000")), print_blob=True)
settings.register_profile("dev", max_examples=60, print_blob=True)  # a quick random search while working
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def require_soffice() -> None:
    """Skip the calling test without LibreOffice, but fail it in CI.

    Locally a missing LibreOffice is a setup gap; in CI it would silently turn
    the rendering checks into no-ops, so there it is an error.
    """
    if soffice_available():
        return
    reason = "needs LibreOffice: soffice not on PATH (install libreoffice-impress or run `make setup`)"
    if running_in_ci():
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


SLOW = {
    # the fuzz seeds: 25 mutated inputs, each through every command
    "test_fuzz.py::test_no_input_makes_deckgen_crash_hang_or_write_elsewhere",
    # whole shipped decks built twice or more, to compare bytes or count walks
    "test_pptx_compat.py::test_a_build_walks_the_package_a_fixed_number_of_times_not_once_per_slide",
    "test_pptx_compat.py::test_the_deck_is_byte_identical_to_stock_python_pptx",
    "test_pptx_compat.py::test_a_later_slide_added_after_the_build_is_named_as_stock_names_it",
    "test_type_scale.py::test_deckgen_build_content_gives_every_language_the_same_slides",
    "test_xliff.py::test_round_trip_of_the_shipped_russian_deck",
    "test_xliff.py::test_round_trip_with_unchanged_targets_changes_only_the_language",
    "test_workflows.py::test_check_translation_fix_carries_the_numbers_and_codes_and_keeps_text_and_comments",
    "test_workflows.py::test_new_cycle_next_steps_name_the_folder_of_languages",
    # fresh Python processes, to see which modules a command imports
    "test_planner.py::test_planning_imports_neither_pptx_nor_matplotlib",
    # real processes and signals: deckgen run as a command, killed, interrupted
    "test_readme_usage.py::test_the_watch_line_stops_on_ctrl_c",
    "test_libreoffice_processes.py::test_sigterm_to_deckgen_ends_libreoffice_and_removes_its_folders",
    "test_hostile_input.py::test_a_kazakh_folder_name_on_a_terminal_that_cannot_show_it",
    "test_safety_processes.py::test_a_build_starts_no_other_process",
    "test_safety_processes.py::test_a_real_ctrl_c_prints_no_traceback",
    "test_safety_processes.py::test_watch_resumes_when_its_folder_comes_back",
}
"""Tests that take seconds each (on a 2-CPU machine) and check again what quicker tests check in part: marked
``slow``, they run in `make test` (after `make check`'s fast tier), not in `make check`. Named here rather than
in their files so the list is in one place; tests/test_structure.py checks each one still exists."""


def pytest_collection_modifyitems(config, items):
    for item in items:
        if f"{item.path.name}::{getattr(item, 'originalname', item.name)}" in SLOW:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def cycle_collector_back():
    """Give the test process Python's cycle collector back after a test that ran deckgen.cli.main in-process:
    main runs a command as the whole process does, with the collector off and every object frozen at its end."""
    yield
    if not gc.isenabled():
        gc.unfreeze()
        gc.enable()


@pytest.fixture(autouse=True)
def realclient_gate(request):
    """Gate tests marked ``realclient`` with require_soffice."""
    if request.node.get_closest_marker("realclient") is not None:
        require_soffice()


@pytest.fixture(autouse=True, scope="session")
def private_plan_cache(tmp_path_factory):
    """Point deckgen's plan cache at a temporary folder, so no test reads or fills the user's cache.

    Session-scoped, so it is in place before module-scoped fixtures build decks.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DECKGEN_CACHE_DIR", str(tmp_path_factory.mktemp("deckgen-cache")))
        yield


@pytest.fixture(scope="session")
def shipped_deck(tmp_path_factory):
    """Return deck(folder, **options) -> the path of FOLDER's deck built with the repo's assets and OPTIONS
    (BuildOptions), built once a session: several test modules read the same shipped decks, and none writes to
    them."""
    from deckgen.build import BuildOptions, build

    decks: dict = {}

    def deck(folder, **options):
        key = (str(folder), tuple(sorted(options.items())))
        if key not in decks:
            output = tmp_path_factory.mktemp("shipped") / "deck.pptx"
            build(folder, output, BuildOptions(assets=Path(__file__).parents[1] / "assets", **options))
            decks[key] = output
        return decks[key]

    return deck


# -- a small valid content set, for tests that break one bit of it -----------

import shutil  # noqa: E402
import textwrap  # noqa: E402
from pathlib import Path  # noqa: E402

from click.testing import CliRunner  # noqa: E402

REPO = Path(__file__).parents[1]


def yaml(text: str) -> str:
    """Return TEXT without the indentation of the test's source, so line 1 is the first line."""
    return textwrap.dedent(text).lstrip("\n")


VALID_DECK = """\
language: en
title: Test deck
country: Testland
cycle: 4
presenters:
  - name: Test Coalition
    logo: logos/coalition.png
theme: coalition
"""

VALID_ISSUE = """\
title: Children's rights
review:
  cycle: 3
  total: 10
  counts:
    implemented: 2
    partially_implemented: 5
    not_implemented: 3
  findings:
    - status: implemented
      summary: ratification of the protocol.
      text:
        - The protocol was ratified.
recommendations:
  - To ratify the protocol.
"""


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """Return a folder holding copies of the shipped content/ and assets/, made the working directory."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def make_content(tmp_path, monkeypatch):
    """Return make(files=None) -> Path: write a small valid content set under tmp_path and chdir there.

    The set is deck/deck.yaml, deck/issues/01-a.yaml and assets/ (the repo's
    coalition theme and logos) beside it, so printed paths read
    ``deck/issues/01-a.yaml:5:7: ...``. FILES maps a path relative to deck/
    to its text (str), its raw bytes, or None to delete it; call make() again
    to rewrite files of the same set. Returns the content folder, relative
    to the working directory (Path("deck")).
    """
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "deck"
    assets = tmp_path / "assets"
    if not assets.exists():
        (assets / "themes").mkdir(parents=True)
        shutil.copy(REPO / "assets" / "themes" / "coalition.yaml", assets / "themes")
        shutil.copytree(REPO / "assets" / "logos", assets / "logos", ignore=shutil.ignore_patterns("*.py", "*.md"))

    def make(files: dict[str, str | bytes | None] | None = None) -> Path:
        wanted = {"deck.yaml": VALID_DECK, "issues/01-a.yaml": VALID_ISSUE, **(files or {})}
        for relative, text in wanted.items():
            path = content / relative
            if text is None:
                path.unlink(missing_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
        return Path("deck")

    return make


@pytest.fixture
def deckgen():
    """Return run(*args) -> click Result: the deckgen command run in-process.

    result.stdout and result.stderr are separate; result.output has both.
    Every run is checked to end without a traceback: deckgen's only ways out
    are an exit code and printed lines, never an uncaught exception.
    """
    runner = CliRunner()

    def run(*args):
        from deckgen.cli import cli

        result = runner.invoke(cli, [str(a) for a in args], prog_name="deckgen")
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return result

    return run


from deckgen.plan.planner import PlanOptions  # noqa: E402

REPORT = PlanOptions(format="report")
"""Plan the full report: the shipped content is a statement (deck.yaml's format), its tests of the report ask for it."""
