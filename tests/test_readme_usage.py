"""The README's Usage commands, run as written after the Quick start: `deckgen` on PATH from the venv.

The ```sh block of the Usage section is run line by line by a shell, in a temporary
copy of content/ and assets/, with the bin folder of the Python running the tests
(the venv `make deck` makes) first on PATH. Each command must exit 0. `--pdf` needs
LibreOffice: skipped without it locally, failed in CI, as the other realclient tests.
`deckgen watch` runs until it watches, then gets Ctrl+C, as a user stops it.
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


def usage_commands() -> list[str]:
    """Return the command lines of the README's Usage ```sh block, as written."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    usage = readme[readme.index("\n## Usage\n"):]
    block = re.search(r"```sh\n(.*?)```", usage, re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_usage_block_is_found_and_every_line_runs_deckgen():
    commands = usage_commands()
    assert len(commands) > 10
    assert all(line.startswith("deckgen ") for line in commands), commands


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


def test_the_readme_usage_commands_run_as_written(tmp_path):
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "deckgen").exists():
        message = f"no deckgen command beside {sys.executable}: install deckgen in the venv (make setup)"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    shutil.copytree(REPO / "content", tmp_path / "content")
    shutil.copytree(REPO / "assets", tmp_path / "assets")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in usage_commands():
        if "--pdf" in command and not soffice_available():
            if running_in_ci():
                pytest.fail(f"CI is set but soffice is missing for: {command}", pytrace=False)
            continue
        if command.startswith("deckgen xliff import"):
            translate_everything(tmp_path / "ru.xlf")
        if command.startswith("deckgen watch"):
            run_watch(command, tmp_path, env)
            continue
        result = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=300)
        assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"


def run_watch(command: str, cwd: Path, env: dict) -> None:
    """Run a `deckgen watch` line until it watches, then stop it with Ctrl+C: exit code 0."""
    argv = shlex.split(command, comments=True)  # no shell between: Ctrl+C reaches deckgen itself
    argv[0] = shutil.which(argv[0], path=env["PATH"])
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("watching "):
                break
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, f"{command}\n{''.join(lines)}{rest}"
    assert any(line.startswith("watching ") for line in lines), lines


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
