"""Chart stage timings: cold vs warm build of a ~500-slide deck, serial vs parallel, validate start-up.

Run from the repository root:  python bench/chart_cache.py [--issues 150] [--runs 10]
It builds a content set in a temporary folder by copying content/en's issues
under new names, each copy with its own total so every chart differs, and
points DECKGEN_CACHE_DIR at a temporary folder (the user's cache is untouched).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_content(target: Path, issues: int) -> Path:
    """Return a content set under TARGET with ISSUES issues, all charts distinct."""
    shutil.copytree(ROOT / "assets", target / "assets")
    deck = target / "deck"
    (deck / "issues").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "en" / "deck.yaml", deck / "deck.yaml")
    sources = sorted((ROOT / "content" / "en" / "issues").glob("*.yaml"))
    for n in range(issues):
        text = sources[n % len(sources)].read_text(encoding="utf-8")
        # A larger, approximate total: a new caption and bar lengths, still valid.
        text = re.sub(r"^  total: (\d+)$", lambda m, n=n: f"  total: {int(m[1]) + n}\n  approximate: true",
                      text, count=1, flags=re.M)
        text = text.replace("  approximate: true\n  approximate: true", "  approximate: true")
        (deck / "issues" / f"{n:03d}-{sources[n % len(sources)].stem[3:]}.yaml").write_text(text, encoding="utf-8")
    return deck


def timed(code: str, env: dict[str, str]) -> float:
    """Return the seconds a fresh Python takes to run CODE."""
    return run(code, env)[0]


def run(code: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Return the wall seconds, CPU seconds (all processes) and output of a fresh Python running CODE.

    CPU time barely moves when other work shares the machine; wall time does.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT, capture_output=True,
                          text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stdout.strip()


STAGE = """
import time
from deckgen.prepare import prepare
from deckgen.render.chart_cache import chart_pngs, deck_charts
charts = deck_charts(prepare({deck!r}).plan)
start = time.perf_counter()
chart_pngs(charts, cache={cache}, workers={workers})
print(f"{{time.perf_counter() - start:.2f}}")
"""


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=150)
    parser.add_argument("--runs", type=int, default=10, help="runs per start-up median")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deckgen-bench-") as work:
        work = Path(work)
        deck = make_content(work, args.issues)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}

        def build(cache_name: str, extra: str = "") -> tuple[float, float, str]:
            env_cache = {**env, "DECKGEN_CACHE_DIR": str(work / cache_name)}
            return run("from deckgen.build import BuildOptions, build; "
                       f"r = build({str(deck)!r}, {str(work / 'out.pptx')!r}, BuildOptions({extra})); "
                       "print(r.slides)", env_cache)

        def stage(cache_name: str, cache: bool, workers: int | None) -> str:
            env_cache = {**env, "DECKGEN_CACHE_DIR": str(work / cache_name)}
            return run(STAGE.format(deck=str(deck), cache=cache, workers=workers), env_cache)[2]

        slides = subprocess.run([sys.executable, "-m", "deckgen", "validate", str(deck)], env=env,
                                capture_output=True, text=True, check=True).stdout.strip()
        print(f"content: {slides}")
        rows = [("cold build, auto workers", build("cache-a"))]
        warm = sorted((build("cache-a") for _ in range(3)), key=lambda r: r[0])
        rows.append(("warm build (median of 3)", warm[1]))
        rows.append(("cold build, workers=1", build("cache-b", "workers=1")))
        rows.append(("build with cache=False", build("cache-c", "cache=False")))
        for name, (wall, cpu, _) in rows:
            print(f"{name:26} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
        print(f"warm / cold: wall {rows[1][1][0] / rows[0][1][0]:.0%}, cpu {rows[1][1][1] / rows[0][1][1]:.0%}")
        print(f"chart stage alone: cold workers=1 {stage('cache-d', False, 1)} s, "
              f"cold auto {stage('cache-d', True, None)} s, warm {stage('cache-d', True, None)} s")

        validate = [timed(f"import sys; from deckgen.cli import main; sys.argv = ['deckgen', 'validate', "
                          f"{str(ROOT / 'content' / 'en')!r}]; main()", env) for _ in range(args.runs)]
        imports = [timed("import pydantic, yaml", env) for _ in range(args.runs)]
        print(f"deckgen validate content/en: {statistics.median(validate) * 1000:.0f} ms median of {args.runs}")
        print(f"python -c 'import pydantic, yaml': {statistics.median(imports) * 1000:.0f} ms median of {args.runs}")


if __name__ == "__main__":
    main()
