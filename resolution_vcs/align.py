"""Clause alignment: which clause of a new version continues which clause of the old one.

Used twice: to carry ids over to a new version (re-anchoring, :mod:`ids`) and to
diff two documents that carry no common ids (:mod:`diff`). Deterministic: the
same two sequences always give the same alignment, on every machine.

The rule, in four passes (docs/clauses.md explains it for users):

1. **Same text, same order.** Clauses whose white-space-folded text is equal
   are paired patience-style: texts that occur once on each side anchor the
   alignment, the longest run of anchors in the same order is kept, and the
   gaps between anchors are aligned the same way, recursively; repeated texts
   inside a gap are then paired in order.
2. **Same text, elsewhere.** A text left unpaired on both sides that occurs
   once in each version was moved. A repeated text (a formula used in many
   places) is paired elsewhere only where its neighbourhood agrees (below).
3. **Edited in place.** Between two paired clauses (in order), the unpaired
   old and new clauses are paired by similarity, keeping their order, with
   the highest total similarity. A pair needs ``IN_PLACE``; ``IN_PLACE_SINGLE``
   when the gap holds one clause on each side (reworded where it stood) or
   when both open with the same number ("6.", "Стаття 5": a part restated in
   new wording keeps its number and its place); or the words of one, not
   short, found in the other at ``WITHIN`` (a passage added or removed). A
   clause may also continue into several consecutive clauses (split) or
   several into one (merged) when they read alike together: it goes on as the
   first piece that says more than a number, the others are added (deleted).
4. **Edited and moved.** What is still unpaired is paired across the whole
   document, most similar pairs first, only with evidence beyond wording:
   nearly the same text (``NEARLY`` alike, not short, citing the same
   numbers), or at least ``MOVED`` alike with its neighbourhood agreeing (the
   clause before or after one is paired with the one before or after the
   other; for two citing the same numbers, any neighbour of one with any of
   the other). Formulas of one shape about other provisions read alike but
   cite other numbers and stand elsewhere: they stay a deletion here and an
   addition there.

Similarity is :func:`resolution_vcs.text.similarity` (word-multiset Dice, or
character-bigram Dice for short clauses) of the texts without the number they
open with: a number alone never pairs two clauses.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate, pairwise
from typing import cast

from .text import (
    SHORT_CLAUSE_WORDS,
    WORD_RE,
    bigram_bag,
    comparison_key,
    lazy_pattern,
    similarity,
    word_bag,
)

#: Minimum similarity for clauses edited in place.
IN_PLACE = 0.5
#: Minimum similarity for the only old and the only new clause between two anchors.
IN_PLACE_SINGLE = 0.3
#: Minimum similarity for a clause that was edited and moved (where its
#: neighbourhood agrees).
MOVED = 0.6
#: Minimum similarity for a clause edited and moved anywhere: nearly the same text.
NEARLY = 0.8
#: Share of a clause's words found in another clause of its gap from which the
#: other is the same clause with a passage added (or the reverse).
WITHIN = 0.9
#: An enumerator opening a clause's text: "6.", "2)", "2.1.", "а)", "Стаття 5".
_enumerator_re = lazy_pattern(
    r"\s*((?:стаття|статья|article|розділ|раздел|глава|chapter|section|§)\s*[\w.]+"
    r"|\d+(?:\.\d+)*[.)]|\w[.)])(?=\s)",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"\d+")
#: Above this many cells, a gap is aligned greedily instead of by dynamic programming.
_DP_CELLS = 40_000
#: At most so many clauses are read as the pieces of one split or merged clause.
_GROUP = 4


def align(
    old: Sequence[str],
    new: Sequence[str],
    old_texts: Sequence[str] | None = None,
    new_texts: Sequence[str] | None = None,
) -> list[int | None]:
    """For each new clause, the index of the old clause it continues, or None if it is new.

    ``old`` and ``new`` are the clauses' exact comparison keys (their Markdown
    with white space folded); ``old_texts`` and ``new_texts``, when given, the
    plain texts that similarity is measured on (default: the keys). Every old
    index is used at most once.
    """
    match: list[int | None] = [None] * len(new)
    used = [False] * len(old)
    _exact_in_order(old, new, match, used)
    if None in match and not all(used):
        _exact_moved(old, new, match, used)
    if None in match and not all(used):
        bags = _Bags(
            old if old_texts is None else old_texts,
            new if new_texts is None else new_texts,
        )
        _similar_in_gaps(old, new, match, used, bags)
        _similar_moved(old, new, match, used, bags)
    return match


def changed_spans(
    old: Sequence[str] | Sequence[bytes], new: Sequence[str] | Sequence[bytes]
) -> list[tuple[int, int, int, int]]:
    """Where two sequences differ: ``(old_lo, old_hi, new_lo, new_hi)`` runs,
    in order, between elements paired equal and in order.

    Outside the runs the sequences are equal element for element. A moved
    element shows as a run on each side.
    """
    if len(old) == len(new):  # the usual edit: elements replaced in place
        differ = [i for i, (x, y) in enumerate(zip(old, new, strict=True)) if x != y]
        if len(differ) * 4 <= len(old):
            runs: list[tuple[int, int, int, int]] = []
            for i in differ:
                if runs and runs[-1][1] == i:
                    runs[-1] = (runs[-1][0], i + 1, runs[-1][2], i + 1)
                else:
                    runs.append((i, i + 1, i, i + 1))
            return runs
    # Pass 1 compares elements only for equality: bytes serve as well as text.
    a, b = cast("Sequence[str]", old), cast("Sequence[str]", new)
    match = _same_order(a, b)
    if match is None:
        match = [None] * len(b)
        _exact_in_order(a, b, match, [False] * len(a))
    spans = []
    prev_o = prev_n = -1
    for n, o in enumerate((*match, len(old))):
        if o is None:
            continue
        if o - prev_o > 1 or n - prev_n > 1:
            spans.append((prev_o + 1, o, prev_n + 1, n))
        prev_o, prev_n = o, n
    return spans


def _same_order(old: Sequence[str], new: Sequence[str]) -> list[int | None] | None:
    """The usual case, fast: the elements found on both sides are the same in
    the same order (nothing moved, no repeat gained or lost); pair them in order.
    None otherwise."""
    in_new, in_old = set(new), set(old)
    if [x for x in old if x in in_new] != [x for x in new if x in in_old]:
        return None
    kept_old = [k for k, x in enumerate(old) if x in in_new]
    match: list[int | None] = [None] * len(new)
    kept = iter(kept_old)
    for n, x in enumerate(new):
        if x in in_old:
            match[n] = next(kept)
    return match


def in_order(match: Sequence[int | None], moved: Collection[int] = ()) -> list[bool]:
    """Which pairs keep their relative order; pairs outside it were moved.

    The pairs kept are the most that keep their order (old indices rising in
    new order). When several choices keep as many, as when two neighbours
    swap places (either one moved), the choice is the one that keeps the new
    clauses not named in ``moved`` (new indices known to have been moved, e.g.
    by the amendment that moved them), then the one that calls moved the
    clauses that come first in the new text (the one brought up).
    """
    pairs = [(n, o) for n, o in enumerate(match) if o is not None]
    result = [False] * len(match)
    olds = [o for _, o in pairs]
    if all(a < b for a, b in pairwise(olds)):  # the usual case: nothing moved
        for n, _ in pairs:
            result[n] = True
        return result
    hinted = set(moved)
    late = len(match) * (len(match) + 1) // 2 + 1
    if hinted.isdisjoint(n for n, _ in pairs):
        for k in _latest_longest_rising(olds, [n for n, _ in pairs], late):
            result[pairs[k][0]] = True
        return result
    # Weights whose sums compare as the tuples (pairs kept, pairs kept that are
    # not named moved, how late in the new text the pairs kept are) would.
    named = late * (len(pairs) + 1)
    weights = [named * (len(pairs) + 1) + (0 if n in hinted else named) + n for n, _ in pairs]
    for k in _heaviest_rising(olds, weights):
        result[pairs[k][0]] = True
    return result


def _latest_longest_rising(values: Sequence[int], places: Sequence[int], late: int) -> list[int]:
    """Indices of the longest strictly rising subsequence of ``values`` (distinct
    non-negative integers) that lies latest: with the greatest sum of ``places``
    (rising, summing to less than ``late``), as :func:`_heaviest_rising` finds it when
    weighing each value ``late`` plus its place, but over runs of values that follow
    each other (``v``, ``v + 1`` …), a few where most values keep their order.

    A run is kept whole or not at all by the heaviest subsequence (any positive weights):
    a subsequence holding one value of it and not the next (or the one before) stays
    rising with it added. Only one subsequence is the heaviest: of two longest ones S
    and T, the greatest index of each place taken over both rises too (where they cross,
    ``s[i] > t[i]`` and ``t[i+1] > s[i+1]``, ``values[s[i]] < values[t[i+1]]``, else T
    up to ``t[i]`` then S from ``s[i]`` on would be longer), and lies later than both.
    So the runs give the very indices :func:`_heaviest_rising` gives."""
    starts = [0, *(k for k in range(1, len(values)) if values[k] != values[k - 1] + 1)]
    ends = [*starts[1:], len(values)]
    sums = [0, *accumulate(places)]
    weights = [(b - a) * late + sums[b] - sums[a] for a, b in zip(starts, ends, strict=True)]
    firsts = [values[a] for a in starts]  # runs do not overlap: their first values rank them
    rank = [0] * len(firsts)
    for r, k in enumerate(sorted(range(len(firsts)), key=firsts.__getitem__)):
        rank[k] = r
    kept: list[int] = []
    for k in _heaviest_rising(rank, weights):
        kept.extend(range(starts[k], ends[k]))
    return kept


def _heaviest_rising(values: Sequence[int], weights: Sequence[int]) -> list[int]:
    """Indices of the strictly rising subsequence of ``values`` (distinct
    non-negative integers) with the greatest total weight."""
    size = max(values) + 1
    tree = [0] * (size + 1)  # Fenwick tree of (best total, index) over values
    where = [-1] * (size + 1)
    prev = [-1] * len(values)
    total = [0] * len(values)
    for i, v in enumerate(values):
        best, at = 0, -1
        k = v  # prefix of values below v
        while k > 0:
            if tree[k] > best:
                best, at = tree[k], where[k]
            k -= k & -k
        total[i], prev[i] = best + weights[i], at
        k = v + 1
        while k <= size:
            if total[i] > tree[k]:
                tree[k], where[k] = total[i], i
            k += k & -k
    i = max(range(len(values)), key=total.__getitem__) if values else -1
    out: list[int] = []
    while i != -1:
        out.append(i)
        i = prev[i]
    out.reverse()
    return out


def _exact_in_order(
    old: Sequence[str], new: Sequence[str], match: list[int | None], used: list[bool]
) -> None:
    stack = [(0, len(old), 0, len(new))]
    while stack:
        o_lo, o_hi, n_lo, n_hi = stack.pop()
        # Common prefix and suffix first: the usual case is a few edits.
        while o_lo < o_hi and n_lo < n_hi and old[o_lo] == new[n_lo]:
            match[n_lo], used[o_lo] = o_lo, True
            o_lo, n_lo = o_lo + 1, n_lo + 1
        while o_lo < o_hi and n_lo < n_hi and old[o_hi - 1] == new[n_hi - 1]:
            match[n_hi - 1], used[o_hi - 1] = o_hi - 1, True
            o_hi, n_hi = o_hi - 1, n_hi - 1
        if o_lo >= o_hi or n_lo >= n_hi:
            continue
        anchors = _unique_anchors(old, new, o_lo, o_hi, n_lo, n_hi)
        if not anchors:
            _pair_repeats_in_order(old, new, o_lo, o_hi, n_lo, n_hi, match, used)
            continue
        prev_o, prev_n = o_lo, n_lo
        for n_i, o_i in anchors:
            match[n_i], used[o_i] = o_i, True
            if o_i > prev_o and n_i > prev_n:  # a gap with clauses on both sides
                stack.append((prev_o, o_i, prev_n, n_i))
            prev_o, prev_n = o_i + 1, n_i + 1
        stack.append((prev_o, o_hi, prev_n, n_hi))


def _unique_anchors(
    old: Sequence[str], new: Sequence[str], o_lo: int, o_hi: int, n_lo: int, n_hi: int
) -> list[tuple[int, int]]:
    """Pairs (new, old) of texts occurring once on each side, longest in-order run."""
    count_old: Counter[str] = Counter(old[o_lo:o_hi])
    count_new: Counter[str] = Counter(new[n_lo:n_hi])
    where_old = {old[i]: i for i in range(o_lo, o_hi) if count_old[old[i]] == 1}
    candidates = [
        (n, where_old[new[n]])
        for n in range(n_lo, n_hi)
        if count_new[new[n]] == 1 and new[n] in where_old
    ]
    keep = _lis([o for _, o in candidates])
    return [candidates[k] for k in keep]


def _pair_repeats_in_order(
    old: Sequence[str],
    new: Sequence[str],
    o_lo: int,
    o_hi: int,
    n_lo: int,
    n_hi: int,
    match: list[int | None],
    used: list[bool],
) -> None:
    """Inside a gap with no unique anchors: pair equal texts in order."""
    positions: dict[str, list[int]] = defaultdict(list)
    for i in range(o_lo, o_hi):
        positions[old[i]].append(i)
    floor = o_lo
    for n in range(n_lo, n_hi):
        for o in positions.get(new[n], ()):
            if o >= floor and not used[o]:
                match[n], used[o] = o, True
                floor = o + 1
                break


def _exact_moved(
    old: Sequence[str], new: Sequence[str], match: list[int | None], used: list[bool]
) -> None:
    """Pass 2: texts left unpaired on both sides. A text that occurs once in each
    version was moved; a repeated one (a formula used in many places) only when
    its neighbourhood agrees."""
    free: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(old):
        if not used[i]:
            free[text].append(i)
    if not free:
        return
    count_old, count_new = Counter(old), Counter(new)
    repeated: list[tuple[int, int]] = []
    for n, text in enumerate(new):
        if match[n] is not None or not free.get(text):
            continue
        if count_old[text] == 1 and count_new[text] == 1:
            o = free[text].pop()
            match[n], used[o] = o, True
        else:
            repeated.extend((n, o) for o in free[text])
    _pair_where_neighbours_agree(repeated, match, used)


def _pair_where_neighbours_agree(
    candidates: Sequence[tuple[int, int]],
    match: list[int | None],
    used: list[bool],
    same_numbers: Callable[[int, int], bool] = lambda n, o: True,
) -> None:
    """Pair candidates (new, old), in the order given, whose neighbourhood agrees:
    the clause before (or after) one is paired with the clause before (or after)
    the other, so that runs grow one pair at a time; or, for two clauses citing
    the same numbers, any clause next to one is paired (or is a candidate to be
    paired) with a clause next to the other (a block moved whole, two neighbours
    swapped). A formula about another provision differs in its numbers: it needs
    a run that starts from a pair already made."""
    wanted = set(candidates)
    pending = list(candidates)
    while pending:
        rest = []
        for n, o in pending:
            if match[n] is not None or used[o]:
                continue
            if _neighbour_agrees(n, o, match, used, wanted, crossing=same_numbers(n, o)):
                match[n], used[o] = o, True
            else:
                rest.append((n, o))
        if len(rest) == len(pending):
            return
        pending = rest


def _neighbour_agrees(
    n: int,
    o: int,
    match: list[int | None],
    used: list[bool],
    wanted: set[tuple[int, int]],
    *,
    crossing: bool,
) -> bool:
    for dn in (-1, 1):
        for do in (-1, 1) if crossing else (dn,):
            n2, o2 = n + dn, o + do
            if not (0 <= n2 < len(match) and 0 <= o2 < len(used)):
                continue
            if match[n2] == o2:
                return True
            # Two pairs that only vouch for each other make a run for clauses citing the
            # same numbers; formulas about other provisions need a pair already made.
            if crossing and match[n2] is None and not used[o2] and (n2, o2) in wanted:
                return True
    return False


class _Bags:
    """How alike old and new clauses are, with each text's bags computed once.

    A clause is compared without the number it opens with ("6.", "Стаття 5"):
    numbers say where a clause stands, not what it says, so two clauses are
    never alike for their number alone.
    """

    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        self.texts = {"o": old, "n": new}
        self._cache: dict[tuple[str, int], _Entry] = {}
        self._sets: dict[tuple[str, int], set[str]] = {}
        self._bigrams: dict[tuple[str, int], frozenset[object]] = {}
        self._bigram_counts: dict[tuple[str, int], int] = {}

    def _entry(self, side: str, i: int) -> _Entry:
        """(word bag, words, short, enumerator, text without it, word bag as a set) of one
        clause."""
        key = (side, i)
        hit = self._cache.get(key)
        if hit is None:
            text = self.texts[side][i]
            m = _enumerator_re().match(text)
            number = m.group(1).lower() if m else ""
            rest = text[m.end() :] if m else text
            words = word_bag(rest)
            size = sum(words.values())
            hit = (words, size, size < SHORT_CLAUSE_WORDS, number, rest, _as_set(words))
            self._cache[key] = hit
        return hit

    def _bigram_set(self, side: str, i: int) -> frozenset[object]:
        """The character bigrams of a clause's text without its number, as a set
        (:func:`_as_set`)."""
        key = (side, i)
        hit = self._bigrams.get(key)
        if hit is None:
            hit = self._bigrams[key] = _as_set(bigram_bag(self._entry(side, i)[4]))
        return hit

    def enumerator(self, side: str, i: int) -> str:
        return self._entry(side, i)[3]

    def words(self, side: str, i: int) -> Counter[str]:
        return self._entry(side, i)[0]

    def is_short(self, side: str, i: int) -> bool:
        return self._entry(side, i)[2]

    def word_set(self, side: str, i: int) -> set[str]:
        """The clause's words, its number included (for what a part shares with a whole)."""
        key = (side, i)
        hit = self._sets.get(key)
        if hit is None:
            hit = self._sets[key] = {w.lower() for w in WORD_RE.findall(self.texts[side][i])}
        return hit

    def sim(self, o: int, n: int) -> float:
        """:func:`resolution_vcs.text.similarity` of two clauses without their numbers
        (0.0 when either has no words but its number)."""
        _, so, short_o, _, _, set_o = self._entry("o", o)
        _, sn, short_n, _, _, set_n = self._entry("n", n)
        if so == 0 or sn == 0:
            return 0.0  # a number alone, or no words at all
        if short_o or short_n:
            return _dice(self._bigram_set("o", o), self._bigram_set("n", n))
        if 2.0 * min(so, sn) / (so + sn) < IN_PLACE_SINGLE:
            return 0.0  # sizes too different for any threshold
        return 2.0 * len(set_o & set_n) / (so + sn)

    def surely_below(self, o: int, n: int, floor: float) -> bool:
        """Whether :meth:`sim` is below ``floor`` for sure, told from the sizes of two
        clauses of which one is short, without counting their bigrams (a short clause
        compared with a long one: most pairs with a heading). Dice is at most
        2·min/(sum) of the two sizes. False when it cannot tell; never True for two
        clauses that are not short (whose likeness :meth:`alike_in_place` may find
        otherwise than by ``sim``)."""
        _, so, short_o, _, _, _ = self._entry("o", o)
        _, sn, short_n, _, _, _ = self._entry("n", n)
        if not (short_o or short_n) or so == 0 or sn == 0:
            return False
        a, b = self._bigram_count("o", o), self._bigram_count("n", n)
        return 2.0 * min(a, b) / (a + b) < floor

    def _bigram_count(self, side: str, i: int) -> int:
        """How many bigrams :meth:`_bigram_set` holds (:func:`_as_set` keeps the count),
        from the text's length alone: one for each character of the padded text but one."""
        key = (side, i)
        hit = self._bigram_counts.get(key)
        if hit is None:
            hit = self._bigram_counts[key] = (
                len(comparison_key(self._entry(side, i)[4]).lower()) + 1
            )
        return hit

    def alike_in_place(self, o: int, n: int, s: float, single: bool) -> bool:
        """Whether two clauses of one gap, ``s`` alike, are one clause edited where
        it stood: at least ``IN_PLACE`` alike; ``IN_PLACE_SINGLE`` for the only old
        and new clause of a gap (reworded where it stood) and for two that open
        with the same number (a part restated in new wording keeps its number and
        its place); or one of them, of ``SHORT_CLAUSE_WORDS`` words or more, read
        whole in the other (a clause that gained or lost a long passage)."""
        if s >= IN_PLACE:
            return True
        number = self.enumerator("o", o)
        if s >= IN_PLACE_SINGLE and (single or (number and number == self.enumerator("n", n))):
            return True
        return self._within(o, n)

    def _within(self, o: int, n: int) -> bool:
        _, so, short_o, _, _, set_o = self._entry("o", o)
        _, sn, short_n, _, _, set_n = self._entry("n", n)
        if short_o or short_n:
            return False
        return len(set_o & set_n) >= WITHIN * min(so, sn)

    def part_of(self, part_side: str, part: int, whole_side: str, whole: int) -> bool:
        """Whether most words of one clause are words of another (a piece of it)."""
        piece = self.word_set(part_side, part)
        return bool(piece) and 2 * len(piece & self.word_set(whole_side, whole)) >= len(piece)

    def group_sim(self, whole_side: str, whole: int, part_side: str, parts: list[int]) -> float:
        """How alike one clause is to several consecutive clauses of the other version
        read as one text."""
        joined = " ".join(self.texts[part_side][i] for i in parts)
        return _text_similarity(self.texts[whole_side][whole], joined)

    def nearly_the_same(self, o: int, n: int) -> bool:
        """Whether two clauses read as one text with a few words changed: not short,
        citing the same numbers (``NEARLY`` alike is the caller's to check)."""
        return not self.is_short("o", o) and not self.is_short("n", n) and self.same_numbers(n, o)

    def same_numbers(self, n: int, o: int) -> bool:
        """Whether two clauses cite the same numbers (articles, laws, dates)."""
        return Counter(_NUMBER_RE.findall(self.texts["o"][o])) == Counter(
            _NUMBER_RE.findall(self.texts["n"][n])
        )

    def first_saying(self, side: str, pieces: list[int]) -> int:
        """The first of these clauses with words besides its opening number."""
        return next((p for p in pieces if self._entry(side, p)[1]), pieces[0])


#: What :class:`_Bags` keeps of a clause: word bag, number of words, whether it is short,
#: the number it opens with, its text without that number, the word bag as a set.
_Entry = tuple[Counter[str], int, bool, str, str, frozenset[object]]


def _as_set(bag: Counter[str]) -> frozenset[object]:
    """A multiset as a set of as many elements: each item, and (item, k) for its k-th
    repeat. The size of the intersection of two such sets is the size of the intersection
    of the multisets (the sum of the smaller counts), computed without a loop in Python."""
    repeats = [(item, k) for item, count in bag.items() if count > 1 for k in range(1, count)]
    return frozenset(bag).union(repeats) if repeats else frozenset(bag)


def _dice(a: frozenset[object], b: frozenset[object]) -> float:
    """:func:`resolution_vcs.text.dice` of two multisets given as :func:`_as_set` sets."""
    total = len(a) + len(b)
    return 2.0 * len(a & b) / total if total else 1.0


def _text_similarity(a: str, b: str) -> float:
    """:func:`resolution_vcs.text.similarity` of two texts without their opening numbers."""
    enumerator = _enumerator_re()
    ma, mb = enumerator.match(a), enumerator.match(b)
    a, b = a[ma.end() :] if ma else a, b[mb.end() :] if mb else b
    if not WORD_RE.search(a) or not WORD_RE.search(b):
        return 0.0
    return similarity(a, b)


def _similar_in_gaps(
    old: Sequence[str],
    new: Sequence[str],
    match: list[int | None],
    used: list[bool],
    bags: _Bags,
) -> None:
    """Pass 3: clauses edited where they stand, and split or merged there."""
    keep = in_order(match)
    anchors = [(n, o) for n, o in enumerate(match) if o is not None and keep[n]]
    bounds = [(-1, -1), *anchors, (len(new), len(old))]
    for (n0, o0), (n1, o1) in pairwise(bounds):
        if o1 - o0 < 2 or n1 - n0 < 2:
            continue  # no clause between the two on one side (most neighbours)
        olds = [o for o in range(o0 + 1, o1) if not used[o]]
        news = [n for n in range(n0 + 1, n1) if match[n] is None]
        if not olds or not news:
            continue
        if len(olds) * len(news) <= _DP_CELLS:
            pairs = _best_ordered_pairs(olds, news, bags)
        else:
            pairs = _greedy_pairs(olds, news, bags, in_place=True)
        for n, o in pairs:
            match[n], used[o] = o, True


def _best_ordered_pairs(olds: list[int], news: list[int], bags: _Bags) -> list[tuple[int, int]]:
    """The order-preserving pairing of one gap with the highest summed similarity.

    Besides one clause for one, a clause may continue into several consecutive
    ones (split: most words of each piece are its words) or several into one
    (merged): the group counts as alike as its texts read together, and the
    clause continues into the first piece that says more than a number (where
    its opening went: "part 2 split in two" goes on as the first half, a part
    merged with its note goes on as the merged text); the other pieces are
    added (or deleted).
    """
    rows, cols = len(olds), len(news)
    single = rows == 1 and cols == 1
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    # How each cell's best is reached: ("o", 1) an old clause left, ("n", 1) a new
    # one left, ("p", 1) a pair, ("s", k) a split into k, ("m", k) k merged.
    step = [[("o", 1)] * (cols + 1) for _ in range(rows + 1)]
    for r in range(rows - 1, -1, -1):
        for c in range(cols - 1, -1, -1):
            best, how = score[r + 1][c], ("o", 1)
            if score[r][c + 1] > best:
                best, how = score[r][c + 1], ("n", 1)
            o, n = olds[r], news[c]
            if not bags.surely_below(o, n, IN_PLACE_SINGLE):  # else never alike in place
                s = bags.sim(o, n)
                if bags.alike_in_place(o, n, s, single) and s + score[r + 1][c + 1] > best:
                    best, how = s + score[r + 1][c + 1], ("p", 1)
            for kind, k, value in _groups(olds, news, r, c, bags):
                total = value + (score[r + 1][c + k] if kind == "s" else score[r + k][c + 1])
                if total > best:
                    best, how = total, (kind, k)
            score[r][c], step[r][c] = best, how
    pairs: list[tuple[int, int]] = []
    r = c = 0
    while r < rows and c < cols:
        kind, k = step[r][c]
        if kind == "o":
            r += 1
        elif kind == "n":
            c += 1
        elif kind == "p":
            pairs.append((news[c], olds[r]))
            r, c = r + 1, c + 1
        elif kind == "s":
            o = olds[r]
            n = bags.first_saying("n", news[c : c + k])
            pairs.append((n, o))
            r, c = r + 1, c + k
        else:
            n = news[c]
            o = bags.first_saying("o", olds[r : r + k])
            pairs.append((n, o))
            r, c = r + k, c + 1
    return pairs


def _groups(
    olds: list[int], news: list[int], r: int, c: int, bags: _Bags
) -> list[tuple[str, int, float]]:
    """The splits of ``olds[r]`` into ``news[c:c+k]`` and the merges of
    ``olds[r:r+k]`` into ``news[c]`` alike enough: (kind, k, similarity)."""
    return [
        *(("s", k, v) for k, v in _pieces(bags, "o", olds[r], "n", news[c : c + _GROUP])),
        *(("m", k, v) for k, v in _pieces(bags, "n", news[c], "o", olds[r : r + _GROUP])),
    ]


def _pieces(
    bags: _Bags, whole_side: str, whole: int, part_side: str, parts: list[int]
) -> list[tuple[int, float]]:
    """(k, similarity) for each run of the first k > 1 clauses of ``parts``, each
    mostly words of ``whole``, that together read alike to it."""
    found: list[tuple[int, float]] = []
    if len(parts) < 2:
        return found  # no run of two: nothing to read (the words of each are not needed)
    k = 0
    while k < len(parts) and bags.part_of(part_side, parts[k], whole_side, whole):
        k += 1
        if k > 1:
            value = bags.group_sim(whole_side, whole, part_side, parts[:k])
            if value >= IN_PLACE:
                found.append((k, value))
    return found


def _candidates(
    olds: list[int], news: list[int], bags: _Bags, threshold: float | None
) -> list[tuple[float, int, int]]:
    """(-similarity, new, old) of the pairs alike enough (``threshold``, or each
    pair's in-place floor when None), most alike first. Candidates come from shared
    words (all pairs, when few)."""
    found: list[tuple[float, int, int]] = []

    floor = IN_PLACE_SINGLE if threshold is None else threshold

    def consider(o: int, n: int) -> None:
        if bags.surely_below(o, n, floor):  # neither alike in place nor at the threshold
            return
        s = bags.sim(o, n)
        if bags.alike_in_place(o, n, s, False) if threshold is None else s >= threshold:
            found.append((-s, n, o))

    if len(olds) * len(news) <= _DP_CELLS:
        for n in news:
            for o in olds:
                consider(o, n)
    else:
        # Index old clauses by their rarer words (those in at most 5% of them) so
        # each new clause meets only the few old clauses it shares a distinctive
        # word with; the most promising 50 are compared.
        frequency: Counter[str] = Counter()
        for o in olds:
            frequency.update(bags.words("o", o).keys())
        cap = max(8, len(olds) // 20)
        by_word: dict[str, list[int]] = defaultdict(list)
        for o in olds:
            for w in bags.words("o", o):
                if frequency[w] <= cap:
                    by_word[w].append(o)
        short_olds = [o for o in olds if bags.is_short("o", o)]
        for n in news:
            shared: Counter[int] = Counter()
            for w in bags.words("n", n):
                shared.update(by_word.get(w, ()))
            near = [o for o, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:50]]
            if bags.is_short("n", n):
                near.extend(short_olds[:50])
            for o in sorted(set(near)):
                consider(o, n)
    found.sort()
    return found


def _greedy_pairs(
    olds: list[int], news: list[int], bags: _Bags, in_place: bool = False
) -> list[tuple[int, int]]:
    """Most similar pairs first, each clause once (a gap too large for the exact pairing)."""
    taken_o: set[int] = set()
    taken_n: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, n, o in _candidates(olds, news, bags, None if in_place else MOVED):
        if n not in taken_n and o not in taken_o:
            taken_n.add(n)
            taken_o.add(o)
            pairs.append((n, o))
    return pairs


def _similar_moved(
    old: Sequence[str],
    new: Sequence[str],
    match: list[int | None],
    used: list[bool],
    bags: _Bags,
) -> None:
    """Pass 4: clauses edited and moved. Similar wording far away is not enough
    (formulas of the same shape about other provisions read alike): the pair's
    neighbourhood must agree too, unless the two are nearly the same text
    (``NEARLY`` alike, not short, citing the same numbers)."""
    olds = [o for o in range(len(old)) if not used[o]]
    news = [n for n in range(len(new)) if match[n] is None]
    if not olds or not news:
        return
    found = _candidates(olds, news, bags, MOVED)
    for s, n, o in found:  # most alike first
        if -s < NEARLY:
            break
        if match[n] is None and not used[o] and bags.nearly_the_same(o, n):
            match[n], used[o] = o, True
    _pair_where_neighbours_agree([(n, o) for _, n, o in found], match, used, bags.same_numbers)


def _lis(values: Sequence[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence."""
    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_idx.append(i)
        else:
            tails[k] = v
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k > 0 else -1
    out: list[int] = []
    i = tail_idx[-1] if tail_idx else -1
    while i != -1:
        out.append(i)
        i = prev[i]
    out.reverse()
    return out
