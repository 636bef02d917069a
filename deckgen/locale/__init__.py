"""UI labels for a deck's language: plural forms, ordinals and numbers follow CLDR (via Babel).

A language's labels are a locale file, LANGUAGE.yaml: the content set's own in
its assets folder (assets/locales/, written by `deckgen locale new`) first, then
deckgen's built-in ones here. Every locale file is checked against en.yaml, the
reference: the same labels, only the {placeholders} deckgen fills, plural and
ordinal forms for exactly the language's CLDR categories, and a tag of its
language. Labels still as in English are warnings.
"""

from __future__ import annotations

import functools
import json
import re
import string
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import babel
from babel.core import get_global
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from deckgen.content.yaml_source import load_yaml
from deckgen.errors import ContentError, Problem, closest, plural

LOCALE_DIR = Path(__file__).parent
"""deckgen's built-in locale files."""

LOCALES_FOLDER = "locales"
"""Where a content set's own locale files are, in its assets folder."""

ORDINAL_LABELS = frozenset({"ordinal"})
"""Plural labels chosen by the ordinal rule (1st, 2nd); the others by the cardinal one (1 recommendation)."""

CATEGORY_ORDER = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories, in the order CLDR lists them."""


def available_languages(assets: Path | None = None) -> list[str]:
    """Return the languages that have a locale file: in ASSETS/locales or deckgen's own."""
    files = set(LOCALE_DIR.glob("*.yaml"))
    if assets is not None:
        files |= set((Path(assets) / LOCALES_FOLDER).glob("*.yaml"))
    return sorted({p.stem for p in files})


def locale_path(language: str, assets: Path | None = None) -> Path | None:
    """Return the locale file of LANGUAGE (its base language: uk for uk-UA): ASSETS/locales first, else deckgen's."""
    base = base_language(language)
    folders = ([Path(assets) / LOCALES_FOLDER] if assets is not None else []) + [LOCALE_DIR]
    return next((folder / f"{base}.yaml" for folder in folders if (folder / f"{base}.yaml").is_file()), None)


@dataclass(frozen=True)
class Locale:
    """Labels of one language, with CLDR plural and number rules."""

    language: str
    """The deck's language tag, e.g. en or en-GB."""
    tag: str
    """Tag written on text runs, e.g. en-US."""
    labels: dict
    pace: int = 120
    """Words a minute a speaker of the language says (the locale file's `pace`), for speaking-time estimates."""

    @cached_property
    def _babel(self):
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
        numbers = self.__dict__.setdefault("_numbers", {})  # planning asks for the same slide numbers often
        if n not in numbers:
            numbers[n] = format_decimal(n, locale=self._babel)
        return numbers[n]

    def percent(self, fraction: float) -> str:
        """Return FRACTION (0.88) as the locale writes a whole percentage ("88%", "88 %")."""
        return format_percent(fraction, locale=self._babel)

    def join(self, items: list[str]) -> str:
        """Return ITEMS as a list in running text: "a, b and c"."""
        return format_list(items, locale=self._babel)

    def status(self, key: str) -> str:
        """Return the label of a status word (or not_broken_down)."""
        return self.labels[f"status.{key}"]


class UnknownLanguage(LookupError):
    """No locale file for a language."""


def load_locale(language: str, overrides: dict | None = None, assets: Path | None = None) -> Locale:
    """Return the locale for LANGUAGE (e.g. en-GB falls back to en), with OVERRIDES applied to its labels.

    The locale file is ASSETS/locales/<language>.yaml, else deckgen's own (see locale_path).
    An override of a plural label may give only some of its forms; the others stay.
    Check the file first with check_locale, and overrides with override_problems.
    """
    raw = _locale_data(language, assets)
    tag = raw["tag"] if "-" not in language else language
    labels = dict(raw["labels"])
    for key, value in (overrides or {}).items():
        labels[key] = labels[key] | value if isinstance(labels.get(key), dict) else value
    return Locale(language=language, tag=tag, labels=labels, pace=int(raw.get("pace", 120)))


@dataclass(frozen=True)
class OverrideProblem:
    """Why deckgen cannot use one label override, and where in `labels:` to say so."""

    key: str
    form: str | None
    """The plural form at fault, if one is."""
    message: str
    at_key: bool
    """Point at the key that names the override (a wrong name), rather than its value."""


def override_problems(language: str, overrides: dict, assets: Path | None = None) -> list[OverrideProblem]:
    """Return an OverrideProblem for every override deckgen cannot use.

    An override must name a label the locale has, be text where the label is
    text and forms where it has plural forms, name only the language's plural
    categories, and use only the {placeholders} deckgen fills for that label.
    """
    labels = _locale_data(language, assets)["labels"]
    problems = []
    for key, value in overrides.items():
        problems += _label_problems(key, value, labels, language, partial=True)
    return problems


def _label_problems(
    key: str, value, reference: dict, language: str, *, partial: bool, categories: set[str] | None = None
) -> list[OverrideProblem]:
    """Return what is wrong with VALUE as label KEY, given REFERENCE's labels (the locale's, or en.yaml's).

    With PARTIAL (an override) a plural label may give some forms of REFERENCE's; otherwise
    its forms must be exactly CATEGORIES, the language's CLDR categories.
    """
    if key not in reference:
        near = closest(key, reference)
        hint = f"did you mean '{near}'?" if near else "the labels are listed in deckgen/locale/en.yaml"
        return [OverrideProblem(key, None, f"unknown label '{key}'; {hint}", at_key=True)]
    base = reference[key]
    if isinstance(base, dict) != isinstance(value, dict):
        shape = (
            ("plural forms such as " + ", ".join(f"{form}: ..." for form in base))
            if isinstance(base, dict)
            else "one piece of text"
        )
        return [OverrideProblem(key, None, f"label '{key}' takes {shape}", at_key=False)]
    problems = []
    forms = value.items() if isinstance(value, dict) else [(None, value)]
    allowed_forms = set(base) if partial or categories is None else categories
    allowed_names = (
        set().union(*(placeholders(text) for text in base.values())) if isinstance(base, dict) else placeholders(base)
    )
    for form, text in forms:
        if form is not None and form not in allowed_forms:
            kind = "an ordinal" if key in ORDINAL_LABELS else "a plural"
            listed = ", ".join(sorted(allowed_forms, key=_category_rank))
            problems.append(
                OverrideProblem(
                    key,
                    form,
                    f"'{form}' is not {kind} form of label '{key}' in '{language}'; its forms are {listed}",
                    at_key=True,
                )
            )
            continue
        if not isinstance(text, str):
            problems.append(OverrideProblem(key, form, f"label '{key}' must be text", at_key=False))
            continue
        if partial and form is not None:
            allowed_names = placeholders(base[form])
        try:
            unknown = sorted(placeholders(text) - allowed_names)
        except ValueError:
            problems.append(
                OverrideProblem(
                    key,
                    form,
                    f"label '{key}' has an unpaired brace; write {{{{ or }}}} for a brace shown as is",
                    at_key=False,
                )
            )
            continue
        # {count:d}, {title!r}, {count:>50000000} or {}: a format could hang or fail the build
        fancy = next(
            (
                (name, spec, conversion)
                for _, name, spec, conversion in string.Formatter().parse(text)
                if name is not None and (spec or conversion or not name)
            ),
            None,
        )
        if fancy is not None:
            name, spec, conversion = fancy
            written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            shown = f"{{{name}}}" if name else "{name}"
            problems.append(
                OverrideProblem(
                    key,
                    form,
                    f"label '{key}' writes {written}; only plain placeholders "
                    f"such as {shown} are allowed, without a format or "
                    f"conversion",
                    at_key=False,
                )
            )
            continue
        kept = TYPED_PLACEHOLDERS & allowed_names
        dropped = sorted(kept - placeholders(text))
        if not unknown and dropped:  # the text a person typed would be on no slide: silently lost
            problems.append(
                OverrideProblem(
                    key,
                    form,
                    f"label '{key}' leaves out {{{dropped[0]}}}, the text typed in the content that it shows; "
                    f"keep {{{dropped[0]}}} in it",
                    at_key=False,
                )
            )
            continue
        if unknown:
            fills = ", ".join("{" + name + "}" for name in sorted(allowed_names)) or "nothing"
            problems.append(
                OverrideProblem(
                    key,
                    form,
                    f"label '{key}' uses {{{unknown[0]}}}, which deckgen does not fill here; it fills {fills}",
                    at_key=False,
                )
            )
    if isinstance(value, dict) and not partial and categories is not None:
        missing = sorted(categories - set(value), key=_category_rank)
        if missing:
            kind = "ordinal" if key in ORDINAL_LABELS else "plural"
            problems.append(
                OverrideProblem(
                    key,
                    None,
                    f"label '{key}' lacks the {kind} "
                    f"{plural('form', len(missing))} {', '.join(missing)} "
                    f"of '{language}'",
                    at_key=True,
                )
            )
    return problems


TYPED_PLACEHOLDERS = frozenset({"title", "text", "headline", "contact"})
"""Placeholders a label fills with text typed in the content (an issue's title, a topic): an override must keep
them, or that text would be shown nowhere."""


def _category_rank(category: str) -> int:
    return CATEGORY_ORDER.index(category) if category in CATEGORY_ORDER else len(CATEGORY_ORDER)


def placeholders(template: str) -> set[str]:
    """Return the names of the {placeholders} in TEMPLATE; ValueError for an unpaired brace."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def base_language(tag: str) -> str:
    """Return the language of TAG without its region or script: ru for ru-RU, en for en-GB."""
    return tag.split("-")[0].lower()


def categories(language: str) -> tuple[set[str], set[str]] | None:
    """Return LANGUAGE's CLDR plural and ordinal categories (each with "other"), or None when Babel lacks it."""
    try:
        rules = babel.Locale.parse(language.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        return None
    return set(rules.plural_form.tags) | {"other"}, set(rules.ordinal_form.tags) | {"other"}


# --- locale files, checked -------------------------------------------------------------------------


@dataclass(frozen=True)
class LocaleFile:
    """A locale file as loaded and checked: its data (when usable), problems and warnings."""

    path: Path
    data: dict | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check_locale(language: str, assets: Path | None = None) -> LocaleFile:
    """Return LANGUAGE's locale file, checked against en.yaml; raise UnknownLanguage when it has none."""
    return _locale_file(language, assets)


def _locale_data(language: str, assets: Path | None) -> dict:
    """Return the data of LANGUAGE's locale file; raise ContentError when it has problems."""
    checked = _locale_file(language, assets)
    if checked.data is None:  # callers check first; this is a safeguard, never a traceback
        raise ContentError(checked.problems)
    return checked.data


def _locale_file(language: str, assets: Path | None = None) -> LocaleFile:
    path = locale_path(language, assets)
    if path is None:
        raise UnknownLanguage(base_language(language))
    stat = path.stat()
    return _checked(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _checked(path: Path, mtime_ns: int, size: int) -> LocaleFile:
    """Return the locale file at PATH checked; cached while the file stays as it is (watch rereads an edit).

    The arguments after PATH are only the cache's key: the file's state. Its problems hold the path and
    show it from the working directory when printed, so the cache does not depend on it.
    """
    del mtime_ns, size
    try:
        loaded = load_yaml(path)
    except ContentError as error:
        return LocaleFile(path, None, list(error.problems))
    source, data = loaded.source_map, loaded.data
    problems = list(loaded.problems)
    language = path.stem
    if not isinstance(data, dict):
        message = "a locale file holds 'tag:', 'labels:' and 'pace:' (see deckgen/locale/en.yaml)"
        return LocaleFile(path, None, problems + [Problem(source.locate(()), message)])
    for key in data:
        if key not in ("tag", "labels", "pace"):
            problems.append(
                Problem(
                    source.locate((key,), key=True),
                    f"unknown key '{key}'; a locale file holds 'tag:', 'labels:' and 'pace:'",
                )
            )
    pace = data.get("pace", 120)
    if isinstance(pace, bool) or not isinstance(pace, int) or not 40 <= pace <= 300:
        problems.append(
            Problem(
                source.locate(("pace",)),
                "pace must be the words a minute a speaker says aloud, a whole number from 40 to 300 (English: 120)",
            )
        )
    tag = data.get("tag")
    if not isinstance(tag, str) or not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        problems.append(
            Problem(
                source.locate(("tag",)),
                f"tag must be a language tag of '{language}', such as {likely_tag(language) or language}",
            )
        )
    elif base_language(tag) != language:
        problems.append(
            Problem(
                source.locate(("tag",)),
                f"tag '{tag}' is not a tag of '{language}' (the file's name); write {likely_tag(language) or language}",
            )
        )
    labels = data.get("labels")
    if not isinstance(labels, dict):
        problems.append(
            Problem(source.locate(("labels",)), "labels must map each label to its text (see deckgen/locale/en.yaml)")
        )
        return LocaleFile(path, None, problems)
    english = _english()
    rules = categories(language)
    for key, value in labels.items():
        kinds = None
        if rules is not None and isinstance(english.get(key), dict):
            kinds = rules[1] if key in ORDINAL_LABELS else rules[0]
        for problem in _label_problems(key, value, english, language, partial=False, categories=kinds):
            at = ("labels", key) + ((problem.form,) if problem.form else ())
            problems.append(Problem(source.locate(at, key=problem.at_key), problem.message))
    missing = [key for key in english if key not in labels]
    if missing:
        problems.append(
            Problem(
                source.locate(("labels",), key=True),
                f"missing {plural('label', len(missing))} {', '.join(missing)} (see deckgen/locale/en.yaml)",
            )
        )
    warnings = []
    if language != "en" and not problems:
        english_left = [key for key, value in labels.items() if _as_in_english(value, english[key])]
        if english_left:
            warnings.append(
                Problem(
                    source.locate(("labels", english_left[0]), key=True),
                    f"{len(english_left)} label{'s are' if len(english_left) > 1 else ' is'} "
                    f"still in English: {', '.join(english_left)}",
                    warning=True,
                )
            )
    return LocaleFile(path, None if problems else data, problems, warnings)


def _as_in_english(value, english) -> bool:
    """Return whether label VALUE is English's text (any of its forms), with letters beyond its placeholders."""
    texts = list(value.values()) if isinstance(value, dict) else [value]
    english_texts = set(english.values()) if isinstance(english, dict) else {english}
    return all(text in english_texts for text in texts) and any(_has_letters(text) for text in texts)


def _has_letters(template: str) -> bool:
    return any(ch.isalpha() for literal, *_ in string.Formatter().parse(template) for ch in literal)


@functools.cache
def _english() -> dict:
    """Return en.yaml's labels, the reference every locale file is checked against."""
    return load_yaml(LOCALE_DIR / "en.yaml").data["labels"]


def likely_tag(language: str) -> str | None:
    """Return the tag CLDR thinks most likely for LANGUAGE, without its script: uk-UA for uk; None if unknown."""
    likely = get_global("likely_subtags").get(base_language(language))
    if not likely:
        return None
    parts = likely.split("_")
    region = next((p for p in parts[1:] if p.isupper() or p.isdigit()), None)
    return f"{parts[0]}-{region}" if region else parts[0]


# --- a new locale file -----------------------------------------------------------------------------


def new_locale_text(language: str, start_from: str = "en") -> str:
    """Return a locale file for LANGUAGE to translate: every label in START_FROM's words (a shipped locale,
    English by default; Russian is closer to Ukrainian), plural forms per CLDR, its tag.

    A plural form LANGUAGE has and START_FROM lacks takes START_FROM's 'other' form. Raise ValueError
    when Babel knows no such language, or deckgen has no labels in START_FROM.
    """
    rules = categories(language)
    if rules is None:
        raise ValueError(f"Babel (CLDR) knows no language '{language}'; use a language code such as uk or de")
    base = base_language(language)
    tag = language if "-" in language else (likely_tag(base) or base)
    source = (LOCALE_DIR / "en.yaml").read_text(encoding="utf-8")
    english = _english()
    start = base_language(start_from)
    if not (LOCALE_DIR / f"{start}.yaml").is_file():
        shipped = ", ".join(sorted(p.stem for p in LOCALE_DIR.glob("*.yaml")))
        raise ValueError(f"--from {start_from}: deckgen has labels in {shipped} only")
    words = english if start == "en" else {**english, **load_yaml(LOCALE_DIR / f"{start}.yaml").data["labels"]}
    plural, ordinal = (sorted(r, key=_category_rank) for r in rules)
    started = "" if start == "en" else f" from the '{start}' labels"
    lines = [
        f"# UI labels of '{base}' decks, written by `deckgen locale new {language}`{started}: translate every label.",
        "# Placeholders in {braces} are filled by deckgen: keep them as they are.",
        f"# Plural labels have a form per CLDR plural category of '{base}' ({_examples(base, False)});",
        f"# 'ordinal' has one per ordinal category ({_examples(base, True)}).",
        "# `deckgen validate` says which labels are still in English.",
        f"tag: {tag}",
        "labels:",
    ]
    comments = _label_comments(source)
    for key in english:
        value = words[key]
        comment = f"   # {comments[key]}" if key in comments else ""
        if isinstance(value, dict):
            lines.append(f"  {key}:{comment}")
            for form in ordinal if key in ORDINAL_LABELS else plural:
                lines.append(f"    {form}: {_quoted(value[form] if form in value else value['other'])}")
        else:
            lines.append(f"  {key}: {_quoted(value)}{comment}")
    lines.append("# Words a minute a speaker says aloud, for `deckgen timing` (English 120; see the README).")
    lines.append("pace: 120")
    return "\n".join(lines) + "\n"


def _label_comments(source: str) -> dict[str, str]:
    """Return en.yaml's comments on its labels, by label."""
    found = {}
    for line in source.splitlines():
        match = re.match(r"^  ([\w.]+):.*?\s#\s(.*)$", line)
        if match:
            found[match[1]] = match[2]
    return found


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _examples(language: str, ordinal: bool) -> str:
    """Return which numbers take each category of LANGUAGE: "one: 1, 21, 31; few: 2, 3, 4; ..."."""
    locale = babel.Locale.parse(language)
    rule = locale.ordinal_form if ordinal else locale.plural_form
    numbers: dict[str, list[int]] = {}
    for n in range(0, 112):
        numbers.setdefault(rule(n), []).append(n)
    return "; ".join(
        f"{category}: {', '.join(map(str, numbers[category][:4]))}" for category in sorted(numbers, key=_category_rank)
    )
