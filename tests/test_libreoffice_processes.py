"""LibreOffice (`build --pdf`) that hangs, is interrupted or writes something else: nothing left running, no
folder left behind, one located message (issue 24). A fake `soffice` on PATH stands in for LibreOffice: like
the real one it starts a child (soffice.bin) that outlives it and re-creates the profile folder."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import deckgen.render.pdf as pdf

REPO = Path(__file__).parents[1]
LINUX = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="Linux's /proc")

FAKE_SOFFICE = r"""#!/bin/sh
# A stand-in for LibreOffice (these tests and bench/hostile_cases.py). deckgen's command:
# soffice -env:UserInstallation=file:///PROFILE --headless ... --outdir DIR DECK; FAKE_SOFFICE picks what it does
# (notpdf, pdf, hang) and FAKE_SOFFICE_PIDS, when set, names the file its processes' ids go to.
profile="${1#-env:UserInstallation=file://}"
for last; do :; done
stem=$(basename "$last" .pptx)
while [ "$#" -gt 0 ]; do [ "$1" = "--outdir" ] && outdir="$2"; shift; done
case "$FAKE_SOFFICE" in
  notpdf) printf 'this is no PDF' > "$outdir/$stem.pdf" ;;
  pdf) printf '%%PDF-1.7 fake' > "$outdir/$stem.pdf" ;;
  hang)
    # soffice.bin: outlives soffice and re-creates the profile folder
    ( while :; do mkdir -p "$profile/user"; sleep 0.05; done ) &
    pids="$FAKE_SOFFICE_PIDS"
    [ -z "$pids" ] || { echo "$$ $! $profile" > "$pids.tmp" && mv "$pids.tmp" "$pids"; }
    while :; do sleep 0.05; done ;;
esac
"""


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """Put the fake soffice first on PATH; return set(mode) -> the file its processes' ids go to."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text(FAKE_SOFFICE, encoding="utf-8")
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    pids = tmp_path / "soffice.pids"
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    def use(mode: str) -> Path:
        monkeypatch.setenv("FAKE_SOFFICE", mode)
        return pids

    yield use
    if pids.exists():  # a failed test must not leave its fake LibreOffice running
        for pid in pids.read_text().split()[:2]:
            try:  # only if that number is still the fake's, not a process that got it since
                if str(bin_dir) in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(predicate, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def assert_nothing_left(pids: Path, temp: Path) -> None:
    """Every fake LibreOffice process has ended, and no deckgen-* folder is left in TMPDIR."""
    soffice, soffice_bin, profile = pids.read_text().split()
    assert not alive(int(soffice)) and not alive(int(soffice_bin))
    time.sleep(0.2)  # a soffice.bin still running would re-create its profile by now
    assert not Path(profile).exists()
    assert sorted(p.name for p in temp.iterdir()) == []


@LINUX
def test_a_hanging_libreoffice_is_stopped_with_every_process_and_its_profile(
    fake_soffice, make_content, deckgen, monkeypatch, tmp_path
):
    pids = fake_soffice("hang")
    make_content()
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)
    result = deckgen("build", "deck", "-o", "out/x.pptx", "--pdf")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "out/x.pdf: LibreOffice did not finish the PDF in 1 second; it was stopped, and no PDF was written"
    )
    assert sorted(p.name for p in Path("out").iterdir()) == ["x.pptx"]
    assert_nothing_left(pids, tmp_path / "tmp")


def test_the_default_timeout_is_about_two_minutes():
    """A LibreOffice that hangs is given up within 60-120 s, not the 5 minutes of before."""
    assert 60 <= pdf.TIMEOUT_SECONDS <= 120


@LINUX
def test_ctrl_c_while_libreoffice_runs_ends_it_too(fake_soffice, make_content, deckgen, tmp_path):
    pids = fake_soffice("hang")
    make_content()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as at a terminal
    timer = None
    try:
        import threading

        def interrupt_when_running():
            if wait_for(pids.exists):
                os.kill(os.getpid(), signal.SIGINT)

        timer = threading.Thread(target=interrupt_when_running, daemon=True)
        timer.start()
        result = deckgen("build", "deck", "-o", "x.pptx", "--pdf")
    finally:
        if timer is not None:
            timer.join(timeout=60)
        signal.signal(signal.SIGINT, previous)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (130, "interrupted; nothing half written")
    assert not Path("x.pdf").exists()
    assert_nothing_left(pids, tmp_path / "tmp")


@LINUX
def test_sigterm_to_deckgen_ends_libreoffice_and_removes_its_folders(fake_soffice, make_content, tmp_path):
    pids = fake_soffice("hang")
    make_content()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    build = subprocess.Popen(
        [sys.executable, "-m", "deckgen", "build", "deck", "-o", "h.pptx", "--pdf"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(pids.exists, 120), build.communicate(timeout=60)
        build.send_signal(signal.SIGTERM)
        out, err = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert (build.returncode, err) == (130, "interrupted; nothing half written\n")
    assert not Path("h.pdf").exists()
    assert_nothing_left(pids, tmp_path / "tmp")


def test_output_that_is_not_a_pdf_is_refused(fake_soffice, make_content, deckgen, tmp_path):
    fake_soffice("notpdf")
    make_content()
    result = deckgen("build", "deck", "-o", "out/h.pptx", "--pdf")
    assert result.exit_code == 1
    assert result.stderr == (
        "out/h.pdf: LibreOffice wrote something that is not a PDF (it does not start with %PDF-); no PDF was written\n"
    )
    assert not Path("out/h.pdf").exists()
    assert sorted(p.name for p in (tmp_path / "tmp").iterdir()) == []


def test_a_pdf_is_taken(fake_soffice, make_content, deckgen):
    """The check above refuses what is not a PDF, and only that."""
    fake_soffice("pdf")
    make_content()
    result = deckgen("build", "deck", "-o", "out/h.pptx", "--pdf")
    assert result.exit_code == 0, result.output
    assert Path("out/h.pdf").read_bytes() == b"%PDF-1.7 fake"
