"""The build-time benchmark: deckgen against the hand-written peer and the floor, side by side in one run.

    python bench/run.py                          # every case, 3 times each; prints a Markdown table
    python bench/run.py --repeat 5
    python bench/run.py --check docs/performance.md   # also fail when a ratio regressed (make bench)

Cases, each built in a fresh Python process, deckgen and the peer (bench/peer.py)
alternating, REPEAT times:

- coalition: `deckgen build content/en --format report`, cold (an empty cache folder): the report layout,
  the slides the peer makes (content/en's deck.yaml asks for the short statement);
- content: `deckgen build content --format report` (three languages), cold; the peer builds the three one after another;
- 175 and 350: generated decks of about that many slides (bench/generate.py), cold;
- warm coalition / warm 175: the same build again with the caches a first build filled;
- handout: `deckgen handout content/en`, cold: Typst typesets it, sized with ru and kk (the peer has none);
- handouts: `deckgen handout content`, the three languages' handouts.

The floor is a fresh process that imports deckgen and writes an empty deck with python-pptx:
what no build can go below. Each case is reported as CPU seconds (user + system of the process and
the processes it waited for, from getrusage(RUSAGE_CHILDREN) around it) and wall seconds, and as ratios
to the peer and to the floor, the fastest of the runs (busy neighbours only ever add time). CPU time is
what the ratios use: on a shared machine wall time measures the neighbours too. A warm rebuild's ratio is
to its cold build.

With --check FILE, the ratios are compared with the ones in FILE's table (the documented figures): a
ratio more than 20% above its documented figure fails the run (exit 1), unless the excess stands for no
more than NOISE_SECONDS of CPU. Ratios, not seconds, are compared,
and both sides of each ratio are measured in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
ASSETS = REPO / "assets"
CONTENT = REPO / "content"
SIZES = (175, 350)
REPEAT_FINDINGS = 3
"""Generated issues have content/en's findings three times: about 10 slides each, within a deck's 100 issues."""
TOLERANCE = 1.2
"""A ratio may be this much above its documented figure before --check fails."""
NOISE_SECONDS = 0.08
"""...and the CPU seconds it stands for must exceed the documented figure's by more than this: runs of the same
code on this shared machine differ by that much (the warm coalition build took 0.12-0.20 s, the floor
0.33-0.41 s), so 20% of a small quantity is noise, not a regression."""


def child(argv: list[str]) -> None:
    """Run one case in this process: floor, peer CONTENT... OUT, or deckgen ARGS... (the CLI's)."""
    if argv[0] == "floor":
        from pptx import Presentation

        import deckgen  # noqa: F401

        Presentation().save(argv[1])
    elif argv[0] == "peer":
        sys.path.insert(0, str(BENCH))
        from peer import build

        out = Path(argv[-1])
        for k, content in enumerate(argv[1:-1]):
            build(Path(content), out.with_name(f"{out.stem}-{k}.pptx"), ASSETS)
    else:
        # As the `deckgen` command runs: its entry point, deckgen.cli.main (which exits when the command ends).
        from deckgen.cli import main

        sys.argv = ["deckgen", *argv[1:]]
        main()


def measure(argv: list[str], cache: Path) -> dict[str, float]:
    """Return the CPU and wall seconds of one fresh process running child(ARGV) with CACHE as its cache folder."""
    # Byte code is written (and read) as on a user's machine: with PYTHONDONTWRITEBYTECODE set (as some
    # shells and CI do), every run would compile deckgen's modules afresh, while the peer's libraries come
    # compiled from pip. The first, untimed build of each case (_slide_counts) writes it.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(REPO), DECKGEN_CACHE_DIR=str(cache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *argv], env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"cpu": cpu, "wall": wall}


def cases(work: Path) -> dict[str, tuple[list[str], list[str] | None]]:
    """Return each case's deckgen child argv and the peer's (None: the peer has no such case)."""
    from bench.generate import generate, slides_per_template

    per_template = slides_per_template(REPEAT_FINDINGS)
    out = work / "out"
    out.mkdir()
    common = ["--assets", str(ASSETS), "-q"]
    # The report layout: the slides the peer makes (content/en's deck.yaml asks for the 5-slide statement).
    report = ["--format", "report"]
    langs = [str(CONTENT / lang) for lang in ("en", "ru", "kk")]
    table: dict[str, tuple[list[str], list[str] | None]] = {
        "coalition": (
            ["deckgen", "build", langs[0], "-o", str(out / "c.pptx"), *report, *common],
            ["peer", langs[0], str(out / "pc.pptx")],
        ),
        "content": (
            ["deckgen", "build", str(CONTENT), "-o", str(out / "all"), *report, *common],
            ["peer", *langs, str(out / "pall.pptx")],
        ),
    }
    for size in SIZES:
        folder = work / f"set-{size}"
        generate(size, folder, per_template, REPEAT_FINDINGS)
        table[str(size)] = (
            ["deckgen", "build", str(folder), "-o", str(out / f"{size}.pptx"), *common],
            ["peer", str(folder), str(out / f"p{size}.pptx")],
        )
    table["handout"] = (["deckgen", "handout", langs[0], "-o", str(out / "h.pdf"), *common], None)
    table["handouts"] = (["deckgen", "handout", str(CONTENT), "-o", str(out / "handouts"), *common], None)
    return table


WARM = {"warm coalition": "coalition", f"warm {SIZES[0]}": str(SIZES[0])}


def run(repeat: int) -> tuple[dict[str, list[dict[str, float]]], dict[str, int]]:
    """Return every case's measurements (deckgen under its name, the peer under 'peer NAME') and slide counts."""
    sys.path.insert(0, str(REPO))
    results: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="deckgen-bench-") as tmp:
        work = Path(tmp)
        table = cases(work)
        slides = _slide_counts(work / "out", table)
        for k in range(1, repeat + 1):
            print(f"run {k}/{repeat} ...", file=sys.stderr, flush=True)
            results.setdefault("floor", []).append(measure(["floor", str(work / "floor.pptx")], _fresh(work)))
            for name, (ours, peer) in table.items():
                cache = _fresh(work)
                results.setdefault(name, []).append(measure(ours, cache))
                if peer:
                    results.setdefault(f"peer {name}", []).append(measure(peer, _fresh(work)))
                for warm, cold in WARM.items():
                    if cold == name:
                        results.setdefault(warm, []).append(measure(ours, cache))  # the cache the cold build filled
    return results, slides


def _fresh(work: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix="cache-", dir=work))


def _slide_counts(out: Path, table: dict[str, tuple[list[str], list[str] | None]]) -> dict[str, int]:
    """Build each deck case once (not timed: it also warms the disk cache) and count its slides."""
    from pptx import Presentation

    counts = {}
    for name, (ours, _peer) in table.items():
        if name.startswith("handout"):
            continue
        measure(ours, _fresh(out.parent))
        target = Path(ours[ours.index("-o") + 1])
        decks = sorted(target.glob("*.pptx")) if target.is_dir() else [target]
        counts[name] = sum(len(Presentation(str(d)).slides) for d in decks)
        if target.is_dir():
            shutil.rmtree(target)
    return counts


def ratios(results: dict[str, list[dict[str, float]]]) -> dict[str, dict[str, float]]:
    """Return per case its CPU ratio to the peer (or, warm, to its cold build) and to the floor."""
    return {case: {key: mine / base for key, (mine, base) in row.items()} for case, row in _sides(results).items()}


def _sides(results: dict[str, list[dict[str, float]]]) -> dict[str, dict[str, tuple[float, float]]]:
    """Return per case and ratio the CPU seconds of its two sides: (deckgen's, what it is compared with)."""

    def cpu(name: str) -> float:
        return min(r["cpu"] for r in results[name])

    out: dict[str, dict[str, tuple[float, float]]] = {}
    for name in results:
        if name == "floor" or name.startswith("peer "):
            continue
        row = {"floor": (cpu(name), cpu("floor"))}
        if f"peer {name}" in results:
            row["peer"] = (cpu(name), cpu(f"peer {name}"))
        if name in WARM:
            row["cold"] = (cpu(name), cpu(WARM[name]))
        out[name] = row
    big, small = (str(s) for s in SIZES[::-1])
    out[f"{big} / {small}"] = {"growth": (cpu(big), cpu(small))}
    return out


def report(results: dict[str, list[dict[str, float]]], slides: dict[str, int], repeat: int) -> str:
    """Return the Markdown table of RESULTS."""

    def fastest(name: str, key: str) -> float:
        return min(r[key] for r in results[name])

    rows = ratios(results)
    lines = [
        f"Fastest of {repeat} run(s), each build in a fresh process; CPU = user + system seconds of the "
        f"build and its child processes; {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "| case | slides | deckgen CPU s (wall) | peer CPU s (wall) | deckgen / peer | deckgen / floor | warm / cold |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in results:
        if name.startswith("peer ") or name == "floor":
            continue
        peer = (
            f"{fastest('peer ' + name, 'cpu'):.2f} ({fastest('peer ' + name, 'wall'):.2f})"
            if f"peer {name}" in results
            else "–"
        )
        row = rows[name]
        count = slides.get(WARM.get(name, name), "–")
        lines.append(
            f"| {name} | {count} | {fastest(name, 'cpu'):.2f} ({fastest(name, 'wall'):.2f}) | {peer} | "
            + " | ".join(f"{row[k]:.2f}" if k in row else "–" for k in ("peer", "floor", "cold"))
            + " |"
        )
    lines.append(f"| floor | – | {fastest('floor', 'cpu'):.2f} ({fastest('floor', 'wall'):.2f}) | – | – | 1.00 | – |")
    growth = [k for k in rows if "/" in k][0]
    lines += [
        "",
        f"Growth: {growth} slides, deckgen CPU {rows[growth]['growth']:.2f}; "
        f"peer {fastest('peer ' + growth.split(' / ')[0], 'cpu') / fastest('peer ' + growth.split(' / ')[1], 'cpu'):.2f}.",
    ]
    return "\n".join(lines)


def documented(path: Path) -> dict[str, dict[str, float]]:
    """Return the ratios of the first bench table in PATH (as report() writes it) and the growth line after it."""
    found: dict[str, dict[str, float]] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if line.startswith("| case | slides |"):
            break
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            break
        if len(cells) == 7 and cells[0] != "floor" and not cells[0].startswith("---"):
            found[cells[0]] = {k: float(v) for k, v in zip(("peer", "floor", "cold"), cells[4:]) if v != "–"}
    for line in lines:
        growth = re.match(r"Growth: (\d+ / \d+) slides, deckgen CPU ([\d.]+)", line)
        if growth:
            found[growth[1]] = {"growth": float(growth[2])}
            break
    return found


def regressions(
    measured: dict[str, dict[str, float]],
    expected: dict[str, dict[str, float]],
    bases: dict[str, dict[str, float]] | None = None,
) -> list[str]:
    """Return a line per ratio of MEASURED more than TOLERANCE times its figure in EXPECTED.

    With BASES (per case and ratio, the CPU seconds of the side deckgen is compared with), a ratio that
    is over only by what stands for NOISE_SECONDS or less is not a regression.

    A case the peer also builds is checked by its ratio to the peer, not to the floor. The floor is a
    start-up, bound by imports; a build of many slides is bound by computing, and the two move apart with
    the shared machine's state: two runs of the same code gave the peer's 175-slide deck 7.94 and 11.13 s
    with the floor at 0.39 and 0.35 s, so deckgen / floor rose from 5.65 to 7.37 while deckgen / peer
    stayed at 0.23-0.28. The peer is built the same way in the same run, so its ratio keeps only what
    deckgen changed. The cases the peer does not make (the handouts, the warm builds) keep their floor ratio.
    """
    out = []
    for case, row in expected.items():
        for key, figure in row.items():
            if key == "floor" and "peer" in row:
                continue  # the peer's ratio speaks for it (see above)
            now = measured.get(case, {}).get(key)
            if now is None or now <= figure * TOLERANCE:
                continue
            base = (bases or {}).get(case, {}).get(key)
            if base is not None and (now - figure * TOLERANCE) * base <= NOISE_SECONDS:
                continue
            out.append(f"{case}: deckgen / {key} is {now:.2f}, documented {figure:.2f} (more than 20% worse)")
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print its table; with --check, return 1 when a ratio regressed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs of every case (default 3)")
    parser.add_argument("--check", type=Path, metavar="FILE", help="fail when a ratio is 20%% worse than FILE's table")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the measurements to FILE")
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    results, slides = run(args.repeat)
    print(report(results, slides, args.repeat))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "slides": slides}, indent=1), encoding="utf-8")
    if args.check:
        bases = {case: {key: base for key, (_, base) in row.items()} for case, row in _sides(results).items()}
        worse = regressions(ratios(results), documented(args.check), bases)
        for line in worse:
            print(f"regressed: {line}", file=sys.stderr)
        return 1 if worse else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
