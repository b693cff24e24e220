"""Word stamps: a cue's text with its word times written in, for VTT, enhanced LRC and ASS.

A transform of the cue text before writing, so it works with any writer: VTT gets timestamp
tags (`word <00:00:01.500>word`), LRC the enhanced-LRC `<mm:ss.xx>` before each word, ASS
karaoke `{\\kNN}` durations (centiseconds, from each word's start to the next's).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from captions.track import Track, WordTime

#: Formats that can carry word stamps.
STAMP_FORMATS = frozenset({"vtt", "lrc", "ass", "ssa"})


def _vtt_time(ms: int) -> str:
    hours, rest = divmod(max(0, ms), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _lrc_time(ms: int) -> str:
    centis = round(max(0, ms) / 10)
    minutes, centis = divmod(centis, 6000)
    seconds, centis = divmod(centis, 100)
    return f"{minutes:02d}:{seconds:02d}.{centis:02d}"


def vtt_text(words: tuple[WordTime, ...], cue_start_ms: int) -> str:
    """`first <t2>second <t3>third`: a tag before each word after the cue starts."""
    parts: list[str] = []
    for word in words:
        late = word.start_ms > cue_start_ms and parts
        # `{<...>}`: the model's form of a kept VTT tag, so the writer puts it out as a tag
        # (bare `<` in cue text is escaped as `&lt;`).
        parts.append(f"{{<{_vtt_time(word.start_ms)}>}}{word.text}" if late else word.text)
    return " ".join(parts)


def lrc_text(words: tuple[WordTime, ...], cue_start_ms: int) -> str:
    """Enhanced LRC: `<mm:ss.xx>` before every word."""
    return " ".join(f"<{_lrc_time(w.start_ms)}>{w.text}" for w in words)


def ass_text(words: tuple[WordTime, ...], cue_start_ms: int) -> str:
    """Karaoke: a lead-in `{\\kN}` when the first word starts late, then each word's duration
    to the next word's start (the last to its own end)."""
    parts = []
    lead = round((words[0].start_ms - cue_start_ms) / 10) if words else 0
    if lead > 0:
        parts.append(f"{{\\k{lead}}}")
    for i, word in enumerate(words):
        until = words[i + 1].start_ms if i + 1 < len(words) else word.end_ms
        centis = max(0, round((until - word.start_ms) / 10))
        parts.append(f"{{\\k{centis}}}{word.text}" + (" " if i + 1 < len(words) else ""))
    return "".join(parts)


_WRITERS: dict[str, Callable[[tuple[WordTime, ...], int], str]] = {
    "vtt": vtt_text,
    "lrc": lrc_text,
    "ass": ass_text,
    "ssa": ass_text,
}


def with_word_stamps(track: Track, fmt: str) -> Track:
    """A copy of `track` whose cues with word times carry them in their text, for `fmt`.

    The words are the cue's own tokens, so line breaks inside a cue become spaces there.
    Raises ValueError for a format that has no word stamps.
    """
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ValueError(f"{fmt} has no word stamps; write vtt, lrc or ass for --word-stamps")
    stamped = copy.copy(track)
    stamped.subs = copy.deepcopy(track.subs)
    stamped.word_times = dict(track.word_times)
    for index, words in track.word_times.items():
        if words and index < len(stamped.subs.events):
            event = stamped.subs.events[index]
            event.text = writer(words, event.start)
    stamped.changed()
    return stamped
