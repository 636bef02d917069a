"""The build-time benchmark: deckgen against the hand-written peer, side by side in one run.

Per size it generates a content set (bench/generate.py), then builds it with
deckgen and with the peer (bench/peer.py), each build in a fresh Python
process, alternating, REPEAT times, and prints a Markdown table of medians
and peak memory, and the ratios the project holds itself to:

    python bench/run.py                 # 100, 500, 1000 and 2000 slides and the coalition deck, 3 times each
    python bench/run.py --quick         # 100 and 200 slides, once
    python bench/run.py --sizes 500 --repeat 5

Every deckgen build is cold: the chart cache (DECKGEN_CACHE_DIR) is a new
empty folder. Where deckgen has a chart cache, a warm rebuild of the 500-slide
deck is timed too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
ASSETS = REPO / "assets"
COALITION = REPO / "content" / "en"
WARM_SIZE = 500


def child(tool: str, content: Path, output: Path) -> None:
    """Build one deck with TOOL in this process; print its time, peak memory and slides as JSON."""
    start = time.perf_counter()  # imports count: a cold build pays for them
    if tool == "deckgen":
        # As a user runs it: the deckgen command, which starts the chart process before its heavy imports.
        from deckgen.cli import cli

        cli.main(["build", str(content), "-o", str(output), "--assets", str(ASSETS)], prog_name="deckgen",
                 standalone_mode=False)
        seconds = time.perf_counter() - start
        from pptx import Presentation

        slides = len(Presentation(str(output)).slides)
    else:
        sys.path.insert(0, str(BENCH))
        from peer import build

        slides = build(content, output, ASSETS)
        seconds = time.perf_counter() - start
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime  # chart workers, if any
    peak_kb = own.ru_maxrss + workers.ru_maxrss
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024, "slides": slides}))


def measure(tool: str, content: Path, work: Path, cache: Path | None = None) -> dict:
    """Return one build's measurements, from a fresh process; CACHE is deckgen's chart cache (new if None)."""
    cache = cache or Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    env = {**os.environ, "PYTHONPATH": str(REPO), "DECKGEN_CACHE_DIR": str(cache)}
    output = work / f"{tool}.pptx"
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", tool, str(content), str(output)],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{tool} failed on {content}:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000, 2000], metavar="SLIDES")
    parser.add_argument("--repeat", type=int, default=3, help="builds per tool and size (default 3)")
    parser.add_argument("--quick", action="store_true", help="100 and 200 slides, once: a smoke run")
    parser.add_argument("--child", nargs=3, metavar=("TOOL", "CONTENT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    if args.quick:
        args.sizes, args.repeat = [100, 200], 1

    sys.path.insert(0, str(REPO))
    from bench.generate import generate, slides_per_template

    with tempfile.TemporaryDirectory(prefix="deckgen-bench-") as tmp:
        work = Path(tmp)
        per_template = slides_per_template()
        sets = {"coalition": COALITION}
        for size in sorted(args.sizes):
            generate(size, work / f"set-{size}", per_template)
            sets[size] = work / f"set-{size}"
        results: dict[tuple[str, object], list[dict]] = {}
        warm: list[float] = []
        for run in range(1, args.repeat + 1):
            for name, content in sets.items():
                print(f"run {run}/{args.repeat}: {name} ...", file=sys.stderr, flush=True)
                for tool in ("deckgen", "peer"):
                    results.setdefault((tool, name), []).append(measure(tool, content, work))
                if name == WARM_SIZE:
                    warm += _warm_rebuild(content, work)
        print(_report(sets, results, warm, args.repeat))


def _warm_rebuild(content: Path, work: Path) -> list[float]:
    """Return the time of a rebuild whose chart cache a first build filled, or nothing if there is no cache."""
    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
    measure("deckgen", content, work, cache)
    if not any(cache.iterdir()):
        return []
    return [measure("deckgen", content, work, cache)["seconds"]]


def _report(sets, results, warm: list[float], repeat: int) -> str:
    def median(tool, name, key="seconds"):
        return statistics.median(r[key] for r in results[(tool, name)])

    def ratio(tool_a, name_a, tool_b, name_b):
        return " / ".join(f"{median(tool_a, name_a, key) / median(tool_b, name_b, key):.2f}" for key in ("seconds", "cpu"))

    lines = [f"Medians of {repeat} cold build(s) per tool and deck, each in a fresh process; time is wall clock "
             f"(and CPU); {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.machine()}.", "",
             "| deck | slides | deckgen s (CPU s) | deckgen peak MB | peer s (CPU s) | peer peak MB | deckgen / peer (CPU) |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name in sets:
        slides = results[("deckgen", name)][0]["slides"]
        label = "coalition (content/en)" if name == "coalition" else f"generated, {name}"
        ours, peer = median("deckgen", name), median("peer", name)
        ours_cpu, peer_cpu = median("deckgen", name, "cpu"), median("peer", name, "cpu")
        lines.append(f"| {label} | {slides} | {ours:.1f} ({ours_cpu:.1f}) | {median('deckgen', name, 'peak_mb'):.0f} | "
                     f"{peer:.1f} ({peer_cpu:.1f}) | {median('peer', name, 'peak_mb'):.0f} | "
                     f"{ours / peer:.2f} ({ours_cpu / peer_cpu:.2f}) |")
    lines += ["", "Ratios, wall clock / CPU:"]
    sizes = [name for name in sets if name != "coalition"]
    for size in sizes:
        if 2 * size in sizes:
            lines.append(f"- {2 * size} / {size} slides: deckgen {ratio('deckgen', 2 * size, 'deckgen', size)} "
                         f"(goal: at most 2.2), peer {ratio('peer', 2 * size, 'peer', size)}")
    if WARM_SIZE in sizes:
        lines.append(f"- deckgen / peer at {WARM_SIZE} slides: {ratio('deckgen', WARM_SIZE, 'peer', WARM_SIZE)} "
                     f"(goal: below 1; aim 0.5)")
    lines.append(f"- deckgen / peer on the coalition deck: {ratio('deckgen', 'coalition', 'peer', 'coalition')} "
                 f"(goal: at most 1)")
    if WARM_SIZE in sizes:
        lines.append(f"- warm rebuild at {WARM_SIZE} slides (chart cache filled): " +
                     (f"{statistics.median(warm):.2f} s" if warm else "not measured: this build has no chart cache"))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
