"""The one use of pydantic's private API: the deckgen command does not look for pydantic plugins.

pydantic looks for plugins (the `pydantic` entry-point group of every installed distribution) as it builds
its first model, in pydantic.plugin._loader, which imports importlib.metadata and with it the email package:
about 20 ms of every command, a fiftieth of a cold build, for plugins (a tracer, say) that have no business
in how a deck is made. pydantic's documented switch, PYDANTIC_DISABLE_PLUGINS=__all__, stops the search but
not that import; so the command also puts in the loader's place a stand-in that finds no plugin, which is
what pydantic's own loader answers under that switch.

Only the command does this (deckgen.cli.main, a process of its own), never a program that imports deckgen:
its plugins stand. A user who names plugins to disable (PYDANTIC_DISABLE_PLUGINS=some-plugin) keeps the
others, through pydantic's own loader. Only where pydantic's validator module asks the loader for
get_plugins and nothing else, as it does in the version this was read from (2.14); with any other
layout pydantic's loader runs as usual (tests/test_pydantic_compat.py checks the installed pydantic).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from pathlib import Path

LOADER = "pydantic.plugin._loader"
"""pydantic's private plugin loader: the module the stand-in takes the place of."""

ASKED = "from ._loader import get_plugins\n"
"""How pydantic's validator module (pydantic/plugin/_schema_validator.py) asks the loader: its only use of it."""

_OFF = ("__all__", "1", "true")
"""The values of PYDANTIC_DISABLE_PLUGINS under which pydantic's loader finds no plugin (pydantic's own test)."""


def applies() -> bool:
    """Return whether the installed pydantic asks its plugin loader for get_plugins alone (the stand-in's one name)."""
    # Found, not imported: a rebuild served from the build cache imports no pydantic at all.
    spec = importlib.util.find_spec("pydantic")
    if spec is None or not spec.submodule_search_locations:
        return False
    validators = Path(list(spec.submodule_search_locations)[0]) / "plugin" / "_schema_validator.py"
    try:
        source = validators.read_text(encoding="utf-8")
    except OSError:
        return False
    return source.count("_loader") == 1 and ASKED in source


def without_plugins() -> None:
    """Turn pydantic's plugins off for this process, with a stand-in loader that imports nothing (see above).

    Call it before the first model is built. It does nothing when a loader was imported already, when
    PYDANTIC_DISABLE_PLUGINS names particular plugins, or when the installed pydantic is laid out otherwise.
    """
    if LOADER in sys.modules:
        return
    if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") not in _OFF or not applies():
        return
    loader = types.ModuleType(LOADER, "deckgen's stand-in for pydantic's plugin loader: plugins are off.")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]  # what pydantic's answers when plugins are off
    sys.modules[LOADER] = loader
