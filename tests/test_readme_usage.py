"""The documented Usage commands run as written after the Quick start: `deckgen` on PATH from the venv.

The ```sh block of docs/usage.md (which holds every line of the README's Usage block too) is run line
by line in a temporary copy of content/ and assets/. The lines that need no LibreOffice run in-process
(the fast tier of `make check`); `deckgen` itself is run once from the venv's bin folder, as the Quick
start puts it on PATH. The lines that export PDFs through LibreOffice (`--pdf`) run as a shell runs them
in a realclient test. `deckgen watch` runs until it watches, then gets Ctrl+C, as a user
stops it.
"""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from deckgen.progress import running_in_ci

from conftest import REPO
from realclient import soffice_available


def sh_block(path: Path, heading: str) -> list[str]:
    """Return the command lines of the first ```sh block after HEADING in PATH, as written."""
    text = "\n" + path.read_text(encoding="utf-8")
    section = text[text.index(f"\n{heading}\n") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def readme_commands() -> list[str]:
    return sh_block(REPO / "README.md", "## Usage")


def usage_commands() -> list[str]:
    return sh_block(REPO / "docs" / "usage.md", "# Using deckgen")


def needs_libreoffice(command: str) -> bool:
    return "--pdf" in command


def argv(command: str) -> list[str]:
    """Return COMMAND's arguments as a shell splits them; its trailing comment dropped."""
    return shlex.split(command, comments=True)


def test_the_usage_blocks_are_found_and_every_line_runs_deckgen():
    readme, usage = readme_commands(), usage_commands()
    assert len(readme) > 10 and len(usage) > len(readme)
    assert all(line.startswith("deckgen ") for line in usage), usage
    # the README's lines are run below as the manual's are: each one is in the manual's block
    assert [line for line in readme if line not in usage] == []


def test_the_usage_lines_are_plain_commands():
    """They run in-process, without a shell: no pipes, redirections or variables."""
    for command in usage_commands():
        code = command.split("  #", 1)[0]
        assert not re.search(r"[|<>;&$`]", code), command


def translate_everything(xlf: Path) -> None:
    """Stand in for the translator: every unit's target is its source."""
    tree = etree.parse(str(xlf))
    namespace = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    for unit in tree.iterfind(".//x:trans-unit", namespace):
        target = unit.find("x:target", namespace)
        if target is None:
            target = etree.SubElement(unit, f"{{{namespace['x']}}}target")
        target.text = unit.find("x:source", namespace).text
    tree.write(str(xlf), xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """Return a temporary copy of content/ and assets/, the working directory meanwhile."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_usage_commands_run_as_written(project_copy, deckgen):
    ran = 0
    for command in usage_commands():
        if needs_libreoffice(command) or command.startswith("deckgen watch"):
            continue  # test_the_libreoffice_usage_lines_run_as_written, test_the_watch_line_stops_on_ctrl_c
        if command.startswith("deckgen xliff import"):
            translate_everything(project_copy / "ru.xlf")
        result = deckgen(*argv(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
        ran += 1
    assert ran > 10


def venv_environment() -> dict[str, str]:
    """Return the environment of the Quick start: the venv's bin folder first on PATH."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "deckgen").exists():
        message = f"no deckgen command beside {sys.executable}: install deckgen in the venv (make setup)"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def default_sigint() -> None:
    """In the child: Ctrl+C as a terminal gives it, even when the tests run from a background shell.

    A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored across exec,
    so deckgen would never see the Ctrl+C the test sends.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_deckgen_is_on_path_after_the_quick_start(tmp_path):
    env = venv_environment()
    result = subprocess.run(
        ["deckgen", "--version"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("deckgen, version ")


def test_the_watch_line_stops_on_ctrl_c(project_copy):
    """A `deckgen watch` line runs until it watches; Ctrl+C stops it with exit code 0."""
    env = venv_environment()
    (command,) = [line for line in usage_commands() if line.startswith("deckgen watch")]
    args = argv(command)  # no shell between: Ctrl+C reaches deckgen itself
    args[0] = shutil.which(args[0], path=env["PATH"])
    process = subprocess.Popen(
        args,
        cwd=project_copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=default_sigint,
    )
    lines, rest = [], ""
    try:
        for line in process.stdout:
            lines.append(line)
            if line.startswith("watching "):
                break
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, f"{command}\n{''.join(lines)}{rest}"
    assert any(line.startswith("watching ") for line in lines), lines


@pytest.mark.realclient
def test_the_libreoffice_usage_lines_run_as_written(project_copy):
    env = venv_environment()
    if not soffice_available():
        if running_in_ci():
            pytest.fail("CI is set but soffice is missing", pytrace=False)
        pytest.skip("needs LibreOffice (soffice)")
    lines = [line for line in usage_commands() if needs_libreoffice(line)]
    assert len(lines) >= 2
    for command in lines:
        result = subprocess.run(
            command, shell=True, cwd=project_copy, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"


def test_make_deck_ends_with_the_line_to_activate_the_venv():
    """The Quick start's `make deck` tells how to get `deckgen` on PATH for the Usage commands."""
    if shutil.which("make") is None:
        pytest.skip("no make")
    # MAKEFLAGS and MAKELEVEL of a `make test` around this test would add "Entering directory" lines
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    dry = subprocess.run(["make", "-n", "deck"], cwd=REPO, capture_output=True, text=True, timeout=60, env=env)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.rstrip().splitlines()[-1] == 'echo "  . .venv/bin/activate"'
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "```sh\n. .venv/bin/activate\n```" in readme
    quick_start = readme[readme.index("## Quick start") : readme.index("## Usage")]
    assert re.search(r"```sh\nmake deck\nmake test\n```", quick_start), "the Quick start is two commands"
