"""Content files rewritten by deckgen itself (import, new-cycle), keeping what people wrote.

ruamel.yaml's round trip keeps comments, key order and quoting; these settings
keep long hand-written lines unfolded and the indentation of deckgen's own files.
"""

from __future__ import annotations

import io

from ruamel.yaml import YAML


def round_trip_yaml() -> YAML:
    """Return a ruamel.yaml loader and dumper that leaves hand-written text as it was."""
    yaml = YAML()
    yaml.width = 4096  # never fold a hand-written line
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump_text(yaml: YAML, document) -> str:
    """Return DOCUMENT written by YAML as text."""
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
