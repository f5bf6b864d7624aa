"""Ordinal numbers in words, as drafters cite paragraphs: "абзац двенадцатый",
"в абзаце двенадцатом", "після абзацу дванадцятого", "the twelfth paragraph".

Russian and English ordinals come from num2words (Russian in every case);
Ukrainian ones from num2words in the nominative, declined here: only the last
word of a Ukrainian ordinal changes, with the endings of a hard (-ий) or soft
(-ій) adjective. Reading goes the other way by generating: the forms of 1, 2,
3 … are made until one matches, so that every form written is also read.

Pure: no git, no files.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from num2words import num2words

Case = Literal["nom", "gen", "ins", "loc"]
CASES: tuple[Case, ...] = ("nom", "gen", "ins", "loc")

_RU_CASES = {"nom": "nominative", "gen": "genitive", "ins": "instrumental", "loc": "prepositional"}

#: Ukrainian endings of the last word of a masculine ordinal, by case: hard and soft.
_UK_HARD = {"nom": "ий", "gen": "ого", "ins": "им", "loc": "ому"}
_UK_SOFT = {"nom": "ій", "gen": "ього", "ins": "ім", "loc": "ьому"}


@lru_cache(maxsize=4096)
def ordinal(n: int, lang: str, case: Case = "nom") -> str:
    """The masculine ordinal of ``n`` in words: ordinal(12, "ru", "loc") == "двенадцатом"."""
    if lang == "ru":
        return str(num2words(n, lang="ru", to="ordinal", case=_RU_CASES[case]))
    if lang == "uk":
        word = str(num2words(n, lang="uk", to="ordinal"))
        if word.endswith("ій"):
            return word[:-2] + _UK_SOFT[case]
        if word.endswith("ий"):
            return word[:-2] + _UK_HARD[case]
        return word
    return str(num2words(n, lang="en", to="ordinal"))


def _forms(n: int, lang: str) -> set[str]:
    """Every form of ``n`` as an ordinal that a reader may meet: all cases, and
    for Russian and Ukrainian the other genders (an occurrence is "второе")."""
    if lang == "en":
        return {_fold(ordinal(n, "en")), f"{n}{_english_suffix(n)}"}
    forms = {ordinal(n, lang, case) for case in CASES}
    if lang == "ru":
        for gender in ("n", "f"):
            for case in _RU_CASES.values():
                forms.add(str(num2words(n, lang="ru", to="ordinal", case=case, gender=gender)))
    else:
        masculine = ordinal(n, "uk")
        stem = masculine[:-2]
        soft = masculine.endswith("ій")
        forms.add(stem + "ім")  # "у третім", "у другім": also written
        forms |= {stem + e for e in (("є", "я", "ю", "ьої") if soft else ("е", "а", "у", "ої"))}
    return {_fold(f) for f in forms}


def _english_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _fold(words: str) -> str:
    """Lower case, one space, "ё" as "е", every apostrophe as "'", hyphens as spaces."""
    out = words.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'").replace("-", " ")
    return " ".join(out.split())


class _Reader:
    """Ordinal words → numbers for one language, made as far as asked."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.known: dict[str, int] = {}
        self.made = 0

    def value(self, words: str, limit: int) -> int | None:
        key = _fold(words)
        while key not in self.known and self.made < limit:
            self.made += 1
            for form in _forms(self.made, self.lang):
                self.known.setdefault(form, self.made)
        found = self.known.get(key)
        return found if found is not None and found <= limit else None


_READERS: dict[str, _Reader] = {}


def ordinal_value(words: str, lang: str, limit: int = 1000) -> int | None:
    """The number an ordinal in words stands for, in any case ("двенадцатом" → 12),
    or None if the words are no ordinal up to ``limit``."""
    reader = _READERS.get(lang)
    if reader is None:
        reader = _READERS[lang] = _Reader(lang)
    return reader.value(words, limit)


#: The words ordinals are made of, by language: a quick test whether a word may
#: belong to one (before the slower lookup of :func:`ordinal_value`).
_STEMS = {
    "ru": (
        "перв втор трет четв пят шест седьм восьм девят десят одиннадцат двенадцат "
        "тринадцат четырнадцат пятнадцат шестнадцат семнадцат восемнадцат девятнадцат "
        "двадцат тридцат сорок пятьдесят шестьдесят семьдесят восемьдесят девяност сот "
        "сто двест трист четырест пятьсот шестьсот семьсот восемьсот девятьсот тысяч "
        "один два три четыре пять шесть семь восемь девять десять сорок "
        "двух трех четырех пяти шести семи восьми девяти"
    ).split(),
    "uk": (
        "перш друг трет четв п'ят шост сьом восьм дев'ят десят одинадцят дванадцят "
        "тринадцят чотирнадцят п'ятнадцят шістнадцят сімнадцят вісімнадцят дев'ятнадцят "
        "двадцят тридцят сорок п'ятдесят шістдесят сімдесят вісімдесят дев'яност сот "
        "сто двіст трист чотирист п'ятсот шістсот сімсот вісімсот дев'ятсот тисяч "
        "один два дві три чотири п'ять шість сім вісім дев'ять десять двох трьох"
    ).split(),
    "en": (
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth "
        "hundredth thousandth one two three four five six seven eight nine ten eleven "
        "twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty "
        "forty fifty sixty seventy eighty ninety hundred thousand and"
    ).split(),
}


def may_be_ordinal_word(word: str, lang: str) -> bool:
    """Whether ``word`` can be part of an ordinal in words (or is "21st")."""
    key = _fold(word)
    if lang == "en" and key[:1].isdigit():
        return key.rstrip("stndrh").isdigit() and key != key.rstrip("stndrh")
    return any(key.startswith(stem) for stem in _STEMS.get(lang, ()))
