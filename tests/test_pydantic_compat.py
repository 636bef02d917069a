"""The deckgen command does not look for pydantic plugins (deckgen/pydantic_compat.py); a program using deckgen does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from deckgen.pydantic_compat import applies

REPO = Path(__file__).resolve().parents[1]

COMMAND = """
import sys
from deckgen.cli import main
sys.argv = ["deckgen", "validate", "content/en", "-q"]
try:
    main()
except SystemExit as ended:
    assert not ended.code, ended.code
loader = sys.modules["pydantic.plugin._loader"]
print("importlib.metadata" in sys.modules, hasattr(loader, "PYDANTIC_ENTRY_POINT_GROUP"))
"""

PROGRAM = """
import sys
import deckgen
sets = deckgen.load_sets("content/en")
assert not sets.problems
loader = sys.modules["pydantic.plugin._loader"]
print("importlib.metadata" in sys.modules, hasattr(loader, "PYDANTIC_ENTRY_POINT_GROUP"))
"""


def _run(code: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | env
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_installed_pydantic_asks_its_plugin_loader_for_get_plugins_alone():
    # A pydantic that asks its loader for more would get pydantic's own loader: no stand-in, only slower.
    assert applies()


def test_the_command_neither_looks_for_plugins_nor_imports_what_looking_takes():
    assert _run(COMMAND) == "False False"


def test_plugins_named_to_disable_leave_the_others_to_pydantics_own_loader():
    assert _run(COMMAND, PYDANTIC_DISABLE_PLUGINS="some-tracer") == "True True"


def test_a_program_that_imports_deckgen_keeps_its_plugins():
    assert _run(PROGRAM) == "True True"
