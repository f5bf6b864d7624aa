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
2. **Same text, elsewhere.** A clause whose exact text is left unpaired on both
   sides is paired with the first such clause: it was moved.
3. **Edited in place.** Between two paired clauses (in order), the unpaired
   old and new clauses are paired by similarity, keeping their order; a pair
   needs a similarity of at least ``IN_PLACE`` (``IN_PLACE_SINGLE`` when the
   gap holds one clause on each side: a clause reworded where it stood). Two
   clauses in the same gap that open with the same enumerator ("6.", "2)",
   "Стаття 5", "Article 3") count as at least ``IN_PLACE`` alike: a part
   restated "in new wording" keeps its number and its place.
4. **Edited and moved.** What is still unpaired is paired across the whole
   document, most similar pairs first, when the similarity is at least
   ``MOVED``.

Similarity is :func:`resolution_vcs.text.similarity` (word-multiset Dice, or
character-bigram Dice for short clauses).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from itertools import pairwise
from typing import cast

from .text import SHORT_CLAUSE_WORDS, bigram_bag, dice, word_bag

#: Minimum similarity for clauses edited in place.
IN_PLACE = 0.5
#: Minimum similarity for the only old and the only new clause between two anchors.
IN_PLACE_SINGLE = 0.3
#: Minimum similarity for a clause that was edited and moved.
MOVED = 0.6
#: An enumerator opening a clause's text: "6.", "2)", "2.1.", "а)", "Стаття 5".
_ENUMERATOR_RE = re.compile(
    r"\s*((?:стаття|статья|article|розділ|раздел|глава|chapter|section|§)\s*[\w.]+"
    r"|\d+(?:\.\d+)*[.)]|\w[.)])(?=\s)",
    re.IGNORECASE,
)
#: Above this many cells, a gap is aligned greedily instead of by dynamic programming.
_DP_CELLS = 40_000


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
    _exact_moved(old, new, match, used)
    if None in match and not all(used):
        bags = _Bags(
            old if old_texts is None else old_texts, new if new_texts is None else new_texts
        )
        _similar_in_gaps(old, new, match, used, bags)
        _similar_anywhere(old, new, match, used, bags)
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
    # Weights whose sums compare as the tuples (pairs kept, pairs kept that are
    # not named moved, how late in the new text the pairs kept are) would.
    hinted = set(moved)
    late = len(match) * (len(match) + 1) // 2 + 1
    named = late * (len(pairs) + 1)
    weights = [named * (len(pairs) + 1) + (0 if n in hinted else named) + n for n, _ in pairs]
    for k in _heaviest_rising(olds, weights):
        result[pairs[k][0]] = True
    return result


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
    free: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(old):
        if not used[i]:
            free[text].append(i)
    if not free:
        return
    for n, text in enumerate(new):
        if match[n] is None and free.get(text):
            o = free[text].pop(0)
            match[n], used[o] = o, True


class _Bags:
    """Similarity of old/new clauses, with the word and bigram bags computed once."""

    def __init__(self, old: Sequence[str], new: Sequence[str]) -> None:
        self.old, self.new = old, new
        self._cache: dict[tuple[str, int], tuple[Counter[str], int, bool]] = {}
        self._enum: dict[tuple[str, int], str] = {}

    def enumerator(self, side: str, i: int) -> str:
        key = (side, i)
        hit = self._enum.get(key)
        if hit is None:
            m = _ENUMERATOR_RE.match((self.old if side == "o" else self.new)[i])
            hit = self._enum[key] = m.group(1).lower() if m else ""
        return hit

    def sim_in_place(self, o: int, n: int) -> float:
        """Similarity for two clauses in the same gap: the same enumerator counts."""
        s = self.sim(o, n)
        if (
            s < IN_PLACE
            and self.enumerator("o", o)
            and (self.enumerator("o", o) == self.enumerator("n", n))
        ):
            return IN_PLACE
        return s

    def _bag(self, side: str, i: int) -> tuple[Counter[str], int, bool]:
        key = (side, i)
        hit = self._cache.get(key)
        if hit is None:
            text = (self.old if side == "o" else self.new)[i]
            words = word_bag(text)
            size = sum(words.values())
            hit = (words, size, size < SHORT_CLAUSE_WORDS)
            self._cache[key] = hit
        return hit

    def words(self, side: str, i: int) -> Counter[str]:
        return self._bag(side, i)[0]

    def is_short(self, side: str, i: int) -> bool:
        return self._bag(side, i)[2]

    def sim(self, o: int, n: int) -> float:
        wo, so, short_o = self._bag("o", o)
        wn, sn, short_n = self._bag("n", n)
        if short_o or short_n:
            return dice(bigram_bag(self.old[o]), bigram_bag(self.new[n]))
        if 2.0 * min(so, sn) / (so + sn) < IN_PLACE_SINGLE:
            return 0.0  # sizes too different for any threshold
        small, big = (wo, wn) if len(wo) <= len(wn) else (wn, wo)
        common = sum(min(count, big[word]) for word, count in small.items() if word in big)
        return 2.0 * common / (so + sn)


def _similar_in_gaps(
    old: Sequence[str],
    new: Sequence[str],
    match: list[int | None],
    used: list[bool],
    bags: _Bags,
) -> None:
    keep = in_order(match)
    anchors = [(n, o) for n, o in enumerate(match) if o is not None and keep[n]]
    bounds = [(-1, -1), *anchors, (len(new), len(old))]
    for (n0, o0), (n1, o1) in zip(bounds, bounds[1:], strict=False):
        olds = [o for o in range(o0 + 1, o1) if not used[o]]
        news = [n for n in range(n0 + 1, n1) if match[n] is None]
        if not olds or not news:
            continue
        if len(olds) == 1 and len(news) == 1:
            if bags.sim_in_place(olds[0], news[0]) >= IN_PLACE_SINGLE:
                match[news[0]], used[olds[0]] = olds[0], True
            continue
        if len(olds) * len(news) <= _DP_CELLS:
            pairs = _best_ordered_pairs(olds, news, bags)
        else:
            pairs = _greedy_pairs(olds, news, bags, IN_PLACE, in_place=True)
        for n, o in pairs:
            match[n], used[o] = o, True


def _best_ordered_pairs(olds: list[int], news: list[int], bags: _Bags) -> list[tuple[int, int]]:
    """Order-preserving pairing that maximises the summed similarity (pairs ≥ IN_PLACE)."""
    rows, cols = len(olds), len(news)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    sims = [[bags.sim_in_place(o, n) for n in news] for o in olds]
    for r in range(rows - 1, -1, -1):
        for c in range(cols - 1, -1, -1):
            best = max(score[r + 1][c], score[r][c + 1])
            s = sims[r][c]
            if s >= IN_PLACE:
                best = max(best, s + score[r + 1][c + 1])
            score[r][c] = best
    pairs: list[tuple[int, int]] = []
    r = c = 0
    while r < rows and c < cols:
        s = sims[r][c]
        if s >= IN_PLACE and score[r][c] == s + score[r + 1][c + 1]:
            pairs.append((news[c], olds[r]))
            r, c = r + 1, c + 1
        elif score[r][c] == score[r + 1][c]:
            r += 1
        else:
            c += 1
    return pairs


def _greedy_pairs(
    olds: list[int], news: list[int], bags: _Bags, threshold: float, in_place: bool = False
) -> list[tuple[int, int]]:
    """Most similar pairs first; candidates come from shared words (or all, when few)."""
    candidates: list[tuple[float, int, int]] = []
    sim = bags.sim_in_place if in_place else bags.sim
    if len(olds) * len(news) <= _DP_CELLS:
        for n in news:
            for o in olds:
                s = sim(o, n)
                if s >= threshold:
                    candidates.append((-s, n, o))
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
            found = [o for o, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:50]]
            if bags.is_short("n", n):
                found.extend(short_olds[:50])
            for o in sorted(set(found)):
                s = sim(o, n)
                if s >= threshold:
                    candidates.append((-s, n, o))
    candidates.sort()
    taken_o: set[int] = set()
    taken_n: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, n, o in candidates:
        if n not in taken_n and o not in taken_o:
            taken_n.add(n)
            taken_o.add(o)
            pairs.append((n, o))
    return pairs


def _similar_anywhere(
    old: Sequence[str],
    new: Sequence[str],
    match: list[int | None],
    used: list[bool],
    bags: _Bags,
) -> None:
    olds = [o for o in range(len(old)) if not used[o]]
    news = [n for n in range(len(new)) if match[n] is None]
    if not olds or not news:
        return
    for n, o in _greedy_pairs(olds, news, bags, MOVED):
        match[n], used[o] = o, True


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
