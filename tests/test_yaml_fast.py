"""Content files without anchors, aliases or tags are composed by libyaml: the same data and source map.

yaml_source reads such files with libyaml (C, about ten times faster) and everything else, and
everything libyaml refuses, with PyYAML's own loader; both give their nodes to one converter. The
two ways must agree on the data, where each key and value stands, which values were typed
unquoted, and the duplicate keys found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.content import yaml_source
from deckgen.errors import ContentError

ROOT = Path(__file__).parents[1]
SHOWN = Path("content/en/issues/01-test.yaml")


def both_ways(text: str):
    """Return TEXT read by libyaml and by PyYAML's loader: (data, positions, typed, problems) each."""
    parseable = yaml_source.parseable(text)
    assert yaml_source._plain_enough(parseable)
    fast = yaml_source._with_libyaml(parseable, SHOWN)
    assert fast is not None, "libyaml refused it"
    loader = yaml_source._Loader(parseable)
    try:
        slow = yaml_source._Converter(loader, SHOWN).load()
    finally:
        loader.dispose()
    return [(data, source.values, source.keys, source.typed, problems) for data, source, problems in (fast, slow)]


TRICKY = [
    "title: Freedom of Religion and Belief\nheadline: 1 of 9 recommendations fully implemented\n",
    "a: NO\nb: ~\nc: yes\nd: 1_000\ne: 0o17\nf: .inf\ng: 2023-12-19\nh: 12:30\ni: 3.50\nj: '007'\n",
    "text: a plain scalar\n  that goes on over\n\n  several lines\nnext: value\n",
    "folded: >\n  one\n  two\n\n  three\nliteral: |-\n    kept\n      indented\n",
    "quoted: \"escapes \\u00e9 \\n \\t and a \\\"quote\\\"\"\nsingle: 'it''s'\n",
    "Қазақстан: Республика Казахстан — 𝒜 wide\n  wrapped ключ\nlist:\n  - один\n  - два: три\n",
    "dup: first\nother: x\ndup: second\n",
    "flow: [a, b, {c: d, e: [1, 2]}]\nempty:\nnull_list: []\n",
    "# a comment\nkey: value # and another\n",
    "closing: Thank you for your attention!\nurl: https://example.org/a?b=c&d=e\n",
    "recommendations:\n- Review Article 22, which states that “everyone has the right”.\n"
    "- text: Adopt it.\n  priority: true\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_libyaml_reads_what_pyyaml_reads(text):
    fast, slow = both_ways(text)
    assert fast == slow


def test_every_shipped_and_fixture_yaml_file_reads_the_same_both_ways():
    files = [
        p
        for folder in ("content", "tests/fixtures", "deckgen/locale", "deckgen/builtin", "assets")
        for p in (ROOT / folder).rglob("*.yaml")
    ]
    read = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if yaml_source._plain_enough(yaml_source.parseable(text)):
            fast, slow = both_ways(text)
            assert fast == slow, path
            read += 1
    assert read >= 25


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",  # an alias: located and bounded by PyYAML's loader alone
        "a: !!str 5\n",
        "a: *emphasis*\n",
        "[" * 300 + "]" * 300,
        "- " * 300 + "deep\n",
        "a: b\n? complex\n: value\n",  # a complex key: libyaml places one without a value elsewhere
    ],
)
def test_anchors_aliases_tags_and_deep_nesting_go_the_pyyaml_way(text):
    assert not yaml_source._plain_enough(yaml_source.parseable(text))


def test_a_mistake_is_said_as_pyyaml_says_it():
    with pytest.raises(ContentError) as raised:
        yaml_source.load_yaml_text("title: a: b\n", SHOWN)
    assert str(raised.value.problems[0]).endswith("text containing ': ' must be in quotes, e.g. title: \"a: b\"")


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(texts, values, min_size=1, max_size=5), flow=st.booleans(), width=st.integers(20, 200))
def test_generated_files_read_the_same_both_ways(data, flow, width):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, width=width, sort_keys=False)
    parseable = yaml_source.parseable(text)
    if not yaml_source._plain_enough(parseable) or yaml_source._with_libyaml(parseable, SHOWN) is None:
        return  # read by PyYAML's loader alone
    fast, slow = both_ways(text)
    assert fast == slow


@pytest.mark.parametrize("text", ["summary:\tratification of the protocol.\n", "%YAML 1.2\n---\na: b\n"])
def test_tabs_and_directives_go_the_pyyaml_way(text):
    """libyaml takes a tab after a key's colon, which PyYAML refuses: the mistake must be said as PyYAML says it."""
    assert not yaml_source._plain_enough(yaml_source.parseable(text))


def test_a_tab_after_a_key_is_a_mistake_said_in_plain_words():
    with pytest.raises(ContentError) as raised:
        yaml_source.load_yaml_text("summary:\tratification of the protocol.\n", SHOWN)
    assert str(raised.value.problems[0]).endswith("indent with spaces, not a tab")


PIECES = [*"abc xyz:-#'\"|>?%@`{}[],\\é\n", "\n  ", "\n- ", ": ", "- ", "\n    ", "...", "---"]
PIECES += ["\u2028", "\ufeff", "\x85", "\t"]


@settings(max_examples=400, deadline=None)
@given(
    base=st.sampled_from(TRICKY),
    edits=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(PIECES)), min_size=1, max_size=4),
)
def test_a_file_with_mistakes_typed_in_reads_the_same_or_goes_the_pyyaml_way(base, edits):
    """What libyaml reads, PyYAML reads the same; what PyYAML refuses, libyaml must refuse (or not be asked)."""
    text = base
    for at, piece in edits:
        cut = int(at * len(text))
        text = text[:cut] + piece + text[cut:]
    parseable = yaml_source.parseable(text)
    if not yaml_source._plain_enough(parseable) or yaml_source._with_libyaml(parseable, SHOWN) is None:
        return
    fast, slow = both_ways(text)  # PyYAML's loader raising here would be a mistake libyaml let through
    assert fast == slow
