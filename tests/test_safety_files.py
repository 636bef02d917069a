"""Hostile and unlucky input, files: nothing read from outside the project, nothing written over an input,
every multi-file write all or nothing, Ctrl+C never halfway, modes as the umask says (issue 12)."""

import errno
import os
import shutil
import signal
import stat
from pathlib import Path

import pytest

import deckgen.files as files_module
from deckgen.errors import excerpt

from conftest import VALID_ISSUE

SECRET = "TOP-SECRET-TOKEN-4711"


def tree(root: Path = Path(".")) -> dict[str, bytes | str]:
    """Return every file (its bytes), folder and link under ROOT, hidden ones included, by relative path."""
    found: dict[str, bytes | str] = {}
    for folder, names, files in os.walk(root):
        for name in names + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = f"-> {os.readlink(path)}"
            elif path.is_dir():
                found[key] = "folder"
            elif not path.is_file():
                found[key] = "special file"
            else:
                found[key] = path.read_bytes()
    return found


@pytest.fixture
def secret_file(tmp_path):
    """A file outside the project holding a secret, as a link may reach /proc/self/environ or ~/.ssh."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    return secret


# --- A. secrets and files outside the project ---------------------------------------------------


def test_an_issue_file_linked_outside_the_set_is_refused_unread(make_content, deckgen, secret_file):
    content = make_content()
    (content / "issues" / "02-b.yaml").symlink_to(secret_file)
    for command in (["validate", content], ["build", content, "-o", "x.pptx"], ["export", content, "-o", "t.csv"]):
        result = deckgen(*command)
        assert result.exit_code == 1
        assert SECRET not in result.output
        assert result.stderr == (
            "deck/issues/02-b.yaml: leads outside the content set (deck/); deckgen reads "
            "only files inside it: copy the file in instead of linking to it\n"
        )
    assert not Path("x.pptx").exists() and not Path("t.csv").exists()


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="Linux's /proc")
def test_the_environment_is_never_printed(make_content, deckgen, monkeypatch):
    monkeypatch.setenv("DECKGEN_TEST_TOKEN", SECRET)
    content = make_content()
    (content / "issues" / "02-env.yaml").symlink_to("/proc/self/environ")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert result.stderr.startswith("deck/issues/02-env.yaml: leads outside the content set (deck/)")


def test_deck_yaml_linked_outside_is_refused(make_content, deckgen, secret_file):
    content = make_content()
    (content / "deck.yaml").unlink()
    (content / "deck.yaml").symlink_to(secret_file)
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert result.stderr == (
        "deck/deck.yaml: leads outside the content set (deck/); deckgen reads only files "
        "inside it: copy the file in instead of linking to it\n"
    )


def test_a_theme_linked_outside_the_assets_is_refused_unread(make_content, deckgen, secret_file):
    content = make_content()
    Path("assets/themes/coalition.yaml").unlink()
    Path("assets/themes/coalition.yaml").symlink_to(secret_file)
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert result.stderr == (
        "assets/themes/coalition.yaml: leads outside the assets folder (assets/); deckgen "
        "reads only files inside it: copy the file in instead of linking to it\n"
    )


def test_a_logo_linked_outside_the_assets_is_refused(make_content, deckgen, tmp_path):
    content = make_content()
    logo = Path("assets/logos/coalition.png")
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(logo.read_bytes())
    logo.unlink()
    logo.symlink_to(outside)
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "assets/themes/coalition.yaml:11:14: footer_logo 'logos/coalition.png' leaves the assets folder\n"
        "deck/deck.yaml:7:11: logo 'logos/coalition.png' leaves the assets folder (assets/)\n"
    )


def test_links_inside_the_set_are_read(make_content, deckgen):
    content = make_content()
    Path(content / "shared.yaml").write_text(VALID_ISSUE.replace("Children's rights", "Shared"), encoding="utf-8")
    (content / "issues" / "02-shared.yaml").symlink_to("../shared.yaml")
    result = deckgen("validate", content)
    assert result.exit_code == 0, result.output


def test_messages_quote_a_short_excerpt_of_a_file(make_content, deckgen):
    """A file that is not what it should be shows 40 characters of itself at most."""
    long_line = "x" * 30 + SECRET + "y" * 5000
    content = make_content({"issues/01-a.yaml": long_line + "\n"})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == (
        f"deck/issues/01-a.yaml:1:1: must be a mapping of keys to values, got '{long_line[:40]}…'\n"
    )
    assert SECRET not in result.output
    assert excerpt("short") == "short"


def test_new_cycle_refuses_a_link_out_of_the_set(make_content, deckgen, secret_file):
    content = make_content()
    (content / "notes.txt").symlink_to(secret_file)
    before = tree()
    result = deckgen("new-cycle", content, "next")
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/notes.txt: not copied: a link to a file outside the content set; copy the "
        "file in instead, or remove the link\n"
    )
    assert tree() == before


def test_new_cycle_refuses_a_fifo_instead_of_hanging(make_content, deckgen):
    content = make_content()
    os.mkfifo(content / "pipe")
    before = tree()
    result = deckgen("new-cycle", content, "next")
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/pipe: not copied: not a regular file or folder (a FIFO, socket or device); remove it\n"
    )
    assert tree() == before


# --- B. outputs over inputs ---------------------------------------------------------------------


def test_xliff_export_never_writes_over_a_content_file(make_content, deckgen):
    content = make_content()
    before = tree()
    result = deckgen("xliff", "export", content, "-t", "ru", "-o", content / "deck.yaml")
    assert result.exit_code == 1
    assert result.stderr == "deck/deck.yaml: an XLIFF file must be a .xlf or .xliff file\n"
    Path("deck/issues/01-a.xlf").symlink_to("01-a.yaml")
    before = tree()
    result = deckgen("xliff", "export", content, "-t", "ru", "-o", "deck/issues/01-a.xlf")
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues/01-a.xlf: this command reads deck/issues/01-a.yaml; it never writes "
        "over its input: choose another output\n"
    )
    assert tree() == before


def test_schema_never_writes_over_an_issue_file(make_content, deckgen):
    content = make_content()
    before = tree()
    result = deckgen("schema", "issue", "-o", content / "issues" / "01-a.yaml")
    assert result.exit_code == 1
    assert result.stderr == "deck/issues/01-a.yaml: a schema must be a .json file\n"
    assert tree() == before


def test_export_never_writes_over_a_content_file(make_content, deckgen):
    content = make_content()
    before = tree()
    result = deckgen("export", content, "-o", content / "issues" / "01-a.yaml")
    assert result.exit_code == 1
    assert result.stderr == "deck/issues/01-a.yaml: the table must be a .csv or .xlsx file\n"
    assert tree() == before


def test_force_replaces_only_a_content_set(make_content, deckgen):
    """xliff import --force -o assets used to delete the assets folder; new-cycle --force too."""
    content = make_content()
    assert deckgen("xliff", "export", content, "-t", "ru", "-o", "ru.xlf").exit_code == 0
    before = tree()
    result = deckgen("xliff", "import", "ru.xlf", content, "-o", "assets", "--force", "--allow-untranslated")
    assert result.exit_code == 1
    assert result.stderr == (
        "assets: is not a content set (deck.yaml and issues/), a folder of them, or empty; "
        "--force replaces only those: choose another output folder\n"
    )
    result = deckgen("new-cycle", content, "assets", "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith("assets: is not a content set")
    assert tree() == before


def test_force_may_replace_an_empty_folder_or_a_folder_of_sets(make_content, deckgen):
    content = make_content()
    Path("empty").mkdir()
    assert deckgen("new-cycle", content, "empty", "--force").exit_code == 0
    assert sorted(p.name for p in Path("empty").iterdir()) == ["deck.yaml", "issues"]
    Path("sets/en").mkdir(parents=True)
    assert deckgen("new-cycle", content, "sets/en", "--force").exit_code == 0
    assert deckgen("new-cycle", content, "sets/en", "--force").exit_code == 0  # a set: replaced


def _two_issue_import(make_content):
    """A set of two issue files with tracked recommendations, and a table changing a status in each."""
    content = make_content(
        {
            "issues/01-a.yaml": _with_tracked(VALID_ISSUE, "141.1"),
            "issues/02-b.yaml": _with_tracked(VALID_ISSUE, "141.2"),
        }
    )
    Path("t.csv").write_text(
        "id,issue,recommendation,recommending_states,response,status,note\n"
        "141.1,01-a,,,,implemented,\n141.2,02-b,,,,implemented,\n",
        encoding="utf-8",
    )
    return content


def _with_tracked(issue: str, rec_id: str) -> str:
    return issue.replace(
        "  findings:\n", f"  recommendations:\n    - id: '{rec_id}'\n      text: Do it.\n  findings:\n", 1
    ).replace("  total: 10\n  counts:\n    implemented: 2\n    partially_implemented: 5\n    not_implemented: 3\n", "")


def test_import_writes_every_file_or_none_when_a_rename_fails(make_content, deckgen, monkeypatch):
    content = _two_issue_import(make_content)
    assert deckgen("validate", content).exit_code == 1  # statuses still to fill
    before = tree()
    real_replace = os.replace
    calls = []

    def second_fails(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(source, target)

    monkeypatch.setattr(files_module.os, "replace", second_fails)
    result = deckgen("import", "t.csv", "--into", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues/02-b.yaml: cannot write: disk full; none of the other files was written either\n"
    )
    assert tree() == before
    monkeypatch.setattr(files_module.os, "replace", real_replace)
    result = deckgen("import", "t.csv", "--into", content)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "wrote deck/issues/01-a.yaml\nwrote deck/issues/02-b.yaml\n"
        "0 recommendations added, 2 changed, 2 files written, 0 warnings\n"
    )


def test_import_writes_none_when_the_second_file_cannot_be_written(make_content, deckgen, monkeypatch):
    content = _two_issue_import(make_content)
    before = tree()
    real_fsync = os.fsync
    calls = []

    def second_full(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(files_module.os, "fsync", second_full)
    result = deckgen("import", "t.csv", "--into", content)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues/02-b.yaml: cannot write: disk full; none of the other files was written either\n"
    )
    assert tree() == before


def _translated_set(make_content, deckgen):
    content = make_content()
    assert deckgen("xliff", "export", content, "-t", "ru", "-o", "ru.xlf").exit_code == 0
    assert deckgen("xliff", "import", "ru.xlf", content, "-o", "ru", "--allow-untranslated").exit_code == 0
    Path("ru/deck.yaml").write_text(
        Path("ru/deck.yaml").read_text(encoding="utf-8") + "# the old set\n", encoding="utf-8"
    )
    return content


def test_ctrl_c_during_the_force_swap_puts_the_old_set_back(make_content, deckgen, monkeypatch):
    """Interrupted between moving the old set aside and the new one in: the old set is back, nothing hidden left."""
    content = _translated_set(make_content, deckgen)
    before = tree()
    real_rename = os.rename

    def interrupted_move_in(source, target):
        if Path(target).name == "ru" and ".tmp" in Path(source).name and ".old." not in Path(source).name:
            raise KeyboardInterrupt
        real_rename(source, target)

    monkeypatch.setattr(files_module.os, "rename", interrupted_move_in)
    # an XLIFF import into an existing set merges file by file; new-cycle --force swaps the folder
    result = deckgen("new-cycle", content, "ru", "--force")
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == "interrupted; nothing half written"
    assert tree() == before


@pytest.fixture
def python_sigint():
    """SIGINT as Python sets it up at a terminal, even when the tests run from a background shell (which
    starts them with SIGINT ignored, so a Ctrl+C would be lost)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_during_the_force_swap_waits_for_it(make_content, deckgen, monkeypatch, python_sigint):
    """A real SIGINT between the renames is held until the new set is in place, then ends the command."""
    content = _translated_set(make_content, deckgen)
    real_rename = os.rename

    def signal_between(source, target):
        real_rename(source, target)
        if ".old." in Path(target).name:
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(files_module.os, "rename", signal_between)
    # an XLIFF import into an existing set merges file by file; new-cycle --force swaps the folder
    result = deckgen("new-cycle", content, "ru", "--force")
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == "interrupted; nothing half written"
    assert "# the old set" not in Path("ru/deck.yaml").read_text(encoding="utf-8")
    assert [p.name for p in Path(".").iterdir() if p.name.startswith(".")] == []


# --- F. modes -----------------------------------------------------------------------------------


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_files_follow_the_umask(make_content, deckgen, umask_022):
    content = make_content()
    assert deckgen("build", content, "-o", "out/deck.pptx").exit_code == 0
    assert deckgen("export", content, "-o", "t.xlsx").exit_code == 0
    assert deckgen("export", content, "-o", "t.csv").exit_code == 0
    assert deckgen("xliff", "export", content, "-t", "ru", "-o", "ru.xlf").exit_code == 0
    assert deckgen("schema", "-o", "issue.json").exit_code == 0
    assert deckgen("xliff", "import", "ru.xlf", content, "-o", "ru", "--allow-untranslated").exit_code == 0
    assert deckgen("new-cycle", content, "next").exit_code == 0
    modes = {
        name: oct(mode(name))
        for name in ("out/deck.pptx", "t.xlsx", "t.csv", "ru.xlf", "issue.json", "ru/deck.yaml", "next/deck.yaml")
    }
    assert modes == dict.fromkeys(modes, oct(0o644))
    assert oct(mode("ru")) == oct(0o755) and oct(mode("next")) == oct(0o755)


def test_a_rewritten_file_keeps_its_mode(make_content, deckgen, umask_022):
    content = _two_issue_import(make_content)
    os.chmod(content / "issues" / "01-a.yaml", 0o664)
    os.chmod(content / "issues" / "02-b.yaml", 0o600)
    assert deckgen("import", "t.csv", "--into", content).exit_code == 0
    assert oct(mode(content / "issues" / "01-a.yaml")) == oct(0o664)
    assert oct(mode(content / "issues" / "02-b.yaml")) == oct(0o600)
    Path("t.xlsx").write_bytes(b"old")
    os.chmod("t.xlsx", 0o640)
    assert deckgen("export", content, "-o", "t.xlsx").exit_code == 0
    assert oct(mode("t.xlsx")) == oct(0o640)


def test_new_cycle_writes_nothing_when_its_second_file_fails(make_content, deckgen, monkeypatch):
    content = make_content({"issues/02-b.yaml": VALID_ISSUE})
    before = tree()
    real_write_text = Path.write_text
    calls = []

    def second_fails(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", second_fails)
    result = deckgen("new-cycle", content, "next")
    assert result.exit_code == 1
    assert result.stderr == "next: cannot write: disk full; nothing was written\n"
    assert tree() == before


def test_a_font_linked_outside_the_assets_is_refused(make_content, deckgen, tmp_path):
    content = make_content()
    theme = Path("assets/themes/coalition.yaml")
    text = theme.read_text(encoding="utf-8")
    Path("assets/fonts").mkdir()
    Path("assets/fonts/Body.ttf").symlink_to(tmp_path / "elsewhere.ttf")
    theme.write_text(text.replace("regular: ", "regular: fonts/Body.ttf  # ", 1), encoding="utf-8")
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == "assets/themes/coalition.yaml:8:12: font file 'fonts/Body.ttf' leaves the assets folder\n"


def test_check_translation_and_xliff_import_refuse_links_out(make_content, deckgen, secret_file):
    content = make_content()
    assert deckgen("xliff", "export", content, "-t", "ru", "-o", "ru.xlf").exit_code == 0
    (content / "README.txt").symlink_to(secret_file)
    before = tree()
    result = deckgen("xliff", "import", "ru.xlf", content, "-o", "ru", "--allow-untranslated")
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/README.txt: not copied: a link to a file outside the content set; copy the "
        "file in instead, or remove the link\n"
    )
    assert tree() == before
    Path("ru/issues").mkdir(parents=True)
    Path("ru/deck.yaml").write_text((content / "deck.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    Path("ru/issues/01-a.yaml").symlink_to(secret_file)
    result = deckgen("check-translation", content, "ru")
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert result.stderr.splitlines()[-1] == (
        "ru/issues/01-a.yaml: leads outside the content set (ru/); deckgen "
        "reads only files inside it: copy the file in instead of linking to it"
    )


COMMANDS_READING_A_SET = [
    ("validate", "deck"),
    ("build", "deck", "-o", "out/x.pptx"),
    ("timing", "deck"),
    ("handout", "deck", "-o", "out/h.pdf"),
    ("submission", "deck", "-o", "out/s.docx", "--draft"),
    ("matrix", "deck", "-o", "out/m.xlsx"),
    ("export", "deck", "-o", "out/t.csv"),
    ("new-cycle", "deck", "out/next"),
    ("xliff", "export", "deck", "-t", "ru", "-o", "out/ru.xlf"),
    ("xliff", "import", "ru.xlf", "deck", "-o", "out/ru", "--allow-untranslated"),
    ("workbook", "export", "deck", "-o", "out/w.xlsx"),
    ("workbook", "import", "deck.xlsx", "--into", "deck"),
    ("import", "t.csv", "--into", "deck"),
]
"""Each command that reads a content set (sync's folder of languages: tests/test_sync.py)."""


@pytest.mark.parametrize("command", COMMANDS_READING_A_SET, ids=lambda c: " ".join(c[:2]))
def test_every_command_refuses_an_issue_file_linked_outside_the_set(make_content, deckgen, tmp_path, command):
    """Issue 24: validate refused the link, but `workbook import` read the file behind it, printed its values
    ("api token: removed 'TOP-SECRET…'") and wrote the set's own copy over the link."""
    content = make_content()
    outside = tmp_path / "elsewhere" / "secret.yaml"
    outside.parent.mkdir()
    outside.write_text(VALID_ISSUE + f"api_token: {SECRET}\n", encoding="utf-8")
    (content / "issues" / "02-b.yaml").write_text(VALID_ISSUE, encoding="utf-8")  # its row and sheet are made
    assert deckgen("xliff", "export", content, "-t", "ru", "-o", "ru.xlf").exit_code == 0
    assert deckgen("workbook", "export", content, "-o", "deck.xlsx").exit_code == 0
    Path("t.csv").write_text(
        "id,issue,recommendation,recommending_states,response,status,note\n141.1,02-b,Ratify.,,,implemented,\n",
        encoding="utf-8",
    )
    (content / "issues" / "02-b.yaml").unlink()
    (content / "issues" / "02-b.yaml").symlink_to(outside)
    before, outside_before = tree(), outside.read_bytes()
    result = deckgen(*command)
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    assert result.stderr.splitlines()[-1] == (
        "deck/issues/02-b.yaml: leads outside the content set (deck/); deckgen reads only files inside it: copy "
        "the file in instead of linking to it"
    )
    assert tree() == before
    assert outside.read_bytes() == outside_before


@pytest.mark.parametrize("options", [("--fix",), ("--fix", "--dry-run")])
def test_check_translation_fix_never_reads_or_writes_a_translation_linked_outside(
    make_content, deckgen, tmp_path, options
):
    """Issue 24: --fix followed ru's link out of the set, printed the file's values and wrote them into ru/."""
    content = make_content()
    outside = tmp_path / "elsewhere" / "secret.yaml"
    outside.parent.mkdir()
    outside.write_text(VALID_ISSUE.replace("total: 10", "total: 12") + f"api_token: {SECRET}\n", encoding="utf-8")
    Path("ru/issues").mkdir(parents=True)
    Path("ru/deck.yaml").write_text(
        (content / "deck.yaml").read_text(encoding="utf-8").replace("language: en", "language: ru"), encoding="utf-8"
    )
    Path("ru/issues/01-a.yaml").symlink_to(outside)
    before, outside_before = tree(), outside.read_bytes()
    result = deckgen("check-translation", content, "ru", *options)
    assert result.exit_code == 1
    assert SECRET not in result.output and "total" not in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "ru/issues/01-a.yaml: leads outside the content set (ru/); deckgen reads only files inside it: copy the "
        "file in instead of linking to it"
    )
    assert tree() == before
    assert outside.read_bytes() == outside_before


@pytest.mark.parametrize("kind", ["link", "fifo"])
def test_import_into_a_folder_of_languages_never_reads_a_translation_linked_outside(
    make_content, deckgen, tmp_path, kind
):
    """Issue 24: `import --into content` followed ru's issue file out of the set and printed its values (and
    called a FIFO there a missing file)."""
    tracked = VALID_ISSUE.replace(
        "recommendations:\n  - To ratify",
        "  recommendations:\n    - id: '141.1'\n      text: Ratify the protocol.\nrecommendations:\n  - To ratify",
    )
    make_content({"issues/01-a.yaml": tracked})
    Path("sets").mkdir()
    Path("deck").rename("sets/en")
    shutil.copytree("sets/en", "sets/ru")
    Path("sets/ru/deck.yaml").write_text(
        Path("sets/en/deck.yaml").read_text(encoding="utf-8").replace("language: en", "language: ru"), encoding="utf-8"
    )
    outside = tmp_path / "elsewhere" / "secret.yaml"
    outside.parent.mkdir()
    outside.write_text(tracked + f"api_token: {SECRET}\n", encoding="utf-8")
    Path("sets/ru/issues/01-a.yaml").unlink()
    if kind == "link":
        Path("sets/ru/issues/01-a.yaml").symlink_to(outside)
    else:
        os.mkfifo("sets/ru/issues/01-a.yaml")
    Path("t.csv").write_text(
        "id,issue,recommendation,recommending_states,response,status,note\n141.1,01-a,,,,implemented,\n",
        encoding="utf-8",
    )
    before = tree()
    result = deckgen("import", "t.csv", "--into", "sets")
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert result.stderr == (
        "sets/ru/issues/01-a.yaml: leads outside the content set (sets/ru/); deckgen reads only files inside it: "
        "copy the file in instead of linking to it\n"
        if kind == "link"
        else "sets/ru/issues/01-a.yaml: is a pipe, not a file; deckgen reads only regular files\n"
    )
    assert tree() == before
