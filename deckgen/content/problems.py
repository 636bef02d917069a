"""Pydantic's validation errors -> located problems (path:line:col: message), in the format's words.

One problem per place: union branches fold together, a deeper error hides the union error
above it, and a missing key an unknown key nearly spells is left to the "did you mean".
"""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from deckgen.content.model import Response, Status
from deckgen.content.words import suggestion
from deckgen.content.yaml_source import LoadedFile, SourceMap
from deckgen.errors import Problem, closest, excerpt

ModelT = TypeVar("ModelT", bound=BaseModel)

_WHAT = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list (lines starting with '- ')",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
    "dict_type": "must be a mapping of keys to values",
    "string_too_short": "must not be empty",
    "too_short": "needs at least one item",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be at most {le}",
    "finite_number": "must be a finite number",
}


def model_problems(model: type[ModelT], loaded: LoadedFile) -> tuple[ModelT | None, list[Problem]]:
    """Return LOADED's data as MODEL, or None and the located problems that prevent it."""
    data = loaded.data
    if data is None:
        data = {}
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, _located(error, model, data, loaded.source_map)


def _located(error: ValidationError, model: type[BaseModel], data: Any, source: SourceMap) -> list[Problem]:
    """Return pydantic's errors as located problems, one per place, union branches folded together.

    A missing key whose name an unknown key nearly spells is left out: "did you mean" says it all.
    """
    items = error.errors(include_url=False)
    misspelt = {
        (loc[:-1], closest(loc[-1], _fields_at(model, loc[:-1])))
        for item in items
        if item["type"] == "extra_forbidden"
        for loc in [_data_path(data, item["loc"])]
    }
    by_place: dict[tuple, list[ErrorDetails]] = {}
    for item in items:
        path = _data_path(data, item["loc"])
        if "Recommendation" in item["loc"] and not _has_text_key(data, path):
            continue  # a recommendation written as a mapping without `text` is text misread (a colon), not {text, ...}
        if item["type"] == "missing" and (path[:-1], path[-1]) in misspelt:
            continue
        by_place.setdefault(path, []).append(item)
    places = sorted(by_place, key=len)
    problems = []
    for path in places:
        # A union error on a value that has its own deeper errors is noise: the deeper ones say more.
        if any(len(other) > len(path) and other[: len(path)] == path for other in places):
            continue
        items = by_place[path]
        item = next((i for i in items if i["type"] not in ("list_type", "model_type", "dict_type")), items[0])
        problems.append(_problem(item, path, model, source))
    return problems


def _has_text_key(data: Any, path: tuple) -> bool:
    """Return whether the recommendation at (or above) PATH of DATA is a mapping with a `text` key."""
    node = data
    for part in path:
        if isinstance(node, dict) and isinstance(part, str) and part in node and part != "text":
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part]
        else:
            break
    return isinstance(node, dict) and "text" in node


def _data_path(data: Any, loc: tuple) -> tuple:
    """Return LOC without pydantic's union-branch tags (parts that are no key or index of DATA)."""
    path: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and not isinstance(part, int) and part not in node and part == loc[-1]:
            path.append(part)  # a missing or unknown key
    return tuple(path)


def _problem(item: ErrorDetails, path: tuple, model: type[BaseModel], source: SourceMap) -> Problem:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    name = path[-1] if path else ""
    if kind == "extra_forbidden":
        known = sorted(_fields_at(model, path[:-1]))
        near = closest(name, known)
        hint = f"; did you mean '{near}'?" if near else f"; known keys: {', '.join(known)}"
        return Problem(source.locate(path, key=True), f"unknown key '{excerpt(name)}'{hint}")
    if kind == "missing":
        in_key = f" in '{path[-2]}'" if len(path) > 1 and isinstance(path[-2], str) else ""
        return Problem(source.locate(path[:-1], key=bool(path[:-1])), f"missing key '{name}'{in_key}")
    if kind.startswith("enum"):
        word = "response" if name == "response" else "status"
        kind_of_word = Response if word == "response" else Status
        expected = [s.value for s in kind_of_word]
        value = item.get("input")
        meant = suggestion(kind_of_word, str(value))
        hint = f"did you mean '{meant.value}'?" if meant else f"expected one of {', '.join(expected)}"
        return Problem(source.locate(path), f"unknown {word} '{excerpt(value)}'; {hint}")
    if kind == "string_pattern_mismatch" and name == "language":
        return Problem(
            source.locate(path), f"'{excerpt(item.get('input'))}' is not a language tag such as en, en-GB, ru, kk"
        )
    what = _WHAT.get(kind)
    if what:
        # bounds of float fields are floats: "at least 4", not "at least 4.0"
        message = what.format(**{k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in ctx.items()})
        value = item.get("input")
        if (
            kind == "string_type"
            and isinstance(value, dict)
            and len(value) == 1
            and all(isinstance(part, str) for pair in value.items() for part in pair)
        ):
            # `- Note: the law changed` is a mapping to YAML; the writer meant one text.
            ((key, rest),) = value.items()
            quoted = f"{key}: {rest}".replace("\\", "\\\\").replace('"', '\\"')
            return Problem(
                source.locate(path, key=True), f"text containing ': ' must be in quotes, e.g. \"{excerpt(quoted, 70)}\""
            )
        if kind.endswith(("_type", "_parsing")):
            message += f", got {_describe(value)}"
            written = source.typed.get(path)
            if kind == "string_type" and written is not None:
                message += f'; YAML reads {written} as no text: write it in quotes ("{written}") to keep it as text'
        return Problem(source.locate(path), f"'{name}' {message}" if isinstance(name, str) and name else message)
    message = item["msg"].removeprefix("Value error, ")
    if message.startswith(_TEXT_MESSAGES):  # a text's own words: "'title' has no text", "item 3 of ... must not"
        if isinstance(name, int) and len(path) > 1:
            return Problem(source.locate(path), f"item {name + 1} of '{path[-2]}' {message}")
        return Problem(source.locate(path), f"'{name}' {message}" if name else message)
    return Problem(source.locate(path), f"'{name}': {message}" if name else message)


_TEXT_MESSAGES = ("has no text", "must not be empty")
"""The starts of the text checks' messages (content.model), which read as a sentence after the key's name."""


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(excerpt(value)) if isinstance(value, str) else excerpt(repr(value))


def _fields_at(model: type[BaseModel], path: tuple) -> set[str]:
    """Return the keys the model allows at PATH (list indexes skipped)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return set()
        current = _model_in(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return set(current.model_fields)
    return set()


def _model_in(annotation: Any) -> Any:
    """Return the model class inside an annotation such as list[Topic] or Counts | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) in (typing.Union, list, tuple):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
