"""Deterministic generator of large resolution-style Markdown documents for the diff benchmark.

A document is a sequence of blocks in the style of a legal code or a resolution:
article headings (``## Стаття 12. …``, now and then a ``# Розділ IV. …``), paragraphs of
20–80 words, numbered and bulleted lists introduced by a paragraph (some items with nested
sub-items) and occasional tables. Words mix Cyrillic (Ukrainian and Russian legal vocabulary)
and Latin (abbreviations, technical terms, numbers). Every heading, paragraph, list item,
nested item and table is one clause for :func:`resolution_vcs.parse`; ``N`` clauses come out
at about 400 bytes each (10,000 clauses ≈ 4 MB).

:func:`revise` makes a second version: about 5% of clauses edited (a few words replaced,
inserted or deleted inside the clause), 1% new clauses inserted, 1% deleted and 1% moved
elsewhere. The same ``N`` and seed always give the same two files.

Usage::

    python benchmarks/generate.py N OUT_OLD OUT_NEW [--seed S]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Short function words: frequent, as in real text.
FUNCTION_WORDS = (
    "та і й що для на у в з до від не або чи як це які яка якщо при після під через щодо "
    "и в на по с о об за из к от до или а но же как что который при также согласно"
).split()

#: Cyrillic content words of legal and library texts (Ukrainian and Russian).
CYRILLIC_WORDS = (
    "інформація інформації публічної розпорядник розпорядники розпорядників запит запиту "
    "запитувач запитувача доступ доступу органи органів влади суб'єкти суб'єктів владних "
    "повноважень порядок порядку закон закону законом рішення рішень відповідь відповіді "
    "строк строку документ документів форма форми оскарження комісія комісії ради положення "
    "пункт пункту частина частини статті статтею забезпечення здійснення право права кожного "
    "громадян юридичних осіб фізичних місцевого самоврядування державної обов'язків оприлюднення "
    "оприлюднює надання надається визначених встановленому відповідно вимог вимогами "
    "електронній письмовій усній службових осіб конфіденційної таємної службової "
    "обмеженим обмеження персональних даних захисту захист уповноважений Верховної Ради України "
    "Кабінету Міністрів громадськості контролю звіту звітів щорічно протягом робочих днів "
    "резолюция форум форума библиотека библиотеки библиотек модельных участники участников "
    "регионов региона округа федерального организаций проекты проектов программы сотрудничества "
    "развития поддержки культуры населения власти муниципальных образований учреждений "
    "конференции научно-практической межрегиональной рекомендовать рекомендуется обеспечить "
    "продолжить развивать организовать провести предусмотреть содействовать финансирования "
    "комплектования фондов обслуживания пользователей читателей специалистов квалификации "
    "повышения кадрового потенциала цифровой трансформации информационных технологий ресурсов "
    "доступности услуг качества мероприятий деятельности опыта практики инициатив Псковской "
    "области Северо-Запада Министерства культуры Российской Федерации ассоциации сообщества"
).split()

#: Latin-script words: abbreviations and technical terms found in such texts.
LATIN_WORDS = (
    "open data GDPR ISO 27001 API e-mail online Internet PDF XML JSON URL CC-BY Creative "
    "Commons Wi-Fi QR-код ID EU UNESCO IFLA digital repository metadata license portal "
    "BiblioMODEL OPAC MARC21 RUSMARC Z39.50 DOI ORCID HTTPS SSL Web-сайт e-government"
).split()

#: Words of article and section titles.
TITLE_WORDS = (
    "Публічна інформація Розпорядники Запит на Порядок оскарження Відповідальність Строки "
    "розгляду запитів Обмеження доступу Оприлюднення Гарантії забезпечення права Контроль "
    "Финансирование Развитие библиотек Цифровые сервисы Кадровое обеспечение Сотрудничество"
).split()

TABLE_HEADERS = (
    ("Показник", "Значення", "Примітка"),
    ("Мероприятие", "Срок", "Ответственный"),
    ("Вид інформації", "Строк", "Форма", "Підстава"),
)

ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()

#: Relative frequency of the word pools (function, Cyrillic, Latin, number).
POOL_WEIGHTS = (30, 58, 7, 5)


@dataclass
class Item:
    """A list item (one clause) with its nested sub-items (one clause each)."""

    text: str
    children: list[str] = field(default_factory=list)

    @property
    def clauses(self) -> int:
        return 1 + len(self.children)


@dataclass
class Block:
    """A top-level block: heading, paragraph, list or table."""

    kind: str  # "heading" | "paragraph" | "list" | "table"
    text: str = ""
    level: int = 2
    ordered: bool = False
    nested_ordered: bool = False
    items: list[Item] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def clauses(self) -> int:
        if self.kind == "list":
            return sum(item.clauses for item in self.items)
        return 1


@dataclass(frozen=True)
class Tables:
    """How often tables come (the share of paragraphs that introduce one rather than a
    paragraph of their own or a list) and how many rows they have."""

    share: float = 0.1
    rows: tuple[int, int] = (3, 8)


#: A legal code's tables (schedules of rates, terms and bodies): of 10 to 40 rows; 3,400
#: clauses make a code of about 1.5 MB.
CODE_TABLES = Tables(rows=(10, 40))


class Words:
    """A seeded source of words, sentences and numbers."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._pools = (FUNCTION_WORDS, CYRILLIC_WORDS, LATIN_WORDS)
        cumulative, total = [], 0
        for weight in POOL_WEIGHTS:
            total += weight
            cumulative.append(total)
        self._cum = cumulative

    def word(self) -> str:
        """One word from the mixed pools."""
        pool = self.rng.choices(range(4), cum_weights=self._cum)[0]
        if pool == 3:
            return self.number()
        return self.rng.choice(self._pools[pool])

    def number(self) -> str:
        """A number, a date or a reference such as ``№ 4652-VI``."""
        rng = self.rng
        kind = rng.randrange(4)
        if kind == 0:
            return str(rng.randint(1, 99))
        if kind == 1:
            return f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1995, 2024)}"
        if kind == 2:
            return f"№ {rng.randint(10, 4999)}-{rng.choice(ROMAN)}"
        return str(rng.randint(2000, 2024))

    def sentence_words(self, count: int) -> list[str]:
        """``count`` words with a capital first word and a comma here and there."""
        out = [self.word() for _ in range(count)]
        out[0] = out[0][:1].upper() + out[0][1:]
        for i in range(2, count - 1):
            if self.rng.random() < 0.07:
                out[i] += ","
        return out

    def text(self, low: int, high: int, end: str = ".") -> str:
        """Between ``low`` and ``high`` words in one or more sentences ending with ``end``."""
        count = self.rng.randint(low, high)
        parts: list[str] = []
        while count > 0:
            size = min(count, self.rng.randint(8, 30))
            if count - size < 4:
                size = count
            sentence = self.sentence_words(size)
            parts.append(" ".join(sentence) + (end if count == size else "."))
            count -= size
        return " ".join(parts)

    def title(self) -> str:
        """Three to six title words."""
        words = [self.rng.choice(TITLE_WORDS) for _ in range(self.rng.randint(3, 6))]
        return " ".join(words)


class Generator:
    """Builds the blocks of one document of exactly ``n`` clauses."""

    def __init__(self, n: int, seed: int, tables: Tables | None = None) -> None:
        self.n = n
        self.tables = tables or Tables()
        self.rng = random.Random(seed)
        self.words = Words(self.rng)
        self.article = 0
        self.section = 0

    def document(self) -> list[Block]:
        """The blocks, heading first; their clauses add up to ``n``."""
        blocks: list[Block] = []
        left = self.n - 1  # the document's title is a clause too
        while left > 0:
            for block in self.article_blocks(left):
                blocks.append(block)
                left -= block.clauses
        return blocks

    def article_blocks(self, left: int) -> list[Block]:
        """One article: an optional section heading, the article heading and its parts."""
        rng = self.rng
        out: list[Block] = []
        if self.article % 12 == 0 and left >= 2:
            self.section += 1
            numeral = ROMAN[(self.section - 1) % len(ROMAN)]
            out.append(Block("heading", f"Розділ {numeral}. {self.words.title().upper()}", 1))
            left -= 1
        self.article += 1
        out.append(Block("heading", f"Стаття {self.article}. {self.words.title()}", 2))
        left -= 1
        for _ in range(rng.randint(1, 4)):
            if left <= 0:
                break
            part = self.part(left)
            out.extend(part)
            left -= sum(b.clauses for b in part)
        return out

    def part(self, left: int) -> list[Block]:
        """A paragraph, or a paragraph introducing a list or a table."""
        roll = self.rng.random()
        intro = Block("paragraph", self.words.text(20, 80))
        if left < 3 or roll < 0.5:
            return [intro]
        intro.text = self.words.text(20, 45, end=":")
        if roll < 1 - self.tables.share / 2:
            return [intro, self.list_block(left - 1)]
        return [intro, self.table()]

    def list_block(self, budget: int) -> Block:
        """A numbered or bulleted list of at most ``budget`` clauses."""
        rng = self.rng
        block = Block("list", ordered=rng.random() < 0.6, nested_ordered=rng.random() < 0.3)
        used = 0
        for _ in range(rng.randint(2, 6)):
            if used >= budget:
                break
            item = Item(self.words.text(12, 50, end=";"))
            used += 1
            if rng.random() < 0.15:
                for _ in range(rng.randint(1, 3)):
                    if used >= budget:
                        break
                    item.children.append(self.words.text(6, 25, end=";"))
                    used += 1
            block.items.append(item)
        return block

    def table(self) -> Block:
        """A table: a header and as many rows as ``self.tables`` says."""
        header = list(self.rng.choice(TABLE_HEADERS))
        rows = [header]
        for _ in range(self.rng.randint(*self.tables.rows)):
            rows.append([self.words.text(1, 5, end="") for _ in header])
        return Block("table", rows=rows)


def render(blocks: list[Block]) -> str:
    """The Markdown of a document: a title, then the blocks separated by blank lines."""
    parts = ["# Резолюція / Резолюция: Code of Public Information (benchmark)"]
    parts.extend(_render_block(block) for block in blocks)
    return "\n\n".join(parts) + "\n"


def _render_block(block: Block) -> str:
    if block.kind == "heading":
        return f"{'#' * block.level} {block.text}"
    if block.kind == "paragraph":
        return block.text
    if block.kind == "table":
        lines = [_row(block.rows[0]), _row(["---"] * len(block.rows[0]))]
        lines.extend(_row(row) for row in block.rows[1:])
        return "\n".join(lines)
    lines = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}." if block.ordered else "-"
        lines.append(f"{marker} {item.text}")
        indent = " " * (len(marker) + 1)
        for sub, child in enumerate(item.children, start=1):
            sub_marker = f"{sub}." if block.nested_ordered else "-"
            lines.append(f"{indent}{sub_marker} {child}")
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def generate(n: int, seed: int = 1, tables: Tables | None = None) -> list[Block]:
    """The blocks of a document of ``n`` clauses (deterministic for ``n``, ``seed`` and
    ``tables``)."""
    return Generator(n, seed, tables).document()


# --- the second version ---------------------------------------------------------------------


class Reviser:
    """Applies word edits, insertions, deletions and moves to a copy of the blocks."""

    def __init__(self, blocks: list[Block], seed: int) -> None:
        self.blocks = [_copy(b) for b in blocks]
        self.rng = random.Random(seed)
        self.words = Words(self.rng)

    def run(self, edit: float, insert: float, delete: float, move: float) -> list[Block]:
        """Edit ``edit`` of the clauses in place, then delete, move and insert clauses."""
        n = sum(b.clauses for b in self.blocks)
        self.edit_clauses(round(n * edit))
        self._repeat(round(n * delete), self.delete_one)
        self._repeat(round(n * move), self.move_one)
        self._repeat(round(n * insert), self.insert_one)
        return self.blocks

    @staticmethod
    def _repeat(count: int, step: Callable[[], int]) -> None:
        """Call ``step`` (which returns how many clauses it touched) until ``count`` is done."""
        done = 0
        while done < count:
            done += step()

    def edit_clauses(self, count: int) -> None:
        """Change a few words inside ``count`` distinct clauses."""
        slots = self._text_slots()
        for index in sorted(self.rng.sample(range(len(slots)), min(count, len(slots)))):
            get, put, keep = slots[index]
            put(self.edit_words(get(), keep))

    def _text_slots(self) -> list[tuple[Callable[[], str], Callable[[str], None], int]]:
        """Every clause as (read its text, write its text, words at the start to keep)."""
        slots: list[tuple[Callable[[], str], Callable[[str], None], int]] = []
        for block in self.blocks:
            if block.kind in ("heading", "paragraph"):
                keep = 2 if block.kind == "heading" else 1
                slots.append((_getter(block, "text"), _setter(block, "text"), keep))
            elif block.kind == "table":
                slots.append(self._table_slot(block))
            else:
                for item in block.items:
                    slots.append((_getter(item, "text"), _setter(item, "text"), 1))
                    for k in range(len(item.children)):
                        slots.append(_child_slot(item, k))
        return slots

    def _table_slot(self, block: Block) -> tuple[Callable[[], str], Callable[[str], None], int]:
        row = block.rows[self.rng.randrange(1, len(block.rows))]
        col = self.rng.randrange(len(row))

        def put(text: str) -> None:
            row[col] = text

        return (lambda: row[col]), put, 0

    def edit_words(self, text: str, keep: int) -> str:
        """One to three word operations: replace, insert (1–3 words) or delete (1–2 words)."""
        rng = self.rng
        words = text.split(" ")
        for _ in range(rng.randint(1, 3)):
            if len(words) - keep < 3:
                words.append(self.words.word())
                continue
            at = rng.randrange(keep, len(words) - 1)
            op = rng.randrange(3)
            if op == 0:
                words[at] = self.words.word()
            elif op == 1:
                words[at:at] = [self.words.word() for _ in range(rng.randint(1, 3))]
            else:
                del words[at : at + rng.randint(1, 2)]
        return " ".join(words)

    def delete_one(self) -> int:
        """Delete one paragraph or list item; returns the clauses removed (0 if none fit)."""
        taken = self._take_unit()
        return 0 if taken is None else _clauses_of(taken)

    def move_one(self) -> int:
        """Take one paragraph or list item out and put it back elsewhere."""
        taken = self._take_unit()
        if taken is None:
            return 0
        self._put_unit(taken)
        return _clauses_of(taken)

    def insert_one(self) -> int:
        """Insert a new paragraph or a new list item."""
        if self.rng.random() < 0.5:
            self._put_unit(Block("paragraph", self.words.text(20, 80)))
        else:
            self._put_unit(Item(self.words.text(12, 50, end=";")))
        return 1

    def _take_unit(self) -> Block | Item | None:
        """Remove a random paragraph (not one introducing a list or table) or list item."""
        rng, blocks = self.rng, self.blocks
        i = rng.randrange(len(blocks))
        block = blocks[i]
        if block.kind == "paragraph":
            follows = blocks[i + 1].kind if i + 1 < len(blocks) else "heading"
            if follows in ("list", "table"):
                return None
            return blocks.pop(i)
        if block.kind == "list" and len(block.items) > 1:
            k = rng.randrange(len(block.items))
            if block.items[k].children and rng.random() < 0.7:
                return None  # prefer single clauses so the shares stay near their targets
            return block.items.pop(k)
        return None

    def _put_unit(self, unit: Block | Item) -> None:
        """Insert a paragraph before a heading or paragraph, an item into a random list."""
        rng, blocks = self.rng, self.blocks
        while True:
            i = rng.randrange(len(blocks))
            block = blocks[i]
            if isinstance(unit, Block) and block.kind in ("heading", "paragraph") and i > 0:
                blocks.insert(i, unit)
                return
            if isinstance(unit, Item) and block.kind == "list":
                block.items.insert(rng.randrange(len(block.items) + 1), unit)
                return


def _clauses_of(unit: Block | Item) -> int:
    return unit.clauses


def _copy(block: Block) -> Block:
    return Block(
        block.kind,
        block.text,
        block.level,
        block.ordered,
        block.nested_ordered,
        [Item(item.text, list(item.children)) for item in block.items],
        [list(row) for row in block.rows],
    )


def _getter(obj: object, name: str) -> Callable[[], str]:
    return lambda: str(getattr(obj, name))


def _setter(obj: object, name: str) -> Callable[[str], None]:
    return lambda value: setattr(obj, name, value)


def _child_slot(item: Item, k: int) -> tuple[Callable[[], str], Callable[[str], None], int]:
    def put(text: str) -> None:
        item.children[k] = text

    return (lambda: item.children[k]), put, 1


def revise(
    blocks: list[Block],
    seed: int = 1,
    edit: float = 0.05,
    insert: float = 0.01,
    delete: float = 0.01,
    move: float = 0.01,
) -> list[Block]:
    """A second version of ``blocks`` (which are left as they are)."""
    return Reviser(blocks, seed + 1_000_003).run(edit, insert, delete, move)


def write_pair(
    n: int, old_path: Path, new_path: Path, seed: int = 1, tables: Tables | None = None
) -> tuple[int, int]:
    """Write the two versions of an ``n``-clause document; returns their sizes in bytes."""
    blocks = generate(n, seed, tables)
    old_text, new_text = render(blocks), render(revise(blocks, seed))
    old_path.parent.mkdir(parents=True, exist_ok=True)
    new_path.parent.mkdir(parents=True, exist_ok=True)
    old_path.write_text(old_text, encoding="utf-8")
    new_path.write_text(new_text, encoding="utf-8")
    return len(old_text.encode("utf-8")), len(new_text.encode("utf-8"))


def main(argv: list[str] | None = None) -> None:
    """Command line: ``generate.py N OUT_OLD OUT_NEW [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, metavar="N", help="number of clauses")
    parser.add_argument("out_old", type=Path, metavar="OUT_OLD")
    parser.add_argument("out_new", type=Path, metavar="OUT_NEW")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--code-tables",
        action="store_true",
        help="tables as a legal code has them: of 10 to 40 rows",
    )
    args = parser.parse_args(argv)
    tables = CODE_TABLES if args.code_tables else None
    old_size, new_size = write_pair(args.n, args.out_old, args.out_new, args.seed, tables)
    print(f"{args.out_old}: {old_size:,} bytes; {args.out_new}: {new_size:,} bytes")


if __name__ == "__main__":
    main()
