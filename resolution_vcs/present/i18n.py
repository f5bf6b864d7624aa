"""Every human-facing word the exporters write, in Russian and English.

The documents a body publishes (redline, comparative table) are read by people
who work in the document's language, so the interface strings follow the
document: :func:`detect_language` guesses it from the text, ``--lang`` overrides
it. Only two languages are supported; Ukrainian and other Cyrillic texts get
the Russian interface, which their readers understand.

Messages are looked up by key with :func:`t`; a missing key or language is a
programming error and raises ``KeyError`` so it is caught by the tests, not
printed to a user as a half-translated page.
"""

from __future__ import annotations

from typing import Literal, cast

from ..errors import InputError
from ..text import detect_language

Lang = Literal["ru", "en"]

LANGUAGES: tuple[Lang, ...] = ("ru", "en")


def resolve_lang(lang: str | None, sample: str) -> Lang:
    """The language to write in: ``lang`` if given ("ru"/"en"), else detected from ``sample``.

    "auto" means the same as None. Anything else is refused with an error
    that names the choices.
    """
    if lang is None or lang.strip().lower() in ("", "auto"):
        return detect_language(sample)
    key = lang.strip().lower()
    if key not in LANGUAGES:
        raise InputError(f"Unknown language {lang!r}. Use ru or en")
    return cast(Lang, key)


_MESSAGES: dict[str, dict[Lang, str]] = {
    # Titles
    "title.comparative": {"ru": "Сравнительная таблица", "en": "Comparative table"},
    "title.diff": {"ru": "Сравнение редакций", "en": "Comparison of versions"},
    # Comparative table columns
    "col.no": {"ru": "№", "en": "No."},
    "col.clause": {"ru": "Пункт", "en": "Clause"},
    "col.before": {"ru": "Редакция до изменения", "en": "Wording before"},
    "col.after": {"ru": "Новая редакция", "en": "New wording"},
    "col.note": {"ru": "Примечание", "en": "Note"},
    # What happened to a clause (notes and badges)
    "kind.added": {"ru": "добавлен", "en": "added"},
    "kind.deleted": {"ru": "исключён", "en": "deleted"},
    "kind.modified": {"ru": "изменён", "en": "modified"},
    "kind.moved": {"ru": "перемещён", "en": "moved"},
    "kind.renumbered": {"ru": "перенумерован", "en": "renumbered"},
    "kind.unchanged": {"ru": "без изменений", "en": "unchanged"},
    "note.moved": {"ru": "перемещён из {old}", "en": "moved from {old}"},
    "note.renumbered": {"ru": "перенумерован: был {old}", "en": "renumbered, was {old}"},
    "note.renumbered_arrow": {
        "ru": "перенумерован {old} → {new}",
        "en": "renumbered {old} → {new}",
    },
    "note.moved_arrow": {"ru": "перемещён {old} → {new}", "en": "moved {old} → {new}"},
    "note.spacing": {"ru": "только пробелы", "en": "spacing only"},
    "note.modified_spacing": {
        "ru": "изменён (только пробелы)",
        "en": "modified (spacing only)",
    },
    "note.separator": {"ru": "; ", "en": "; "},
    # Summary of counts
    "sum.added": {"ru": "Добавлено", "en": "Added"},
    "sum.deleted": {"ru": "Исключено", "en": "Deleted"},
    "sum.modified": {"ru": "Изменено", "en": "Modified"},
    "sum.moved": {"ru": "Перемещено", "en": "Moved"},
    "sum.renumbered": {"ru": "Перенумеровано", "en": "Renumbered"},
    "sum.unchanged": {"ru": "Без изменений", "en": "Unchanged"},
    "summary": {"ru": "Итого по пунктам", "en": "Clauses"},
    # Page furniture
    "legend": {"ru": "Обозначения", "en": "Key"},
    "legend.deleted": {"ru": "исключённый текст", "en": "deleted text"},
    "legend.inserted": {"ru": "новый текст", "en": "inserted text"},
    "clause": {"ru": "Пункт", "en": "Clause"},
    "clause.id": {"ru": "Идентификатор", "en": "Id"},
    "no_changes": {"ru": "Изменений нет.", "en": "No changes."},
    "layout_changed": {
        "ru": "Изменена также разметка вне слов пунктов "
        "(якоря, маркеры, пустые строки, вводная часть).",
        "en": "The layout outside the clauses' words changed too "
        "(anchors, markers, blank lines, preamble).",
    },
    "layout_changed.short": {"ru": "изменена разметка", "en": "layout changed"},
    "empty_cell": {"ru": "—", "en": "—"},
    # The amendment table
    "title.amendments": {"ru": "Таблица поправок", "en": "Table of amendments"},
    "col.current": {"ru": "Действующая редакция", "en": "Current wording"},
    "col.proposed": {"ru": "Предлагаемая редакция", "en": "Proposed wording"},
    "col.authors": {"ru": "Автор(ы)", "en": "Author(s)"},
    "col.rationale": {"ru": "Обоснование", "en": "Rationale"},
    "col.decision": {"ru": "Решение", "en": "Decision"},
    "col.reason": {"ru": "Причина", "en": "Reason"},
    "decision.proposed": {"ru": "не рассмотрена", "en": "pending"},
    "decision.accepted": {"ru": "принята", "en": "accepted"},
    "decision.rejected": {"ru": "отклонена", "en": "rejected"},
    "decision.withdrawn": {"ru": "отозвана автором", "en": "withdrawn by the author"},
    "decision.conflicted": {
        "ru": "не рассмотрена (в конфликте с текущим текстом)",
        "en": "pending (conflicts with the current text)",
    },
    "decision.lapsed": {"ru": "снята с рассмотрения", "en": "lapsed"},
    "place.insert.after": {"ru": "новый, после {label}", "en": "new, after {label}"},
    "place.insert.before": {"ru": "новый, перед {label}", "en": "new, before {label}"},
    "place.move.after": {"ru": "{label} → после {anchor}", "en": "{label} → after {anchor}"},
    "place.move.before": {"ru": "{label} → перед {anchor}", "en": "{label} → before {anchor}"},
    "place.preamble": {"ru": "вводная часть", "en": "the opening text"},
    "place.epilogue": {"ru": "заключительная часть", "en": "the closing text"},
    "proposed.delete": {"ru": "исключить", "en": "delete"},
    "no_amendments": {"ru": "Поправок нет.", "en": "No amendments."},
    "amendments.document": {"ru": "Документ: {title}", "en": "Document: {title}"},
    # The dossier (present/dossier.py)
    "dossier.of": {"ru": "Досье документа «{title}»", "en": "Dossier of “{title}”"},
    "dossier.dossier": {"ru": "Досье документа", "en": "Dossier of the document"},
    "dossier.contents": {"ru": "Оглавление", "en": "Contents"},
    "dossier.final_text": {"ru": "Итоговый текст", "en": "Final text"},
    "dossier.versions": {"ru": "Версии", "en": "Versions"},
    "dossier.clauses": {"ru": "История пунктов", "en": "Clause histories"},
    "dossier.clauses.explain": {
        "ru": "Каждый пункт, который когда-либо был в тексте, со ссылкой на его историю: "
        "все редакции, кто их предложил и кто принял.",
        "en": "Every clause that was ever in the text, with a link to its history: "
        "every wording, who proposed it and who accepted it.",
    },
    "dossier.clauses.current": {"ru": "Пункты итогового текста", "en": "Clauses of the final text"},
    "dossier.clauses.gone": {"ru": "Исключённые пункты", "en": "Deleted clauses"},
    "dossier.blame": {"ru": "Происхождение текста", "en": "Where the text came from"},
    "dossier.blame.explain": {
        "ru": "Итоговый текст по пунктам. Слова, внесённые после первой версии, выделены "
        "цветом и помечены номером версии; наведите указатель на текст, чтобы увидеть "
        "его источник.",
        "en": "The final text clause by clause. Words written after the first version are "
        "tinted and marked with their version; point at any text to see where it came from.",
    },
    "dossier.version": {"ru": "Версия {name}", "en": "Version {name}"},
    "dossier.changes": {"ru": "Изменения {old} → {new}", "en": "Changes {old} → {new}"},
    "dossier.clause": {"ru": "История пункта {label}", "en": "History of clause {label}"},
    "dossier.clause.in_final": {
        "ru": "Пункт есть в итоговом тексте;",
        "en": "The clause is in the final text;",
    },
    "dossier.clause.blame_link": {
        "ru": "откуда его слова",
        "en": "where its words came from",
    },
    "dossier.clause.gone": {
        "ru": "Пункта нет в итоговом тексте: он исключён.",
        "en": "The clause is not in the final text: it was deleted.",
    },
    "dossier.against_previous": {
        "ru": "по сравнению с предыдущей редакцией пункта",
        "en": "against the clause's previous wording",
    },
    "dossier.amendment": {"ru": "поправка № {number}", "en": "amendment {number}"},
    "dossier.made.import": {"ru": "Импорт текста: {person}", "en": "Imported by {person}"},
    "dossier.made.revision": {
        "ru": "Редакционная правка: {person}",
        "en": "Editorial revision by {person}",
    },
    "dossier.made.acceptance": {
        "ru": "Принята {amendment} (автор: {author}); решение председателя: {chair}",
        "en": "Accepted {amendment} (author: {author}); decided by the chair {chair}",
    },
    "dossier.made.adoption": {
        "ru": "Текст принят; председатель: {chair}",
        "en": "Text adopted by the chair {chair}",
    },
    "dossier.made.other": {
        "ru": "Изменение не через resvcs: {person}",
        "en": "Changed outside resvcs by {person}",
    },
    "dossier.quoted": {"ru": "«{text}»", "en": "“{text}”"},
    "dossier.verify.ok": {
        "ru": "Проверка пройдена: {versions}, {decisions}.",
        "en": "Verification passed: {versions}, {decisions}.",
    },
    "dossier.verify.failed": {
        "ru": "Проверка не пройдена: {violations}.",
        "en": "Verification failed: {violations}.",
    },
    "dossier.verify.explain": {
        "ru": "Каждая версия — импорт, записанная редакционная правка или точное применение "
        "поправки, принятой председателем; решения по поправкам после их принятия не менялись.",
        "en": "Every version is an import, a recorded editorial revision or exactly an "
        "amendment accepted by a chair; no decision was changed after it was made.",
    },
    "dossier.adopted": {
        "ru": "Текст принят: {tag}, председатель {chair}, {date}.",
        "en": "Adopted as {tag} by the chair {chair}, {date}.",
    },
    "dossier.col.version": {"ru": "Версия", "en": "Version"},
    "dossier.col.date": {"ru": "Дата", "en": "Date"},
    "dossier.col.made": {"ru": "Источник", "en": "Made by"},
    "dossier.col.changes": {"ru": "Что изменилось", "en": "What changed"},
    "dossier.col.change": {"ru": "Изменение", "en": "Change"},
    "dossier.col.wording": {"ru": "Редакция", "en": "Wording"},
    "dossier.col.text": {"ru": "Текст", "en": "Text"},
    "dossier.col.wordings": {"ru": "Изменений", "en": "Changes"},
    "dossier.col.last": {"ru": "Последнее изменение", "en": "Last changed"},
    "dossier.first_version": {"ru": "первая версия", "en": "first version"},
    "dossier.original": {"ru": "исходная редакция", "en": "original wording"},
    "dossier.what_changed": {
        "ru": "Что изменилось в этой версии",
        "en": "What this version changed",
    },
    "dossier.is_final": {"ru": "Это итоговый текст.", "en": "This is the final text."},
    "dossier.commit": {"ru": "Коммит", "en": "Commit"},
    "dossier.history": {"ru": "история", "en": "history"},
    "dossier.gave": {"ru": "результат:", "en": "result:"},
    "dossier.footer": {
        "ru": "Досье составлено resvcs по состоянию репозитория на коммит {commit}.",
        "en": "Written by resvcs from the repository at commit {commit}.",
    },
    "dossier.n.version.one": {"ru": "{n} версия", "en": "{n} version"},
    "dossier.n.version.few": {"ru": "{n} версии", "en": "{n} versions"},
    "dossier.n.version.many": {"ru": "{n} версий", "en": "{n} versions"},
    "dossier.n.decision.one": {"ru": "{n} решение", "en": "{n} decision"},
    "dossier.n.decision.few": {"ru": "{n} решения", "en": "{n} decisions"},
    "dossier.n.decision.many": {"ru": "{n} решений", "en": "{n} decisions"},
    "dossier.n.violation.one": {"ru": "{n} нарушение", "en": "{n} violation"},
    "dossier.n.violation.few": {"ru": "{n} нарушения", "en": "{n} violations"},
    "dossier.n.violation.many": {"ru": "{n} нарушений", "en": "{n} violations"},
    "dossier.n.amendment.one": {"ru": "{n} поправка", "en": "{n} amendment"},
    "dossier.n.amendment.few": {"ru": "{n} поправки", "en": "{n} amendments"},
    "dossier.n.amendment.many": {"ru": "{n} поправок", "en": "{n} amendments"},
    "dossier.n.clause.one": {"ru": "{n} пункт", "en": "{n} clause"},
    "dossier.n.clause.few": {"ru": "{n} пункта", "en": "{n} clauses"},
    "dossier.n.clause.many": {"ru": "{n} пунктов", "en": "{n} clauses"},
}


def t(key: str, lang: Lang | str, **fields: str) -> str:
    """The message ``key`` in ``lang``, with ``{name}`` fields filled in."""
    message = _MESSAGES[key][cast(Lang, lang)]
    return message.format(**fields) if fields else message


def keys() -> tuple[str, ...]:
    """All message keys (for tests that check every key has every language)."""
    return tuple(_MESSAGES)


def cite(label: str, lang: Lang | str) -> str:
    """A clause label as it is cited in running text: "п. 5" in Russian, "5" in English.

    Labels that are not numbers ("¶12", "¶12.3") read the same in both languages.
    """
    if lang == "ru" and label[:1].isdigit():
        return f"п. {label}"
    return label
