"""UI labels for a deck's language: plural forms, ordinals and numbers follow CLDR (via Babel)."""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from deckgen.errors import closest

LOCALE_DIR = Path(__file__).parent


def available_languages() -> list[str]:
    """Return the languages that have a locale file."""
    return sorted(p.stem for p in LOCALE_DIR.glob("*.yaml"))


@dataclass(frozen=True)
class Locale:
    """Labels of one language, with CLDR plural and number rules."""

    language: str
    """The deck's language tag, e.g. en or en-GB."""
    tag: str
    """Tag written on text runs, e.g. en-US."""
    labels: dict

    @cached_property
    def _babel(self):
        import babel

        return babel.Locale.parse(self.language.replace("-", "_"))

    def text(self, key: str, **values) -> str:
        """Return label KEY with its {placeholders} filled; numbers are formatted for the locale."""
        template = self.labels[key]
        return template.format(**{k: self.number(v) if isinstance(v, int) else v for k, v in values.items()})

    def plural(self, key: str, count: int) -> str:
        """Return the form of plural label KEY that goes with COUNT."""
        forms = self.labels[key]
        return forms.get(self._babel.plural_form(count), forms["other"])

    def ordinal(self, n: int) -> str:
        """Return N as an ordinal, e.g. 3rd."""
        forms = self.labels["ordinal"]
        return forms.get(self._babel.ordinal_form(n), forms["other"]).format(n=self.number(n))

    def number(self, n: int) -> str:
        """Return N written as the locale writes numbers."""
        from babel.numbers import format_decimal

        return format_decimal(n, locale=self._babel)

    def percent(self, fraction: float) -> str:
        """Return FRACTION (0.88) as the locale writes a whole percentage ("88%", "88 %")."""
        from babel.numbers import format_percent

        return format_percent(fraction, locale=self._babel)

    def join(self, items: list[str]) -> str:
        """Return ITEMS as a list in running text: "a, b and c"."""
        from babel.lists import format_list

        return format_list(items, locale=self._babel)

    def status(self, key: str) -> str:
        """Return the label of a status word (or not_broken_down)."""
        return self.labels[f"status.{key}"]


class UnknownLanguage(LookupError):
    """No locale file for a language."""


def load_locale(language: str, overrides: dict | None = None) -> Locale:
    """Return the locale for LANGUAGE (e.g. en-GB falls back to en), with OVERRIDES applied to its labels.

    An override of a plural label may give only some of its forms; the others stay.
    Check overrides first with override_problems.
    """
    raw = _locale_file(language)
    tag = raw["tag"] if "-" not in language else language
    labels = dict(raw["labels"])
    for key, value in (overrides or {}).items():
        labels[key] = labels[key] | value if isinstance(labels.get(key), dict) else value
    return Locale(language=language, tag=tag, labels=labels)


@dataclass(frozen=True)
class OverrideProblem:
    """Why deckgen cannot use one label override, and where in `labels:` to say so."""

    key: str
    form: str | None
    """The plural form at fault, if one is."""
    message: str
    at_key: bool
    """Point at the key that names the override (a wrong name), rather than its value."""


def override_problems(language: str, overrides: dict) -> list[OverrideProblem]:
    """Return an OverrideProblem for every override deckgen cannot use.

    An override must name a label the locale has, be text where the label is
    text and forms where it has plural forms, name only the language's plural
    categories, and use only the {placeholders} deckgen fills for that label.
    """
    labels = _locale_file(language)["labels"]
    problems = []
    for key, value in overrides.items():
        if key not in labels:
            near = closest(key, labels)
            hint = f"did you mean '{near}'?" if near else "the labels are listed in deckgen/locale/en.yaml"
            problems.append(OverrideProblem(key, None, f"unknown label '{key}'; {hint}", at_key=True))
            continue
        base = labels[key]
        if isinstance(base, dict) != isinstance(value, dict):
            shape = ("plural forms such as " + ", ".join(f"{form}: ..." for form in base)) \
                if isinstance(base, dict) else "one piece of text"
            problems.append(OverrideProblem(key, None, f"label '{key}' takes {shape}", at_key=False))
            continue
        forms = value.items() if isinstance(value, dict) else [(None, value)]
        for form, text in forms:
            if form is not None and form not in base:
                problems.append(OverrideProblem(key, form, f"'{form}' is not a plural form of label '{key}' in "
                                                           f"'{language}'; its forms are {', '.join(base)}",
                                                at_key=True))
                continue
            allowed = placeholders(base[form] if form else base)
            try:
                unknown = sorted(placeholders(text) - allowed)
                fancy = next((field for field in _fields(text) if not field[0] or field[1] or field[2]), None)
            except ValueError:
                problems.append(OverrideProblem(key, form, f"label '{key}' has an unpaired brace; write {{{{ or "
                                                           f"}}}} for a brace shown as is", at_key=False))
                continue
            if fancy is not None:
                name, spec, conversion = fancy
                written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
                plain = f"{{{name}}}" if name else "{name}"
                problems.append(OverrideProblem(key, form, f"label '{key}' writes {written}; only plain placeholders "
                                                           f"such as {plain} are allowed, without a format or "
                                                           f"conversion", at_key=False))
                continue
            if unknown:
                fills = ", ".join("{" + name + "}" for name in sorted(allowed)) or "nothing"
                problems.append(OverrideProblem(key, form, f"label '{key}' uses {{{unknown[0]}}}, which deckgen "
                                                           f"does not fill here; it fills {fills}", at_key=False))
    return problems


def _fields(template: str) -> list[tuple[str, str, str | None]]:
    """Return (name, format spec, conversion) of each {placeholder} in TEMPLATE; ValueError for an unpaired brace."""
    return [(name, spec or "", conversion) for _, name, spec, conversion in string.Formatter().parse(template)
            if name is not None]


def placeholders(template: str) -> set[str]:
    """Return the names of the {placeholders} in TEMPLATE; ValueError for an unpaired brace."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def base_language(tag: str) -> str:
    """Return the language of TAG without its region or script: ru for ru-RU, en for en-GB."""
    return tag.split("-")[0].lower()


def _locale_file(language: str) -> dict:
    base = base_language(language)
    path = LOCALE_DIR / f"{base}.yaml"
    if not path.is_file():
        raise UnknownLanguage(base)
    return _read(path)


@functools.cache
def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))
