"""UI labels for a deck's language: plural forms, ordinals and numbers follow CLDR (via Babel)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

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
    """Return the locale for LANGUAGE (e.g. en-GB falls back to en), with OVERRIDES applied to its labels."""
    base = language.split("-")[0].lower()
    path = LOCALE_DIR / f"{base}.yaml"
    if not path.is_file():
        raise UnknownLanguage(base)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    tag = raw["tag"] if "-" not in language else language
    labels = dict(raw["labels"]) | (overrides or {})
    return Locale(language=language, tag=tag, labels=labels)
