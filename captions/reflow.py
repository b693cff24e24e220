"""Text layout for `tidy`: a cue's raw text as words, balanced line wrapping, and where to cut
a long text into several cues.

Words are cut from pysubs2's raw text (SSA markup): whitespace, ``\\N`` and ``\\n`` separate
them; an override block ``{...}`` stays with the word it touches (a block alone between spaces
joins the next word), ``\\h`` (hard space) never breaks. Widths count visible characters, as
pysubs2's ``plaintext`` does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple

_BLOCK = re.compile(r"{[^}]*}")
_TOKEN = re.compile(r"(?P<sep>(?:\s|\\[Nn])*)(?P<word>(?:{[^}]*}|\\(?![Nn])|[^\s\\])+)")
_SPACES = re.compile(r"(\s+)")
_LINE_BREAK = re.compile(r"\\[Nn]|\n")
#: Words ending a sentence or a clause: preferred places to cut a cue in two.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_CLAUSE_END = re.compile(r"[,;:–—][\"'”’»)\]]*$")
#: How much a sentence / clause end may pull a cut away from the balanced position, as a
#: fraction of the average piece length.
_SENTENCE_BONUS = 0.3
_CLAUSE_BONUS = 0.15


class Word(NamedTuple):
    """One word of raw cue text: what separated it from the previous one, its raw text (override
    blocks included) and its visible width."""

    sep: str
    text: str
    width: int


def visible(raw: str) -> str:
    """Raw SSA text as shown (override blocks removed, ``\\h`` as a space), breaks kept raw."""
    return _BLOCK.sub("", raw).replace("\\h", " ")


def words_of(raw: str) -> list[Word]:
    """The words of `raw`; a zero-width word (override blocks only) is glued to a neighbour."""
    if "{" not in raw and "\\" not in raw:  # plain text: split at whitespace
        parts = _SPACES.split(raw)
        if not parts[0]:
            parts = parts[1:] if len(parts) > 1 else []
        else:
            parts.insert(0, "")
        return [
            Word(parts[i], parts[i + 1], len(parts[i + 1]))
            for i in range(0, len(parts) - 1, 2)
            if parts[i + 1]
        ]
    return _parse_words(raw)


def _parse_words(raw: str) -> list[Word]:
    """`words_of` for text with markup."""
    words: list[Word] = []
    pending = ""  # zero-width words waiting for the next word
    pending_sep: str | None = None
    for match in _TOKEN.finditer(raw):
        sep, text = match.group("sep"), match.group("word")
        width = len(visible(text)) if "{" in text or "\\h" in text else len(text)
        if width == 0:
            if pending_sep is None:
                pending_sep = sep
            pending += text
            continue
        if pending_sep is not None:
            sep, text = pending_sep, pending + text
            pending, pending_sep = "", None
        words.append(Word(sep, text, width))
    if pending_sep is not None:
        if words:
            last = words[-1]
            words[-1] = Word(last.sep, last.text + pending, last.width)
        else:
            words.append(Word(pending_sep, pending, 0))
    return words


def reading_chars(raw: str) -> int:
    """Visible characters of `raw`, line breaks excluded (what reading speed is measured on)."""
    return len(_LINE_BREAK.sub("", visible(raw)))


def line_widths(raw: str) -> list[tuple[int, bool]]:
    """Each displayed line of `raw`: its visible width (outer spaces stripped) and whether it
    could be broken (it holds a space that is not a hard space)."""
    result = []
    for line in _LINE_BREAK.split(_BLOCK.sub("", raw)):
        stripped = line.strip()
        result.append((len(stripped.replace("\\h", " ")), any(c.isspace() for c in stripped)))
    return result


def needs_reflow(raw: str, max_line_chars: int, max_lines: int) -> bool:
    """Whether `raw` has more than `max_lines` lines or a breakable line that is too long."""
    lines = line_widths(raw)
    return len(lines) > max_lines or any(w > max_line_chars and b for w, b in lines)


def greedy_lines(words: Sequence[Word], max_line_chars: int) -> int:
    """Fewest lines that hold `words` at `max_line_chars` (a longer word gets a line alone)."""
    if not words:
        return 0
    lines, current = 1, words[0].width
    for word in words[1:]:
        if current + 1 + word.width <= max_line_chars:
            current += 1 + word.width
        else:
            lines, current = lines + 1, word.width
    return lines


def fits(words: Sequence[Word], max_line_chars: int, max_lines: int) -> bool:
    """Whether `words` can be laid out in `max_lines` lines of `max_line_chars`."""
    return greedy_lines(words, max_line_chars) <= max_lines


def wrap(words: Sequence[Word], max_line_chars: int) -> str:
    """`words` in as few lines as possible, with line widths as even as possible (least sum of
    squared widths), joined with ``\\N``."""
    if not words:
        return ""
    count = greedy_lines(words, max_line_chars)
    if count == 1:
        return " ".join(w.text for w in words)
    n = len(words)
    prefix = [0, *accumulate(w.width for w in words)]
    if count == 2:  # the common case, directly: the most even feasible break
        total = prefix[n] + n - 1
        best_i, best_cost = 1, math.inf
        for i in range(1, n):
            top = prefix[i] + i - 1
            bottom = total - top - 1
            if (top <= max_line_chars or i == 1) and (bottom <= max_line_chars or i == n - 1):
                cost = top * top + bottom * bottom
                if cost < best_cost:
                    best_i, best_cost = i, cost
        top_line = " ".join(w.text for w in words[:best_i])
        return top_line + "\\N" + " ".join(w.text for w in words[best_i:])
    # best[j][i]: cost of the first i words in j lines; back[j][i]: where line j starts.
    best = [[math.inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for j in range(1, count + 1):
        row, prev = best[j], best[j - 1]
        for i in range(j, n + 1):
            a = i - 1
            while a >= j - 1:
                width = prefix[i] - prefix[a] + (i - a - 1)
                if width > max_line_chars and i - a > 1:
                    break
                total_cost = prev[a] + width * width
                if total_cost < row[i]:
                    row[i], back[j][i] = total_cost, a
                a -= 1
    lines: list[str] = []
    i = n
    for j in range(count, 0, -1):
        a = back[j][i]
        lines.append(" ".join(w.text for w in words[a:i]))
        i = a
    return "\\N".join(reversed(lines))


def join(words: Sequence[Word]) -> str:
    """`words` with their original separators (the first word's dropped)."""
    if not words:
        return ""
    return words[0].text + "".join(w.sep + w.text for w in words[1:])


def blocks(words: Sequence[Word]) -> str:
    """The override blocks in `words`, in order: carried to the pieces cut after them."""
    return "".join(m.group() for w in words for m in _BLOCK.finditer(w.text))


def _bonus(word: Word) -> float:
    text = visible(word.text)
    if _SENTENCE_END.search(text):
        return _SENTENCE_BONUS
    if _CLAUSE_END.search(text):
        return _CLAUSE_BONUS
    return 0.0


def cuts(
    words: Sequence[Word],
    pieces: int,
    *,
    max_width: float | None = None,
    max_line_chars: int | None = None,
    max_lines: int | None = None,
) -> list[int]:
    """Indices where pieces 2..`pieces` begin: near equal text shares, pulled towards sentence
    and clause ends. A cut that keeps the piece before it within `max_width` visible characters
    (and within the line limits, when given) wins over one that does not.
    """
    n = len(words)
    pieces = max(1, min(pieces, n))
    prefix = [0, *accumulate(w.width for w in words)]
    total = prefix[n]
    share = total / pieces if total else 1.0
    result: list[int] = []
    prev = 0
    for j in range(1, pieces):
        ideal = total * j / pieces
        last = n - (pieces - j)  # leave a word for each later piece
        best_i, best_key = prev + 1, (True, float("inf"))
        lines, current = 1, words[prev].width  # greedy layout of words[prev:i]
        i = prev + 1
        while i <= last:
            ok = max_width is None or prefix[i] - prefix[prev] <= max_width
            if max_line_chars is not None and max_lines is not None:
                ok = ok and lines <= max_lines
            score = abs(prefix[i] - ideal) / share - _bonus(words[i - 1])
            key = (not ok, score)
            if key < best_key:
                best_i, best_key = i, key
            if not ok or prefix[i] > ideal + share / 2:
                break  # later cuts are only longer and further from the ideal
            if i < n and max_line_chars is not None:
                if current + 1 + words[i].width <= max_line_chars:
                    current += 1 + words[i].width
                else:
                    lines, current = lines + 1, words[i].width
            i += 1
        result.append(best_i)
        prev = best_i
    return result
