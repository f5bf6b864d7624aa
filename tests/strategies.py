"""Hypothesis strategies for Markdown documents and their edits."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = st.sampled_from(
    "резолюция форум библиотек СЗФО СФЗО Культура проект рекомендовать modern library "
    "council item 2022 17 марта «Гений места» – — , . ; : ( ) * _ ` [ ] < > & \\ # | ·".split()
)
INLINE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@st.composite
def blocks(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            [
                "para",
                "heading",
                "bullets",
                "numbers",
                "nested",
                "quote",
                "table",
                "fence",
                "anchor",
                "rule",
                "html",
            ]
        )
    )
    if kind == "para":
        lines = draw(st.lists(INLINE, min_size=1, max_size=3))
        return "\n".join(lines)
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + draw(INLINE)
    if kind == "bullets":
        marker = draw(st.sampled_from(["-", "*", "+"]))
        return "\n".join(f"{marker} {t}" for t in draw(st.lists(INLINE, min_size=1, max_size=4)))
    if kind == "numbers":
        start = draw(st.integers(1, 12))
        items = draw(st.lists(INLINE, min_size=1, max_size=4))
        return "\n".join(f"{start + i}. {t}" for i, t in enumerate(items))
    if kind == "nested":
        outer = draw(st.lists(INLINE, min_size=1, max_size=3))
        inner = draw(st.lists(INLINE, min_size=1, max_size=3))
        out = []
        for i, t in enumerate(outer):
            out.append(f"{i + 1}. {t}")
            if i == 0:
                out.extend(f"   - {x}" for x in inner)
        return "\n".join(out)
    if kind == "quote":
        return "\n".join("> " + t for t in draw(st.lists(INLINE, min_size=1, max_size=3)))
    if kind == "table":
        rows = draw(st.lists(st.tuples(WORDS, WORDS), min_size=1, max_size=3))
        return "| a | b |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    if kind == "fence":
        return "```\n" + draw(INLINE) + "\n```"
    if kind == "anchor":
        return "[]{#n" + str(draw(st.integers(1, 999))) + "}\n" + draw(INLINE)
    if kind == "rule":
        return "---"
    return "<div>\n" + draw(INLINE) + "\n</div>"


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    parts = draw(st.lists(blocks(), min_size=0, max_size=10))
    seps = draw(
        st.lists(
            st.sampled_from(["\n\n", "\n\n\n", "\n"]), min_size=len(parts), max_size=len(parts)
        )
    )
    text = "".join(p + s for p, s in zip(parts, seps, strict=True))
    if draw(st.booleans()):
        text = text.rstrip("\n")
    return text


@st.composite
def edited_documents(draw: st.DrawFn) -> tuple[str, str]:
    """A Markdown document and an edited copy: blocks changed, inserted, deleted, moved."""
    parts = draw(st.lists(blocks(), min_size=1, max_size=10))
    new = list(parts)
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["edit", "insert", "delete", "move"]))
        if action == "insert" or not new:
            new.insert(draw(st.integers(0, len(new))), draw(blocks()))
        elif action == "delete":
            new.pop(draw(st.integers(0, len(new) - 1)))
        elif action == "move":
            block = new.pop(draw(st.integers(0, len(new) - 1)))
            new.insert(draw(st.integers(0, len(new))), block)
        else:
            i = draw(st.integers(0, len(new) - 1))
            words = new[i].split(" ")
            j = draw(st.integers(0, len(words) - 1))
            words[j] = draw(WORDS)
            new[i] = " ".join(words)
    return "\n\n".join(parts) + "\n", "\n\n".join(new) + "\n"


LIST = "1. {a}\n1. {b}\n1. {c}\n\n"


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A text and its next versions, each made by block edits and by line edits
    that change how neighbouring blocks parse; some committed with plain git."""
    parts = draw(st.lists(blocks(), min_size=1, max_size=8))
    if draw(st.booleans()):  # a list numbered "1. 1. 1.": numbers come from the first item
        parts.insert(0, LIST.format(a=draw(INLINE), b=draw(INLINE), c=draw(INLINE)).strip())
    versions = []
    for _ in range(draw(st.integers(1, 4))):
        parts = list(parts)
        for _ in range(draw(st.integers(1, 3))):
            action = draw(
                st.sampled_from(["edit", "insert", "delete", "move", "join", "fence", "setext"])
            )
            i = draw(st.integers(0, len(parts) - 1))
            if action == "insert" or len(parts) == 1:
                parts.insert(draw(st.integers(0, len(parts))), draw(blocks()))
            elif action == "delete":
                parts.pop(i)
            elif action == "move":
                block = parts.pop(i)
                parts.insert(draw(st.integers(0, len(parts))), block)
            elif action == "join" and i + 1 < len(parts):  # no blank line between two blocks
                parts[i : i + 2] = [parts[i] + "\n" + parts[i + 1]]
            elif action == "fence":  # an unclosed fence swallows what follows
                parts.insert(i, "```")
            elif action == "setext":
                parts[i] = parts[i] + "\n---"
            else:
                words = parts[i].split(" ")
                j = draw(st.integers(0, len(words) - 1))
                words[j] = draw(INLINE)
                parts[i] = " ".join(words)
        how = draw(st.sampled_from(["revise", "revise", "revise", "hand"]))
        versions.append(("\n\n".join(parts) + "\n", how))
    return versions


@st.composite
def recurring_histories(draw: st.DrawFn) -> list[str]:
    """Versions of a text made of paragraphs from one small pool: paragraphs
    deleted in one version come back, word for word, in a later one."""
    pool = draw(st.lists(INLINE, min_size=2, max_size=6, unique=True))
    versions = []
    for _ in range(draw(st.integers(2, 6))):
        chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
        versions.append("\n\n".join(f"Para {text}" for text in chosen) + "\n")
    return versions
