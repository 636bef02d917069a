"""The workbook's own words in English, Russian and Kazakh, and the status words of every shipped locale.

A workbook is written in the words of its first language (English for any language
deckgen has no words for), and read back in the words of any of them: a coordinator
may type a Russian status word into an English workbook.
"""

from __future__ import annotations

import re

from deckgen.content.model import Response, Status
from deckgen.content.words import read_word, suggestion
from deckgen.errors import excerpt
from deckgen.locale import Locale, available_languages, base_language, load_locale

LANGUAGES = ("en", "ru", "kk")
"""The languages the workbook's own words are written in."""

SHEETS = {
    "deck": ("Deck", "Доклад", "Баяндама"),
    "tracked": ("Tracked recommendations", "Отслеживаемые рекомендации", "Қадағаланатын ұсынымдар"),
    "readme": ("Read me", "Прочтите", "Оқыңыз"),
}
"""The sheets other than the issues', in each of LANGUAGES."""

HEADERS = {
    "key": ("Key (do not edit)", "Ключ (не менять)", "Кілт (өзгертпеңіз)"),
    "kind": ("Kind", "Вид", "Түрі"),
    "field": ("Field", "Поле", "Өріс"),
    "value": ("Value (all languages)", "Значение (для всех языков)", "Мәні (барлық тілдерге)"),
    "status": ("Status", "Статус", "Мәртебесі"),
    "count": ("Count", "Число", "Саны"),
    "issue": ("Issue", "Тема", "Мәселе"),
    "id": ("No.", "№", "№"),
    "response": ("Response", "Ответ", "Жауап"),
    "text": ("Recommendation", "Рекомендация", "Ұсыным"),
    "states": ("Recommending States", "Рекомендовавшие государства", "Ұсынған мемлекеттер"),
    "note": ("Note", "Примечание", "Ескертпе"),
}
"""Column headers, in each of LANGUAGES."""

KINDS = {
    # issue sheets
    "title": ("Title", "Заголовок", "Тақырып"),
    "headline": ("Headline", "Главная мысль", "Басты ой"),
    "short_title": ("Short title", "Краткий заголовок", "Қысқа тақырып"),
    "review_cycle": ("Cycle reviewed", "Рассматриваемый цикл", "Қаралатын цикл"),
    "total": ("Total recommendations", "Всего рекомендаций", "Барлық ұсынымдар саны"),
    "approximate": ("Total is approximate", "Число приблизительное", "Саны шамамен"),
    "count": ("Count by status", "Число по статусу", "Мәртебе бойынша саны"),
    "finding": ("Finding", "Вывод", "Тұжырым"),
    "key_finding": ("Key finding", "Ключевой вывод", "Негізгі тұжырым"),
    "summary": ("Summary", "Кратко", "Қысқаша"),
    "paragraph": ("Paragraph", "Абзац", "Абзац"),
    "point": ("Point", "Пункт", "Тармақ"),
    "topic": ("Topic", "Тема вывода", "Тақырыпша"),
    "source": ("Source", "Источник", "Дереккөз"),
    "finding_script": ("Finding's script", "Текст выступления по выводу", "Тұжырым бойынша сөз мәтіні"),
    "recommendation": ("Recommendation", "Рекомендация", "Ұсыным"),
    "priority": ("Priority recommendation", "Приоритетная рекомендация", "Басым ұсыным"),
    "notes": ("Speaker notes", "Заметки докладчика", "Баяндамашы жазбалары"),
    "script": ("Issue's script", "Текст выступления по теме", "Мәселе бойынша сөз мәтіні"),
    "speaker": ("Speaker", "Докладчик", "Баяндамашы"),
    # the Deck sheet
    "language": ("Language", "Язык", "Тіл"),
    "country": ("Country", "Страна", "Ел"),
    "cycle": ("Cycle", "Цикл", "Цикл"),
    "short_name": ("Short name (footer)", "Краткое название (колонтитул)", "Қысқа атауы (төменгі деректеме)"),
    "presenter": ("Presenter", "Организация-докладчик", "Баяндамашы ұйым"),
    "logo": ("Presenter's logo", "Логотип организации", "Ұйымның логотипі"),
    "closing": ("Closing line", "Заключительные слова", "Қорытынды сөз"),
    "theme": ("Theme", "Оформление", "Безендіру"),
    "event": ("Event", "Мероприятие", "Іс-шара"),
    "date": ("Date", "Дата", "Күні"),
    "closing_ask": ("Closing ask", "Итоговый призыв", "Қорытынды ұсыныс"),
    "contact": ("Contact", "Контакт", "Байланыс"),
    "time_limit": ("Time limit (minutes)", "Лимит времени (минуты)", "Уақыт шегі (минут)"),
    "overview": ("Overview slide", "Обзорный слайд", "Шолу слайды"),
    "annex": ("Annex", "Приложение", "Қосымша"),
    "format": ("Format", "Формат", "Пішімі"),
    "label": ("Label override", "Своя подпись", "Өз жазуы"),
}
"""The kinds of row, in each of LANGUAGES; the issue sheets offer the first group in a drop-down."""

ISSUE_KINDS = (
    "title",
    "headline",
    "short_title",
    "review_cycle",
    "total",
    "approximate",
    "count",
    "finding",
    "key_finding",
    "summary",
    "paragraph",
    "point",
    "topic",
    "source",
    "finding_script",
    "recommendation",
    "priority",
    "notes",
    "script",
    "speaker",
)
"""The kinds of an issue sheet's rows."""

YES_NO = {True: ("yes", "да", "иә"), False: ("no", "нет", "жоқ")}
"""How a workbook writes true and false, in each of LANGUAGES."""

READ_ME = {
    "en": [
        "This workbook holds the whole deck: one sheet per issue, the Deck sheet and the tracked recommendations.",
        "Each text has one column per language; numbers, statuses and codes are typed once, for every language.",
        "To add a finding, a paragraph, a point or a recommendation: insert a row where it goes and choose its "
        "kind in the Kind column; then type its text in every language's column.",
        "To remove one: delete its row.",
        "A point, paragraph, topic or source belongs to the finding above it.",
        "Statuses: choose from the drop-down. An empty translation cell is 'to translate': the build shows a "
        "placeholder there.",
        "Do not touch: the hidden first column (its keys tie each row to the content files), the header row, "
        "or the sheets' order. Do not merge cells. Formulas are not read: type the text itself.",
        "When done: deckgen workbook import deck.xlsx --into content --dry-run lists every change; without "
        "--dry-run it writes them. deckgen build deck.xlsx builds the decks from this workbook alone.",
    ],
    "ru": [
        "В этой книге весь доклад: по листу на каждую тему, лист «Доклад» и отслеживаемые рекомендации.",
        "У каждого текста свой столбец на каждом языке; числа, статусы и коды вводятся один раз для всех языков.",
        "Чтобы добавить вывод, абзац, пункт или рекомендацию, вставьте строку на нужное место и выберите её вид "
        "в столбце «Вид», затем введите текст в столбце каждого языка.",
        "Чтобы удалить, удалите строку.",
        "Пункт, абзац, тема вывода или источник относятся к выводу над ними.",
        "Статус выбирается из списка. Пустая ячейка перевода означает «перевести»: в слайдах там будет заглушка.",
        "Не трогайте скрытый первый столбец (ключи связывают строки с файлами), строку заголовков и порядок "
        "листов. Не объединяйте ячейки. Формулы не читаются: вводите сам текст.",
        "Затем: deckgen workbook import deck.xlsx --into content --dry-run покажет все изменения; без --dry-run "
        "запишет их. deckgen build deck.xlsx строит слайды прямо из этой книги.",
    ],
    "kk": [
        "Бұл кітапта бүкіл баяндама бар: әр мәселеге бір парақ, «Баяндама» парағы және қадағаланатын ұсынымдар.",
        "Әр мәтіннің әр тілге өз бағаны бар; сандар, мәртебелер мен кодтар барлық тілдер үшін бір рет енгізіледі.",
        "Тұжырым, абзац, тармақ немесе ұсыным қосу үшін керекті жерге жол қосып, «Түрі» бағанында оның түрін "
        "таңдаңыз, содан кейін әр тілдің бағанына мәтінін жазыңыз.",
        "Жою үшін жолды жойыңыз.",
        "Тармақ, абзац, тақырыпша немесе дереккөз өзінен жоғарыдағы тұжырымға жатады.",
        "Мәртебені тізімнен таңдаңыз. Аударманың бос ұяшығы «аударылуы керек» дегенді білдіреді: слайдта орнына "
        "белгі шығады.",
        "Жасырын бірінші бағанды (кілттер жолдарды файлдармен байланыстырады), тақырып жолын және парақтардың "
        "ретін өзгертпеңіз. Ұяшықтарды біріктірмеңіз. Формулалар оқылмайды: мәтіннің өзін жазыңыз.",
        "Соңында: deckgen workbook import deck.xlsx --into content --dry-run барлық өзгерісті көрсетеді; "
        "--dry-run болмаса, оларды жазады. deckgen build deck.xlsx слайдтарды осы кітаптан жасайды.",
    ],
}
"""The Read me sheet, one paragraph a row, in each of LANGUAGES."""

LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
"""Language column headers: the name, then the code in brackets ("English (en)")."""


def words_language(language: str) -> int:
    """Return the index in LANGUAGES of the words a workbook in LANGUAGE is written in (English when none)."""
    base = language.split("-")[0].lower()
    return LANGUAGES.index(base) if base in LANGUAGES else 0


def word(table: dict, key, language: str) -> str:
    """Return TABLE's word KEY in LANGUAGE's words."""
    return table[key][words_language(language)]


def lookup(table: dict) -> dict[str, object]:
    """Return every word of TABLE in every language, casefolded -> its key."""
    found: dict[str, object] = {}
    for key, words in table.items():
        for w in words:
            found.setdefault(_fold(w), key)
            found.setdefault(_fold(w.split("(")[0]), key)  # "Value (all languages)" is found by "Value"
    return found


def language_header(language: str) -> str:
    """Return the header of LANGUAGE's text column: "English (en)", "Русский (ru)"."""
    name = LANGUAGE_NAMES.get(language.split("-")[0].lower(), "Text")
    return f"{name} ({language})"


HEADER_LANGUAGE = re.compile(r"^(?:.*\(\s*([\w.-]+)\s*\)|([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*))$")
"""A language column's header: "English (en)", "Text (deck)" (a content set's folder name), or just "en"."""


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[_\s-]+", " ", str(text)).casefold().split())


# --- status and response words -------------------------------------------------------------------


def parse_status_word(text: str, language: str = "en") -> Status:
    """Return the status TEXT names: a code, the label of any shipped locale or a common variant, any case.

    The words are content.words', the same for content files, tables and workbooks. Raise ValueError
    with a suggestion in LANGUAGE's words ("unknown status 'done'; did you mean 'implemented'?").
    """
    found = read_word(Status, text)
    if found is not None:
        return found
    meant = suggestion(Status, text)
    message = f"unknown status '{excerpt(text)}'"
    if meant is not None:
        message += f"; did you mean '{status_label(meant, language).casefold()}'?"
    else:
        message += "; choose one from the drop-down"
    raise ValueError(message)


def _labels_locale(language: str) -> Locale:
    """Return the locale a workbook's labels in LANGUAGE come from: its own, or English's when deckgen has none."""
    base = base_language(language)
    return load_locale(base if base in available_languages() else "en")


def status_label(status: Status, language: str) -> str:
    """Return STATUS's label in LANGUAGE (its locale's, or English's when deckgen has no locale for it)."""
    return _labels_locale(language).status(status.value)


def parse_response_word(text: str) -> Response:
    """Return the response TEXT names (a code, any shipped locale's label or a variant); raise ValueError otherwise."""
    found = read_word(Response, text)
    if found is None:
        raise ValueError(f"unknown response '{excerpt(text)}'; choose one from the drop-down")
    return found


def response_label(response: Response, language: str) -> str:
    """Return RESPONSE's label in LANGUAGE (English's when deckgen has no locale for it)."""
    return str(_labels_locale(language).labels.get(f"response.{response.value}", response.value))


def fold(text: str) -> str:
    """Return TEXT as words are matched: casefolded, underscores, hyphens and runs of spaces as one space."""
    return _fold(text)
