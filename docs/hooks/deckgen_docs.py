"""MkDocs hook: the parts of the manual that are generated from the code, so they cannot drift from it.

- `<!-- deckgen:cli-reference -->` becomes every command's `--help`, as the terminal shows it (docs/cli.md);
- `<!-- deckgen:module-map -->` becomes a table of deckgen's modules with the first paragraph of each one's
  docstring, and `<!-- deckgen:layers -->` the import layers of pyproject.toml (docs/architecture.md);
- pages named in mkdocs.yml's nav that do not exist (yet) are left out of the nav, so a page can be listed
  before it is written without `mkdocs build --strict` failing.

tests/test_docs.py imports this file to check that every command appears in the reference with its help.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "deckgen"
CLI_MARKER = "<!-- deckgen:cli-reference -->"
MODULE_MARKER = "<!-- deckgen:module-map -->"
LAYERS_MARKER = "<!-- deckgen:layers -->"
HELP_WIDTH = 100


def commands(group: click.Group | None = None) -> Iterator[tuple[str, click.Command, click.Context]]:
    """Yield (full name, command, its context) for deckgen and every command under it, in name order."""
    from deckgen.cli import cli

    def walk(command: click.Command, name: str, parent: click.Context | None):
        settings = {**command.context_settings, "terminal_width": HELP_WIDTH, "max_content_width": HELP_WIDTH}
        context = click.Context(command, info_name=name.rpartition(" ")[2], parent=parent, **settings)
        yield name, command, context
        if isinstance(command, click.Group):
            for sub in sorted(command.list_commands(context)):
                child = command.get_command(context, sub)
                if child is not None and not child.hidden:
                    yield from walk(child, f"{name} {sub}", context)

    yield from walk(group or cli, "deckgen", None)


def cli_reference() -> str:
    """Return the Markdown of every command's help: a heading per command, its --help below."""
    parts = []
    for name, command, context in commands():
        level = "###" if name.count(" ") > 1 else "##"
        summary = command.get_short_help_str(limit=HELP_WIDTH)
        parts.append(f"{level} {name}\n\n{summary}\n\n```text\n{command.get_help(context)}\n```\n")
    return "\n".join(parts)


def _first_paragraph(docstring: str) -> str:
    paragraph = docstring.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in paragraph.splitlines())


def module_map() -> str:
    """Return a Markdown table: each module of deckgen and the first paragraph of its docstring."""
    rows = ["| module | what it does |", "| --- | --- |"]
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.name == "__main__.py":
            continue
        name = ".".join(("deckgen", *relative.with_suffix("").parts))
        name = name.removesuffix(".__init__")
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        text = _first_paragraph(docstring).replace("|", "\\|")
        rows.append(f"| `{name}` | {text} |")
    return "\n".join(rows) + "\n"


def layers() -> str:
    """Return the import layers of pyproject.toml's layers contract, top first: `cli` > `watch`, `cycle` > ..."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (stack,) = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    return " > ".join(", ".join(f"`{name.strip().removeprefix('deckgen.')}`" for name in layer.split(":"))
                      for layer in stack)


def _existing(nav: Any, docs: Path) -> Any:
    """Return NAV without the pages that do not exist in DOCS (and without sections left empty)."""
    if isinstance(nav, str):
        return nav if nav.startswith(("http://", "https://")) or (docs / nav).is_file() else None
    if isinstance(nav, list):
        kept = [entry for entry in (_existing(item, docs) for item in nav) if entry not in (None, [], {})]
        return kept
    if isinstance(nav, dict):
        kept_dict = {title: _existing(value, docs) for title, value in nav.items()}
        return {title: value for title, value in kept_dict.items() if value not in (None, [], {})}
    return nav


def on_config(config: Any) -> Any:
    if config.get("nav"):
        config["nav"] = _existing(config["nav"], Path(config["docs_dir"]))
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if CLI_MARKER in markdown:
        markdown = markdown.replace(CLI_MARKER, cli_reference())
    if MODULE_MARKER in markdown:
        markdown = markdown.replace(MODULE_MARKER, module_map())
    if LAYERS_MARKER in markdown:
        markdown = markdown.replace(LAYERS_MARKER, layers())
    return markdown
