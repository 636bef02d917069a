"""The benchmark's regression check: ratios measured in one run against the documented figures.

The check itself (parsing the documented table, flagging a ratio 20% worse) is tested here on every
run; the benchmark (minutes of builds) runs only under `make bench`, which sets DECKGEN_BENCH=1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402

DOCUMENTED = ROOT / "docs" / "performance.md"


def test_the_documented_table_has_every_case():
    figures = run.documented(DOCUMENTED)
    assert {"coalition", "content", "175", "350", "warm coalition", "warm 175", "handout"} <= set(figures)
    assert set(figures["coalition"]) == {"peer", "floor"}
    assert set(figures["warm 175"]) == {"floor", "cold"}
    assert figures["350 / 175"]["growth"] > 1


def test_a_ratio_more_than_20_percent_worse_fails_and_less_passes():
    expected = {"coalition": {"peer": 0.50, "floor": 4.0}, "350 / 175": {"growth": 2.0}}
    assert run.regressions({"coalition": {"peer": 0.59, "floor": 4.7}, "350 / 175": {"growth": 2.3}}, expected) == []
    worse = run.regressions({"coalition": {"peer": 0.61, "floor": 4.0}, "350 / 175": {"growth": 2.5}}, expected)
    assert worse == [
        "coalition: deckgen / peer is 0.61, documented 0.50 (more than 20% worse)",
        "350 / 175: deckgen / growth is 2.50, documented 2.00 (more than 20% worse)",
    ]


@pytest.mark.bench
@pytest.mark.skipif(os.environ.get("DECKGEN_BENCH") != "1", reason="the benchmark runs under make bench")
def test_no_ratio_regressed_against_the_documented_figures(capsys):
    repeat = os.environ.get("BENCH_REPEAT", "3")
    status = run.main(["--repeat", repeat, "--check", str(DOCUMENTED)])
    out, err = capsys.readouterr()
    print(out)
    assert status == 0, err


def test_a_ratio_over_by_less_than_the_machines_noise_in_seconds_passes():
    # The warm build: 0.12 s against a cold 1.0 s, documented 0.11. Measured at 0.17 s (ratio 0.17): 0.038 s
    # above the tolerated 0.132 s, within what runs of the same code differ by on the shared machine.
    expected = {"warm coalition": {"cold": 0.11}, "coalition": {"peer": 0.50}}
    measured = {"warm coalition": {"cold": 0.17}, "coalition": {"peer": 0.70}}
    bases = {"warm coalition": {"cold": 1.0}, "coalition": {"peer": 2.0}}
    # The coalition build at 0.70 of a 2 s peer: 0.2 s above the tolerated 0.60, a regression.
    assert run.regressions(measured, expected, bases) == [
        "coalition: deckgen / peer is 0.70, documented 0.50 (more than 20% worse)"
    ]
    assert len(run.regressions(measured, expected)) == 2  # ratios alone: both


def test_a_case_the_peer_builds_is_checked_against_the_peer_not_the_floor():
    # The same code on a busier machine: the 175-slide build and the peer's both slower, the start-up not.
    expected = {"175": {"peer": 0.28, "floor": 5.65}, "handout": {"floor": 2.35}}
    measured = {"175": {"peer": 0.23, "floor": 7.37}, "handout": {"floor": 3.20}}
    bases = {"175": {"peer": 11.13, "floor": 0.35}, "handout": {"floor": 0.35}}
    assert run.regressions(measured, expected, bases) == [
        "handout: deckgen / floor is 3.20, documented 2.35 (more than 20% worse)"
    ]
