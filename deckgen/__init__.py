"""deckgen: branded UPR presentation decks from validated content files.

The library's face, every name a program needs to build a deck::

    import deckgen

    sets = deckgen.load_sets("content/en")        # problems are returned, not raised
    if sets.problems:
        raise deckgen.ContentError(sets.problems)
    deck = deckgen.plan_deck(sets)                # the slides, planned page for page
    pptx = deckgen.deck_bytes(deck)               # the .pptx file's bytes, as `deckgen build` writes them

Or in one call: ``deckgen.build("content/en", Path("out.pptx"), deckgen.BuildOptions(pdf=True))``.

The names are imported on first use, not with the package: `deckgen --help` stays quick,
while loading and planning import the models, fonts and locales (a second or more).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from deckgen.assets import builtin_theme
    from deckgen.build import BuildOptions, BuildResult, build, deck_bytes
    from deckgen.errors import ContentError, Problem
    from deckgen.load import LoadedContent, LoadedSets, load_sets
    from deckgen.plan.planner import PlanOptions
    from deckgen.prepare import Prepared, plan_deck
    from deckgen.submission import matrix_bytes, submission_bytes, write_matrix, write_submissions

_EXPORTS = {
    "build": "deckgen.build",
    "BuildOptions": "deckgen.build",
    "BuildResult": "deckgen.build",
    "deck_bytes": "deckgen.build",
    "load_sets": "deckgen.load",
    "LoadedSets": "deckgen.load",
    "LoadedContent": "deckgen.load",
    "plan_deck": "deckgen.prepare",
    "Prepared": "deckgen.prepare",
    "PlanOptions": "deckgen.plan.planner",
    "ContentError": "deckgen.errors",
    "Problem": "deckgen.errors",
    "builtin_theme": "deckgen.assets",
    "submission_bytes": "deckgen.submission",
    "matrix_bytes": "deckgen.submission",
    "write_submissions": "deckgen.submission",
    "write_matrix": "deckgen.submission",
}

__all__ = [
    "BuildOptions",
    "BuildResult",
    "ContentError",
    "LoadedContent",
    "LoadedSets",
    "PlanOptions",
    "Prepared",
    "Problem",
    "__version__",
    "build",
    "builtin_theme",
    "deck_bytes",
    "load_sets",
    "matrix_bytes",
    "plan_deck",
    "submission_bytes",
    "write_matrix",
    "write_submissions",
]


def __getattr__(name: str) -> object:
    """Return the exported NAME, importing its module on first use (PEP 562)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'deckgen' has no attribute {name!r}")
    if name == "build":
        # Importing deckgen.build makes `deckgen.build` that module; the module calls build() (see there).
        return importlib.import_module(module)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
