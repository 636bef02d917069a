"""The chart cache and parallel drawing: what a changed input redraws, and that speed never changes a byte."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from deckgen.build import BuildOptions, build
from deckgen.plan.specs import ChartSpec
from deckgen.prepare import prepare
from deckgen.render import chart_cache
from deckgen.render.chart_cache import cache_dir, chart_key, deck_charts, prune

from conftest import VALID_ISSUE

ROOT = Path(__file__).parents[1]
CONTENT_EN = ROOT / "content" / "en"
FONTS = ROOT / "deckgen" / "builtin" / "fonts"

SECOND_ISSUE = VALID_ISSUE.replace("Children's rights", "Women's rights").replace(
    "implemented: 2\n    partially_implemented: 5", "implemented: 4\n    partially_implemented: 3")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """Return the folder where this test's cached charts go (empty to begin with)."""
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "charts"


@pytest.fixture
def drawn(monkeypatch) -> list[ChartSpec]:
    """Return the list of charts matplotlib draws from now on (in this process: use workers=1)."""
    import deckgen.render.picture_charts as picture_charts

    specs: list[ChartSpec] = []
    real = picture_charts.render_chart_png

    def spy(spec):
        specs.append(spec)
        return real(spec)

    monkeypatch.setattr(picture_charts, "render_chart_png", spy)
    return specs


def build_bytes(content, output="out.pptx", **options) -> bytes:
    """Return the bytes of CONTENT's deck, built in this process."""
    build(content, output, BuildOptions(workers=options.pop("workers", 1), **options))
    return Path(output).read_bytes()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Return each file of FOLDER with its bytes and modification time."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_a_second_build_draws_nothing_and_writes_the_same_deck(make_content, cache, drawn):
    content = make_content({"issues/02-b.yaml": SECOND_ISSUE})
    first = build_bytes(content)
    assert len(drawn) == 2
    assert len(list(cache.glob("*.png"))) == 2
    drawn.clear()
    assert build_bytes(content) == first
    assert drawn == []


def test_a_changed_number_redraws_only_that_chart(make_content, cache, drawn):
    content = make_content({"issues/02-b.yaml": SECOND_ISSUE})
    build_bytes(content)
    drawn.clear()
    make_content({"issues/02-b.yaml": SECOND_ISSUE,
                  "issues/01-a.yaml": VALID_ISSUE.replace("implemented: 2\n", "implemented: 1\n")})
    build_bytes(content)
    assert [[(bar.key, bar.count) for bar in spec.bars] for spec in drawn] == [[
        ("implemented", 1), ("partially_implemented", 5), ("not_implemented", 3), ("not_broken_down", 1)]]


def test_a_changed_language_redraws_with_its_labels(make_content, cache, drawn, tmp_path, monkeypatch):
    import deckgen.locale

    locales = tmp_path / "locales"
    locales.mkdir()
    english = (deckgen.locale.LOCALE_DIR / "en.yaml").read_text(encoding="utf-8")
    (locales / "en.yaml").write_text(english, encoding="utf-8")
    german = deckgen.locale.new_locale_text("de")
    (locales / "de.yaml").write_text(german.replace('status.implemented: "Implemented"',
                                                    "status.implemented: Umgesetzt"), encoding="utf-8")
    monkeypatch.setattr(deckgen.locale, "LOCALE_DIR", locales)
    content = make_content()
    build_bytes(content)
    drawn.clear()
    deck = (content / "deck.yaml").read_text(encoding="utf-8")
    make_content({"deck.yaml": deck.replace("language: en", "language: de")})
    build_bytes(content)
    assert [bar.label for spec in drawn for bar in spec.bars][0] == "Umgesetzt"
    drawn.clear()
    make_content({"deck.yaml": deck})
    build_bytes(content)
    assert drawn == [], "both languages' charts are cached side by side"


def test_a_changed_theme_colour_redraws(make_content, cache, drawn):
    content = make_content()
    build_bytes(content)
    drawn.clear()
    theme = Path("assets/themes/coalition.yaml")
    theme.write_text(theme.read_text(encoding="utf-8").replace('fill: "#009E73"', 'fill: "#007A5A"'),
                     encoding="utf-8")
    build_bytes(content)
    assert [bar.fill for spec in drawn for bar in spec.bars][0] == "#007A5A"


def test_a_font_file_with_new_content_redraws_although_the_spec_is_the_same(make_content, cache, drawn):
    shutil.copytree(FONTS, "assets/fonts")  # the theme's font paths resolve under assets/ first
    content = make_content()
    build_bytes(content)
    [before] = drawn
    drawn.clear()
    shutil.copyfile(FONTS / "LiberationSans-Regular.ttf", "assets/fonts/LiberationSans-Bold.ttf")
    build_bytes(content)
    assert drawn == [before]


def test_a_new_renderer_version_redraws(make_content, cache, drawn, monkeypatch):
    content = make_content()
    build_bytes(content)
    drawn.clear()
    monkeypatch.setattr(chart_cache, "RENDERER_VERSION", chart_cache.RENDERER_VERSION + 1)
    build_bytes(content)
    assert len(drawn) == 1


def _variants(value, path=()):
    """Yield (path, VALUE with the leaf at path changed) for every leaf field of VALUE."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            for where, changed in _variants(getattr(value, field.name), (*path, field.name)):
                yield where, dataclasses.replace(value, **{field.name: changed})
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            for where, changed in _variants(item, (*path, i)):
                yield where, (*value[:i], changed, *value[i + 1:])
    elif isinstance(value, bool):
        yield path, not value
    elif isinstance(value, int | float):
        yield path, value + 1
    elif isinstance(value, str):
        yield path, value + "x"
    elif isinstance(value, Path):
        yield path, FONTS / "LiberationSans-Italic.ttf"
    else:
        raise AssertionError(f"{path}: no variant for {value!r}")


def test_every_input_of_a_chart_is_in_its_key():
    spec = deck_charts(prepare(CONTENT_EN).plan)[1]
    variants = dict(_variants(spec))
    assert len(variants) > 30
    keys = {where: chart_key(changed) for where, changed in variants.items()}
    assert chart_key(spec) not in keys.values()
    assert len(set(keys.values())) == len(keys)


def test_the_key_hashes_font_contents_not_their_paths(tmp_path):
    spec = deck_charts(prepare(CONTENT_EN).plan)[0]
    copy = tmp_path / "elsewhere.ttf"
    shutil.copyfile(spec.bold.file, copy)
    moved = dataclasses.replace(spec, bold=dataclasses.replace(spec.bold, file=copy))
    assert chart_key(moved) == chart_key(spec)


def test_cache_and_workers_never_change_the_deck(tmp_path, cache):
    reference = build_bytes(CONTENT_EN, tmp_path / "a.pptx", cache=False, workers=1)
    assert build_bytes(CONTENT_EN, tmp_path / "b.pptx", workers=2) == reference  # cold, drawn by a pool
    assert len(list(cache.glob("*.png"))) == 3
    assert build_bytes(CONTENT_EN, tmp_path / "c.pptx", workers=1) == reference  # warm
    assert build_bytes(CONTENT_EN, tmp_path / "d.pptx", cache=False, workers=3) == reference
    assert build_bytes(CONTENT_EN, tmp_path / "e.pptx", cache=False, workers=None) == reference  # early process


def test_charts_are_drawn_here_when_the_early_process_dies(tmp_path, cache, monkeypatch):
    reference = build_bytes(CONTENT_EN, tmp_path / "a.pptx", cache=False, workers=1)

    def died(self, specs):
        raise OSError("the early process was killed")

    monkeypatch.setattr(chart_cache.EarlyDrawer, "draw", died)
    assert build_bytes(CONTENT_EN, tmp_path / "b.pptx", cache=False, workers=None) == reference


def test_without_processes_to_spare_charts_are_drawn_in_this_process(tmp_path, cache, monkeypatch):
    reference = build_bytes(CONTENT_EN, tmp_path / "a.pptx", cache=False, workers=1)

    def no_pool(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # e.g. a sandbox without POSIX semaphores

    monkeypatch.setattr(chart_cache, "ProcessPoolExecutor", no_pool)
    assert build_bytes(CONTENT_EN, tmp_path / "b.pptx", cache=False, workers=2) == reference


def test_a_damaged_cache_entry_is_redrawn(make_content, cache, drawn):
    content = make_content({"issues/02-b.yaml": SECOND_ISSUE})
    first = build_bytes(content)
    whole = snapshot(cache)
    truncated, flipped = sorted(cache.glob("*.png"))
    truncated.write_bytes(truncated.read_bytes()[:1000])
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0xFF
    flipped.write_bytes(bytes(data))
    drawn.clear()
    assert build_bytes(content) == first
    assert len(drawn) == 2
    assert {name: png for name, (png, _) in snapshot(cache).items()} == \
        {name: png for name, (png, _) in whole.items()}


def test_no_cache_neither_reads_nor_writes_the_cache(make_content, cache, drawn, deckgen, monkeypatch):
    from deckgen.render import chart_cache

    # Draw in this process, where the spy sees it: as where no early process can start.
    monkeypatch.setattr(chart_cache, "EarlyDrawer", mock.Mock(side_effect=OSError("no processes")))
    content = make_content()
    result = deckgen("build", content, "-o", "out.pptx", "--no-cache")
    assert result.exit_code == 0, result.output
    assert not cache.exists()
    assert deckgen("build", content, "-o", "out.pptx").exit_code == 0
    before = snapshot(cache)
    drawn.clear()
    assert deckgen("build", content, "-o", "out.pptx", "--no-cache").exit_code == 0
    assert len(drawn) == 1
    assert snapshot(cache) == before


def test_an_unwritable_cache_only_costs_speed(make_content, tmp_path, monkeypatch, deckgen):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("DECKGEN_CACHE_DIR", str(blocker))
    content = make_content()
    result = deckgen("build", content, "-o", "out.pptx")
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote out.pptx (4 slides)\n"


def test_a_cache_hit_counts_as_recent_use(make_content, cache):
    content = make_content()
    build_bytes(content)
    [entry] = cache.glob("*.png")
    os.utime(entry, (1_000_000, 1_000_000))
    build_bytes(content)
    assert entry.stat().st_mtime > 1_000_000


def test_prune_deletes_the_least_recently_used_first(tmp_path):
    for age, name in enumerate(["old", "middle", "new"]):
        path = tmp_path / f"{name}.png"
        path.write_bytes(b"x" * 100)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    prune(tmp_path, limit=250)
    assert sorted(p.stem for p in tmp_path.iterdir()) == ["middle", "new"]
    prune(tmp_path, limit=200)
    assert sorted(p.stem for p in tmp_path.iterdir()) == ["middle", "new"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME is the Linux convention")
def test_the_cache_lives_in_the_platform_cache_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DECKGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "deckgen" / "charts"


# -- what a command imports: start-up time ------------------------------------

PROBE = """
import sys
from deckgen.cli import main
sys.argv = ["deckgen", *sys.argv[1:]]
try:
    main()
finally:
    print("loaded:", *sorted(m for m in ("matplotlib", "pptx") if m in sys.modules), file=sys.stderr)
"""


def loaded_modules(*args) -> str:
    """Return which of matplotlib and pptx the deckgen command ARGS imported."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()[-1]


def test_validate_schema_and_check_translation_import_neither_matplotlib_nor_pptx():
    assert loaded_modules("validate", "content/en") == "loaded:"
    assert loaded_modules("schema", "issue") == "loaded:"
    assert loaded_modules("check-translation", "content/en", "content/ru") == "loaded:"


def test_the_build_command_leaves_matplotlib_to_the_early_process(tmp_path, cache):
    """Cold, the charts are drawn (and cached) by the early process; warm, nothing loads matplotlib."""
    output = tmp_path / "deck.pptx"
    assert loaded_modules("build", "content/en", "-o", output) == "loaded: pptx"
    assert len(list(cache.glob("*.png"))) == 3, "the cold build drew the deck's three charts"
    assert loaded_modules("build", "content/en", "-o", output) == "loaded: pptx"
