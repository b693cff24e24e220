"""Tidy caption timing and text to readable limits (the rules of Subtitle Edit's "fix common
errors" and the Netflix style guide), and count the cues that break them.

Rules, applied to every cue that is not a comment (comments are kept as they are and ignored):

1. **Split** a cue at word boundaries (preferring sentence, then clause punctuation) when
   reflow is on and its text cannot fit in `max_lines` lines of `max_line_chars`, or when it
   lasts longer than `max_duration_ms` and its text could not be read at `max_cps` within
   `max_duration_ms`. It is cut into enough pieces for each to fit and to last at most
   `max_duration_ms`; the cue's time is shared among the pieces in proportion to their visible
   characters, so continuous Whisper-style segments become readable subtitles. Pieces keep the
   event's style and fields; override blocks (``{\\an8}``, ``{\\i1}``...) met before a cut are
   repeated at the start of the next piece. Drawings (``{\\p1}``) are never split or reflowed.
2. **Reflow** (only when both `max_line_chars` and `max_lines` are set): text with more than
   `max_lines` lines or a breakable line longer than `max_line_chars` is re-wrapped into the
   fewest lines, as even as possible, broken at spaces. A single word longer than the limit
   gets a line of its own. Text within the limits is left untouched.
3. **Cap** every duration at `max_duration_ms`; an end before the start becomes the start.
4. **Extend** a cue shorter than `min_duration_ms`, or than its reading time (visible
   characters, line breaks excluded, at `max_cps`), up to that (never past `max_duration_ms`)
   but not past the next cue's start minus `min_gap_ms`.
5. **Gap**: when the next cue starts less than `min_gap_ms` after this one ends, this one's end
   is moved back (never before its start). Starts never move.

"Next cue" means the next in start order (ties in file order). Rules 4 and 5 hold only between
consecutive cues that do not overlap after the cap: overlapping cues (which SRT and ASS allow)
are kept overlapping. The output keeps file order, pieces in place of the cue they came from.
tidy(tidy(x)) == tidy(x). Time is linear in the number of cues (plus a sort when the input is
not in start order) and in the length of the texts it re-wraps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

import pysubs2

from captions import reflow
from captions.reflow import Word


@dataclass(frozen=True)
class TidyLimits:
    """What readable captions stay within (defaults: Netflix / Subtitle Edit)."""

    max_duration_ms: int = 7000
    min_duration_ms: int = 800
    min_gap_ms: int = 80
    max_cps: float = 20.0
    max_line_chars: int | None = None  # reflow only when both are set
    max_lines: int | None = None

    def __post_init__(self) -> None:
        if self.max_duration_ms <= 0:
            raise ValueError("maximum duration must be positive")
        if not 0 <= self.min_duration_ms <= self.max_duration_ms:
            raise ValueError("minimum duration must be between 0 and the maximum duration")
        if self.min_gap_ms < 0:
            raise ValueError("minimum gap must not be negative")
        if not self.max_cps > 0:
            raise ValueError("maximum characters per second must be positive")
        if self.max_line_chars is not None and self.max_line_chars < 1:
            raise ValueError("maximum line length must be at least 1")
        if self.max_lines is not None and self.max_lines < 1:
            raise ValueError("maximum line count must be at least 1")

    @property
    def reflows(self) -> bool:
        """Whether text is re-wrapped (both line limits set)."""
        return self.max_line_chars is not None and self.max_lines is not None

    def reading_ms(self, chars: int) -> int:
        """How long `chars` characters take to read at `max_cps`."""
        return math.ceil(chars * 1000 / self.max_cps)


@dataclass(frozen=True)
class TidyResult:
    """Tidied events (a new list: unchanged events may be the input's objects, changed ones are
    copies), how many input cues changed, and how many cues splitting added."""

    events: list[pysubs2.SSAEvent]
    changed: int
    split: int


def _is_drawing(event: pysubs2.SSAEvent) -> bool:
    return "\\p" in event.text and event.is_drawing


def _split_ranges(
    words: Sequence[Word], start: int, end: int, limits: TidyLimits
) -> list[tuple[int, int, int, int]]:
    """Pieces `(first word, end word, start ms, end ms)` covering `words` and [start, end]."""
    prefix = [0, *accumulate(w.width for w in words)]
    line_chars, max_lines = limits.max_line_chars, limits.max_lines
    max_dur = limits.max_duration_ms
    result: list[tuple[int, int, int, int]] = []
    stack = [(0, len(words), start, end)]
    while stack:
        a, b, s, e = stack.pop()
        part = words[a:b]
        width = prefix[b] - prefix[a]
        chars = width + len(part) - 1
        duration = e - s
        lines_ok = (
            line_chars is None or max_lines is None or reflow.fits(part, line_chars, max_lines)
        )
        too_long = duration > max_dur and chars > limits.max_cps * max_dur / 1000
        if len(part) < 2 or (lines_ok and not too_long):
            result.append((a, b, s, e))
            continue
        k = max(2, math.ceil(duration / max_dur))
        if line_chars is not None and max_lines is not None:
            k = max(k, math.ceil(chars / (line_chars * max_lines)))
        max_width = width * max_dur / duration if duration > 0 else None

        def at(x: int, s: int = s, duration: int = duration, a: int = a, width: int = width) -> int:
            return s + round(duration * (prefix[a + x] - prefix[a]) / width)

        bounds: list[int] = []
        for pieces in (k, k + 1, k + 2):
            bounds = [
                0,
                *reflow.cuts(
                    part,
                    pieces,
                    max_width=max_width,
                    max_line_chars=line_chars,
                    max_lines=max_lines,
                ),
                len(part),
            ]
            if all(
                at(y) - at(x) <= max_dur
                and (
                    line_chars is None
                    or max_lines is None
                    or reflow.fits(part[x:y], line_chars, max_lines)
                )
                for x, y in pairwise(bounds)
            ):
                break
        # Pieces still over a limit are split again; push in reverse to pop in order.
        for x, y in reversed(list(pairwise(bounds))):
            stack.append((a + x, a + y, at(x), at(y)))
    return result


def _text_pass(
    event: pysubs2.SSAEvent, start: int, end: int, limits: TidyLimits
) -> list[tuple[int, int, str]] | None:
    """Pieces `(start, end, text)` for a cue that needs splitting or reflow, else None."""
    text = event.text
    reflows = limits.reflows
    wide = (
        limits.max_line_chars is not None
        and limits.max_lines is not None
        and reflow.needs_reflow(text, limits.max_line_chars, limits.max_lines)
    )
    if not wide and end - start <= limits.max_duration_ms:
        return None
    if _is_drawing(event):
        return None
    words = reflow.words_of(text)
    ranges = _split_ranges(words, start, end, limits)
    if len(ranges) == 1:
        if not wide:
            return None
        assert limits.max_line_chars is not None
        return [(start, end, reflow.wrap(words, limits.max_line_chars))]
    pieces = []
    carried, carried_to = "", 0
    for a, b, s, e in ranges:
        carried += reflow.blocks(words[carried_to:a])
        carried_to = a
        part = words[a:b]
        if reflows:
            assert limits.max_line_chars is not None
            body = reflow.wrap(part, limits.max_line_chars)
        else:
            body = reflow.join(part)
        pieces.append((s, e, carried + body))
    return pieces


def _new_ends(
    starts: Sequence[int], ends: Sequence[int], chars: Sequence[int], limits: TidyLimits
) -> list[int]:
    """Rules 3-5 on cues given by start, end and reading characters."""
    n = len(starts)
    if all(a <= b for a, b in pairwise(starts)):
        order: Sequence[int] = range(n)
    else:
        order = sorted(range(n), key=starts.__getitem__)
    max_dur, min_dur, gap = limits.max_duration_ms, limits.min_duration_ms, limits.min_gap_ms
    result = list(ends)
    for pos, i in enumerate(order):
        start = starts[i]
        end = min(max(ends[i], start), start + max_dur)
        limit: float = math.inf
        if pos + 1 < n:
            next_start = starts[order[pos + 1]]
            if next_start < end:  # overlapping cues stay as they are
                result[i] = end
                continue
            limit = next_start - gap
        wanted = start + min(max_dur, max(min_dur, limits.reading_ms(chars[i])))
        result[i] = max(start, int(min(max(end, wanted), limit)))
    return result


def tidy(events: Sequence[pysubs2.SSAEvent], limits: TidyLimits) -> TidyResult:
    """Apply the module's rules to `events` (left unmodified) and return the tidied list."""
    sources: list[int] = []  # input index of each visible output cue
    out_index: list[int] = []  # its position in the output list
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    output: list[pysubs2.SSAEvent | None] = []
    split = 0
    for index, event in enumerate(events):
        if event.is_comment:
            output.append(event)
            continue
        start = event.start
        end = max(event.end, start)
        pieces = _text_pass(event, start, end, limits)
        if pieces is None:
            pieces = [(start, end, event.text)]
        split += len(pieces) - 1
        for s, e, text in pieces:
            sources.append(index)
            out_index.append(len(output))
            starts.append(s)
            ends.append(e)
            texts.append(text)
            output.append(None)
    chars = [reflow.reading_chars(t) for t in texts]
    new_ends = _new_ends(starts, ends, chars, limits)
    changed: set[int] = set()
    for j, source in enumerate(sources):
        event = events[source]
        start, end, text = starts[j], new_ends[j], texts[j]
        if start == event.start and end == event.end and text == event.text:
            output[out_index[j]] = event
            continue
        changed.add(source)
        copy = event.copy()
        copy.start, copy.end, copy.text = start, end, text
        output[out_index[j]] = copy
    final = [e for e in output if e is not None]
    return TidyResult(final, len(changed), split)


def over_limits(events: Sequence[pysubs2.SSAEvent], limits: TidyLimits) -> dict[str, int]:
    """How many visible cues break each limit: too_long, too_short, too_fast (reading speed),
    gap_too_small (before the next cue in start order, when they do not overlap) and
    lines_too_long (a line over max_line_chars or more than max_lines lines, each when set)."""
    visible = [e for e in events if not e.is_comment]
    counts = dict.fromkeys(
        ("too_long", "too_short", "too_fast", "gap_too_small", "lines_too_long"), 0
    )
    starts = [e.start for e in visible]
    if all(a <= b for a, b in pairwise(starts)):
        order: Sequence[int] = range(len(visible))
    else:
        order = sorted(range(len(visible)), key=starts.__getitem__)
    line_chars, max_lines = limits.max_line_chars, limits.max_lines
    for pos, i in enumerate(order):
        event = visible[i]
        duration = event.end - event.start
        counts["too_long"] += duration > limits.max_duration_ms
        counts["too_short"] += duration < limits.min_duration_ms
        chars = reflow.reading_chars(event.text)
        counts["too_fast"] += chars > 0 and chars * 1000 > limits.max_cps * duration
        if pos + 1 < len(order):
            gap = starts[order[pos + 1]] - max(event.end, event.start)
            counts["gap_too_small"] += 0 <= gap < limits.min_gap_ms
        if line_chars is not None or max_lines is not None:
            lines = reflow.line_widths(event.text)
            counts["lines_too_long"] += (max_lines is not None and len(lines) > max_lines) or (
                line_chars is not None and any(w > line_chars for w, _ in lines)
            )
    return counts
