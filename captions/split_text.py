"""Where an ASS text splits in two: at the word gap nearest a point, keeping override tags.

Texts are pysubs2's (ASS syntax for every format): `{...}` blocks are tags, `\\N`/`\\n` line
breaks and `\\h` a hard space, so a split never cuts inside a tag and a copy of a cue keeps its
leading tags (`{\\an8}` ...).
"""

from __future__ import annotations

import re

#: Leading override blocks (`{\an8}{\i1}`, or a kept SRT/VTT tag `{<font ...>}`) that a copy
#: of a cue keeps; a brace block that is neither is text in SRT/VTT (`{was}`), so not kept.
_LEADING_TAGS = re.compile(r"^(?:\{[\\<][^}]*\})+")


def leading_tags(text: str) -> str:
    """The override blocks at the very start of an ASS text (`{\\an8}` …), or ``""``."""
    match = _LEADING_TAGS.match(text)
    return match.group(0) if match else ""


def _plain_positions(text: str) -> tuple[str, list[int], list[int]]:
    """Plaintext of an ASS text (as `SSAEvent.plaintext`) with, for each plain character, the
    raw index where it starts and the raw index just after it."""
    plain: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "{":
            close = text.find("}", i + 1)
            if close != -1:
                i = close + 1
                continue
        if ch == "\\" and i + 1 < n and text[i + 1] in "hnN":
            plain.append(" " if text[i + 1] == "h" else "\n")
            starts.append(i)
            ends.append(i + 2)
            i += 2
            continue
        plain.append(ch)
        starts.append(i)
        ends.append(i + 1)
        i += 1
    return "".join(plain), starts, ends


def _word_gap_near(plain: str, target: float) -> tuple[int, int]:
    """The whitespace run of `plain` nearest to character position `target`, as [p, q).

    Without inner whitespace the split falls at whichever end of the text is nearer."""
    best: tuple[int, int] | None = None
    best_distance = 0.0
    for match in re.finditer(r"\s+", plain):
        p, q = match.span()
        if p == 0 or q == len(plain):
            continue
        distance = abs((p + q) / 2 - target)
        if best is None or distance < best_distance:
            best, best_distance = (p, q), distance
    if best is not None:
        return best
    end = len(plain)
    return (0, 0) if target < end / 2 else (end, end)


def split_text(text: str, fraction: float, text_pos: int | None = None) -> tuple[str, str]:
    """Split an ASS text in two at the word gap nearest `fraction` of its plaintext, or at
    plaintext position `text_pos` (the cursor, when editing). Whitespace at the cut is
    dropped; override tags stay with the words they precede, and leading tags go to both."""
    plain, starts, ends = _plain_positions(text)
    n = len(plain)
    if text_pos is None:
        p, q = _word_gap_near(plain, fraction * n)
    else:
        p = q = max(0, min(n, text_pos))
        while p > 0 and plain[p - 1].isspace():
            p -= 1
        while q < n and plain[q].isspace():
            q += 1
    first = text[: starts[p]] if p < n else text
    second = text[ends[q - 1] :] if q > 0 else text
    prefix = leading_tags(text)
    if prefix and not second.startswith(prefix):
        second = prefix + second
    return first, second
