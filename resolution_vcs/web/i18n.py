"""The web app's words in Russian, Ukrainian and English.

The language is the one the person chose (a cookie set by the switcher on every
page), else the best of their browser's ``Accept-Language``, else Russian. The
documents themselves (redlines, tables) keep speaking the document's language.
A missing key or language raises ``KeyError``: tests check every key has all three.
"""

from __future__ import annotations

from typing import Literal, cast

UiLang = Literal["ru", "uk", "en"]
UI_LANGUAGES: tuple[UiLang, ...] = ("ru", "uk", "en")
LANGUAGE_NAMES = {"ru": "Русский", "uk": "Українська", "en": "English"}


def negotiate(cookie: str | None, accept_language: str) -> UiLang:
    """The interface language: the chosen one, else the browser's best, else Russian."""
    if cookie in UI_LANGUAGES:
        return cast(UiLang, cookie)
    best: tuple[float, int, UiLang] | None = None
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        if code not in UI_LANGUAGES:
            continue
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        candidate = (quality, -position, cast(UiLang, code))
        if best is None or candidate > best:
            best = candidate
    return best[2] if best and best[0] > 0 else "ru"


M: dict[str, tuple[str, str, str]] = {
    # (ru, uk, en)
    "app": ("Резолюции", "Резолюції", "Resolutions"),
    "documents": ("Документы", "Документи", "Documents"),
    "document": ("Документ", "Документ", "Document"),
    "text": ("Текст", "Текст", "Text"),
    "amendments": ("Поправки", "Поправки", "Amendments"),
    "review": ("Рассмотрение", "Розгляд", "Review"),
    "log": ("Журнал", "Журнал", "Log"),
    "blame": ("Происхождение текста", "Походження тексту", "Where the text came from"),
    "compare": ("Сравнить версии", "Порівняти версії", "Compare versions"),
    "downloads": ("Скачать", "Завантажити", "Downloads"),
    "upload": (
        "Предложить по правленой копии",
        "Запропонувати з виправленої копії",
        "Propose from an edited copy",
    ),
    "sign_in": ("Войти", "Увійти", "Sign in"),
    "sign_out": ("Выйти", "Вийти", "Sign out"),
    "signed_in_as": (
        "Вы вошли как {name} ({role})",
        "Ви увійшли як {name} ({role})",
        "Signed in as {name} ({role})",
    ),
    "role.reader": ("читатель", "читач", "reader"),
    "role.editor": ("редактор", "редактор", "editor"),
    "role.chair": ("председатель", "голова", "chair"),
    "email": ("Электронная почта", "Електронна пошта", "Email"),
    "password": ("Пароль", "Пароль", "Password"),
    "login.wrong": (
        "Неверная почта или пароль.",
        "Невірна пошта або пароль.",
        "Wrong email or password.",
    ),
    "login.limited": (
        "Слишком много попыток входа. Попробуйте снова через {minutes} мин.",
        "Забагато спроб входу. Спробуйте знову за {minutes} хв.",
        "Too many sign-in attempts. Try again in {minutes} min.",
    ),
    "login.needed": ("Чтобы читать, войдите.", "Щоб читати, увійдіть.", "Sign in to read."),
    "login.to_write": (
        "Войдите, чтобы предлагать поправки.",
        "Увійдіть, щоб пропонувати поправки.",
        "Sign in to propose amendments.",
    ),
    "forbidden": ("Доступ запрещён", "Доступ заборонено", "Forbidden"),
    "forbidden.session": ("Сначала войдите.", "Спершу увійдіть.", "Sign in first."),
    "forbidden.csrf": (
        "Форма устарела или отправлена не с этой страницы. Откройте страницу заново и повторите.",
        "Форма застаріла або надіслана не з цієї сторінки. Відкрийте сторінку знову й повторіть.",
        "The form is out of date or was not sent from this site. Open the page again and retry.",
    ),
    "forbidden.role": (
        "Вашей роли это не разрешено: {role}.",
        "Вашій ролі це не дозволено: {role}.",
        "Your role may not do this: {role}.",
    ),
    "not_found": ("Не найдено", "Не знайдено", "Not found"),
    "not_found.text": ("Такой страницы нет.", "Такої сторінки немає.", "There is no such page."),
    "problem": ("Не получилось", "Не вдалося", "That did not work"),
    "version": ("Версия", "Версія", "Version"),
    "current_version": (
        "Текущая версия: {version}",
        "Поточна версія: {version}",
        "Current version: {version}",
    ),
    "versions": ("Версий", "Версій", "Versions"),
    "clauses": ("Пунктов", "Пунктів", "Clauses"),
    "clause": ("Пункт", "Пункт", "Clause"),
    "propose": ("Предложить поправку", "Запропонувати поправку", "Propose an amendment"),
    "form.wording": ("Новая редакция пункта", "Нова редакція пункту", "New wording of the clause"),
    "form.words": ("Заменить слова", "Замінити слова", "Replace words"),
    "form.old": ("Слова в пункте", "Слова в пункті", "Words in the clause"),
    "form.new": ("Заменить на", "Замінити на", "Replace with"),
    "form.all": ("Во всех местах пункта", "У всіх місцях пункту", "Everywhere in the clause"),
    "form.insert": (
        "Новый пункт после этого",
        "Новий пункт після цього",
        "A new clause after this one",
    ),
    "form.delete": ("Исключить пункт", "Виключити пункт", "Delete the clause"),
    "form.move": ("Переместить пункт", "Перемістити пункт", "Move the clause"),
    "form.after": (
        "После пункта (номер или идентификатор)",
        "Після пункту (номер або ідентифікатор)",
        "After clause (number or id)",
    ),
    "form.throughout": (
        "Заменить слова во всём тексте",
        "Замінити слова в усьому тексті",
        "Replace words throughout the text",
    ),
    "form.rationale": ("Обоснование", "Обґрунтування", "Rationale"),
    "form.cosponsors": (
        "Соавторы (по одному в строке: Имя <почта>)",
        "Співавтори (по одному в рядку: Ім'я <пошта>)",
        "Co-sponsors (one a line: Name <email>)",
    ),
    "form.submit": ("Предложить", "Запропонувати", "Propose"),
    "form.file": (
        "Файл: .md, .txt или .docx",
        "Файл: .md, .txt або .docx",
        "File: .md, .txt or .docx",
    ),
    "form.single": ("Одной поправкой", "Однією поправкою", "As one amendment"),
    "form.upload.help": (
        "Скачайте текст, исправьте его и загрузите: каждая изменённая часть станет отдельной "
        "поправкой.",
        "Завантажте текст, виправте його й надішліть: кожна змінена частина стане окремою "
        "поправкою.",
        "Download the text, edit it and upload it: each changed clause becomes an amendment.",
    ),
    "clause.history": ("История пункта", "Історія пункту", "History of the clause"),
    "clause.amendments": ("Поправки к пункту", "Поправки до пункту", "Amendments to this clause"),
    "status": ("Статус", "Статус", "Status"),
    "author": ("Автор", "Автор", "Author"),
    "authors": ("Автор(ы)", "Автор(и)", "Author(s)"),
    "cosponsors": ("Соавторы", "Співавтори", "Co-sponsors"),
    "rationale": ("Обоснование", "Обґрунтування", "Rationale"),
    "decision": ("Решение", "Рішення", "Decision"),
    "reason": ("Причина", "Причина", "Reason"),
    "conflict": ("Конфликт", "Конфлікт", "Conflict"),
    "proposed_on": (
        "Предложена {date} к версии {version}",
        "Запропонована {date} до версії {version}",
        "Proposed {date} against {version}",
    ),
    "formal": (
        "Формулировка поправки",
        "Формулювання поправки",
        "The amendment in drafting language",
    ),
    "all": ("все", "усі", "all"),
    "filter": ("Показать", "Показати", "Show"),
    "status.pending": ("ожидают решения", "очікують рішення", "pending"),
    "status.proposed": ("предложена", "запропонована", "proposed"),
    "status.conflicted": ("в конфликте", "у конфлікті", "conflicted"),
    "status.accepted": ("принята", "прийнята", "accepted"),
    "status.rejected": ("отклонена", "відхилена", "rejected"),
    "status.withdrawn": ("отозвана", "відкликана", "withdrawn"),
    "status.lapsed": ("снята", "знята", "lapsed"),
    "amendment_n": ("Поправка {n}", "Поправка {n}", "Amendment {n}"),
    "no_amendments": ("Поправок нет.", "Поправок немає.", "No amendments."),
    "no_match": (
        "Ни одна поправка не подходит.",
        "Жодна поправка не підходить.",
        "No amendments match.",
    ),
    "accept": ("Принять", "Прийняти", "Accept"),
    "reject": ("Отклонить", "Відхилити", "Reject"),
    "withdraw": ("Отозвать", "Відкликати", "Withdraw"),
    "resolve": ("Дать новую редакцию", "Дати нову редакцію", "Give new wording"),
    "resolve.help": (
        "Поправка не применяется к текущему тексту. Дайте новую редакцию (автор или председатель) "
        "или отклоните её.",
        "Поправка не застосовується до поточного тексту. Дайте нову редакцію (автор або голова) "
        "або відхиліть її.",
        "The amendment does not apply to the current text. Give it new wording (its author or a "
        "chair), or reject it.",
    ),
    "reason.optional": ("Причина (необязательно)", "Причина (необов'язково)", "Reason (optional)"),
    "reason.required": ("Причина отклонения", "Причина відхилення", "Reason for rejecting"),
    "review.none": (
        "Ни одна поправка не ждёт решения.",
        "Жодна поправка не чекає рішення.",
        "No amendment awaits a decision.",
    ),
    "review.count": (
        "Ждут решения: {n}, в порядке текста.",
        "Чекають рішення: {n}, у порядку тексту.",
        "Awaiting a decision: {n}, in the order of the text.",
    ),
    "review.competing": ("Конкурирующие поправки", "Конкурентні поправки", "Competing amendments"),
    "review.if_accepted": (
        "Если принять: поправка {n} {effect}.",
        "Якщо прийняти: поправка {n} {effect}.",
        "If accepted: amendment {n} {effect}.",
    ),
    "review.still": ("остаётся применимой", "залишається застосовною", "still applies"),
    "review.breaks": (
        "перестанет применяться (станет конфликтной)",
        "перестане застосовуватися (стане конфліктною)",
        "no longer applies (it becomes conflicted)",
    ),
    "review.follows": (
        "Принятие поправки изменит и другое:",
        "Прийняття поправки змінить і інше:",
        "Accepting it also changes what follows from it:",
    ),
    "review.renumbers": (
        "Пункты перенумеровываются: {pairs}.",
        "Пункти перенумеровуються: {pairs}.",
        "Items are renumbered: {pairs}.",
    ),
    "review.reference": (
        "Ссылка в пункте {label} изменится: {change}.",
        "Посилання в пункті {label} зміниться: {change}.",
        "The reference in clause {label} is updated: {change}.",
    ),
    "review.dangling": (
        "В пункте {label} ссылка «{reference}» указывает на исключаемый пункт {number}: "
        "она останется как есть.",
        "У пункті {label} посилання «{reference}» вказує на пункт {number}, що виключається: "
        "воно залишиться як є.",
        "In clause {label}, «{reference}» cites item {number}, which this amendment deletes: "
        "it is left as it is.",
    ),
    "review.not_applicable": (
        "Не применяется к текущему тексту: {why}.",
        "Не застосовується до поточного тексту: {why}.",
        "Does not apply to the current text: {why}.",
    ),
    "review.no_change": (
        "Текущий текст уже читается так: поправка ничего не меняет.",
        "Поточний текст уже так читається: поправка нічого не змінює.",
        "The current text already reads so: the amendment changes nothing.",
    ),
    "against.current": (
        "Правка текущего текста ({version})",
        "Правка поточного тексту ({version})",
        "Against the current text ({version})",
    ),
    "against.base": (
        "Как предложена (к версии {version})",
        "Як запропоновано (до версії {version})",
        "As proposed (against {version})",
    ),
    "adopt": ("Принять текст в целом", "Ухвалити текст у цілому", "Adopt the text"),
    "adopt.tag": ("Метка версии (необязательно)", "Мітка версії (необов'язково)", "Tag (optional)"),
    "adopt.status": (
        "Строка статуса вместо «ПРОЕКТ» (пусто — убрать)",
        "Рядок статусу замість «ПРОЕКТ» (порожньо — прибрати)",
        "Status line instead of ПРОЕКТ (empty: drop it)",
    ),
    "adopt.keep_status": (
        "Оставить строку статуса как есть",
        "Залишити рядок статусу як є",
        "Keep the status line as it is",
    ),
    "adopt.lapse": (
        "Снять нерассмотренные поправки",
        "Зняти нерозглянуті поправки",
        "Lapse the amendments still pending",
    ),
    "adopted": ("Текст принят: {tag}.", "Текст ухвалено: {tag}.", "The text is adopted: {tag}."),
    "done.proposed": (
        "Предложена поправка {numbers}.",
        "Запропоновано поправку {numbers}.",
        "Proposed amendment {numbers}.",
    ),
    "done.nothing": (
        "Копия совпадает с текущим текстом: ничего не предложено.",
        "Копія збігається з поточним текстом: нічого не запропоновано.",
        "The copy is the same as the current text: nothing was proposed.",
    ),
    "done.accepted": (
        "Поправка {n} принята. Текст теперь {version}.",
        "Поправку {n} прийнято. Текст тепер {version}.",
        "Amendment {n} accepted. The text is now {version}.",
    ),
    "done.conflicted": (
        "Поправка {n} не принята: она конфликтует с текущим текстом ({why}).",
        "Поправку {n} не прийнято: вона конфліктує з поточним текстом ({why}).",
        "Amendment {n} was not accepted: it conflicts with the current text ({why}).",
    ),
    "done.became_conflicted": (
        "Поправка {n} теперь в конфликте.",
        "Поправка {n} тепер у конфлікті.",
        "Amendment {n} is now conflicted.",
    ),
    "done.applies_again": (
        "Поправка {n} снова применима.",
        "Поправка {n} знову застосовна.",
        "Amendment {n} applies again.",
    ),
    "done.rejected": (
        "Поправка {n} отклонена.",
        "Поправку {n} відхилено.",
        "Amendment {n} rejected.",
    ),
    "done.withdrawn": (
        "Поправка {n} отозвана.",
        "Поправку {n} відкликано.",
        "Amendment {n} withdrawn.",
    ),
    "done.resolved": (
        "Поправка {n} получила новую редакцию.",
        "Поправка {n} отримала нову редакцію.",
        "Amendment {n} has new wording.",
    ),
    "decided_meanwhile": (
        "Пока вы смотрели страницу, решение уже принято другим. Ниже — текущее состояние.",
        "Поки ви дивилися сторінку, рішення вже ухвалив інший. Нижче — поточний стан.",
        "Someone decided this while you were looking. Below is the current state.",
    ),
    "changed.banner": ("Текст изменился.", "Текст змінився.", "The text has changed."),
    "changed.reload": ("Обновить страницу", "Оновити сторінку", "Reload the page"),
    "changed.kept": (
        "Ваша незаконченная форма сохранена; обновите страницу после отправки.",
        "Вашу незавершену форму збережено; оновіть сторінку після надсилання.",
        "Your unfinished form is kept; reload the page after sending it.",
    ),
    "your_text": ("Ваш текст (не потерян):", "Ваш текст (не втрачено):", "Your text (not lost):"),
    "history.deleted": ("(исключён)", "(виключено)", "(deleted)"),
    "from": ("С версии", "З версії", "From"),
    "to": ("по версию", "по версію", "to"),
    "show": ("Показать", "Показати", "Show"),
    "download.amendments": ("Таблица поправок", "Таблиця поправок", "Table of amendments"),
    "download.comparative": (
        "Сравнительная таблица (v1 → текущая)",
        "Порівняльна таблиця (v1 → поточна)",
        "Comparative table (v1 → current)",
    ),
    "download.text": ("Текст", "Текст", "The text"),
    "download.dossier": (
        "Досье (архив HTML, zip)",
        "Досьє (архів HTML, zip)",
        "Dossier (HTML archive, zip)",
    ),
    "skip": ("К содержанию", "До змісту", "Skip to content"),
    "language": ("Язык", "Мова", "Language"),
    "open_clause": (
        "Поправка к пункту {label}",
        "Поправка до пункту {label}",
        "Amend clause {label}",
    ),
    "more": ("Ещё {n} пунктов…", "Ще {n} пунктів…", "{n} more clauses…"),
    "date": ("Дата", "Дата", "Date"),
    "who": ("Кто", "Хто", "Who"),
    "what": ("Что", "Що", "What"),
    "action.import": ("импорт", "імпорт", "import"),
    "action.revision": ("редакционная правка", "редакційна правка", "revision"),
    "action.proposal": ("предложение", "пропозиція", "proposal"),
    "action.acceptance": ("принятие поправки", "прийняття поправки", "acceptance"),
    "action.rejection": ("отклонение", "відхилення", "rejection"),
    "action.withdrawal": ("отзыв", "відкликання", "withdrawal"),
    "action.conflict": ("конфликт", "конфлікт", "conflict"),
    "action.resolution": ("новая редакция поправки", "нова редакція поправки", "resolution"),
    "action.lapse": ("снятие", "зняття", "lapse"),
    "action.adoption": ("принятие текста", "ухвалення тексту", "adoption"),
    "action.init": ("создание", "створення", "creation"),
    "action.commit": ("изменение", "зміна", "change"),
    "action.sync": ("синхронизация", "синхронізація", "sync"),
    "chair_word": ("председатель", "голова", "chair"),
    "nothing_yet": (
        "Документов пока нет. Импортируйте: resvcs import FILE",
        "Документів поки немає. Імпортуйте: resvcs import FILE",
        "No documents yet. Import one: resvcs import FILE",
    ),
    "live.off": (
        "Без JavaScript страница не обновляется сама: обновите её.",
        "Без JavaScript сторінка не оновлюється сама: оновіть її.",
        "Without JavaScript the page does not update itself: reload it.",
    ),
}


def t(key: str, lang: UiLang | str, **fields: object) -> str:
    """The message ``key`` in ``lang`` with ``{name}`` fields filled in."""
    message = M[key][UI_LANGUAGES.index(cast(UiLang, lang))]
    return message.format(**fields) if fields else message
