"""Instructions in words: Russian, Ukrainian and English sentences, written and read.

:func:`say` writes an :class:`~.instructions.Instruction` as the sentence a
parliament's drafting service would write; :func:`read` reads a sentence back,
in any of the three languages, with the variations people type (quotes of
every kind, "слова"/"слово"/"цифры", "в обоих случаях", "второе", "п. 5",
ranges "4–8", "3 и 4", "3 to 5").

Reading works on a *skeleton*: the sentence with every quoted text replaced
by a placeholder "@N" (the quoted texts are kept aside, byte for byte), lower
case, one space between tokens; the patterns below match skeletons.

Pure: no git, no files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..amend import EPILOGUE, PREAMBLE
from ..frozen import frozen
from .instructions import (
    Change,
    Delete,
    Insert,
    Instruction,
    Layout,
    Move,
    Occurrence,
    Renumber,
    Throughout,
    Wording,
    Words,
)
from .ordinals import ordinal, ordinal_value
from .places import Cite, PlaceError, noun, phrase, read_place
from .quotes import quote

Lang = str


# -- writing ----------------------------------------------------------------------------------


def say(ins: Instruction, lang: Lang) -> str:
    """One instruction as a sentence in ``lang`` ("ru", "uk", "en")."""
    q: Callable[[str], str] = lambda text: quote(text, lang)  # noqa: E731
    sentence = _SAYERS[lang](ins, q)
    return sentence[0].upper() + sentence[1:]


def _ru(ins: Instruction, q: Callable[[str], str]) -> str:
    return _slavic(ins, q, _RU)


def _uk(ins: Instruction, q: Callable[[str], str]) -> str:
    return _slavic(ins, q, _UK)


@frozen
class _Words:
    """The fixed words of one Slavic language's instructions."""

    lang: str
    replace: str  # заменить
    delete: str  # исключить
    add: str  # дополнить
    reword: str  # изложить в следующей редакции
    rewording: str  # , изложив в следующей редакции
    content: str  # следующего содержания
    move: str  # перенести
    after: str
    before: str
    throughout: str
    consider: str  # считать соответственно
    consider_one: str  # считать
    both: str
    every: str
    case_word: str  # "случае"
    text_noun: str  # текстом
    and_: str
    before_first: str
    after_last: str
    markdown: str  # "(разметка Markdown)": the quote is Markdown source
    #: (accusative, genitive, instrumental) of "words", "word", "digits", "digit"
    objects: dict[str, tuple[str, str, str]]


_RU = _Words(
    lang="ru",
    replace="заменить",
    delete="исключить",
    add="дополнить",
    reword="изложить в следующей редакции",
    rewording=", изложив в следующей редакции",
    content="следующего содержания",
    move="перенести",
    after="после",
    before="перед",
    throughout="по всему тексту",
    consider="считать соответственно",
    consider_one="считать",
    both="в обоих случаях",
    every="во всех случаях",
    case_word="случае",
    text_noun="текстом",
    and_="и",
    before_first="текст перед первым абзацем",
    after_last="текст после последнего абзаца",
    markdown="(разметка Markdown)",
    objects={
        "words": ("слова", "слов", "словами"),
        "word": ("слово", "слова", "словом"),
        "digits": ("цифры", "цифр", "цифрами"),
        "digit": ("цифру", "цифры", "цифрой"),
    },
)

_UK = _Words(
    lang="uk",
    replace="замінити",
    delete="виключити",
    add="доповнити",
    reword="викласти в такій редакції",
    rewording=", виклавши в такій редакції",
    content="такого змісту",
    move="перенести",
    after="після",
    before="перед",
    throughout="по всьому тексту",
    consider="вважати відповідно",
    consider_one="вважати",
    both="в обох випадках",
    every="в усіх випадках",
    case_word="випадку",
    text_noun="текстом",
    and_="і",
    before_first="текст перед першим абзацом",
    after_last="текст після останнього абзацу",
    markdown="(розмітка Markdown)",
    objects={
        "words": ("слова", "слів", "словами"),
        "word": ("слово", "слова", "словом"),
        "digits": ("цифри", "цифр", "цифрами"),
        "digit": ("цифру", "цифри", "цифрою"),
    },
)


def _object(text: str) -> str:
    """What quoted text is called: a word, words, a digit, digits."""
    if text.isdigit():
        return "digit" if len(text) == 1 else "digits"
    return "word" if re.fullmatch(r"\w+(?:[-'’]\w+)*", text) else "words"


def _in(w: _Words, place: str) -> str:
    """The preposition "in" before ``place``: "в пункте", "у пункті", "в абзаці"."""
    if w.lang == "uk":
        return ("в " if place[:1] in "аеєиіїоуюя" else "у ") + place
    return ("во " if re.match(r"в[^аеёиоуыэюя]", place) else "в ") + place


def _occurrence_words(w: _Words, occurrence: Occurrence) -> str:
    if occurrence is None:
        return ""
    if occurrence == "all":
        return " " + w.every
    if w.lang == "uk":
        return f" у {ordinal(occurrence, 'uk', 'loc')} {w.case_word}"
    return " " + _in(w, f"{ordinal(occurrence, 'ru', 'loc')} {w.case_word}")


def _change_ru_uk(w: _Words, change: Change, q: Callable[[str], str], total: int) -> str:
    acc, gen, _ = w.objects[_object(change.old)]
    ins = w.objects[_object(change.new)][2] if change.new else ""
    occurrence = change.occurrence
    if occurrence == "all":
        occ = " " + (w.both if total == 2 else w.every)
    else:
        occ = _occurrence_words(w, occurrence)
    if change.action == "replace":
        return f"{acc} {q(change.old)}{occ} {w.replace} {ins} {q(change.new)}"
    if change.action == "delete":
        return f"{acc} {q(change.old)}{occ} {w.delete}"
    return f"{w.after} {gen} {q(change.old)}{occ} {w.add} {ins} {q(change.new)}"


def _slavic(ins: Instruction, q: Callable[[str], str], w: _Words) -> str:
    lang = w.lang

    def place(cite: Cite, case: str) -> str:
        return phrase(cite, lang, case, q)  # type: ignore[arg-type]

    if isinstance(ins, Words):
        changes = ", ".join(_change_ru_uk(w, c, q, c.times) for c in ins.changes)
        return f"{_in(w, place(ins.place, 'loc'))} {changes}."
    if isinstance(ins, Throughout):
        change = Change("replace", ins.old, ins.new)
        return f"{w.throughout} {_change_ru_uk(w, change, q, 1)}."
    if isinstance(ins, Wording):
        src = f" {w.markdown}" if ins.source else ""
        return f"{place(ins.place, 'nom')} {w.reword}{src}: {q(ins.text)}."
    if isinstance(ins, Delete):
        return f"{_places(ins.places, lang, q)} {w.delete}."
    if isinstance(ins, Insert):
        where = ""
        if ins.anchor is not None:
            if ins.where == "after":
                where = f"{w.after} {place(ins.anchor, 'gen')} "
            else:
                where = f"{w.before} {place(ins.anchor, 'ins')} "
        src = f" {w.markdown}" if ins.source else ""
        return f"{where}{w.add} {_new_noun(ins, lang, w)} {w.content}{src}: {q(ins.text)}."
    if isinstance(ins, Move):
        to = (
            f"{w.after} {place(ins.anchor, 'gen')}"
            if ins.where == "after"
            else f"{w.before} {place(ins.anchor, 'ins')}"
        )
        text = f"{w.rewording} {w.markdown}: {q(ins.text)}" if ins.text is not None else ""
        return f"{place(ins.place, 'nom')} {w.move} {to}{text}."
    if isinstance(ins, Layout):
        which = w.before_first if ins.target == PREAMBLE else w.after_last
        if not ins.text:
            return f"{which} {w.delete}."
        return f"{which} {w.reword}: {q(ins.text)}."
    return _renumber_slavic(ins, w)


def _places(places: tuple[Cite, ...], lang: str, q: Callable[[str], str]) -> str:
    """One place, or a run of items: "пункты 3–5", "пункты 3 и 4"."""
    if len(places) == 1:
        return phrase(places[0], lang, "nom", q)
    numbers = [p.number for p in places]
    kind = places[0].kind
    if lang == "en":
        word = "subparagraphs" if kind == "subitem" else "paragraphs"
        joined = f" {'and' if len(numbers) == 2 else 'to'} "
        return f"{word} {numbers[0]}{joined}{numbers[-1]}"
    word = noun(kind, lang, "nom", plural=True)
    link = (" и " if lang == "ru" else " і ") if len(numbers) == 2 else "–"
    return f"{word} {numbers[0]}{link}{numbers[-1]}"


def _new_noun(ins: Insert, lang: str, w: _Words | None = None) -> str:
    """What is inserted: "пунктом 9", "пунктами 6 и 7", "абзацем", "текстом";
    English "paragraph 9"."""
    plural = ins.count > 1
    kind = ins.noun
    if kind == "item":
        kind = "subitem" if any("." in n for n in ins.numbers) else "item"
    if lang == "en":
        if kind == "text":
            return "text"
        word = {"item": "paragraph", "subitem": "subparagraph"}.get(kind, kind)
        word += "s" if plural else ""
        return f"{word} {_numbers_en(ins.numbers)}".rstrip()
    assert w is not None
    if kind == "text":
        return w.text_noun
    word = noun(kind, lang, "ins", plural=plural)
    if not ins.numbers:
        return word
    if len(ins.numbers) == 1:
        return f"{word} {ins.numbers[0]}"
    link = f" {w.and_} " if len(ins.numbers) == 2 else "–"
    return f"{word} {ins.numbers[0]}{link}{ins.numbers[-1]}"


def _numbers_en(numbers: tuple[str, ...]) -> str:
    if len(numbers) <= 1:
        return "".join(numbers)
    return f"{numbers[0]} {'and' if len(numbers) == 2 else 'to'} {numbers[-1]}"


def _runs(pairs: tuple[tuple[str, str], ...]) -> list[list[tuple[str, str]]]:
    """Renumberings in runs of consecutive numbers shifted alike (4→5 … 8→9)."""
    runs: list[list[tuple[str, str]]] = []
    for old, new in pairs:
        if runs:
            last_old, last_new = runs[-1][-1]
            if _next(last_old) == old and _next(last_new) == new:
                runs[-1].append((old, new))
                continue
        runs.append([(old, new)])
    return runs


def _next(number: str) -> str:
    head, _, last = number.rpartition(".")
    if not last.isdigit():
        return ""
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def _span(numbers: list[str], and_: str) -> str:
    if len(numbers) == 1:
        return numbers[0]
    if len(numbers) == 2:
        return f"{numbers[0]} {and_} {numbers[1]}"
    return f"{numbers[0]}–{numbers[-1]}"


#: What a renumbering sentence adds when the items' sub-items follow them, for one
#: item and for several.
_SUBITEMS = {
    "ru": (
        ", изменив соответственно нумерацию его подпунктов",
        ", изменив соответственно нумерацию их подпунктов",
    ),
    "uk": (
        ", змінивши відповідно нумерацію його підпунктів",
        ", змінивши відповідно нумерацію їх підпунктів",
    ),
    "en": (", and its subparagraphs accordingly", ", and their subparagraphs accordingly"),
}
#: The same, as the skeleton of a sentence reads it (at the end of the new numbers).
_SUBITEMS_RE = re.compile(
    r"(?: ,)? (?:(?:изменив|изменить|змінивши|змінити)(?: соответственно| відповідно)? "
    r"нумерац[иі]ю (?:его|их|ее|її|їх|його) (?:подпунктов|підпунктів)"
    r"|and (?:its|their) subparagraphs accordingly)$"
)


def _subitems_said(ins: Renumber, run: list[tuple[str, str]], lang: str) -> str:
    if not any(old in ins.subitems for old, _ in run):
        return ""
    return _SUBITEMS[lang][len(run) > 1]


def _renumber_slavic(ins: Renumber, w: _Words) -> str:
    sentences = []
    for run in _runs(ins.pairs):
        olds, news = [o for o, _ in run], [n for _, n in run]
        kind = "subitem" if "." in olds[0] else "item"
        if len(run) == 1:
            sentence = (
                f"{noun(kind, w.lang, 'nom')} {olds[0]} {w.consider_one} "
                f"{noun(kind, w.lang, 'ins')} {news[0]}"
            )
        else:
            sentence = (
                f"{noun(kind, w.lang, 'nom', plural=True)} {_span(olds, w.and_)} {w.consider} "
                f"{noun(kind, w.lang, 'ins', plural=True)} {_span(news, w.and_)}"
            )
        sentences.append(sentence + _subitems_said(ins, run, w.lang))
    return ". ".join(s[0].upper() + s[1:] for s in sentences) + "."


def _en(ins: Instruction, q: Callable[[str], str]) -> str:
    def place(cite: Cite) -> str:
        return phrase(cite, "en", "nom", q)

    if isinstance(ins, Words):
        parts = [_change_en(c, q) for c in ins.changes]
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"in {place(ins.place)}, {joined}."
    if isinstance(ins, Throughout):
        return f"throughout the text, {_change_en(Change('replace', ins.old, ins.new), q)}."
    if isinstance(ins, Wording):
        src = " (Markdown source)" if ins.source else ""
        return f"replace {place(ins.place)} with the following{src}: {q(ins.text)}."
    if isinstance(ins, Delete):
        return f"delete {_places(ins.places, 'en', q)}."
    if isinstance(ins, Insert):
        where = f"{ins.where} {place(ins.anchor)}, " if ins.anchor is not None else ""
        new = "" if ins.noun == "text" else "new "
        src = " (Markdown source)" if ins.source else ""
        return f"{where}insert the following {new}{_new_noun(ins, 'en')}{src}: {q(ins.text)}."
    if isinstance(ins, Move):
        text = (
            f" and replace it with the following (Markdown source): {q(ins.text)}"
            if ins.text is not None
            else ""
        )
        return f"move {place(ins.place)} {ins.where} {place(ins.anchor)}{text}."
    if isinstance(ins, Layout):
        which = "before the first" if ins.target == PREAMBLE else "after the last"
        if not ins.text:
            return f"delete the text {which} paragraph."
        return f"replace the text {which} paragraph with the following: {q(ins.text)}."
    sentences = []
    for run in _runs(ins.pairs):
        olds, news = [o for o, _ in run], [n for _, n in run]
        word = "subparagraph" if "." in olds[0] else "paragraph"
        plural = "s" if len(run) > 1 else ""
        sentences.append(
            f"Renumber {word}{plural} {_span(olds, 'and').replace('–', ' to ')} as "
            f"{word}{plural} {_span(news, 'and').replace('–', ' to ')}"
            + _subitems_said(ins, run, "en")
        )
    return ". ".join(sentences) + "."


def _change_en(change: Change, q: Callable[[str], str]) -> str:
    occ = ""
    if change.occurrence == "all":
        occ = " (every occurrence)"
    elif change.occurrence is not None:
        occ = f" ({ordinal(change.occurrence, 'en')} occurrence)"
    if change.action == "replace":
        return f"replace {q(change.old)}{occ} with {q(change.new)}"
    if change.action == "delete":
        return f"delete {q(change.old)}{occ}"
    return f"insert {q(change.new)} after {q(change.old)}{occ}"


_SAYERS: dict[str, Callable[[Instruction, Callable[[str], str]], str]] = {
    "ru": _ru,
    "uk": _uk,
    "en": _en,
}


# -- reading ----------------------------------------------------------------------------------


class ReadError(ValueError):
    """A sentence that is no instruction; the message says what is wrong."""


@frozen
class Skeleton:
    """A sentence's words with its quoted texts set aside."""

    text: str  # lower case, one space between tokens, quotes as "@N"
    quotes: list[str]


_TOKEN_RE = re.compile(r"@\d+|[¶•]?\d+(?:[.¶]\d+)*(?:-\d+)?(?:#\d+)?\.?|[\w'-]+|[^\s\w]")
_ABBREVIATION_RE = re.compile(r"(?<![\w.])(п|пп|абз|para|subpara)\.\s*(?=[\d¶])", re.IGNORECASE)
_ABBREVIATIONS = {
    "п": "пункт ",
    "пп": "подпункт ",
    "абз": "абзац ",
    "para": "paragraph ",
    "subpara": "subparagraph ",
}


def expand_abbreviations(text: str) -> str:
    """Abbreviations written out, "п. 5" → "пункт 5", "абз. 2" → "абзац 2", so that
    no full stop is left that does not end a sentence."""
    return _ABBREVIATION_RE.sub(lambda m: _ABBREVIATIONS[m.group(1).lower()], text)


def skeleton(text: str, quotes: list[str]) -> Skeleton:
    """The skeleton of a sentence whose quotes were already taken out (as
    "\\ue000N\\ue001" placeholders, see :func:`quotes.extract`)."""
    text = expand_abbreviations(text)
    text = re.sub("\ue000(\\d+)\ue001", r" @\1 ", text)
    text = text.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    text = re.sub(r"[–—−‒]", " – ", text).replace("№", " ")
    tokens = [
        t.rstrip(".") if re.fullmatch(r"\d+(?:\.\d+)*\.", t) else t for t in _TOKEN_RE.findall(text)
    ]
    while tokens and tokens[-1] in (".", ";"):
        tokens.pop()
    return Skeleton(" ".join(tokens), quotes)


def read(sk: Skeleton, limit: int) -> list[Instruction]:
    """The instruction(s) a sentence states; ReadError if it states none.
    ``limit`` bounds the ordinal words tried (the document's length)."""
    first_error: ReadError | None = None
    readers: list[Callable[[], list[Instruction] | None]] = [
        *(lambda w=w, lang=lang: _read_slavic(sk, lang, w, limit) for lang, w in _SLAVIC.items()),
        lambda: _read_en(sk, limit),
    ]
    for reader in readers:  # Russian and Ukrainian share words: the first that reads wins
        try:
            found = reader()
        except ReadError as e:
            first_error = first_error or e
            continue
        if found is not None:
            return found
    raise first_error or ReadError("it is not an instruction this program reads")


_SLAVIC = {
    "ru": dict(
        obj=r"(?:слова|слово|цифры|цифру|цифра|символы|символ|знак|знаки)",
        obj_gen=r"(?:слов|слова|цифр|цифры|символов|символа|знака|знаков)",
        obj_ins=r"(?:словами|словом|цифрами|цифрой|символами|символом|знаком|знаками)",
        replace=r"(?:заменить|заменив)",
        delete=r"(?:исключить|исключив)",
        add=r"(?:дополнить|дополнив)",
        in_=r"(?:в|во)",
        throughout=r"(?:по всему тексту|во всем тексте|в тексте|по тексту)"
        r"(?: (?:документа|решения|резолюции|постановления))?",
        reword=r"изложить в (?:следующей|новой) редакции",
        rewording=r", изложив (?:его |ее |их )?в (?:следующей|новой) редакции",
        content=r"(?:следующего содержания|в следующей редакции)",
        markdown=r"(?P<src> \( разметка markdown \))?",
        move=r"(?:перенести|переместить)",
        after=r"после",
        before=r"перед",
        layout=r"текст (?P<which>перед первым абзацем|после последнего абзаца)",
        consider=r"считать(?: соответственно)?",
        new=r"(?:новым|новыми) ",
    ),
    "uk": dict(
        obj=r"(?:слова|слово|цифри|цифру|цифра|символи|символ|знак|знаки)",
        obj_gen=r"(?:слів|слова|цифр|цифри|символів|символу|знака|знаків)",
        obj_ins=r"(?:словами|словом|цифрами|цифрою|символами|символом|знаком|знаками)",
        replace=r"(?:замінити|замінивши)",
        delete=r"(?:виключити|виключивши)",
        add=r"(?:доповнити|доповнивши)",
        in_=r"(?:у|в)",
        throughout=r"(?:по всьому тексту|у всьому тексті|в усьому тексті|у тексті|в тексті"
        r"|по тексту)(?: (?:документа|рішення|резолюції|постанови))?",
        reword=r"викласти в (?:такій|наступній|новій) редакції",
        rewording=r", виклавши (?:його |її |їх )?в (?:такій|наступній|новій) редакції",
        content=r"(?:такого змісту|наступного змісту|в такій редакції)",
        markdown=r"(?P<src> \( розмітка markdown \))?",
        move=r"(?:перенести|перемістити)",
        after=r"після",
        before=r"перед",
        layout=r"текст (?P<which>перед першим абзацом|після останнього абзацу)",
        consider=r"вважати(?: відповідно)?",
        new=r"(?:новим|новими) ",
    ),
}


def _read_slavic(
    sk: Skeleton, lang: str, w: dict[str, str], limit: int
) -> list[Instruction] | None:
    text = sk.text

    def place(words: str) -> Cite:
        return read_place(words.split(), lang, sk.quotes, limit)

    m = re.fullmatch(rf"{w['throughout']}(?: :)? (?P<changes>.+)", text)
    if m:
        changes = _changes(m.group("changes"), sk, lang, w)
        if changes is not None:
            if any(c.action != "replace" or c.occurrence is not None for c in changes):
                raise ReadError("throughout the text only replacements of words are read")
            return [Throughout(c.old, c.new) for c in changes]
    m = re.fullmatch(rf"{w['in_']} (?P<rest>.+)", text)
    if m:
        rest = m.group("rest")
        for start in _change_starts(rest, w):
            try:
                cite = place(rest[:start].rstrip(" :"))
            except PlaceError:
                continue
            changes = _changes(rest[start:], sk, lang, w)
            if changes is not None:
                return [Words(cite, tuple(changes))]
    m = re.fullmatch(rf"(?P<place>.+?) {w['reword']}{w['markdown']}(?: :)? @(?P<text>\d+)", text)
    if m and not m.group("place").startswith("текст "):
        return [
            Wording(
                _place_or_fail(place, m.group("place")),
                sk.quotes[int(m.group("text"))],
                bool(m.group("src")),
            )
        ]
    m = re.fullmatch(
        rf"{w['layout']} (?:{w['reword']}{w['markdown']}(?: :)? @(?P<text>\d+)|{w['delete']})",
        text,
    )
    if m:
        target = PREAMBLE if m.group("which").startswith("перед") else EPILOGUE
        body = sk.quotes[int(m.group("text"))] if m.group("text") else ""
        return [Layout(target, body)]
    m = re.fullmatch(rf"(?P<place>.+?) {w['delete']}", text)
    if m:
        return [Delete(_place_list(m.group("place"), lang, sk, limit))]
    m = re.fullmatch(
        rf"(?:(?P<where>{w['after']}|{w['before']}) (?P<anchor>.+?) )?{w['add']} "
        rf"(?:{w['new']})?(?P<noun>[\w]+)(?: (?P<nums>[^@(]*?))? {w['content']}{w['markdown']}"
        rf"(?: :)? @(?P<text>\d+)",
        text,
    )
    if m:
        anchor = _place_or_fail(place, m.group("anchor")) if m.group("anchor") else None
        where = "before" if m.group("where") == w["before"] else "after"
        numbers = tuple(_number_list(m.group("nums") or ""))
        if anchor is None and len(numbers) != 1:
            raise ReadError("say after or before which clause the new text goes")
        return [
            Insert(
                anchor,
                where,  # type: ignore[arg-type]
                sk.quotes[int(m.group("text"))],
                _noun_kind(m.group("noun"), lang),
                numbers,
                max(1, len(numbers)),
                bool(m.group("src")),
            )
        ]
    m = re.fullmatch(
        rf"(?P<place>.+?) {w['move']} (?P<where>{w['after']}|{w['before']}) (?P<anchor>.+?)"
        rf"(?: {w['rewording']}{w['markdown']}(?: :)? @(?P<text>\d+))?",
        text,
    )
    if m:
        moved_text = sk.quotes[int(m.group("text"))] if m.group("text") else None
        side = "after" if m.group("where") == w["after"] else "before"
        return [
            Move(
                _place_or_fail(place, m.group("place")),
                _place_or_fail(place, m.group("anchor")),
                side,  # type: ignore[arg-type]
                moved_text,
            )
        ]
    m = re.fullmatch(
        rf"(?:в связи с этим |у зв'язку з цим )?(?P<olds>.+?) {w['consider']} (?P<news>.+)", text
    )
    if m:
        return [_renumbering(m.group("olds"), m.group("news"))]
    return None


def _place_or_fail(read: Callable[[str], Cite], words: str) -> Cite:
    try:
        return read(words)
    except PlaceError:
        raise ReadError(f"“{words}” names no clause this program reads") from None


def _change_starts(rest: str, w: dict[str, str]) -> Iterator[int]:
    """Where the changes may start in "<place> <changes>": before each word that
    may open a change."""
    pattern = rf"(?:^| )(?=(?:[\w]+ )?{w['obj']} @|{w['after']} {w['obj_gen']} @)"
    for m in re.finditer(pattern, rest):
        yield m.end()


def _changes(text: str, sk: Skeleton, lang: str, w: dict[str, str]) -> list[Change] | None:
    """The changes of words in "слова @0 заменить словами @1, слово @2 исключить"."""
    pieces = re.split(
        rf" [,;] (?:и |а также )?(?:\d+ \) |[а-я] \) )?(?=(?:\w+ )?{w['obj']} @|{w['after']} )",
        text,
    )
    changes = []
    for piece in pieces:
        piece = re.sub(r"^(?:\d+|[а-я]) \) ", "", piece)
        change = _change(piece, sk, lang, w)
        if change is None:
            return None
        changes.append(change)
    return changes


def _change(piece: str, sk: Skeleton, lang: str, w: dict[str, str]) -> Change | None:
    q = sk.quotes
    occ = r"(?P<occ>[^@]*?)"
    m = re.fullmatch(
        rf"(?P<pre>(?:\w+ )?){w['obj']} @(?P<old>\d+){occ} {w['replace']} {w['obj_ins']} "
        rf"@(?P<new>\d+)(?P<occ2>[^@]*)",
        piece,
    )
    if m:
        which = _occurrence(m.group("pre") + m.group("occ") + m.group("occ2"), lang)
        return Change("replace", q[int(m.group("old"))], q[int(m.group("new"))], which)
    m = re.fullmatch(
        rf"(?P<pre>(?:\w+ )?){w['obj']} @(?P<old>\d+){occ} {w['delete']}(?P<occ2>[^@]*)", piece
    )
    if m:
        which = _occurrence(m.group("pre") + m.group("occ") + m.group("occ2"), lang)
        return Change("delete", q[int(m.group("old"))], "", which)
    m = re.fullmatch(
        rf"{w['after']} (?P<pre>(?:\w+ )?){w['obj_gen']} @(?P<old>\d+){occ} {w['add']} "
        rf"{w['obj_ins']} @(?P<new>\d+)(?P<occ2>[^@]*)",
        piece,
    )
    if m:
        which = _occurrence(m.group("pre") + m.group("occ") + m.group("occ2"), lang)
        return Change("insert", q[int(m.group("old"))], q[int(m.group("new"))], which)
    return None


_ALL_WORDS = {"обоих", "всех", "обох", "усіх", "всіх", "both", "all", "every", "each"}
_NOISE = {
    "в",
    "во",
    "у",
    "случае",
    "случаях",
    "випадку",
    "випадках",
    "вхождение",
    "вхождении",
    "входження",
    "occurrence",
    "occurrences",
    "по",
    "счету",
    "рахунком",
    "(",
    ")",
    ",",
    "the",
    "instance",
    "раз",
    "место",
    "месте",
    "місці",
}


def _occurrence(words: str, lang: str) -> Occurrence:
    tokens = [t for t in words.split() if t not in _NOISE]
    if not tokens:
        return None
    if set(tokens) & _ALL_WORDS:
        return "all"
    for language in (lang, "ru", "uk", "en"):
        n = ordinal_value(" ".join(tokens), language, limit=100)
        if n is not None:
            return n
    raise ReadError(f"“{words.strip()}” does not say which occurrence")


def _noun_kind(word: str, lang: str) -> str:
    for kind in ("item", "subitem", "paragraph", "heading"):
        if word in (noun(kind, lang, "ins"), noun(kind, lang, "ins", plural=True)):
            return "item" if kind == "subitem" else kind
    return "text"


def _number_list(text: str) -> list[str]:
    """The numbers of "6", "6 и 7", "6 – 8", "6, 7 и 8", "6 to 8"."""
    tokens = [t for t in re.split(r" ?(?:,|и|і|and|та) ?| ", text.strip()) if t]
    numbers: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("–", "to", "по", "-") and numbers and i + 1 < len(tokens):
            numbers.extend(_range(numbers.pop(), tokens[i + 1]))
            i += 2
            continue
        if not re.fullmatch(r"\d+(?:\.\d+)*(?:-\d+)?", token):
            raise ReadError(f"“{text.strip()}” is not a list of numbers")
        numbers.append(token)
        i += 1
    return numbers


def _range(first: str, last: str) -> list[str]:
    head, _, a = first.rpartition(".")
    head2, _, b = last.rpartition(".")
    if head != head2 or not a.isdigit() or not b.isdigit() or int(b) < int(a):
        raise ReadError(f"“{first}–{last}” is not a range of items")
    return [f"{head}.{k}" if head else str(k) for k in range(int(a), int(b) + 1)]


def _place_list(words: str, lang: str, sk: Skeleton, limit: int) -> tuple[Cite, ...]:
    """The places of "пункт 4", "пункты 3–5", "paragraphs 3 to 5"."""
    first, _, rest = words.partition(" ")
    plural = (
        {noun(k, lang, "nom", plural=True): k for k in ("item", "subitem")}
        if lang != "en"
        else {"paragraphs": "item", "subparagraphs": "subitem", "items": "item"}
    )
    if first in plural:
        numbers = _number_list(rest)
        kind = "subitem" if any("." in n for n in numbers) else "item"
        return tuple(Cite(kind, number=n) for n in numbers)  # type: ignore[arg-type]
    try:
        return (read_place(words.split(), lang, sk.quotes, limit),)
    except PlaceError:
        raise ReadError(f"“{words}” names no clause this program reads") from None


def _renumbering(olds: str, news: str) -> Renumber:
    subitems = _SUBITEMS_RE.search(news)
    if subitems is not None:
        news = news[: subitems.start()]
    old_numbers = _number_list(re.sub(r"^\S+ ", "", olds))
    new_numbers = _number_list(re.sub(r"^(?:as )?\S+ ", "", news))
    if len(old_numbers) != len(new_numbers):
        raise ReadError(
            f"the renumbering names {len(old_numbers)} items and {len(new_numbers)} new numbers"
        )
    pairs = tuple(zip(old_numbers, new_numbers, strict=True))
    return Renumber(pairs, tuple(old_numbers) if subitems is not None else ())


def _read_en(sk: Skeleton, limit: int) -> list[Instruction] | None:
    text = sk.text

    def place(words: str) -> Cite:
        return read_place(words.split(), "en", sk.quotes, limit)

    m = re.fullmatch(r"throughout the text ,? (?P<changes>.+)", text)
    if m:
        changes = _changes_en(m.group("changes"), sk)
        if changes is not None:
            if any(c.action != "replace" or c.occurrence is not None for c in changes):
                raise ReadError("throughout the text only replacements of words are read")
            return [Throughout(c.old, c.new) for c in changes]
    m = re.fullmatch(r"in (?P<rest>.+)", text)
    if m:
        rest = m.group("rest")
        for sep in re.finditer(r" , (?=replace|delete|insert)", rest):
            try:
                cite = place(rest[: sep.start()])
            except PlaceError:
                continue
            changes = _changes_en(rest[sep.end() :], sk)
            if changes is not None:
                return [Words(cite, tuple(changes))]
    m = re.fullmatch(
        r"(?:replace the text|the text) (?P<which>before the first paragraph|after the last "
        r"paragraph)(?: with the following| is replaced by the following)"
        r"(?: \( markdown source \))?(?: :)? @(?P<text>\d+)",
        text,
    ) or re.fullmatch(
        r"delete the text (?P<which>before the first paragraph|after the last paragraph)", text
    )
    if m:
        target = PREAMBLE if m.group("which").startswith("before") else EPILOGUE
        body = (
            sk.quotes[int(m.group("text"))] if "text" in m.groupdict() and m.group("text") else ""
        )
        return [Layout(target, body)]
    m = re.fullmatch(
        r"replace (?P<place>.+?) (?:with|by) the following(?: text)?"
        r"(?P<src> \( markdown source \))?(?: :)? @(?P<text>\d+)",
        text,
    )
    m = m or re.fullmatch(
        r"(?P<place>.+?) (?:shall read|is replaced by the following|is amended to read)"
        r"(?: as follows)?(?P<src> \( markdown source \))?(?: :)? @(?P<text>\d+)",
        text,
    )
    if m:
        return [
            Wording(
                _place_or_fail(place, m.group("place")),
                sk.quotes[int(m.group("text"))],
                bool(m.group("src")),
            )
        ]
    m = re.fullmatch(
        r"(?:(?P<where>after|before) (?P<anchor>.+?) ,? )?insert the following (?:new )?"
        r"(?P<noun>\w+)(?: (?P<nums>[^@:(]*?))?(?P<src> \( markdown source \))?(?: :)? "
        r"@(?P<text>\d+)",
        text,
    )
    if m:
        anchor = _place_or_fail(place, m.group("anchor")) if m.group("anchor") else None
        numbers = tuple(_number_list(m.group("nums") or ""))
        if anchor is None and len(numbers) != 1:
            raise ReadError("say after or before which clause the new text goes")
        kind = {
            "paragraph": "item",
            "paragraphs": "item",
            "subparagraph": "item",
            "subparagraphs": "item",
        }.get(m.group("noun"), "text")
        if not numbers and kind == "item":
            kind = "paragraph"
        return [
            Insert(
                anchor,
                m.group("where") or "after",  # type: ignore[arg-type]
                sk.quotes[int(m.group("text"))],
                kind,
                numbers,
                max(1, len(numbers)),
                bool(m.group("src")),
            )
        ]
    m = re.fullmatch(
        r"move (?P<rest>.+?)(?: and replace it with the following(?: \( markdown source \))?"
        r"(?: :)? @(?P<text>\d+))?",
        text,
    )
    if m:
        rest = m.group("rest")
        moved = sk.quotes[int(m.group("text"))] if m.group("text") else None
        for sep in re.finditer(r" (?P<where>after|before) ", rest):
            try:
                moving = place(rest[: sep.start()])
                next_to = place(rest[sep.end() :])
            except PlaceError:
                continue
            return [Move(moving, next_to, sep.group("where"), moved)]  # type: ignore[arg-type]
        raise ReadError(f"“{rest}” names no clause and place this program reads")
    m = re.fullmatch(r"delete (?P<place>.+)", text)
    if m and not m.group("place").startswith("@"):
        return [Delete(_place_list(m.group("place"), "en", sk, limit))]
    m = re.fullmatch(r"renumber (?P<olds>.+?) as (?P<news>.+)", text)
    if m:
        return [_renumbering(m.group("olds"), m.group("news"))]
    return None


def _changes_en(text: str, sk: Skeleton) -> list[Change] | None:
    pieces = re.split(r" (?:,|;|and|, and) (?=replace|delete|insert)", text)
    changes = []
    for piece in pieces:
        change = _change_en_read(piece.strip(" ,"), sk)
        if change is None:
            return None
        changes.append(change)
    return changes


def _change_en_read(piece: str, sk: Skeleton) -> Change | None:
    q = sk.quotes
    m = re.fullmatch(
        r"replace (?:the (?P<pre>[\w ]+?) )?@(?P<old>\d+)(?P<occ>[^@]*?) (?:with|by) "
        r"@(?P<new>\d+)(?P<occ2>[^@]*)",
        piece,
    )
    if m:
        which = _occurrence((m.group("pre") or "") + m.group("occ") + m.group("occ2"), "en")
        return Change("replace", q[int(m.group("old"))], q[int(m.group("new"))], which)
    m = re.fullmatch(r"delete (?:the (?P<pre>[\w ]+?) )?@(?P<old>\d+)(?P<occ>[^@]*)", piece)
    if m:
        which = _occurrence((m.group("pre") or "") + m.group("occ"), "en")
        return Change("delete", q[int(m.group("old"))], "", which)
    m = re.fullmatch(
        r"insert @(?P<new>\d+) after (?:the (?P<pre>[\w ]+?) )?@(?P<old>\d+)(?P<occ>[^@]*)", piece
    )
    if m:
        which = _occurrence((m.group("pre") or "") + m.group("occ"), "en")
        return Change("insert", q[int(m.group("old"))], q[int(m.group("new"))], which)
    return None
