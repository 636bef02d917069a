"""Issue 17: every command reads a content set's files one way, through the load stage.

The one reader is deckgen.content.sets.read_set (regular files only, at most 5 MB, never through a link
that leads outside the set), behind deckgen.load's load_sets (validate=False for files that need not be
valid yet), load_set and read_each. These tests run each command that reads content and watch every
content file it reads; and they check that the readers that went around it are gone.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

import deckgen.content.yaml_source as yaml_source

from conftest import REPO


@pytest.fixture
def reads(monkeypatch, workspace) -> list[tuple[Path, set[str], set[str]]]:
    """Return the list every read of a YAML file under content/ is recorded in, as it happens.

    Each entry is (the file, the functions on the stack, the deckgen modules on the stack).
    """
    seen: list[tuple[Path, set[str], set[str]]] = []
    real = yaml_source.read_regular_file
    content = (workspace / "content").resolve()

    def spy(path: Path, limit: int) -> bytes:
        if Path(path).resolve().is_relative_to(content):
            frames = []
            frame = sys._getframe(1)
            while frame is not None:
                frames.append(frame)
                frame = frame.f_back
            functions = {f.f_code.co_name for f in frames}
            modules = {f.f_globals.get("__name__", "") for f in frames}
            seen.append((Path(path), functions, modules))
        return real(path, limit)

    monkeypatch.setattr(yaml_source, "read_regular_file", spy)
    return seen


def _prepare(deckgen, command: str) -> None:
    """Write what COMMAND reads besides the content (a table, an XLIFF, a workbook)."""
    if command == "import":
        assert deckgen("export", "content/en", "-o", "statuses.csv").exit_code == 0
    elif command == "xliff import":
        assert (
            deckgen("xliff", "export", "content/en", "-t", "ru", "--from", "content/ru", "-o", "ru.xlf").exit_code == 0
        )
    elif command == "workbook import":
        assert deckgen("workbook", "export", "content", "-o", "deck.xlsx").exit_code == 0


COMMANDS = {
    "validate": ["validate", "content"],
    "build": ["build", "content/en", "-o", "en.pptx"],
    "timing": ["timing", "content"],
    "handout": ["handout", "content/en", "-o", "handout-en.pdf"],
    "sync": ["sync", "content", "--dry-run"],
    "check-translation --fix": ["check-translation", "content/en", "content/ru", "--fix", "--dry-run"],
    "export": ["export", "content/en", "-o", "table.csv"],
    "import": ["import", "statuses.csv", "--into", "content/en", "--dry-run"],
    "xliff export --from": ["xliff", "export", "content/en", "-t", "ru", "--from", "content/ru", "-o", "x.xlf"],
    "xliff import": ["xliff", "import", "ru.xlf", "content/en", "-o", "content/ru", "--dry-run"],
    "workbook export": ["workbook", "export", "content", "-o", "w.xlsx"],
    "workbook import": ["workbook", "import", "deck.xlsx", "--into", "content", "--dry-run"],
}

BELOW_THE_LOAD_STAGE = {"workbook export", "workbook import"}
"""Commands of deckgen.workbook, which sits below deckgen.load (load reads workbooks): they read through the
reader load_sets is built on (read_set), or, for the files a workbook import merges into as text, through
the same safe read (yaml_source.read_content_file, in workbook.merge._read)."""


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_reads_content_files_through_the_load_stage(command, reads, deckgen):
    _prepare(deckgen, command)
    reads.clear()
    result = deckgen(*COMMANDS[command])
    assert result.exit_code == 0, result.output
    assert reads, f"{command} read no content file"
    for path, functions, modules in reads:
        if command in BELOW_THE_LOAD_STAGE:
            assert {"read_set", "_read"} & functions, (command, path)
        else:
            assert "read_set" in functions, (command, path)
            assert "deckgen.load" in modules, (command, path)


def test_the_readers_that_went_around_the_load_stage_are_gone():
    import deckgen.content.compare as compare
    import deckgen.content.sets as sets
    import deckgen.translate.sync as sync

    for module, name in [(compare, "content_files"), (sets, "load_files"), (sets, "load_issues")]:
        assert not hasattr(module, name), f"{module.__name__}.{name}"
    assert list(inspect.signature(sync.fix_file).parameters) == ["source_file", "translation_file"]
    package = REPO / "deckgen"
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path not in {package / "content" / "sets.py", package / "workbook" / "merge.py"}:
            assert '"the content set")' not in text, f"{path}: reads a content file on its own"
        assert 'read_text(encoding="utf-8-sig")' not in text or path.parent.name not in {"translate", "tracking"}, path


def test_check_translation_fix_refuses_a_translated_file_that_links_outside_the_set(workspace, deckgen):
    """Before, --fix read the linked file (outside the project's content) and wrote what it carried over it."""
    secret = workspace / "secret.yaml"
    religion = workspace / "content/ru/issues/01-freedom-of-religion.yaml"
    secret.write_text(religion.read_text(encoding="utf-8").replace("cycle: 3", "cycle: 2"), encoding="utf-8")
    religion.unlink()
    religion.symlink_to(secret)
    before = secret.read_bytes()
    result = deckgen("check-translation", "content/en", "content/ru", "--fix")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "content/ru/issues/01-freedom-of-religion.yaml: leads outside the content set (content/ru/); deckgen "
        "reads only files inside it: copy the file in instead of linking to it\n"
    )
    assert secret.read_bytes() == before and religion.is_symlink()


def test_load_sets_without_validation_reads_every_language_and_locates_what_cannot_be_read(workspace):
    from deckgen.errors import ContentError
    from deckgen.load import load_sets

    religion = Path("content/ru/issues/01-freedom-of-religion.yaml")
    religion.write_text(religion.read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8")
    deck = Path("content/kk/deck.yaml")  # a count the model refuses: not validated, so no problem here
    deck.write_text(deck.read_text(encoding="utf-8").replace("cycle: 4", "cycle: four"), encoding="utf-8")
    sets = load_sets(Path("content"), validate=False)
    assert (sets.paths, sets.problems, sets.sets) == (
        [Path("content/en"), Path("content/kk"), Path("content/ru")],
        [],
        [],
    )
    ru = sets.files_of(Path("content/ru"))
    lines = len(religion.read_text(encoding="utf-8").splitlines())
    (problem,) = ru.unread[religion]  # the broken file is located, not raised, and its siblings are read
    assert (problem.location.path, problem.location.line >= lines - 1) == (religion, True), str(problem)
    assert religion not in ru.files and len(ru.files) == len(ru.paths) - 1
    kk = sets.files_of(Path("content/kk"))
    assert kk.files[deck].data["cycle"] == "four" and kk.files[deck].source_map.locate(("cycle",)).line == 5
    with pytest.raises(ContentError) as error:
        sets.files_of(Path("content"))
    assert str(error.value.problems[0]).startswith("content: no deck.yaml in this folder; it holds the content sets")
