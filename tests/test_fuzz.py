"""A property-based fuzz test: mutated copies of the shipped content, themes, labels and tables.

Every command must return 0, 1 or 2 within a time bound, never print a traceback, never
write outside its output, and a build that succeeds must show every text value on a slide.

`make test` runs the "ci" profile (few examples, derandomized: the same seeds every run);
`make fuzz` runs the "fuzz" profile (thousands of examples). Profiles are registered in
tests/conftest.py. Each case found becomes a plain regression test in tests/test_hostile_input.py.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import re
import shutil
import signal
import tempfile
import time
import warnings
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from deckgen.content.text import text_values
from deckgen.content.yaml_source import load_yaml
from deckgen.plan.ties import plain

from conftest import REPO

COMMAND_SECONDS = 60
"""Any one command on any input finishes or refuses within this (generous: CI machines are slow and shared)."""

FILES = [
    "deck.yaml",
    "issues/01-freedom-of-religion.yaml",
    "issues/02-childrens-rights.yaml",
    "../../assets/themes/coalition.yaml",
]
"""The files mutated, relative to the content set content/en."""
TRANSLATION_FILES = ["../ru/deck.yaml", "../ru/issues/01-freedom-of-religion.yaml", "../ru/issues"]
"""Files of the Russian translation, which check-translation, its --fix and an import into content/ read."""

TRICKY_TEXT = [
    "10:30",
    "0777",
    "0x1F",
    "+12",
    "NO",
    "yes",
    "~",
    "null",
    ".inf",
    "-.nan",
    "1e309",
    "=1+1",
    "@SUM(A1)",
    "{count:d}",
    "{title!r}",
    "{count:>50000000}",
    "{}",
    "{",
    "a\tb",
    "\n" * 200,
    "Қазақстан Республикасы",
    "مرحبا",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u200b\u200f",
    "\x00\x07",
    "\ufeff",
    "a" * 12_000,
    " ".join(["word"] * 3000),
    "logos/../../../etc/passwd",
    "/etc/passwd",
    "logos/coalition.png",
    "#FFFFFF",
    "#000000",
    "",
    " ",
    "- item",
    "key: value",
    "*alias",
    "&anchor x",
    "!!python/object:os.system",
    "10" * 40,
]
"""Values a user (or an attacker) might type where deckgen expects something else."""

RAW_SNIPPETS = [
    "a: &x [1, 2]\nb: *x\n",
    "--- \n",
    "...\n",
    "x: !!binary aGVsbG8=\n",
    "x: !!python/object/apply:os.system [id]\n",
    "<<: {a: 1}\n",
    "\t",
    "\x00",
    "\ufeff",
    "\r\n",
    "x: [\n",
    "'unclosed\n",
    "{a: 1, a: 2}\n",
    "%YAML 1.1\n---\n",
    "? [a, b]\n: c\n",
    "x: *nowhere\n",
]

KINDS = ["empty", "folder", "junk", "symlink-outside", "symlink-loop", "missing", "truncated"]

scalars = (
    st.sampled_from(TRICKY_TEXT)
    | st.text(max_size=60)
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()
    | st.booleans()
    | st.none()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["text", "status", "count", "x", "one", "other"]), inner, max_size=3)
    ),
    max_leaves=8,
)

THEME_KEYS = [
    ("sizes", "subtitle"),
    ("sizes", "body", "max"),
    ("sizes", "body", "min"),
    ("sizes", "chart"),
    ("line_spacing",),
    ("footer_logo",),
    ("fonts", "regular"),
    ("colours", "text"),
    ("charts",),
]
"""Theme values that shape the layout: each is mutated often, not only when the draw picks it among all."""

ASSET_FILES = [
    "../../assets/logos/coalition.png",
    "../../assets/logos/kibhr.png",
    "../../assets/fonts/LiberationSans-Regular.ttf",
    "../../assets/fonts/LiberationSans-Bold.ttf",
]
"""Images and fonts the shipped set uses (fonts under assets/ take precedence over deckgen's own)."""

DECK_KEYS = [
    "time_limit",
    "date",
    "contact",
    "closing_asks",
    "event",
    "format",
    "members",
    "summary",
    "keywords",
    "submission",
    "short_name",
]
"""deck.yaml keys added since the first fuzz round: each is set often, not only when the draw picks it among all."""
ISSUE_KEYS = ["script", "speaker", "headline", "short_title", "notes"]
"""Issue keys of the statement and timing: set often, as DECK_KEYS."""

mutations = st.one_of(
    st.tuples(st.just("key"), st.just("deck.yaml"), st.sampled_from(DECK_KEYS), st.sampled_from(TRICKY_TEXT) | values),
    st.tuples(
        st.just("key"),
        st.sampled_from(FILES[1:3]),
        st.sampled_from(ISSUE_KEYS),
        st.sampled_from(TRICKY_TEXT) | values,
    ),
    st.tuples(st.just("pace"), st.sampled_from(TRICKY_TEXT) | scalars),
    st.tuples(
        st.just("theme"),
        st.sampled_from(THEME_KEYS),
        st.sampled_from(TRICKY_TEXT) | st.floats() | st.integers(min_value=-(10**40), max_value=10**40),
    ),
    st.tuples(st.just("set"), st.sampled_from(FILES), st.integers(min_value=0), values),
    st.tuples(st.just("delete"), st.sampled_from(FILES), st.integers(min_value=0)),
    st.tuples(st.just("raw"), st.sampled_from(FILES), st.integers(min_value=0), st.sampled_from(RAW_SNIPPETS)),
    st.tuples(st.just("kind"), st.sampled_from(FILES + ["issues"] + ASSET_FILES), st.sampled_from(KINDS)),
    st.tuples(st.just("kind"), st.sampled_from(TRANSLATION_FILES), st.sampled_from(KINDS)),
    st.tuples(st.just("kind"), st.sampled_from(ASSET_FILES), st.sampled_from(["junk", "truncated", "empty"])),
    st.tuples(
        st.just("label"),
        st.sampled_from(["chart_total", "issue", "closing", "continued_n", "ordinal", "recommendation", "nonexistent"]),
        st.sampled_from(TRICKY_TEXT) | values,
    ),
    st.tuples(st.just("table"), st.integers(min_value=0), st.integers(min_value=0, max_value=6), scalars),
)

COMMANDS = [
    "check-translation",
    "check-translation-fix",
    "import-all-languages",
    "export",
    "import",
    "xliff-export",
    "new-cycle",
    "schema",
    "annex",
    "handout",
    "timing",
    "submission",
    "workbook",
]


class Timeout(Exception):
    """A command ran longer than COMMAND_SECONDS."""


@contextlib.contextmanager
def time_limit(seconds: int):
    """Raise Timeout in the block after SECONDS: a hang fails the example instead of the whole run."""

    def expire(signum, frame):
        raise Timeout(f"command took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def paths_of(data, path=()):
    """Yield every key path in DATA, the root included."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths_of(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from paths_of(value, (*path, index))


def mutate_yaml(path: Path, index: int, change) -> None:
    """Apply CHANGE (new value -> None, or "delete") at the INDEX-th key path of the YAML file at PATH."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        return
    paths = [p for p in paths_of(data) if p]
    if not paths:
        return
    target = paths[index % len(paths)]
    parent = data
    for part in target[:-1]:
        parent = parent[part]
    if change == "delete":
        del parent[target[-1]]
    else:
        parent[target[-1]] = change
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def change_kind(path: Path, kind: str, outside: Path) -> None:
    """Make PATH what KIND says instead of the file or folder it is."""
    if not path.exists() and path.suffix == ".ttf":  # a font the theme names, not yet under assets/
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "deckgen" / "builtin" / "fonts" / path.name, path)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        data = path.read_bytes() if kind == "truncated" and path.is_file() else b""
        path.unlink()
        if kind == "truncated":
            path.write_bytes(data[: len(data) // 2])
            return
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "folder":
        path.mkdir()
    elif kind == "junk":
        path.write_bytes(bytes(range(256)) * 4)
    elif kind == "symlink-outside":
        os.symlink(outside, path)
    elif kind == "symlink-loop":
        os.symlink(path.name, path)


def apply(root: Path, mutation) -> None:
    """Apply one MUTATION to the copy of the shipped content under ROOT."""
    content = root / "content" / "en"
    kind = mutation[0]
    if kind == "theme":
        theme = root / "assets" / "themes" / "coalition.yaml"
        with contextlib.suppress(OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError):
            data = yaml.safe_load(theme.read_text(encoding="utf-8"))
            parent = data
            for part in mutation[1][:-1]:
                parent = parent[part]
            parent[mutation[1][-1]] = mutation[2]
            theme.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif kind == "set":
        mutate_yaml(content / mutation[1], mutation[2], mutation[3])
    elif kind == "delete":
        mutate_yaml(content / mutation[1], mutation[2], "delete")
    elif kind == "raw":
        path = content / mutation[1]
        if path.is_file():
            text = path.read_bytes()
            lines = text.split(b"\n")
            at = mutation[2] % (len(lines) + 1)
            lines.insert(at, mutation[3].encode("utf-8", "surrogatepass"))
            path.write_bytes(b"\n".join(lines))
    elif kind == "kind":
        change_kind(content / mutation[1], mutation[2], root / "outside" / "secret.txt")
    elif kind == "key":
        path = content / mutation[1]
        with contextlib.suppress(OSError, UnicodeDecodeError, yaml.YAMLError, TypeError):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                data[mutation[2]] = mutation[3]
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif kind == "pace":  # an assets/locales/en.yaml of the user's, its speaking pace mutated
        locale = root / "assets" / "locales" / "en.yaml"
        locale.parent.mkdir(parents=True, exist_ok=True)
        data = yaml.safe_load((REPO / "deckgen" / "locale" / "en.yaml").read_text(encoding="utf-8"))
        data["pace"] = mutation[1]
        locale.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    elif kind == "label":
        deck = content / "deck.yaml"
        if deck.is_file():
            with contextlib.suppress(UnicodeDecodeError):
                deck.write_text(
                    deck.read_text(encoding="utf-8")
                    + yaml.safe_dump({"labels": {mutation[1]: mutation[2]}}, allow_unicode=True),
                    encoding="utf-8",
                )


def mutate_table(table: Path, row: int, column: int, value) -> None:
    """Set one cell of the CSV TABLE (as deckgen export wrote it) to VALUE."""
    with open(table, newline="", encoding="utf-8-sig") as file:
        rows = list(csv.reader(file))
    if len(rows) < 2:
        return
    cells = rows[1 + row % (len(rows) - 1)]
    cells[column % len(cells)] = "" if value is None else str(value)
    with open(table, "w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)


def snapshot(root: Path, skip: frozenset[str] | set[str] = frozenset()) -> dict[str, str]:
    """Return every path under ROOT with a digest of what it is (symlinks not followed), but the folders SKIP
    names (relative to ROOT) and what they hold."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if str((Path(folder) / d).relative_to(root)) not in skip]
        for name in dirs + files:
            path = Path(folder) / name
            relative = str(path.relative_to(root))
            if path.is_symlink():
                found[relative] = "-> " + os.readlink(path)
            elif path.is_file():
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                found[relative] = "dir"
            else:
                found[relative] = "other"
    return found


def words(text: str) -> set[str]:
    """Return TEXT's words as a slide shows them: spaces, TABs and line breaks all separate words."""
    return set(re.split(r"[\s\x0b]+", text)) - {""}


def deck_text(path: Path) -> str:
    """Return all the text of the deck at PATH: text boxes, tables and speaker notes."""
    parts = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return plain("\n".join(parts))  # the word joiners and no-break spaces that typesetting adds


SHOWN_ELSEWHERE = {"labels", "review", "members", "summary", "keywords", "short_title", "speaker"}
"""Top-level keys whose text need not be on a slide as written: labels fill templates; the review's
tracked recommendations show only in the annex (its findings are checked); members, summary and
keywords are the submission's; a short title runs only on the report's continuation slides; a speaker
is named in `deckgen timing`."""


def missing_text(content: Path, pptx: Path) -> list[str]:
    """Return the words of CONTENT's text values that the deck at PPTX does not show."""
    shown = words(deck_text(pptx))
    missing = []
    for path in [content / "deck.yaml", *sorted((content / "issues").glob("*.yaml"))]:
        if path.name.startswith("."):
            continue
        data = load_yaml(path).data
        for key_path, text in text_values(data):
            if key_path[0] in SHOWN_ELSEWHERE and key_path[:2] != ("review", "findings"):
                continue
            # words longer than a line are broken inside, possibly across slides
            missing += [word for word in words(text) if len(word) <= 20 and word not in shown]
    return missing


def run(root: Path, args: list[str], allowed: list[Path]) -> int:
    """Run deckgen ARGS in ROOT; check exit code, time, output and what changed; return the exit code."""
    from deckgen.cli import cli

    before = snapshot(root)
    started = time.monotonic()
    with time_limit(COMMAND_SECONDS):
        result = CliRunner().invoke(cli, args, prog_name="deckgen", catch_exceptions=False)
    elapsed = time.monotonic() - started
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output, result.output
    assert "not-to-be-printed" not in result.output, result.output  # nothing from outside the project
    assert elapsed < COMMAND_SECONDS, (args, elapsed)
    after = snapshot(root)
    prefixes = [str(p.relative_to(root)) for p in allowed]
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    outside = sorted(p for p in changed if not any(p == q or p.startswith(q + os.sep) for q in prefixes))
    assert not outside, (args, outside)
    return result.exit_code


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(
    changes=st.lists(mutations, min_size=1, max_size=3),
    commands=st.lists(st.sampled_from(COMMANDS), min_size=1, max_size=2, unique=True),
)
def test_no_input_makes_deckgen_crash_hang_or_write_elsewhere(changes, commands):
    with tempfile.TemporaryDirectory(prefix="deckgen-fuzz-") as temp:
        root = Path(temp)
        shutil.copytree(REPO / "content", root / "content", ignore=shutil.ignore_patterns("kk"))
        shutil.copytree(REPO / "assets", root / "assets", ignore=shutil.ignore_patterns("*.py", "*.md"))
        (root / "outside").mkdir()
        (root / "outside" / "secret.txt").write_text("api_token: TOKEN=not-to-be-printed\n")  # YAML, to be shown
        table_changes = [change for change in changes if change[0] == "table"]
        for change in changes:
            if change[0] != "table":
                apply(root, change)
        previous = Path.cwd()
        os.chdir(root)
        try:
            content, out = Path("content/en"), root / "out"
            run(root, ["validate", str(content)], [])
            if run(root, ["build", str(content), "-o", "out/deck.pptx"], [out]) == 0:
                missing = missing_text(content, out / "deck.pptx")
                assert not missing, missing[:10]
            for command in commands:
                if command == "check-translation":
                    run(root, ["check-translation", str(content), "content/ru"], [])
                elif command == "check-translation-fix":
                    run(root, ["check-translation", str(content), "content/ru", "--fix"], [root / "content" / "ru"])
                elif command == "import-all-languages":
                    table = out / "all.csv"
                    if run(root, ["export", str(content), "-o", str(table)], [out]) == 0:
                        for _, row, column, value in table_changes:
                            mutate_table(table, row, column, value)
                        run(root, ["import", str(table), "--into", "content"], [root / "content"])
                elif command == "export":
                    run(root, ["export", str(content), "-o", "out/table.xlsx"], [out])
                elif command == "import":
                    table = out / "table.csv"
                    if run(root, ["export", str(content), "-o", str(table)], [out]) == 0:
                        for _, row, column, value in table_changes:
                            mutate_table(table, row, column, value)
                        run(root, ["import", str(table), "--into", str(content)], [root / "content" / "en"])
                elif command == "xliff-export":
                    run(root, ["xliff", "export", str(content), "-t", "ru", "-o", "out/ru.xlf"], [out])
                elif command == "new-cycle":
                    run(root, ["new-cycle", str(content), "next/en"], [root / "next"])
                elif command == "schema":
                    run(root, ["schema", "issue", "-o", "out/issue.schema.json"], [out])
                elif command == "annex":
                    run(root, ["build", str(content), "-o", "out/annex.pptx", "--annex", "--draft"], [out])
                elif command == "timing":
                    run(root, ["timing", str(content)], [])
                elif command == "submission":
                    run(root, ["submission", str(content), "-o", "out/submission.docx", "--draft"], [out])
                elif command == "workbook":
                    if run(root, ["workbook", "export", str(content), "-o", "out/deck.xlsx"], [out]) == 0:
                        run(root, ["workbook", "import", "out/deck.xlsx", "--into", str(content)], [root / "content"])
                elif command == "handout":
                    if run(root, ["handout", str(content), "-o", "out/h.pdf", "--annex"], [out]) == 0:
                        pdf = (out / "h.pdf").read_bytes()
                        assert pdf.startswith(b"%PDF-") and b"not-to-be-printed" not in pdf
        finally:
            os.chdir(previous)


# --- templates: mutated zip members, XML parts, relationships, content types and sizes ----------------------

HOSTILE = ["external_links", "macros", "ole_and_activex", "document_properties"]
"""What a template carries that no deck may (tests/hostile_templates.py)."""

XML_SNIPPETS = [
    "&nowhere;",
    "<!DOCTYPE x [<!ENTITY a 'b'>]>",
    "\udcff",
    "<",
    "</p:spTree>",
    "]]>",
    "<a:blip/>",
    "\x00",
    "<p:sp></p:sp>",
    'r:id="rId1"',
]
ATTRIBUTE_VALUES = [
    "wide",
    "-1",
    "0",
    "1" * 30,
    "",
    "one",
    "1e3",
    " 5",
    "rId9999",
    "http://attribute.invalid/x",
    "../../../../outside",
    "/ppt/presentation.xml",
]
"""Attribute values put anywhere (no word deck_problems looks for: text in a name is harmless)."""
TARGETS = [
    "http://127.0.0.1:9/x",
    "file:///etc/passwd",
    "../../../outside.xml",
    "nowhere.xml",
    "",
    "/[Content_Types].xml",
    "../slideMasters/slideMaster1.xml",
]
REL_TYPES = [
    "hyperlink",
    "oleObject",
    "image",
    "slideLayout",
    "theme",
    "package",
    "control",
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    "customXml",
    "font",
    "audio",
]

template_mutations = st.one_of(
    st.tuples(
        st.just("member"), st.integers(min_value=0), st.sampled_from(["delete", "truncate", "junk", "empty", "rename"])
    ),
    st.tuples(st.just("xml"), st.integers(min_value=0), st.integers(min_value=0), st.sampled_from(XML_SNIPPETS)),
    st.tuples(
        st.just("attribute"), st.integers(min_value=0), st.integers(min_value=0), st.sampled_from(ATTRIBUTE_VALUES)
    ),
    st.tuples(
        st.just("rel"),
        st.integers(min_value=0),
        st.integers(min_value=0),
        st.sampled_from(TARGETS),
        st.sampled_from(REL_TYPES),
        st.booleans(),
    ),
    st.tuples(st.just("types"), st.integers(min_value=0), st.sampled_from(["drop", "main", "truncate", "macro"])),
    st.tuples(
        st.just("size"), st.integers(min_value=-10, max_value=10**12), st.integers(min_value=-10, max_value=10**12)
    ),
)

_BASE_TEMPLATE: dict[str, bytes] = {}


def base_template(tmp: Path) -> dict[str, bytes]:
    """Return the parts of template_maker's template (made once per run)."""
    if not _BASE_TEMPLATE:
        from hostile_templates import parts_of
        from template_maker import make_template

        _BASE_TEMPLATE.update(parts_of(make_template(tmp / "base.pptx")))
    return dict(_BASE_TEMPLATE)


def mutate_template(parts: dict[str, bytes], mutation) -> None:
    """Apply one template MUTATION to PARTS in place."""
    kind, names = mutation[0], sorted(parts)
    xml_names = [n for n in names if n.endswith((".xml", ".rels"))]
    if kind == "member":
        name = names[mutation[1] % len(names)]
        data = parts.pop(name)
        if mutation[2] == "truncate":
            parts[name] = data[: len(data) // 2]
        elif mutation[2] == "junk":
            parts[name] = bytes(range(256))
        elif mutation[2] == "empty":
            parts[name] = b""
        elif mutation[2] == "rename":
            parts[name.upper()] = data
    elif kind == "xml":
        name = xml_names[mutation[1] % len(xml_names)]
        data = parts[name]
        at = mutation[2] % (len(data) + 1)
        parts[name] = data[:at] + mutation[3].encode("utf-8", "surrogateescape") + data[at:]
    elif kind == "attribute":
        name = xml_names[mutation[1] % len(xml_names)]
        found = list(re.finditer(rb'="([^"]*)"', parts[name]))
        if found:
            match = found[mutation[2] % len(found)]
            parts[name] = parts[name][: match.start(1)] + mutation[3].encode() + parts[name][match.end(1) :]
    elif kind == "rel":
        rels = [n for n in names if n.endswith(".rels")]
        name = rels[mutation[1] % len(rels)]
        relationship_type = (
            mutation[4]
            if "/" in mutation[4]
            else "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + mutation[4]
        )
        mode = ' TargetMode="External"' if mutation[5] else ""
        parts[name] = parts[name].replace(
            b"</Relationships>",
            (
                f'<Relationship Id="rIdF{mutation[2] % 5}" Type="{relationship_type}" Target="{mutation[3]}"{mode}/>'
                f"</Relationships>"
            ).encode(),
        )
    elif kind == "types":
        types = parts.get("[Content_Types].xml", b"")
        overrides = list(re.finditer(rb"<Override [^>]*/>", types))
        if mutation[2] == "drop" and overrides:
            match = overrides[mutation[1] % len(overrides)]
            types = types[: match.start()] + types[match.end() :]
        elif mutation[2] == "main":
            types = types.replace(b"presentationml.presentation.main", b"presentationml.slideshow.main")
        elif mutation[2] == "macro":
            types = re.sub(
                rb"application/vnd\.openxmlformats-officedocument\.presentationml\.presentation\.main"
                rb"\+xml",
                b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
                types,
            )
        else:
            types = types[: mutation[1] % (len(types) + 1)]
        parts["[Content_Types].xml"] = types
    elif kind == "size":
        parts["ppt/presentation.xml"] = re.sub(
            rb"<p:sldSz [^>]*/>",
            f'<p:sldSz cx="{mutation[1]}" cy="{mutation[2]}"/>'.encode(),
            parts["ppt/presentation.xml"],
        )


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(
    hostile=st.lists(st.sampled_from(HOSTILE), unique=True, max_size=4),
    changes=st.lists(template_mutations, max_size=3),
)
def test_no_template_makes_deckgen_crash_hang_or_carry_what_is_not_its_own(hostile, changes):
    import hostile_templates

    from conftest import VALID_DECK, VALID_ISSUE

    with tempfile.TemporaryDirectory(prefix="deckgen-fuzz-") as temp:
        root = Path(temp)
        (root / "deck" / "issues").mkdir(parents=True)
        (root / "deck" / "deck.yaml").write_text(VALID_DECK, encoding="utf-8")
        (root / "deck" / "issues" / "01-a.yaml").write_text(VALID_ISSUE, encoding="utf-8")
        parts = base_template(root)
        for name in hostile:
            getattr(hostile_templates, name)(parts)
        for change in changes:
            mutate_template(parts, change)
        template = hostile_templates.write_parts(root / "t.pptx", parts)
        written = template.read_bytes()
        previous = Path.cwd()
        os.chdir(root)
        try:
            out = root / "out"
            args = ["build", "deck", "-o", "out/deck.pptx", "--assets", str(REPO / "assets"), "--template", "t.pptx"]
            if run(root, args, [out]) == 0:
                problems = hostile_templates.deck_problems(out / "deck.pptx")
                assert not problems, problems
                Presentation(str(out / "deck.pptx"))  # it opens
            else:
                assert not out.exists()
            run(root, ["template", "inspect", "t.pptx"], [])
            assert template.read_bytes() == written  # a template is an input
        finally:
            os.chdir(previous)


# --- XLIFF import: mutated translation files -----------------------------------------------------------------

XLIFF_SNIPPETS = [
    '<!DOCTYPE xliff [<!ENTITY e "expanded">]>',
    '<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    "&e;",
    "&#0;",
    "&#x1b;",
    "&#xD800;",
    "\x00",
    "\x07",
    '<g id="1">bold</g>',
    '<x id="2"/>',
    '<bpt id="3">{b}</bpt>',
    "<script>alert(1)</script>",
    "<![CDATA[<b>not markup</b>]]>",
    "<?pi data?>",
    "<!-- a comment -->",
    "</trans-unit>",
    '<trans-unit id="x"><source>s</source><target>t</target></trans-unit>',
    "<target>a second target</target>",
    "<",
    "&",
    "]]>",
    "\udcff",
    '<mrk mtype="seg" mid="1">marked</mrk>',
]
"""Raw text put anywhere in an XLIFF file: entities, control characters, inline codes, markup a tool would not write."""
XLIFF_STATES = [
    "translated",
    "final",
    "signed-off",
    "new",
    "needs-translation",
    "needs-review-translation",
    "",
    "x" * 500,
]
XLIFF_ATTRIBUTES = ["target-language", "source-language", "version", "original", "xml:space", "datatype"]
XLIFF_VALUES = [
    "ru",
    "kk",
    "en",
    "de-DE",
    "",
    "xx-invalid",
    "RU",
    "2.0",
    "1.1",
    "deck.yaml",
    "issues/01-a.yaml",
    "../../etc/passwd",
    "preserve",
    "default",
    "nonsense",
]
UNIT_IDS = [
    "",
    "nowhere",
    "deck.yaml#title@00000000",
    "deck.yaml#title",
    "../../x",
    "x" * 5000,
    "deck.yaml#title@3d3bf3e9",
]

xliff_mutations = st.one_of(
    st.tuples(st.just("target"), st.integers(min_value=0), st.sampled_from(TRICKY_TEXT) | st.text(max_size=80)),
    st.tuples(st.just("raw"), st.integers(min_value=0), st.sampled_from(XLIFF_SNIPPETS)),
    st.tuples(st.just("id"), st.integers(min_value=0), st.sampled_from(UNIT_IDS) | st.integers(min_value=0)),
    st.tuples(st.just("state"), st.integers(min_value=0), st.sampled_from(XLIFF_STATES)),
    st.tuples(st.just("attribute"), st.sampled_from(XLIFF_ATTRIBUTES), st.sampled_from(XLIFF_VALUES)),
    st.tuples(
        st.just("encoding"),
        st.sampled_from(["utf-16", "utf-16-undeclared", "latin-1", "cp1251-declared", "bom", "truncate", "empty"]),
    ),
    st.tuples(st.just("huge"), st.sampled_from(["target", "file", "units"])),
    st.tuples(st.just("delete"), st.integers(min_value=0)),
)

_UNIT = re.compile(r"<trans-unit\b.*?</trans-unit>", re.S)


def xml_text(value) -> str:
    """Return VALUE as text escaped for an XML element (characters XML cannot hold are kept: a mutation too)."""
    text = "" if value is None else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mutate_xliff(text: str, mutation) -> str | bytes:
    """Return the XLIFF TEXT with one MUTATION applied (bytes once the encoding is what was mutated)."""
    kind, units = mutation[0], list(_UNIT.finditer(text))
    if kind in ("target", "id", "state", "delete") and units:
        unit = units[mutation[1] % len(units)]
        body = unit.group(0)
        if kind == "target":
            body = re.sub(
                r"<target([^>]*)>.*?</target>",
                lambda m: f"<target{m[1]}>{xml_text(mutation[2])}</target>",
                body,
                flags=re.S,
            )
        elif kind == "id":
            new = (
                mutation[2]
                if isinstance(mutation[2], str)
                else re.findall(r' id="([^"]*)"', units[mutation[2] % len(units)][0])[0]
            )
            body = re.sub(r' id="[^"]*"', f' id="{xml_text(new)}"', body, count=1)
        elif kind == "state":
            body = re.sub(r' state="[^"]*"', f' state="{mutation[2]}"', body, count=1)
        else:
            body = ""
        return text[: unit.start()] + body + text[unit.end() :]
    if kind == "raw":
        at = mutation[1] % (len(text) + 1)
        return text[:at] + mutation[2] + text[at:]
    if kind == "attribute":
        name = mutation[1]
        if f' {name}="' in text:
            return re.sub(f' {re.escape(name)}="[^"]*"', f' {name}="{mutation[2]}"', text, count=1)
        return text.replace("<file ", f'<file {name}="{mutation[2]}" ', 1)
    if kind == "encoding":
        how = mutation[1]
        if how == "utf-16":
            return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
        if how == "utf-16-undeclared":
            return text.encode("utf-16-le")
        if how == "latin-1":
            return text.encode("latin-1", "replace")
        if how == "cp1251-declared":
            return text.replace('encoding="UTF-8"', 'encoding="windows-1251"').encode("cp1251", "replace")
        if how == "bom":
            return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogateescape")
        if how == "truncate":
            return text[: len(text) // 2]
        return ""
    if kind == "huge":
        if mutation[1] == "target":
            return text.replace("</target>", "x" * 11_000_000 + "</target>", 1)
        if mutation[1] == "file":
            return text.replace("</xliff>", "<!--" + "x" * 21_000_000 + "--></xliff>")
        if units:  # 20,000 copies of a unit under new ids
            copies = "".join(re.sub(r' id="[^"]*"', f' id="copy{n}"', units[0][0], count=1) for n in range(20_000))
            return text.replace("</body>", copies + "</body>", 1)
    return text


_BASE_XLIFF: dict[str, str] = {}

SMALL_SECOND_ISSUE = """\
title: Freedom of expression
review:
  cycle: 3
  total: 4
  counts:
    implemented: 1
    not_implemented: 3
  findings:
    - status: not_implemented
      summary: criminal defamation.
      text:
        - Defamation is still a crime (Article 130).
        - Journalists were fined in 2023.
recommendations:
  - To repeal Article 130.
  - text: To free the journalists.
    priority: true
"""


def located(line: str) -> bool:
    """Return whether LINE starts with a file or folder deckgen read or was to write, as a located message does."""
    return re.match(r"(ru\.xlf|deck\.xlsx|deck|ru)(/[^:]*)?(:\d+)*: ", line) is not None


def small_set(root: Path) -> Path:
    from conftest import VALID_DECK, VALID_ISSUE

    (root / "deck" / "issues").mkdir(parents=True)
    (root / "deck" / "deck.yaml").write_text(VALID_DECK, encoding="utf-8")
    (root / "deck" / "issues" / "01-a.yaml").write_text(VALID_ISSUE, encoding="utf-8")
    (root / "deck" / "issues" / "02-b.yaml").write_text(SMALL_SECOND_ISSUE, encoding="utf-8")
    shutil.copytree(REPO / "assets", root / "assets", ignore=shutil.ignore_patterns("*.py", "*.md"))
    return root / "deck"


def refused_or_done(root: Path, args: list[str], allowed: list[Path]) -> int:
    """Run ARGS as run() does; on failure also check that nothing at all changed and the message is located."""
    from deckgen.cli import cli

    before = snapshot(root)
    with warnings.catch_warnings(record=True) as caught:  # a library's warning would print its source lines
        warnings.simplefilter("always")
        code = run(root, args, allowed)
    assert not [w for w in caught if issubclass(w.category, UserWarning)], [str(w.message) for w in caught]
    if code != 0:
        assert snapshot(root) == before, args
        result = CliRunner().invoke(cli, args, prog_name="deckgen", catch_exceptions=False)  # its message again
        errors = [line for line in result.stderr.splitlines() if ": warning: " not in line and line.strip()]
        assert errors and located(errors[0]), (args, result.stderr[:500])
    return code


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(
    changes=st.lists(xliff_mutations, min_size=1, max_size=3),
    merge=st.booleans(),
    options=st.lists(st.sampled_from(["--force", "--allow-untranslated", "--dry-run"]), unique=True, max_size=2),
)
def test_no_xliff_file_makes_the_import_crash_hang_or_change_what_it_refuses(changes, merge, options):
    with tempfile.TemporaryDirectory(prefix="deckgen-fuzz-") as temp:
        root = Path(temp)
        small_set(root)
        previous = Path.cwd()
        os.chdir(root)
        try:
            if not _BASE_XLIFF:
                assert run(root, ["xliff", "export", "deck", "-t", "ru", "-o", "ru.xlf"], [root / "ru.xlf"]) == 0
                exported = (root / "ru.xlf").read_text(encoding="utf-8")
                _BASE_XLIFF["ru"] = re.sub(
                    r"(<source>(.*?)</source>)", r'\1<target state="translated">ru \2</target>', exported, flags=re.S
                )
            text: str | bytes = _BASE_XLIFF["ru"]
            if merge:  # an existing translation to merge into
                (root / "ru.xlf").write_text(text, encoding="utf-8")
                assert run(root, ["xliff", "import", "ru.xlf", "deck", "-o", "ru"], [root / "ru"]) == 0
            for change in changes:
                if isinstance(text, str):
                    text = mutate_xliff(text, change)
            data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogateescape")
            (root / "ru.xlf").write_bytes(data)
            args = ["xliff", "import", "ru.xlf", "deck", "-o", "ru", *options]
            allowed = [] if "--dry-run" in options else [root / "ru"]
            if refused_or_done(root, args, allowed) == 0 and "--dry-run" not in options:
                assert run(root, ["validate", "ru"], []) == 0  # what an import writes is a valid content set
            assert (root / "ru.xlf").read_bytes() == data  # an input
        finally:
            os.chdir(previous)


# --- workbook import: mutated workbooks ----------------------------------------------------------------------

WORKBOOK_XML_SNIPPETS = [
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    "&e;",
    "<",
    "\x00",
    "</sheetData>",
    '<row r="1"><c r="A1" t="s"><v>999999</v></c></row>',
    '<c r="B2" t="n"><v>1e400</v></c>',
    '<c r="C3" t="inlineStr"><is><t>\x07</t></is></c>',
    '<c r="XFD1048576"><v>1</v></c>',
]

workbook_mutations = st.one_of(
    st.tuples(
        st.just("cell"),
        st.integers(min_value=0, max_value=3),
        st.integers(min_value=1, max_value=14),
        st.integers(min_value=1, max_value=8),
        scalars | st.sampled_from(TRICKY_TEXT),
    ),
    st.tuples(
        st.just("sheet"), st.integers(min_value=0, max_value=3), st.sampled_from(["delete", "rename", "hide", "add"])
    ),
    st.tuples(st.just("member"), st.integers(min_value=0), st.sampled_from(["delete", "truncate", "junk", "empty"])),
    st.tuples(
        st.just("xml"), st.integers(min_value=0), st.integers(min_value=0), st.sampled_from(WORKBOOK_XML_SNIPPETS)
    ),
)


def mutate_workbook(path: Path, changes) -> None:
    """Apply CHANGES to the workbook at PATH: cells and sheets through openpyxl, then its zip members raw."""
    import zipfile

    from openpyxl import load_workbook

    edits = [c for c in changes if c[0] in ("cell", "sheet")]
    if edits:
        book = load_workbook(path)
        for change in edits:
            sheets = book.worksheets
            sheet = sheets[change[1] % len(sheets)]
            if change[0] == "cell":
                value = change[4]
                if isinstance(value, (list, dict)):
                    value = str(value)
                if isinstance(value, int) and abs(value) > 2**53:
                    value = str(value)
                with contextlib.suppress(ValueError, TypeError):  # what openpyxl cannot write, Excel cannot either
                    sheet.cell(change[2], change[3], value)
            elif change[2] == "delete" and len(sheets) > 1:
                book.remove(sheet)
            elif change[2] == "rename":
                sheet.title = "Renamed"
            elif change[2] == "hide" and len(sheets) > 1:
                sheet.sheet_state = "hidden"
            elif change[2] == "add":
                book.create_sheet("Extra")
        book.save(path)
    raw = [c for c in changes if c[0] in ("member", "xml")]
    if raw:
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        for change in raw:
            names = sorted(parts)
            if change[0] == "member":
                name = names[change[1] % len(names)]
                data = parts.pop(name)
                if change[2] == "truncate":
                    parts[name] = data[: len(data) // 2]
                elif change[2] == "junk":
                    parts[name] = bytes(range(256))
                elif change[2] == "empty":
                    parts[name] = b""
            else:
                xml_names = [n for n in names if n.endswith((".xml", ".rels"))]
                if xml_names:
                    name = xml_names[change[1] % len(xml_names)]
                    at = change[2] % (len(parts[name]) + 1)
                    parts[name] = parts[name][:at] + change[3].encode() + parts[name][at:]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in parts.items():
                target.writestr(name, data)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(changes=st.lists(workbook_mutations, min_size=1, max_size=3), dry_run=st.booleans())
def test_no_workbook_makes_the_import_crash_hang_or_change_what_it_refuses(changes, dry_run):
    with tempfile.TemporaryDirectory(prefix="deckgen-fuzz-") as temp:
        root = Path(temp)
        small_set(root)
        previous = Path.cwd()
        os.chdir(root)
        try:
            assert run(root, ["workbook", "export", "deck", "-o", "deck.xlsx"], [root / "deck.xlsx"]) == 0
            mutate_workbook(root / "deck.xlsx", changes)
            data = (root / "deck.xlsx").read_bytes()
            args = ["workbook", "import", "deck.xlsx", "--into", "deck", *(["--dry-run"] if dry_run else [])]
            if refused_or_done(root, args, [] if dry_run else [root / "deck"]) == 0 and not dry_run:
                assert run(root, ["validate", "deck"], []) == 0  # what an import writes is a valid content set
            assert (root / "deck.xlsx").read_bytes() == data  # an input
        finally:
            os.chdir(previous)
