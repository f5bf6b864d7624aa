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
