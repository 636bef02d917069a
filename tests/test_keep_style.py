"""Issue 24: a rewrite changes only the lines whose values change, whatever layout the file was written in.

Property-based: files in several layouts (indentation, zero-indented lists, flow lists with extra spaces,
comments), one value changed, added or removed; the result holds exactly the rewritten data, and every
line that is not about the changed value stays as it was.
"""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.content.rewrite import dump_text, keep_style, round_trip_yaml

WORDS = st.sampled_from(["implemented", "Ratify the protocol.", "France", "Norway", "a note", "141.10", "NO"])


@st.composite
def layouts(draw):
    """Return (text, number of items) of an issue-like file in a random layout."""
    indent = draw(st.sampled_from([2, 4]))
    dash = draw(st.sampled_from([0, 2]))
    spaced = draw(st.booleans())
    count = draw(st.integers(1, 4))
    pad = " " * indent
    lines = [
        "# statuses from the members' meeting",
        "title: Children's rights",
        "review:",
        f"{pad}cycle: 3",
        f"{pad}recommendations:",
    ]
    item = pad + " " * dash
    for n in range(count):
        states = "[ France,  Norway ]" if spaced else "[France, Norway]"
        lines += [f"{item}- id: '141.{n + 1}'", f"{item}  text: {draw(WORDS)!r}", f"{item}  states: {states}"]
        if draw(st.booleans()):
            lines.append(f"{item}  # checked by the coalition")
        if draw(st.booleans()):
            lines.append(f"{item}  status: implemented")
    lines += ["recommendations:", f"{' ' * dash}- To ratify the protocol."]
    return "\n".join(lines) + "\n", count


@settings(deadline=None)  # several ruamel.yaml dumps per example, on a busy machine
@given(layouts(), st.data())
def test_one_changed_value_changes_only_its_own_lines(layout, data):
    text, count = layout
    yaml = round_trip_yaml()
    doc = yaml.load(text)
    item = doc["review"]["recommendations"][data.draw(st.integers(0, count - 1))]
    action = data.draw(st.sampled_from(["status", "note", "drop"]))
    if action == "status":
        item["status"] = "not_implemented"
    elif action == "note":
        item["note"] = data.draw(WORDS)
    elif "status" in item:
        del item["status"]
    rewritten = dump_text(yaml, doc)
    result = keep_style(text, rewritten)
    safe = round_trip_yaml()
    assert safe.load(result) == safe.load(rewritten)
    changed = [
        line
        for line in difflib.unified_diff(text.splitlines(), result.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert all("status" in line or "note" in line for line in changed), changed
    assert len(changed) <= 2
    assert result.count("# checked by the coalition") == text.count("# checked by the coalition")
