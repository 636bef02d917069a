"""Loading YAML content files: plain data only, every problem located, hostile files refused."""

import os
from pathlib import Path

import pytest

from deckgen.content.yaml_source import MAX_BYTES, load_yaml, load_yaml_text
from deckgen.errors import ContentError, Location


def load(text):
    """Return TEXT loaded as deck.yaml."""
    return load_yaml_text(text, Path("deck.yaml"))


def problems(text) -> list[str]:
    """Return the problems loading TEXT as deck.yaml reports, as printed (fatal or not)."""
    try:
        loaded = load(text)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return [str(problem) for problem in loaded.problems]


# -- values -----------------------------------------------------------------


def test_scalars_resolve_as_safe_loader_does():
    data = load(
        "count: 40\n"
        "ratio: 2.5\n"
        "approximate: true\n"
        "legacy_bool: yes\n"
        "nothing: ~\n"
        "empty:\n"
        "quoted: '12'\n"
        "text: Children's rights\n"
    ).data
    assert data == {
        "count": 40,
        "ratio": 2.5,
        "approximate": True,
        "legacy_bool": True,
        "nothing": None,
        "empty": None,
        "quoted": "12",
        "text": "Children's rights",
    }


def test_dates_and_times_stay_as_written():
    data = load("ratified: 2023-12-19\nat: 2001-12-14 21:59:43.10 -5\n").data
    assert data == {"ratified": "2023-12-19", "at": "2001-12-14 21:59:43.10 -5"}


def test_keys_are_always_their_text():
    assert load("yes: 1\n2023: b\n'title': c\n").data == {"yes": 1, "2023": "b", "title": "c"}


def test_explicit_standard_tags_are_honoured():
    assert load("a: !!str 12\nb: !!int '12'\nc: !!null ''\n").data == {"a": "12", "b": 12, "c": None}


def test_the_root_may_be_any_node():
    assert load("- one\n- 2\n").data == ["one", 2]
    assert load("just text\n").data == "just text"


@pytest.mark.parametrize("text", ["", "# nothing but a comment\n", b""])
def test_an_empty_file_is_none(text):
    loaded = load(text)
    assert loaded.data is None
    assert loaded.source_map.locate(("title",)) == Location("deck.yaml", 1, 1)


# -- tags -------------------------------------------------------------------


def test_python_tags_are_refused():
    assert problems("title: x\ncmd: !!python/object/apply:os.system ['echo hacked']\n") == [
        "deck.yaml:2:6: tag !!python/object/apply:os.system is not allowed",
    ]


def test_local_binary_and_collection_tags_are_refused():
    assert problems("a: !foo 1\nb: !!binary aGk=\nc: !!set {x}\nd: !!omap [x: 1]\n") == [
        "deck.yaml:1:4: tag !foo is not allowed",
        "deck.yaml:2:4: tag !!binary is not allowed",
        "deck.yaml:3:4: tag !!set is not allowed",
        "deck.yaml:4:4: tag !!omap is not allowed",
    ]


def test_a_tagged_key_is_refused():
    assert problems("!!python/name:os.system x: 1\n") == [
        "deck.yaml:1:1: tag !!python/name:os.system is not allowed",
    ]


def test_an_explicit_type_must_fit_its_text():
    assert problems("total: !!int forty\n") == ["deck.yaml:1:8: 'forty' is not a valid !!int"]


# -- keys -------------------------------------------------------------------


def test_a_duplicate_key_is_located_at_its_second_occurrence():
    text = "language: en\ntitle: First\ncountry: X\ntitle: Second\n"
    assert problems(text) == ["deck.yaml:4:1: duplicate key 'title' (first at line 2)"]


def test_duplicates_are_found_in_nested_mappings_and_all_reported():
    text = "review:\n  total: 1\n  total: 2\ntitle: a\ntitle: b\n"
    assert problems(text) == [
        "deck.yaml:3:3: duplicate key 'total' (first at line 2)",
        "deck.yaml:5:1: duplicate key 'title' (first at line 4)",
    ]


def test_merge_keys_are_refused():
    text = "base: &base {cycle: 3}\nreview:\n  <<: *base\n  total: 40\n"
    assert problems(text) == ["deck.yaml:3:3: merge keys (<<) are not supported"]


def test_a_quoted_merge_key_is_text():
    assert load("'<<': x\n").data == {"<<": "x"}


def test_a_key_must_be_plain_text():
    assert problems("? [a, b]\n: 1\n") == ["deck.yaml:1:3: a key must be plain text, not a list or mapping"]


# -- aliases ----------------------------------------------------------------


def test_aliases_repeat_their_anchor():
    loaded = load("a: &points [one, two]\nb: *points\n")
    assert loaded.data == {"a": ["one", "two"], "b": ["one", "two"]}
    assert loaded.source_map.values[("b",)] == (2, 4)  # the alias itself
    assert loaded.source_map.values[("b", 1)] == (1, 18)  # the anchored text it repeats


def test_billion_laughs_is_refused_at_an_alias():
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    found = problems("\n".join(lines) + "\n")
    assert len(found) == 1
    # a4 is the first level to expand beyond 20,000 values (the cap on values, below the one on aliases)
    assert found[0] == "deck.yaml:5:10: too many values: the file holds more than 20,000 (aliases expanded); split it"


def test_aliases_beyond_the_alias_cap_are_refused(monkeypatch):
    from deckgen.content import yaml_source

    monkeypatch.setattr(yaml_source, "MAX_VALUES", 10**9)
    monkeypatch.setattr(yaml_source, "MAX_FILE_TEXT", 10**9)
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)]
    found = problems("\n".join(lines) + "\n")
    assert found == ["deck.yaml:5:45: too many aliased nodes: the file expands beyond 100000 values (alias bomb?)"]


def test_a_recursive_alias_is_refused():
    assert problems("a: &loop\n  - x\n  - *loop\n") == [
        "deck.yaml:3:5: alias *loop refers to a value that contains it",
    ]


def test_an_undefined_alias_is_a_syntax_error():
    assert problems("a: *nowhere\n") == [
        "deck.yaml:1:4: text starting with '*' or '&' must be in quotes, e.g. a: \"*nowhere\""
    ]


# -- encodings and pasted characters ----------------------------------------


def test_a_utf8_bom_is_removed():
    loaded = load("\ufefftitle: Права\n".encode())
    assert loaded.data == {"title": "Права"}
    assert loaded.source_map.values[("title",)] == (1, 8)


@pytest.mark.parametrize(
    ("text", "codec", "location", "byte"),
    [
        ("title: x\ncountry: Казахстан\n", "cp1251", "deck.yaml:2:10", "0xca"),
        ("title: Café\n", "latin-1", "deck.yaml:1:11", "0xe9"),
    ],
)
def test_text_that_is_not_utf8_is_located_at_its_first_bad_byte(text, codec, location, byte):
    assert problems(text.encode(codec)) == [f"{location}: not UTF-8 text (byte {byte}); save the file as UTF-8"]


def test_a_soft_line_break_becomes_a_newline_and_columns_stay_true():
    loaded = load("text: a\x0bb\nflow: {x: c\x0bd, y: e}\n")
    assert loaded.data == {"text": "a\nb", "flow": {"x": "c\nd", "y": "e"}}
    assert loaded.source_map.keys[("flow", "y")] == (2, 16)
    assert loaded.source_map.values[("flow", "y")] == (2, 19)


def test_unicode_line_and_paragraph_separators_become_newlines():
    assert load("text: one\u2028two\u2029three\n").data == {"text": "one\ntwo\nthree"}


def test_other_control_characters_are_dropped_and_columns_stay_true():
    loaded = load('a: "x\x07y"\nb: p\x0cq\x00r\x1fs\x7ft\x85u\x9fv\ufffew\n\x01c: [1, 2]\n')
    assert loaded.data == {"a": "xy", "b": "pqrstuvw", "c": [1, 2]}
    assert loaded.source_map.keys[("c",)] == (3, 1)
    assert loaded.source_map.values[("c", 1)] == (3, 9)


def test_control_characters_in_keys_are_mapped_too():
    assert load("ti\x07tle: x\n").data == {"title": "x"}


# -- syntax errors ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: x\nfoo\nbar: y\n",
            "deck.yaml:2:1: a line that is neither 'key: value' nor '- item': a text that goes on over several lines "
            "needs its next lines indented more than its key",
        ),
        ("a: b: c\n", "deck.yaml:1:5: text containing ': ' must be in quotes, e.g. a: \"b: c\""),
        (
            "a: [1, 2\nb: 3\n",
            "deck.yaml:2:2: YAML syntax error: expected ',' or ']', but got ':'"
            " (while parsing a flow sequence at line 1)",
        ),
        ("\ttitle: x\n", "deck.yaml:1:1: indent with spaces, not a tab"),
        (
            "a: 1\n---\nb: 2\n",
            "deck.yaml:2:1: YAML syntax error: but found another document"
            " (expected a single document in the stream at line 1)",
        ),
    ],
)
def test_a_syntax_error_is_one_located_problem(text, expected):
    assert problems(text) == [expected]


def test_deep_nesting_is_refused_not_crashed():
    assert problems("a: " + "[" * 2000 + "]" * 2000 + "\n") == [
        "deck.yaml: values nest too deeply; is this really a content file?",
    ]


# -- locations --------------------------------------------------------------

ISSUE = """\
title: Children's rights
review:
  total: 40
  findings:
    - status: implemented
      text:
        - First paragraph.
        - Second paragraph.
notes: |
  Speak slowly.
"""


def test_keys_and_values_are_located():
    source_map = load(ISSUE).source_map
    assert source_map.path == Path("deck.yaml")
    assert source_map.values[()] == (1, 1)
    assert source_map.keys[("title",)] == (1, 1)
    assert source_map.values[("title",)] == (1, 8)
    assert source_map.values[("review",)] == (3, 3)
    assert source_map.keys[("review", "total")] == (3, 3)
    assert source_map.values[("review", "total")] == (3, 10)
    assert source_map.values[("review", "findings", 0)] == (5, 7)
    assert source_map.keys[("review", "findings", 0, "status")] == (5, 7)
    assert source_map.values[("review", "findings", 0, "text", 1)] == (8, 11)
    assert source_map.values[("notes",)] == (9, 8)  # the block scalar's indicator


def test_locate_finds_values_keys_and_nearest_ancestors():
    source_map = load(ISSUE).source_map
    assert str(source_map.locate(("review", "total"))) == "deck.yaml:3:10"
    assert str(source_map.locate(("review", "total"), key=True)) == "deck.yaml:3:3"
    assert str(source_map.locate(("review", "findings", 0, "text", 1), key=True)) == "deck.yaml:8:11"
    # A missing key points at where its parent is named.
    assert str(source_map.locate(("review", "approximate"))) == "deck.yaml:2:1"
    assert str(source_map.locate(("review", "findings", 0, "summary"))) == "deck.yaml:5:7"
    assert str(source_map.locate(("country",))) == "deck.yaml:1:1"
    assert str(source_map.locate(())) == "deck.yaml:1:1"


# -- files ------------------------------------------------------------------


def test_load_yaml_reads_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "deck.yaml").write_text("title: x\n", encoding="utf-8")
    loaded = load_yaml(Path("en/deck.yaml"))
    assert loaded.data == {"title": "x"}
    assert loaded.path == Path("en/deck.yaml")
    assert loaded.source_map.path == Path("en/deck.yaml")


def test_a_file_over_5_mb_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("huge.yaml").write_bytes(b"# padding\n" * (MAX_BYTES // 10 + 1))
    with pytest.raises(ContentError) as caught:
        load_yaml(Path("huge.yaml"))
    assert str(caught.value.problems[0]) == "huge.yaml: file is larger than 5 MB; is this really a content file?"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: None, "No such file or directory"),
        (lambda path: path.mkdir(), "is a folder, not a file; deckgen reads only regular files"),
        pytest.param(
            lambda path: (path.write_text("a: 1\n"), path.chmod(0)),
            "Permission denied",
            marks=pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file"),
        ),
    ],
)
def test_an_unreadable_path_is_reported_without_a_line(tmp_path, monkeypatch, make, reason):
    monkeypatch.chdir(tmp_path)
    make(tmp_path / "deck.yaml")
    with pytest.raises(ContentError) as caught:
        load_yaml(Path("deck.yaml"))
    expected = reason if reason.startswith("is a") else f"cannot read file: {reason}"
    assert [str(problem) for problem in caught.value.problems] == [f"deck.yaml: {expected}"]
