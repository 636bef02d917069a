"""The library face: what a program gets from `import deckgen` alone."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

import deckgen

ROOT = Path(__file__).resolve().parent.parent
ANNEX = ROOT / "tests" / "fixtures" / "annex"


def test_a_deck_is_built_in_memory_through_the_public_names_alone(tmp_path):
    sets = deckgen.load_sets(ANNEX)
    assert sets.problems == []
    deck = deckgen.plan_deck(sets)
    pptx = deckgen.deck_bytes(deck)

    slides = Presentation(io.BytesIO(pptx)).slides
    assert len(slides) == len(deck.plan.slides)
    assert slides[0].shapes.title.text_frame.text == deck.plan.slides[0].title_text
    # byte for byte what `deckgen build` writes
    result = deckgen.build(ANNEX, tmp_path / "annex.pptx", deckgen.BuildOptions())
    assert result.output.read_bytes() == pptx


def test_load_sets_returns_problems_instead_of_raising(make_content):
    content = make_content({"issues/01-a.yaml": "title: [unclosed\n"})
    sets = deckgen.load_sets(content)
    assert sets.sets == []
    assert [str(p.location) for p in sets.problems] == ["deck/issues/01-a.yaml:2:1"]
    assert all(isinstance(p, deckgen.Problem) for p in sets.problems)
    with pytest.raises(deckgen.ContentError) as error:
        deckgen.plan_deck(sets)
    assert str(error.value.problems[0].location) == "deck/issues/01-a.yaml:2:1"


def test_a_folder_of_languages_loads_each_and_plan_deck_asks_for_one():
    sets = deckgen.load_sets(ROOT / "content")
    assert [s.content.deck.language for s in sets.sets] == ["en", "kk", "ru"]
    with pytest.raises(ValueError, match="holds 3 content sets; plan_deck plans one"):
        deckgen.plan_deck(sets)


def test_builtin_theme_is_the_theme_of_a_set_without_assets():
    theme = deckgen.builtin_theme()
    assert theme.template is None and theme.theme.colours is not None
    assert deckgen.plan_deck(deckgen.load_sets(ANNEX)).theme.theme.colours == theme.theme.colours


def test_deckgen_build_is_the_build_function_whatever_was_imported_first():
    code = (
        "import deckgen.cli, deckgen.build, deckgen; "
        "print(callable(deckgen.build), deckgen.build.BuildOptions is deckgen.BuildOptions)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


def test_import_deckgen_stays_light():
    code = (
        "import sys, deckgen; print(sorted(m for m in sys.modules if m.startswith(('deckgen.', 'pptx', 'pydantic'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_package_says_it_is_typed():
    assert set(deckgen.__all__) == {"__version__", *deckgen._EXPORTS}
    assert (Path(deckgen.__file__).parent / "py.typed").is_file()
    assert set(deckgen.__all__) >= {
        "build",
        "BuildOptions",
        "load_sets",
        "plan_deck",
        "deck_bytes",
        "ContentError",
        "Problem",
        "builtin_theme",
    }
