"""Replace string values of a YAML file where they stand, keeping every other byte.

A translated content file should differ from its source only in its text: the
comments, the `# yaml-language-server` line, key order, indentation and quoting
of everything else stay as the author wrote them. So instead of loading and
dumping the file, each replaced value's span in the text is found with PyYAML's
composer and the new value, written by PyYAML's emitter, is put in its place.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import yaml

from deckgen.content.yaml_source import parseable

_BLOCK_STYLES = {"|", ">"}
_LINE_BREAKS = set("\n\r\x85\u2028\u2029")


class SharedValue(ValueError):
    """Two key paths name one value (through a YAML alias) and should get different strings."""

    def __init__(self, first: tuple, second: tuple):
        super().__init__(f"{first} and {second} are one value")
        self.paths = (first, second)


def replace_strings(text: str, replacements: dict[tuple, str]) -> str:
    """Return TEXT, a YAML file, with the string at each key path of REPLACEMENTS replaced.

    A key path is a tuple of mapping keys and list indexes, as text_values yields.
    Raise KeyError for a path that names no string in TEXT, and SharedValue when
    two paths name one aliased value and their replacements differ.
    """
    scalars = dict(_scalars(yaml.compose(parseable(text), Loader=yaml.SafeLoader), (), False))
    edits: dict[int, tuple[int, str, tuple]] = {}  # start index -> (end index, new text, key path)
    for path, value in replacements.items():
        node, in_flow = scalars[path]
        start, end = _value_span(text, node)
        rendered = _render(value, node.style, in_flow)
        if node.style in _BLOCK_STYLES:  # the span of a block scalar takes the line breaks after it
            span = text[start:end]
            rendered += span[len(span.rstrip(" \t\r\n")) :]
        if start in edits and edits[start][1] != rendered:
            raise SharedValue(edits[start][2], path)
        edits[start] = (end, rendered, path)
    for start in sorted(edits, reverse=True):
        end, rendered, _ = edits[start]
        text = text[:start] + rendered + text[end:]
    return text


def _scalars(
    node: yaml.Node | None, path: tuple, in_flow: bool
) -> Iterator[tuple[tuple, tuple[yaml.ScalarNode, bool]]]:
    """Yield (key path, (scalar node, whether it stands in a flow collection)) for every scalar under NODE."""
    if isinstance(node, yaml.ScalarNode):
        yield path, (node, in_flow)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _scalars(item, path + (index,), in_flow or bool(node.flow_style))
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _scalars(value, path + (key.value,), in_flow or bool(node.flow_style))


def _value_span(text: str, node: yaml.ScalarNode) -> tuple[int, int]:
    """Return where NODE's scalar stands in TEXT, after any anchor (&name) or tag (!!str) before it."""
    start, end = node.start_mark.index, node.end_mark.index
    while text[start] in "&!":  # an anchor or tag, then spaces or line breaks
        while text[start] not in " \t\r\n":
            start += 1
        while text[start] in " \t\r\n":
            start += 1
    return start, end


def _render(value: str, style: str | None, in_flow: bool) -> str:
    """Return VALUE written as a one-line YAML scalar, in STYLE where YAML allows it.

    One line is valid at any indentation; text with line breaks is double-quoted
    with escapes. In a flow collection ([a, b]) plain text could hold a comma, so
    the plainest style there is single-quoted.
    """
    if style in _BLOCK_STYLES or style is None or style == "":
        style = "'" if in_flow else None
    if _LINE_BREAKS & set(value):
        style = '"'
    written = yaml.dump(value, default_style=style, width=math.inf, allow_unicode=True)
    return written.removesuffix("\n...\n").removesuffix("\n")
