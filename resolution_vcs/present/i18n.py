"""Every human-facing word the exporters write, in Russian, Ukrainian and English.

The documents a body publishes (redline, comparative table) are read by people
who work in the document's language, so the interface strings follow the
document: :func:`detect_language` guesses it from the text, ``--lang`` overrides
it. Other Cyrillic texts get the Russian interface.

Messages are looked up by key with :func:`t`; a missing key or language is a
programming error and raises ``KeyError`` so it is caught by the tests, not
printed to a user as a half-translated page.
"""

from __future__ import annotations

from typing import Literal, cast

from ..errors import InputError
from ..text import detect_language

Lang = Literal["ru", "uk", "en"]

LANGUAGES: tuple[Lang, ...] = ("ru", "uk", "en")


def resolve_lang(lang: str | None, sample: str) -> Lang:
    """The language to write in: ``lang`` if given ("ru", "uk", "en"), else detected
    from ``sample``.

    "auto" means the same as None. Anything else is refused with an error
    that names the choices.
    """
    if lang is None or lang.strip().lower() in ("", "auto"):
        return detect_language(sample)
    key = lang.strip().lower()
    if key not in LANGUAGES:
        raise InputError(f"Unknown language {lang!r}. Use {', '.join(LANGUAGES)}")
    return cast(Lang, key)


_MESSAGES: dict[str, dict[Lang, str]] = {
    # Titles
    "title.comparative": {
        "ru": "Сравнительная таблица",
        "uk": "Порівняльна таблиця",
        "en": "Comparative table",
    },
    "title.diff": {
        "ru": "Сравнение редакций",
        "uk": "Порівняння редакцій",
        "en": "Comparison of versions",
    },
    # Comparative table columns
    "col.no": {"ru": "№", "uk": "№", "en": "No."},
    "col.clause": {"ru": "Пункт", "uk": "Пункт", "en": "Clause"},
    "col.before": {"ru": "Редакция до изменения", "uk": "Редакція до змін", "en": "Wording before"},
    "col.after": {"ru": "Новая редакция", "uk": "Нова редакція", "en": "New wording"},
    "col.note": {"ru": "Примечание", "uk": "Примітка", "en": "Note"},
    # What happened to a clause (notes and badges)
    "kind.added": {"ru": "добавлен", "uk": "додано", "en": "added"},
    "kind.deleted": {"ru": "исключён", "uk": "виключено", "en": "deleted"},
    "kind.modified": {"ru": "изменён", "uk": "змінено", "en": "modified"},
    "kind.moved": {"ru": "перемещён", "uk": "переміщено", "en": "moved"},
    "kind.renumbered": {"ru": "перенумерован", "uk": "перенумеровано", "en": "renumbered"},
    "kind.unchanged": {"ru": "без изменений", "uk": "без змін", "en": "unchanged"},
    "kind.layout": {"ru": "только разметка", "uk": "лише розмітка", "en": "layout only"},
    "note.moved": {
        "ru": "перемещён из {old}",
        "uk": "переміщено з {old}",
        "en": "moved from {old}",
    },
    "note.renumbered": {
        "ru": "перенумерован: был {old}",
        "uk": "перенумеровано: був {old}",
        "en": "renumbered, was {old}",
    },
    "note.renumbered_arrow": {
        "ru": "перенумерован {old} → {new}",
        "uk": "перенумеровано {old} → {new}",
        "en": "renumbered {old} → {new}",
    },
    "note.moved_arrow": {
        "ru": "перемещён {old} → {new}",
        "uk": "переміщено {old} → {new}",
        "en": "moved {old} → {new}",
    },
    "note.spacing": {"ru": "только пробелы", "uk": "лише пробіли", "en": "spacing only"},
    "note.modified_spacing": {
        "ru": "изменён (только пробелы)",
        "uk": "змінено (лише пробіли)",
        "en": "modified (spacing only)",
    },
    "note.separator": {"ru": "; ", "uk": "; ", "en": "; "},
    # Summary of counts
    "sum.added": {"ru": "Добавлено", "uk": "Додано", "en": "Added"},
    "sum.deleted": {"ru": "Исключено", "uk": "Виключено", "en": "Deleted"},
    "sum.modified": {"ru": "Изменено", "uk": "Змінено", "en": "Modified"},
    "sum.moved": {"ru": "Перемещено", "uk": "Переміщено", "en": "Moved"},
    "sum.renumbered": {"ru": "Перенумеровано", "uk": "Перенумеровано", "en": "Renumbered"},
    "sum.layout": {"ru": "Разметка", "uk": "Розмітка", "en": "Layout"},
    "sum.unchanged": {"ru": "Без изменений", "uk": "Без змін", "en": "Unchanged"},
    "summary": {"ru": "Итого по пунктам", "uk": "Разом за пунктами", "en": "Clauses"},
    # Page furniture
    "legend": {"ru": "Обозначения", "uk": "Позначення", "en": "Key"},
    "legend.deleted": {"ru": "исключённый текст", "uk": "виключений текст", "en": "deleted text"},
    "legend.inserted": {"ru": "новый текст", "uk": "новий текст", "en": "inserted text"},
    "clause": {"ru": "Пункт", "uk": "Пункт", "en": "Clause"},
    "clause.id": {"ru": "Идентификатор", "uk": "Ідентифікатор", "en": "Id"},
    "no_changes": {"ru": "Изменений нет.", "uk": "Змін немає.", "en": "No changes."},
    "layout_changed": {
        "ru": "Изменена также разметка вне слов пунктов "
        "(якоря, маркеры, пустые строки, вводная часть).",
        "uk": "Змінено також розмітку поза словами пунктів "
        "(якорі, маркери, порожні рядки, вступна частина).",
        "en": "The layout outside the clauses' words changed too "
        "(anchors, markers, blank lines, preamble).",
    },
    "layout_changed.short": {
        "ru": "изменена разметка",
        "uk": "змінено розмітку",
        "en": "layout changed",
    },
    # What a comparison left aside (typography.py's categories)
    "ignored": {
        "ru": "Не учтены: {what}.",
        "uk": "Не враховано: {what}.",
        "en": "Ignored: {what}.",
    },
    "ignored.first": {
        "ru": "{what} в {n} {clauses}",
        "uk": "{what} у {n} {clauses}",
        "en": "{what} in {n} {clauses}",
    },
    "ignored.next": {"ru": "{what} в {n}", "uk": "{what} у {n}", "en": "{what} in {n}"},
    "clauses.one": {"ru": "пункте", "uk": "пункті", "en": "clause"},
    "clauses.many": {"ru": "пунктах", "uk": "пунктах", "en": "clauses"},
    "category.line_breaks": {"ru": "переносы строк", "uk": "переноси рядків", "en": "line breaks"},
    "category.spaces": {"ru": "пробелы", "uk": "пробіли", "en": "spaces"},
    "category.non-breaking_spaces": {
        "ru": "неразрывные пробелы",
        "uk": "нерозривні пробіли",
        "en": "non-breaking spaces",
    },
    "category.quotes": {"ru": "кавычки", "uk": "лапки", "en": "quotes"},
    "category.dashes": {"ru": "тире и дефисы", "uk": "тире й дефіси", "en": "dashes"},
    "category.ellipses": {"ru": "многоточия", "uk": "трикрапки", "en": "ellipses"},
    "category.layout": {"ru": "разметка", "uk": "розмітка", "en": "layout"},
    "category.numbering": {"ru": "нумерация", "uk": "нумерація", "en": "numbering"},
    "empty_cell": {"ru": "—", "uk": "—", "en": "—"},
    # Comments on the revisions of a Word redline
    "word.amendment": {
        "ru": "Поправка {number} ({id}), автор: {author}",
        "uk": "Поправка {number} ({id}), автор: {author}",
        "en": "Amendment {number} ({id}) by {author}",
    },
    "word.accepted": {
        "ru": "Принята председателем: {chair}",
        "uk": "Прийнято головуючим: {chair}",
        "en": "Accepted by the chair: {chair}",
    },
    "word.wording": {
        "ru": "Формулировка: {text}",
        "uk": "Формулювання: {text}",
        "en": "Wording: {text}",
    },
    "word.rationale": {
        "ru": "Обоснование: {text}",
        "uk": "Обґрунтування: {text}",
        "en": "Rationale: {text}",
    },
    "word.competing.one": {
        "ru": "Конкурирует с поправкой {numbers}: обе меняют одни и те же слова, принятие одной "
        "делает другую конфликтной.",
        "uk": "Конкурує з поправкою {numbers}: обидві змінюють ті самі слова, прийняття однієї "
        "робить іншу конфліктною.",
        "en": "Competes with amendment {numbers}: both change the same words; accepting one "
        "makes the other conflicted.",
    },
    "word.competing.many": {
        "ru": "Конкурирует с поправками {numbers}: они меняют те же слова, принятие одной делает "
        "другие конфликтными.",
        "uk": "Конкурує з поправками {numbers}: вони змінюють ті самі слова, прийняття однієї "
        "робить інші конфліктними.",
        "en": "Competes with amendments {numbers}: they change the same words; accepting one "
        "makes the others conflicted.",
    },
    "word.not_shown": {
        "ru": "Не показана правками: она меняет те же слова, что поправка {number}, показанная "
        "здесь правками.",
        "uk": "Не показано виправленнями: вона змінює ті самі слова, що й поправка {number}, "
        "показана тут виправленнями.",
        "en": "Not shown as revisions: it changes the same words as amendment {number}, shown "
        "here as revisions.",
    },
    "word.conflicted": {
        "ru": "Не применяется к текущему тексту: {why}",
        "uk": "Не застосовується до поточного тексту: {why}",
        "en": "Does not apply to the current text: {why}",
    },
    "word.review": {
        "ru": "Поправки к {slug}, ожидающие решения (текущий текст: {version})",
        "uk": "Поправки до {slug}, що очікують рішення (поточний текст: {version})",
        "en": "Amendments to {slug} awaiting a decision (current text: {version})",
    },
    # The amendment table
    "title.amendments": {
        "ru": "Таблица поправок",
        "uk": "Таблиця поправок",
        "en": "Table of amendments",
    },
    "col.current": {"ru": "Действующая редакция", "uk": "Чинна редакція", "en": "Current wording"},
    "col.proposed": {
        "ru": "Предлагаемая редакция",
        "uk": "Запропонована редакція",
        "en": "Proposed wording",
    },
    "col.wording": {
        "ru": "Текст поправки",
        "uk": "Текст поправки",
        "en": "The amendment as worded",
    },
    "col.authors": {"ru": "Автор(ы)", "uk": "Автор(и)", "en": "Author(s)"},
    "col.rationale": {"ru": "Обоснование", "uk": "Обґрунтування", "en": "Rationale"},
    "col.decision": {"ru": "Решение", "uk": "Рішення", "en": "Decision"},
    "col.reason": {"ru": "Причина", "uk": "Причина", "en": "Reason"},
    "decision.proposed": {"ru": "не рассмотрена", "uk": "не розглянута", "en": "pending"},
    "decision.accepted": {"ru": "принята", "uk": "прийнята", "en": "accepted"},
    "decision.rejected": {"ru": "отклонена", "uk": "відхилена", "en": "rejected"},
    "decision.withdrawn": {
        "ru": "отозвана автором",
        "uk": "відкликана автором",
        "en": "withdrawn by the author",
    },
    "decision.conflicted": {
        "ru": "не рассмотрена (в конфликте с текущим текстом)",
        "uk": "не розглянута (у конфлікті з поточним текстом)",
        "en": "pending (conflicts with the current text)",
    },
    "decision.lapsed": {"ru": "снята с рассмотрения", "uk": "знята з розгляду", "en": "lapsed"},
    "place.insert.after": {
        "ru": "новый, после {label}",
        "uk": "новий, після {label}",
        "en": "new, after {label}",
    },
    "place.insert.before": {
        "ru": "новый, перед {label}",
        "uk": "новий, перед {label}",
        "en": "new, before {label}",
    },
    "place.move.after": {
        "ru": "{label} → после {anchor}",
        "uk": "{label} → після {anchor}",
        "en": "{label} → after {anchor}",
    },
    "place.move.before": {
        "ru": "{label} → перед {anchor}",
        "uk": "{label} → перед {anchor}",
        "en": "{label} → before {anchor}",
    },
    "place.now": {"ru": "(ныне {label})", "uk": "(нині {label})", "en": "(now {label})"},
    "place.preamble": {"ru": "вводная часть", "uk": "вступна частина", "en": "the opening text"},
    "place.epilogue": {
        "ru": "заключительная часть",
        "uk": "заключна частина",
        "en": "the closing text",
    },
    "proposed.delete": {"ru": "исключить", "uk": "виключити", "en": "delete"},
    "no_amendments": {"ru": "Поправок нет.", "uk": "Поправок немає.", "en": "No amendments."},
    "amendments.document": {
        "ru": "Документ: {title}",
        "uk": "Документ: {title}",
        "en": "Document: {title}",
    },
    # The dossier (present/dossier.py)
    "dossier.of": {
        "ru": "Досье документа «{title}»",
        "uk": "Досьє документа «{title}»",
        "en": "Dossier of “{title}”",
    },
    "dossier.dossier": {
        "ru": "Досье документа",
        "uk": "Досьє документа",
        "en": "Dossier of the document",
    },
    "dossier.contents": {"ru": "Оглавление", "uk": "Зміст", "en": "Contents"},
    "dossier.final_text": {"ru": "Итоговый текст", "uk": "Підсумковий текст", "en": "Final text"},
    "dossier.versions": {"ru": "Версии", "uk": "Версії", "en": "Versions"},
    "dossier.clauses": {"ru": "История пунктов", "uk": "Історія пунктів", "en": "Clause histories"},
    "dossier.clauses.explain": {
        "ru": "Каждый пункт, который когда-либо был в тексте, со ссылкой на его историю: "
        "все редакции, кто их предложил и кто принял.",
        "uk": "Кожен пункт, який будь-коли був у тексті, з посиланням на його історію: "
        "усі редакції, хто їх запропонував і хто прийняв.",
        "en": "Every clause that was ever in the text, with a link to its history: "
        "every wording, who proposed it and who accepted it.",
    },
    "dossier.clauses.current": {
        "ru": "Пункты итогового текста",
        "uk": "Пункти підсумкового тексту",
        "en": "Clauses of the final text",
    },
    "dossier.clauses.gone": {
        "ru": "Исключённые пункты",
        "uk": "Виключені пункти",
        "en": "Deleted clauses",
    },
    "dossier.blame": {
        "ru": "Происхождение текста",
        "uk": "Походження тексту",
        "en": "Where the text came from",
    },
    "dossier.blame.explain": {
        "ru": "Итоговый текст по пунктам. Слова, внесённые после первой версии, выделены "
        "цветом и помечены номером версии; наведите указатель на текст, чтобы увидеть "
        "его источник.",
        "uk": "Підсумковий текст за пунктами. Слова, внесені після першої версії, виділено "
        "кольором і позначено номером версії; наведіть вказівник на текст, щоб побачити "
        "його джерело.",
        "en": "The final text clause by clause. Words written after the first version are "
        "tinted and marked with their version; point at any text to see where it came from.",
    },
    "dossier.version": {"ru": "Версия {name}", "uk": "Версія {name}", "en": "Version {name}"},
    "dossier.changes": {
        "ru": "Изменения {old} → {new}",
        "uk": "Зміни {old} → {new}",
        "en": "Changes {old} → {new}",
    },
    "dossier.clause": {
        "ru": "История пункта {label}",
        "uk": "Історія пункту {label}",
        "en": "History of clause {label}",
    },
    "dossier.clause.in_final": {
        "ru": "Пункт есть в итоговом тексте;",
        "uk": "Пункт є в підсумковому тексті;",
        "en": "The clause is in the final text;",
    },
    "dossier.clause.blame_link": {
        "ru": "откуда его слова",
        "uk": "звідки його слова",
        "en": "where its words came from",
    },
    "dossier.clause.gone": {
        "ru": "Пункта нет в итоговом тексте: он исключён.",
        "uk": "Пункту немає в підсумковому тексті: його виключено.",
        "en": "The clause is not in the final text: it was deleted.",
    },
    "dossier.against_previous": {
        "ru": "по сравнению с предыдущей редакцией пункта",
        "uk": "порівняно з попередньою редакцією пункту",
        "en": "against the clause's previous wording",
    },
    "dossier.proposed_for": {
        "ru": "(поправка внесена к {label})",
        "uk": "(поправку внесено до {label})",
        "en": "(the amendment was proposed for {label})",
    },
    "dossier.amendment": {
        "ru": "поправка № {number}",
        "uk": "поправка № {number}",
        "en": "amendment {number}",
    },
    "dossier.made.import": {
        "ru": "Импорт текста: {person}",
        "uk": "Імпорт тексту: {person}",
        "en": "Imported by {person}",
    },
    "dossier.made.revision": {
        "ru": "Редакционная правка: {person}",
        "uk": "Редакційна правка: {person}",
        "en": "Editorial revision by {person}",
    },
    "dossier.made.acceptance": {
        "ru": "Принята {amendment} (автор: {author}); решение председателя: {chair}",
        "uk": "Прийнято {amendment} (автор: {author}); рішення головуючого: {chair}",
        "en": "Accepted {amendment} (author: {author}); decided by the chair {chair}",
    },
    "dossier.made.adoption": {
        "ru": "Текст принят; председатель: {chair}",
        "uk": "Текст прийнято; головуючий: {chair}",
        "en": "Text adopted by the chair {chair}",
    },
    "dossier.made.other": {
        "ru": "Изменение не через resvcs: {person}",
        "uk": "Зміна не через resvcs: {person}",
        "en": "Changed outside resvcs by {person}",
    },
    "dossier.quoted": {"ru": "«{text}»", "uk": "«{text}»", "en": "“{text}”"},
    "dossier.verify.ok": {
        "ru": "Проверка пройдена: {versions}, {decisions}.",
        "uk": "Перевірку пройдено: {versions}, {decisions}.",
        "en": "Verification passed: {versions}, {decisions}.",
    },
    "dossier.verify.failed": {
        "ru": "Проверка не пройдена: {violations}.",
        "uk": "Перевірку не пройдено: {violations}.",
        "en": "Verification failed: {violations}.",
    },
    "dossier.verify.explain": {
        "ru": "Каждая версия — импорт, записанная редакционная правка или точное применение "
        "поправки, принятой председателем; решения по поправкам после их принятия не менялись.",
        "uk": "Кожна версія — імпорт, записана редакційна правка або точне застосування "
        "поправки, прийнятої головуючим; рішення щодо поправок після їх ухвалення не "
        "змінювалися.",
        "en": "Every version is an import, a recorded editorial revision or exactly an "
        "amendment accepted by a chair; no decision was changed after it was made.",
    },
    "dossier.adopted": {
        "ru": "Текст принят: {tag}, председатель {chair}, {date}.",
        "uk": "Текст прийнято: {tag}, головуючий {chair}, {date}.",
        "en": "Adopted as {tag} by the chair {chair}, {date}.",
    },
    "dossier.col.version": {"ru": "Версия", "uk": "Версія", "en": "Version"},
    "dossier.col.date": {"ru": "Дата", "uk": "Дата", "en": "Date"},
    "dossier.col.made": {"ru": "Источник", "uk": "Джерело", "en": "Made by"},
    "dossier.col.changes": {"ru": "Что изменилось", "uk": "Що змінилося", "en": "What changed"},
    "dossier.col.change": {"ru": "Изменение", "uk": "Зміна", "en": "Change"},
    "dossier.col.wording": {"ru": "Редакция", "uk": "Редакція", "en": "Wording"},
    "dossier.col.text": {"ru": "Текст", "uk": "Текст", "en": "Text"},
    "dossier.col.wordings": {"ru": "Изменений", "uk": "Змін", "en": "Changes"},
    "dossier.col.last": {"ru": "Последнее изменение", "uk": "Остання зміна", "en": "Last changed"},
    "dossier.first_version": {"ru": "первая версия", "uk": "перша версія", "en": "first version"},
    "dossier.original": {
        "ru": "исходная редакция",
        "uk": "початкова редакція",
        "en": "original wording",
    },
    "dossier.what_changed": {
        "ru": "Что изменилось в этой версии",
        "uk": "Що змінилося в цій версії",
        "en": "What this version changed",
    },
    "dossier.is_final": {
        "ru": "Это итоговый текст.",
        "uk": "Це підсумковий текст.",
        "en": "This is the final text.",
    },
    "dossier.commit": {"ru": "Коммит", "uk": "Коміт", "en": "Commit"},
    "dossier.history": {"ru": "история", "uk": "історія", "en": "history"},
    "dossier.gave": {"ru": "результат:", "uk": "результат:", "en": "result:"},
    "dossier.footer": {
        "ru": "Досье составлено resvcs по состоянию репозитория на коммит {commit}.",
        "uk": "Досьє складено resvcs за станом репозиторію на коміт {commit}.",
        "en": "Written by resvcs from the repository at commit {commit}.",
    },
    "dossier.n.version.one": {"ru": "{n} версия", "uk": "{n} версія", "en": "{n} version"},
    "dossier.n.version.few": {"ru": "{n} версии", "uk": "{n} версії", "en": "{n} versions"},
    "dossier.n.version.many": {"ru": "{n} версий", "uk": "{n} версій", "en": "{n} versions"},
    "dossier.n.decision.one": {"ru": "{n} решение", "uk": "{n} рішення", "en": "{n} decision"},
    "dossier.n.decision.few": {"ru": "{n} решения", "uk": "{n} рішення", "en": "{n} decisions"},
    "dossier.n.decision.many": {"ru": "{n} решений", "uk": "{n} рішень", "en": "{n} decisions"},
    "dossier.n.violation.one": {
        "ru": "{n} нарушение",
        "uk": "{n} порушення",
        "en": "{n} violation",
    },
    "dossier.n.violation.few": {
        "ru": "{n} нарушения",
        "uk": "{n} порушення",
        "en": "{n} violations",
    },
    "dossier.n.violation.many": {
        "ru": "{n} нарушений",
        "uk": "{n} порушень",
        "en": "{n} violations",
    },
    "dossier.n.amendment.one": {"ru": "{n} поправка", "uk": "{n} поправка", "en": "{n} amendment"},
    "dossier.n.amendment.few": {"ru": "{n} поправки", "uk": "{n} поправки", "en": "{n} amendments"},
    "dossier.n.amendment.many": {
        "ru": "{n} поправок",
        "uk": "{n} поправок",
        "en": "{n} amendments",
    },
    "dossier.n.clause.one": {"ru": "{n} пункт", "uk": "{n} пункт", "en": "{n} clause"},
    "dossier.n.clause.few": {"ru": "{n} пункта", "uk": "{n} пункти", "en": "{n} clauses"},
    "dossier.n.clause.many": {"ru": "{n} пунктов", "uk": "{n} пунктів", "en": "{n} clauses"},
    # Competing amendments in the review: exactly which pairs compete
    "compete.pair": {"ru": "{a} и {b}", "uk": "{a} і {b}", "en": "{a} and {b}"},
    "compete.list": {"ru": ", ", "uk": ", ", "en": ", "},
    "compete.both.one": {
        "ru": "Поправки {pair} меняют одни и те же слова: принятие одной делает другую "
        "конфликтной.",
        "uk": "Поправки {pair} змінюють ті самі слова: прийняття однієї робить іншу конфліктною.",
        "en": "Amendments {pair} change the same words; accepting one makes the other conflicted.",
    },
    "compete.both.many": {
        "ru": "Одни и те же слова меняют поправки {pairs}: принятие одной из пары делает "
        "другую конфликтной.",
        "uk": "Ті самі слова змінюють поправки {pairs}: прийняття однієї з пари робить іншу "
        "конфліктною.",
        "en": "Amendments {pairs} change the same words: accepting one of a pair makes the "
        "other conflicted.",
    },
    "compete.one_way": {
        "ru": "Принятие поправки {a} делает поправку {b} конфликтной; принятие {b} оставляет "
        "{a} применимой.",
        "uk": "Прийняття поправки {a} робить поправку {b} конфліктною; прийняття {b} залишає "
        "{a} придатною.",
        "en": "Accepting amendment {a} makes amendment {b} conflicted; accepting {b} leaves "
        "{a} applying.",
    },
    "compete.apart": {
        "ru": "Поправки {pairs} друг с другом не конкурируют.",
        "uk": "Поправки {pairs} між собою не конкурують.",
        "en": "Amendments {pairs} do not compete with each other.",
    },
}


def t(key: str, lang: Lang | str, **fields: str) -> str:
    """The message ``key`` in ``lang``, with ``{name}`` fields filled in."""
    message = _MESSAGES[key][cast(Lang, lang)]
    return message.format(**fields) if fields else message


def keys() -> tuple[str, ...]:
    """All message keys (for tests that check every key has every language)."""
    return tuple(_MESSAGES)


def cite(label: str, lang: Lang | str) -> str:
    """A clause label as it is cited in running text: "п. 5" in Russian and
    Ukrainian, "5" in English.

    Labels that are not numbers ("¶12", "¶12.3") read the same in every language.
    """
    if lang in ("ru", "uk") and label[:1].isdigit():
        return f"п. {label}"
    return label


#: The language tags Word uses for proofing, by language.
_WORD_TAGS: dict[str, str] = {"ru": "ru-RU", "uk": "uk-UA", "en": "en-GB"}


def word_language(lang: Lang | str) -> str:
    """The tag Word proofs a text in: "ru-RU", "uk-UA", "en-GB"."""
    return _WORD_TAGS.get(lang, "en-GB")
