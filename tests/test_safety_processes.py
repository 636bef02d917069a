"""Hostile and unlucky runs: chart processes end with their build, Ctrl+C ends any command with one line and
exit 130, watch resumes when its content folder comes back (issue 12)."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from deckgen.watch import watch

from conftest import VALID_ISSUE

REPO = Path(__file__).parents[1]


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def default_sigint() -> None:
    """In the child: Ctrl+C as a terminal gives it, even when the tests run from a background shell.

    A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored across exec.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


LINUX = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="Linux's /proc")


@LINUX
def test_a_build_starts_no_other_process(make_content):
    """Charts are slide shapes: no chart process to leave behind when a build is killed."""
    content = make_content()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    build = subprocess.Popen(
        [sys.executable, "-m", "deckgen", "build", str(content), "-o", "x.pptx", "--no-cache"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen: set[int] = set()
    while build.poll() is None:
        try:
            seen.update(_children(build.pid))
        except OSError:
            break  # it ended between the poll and the look
        time.sleep(0.005)
    assert build.wait() == 0
    assert seen == set()


def _cpu_seconds(pid: int) -> float:
    """Return the CPU time PID has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@LINUX
def test_a_real_ctrl_c_prints_no_traceback(make_content):
    content = make_content(
        {f"issues/0{i}-x.yaml": VALID_ISSUE.replace("implemented: 2", f"implemented: {i}") for i in range(2, 8)}
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    build = subprocess.Popen(
        [sys.executable, "-m", "deckgen", "build", str(content), "-o", "x.pptx", "--no-cache"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=default_sigint,
    )
    deadline = time.monotonic() + 30
    try:
        while build.poll() is None and _cpu_seconds(build.pid) < 0.4 and time.monotonic() < deadline:
            time.sleep(0.005)  # until the command runs: its imports are done
        os.killpg(build.pid, signal.SIGINT)  # as a terminal sends it: to the build's process group
    except (OSError, ProcessLookupError):
        pass  # it ended already
    out, err = build.communicate(timeout=60)
    if build.returncode == 0:
        pytest.skip("the build finished before Ctrl+C")
    # 130 from deckgen's own handler; -SIGINT when the interrupt lands while Python shuts down, which a
    # shell reports as 130 too. Either way: one line, no traceback.
    assert build.returncode in (130, -signal.SIGINT), err
    assert err == "interrupted; nothing half written\n"
    assert not Path("x.pptx").exists()


def test_watch_resumes_when_its_folder_comes_back(make_content, tmp_path):
    """A git checkout or a sync tool deletes the folder and writes it again: watching goes on."""
    make_content()
    lines: list[str] = []
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch,
        args=(Path("deck"),),
        kwargs={"echo": lambda message="", err=False: lines.append(str(message)), "stop_event": stop},
        daemon=True,
    )
    watcher.start()

    def wait_for(predicate, what):
        deadline = time.monotonic() + 60
        while not predicate():
            assert time.monotonic() < deadline, (what, lines)
            time.sleep(0.05)

    try:
        wait_for(lambda: any(line.startswith("watching") for line in lines), "watching")
        time.sleep(0.5)
        shutil.copytree("deck", tmp_path / "deck.copy")
        shutil.rmtree("deck")
        wait_for(lambda: "deck went away; waiting for it to come back" in lines, "went away")
        shutil.move(tmp_path / "deck.copy", "deck")
        wait_for(lambda: sum(line.startswith("rebuilt") for line in lines) >= 1, "rebuilt when back")
        time.sleep(0.5)
        rebuilt = sum(line.startswith("rebuilt") for line in lines)
        make_content({"issues/01-a.yaml": VALID_ISSUE.replace("rights", "welfare")})
        wait_for(lambda: sum(line.startswith("rebuilt") for line in lines) > rebuilt, "rebuilt after an edit")
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()


def _interrupt_turned_into(error_type):
    """Return a stage that is hit by Ctrl+C and, as pydantic-core does while a model's validator is built,
    turns the KeyboardInterrupt into an error of its own."""
    import deckgen.cli as cli_module

    def stage(*args, **kwargs):
        try:
            cli_module._on_ctrl_c(signal.SIGINT, None)
        except KeyboardInterrupt:
            raise error_type("Error building 'model' validator: KeyboardInterrupt") from None

    return stage


def test_ctrl_c_that_a_library_turns_into_its_own_error_still_ends_in_one_line(make_content, monkeypatch):
    """Seen in CI: Ctrl+C while a lazily imported model was built gave pydantic's SchemaError, a traceback and
    exit 1. Any error that follows Ctrl+C is the interrupt: one line, exit 130."""
    from click.testing import CliRunner

    import deckgen.build
    import deckgen.cli as cli_module

    monkeypatch.setattr(cli_module, "_ctrl_c", [])
    monkeypatch.setattr(deckgen.build, "build_decks", _interrupt_turned_into(RuntimeError))
    result = CliRunner().invoke(cli_module.cli, ["build", str(make_content()), "-o", "x.pptx"], prog_name="deckgen")
    assert result.exit_code == 130
    assert result.stderr == "interrupted; nothing half written\n"
    assert "Traceback" not in result.output and not Path("x.pptx").exists()


def test_an_error_with_no_ctrl_c_before_it_is_not_called_an_interrupt(make_content, monkeypatch):
    import deckgen.build
    import deckgen.cli as cli_module

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli_module, "_ctrl_c", [])
    monkeypatch.setattr(deckgen.build, "build_decks", broken)
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # leave pytest's own Ctrl+C handler alone
    monkeypatch.setattr(sys, "argv", ["deckgen", "build", str(make_content()), "-o", "x.pptx"])
    with pytest.raises(RuntimeError, match="a bug"):
        cli_module.main()


def test_ctrl_c_while_modules_load_outside_a_command_exits_130_in_one_line(monkeypatch, capsys):
    import deckgen.cli as cli_module

    monkeypatch.setattr(cli_module, "_ctrl_c", [])
    monkeypatch.setattr(cli_module, "cli", _interrupt_turned_into(ValueError))
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # leave pytest's own Ctrl+C handler alone
    with pytest.raises(SystemExit) as ended:
        cli_module.main()
    assert ended.value.code == 130
    assert capsys.readouterr().err == "interrupted; nothing half written\n"
