"""JSON Schemas of the content files and themes, for editors and other tools."""

from __future__ import annotations

from pydantic import BaseModel

from deckgen.content.model import Deck, Issue
from deckgen.theme import Theme

_MODELS: dict[str, type[BaseModel]] = {"deck": Deck, "issue": Issue, "theme": Theme}


def json_schema(kind: str) -> dict:
    """Return the JSON Schema of KIND: deck, issue or theme."""
    model = _MODELS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://deckgen.invalid/schemas/{kind}.schema.json"
    return schema
