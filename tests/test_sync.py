"""Issue 19: coordinators and translators never blocked, nothing they typed lost.

One test (or a few) per point of the issue's "What is wrong", each asserting the exact
message or the exact file contents before and after.
"""

from __future__ import annotations

from pathlib import Path

import pytest

LANGUAGES = ("en", "kk", "ru")


# -- 1. the step new-cycle prints first -------------------------------------------------------------


def test_validate_of_a_new_cycle_folder_lists_what_to_fill_in_every_language_without_a_crash(workspace, deckgen):
    assert deckgen("new-cycle", "content", "next").exit_code == 0
    result = deckgen("validate", "next")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3 * 19
    assert {line.split("/")[1] for line in lines} == set(LANGUAGES)
    assert lines[0] == "next/en/deck.yaml:3:8: title still to fill: write the deck's title for cycle 5"


def test_the_same_typo_in_every_language_is_listed_for_each(workspace, deckgen):
    for language in LANGUAGES:
        path = Path(f"content/{language}/deck.yaml")
        path.write_text(path.read_text(encoding="utf-8").replace("cycle: 4", "cycle: four"), encoding="utf-8")
    for command in ("validate", "build"):
        result = deckgen(command, "content")
        assert result.exit_code == 1, result.output
        assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
            f"content/{language}/deck.yaml" for language in LANGUAGES
        ]


# -- 2. a member's note reaches every language; `deckgen sync` -----------------------------------

import csv  # noqa: E402

RELIGION = "issues/01-freedom-of-religion.yaml"


def tracked_folder(deckgen) -> Path:
    """Return next/: the shipped content moved on one cycle, so every language tracks 11 recommendations."""
    assert deckgen("new-cycle", "content", "next").exit_code == 0
    return Path("next")


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def exported_rows(deckgen, content_dir: str) -> list[list[str]]:
    assert deckgen("export", content_dir, "-o", "statuses.csv").exit_code == 0
    with open("statuses.csv", encoding="utf-8-sig", newline="") as table:
        return list(csv.reader(table))


def diff(before: str, after: str) -> list[str]:
    """Return the changed lines of a unified diff of BEFORE and AFTER (no headers, no context)."""
    import difflib

    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_new_note_reaches_every_language_as_text_to_translate(workspace, deckgen):
    folder = tracked_folder(deckgen)
    before = {lang: (folder / lang / RELIGION).read_text(encoding="utf-8") for lang in LANGUAGES}
    rows = exported_rows(deckgen, "next/en")
    rows[1][5], rows[1][6] = "implemented", "Bill in parliament"
    result = deckgen("import", write_csv(Path("filled.csv"), rows), "--into", "next")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "  changed C4-01-1: status (none) -> implemented; note added",
        "the other languages follow:",
        "  next/kk/issues/01-freedom-of-religion.yaml:7:7: status implemented added, as in the source",
        '  next/kk/issues/01-freedom-of-religion.yaml:7:7: note "Bill in parliament" added, its text as in the '
        "source (to translate)",
        "  next/ru/issues/01-freedom-of-religion.yaml:7:7: status implemented added, as in the source",
        '  next/ru/issues/01-freedom-of-religion.yaml:7:7: note "Bill in parliament" added, its text as in the '
        "source (to translate)",
        "wrote next/en/issues/01-freedom-of-religion.yaml",
        "wrote next/kk/issues/01-freedom-of-religion.yaml",
        "wrote next/ru/issues/01-freedom-of-religion.yaml",
        "0 recommendations added, 1 changed, 10 left alone, 3 files written, 0 warnings",
    ]
    for lang in LANGUAGES:
        assert diff(before[lang], (folder / lang / RELIGION).read_text(encoding="utf-8")) == [
            "+      status: implemented",
            "+      note: Bill in parliament",
        ]


def test_sync_carries_an_import_into_one_language_to_the_others_and_names_every_change(workspace, deckgen):
    folder = tracked_folder(deckgen)
    rows = exported_rows(deckgen, "next/en")
    rows[1][5], rows[1][6] = "implemented", "Bill in parliament"
    result = deckgen("import", write_csv(Path("filled.csv"), rows), "--into", "next/en")
    assert result.exit_code == 0, result.output
    assert (
        "the other languages (kk, ru) do not follow yet: deckgen sync next brings them in step "
        "(import --into next updates every language at once)"
    ) in result.stdout.splitlines()
    out_of_step = deckgen("build", "next", "--draft", "-o", "decks")
    assert out_of_step.exit_code == 1
    assert out_of_step.stderr.splitlines()[-1] == (
        "the languages are out of step with next/en: deckgen sync next carries its numbers, codes and new items "
        "into every language (with --dry-run, it only lists them)"
    )
    before = {lang: (folder / lang / RELIGION).read_text(encoding="utf-8") for lang in ("kk", "ru")}

    dry = deckgen("sync", "next", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert {lang: (folder / lang / RELIGION).read_text(encoding="utf-8") for lang in ("kk", "ru")} == before
    assert dry.stdout.splitlines()[-1] == (
        "dry run: 2 languages synced with next/en, 4 changes, 2 files to write, 2 texts to translate, 0 warnings, "
        "nothing written"
    )
    result = deckgen("sync", "next")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "next/kk/issues/01-freedom-of-religion.yaml:7:7: status implemented added, as in the source",
        'next/kk/issues/01-freedom-of-religion.yaml:7:7: note "Bill in parliament" added, its text as in the '
        "source (to translate)",
        "wrote next/kk/issues/01-freedom-of-religion.yaml",
        "next/ru/issues/01-freedom-of-religion.yaml:7:7: status implemented added, as in the source",
        'next/ru/issues/01-freedom-of-religion.yaml:7:7: note "Bill in parliament" added, its text as in the '
        "source (to translate)",
        "wrote next/ru/issues/01-freedom-of-religion.yaml",
        "2 languages synced with next/en, 4 changes, 2 files written, 2 texts to translate, 0 warnings",
    ]
    for lang in ("kk", "ru"):
        assert diff(before[lang], (folder / lang / RELIGION).read_text(encoding="utf-8")) == [
            "+      status: implemented",
            "+      note: Bill in parliament",
        ]
    again = deckgen("sync", "next")
    assert again.stdout.splitlines() == [
        "next/kk: in step with next/en",
        "next/ru: in step with next/en",
        "2 languages synced with next/en, 0 changes, 0 files written, 0 texts to translate, 0 warnings",
    ]
    assert deckgen("build", "next", "--draft", "-o", "decks").exit_code == 0


def test_sync_from_another_language_and_a_new_issue_file(workspace, deckgen):
    folder = tracked_folder(deckgen)
    for lang in ("en", "kk"):
        path = folder / lang / "deck.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("cycle: 5", "cycle: 6"), encoding="utf-8")
    (folder / "ru" / "issues" / "04-new.yaml").write_text(
        (folder / "ru" / "issues" / "03-womens-rights.yaml").read_text(encoding="utf-8").replace("C4-03", "C4-04"),
        encoding="utf-8",
    )
    result = deckgen("sync", "next", "--from", "ru")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "next/en/deck.yaml:5:8: cycle 6 -> 5",
        "wrote next/en/deck.yaml",
        "next/en/issues/04-new.yaml: added, its text as in next/ru (to translate)",
        "wrote next/en/issues/04-new.yaml",
        "next/kk/deck.yaml:5:8: cycle 6 -> 5",
        "wrote next/kk/deck.yaml",
        "next/kk/issues/04-new.yaml: added, its text as in next/ru (to translate)",
        "wrote next/kk/issues/04-new.yaml",
        "2 languages synced with next/ru, 4 changes, 4 files written, 2 texts to translate, 0 warnings",
    ]
    assert (folder / "en/issues/04-new.yaml").read_bytes() == (folder / "ru/issues/04-new.yaml").read_bytes()


def test_sync_refuses_one_content_set_and_an_unknown_language(workspace, deckgen):
    one = deckgen("sync", "content/en")
    assert one.exit_code == 1
    assert one.stderr == (
        "content/en is not a folder of languages (such as content/, holding en/, ru/, kk/): "
        "sync brings each language in step with one of them\n"
    )
    unknown = deckgen("sync", "content", "--from", "uk")
    assert unknown.stderr == "--from uk: no such language in content (it has en, kk, ru)\n"


def test_what_sync_cannot_carry_is_a_problem_for_a_person(workspace, deckgen):
    path = Path("content/en/issues/02-childrens-rights.yaml")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("recommendations:\n  - text: To bring", "recommendations:\n  - A new ask.\n  - text: To bring"),
        encoding="utf-8",
    )
    result = deckgen("sync", "content")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/kk/issues/02-childrens-rights.yaml:27:1: 5 recommendations in the source, 4 here",
        "content/ru/issues/02-childrens-rights.yaml:27:1: 5 recommendations in the source, 4 here",
    ]
    assert result.stdout == "", "nothing was written: no summary, the problems are the last word"


# -- 5. YAML mistakes in plain words ----------------------------------------------------------------

from conftest import VALID_ISSUE  # noqa: E402

PROSE = "      summary: ratification of the protocol.\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "      summary: incl. recommendations on violence, e.g.: holding perpetrators to account\n",
            "deck/issues/01-a.yaml:11:55: text containing ': ' must be in quotes, e.g. summary: "
            '"incl. recommendations on violence, e.g.: holding perpetrators to account"',
        ),
        (
            "      summary:\tratification of the protocol.\n",
            "deck/issues/01-a.yaml:11:15: indent with spaces, not a tab",
        ),
        ("\tsummary: ratification of the protocol.\n", "deck/issues/01-a.yaml:11:1: indent with spaces, not a tab"),
        (
            '      summary: "ratification of the 3rd Optional Protocol.\n',
            'deck/issues/01-a.yaml:11:16: a quote opened on line 11 is never closed: end the text with ", '
            "or leave the quote out",
        ),
        (
            "      summary: 'ratification of the 3rd Optional Protocol.\n",
            "deck/issues/01-a.yaml:11:16: a quote opened on line 11 is never closed: end the text with ', "
            "or leave the quote out",
        ),
        (
            '      summary: "Optional Protocol" ratified in 2023.\n',
            "deck/issues/01-a.yaml:11:36: text that starts with a quote must end with it: put the whole text in "
            'quotes, e.g. summary: "\\"Optional Protocol\\" ratified in 2023."',
        ),
        (
            "      summary: @Ombudsman's office was created.\n",
            "deck/issues/01-a.yaml:11:16: text starting with '@' must be in quotes, e.g. summary: "
            '"@Ombudsman\'s office was created."',
        ),
    ],
)
def test_a_yaml_mistake_in_prose_gets_one_located_message_in_plain_words(make_content, deckgen, line, message):
    assert PROSE in VALID_ISSUE
    content = make_content({"issues/01-a.yaml": VALID_ISSUE.replace(PROSE, line)})
    result = deckgen("validate", content)
    assert result.exit_code == 1
    assert result.stderr == message + "\n"


def test_a_list_item_containing_a_colon_is_asked_to_be_quoted(make_content, deckgen):
    issue = VALID_ISSUE.replace(
        "  - To ratify the protocol.\n", "  - To ratify the protocol.\n  - Note: the law of 2011 must change.\n"
    )
    result = deckgen("validate", make_content({"issues/01-a.yaml": issue}))
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/issues/01-a.yaml:16:5: text containing ': ' must be in quotes, "
        'e.g. "Note: the law of 2011 must change."\n'
    )


# -- 3. re-importing a translation loses nothing; the translator's story --------------------------------

from lxml import etree  # noqa: E402

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


def edit_targets(path: str, edits: dict[str, tuple[str, str | None]]) -> None:
    """Set the target of units whose source starts with a key of EDITS to (text, state)."""
    tree = etree.parse(path)
    for unit in tree.iter(f"{XLIFF}trans-unit"):
        source = unit.find(f"{XLIFF}source").text or ""
        for start, (text, state) in edits.items():
            if source.startswith(start):
                target = unit.find(f"{XLIFF}target")
                target.text = text
                if state:
                    target.set("state", state)
    tree.write(path, xml_declaration=True, encoding="UTF-8")


CHILDREN = "issues/02-childrens-rights.yaml"


def test_the_translators_story_pre_filled_export_three_edits_merge_with_labels_and_comments(workspace, deckgen):
    ru = Path("content/ru")
    deck = (ru / "deck.yaml").read_text(encoding="utf-8")
    (ru / "deck.yaml").write_text(
        deck.replace(
            "closing: СПАСИБО ЗА ВНИМАНИЕ!\n", "closing: СПАСИБО ЗА ВНИМАНИЕ!  # так на всех слайдах коалиции\n"
        )
        + "labels:\n  status.no_data: Нет сведений\n",
        encoding="utf-8",
    )
    exported = deckgen("xliff", "export", "content/en", "-t", "ru", "--from", "content/ru", "-o", "ru.xlf")
    assert (
        exported.stdout
        == "wrote ru.xlf (50 units, 50 pre-filled from content/ru)\n1 XLIFF file, 50 units, 0 warnings\n"
    )
    edit_targets(
        "ru.xlf",
        {
            "4th Cycle": ("4-й цикл УПО Республики Казахстан", None),
            "Republic of Kazakhstan": ("Республика Казахстан (РК)", "needs-review-translation"),
            "To bring the institution": (
                "Привести институт Уполномоченного в соответствие с Парижскими принципами.",
                None,
            ),
        },
    )
    before = {p: p.read_text(encoding="utf-8") for p in ru.rglob("*.yaml")}
    result = deckgen("xliff", "import", "ru.xlf", "content/en", "-o", "content/ru")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "ru.xlf:16: warning: unit 'deck.yaml#country@baf30a62': its target is marked "
        "needs-review-translation in the XLIFF; imported, to review\n"
    )
    assert result.stdout.splitlines() == [
        'content/ru/deck.yaml:3:8: replaced "4-й цикл Универсального периодического …" -> "4-й цикл УПО Республики '
        'Казахстан"',
        'content/ru/deck.yaml:4:10: replaced "Республика Казахстан" -> "Республика Казахстан (РК)"',
        'content/ru/issues/02-childrens-rights.yaml:28:11: replaced "Привести институт Уполномоченного по пр…" -> '
        '"Привести институт Уполномоченного в соо…"',
        "wrote content/ru/deck.yaml",
        "wrote content/ru/issues/02-childrens-rights.yaml",
        "content/ru: merged",
        "50 units, 3 texts replaced, 0 values carried from the source, 2 files written, 1 warning",
    ]
    after = {p: p.read_text(encoding="utf-8") for p in ru.rglob("*.yaml")}
    assert diff(before[ru / "deck.yaml"], after[ru / "deck.yaml"]) == [
        "-title: 4-й цикл Универсального периодического обзора Республики Казахстан",
        "-country: Республика Казахстан",
        "+title: 4-й цикл УПО Республики Казахстан",
        "+country: Республика Казахстан (РК)",
    ]
    assert len(diff(before[ru / CHILDREN], after[ru / CHILDREN])) == 2
    assert {p for p in after if after[p] != before[p]} == {ru / "deck.yaml", ru / CHILDREN}
    assert deckgen("build", "content/ru", "-o", "ru.pptx").exit_code == 0


def test_an_import_into_a_translation_corrected_since_the_export_keeps_the_correction(workspace, deckgen):
    ru = Path("content/ru")
    assert deckgen("xliff", "export", "content/en", "-t", "ru", "--from", "content/ru", "-o", "ru.xlf").exit_code == 0
    deck = (ru / "deck.yaml").read_text(encoding="utf-8")
    corrected = deck.replace("closing: СПАСИБО ЗА ВНИМАНИЕ!", "closing: БЛАГОДАРИМ ЗА ВНИМАНИЕ!")
    (ru / "deck.yaml").write_text(corrected, encoding="utf-8")
    edit_targets("ru.xlf", {"Republic of Kazakhstan": ("Республика Казахстан (РК)", None)})
    result = deckgen("xliff", "import", "ru.xlf", "content/en", "-o", "content/ru")
    assert result.exit_code == 0, result.output
    assert "БЛАГОДАРИМ ЗА ВНИМАНИЕ!" in (ru / "deck.yaml").read_text(encoding="utf-8")
    # the translator changed the same text as the correction: listed, and replaced only with --force
    edit_targets("ru.xlf", {"THANK YOU": ("СПАСИБО!", None)})
    refused = deckgen("xliff", "import", "ru.xlf", "content/en", "-o", "content/ru")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        'content/ru/deck.yaml:14:10: translated "БЛАГОДАРИМ ЗА ВНИМАНИЕ!", the XLIFF has "СПАСИБО!" (unit at '
        "ru.xlf:71)",
        "1 translated text above differs from the XLIFF: pass --force to replace it, or fix the XLIFF; nothing was "
        "written",
    ]
    forced = deckgen("xliff", "import", "ru.xlf", "content/en", "-o", "content/ru", "--force")
    assert forced.exit_code == 0, forced.output
    assert "closing: СПАСИБО!\n" in (ru / "deck.yaml").read_text(encoding="utf-8")


def test_allow_untranslated_never_turns_russian_back_into_english(workspace, deckgen):
    ru = Path("content/ru")
    assert deckgen("xliff", "export", "content/en", "-t", "ru", "-o", "plain.xlf").exit_code == 0
    before = {p: p.read_bytes() for p in ru.rglob("*.yaml")}
    result = deckgen("xliff", "import", "plain.xlf", "content/en", "-o", "content/ru", "--allow-untranslated")
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in ru.rglob("*.yaml")} == before
    assert result.stdout.splitlines()[-2:] == [
        "content/ru: merged",
        "50 units, 0 texts replaced, 0 values carried from the source, 0 files written, 0 warnings",
    ]


# -- 7. English passes as a translation no more --------------------------------------------------------


def test_strict_fails_on_english_left_in_a_translation(workspace, deckgen):
    path = Path("content/ru/deck.yaml")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "closing: СПАСИБО ЗА ВНИМАНИЕ!", "closing: THANK YOU FOR YOUR ATTENTION!"
        ),
        encoding="utf-8",
    )
    warning = "content/ru/deck.yaml:14:10: warning: text is the same as in the source (untranslated?)"
    plain = deckgen("validate", "content")
    assert plain.exit_code == 0, plain.output
    assert plain.stderr.splitlines() == [warning]
    for command in (
        ("validate", "content", "--strict"),
        ("build", "content", "--strict", "-o", "decks"),
        ("build", "content/ru", "--strict", "-o", "ru.pptx"),
    ):
        result = deckgen(*command)
        assert result.exit_code == 1, command
        assert result.stderr.splitlines() == [warning.replace("warning: ", "")], command
    assert not Path("decks").exists() and not Path("ru.pptx").exists()


# -- 9. smaller things ------------------------------------------------------------------------------


def test_locale_new_uk_can_start_from_russian(make_content, deckgen):
    make_content()
    result = deckgen("locale", "new", "uk", "--from", "ru")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "wrote assets/locales/uk.yaml: translate its labels, which start in 'ru'\n1 locale file, 0 warnings\n"
    )
    text = Path("assets/locales/uk.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# UI labels of 'uk' decks, written by `deckgen locale new uk` from the 'ru' labels: translate every label.\n"
    )
    assert '  status.partially_implemented: "Частично выполнены"\n' in text
    assert "  recommendation:\n    one: " in text and "    few: " in text and "    many: " in text
    from deckgen.locale import load_locale

    locale = load_locale("uk", None, Path("assets"))
    assert locale.text("status.implemented") == "Выполнены"
    refused = deckgen("locale", "new", "be", "--from", "xx")
    assert refused.exit_code == 1
    assert refused.stderr == "--from xx: deckgen has labels in en, kk, ru only\n"


def test_libreoffice_is_looked_for_in_its_standard_folders_with_a_message_per_system(tmp_path, monkeypatch):
    from deckgen.render import pdf

    monkeypatch.setenv("PROGRAMFILES", "C:\\Program Files")
    monkeypatch.delenv("PROGRAMFILES(X86)", raising=False)
    monkeypatch.delenv("ProgramW6432", raising=False)
    assert [str(p).replace("\\", "/") for p in pdf.install_folders("win32")] == [
        "C:/Program Files/LibreOffice/program/soffice.exe"
    ]
    assert pdf.install_folders("darwin")[0] == Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    assert pdf.install_folders("linux") == []
    assert pdf.install_hint("win32") == (
        "no 'soffice' is on PATH nor in Program Files\\LibreOffice; install it "
        "from https://www.libreoffice.org/download/"
    )
    assert pdf.install_hint("darwin") == (
        "no 'soffice' is on PATH nor in /Applications/LibreOffice.app; install it "
        "from https://www.libreoffice.org/download/ or with: brew install --cask "
        "libreoffice"
    )
    assert "sudo apt-get" not in pdf.install_hint("win32") + pdf.install_hint("darwin")
    # an installed LibreOffice that is not on PATH is found
    installed = tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice"
    installed.parent.mkdir(parents=True)
    installed.write_text("")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf, "install_folders", lambda system=None: [installed])
    assert pdf.soffice_path() == str(installed)


# -- the coordinator's story ----------------------------------------------------------------------------

from openpyxl import load_workbook  # noqa: E402


def test_the_coordinators_story_export_member_edits_dry_run_import_sync_build(workspace, deckgen):
    folder = tracked_folder(deckgen)
    before = {p: p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml")}
    assert deckgen("export", "next/en", "-o", "statuses.xlsx").stdout == (
        "wrote statuses.xlsx (11 recommendations)\n1 table, 11 recommendations, 0 warnings\n"
    )
    workbook = load_workbook("statuses.xlsx")
    sheet = workbook.active
    sheet["F2"], sheet["G2"] = "Частично выполнены", "Bill in parliament"  # a new note, a Russian status word
    sheet["D3"], sheet["F3"] = "France, Germany", "Implemented."
    typed = [
        [
            "141.10",
            "02-childrens-rights",
            "Raise the age of marriage to 18.",
            "Iceland",
            "Supported",
            "Not implemented",
        ],
        [141.2, "02-childrens-rights", "Ban corporal punishment.", "Sweden"],  # 141.20, as Excel keeps it
        ["141.30", "04-death-penalty", "Abolish the death penalty."],
    ]  # a bad issue name
    for number, values in enumerate(typed, 13):  # the rows below the export, as a member types them
        for column, value in enumerate(values, 1):
            sheet.cell(row=number, column=column, value=value)
    workbook.save("statuses.xlsx")

    dry = deckgen("import", "statuses.xlsx", "--into", "next", "--dry-run")
    assert dry.exit_code == 1
    assert dry.stderr.splitlines() == [
        "statuses.xlsx:15: issue '04-death-penalty' has no file next/en/issues/04-death-penalty.yaml"
    ]
    for column in range(1, 4):
        sheet.cell(row=15, column=column).value = None
    workbook.save("statuses.xlsx")
    dry = deckgen("import", "statuses.xlsx", "--into", "next", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stderr.splitlines() == [
        "statuses.xlsx:14: warning: id 141.2 is new, and paragraph 141 has longer ids such as 141.10: if a "
        "spreadsheet shortened 141.20 to 141.2, format the id column as text and type the id again. This row adds "
        "141.2"
    ]
    assert {p: p.read_text(encoding="utf-8") for p in folder.rglob("*.yaml")} == before
    sheet["A14"] = "141.20"  # the coordinator types the id again, as text
    workbook.save("statuses.xlsx")

    result = deckgen("import", "statuses.xlsx", "--into", "next")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "  added 141.10 to next/en/issues/02-childrens-rights.yaml",
        "  added 141.20 to next/en/issues/02-childrens-rights.yaml",
        "  changed C4-01-1: status (none) -> partially_implemented; note added",
        "  changed C4-01-2: states added; status (none) -> implemented",
    ]
    assert "wrote next/ru/issues/02-childrens-rights.yaml" in lines
    religion = (folder / "en" / RELIGION).read_text(encoding="utf-8")
    assert diff(before[folder / "en" / RELIGION], religion) == [
        "+      status: partially_implemented",
        "+      note: Bill in parliament",
        "+      states: [France, Germany]",
        "+      status: implemented",
    ]
    russian = (folder / "ru" / RELIGION).read_text(encoding="utf-8")
    assert diff(before[folder / "ru" / RELIGION], russian) == diff(before[folder / "en" / RELIGION], religion)
    children = (folder / "kk" / CHILDREN).read_text(encoding="utf-8")
    assert "    - id: '141.10'\n      text: Raise the age of marriage to 18.\n" in children
    assert "    - id: '141.20'\n" in children

    synced = deckgen("sync", "next")
    assert synced.stdout.splitlines()[-1] == (
        "2 languages synced with next/en, 0 changes, 0 files written, 0 texts to translate, 0 warnings"
    )
    built = deckgen("build", "next", "--draft", "-o", "decks")
    assert built.exit_code == 0, built.output
    assert built.stdout.splitlines()[-1].startswith("3 decks, ")
    assert sorted(p.name for p in Path("decks").iterdir()) == [
        "upr5-qazaqstan-respublikasy-kk.pptx",
        "upr5-republic-of-kazakhstan-en.pptx",
        "upr5-respublika-kazakhstan-ru.pptx",
    ]


def test_a_translation_may_write_its_status_words_in_its_own_language(workspace, deckgen):
    folder = tracked_folder(deckgen)
    for language, word in (("en", "implemented"), ("ru", "Выполнены"), ("kk", "Орындалған")):
        path = folder / language / RELIGION
        path.write_text(
            path.read_text(encoding="utf-8").replace(
                "    - id: C4-01-1\n", f"    - id: C4-01-1\n      status: {word}\n"
            ),
            encoding="utf-8",
        )
    check = deckgen("check-translation", "next/en", "next/ru")
    assert check.exit_code == 0, check.output
    assert deckgen("sync", "next").stdout.splitlines()[-1] == (
        "2 languages synced with next/en, 0 changes, 0 files written, 0 texts to translate, 0 warnings"
    )


def test_the_command_list_of_help_shows_whole_sentences():
    from click.testing import CliRunner

    from deckgen.cli import cli

    listed = CliRunner().invoke(cli, ["--help"], prog_name="deckgen", terminal_width=100).output
    commands = " ".join(listed.split("Commands:", 1)[1].split())
    assert "..." not in commands
    assert (
        "sync Bring every language of FOLDER (content/, holding en/, ru/, kk/) in step with the first, or --from."
        in commands
    )
    assert "import Import tracked recommendations from TABLE (.csv or .xlsx) into the issue files." in commands


def test_sync_refuses_a_translation_file_that_links_outside_the_set(workspace, deckgen):
    secret = Path("secret.yaml")
    secret.write_text("title: x\napi_token: abc123\n", encoding="utf-8")
    target = Path("content/ru/issues/01-freedom-of-religion.yaml")
    target.unlink()
    target.symlink_to(secret.resolve())
    result = deckgen("sync", "content")
    assert result.exit_code == 1
    assert "abc123" not in result.output
    assert result.stderr == (
        "content/ru/issues/01-freedom-of-religion.yaml: leads outside the content set "
        "(content/ru/); deckgen reads only files inside it: copy the file in instead of "
        "linking to it\n"
    )


def test_a_forced_import_of_a_plain_export_keeps_labels_comments_and_keys_outside_the_xliff(workspace, deckgen):
    ru = Path("content/ru/deck.yaml")
    ru.write_text(
        ru.read_text(encoding="utf-8").replace("cycle: 4\n", "cycle: 4  # проверено\n")
        + "labels:\n  status.no_data: Нет сведений\n",
        encoding="utf-8",
    )
    assert deckgen("xliff", "export", "content/en", "-t", "ru", "-o", "plain.xlf").exit_code == 0
    tree = etree.parse("plain.xlf")
    for unit in tree.iter(f"{XLIFF}trans-unit"):
        if unit.find(f"{XLIFF}source").text.startswith("THANK YOU"):
            etree.SubElement(unit, f"{XLIFF}target").text = "БЛАГОДАРИМ!"
    tree.write("plain.xlf", xml_declaration=True, encoding="UTF-8")
    before = ru.read_text(encoding="utf-8")
    refused = deckgen("xliff", "import", "plain.xlf", "content/en", "-o", "content/ru")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[0].startswith(
        'content/ru/deck.yaml:14:10: translated "СПАСИБО ЗА ВНИМАНИЕ!", the XLIFF has "БЛАГОДАРИМ!"'
    )
    result = deckgen("xliff", "import", "plain.xlf", "content/en", "-o", "content/ru", "--force")
    assert result.exit_code == 0, result.output
    assert diff(before, ru.read_text(encoding="utf-8")) == ["-closing: СПАСИБО ЗА ВНИМАНИЕ!", "+closing: БЛАГОДАРИМ!"]
