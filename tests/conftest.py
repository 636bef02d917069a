"""Shared pytest fixtures for deckgen's tests."""

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
        shutil.copytree(REPO / "assets" / "logos", assets / "logos",
                        ignore=shutil.ignore_patterns("*.py", "*.md"))

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
