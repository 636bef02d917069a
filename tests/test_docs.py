"""The manual: every command in the command-line reference with its help, every module in the module map,
links that work in a clone, and a README short enough to read. `make check` builds the site too
(`mkdocs build --strict`), which fails on a broken link or anchor."""

import importlib.util
import re
from pathlib import Path

import click
import pytest
import yaml

from deckgen.cli import cli

from conftest import REPO

DOCS = REPO / "docs"


def load_hook():
    spec = importlib.util.spec_from_file_location("deckgen_docs", DOCS / "hooks" / "deckgen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = load_hook()


def every_command(group: click.Group = cli, prefix: str = "deckgen") -> list[tuple[str, click.Command]]:
    """Return every command under GROUP, walked independently of the hook's own walk."""
    found = [(prefix, group)]
    for name, command in sorted(group.commands.items()):
        if command.hidden:
            continue
        if isinstance(command, click.Group):
            found += every_command(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


def test_every_command_is_in_the_reference_with_its_help():
    reference = hook.cli_reference()
    commands = every_command()
    assert len(commands) >= 15  # build, watch, validate, ..., xliff export, xliff import, locale new, ...
    for name, command in commands:
        heading = re.search(rf"^#+ {re.escape(name)}$", reference, re.M)
        assert heading, f"{name} has no heading in the command-line reference"
        section = reference[heading.end() :]
        following = re.search(r"^#+ deckgen", section, re.M)
        section = section[: following.start()] if following else section
        assert f"Usage: {name} " in section, name
        for paragraph in (command.help or "").split("\n\n"):
            first_words = " ".join(paragraph.replace("\b", "").split()[:6])
            assert first_words in " ".join(section.split()), (name, first_words)
        for option in command.params:
            for flag in getattr(option, "opts", []):
                if isinstance(option, click.Option):
                    assert flag in section, (name, flag)


def test_the_reference_page_is_generated_and_in_the_nav():
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert hook.CLI_MARKER in page
    assert hook.on_page_markdown(page, None, None, None).count("Usage: deckgen") == len(every_command())
    nav = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert "cli.md" in str(nav)


def test_the_module_map_names_every_module_with_its_docstring():
    table = hook.module_map()
    modules = [p for p in (REPO / "deckgen").rglob("*.py") if p.name != "__main__.py"]
    rows = [line for line in table.splitlines() if line.startswith("| `deckgen")]
    assert len(rows) == len(modules)
    assert "| `deckgen.files` | Every write deckgen makes: atomic, all or nothing," in table


def test_pages_named_in_the_nav_but_not_written_are_left_out(tmp_path):
    (tmp_path / "here.md").write_text("# here\n", encoding="utf-8")
    nav = [
        {"Home": "here.md"},
        {"Later": "later.md"},
        {"Section": [{"Gone": "gone.md"}]},
        {"Section 2": [{"Here": "here.md"}, {"Gone": "gone.md"}]},
    ]
    config = hook.on_config({"nav": nav, "docs_dir": str(tmp_path)})
    assert config["nav"] == [{"Home": "here.md"}, {"Section 2": [{"Here": "here.md"}]}]


def markdown_files() -> list[Path]:
    return [REPO / "README.md", *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.name)
def test_links_work_in_a_clone(path):
    """No link leaves the repository (../shared is not in a clone); every relative link names a file."""
    text = path.read_text(encoding="utf-8")
    assert "../shared" not in text
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        file = (path.parent / target.split("#")[0]).resolve()
        assert file.exists(), f"{path.name}: {target}"
        assert REPO in file.parents, f"{path.name}: {target} leads out of the repository"


def test_the_readme_is_short_and_points_into_the_manual():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    for page in ("docs/cli.md", "docs/safety.md", "docs/content-format.md", "docs/translating.md"):
        assert f"({page}" in readme, page


def test_the_readme_library_example_runs_as_written(workspace):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert len(block.splitlines()) <= 12
    (workspace / "build").mkdir()
    exec(compile(block, "README.md", "exec"), {})
    assert (workspace / "build" / "en.pptx").read_bytes()[:2] == b"PK"


def test_the_architecture_page_shows_the_layers_of_the_import_contract():
    page = (DOCS / "architecture.md").read_text(encoding="utf-8")
    assert hook.LAYERS_MARKER in page and hook.MODULE_MARKER in page
    shown = hook.layers()
    assert shown.startswith("`cli` > ") and shown.endswith(" > `errors`")


def test_every_test_the_safety_page_lists_for_a_case_exists():
    """docs/safety.md's "Cases and their tests" names a test for each case of issue 24: each must be there."""
    page = (REPO / "docs" / "safety.md").read_text(encoding="utf-8")
    section = page[page.index("## Cases and their tests") :]
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", section)
    assert len(named) > 50
    missing = [
        f"{file}::{name}"
        for file, name in named
        if not re.search(rf"^def {name}\(", (REPO / file).read_text(encoding="utf-8"), re.M)
    ]
    assert missing == []
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| **")]
    assert all("`tests/" in row for row in rows[1:]), [row for row in rows[1:] if "`tests/" not in row]
