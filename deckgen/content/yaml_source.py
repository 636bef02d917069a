"""Load one YAML content file safely, with the line and column of every key and value.

Nothing but plain data ever comes out: the text is composed into YAML nodes with
PyYAML's SafeLoader and the nodes are converted here, so tags that would build
objects are refused before anything is built, and aliases are expanded under a
bound.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from deckgen.errors import ContentError, Location, Problem, display_path, excerpt
from deckgen.files import within

MAX_BYTES = 5 * 1024 * 1024
"""Content files are a few kilobytes; anything this large is the wrong file."""

MAX_ALIASED = 100_000
"""How many values aliases may expand to in one file; bounds "billion laughs" files."""

MAX_VALUES = 20_000
"""How many values (keys' values and list items, aliases expanded) one file may hold; a deck's file holds hundreds."""

MAX_TEXT = 10_000
"""How many characters one text value may have: a long recommendation has 1,000; a slide shows about 1,500."""

MAX_FILE_TEXT = 100_000
"""How many characters of text one file may hold, aliases expanded: bounds the work of checking and laying it out."""

_YAML = "tag:yaml.org,2002:"
_MERGE = _YAML + "merge"
_TEXT_TAGS = {_YAML + name for name in ("str", "timestamp", "merge", "value")}
"""Scalars kept as their source text: dates stay as written, and `<<` or `=` as values are text."""
_TYPED_TAGS = {_YAML + name for name in ("int", "float", "bool", "null")}
_ALLOWED_TAGS = {
    yaml.ScalarNode: _TEXT_TAGS | _TYPED_TAGS,
    yaml.SequenceNode: {_YAML + "seq"},
    yaml.MappingNode: {_YAML + "map"},
}

# Characters YAML refuses but word processors paste into text. Before parsing each
# becomes a one-character placeholder, so lines and columns stay true, and in
# strings the placeholders become what the characters meant. The placeholders are
# Unicode noncharacters, which exist for such internal use; any noncharacter already
# in the file is dropped, so a placeholder in a string always stands for a pasted
# character.
_NEWLINE, _DROPPED = "\ufdd0", "\ufdd1"
_CONTROLS = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\x0b\u2028\u2029]")  # Word's soft line break, Unicode line/paragraph separators
_RESTORE = str.maketrans({_NEWLINE: "\n", _DROPPED: None})


class WrittenInt(int):
    """A YAML 1.1 integer that remembers how it was written: `10:30`, `0777` or `+12` where text is meant stay text."""

    source_text: str

    def __new__(cls, value: int, source_text: str):
        number = super().__new__(cls, value)
        number.source_text = source_text
        return number


class WrittenFloat(float):
    """A YAML float that remembers how it was written: 141.10 is a paragraph number, not 141.1."""

    source_text: str

    def __new__(cls, value: float, source_text: str):
        number = super().__new__(cls, value)
        number.source_text = source_text
        return number


@dataclass(frozen=True)
class SourceMap:
    """Where each key and value of one YAML file stands."""

    path: Path
    """The file, as it was read (Location shows it relative to the working directory)."""
    values: dict[tuple, tuple[int, int]]
    """Key path -> 1-based (line, col) of the value; the root () is (1, 1)."""
    keys: dict[tuple, tuple[int, int]]
    """Key path -> 1-based (line, col) of the key naming the value in its mapping."""
    typed: dict[tuple, str] = dataclasses.field(default_factory=dict)
    """Key path -> source text of a plain scalar YAML read as no text (`NO`, `~`), for a hint to quote it."""

    def locate(self, key_path: tuple, *, key: bool = False) -> Location:
        """Return where the value at KEY_PATH stands, or its key with KEY.

        A path missing from the map (a missing key, say) gets the location of its
        nearest ancestor that is there, shown by the key that names the ancestor,
        since a mapping's value starts at its first key, far from where it is named.
        List items have no key and are shown by their value.
        """
        for end in range(len(key_path), 0, -1):
            prefix = key_path[:end]
            by_key = key or end < len(key_path)
            position = (by_key and self.keys.get(prefix)) or self.values.get(prefix)
            if position:
                return Location(self.path, *position)
        return Location(self.path, 1, 1)


@dataclass(frozen=True)
class LoadedFile:
    """One YAML file as plain Python data, with where each part of it stands."""

    path: Path
    data: Any
    source_map: SourceMap
    problems: tuple[Problem, ...] = ()
    """Problems that leave the data usable (duplicate keys: the first value is kept), so that
    validation can go on and report the file's other problems in the same run."""
    text: str = dataclasses.field(default="", compare=False, repr=False)
    """The file's text as Python reads a text file (no byte-order mark, lines ending in \\n), for commands that
    rewrite it keeping its style."""


def load_yaml(path: Path, inside: tuple[Path, str] | None = None) -> LoadedFile:
    """Return the YAML file at PATH as plain data; raise ContentError with every problem found.

    INSIDE, (folder, what it is called), refuses a PATH that resolves outside the folder (a link
    out of it, say to a file of secrets), before reading it.
    """
    return load_yaml_text(read_content_file(path, inside), path)


def read_content_file(path: Path, inside: tuple[Path, str] | None = None) -> bytes:
    """Return up to MAX_BYTES + 1 bytes of the content file at PATH, checked as load_yaml checks it.

    INSIDE, (folder, what it is called), refuses a PATH that resolves outside the folder before reading it;
    what is not a regular file is refused without waiting on it (read_regular_file).
    """
    if inside is not None and within(inside[0], path) is None and _resolvable(path):
        raise ContentError.at(
            Location(path),
            f"leads outside {inside[1]} ({display_path(inside[0])}/); deckgen reads only "
            f"files inside it: copy the file in instead of linking to it",
        )
    return read_regular_file(path, MAX_BYTES)


def _resolvable(path: Path) -> bool:
    """Return whether PATH's links lead somewhere (a link loop or a broken link is read_regular_file's to say)."""
    try:
        Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    return True


def read_regular_file(path: Path, limit: int) -> bytes:
    """Return up to LIMIT + 1 bytes of the regular file at PATH; raise ContentError for anything else.

    A FIFO, a device or a folder is refused without waiting on it: opened without blocking, then checked.
    """
    shown = Location(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except ValueError:
        raise ContentError.at(shown, "the file name holds a NUL character") from None
    except OSError as error:
        raise ContentError.at(shown, f"cannot read file: {error.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "no regular file"
            raise ContentError.at(shown, f"is {kind}, not a file; deckgen reads only regular files")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read(limit + 1)  # enough to tell a file is too large without reading it all
    except OSError as error:
        raise ContentError.at(shown, f"cannot read file: {error.strerror}") from None
    finally:
        os.close(fd)


def load_yaml_text(text: str | bytes, path: Path) -> LoadedFile:
    """Return TEXT, the content of the YAML file at PATH, as load_yaml would."""
    shown = Path(path)
    raw = text.encode() if isinstance(text, str) else text
    if len(raw) > MAX_BYTES:
        raise ContentError.at(Location(shown), "file is larger than 5 MB; is this really a content file?")
    read = _decode(raw, shown)
    text = parseable(read)
    fast = _with_libyaml(text, shown) if _plain_enough(text) else None
    if fast is not None:
        data, source_map, problems = fast
    else:
        loader = _Loader(text)
        try:
            data, source_map, problems = _Converter(loader, shown).load()
        except yaml.MarkedYAMLError as error:
            raise ContentError.at(*_plain_syntax_error(error, text, shown)) from None
        except RecursionError:  # lists in lists hundreds deep, in the text or through aliases
            raise ContentError.at(Location(shown), "values nest too deeply; is this really a content file?") from None
        finally:
            loader.dispose()
    if "\r" in read:  # as Python reads a text file: every line ends in \n
        read = read.replace("\r\n", "\n").replace("\r", "\n")
    return LoadedFile(path, data, source_map, problems, read)


def _plain_enough(text: str) -> bool:
    """Return whether libyaml may compose TEXT: no anchor, alias or tag (only _Loader keeps aliases apart, to
    locate and bound them), nothing nested deeply (libyaml's composer recurses in C, with no depth limit),
    and nothing libyaml reads that PyYAML refuses (tabs, directives), so that every mistake is PyYAML's to say."""
    if not yaml.__with_libyaml__ or _NODE_PROPERTY.search(text) or _DIRECTIVE.search(text):
        return False
    if "\t" in text or "\ufeff" in text:
        return False  # libyaml takes a tab after a key's colon, which PyYAML refuses; it drops a BOM inside the text
    if text.count("[") + text.count("{") > _SHALLOW:
        return False
    return all(len(line) - len(line.lstrip(" -")) <= _SHALLOW for line in text.split("\n"))


_SHALLOW = 200
"""More brackets, or a deeper indent (spaces and list dashes), than this: _Loader composes the file."""
_DIRECTIVE = re.compile(r"^%", re.M)
_NODE_PROPERTY = re.compile(r"(?:^|[\s\[{,:])[!&*]|(?:^|[\s\[{,])\?(?:\s|$)")
"""Where a tag (!), anchor (&), alias (*) or complex key (? ) may begin: at a node's start, after a space or
a flow indicator. Text such as "Thank you!" or "R&D" has none; "a *word*" may, and goes the slow way, as it
must to be sure. (A complex key left without a value at the end is placed elsewhere by libyaml.)"""


def _with_libyaml(text: str, shown: Path) -> tuple[Any, SourceMap, tuple[Problem, ...]] | None:
    """Return TEXT's data, source map and problems composed by libyaml (C), or None when anything goes wrong.

    The nodes are PyYAML's, with the same marks; the same _Converter turns them into data. Whatever
    libyaml refuses, _Loader reads again, for PyYAML's messages (see _plain_syntax_error): this is only
    the fast way through files without mistakes, about five times faster.
    """
    loader = yaml.CSafeLoader(text)
    try:
        return _Converter(loader, shown).load()
    except (yaml.YAMLError, ContentError, RecursionError, ValueError):
        return None
    finally:
        loader.dispose()


def parseable(text: str) -> str:
    """Return TEXT with the characters YAML refuses replaced by one-character placeholders.

    Every character stays at its index, so positions in the result are positions in TEXT.
    """
    return _LINE_BREAKS.sub(_NEWLINE, _CONTROLS.sub(_DROPPED, text))


def _decode(data: bytes, shown: Path) -> str:
    """Return DATA decoded as UTF-8 without a BOM; raise ContentError at its first byte that is not UTF-8."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        lines = re.split(r"\r\n|\r|\n", data[: error.start].decode("utf-8"))
        location = Location(shown, len(lines), len(lines[-1]) + 1)
        message = f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        raise ContentError.at(location, message) from None


def _plain_syntax_error(error: yaml.MarkedYAMLError, text: str, shown: Path) -> tuple[Location, str]:
    """Return where PyYAML's ERROR stands in TEXT and what it means, in words a non-programmer can act on.

    The common mistakes of people writing prose in YAML get their own words; others keep the parser's.
    """
    problem, context = error.problem or "", error.context or ""
    mark, start = error.problem_mark, error.context_mark
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "quoted scalar" in context and start is not None:
        quote = text[start.index] if start.index < len(text) else '"'
        return (
            _location(shown, start),
            f"a quote opened on line {start.line + 1} is never closed: end the text with {quote}, "
            f"or leave the quote out",
        )
    if "'\\t'" in problem or "tab" in problem:
        return _location(shown, mark), "indent with spaces, not a tab"
    if problem == "mapping values are not allowed here":
        return _location(shown, mark), "text containing ': ' must be in quotes" + _quoted_example(line)
    if problem.startswith("found character") and "cannot start any token" in problem and mark is not None:
        character = line[mark.column] if mark.column < len(line) else ""
        return (_location(shown, mark), f"text starting with {character!r} must be in quotes" + _quoted_example(line))
    if problem.startswith("found undefined alias") or (
        problem.startswith("expected alphabetic or numeric") and "alias" in context + "anchor"
    ):
        return (_location(shown, mark), "text starting with '*' or '&' must be in quotes" + _quoted_example(line))
    if (
        "expected <block end>, but found" in problem
        and mark is not None
        and re.match(r"""\s*(- |[^:#]+:\s+)["'][^"']*["']\s*\S""", line)
    ):
        return (
            _location(shown, mark),
            "text that starts with a quote must end with it: put the whole text in quotes" + _quoted_example(line),
        )
    if problem == "could not find expected ':'" and start is not None:
        return (
            _location(shown, start),
            "a line that is neither 'key: value' nor '- item': a text that goes on over several lines "
            "needs its next lines indented more than its key",
        )
    return _location(shown, mark), _syntax_message(error)


def _quoted_example(line: str) -> str:
    """Return ", e.g. LINE with its value in double quotes" for a 'key: value' or '- item' LINE, else ""."""
    match = re.match(r"(\s*(?:-\s+)?(?:[\w.-]+:\s+)?)(.+?)\s*$", line)
    if not match or not match[2]:
        return ""
    lead, value = match[1].strip(), match[2]
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f", e.g. {excerpt(f'{lead} {quoted}'.strip(), 120)}"


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    """Return PyYAML's ERROR as one short line: the problem, then what the parser was doing."""
    message = f"YAML syntax error: {error.problem}"
    if error.context and error.context_mark:
        return f"{message} ({error.context} at line {error.context_mark.line + 1})"
    if error.context:
        return f"{message} ({error.context})"
    return message


def _location(shown: Path, mark: yaml.Mark | None) -> Location:
    """Return PyYAML's 0-based MARK as a Location (the file alone when PyYAML gives no mark)."""
    return Location(shown, *_position(mark)) if mark is not None else Location(shown)


def _position(mark: yaml.Mark) -> tuple[int, int]:
    """Return PyYAML's 0-based MARK as a 1-based (line, col)."""
    return mark.line + 1, mark.column + 1


def _short_tag(tag: str) -> str:
    """Return TAG as it is usually written: !!int for tag:yaml.org,2002:int."""
    return "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag


@dataclass(frozen=True, eq=False)
class _Alias:
    """An alias (*name) where it stands in the text, and the anchored node it repeats."""

    node: yaml.Node
    name: str
    start_mark: yaml.Mark


class _Loader(yaml.SafeLoader):
    """A SafeLoader whose composer keeps aliases visible, so they can be located and bounded."""

    def compose_node(self, parent, index):
        """Return the next node, or an _Alias for an alias to a known anchor."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) and event.anchor in self.anchors:
            self.get_event()
            assert event.anchor is not None and isinstance(event.start_mark, yaml.Mark)  # always so for a known alias
            return _Alias(self.anchors[event.anchor], event.anchor, event.start_mark)
        return super().compose_node(parent, index)  # also reports aliases to unknown anchors


class _Converter:
    """Turns the node tree of one file into plain data, recording where each part stands."""

    def __init__(self, loader: _Loader | yaml.CSafeLoader, shown: Path):
        self.loader = loader
        self.shown = shown
        self.values: dict[tuple, tuple[int, int]] = {(): (1, 1)}
        self.keys: dict[tuple, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.duplicates: list[Problem] = []  # also in problems; alone, they leave the data usable
        self.open: set[int] = set()  # ids of the collections being converted: an alias to one never ends
        self.alias: _Alias | None = None  # the outermost alias being expanded
        self.aliased = 0  # values converted again through aliases
        self.count = 0  # values converted, aliases expanded
        self.text = 0  # characters of text converted, aliases expanded
        self.typed: dict[tuple, str] = {}

    def load(self) -> tuple[Any, SourceMap, tuple[Problem, ...]]:
        """Return the file's data, source map and the problems that leave the data usable.

        Raise ContentError when a problem makes the data untrustworthy (a refused tag, an alias loop).
        """
        node = self.loader.get_single_node()
        data = None if node is None else self.build(node, ())
        if len(self.problems) > len(self.duplicates):
            raise ContentError(self.problems)
        return data, SourceMap(self.shown, self.values, self.keys, self.typed), tuple(self.duplicates)

    def value(self, node: yaml.Node | _Alias, key_path: tuple) -> Any:
        """Return NODE, the value at KEY_PATH, as plain data, recording where it stands."""
        self.values[key_path] = _position(node.start_mark)
        if not isinstance(node, _Alias):
            return self.build(node, key_path)
        if id(node.node) in self.open:
            return self.problem(node, f"alias *{node.name} refers to a value that contains it")
        outer, self.alias = self.alias, self.alias or node
        data = self.build(node.node, key_path)
        self.alias = outer
        return data

    def build(self, node: yaml.Node, key_path: tuple) -> Any:
        """Return NODE as plain data; record a problem and return None for a refused tag."""
        if self.alias:
            self.aliased += 1
            if self.aliased > MAX_ALIASED:
                message = f"too many aliased nodes: the file expands beyond {MAX_ALIASED} values (alias bomb?)"
                bomb = Problem(_location(self.shown, self.alias.start_mark), message)
                raise ContentError([*self.problems, bomb])
        self.count += 1
        if self.count > MAX_VALUES:
            marked = self.alias or node
            message = f"too many values: the file holds more than {MAX_VALUES:,} (aliases expanded); split it"
            raise ContentError([*self.problems, Problem(_location(self.shown, marked.start_mark), message)])
        if node.tag not in _ALLOWED_TAGS[type(node)]:
            return self.problem(node, f"tag {_short_tag(node.tag)} is not allowed")
        if isinstance(node, yaml.ScalarNode):
            return self.bounded(node, key_path, self.scalar(node))
        self.open.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            data: list[Any] | dict[str, Any] = [
                self.value(item, (*key_path, index)) for index, item in enumerate(node.value)
            ]
        else:
            assert isinstance(node, yaml.MappingNode)  # the one other kind _ALLOWED_TAGS allows
            data = self.mapping(node, key_path)
        self.open.discard(id(node))
        return data

    def bounded(self, node: yaml.ScalarNode, key_path: tuple, value: Any) -> Any:
        """Return VALUE, the scalar NODE, after checking the bounds on text and numbers."""
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                self.problem(node, f"text of {len(value):,} characters, more than the {MAX_TEXT:,} a value may have")
                return None
            self.text += len(value)
            if self.text > MAX_FILE_TEXT:
                marked = self.alias or node
                message = f"too much text: the file holds more than {MAX_FILE_TEXT:,} characters (aliases expanded)"
                raise ContentError([*self.problems, Problem(_location(self.shown, marked.start_mark), message)])
        elif value is not None and not isinstance(value, bool | int | float):
            return value
        elif not node.style and not isinstance(value, WrittenInt | WrittenFloat):  # plain: None, or "" from libyaml
            self.typed[key_path] = node.value  # `NO`, `~`: text where text is meant, once quoted
        return value

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """Return NODE's value as SafeLoader would build it, with dates and times left as text
        and floats remembering their text."""
        if node.tag in _TEXT_TAGS:
            return node.value.translate(_RESTORE)
        # An explicit !!int or the like must fit its text, as an implicit one always does.
        if node.tag != self.loader.resolve(yaml.ScalarNode, node.value, (True, False)):
            return self.problem(node, f"{excerpt(node.value)!r} is not a valid {_short_tag(node.tag)}")
        try:
            value = self.loader.construct_object(node)
        except ValueError:  # an integer of thousands of digits (Python refuses to convert such text)
            return self.problem(node, f"number of {len(node.value):,} characters is too large")
        # Where text is expected, a number reads as written (see model.as_written).
        if isinstance(value, float):
            return WrittenFloat(value, node.value)
        if isinstance(value, int) and not isinstance(value, bool):
            return WrittenInt(value, node.value)
        return value

    def mapping(self, node: yaml.MappingNode, key_path: tuple) -> dict[str, Any]:
        """Return NODE as a dict, refusing duplicate keys."""
        data = {}
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key is None:
                continue
            path = (*key_path, key)
            if key in data:
                self.problem(key_node, f"duplicate key {excerpt(key)!r} (first at line {self.keys[path][0]})")
                self.duplicates.append(self.problems[-1])
                continue
            self.keys[path] = _position(key_node.start_mark)
            data[key] = self.value(value_node, path)
        return data

    def key(self, node: yaml.Node | _Alias) -> str | None:
        """Return NODE as a key, which is always its text (`yes:` is the key "yes"), or None if refused."""
        target = node.node if isinstance(node, _Alias) else node
        if target.tag == _MERGE:
            self.problem(node, "merge keys (<<) are not supported")
            return None
        if not isinstance(target, yaml.ScalarNode):
            self.problem(node, "a key must be plain text, not a list or mapping")
            return None
        if target.tag not in _ALLOWED_TAGS[yaml.ScalarNode]:
            self.problem(node, f"tag {_short_tag(target.tag)} is not allowed")
            return None
        return target.value.translate(_RESTORE)

    def problem(self, node: yaml.Node | _Alias, message: str) -> None:
        """Record a problem at NODE; return None, the value that stands in for the refused node."""
        self.problems.append(Problem(_location(self.shown, node.start_mark), message))
