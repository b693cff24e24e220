"""Which audio windows to align with which words: runs of cues in one window, then single cues
again where a window's edge cut into speech.

A run of consecutive cues is aligned as one utterance (up to `CHUNK_MS` of audio): a boundary
between two cues is then a boundary between two words inside the utterance, where pocketsphinx
is accurate, instead of a window edge that may hold the neighbour's speech. Only a run's first
and last words meet an edge; when they touch it (a word starting on the window's first frame
may have swallowed the previous cue's last sounds), that cue is aligned again alone, in a window
bounded by its neighbours' aligned words.

A run's window reaches `pad_ms` past its last cue's end, which in a start-only transcript is
the next cue's start: the next cue's first words are nearly always inside it. With no words to
take that speech, pocketsphinx moved the run's last words onto it (and called their own speech
silence), so the next cue's first word is aligned too, as a guard whose times are not kept.
(A guard from the previous cue at a run's start was tried as well, and measured worse.)
"""

from __future__ import annotations

from dataclasses import dataclass

from captions.align.words import Token
from captions.track import Timing

FRAME_MS = 10
PER_MS = 16
#: Longest run of cues aligned as one utterance (ms of audio).
CHUNK_MS = 12000
#: A word this close (ms) to a window edge is taken to touch it.
EDGE_MS = 30
#: When a neighbour cannot bound a cue, its window stops this far past the cue's current time.
FALLBACK_MARGIN_MS = 100
#: Words of the next cue aligned after a padded window's own (see above).
GUARD_WORDS = 1

Times = list[tuple[int, int]]


@dataclass(frozen=True)
class Job:
    """Cues to align in one window: the audio from `offset_ms`, and each cue's words."""

    index: int
    offset_ms: int
    pcm: bytes
    cues: tuple[int, ...]
    counts: tuple[int, ...]
    words: tuple[str, ...]
    #: The next cue's first word(s), aligned after `words` and dropped from the result.
    tail: tuple[str, ...] = ()

    @property
    def end_ms(self) -> int:
        return self.offset_ms + len(self.pcm) // 2 // PER_MS


class Planner:
    """Windows over one recording for a track's cues; `pcm` (16 kHz int16 bytes) is the audio
    decoded so far, set by the caller as decoding goes on."""

    def __init__(self, timing: Timing, cue_tokens: list[list[Token]], pad_ms: int) -> None:
        self.timing = timing
        self.words = [tuple(t.word for t in cue if t.word) for cue in cue_tokens]
        self.pcm: bytes | bytearray = b""
        self.pad_ms = pad_ms
        self._serial = 0

    @property
    def duration_ms(self) -> int:
        """How much audio `pcm` holds so far (ms)."""
        return len(self.pcm) // 2 // PER_MS

    def window(self, lo: int, hi: int, cues: list[int], guard: bool = True) -> Job | None:
        """A job for `cues` over [lo, hi) ms of the audio decoded so far, None if too short;
        with `guard`, the next cue's first words follow theirs."""
        lo, hi = max(0, lo), min(self.duration_ms, hi)
        following = cues[-1] + 1
        tail: tuple[str, ...] = ()
        if guard and following < len(self.words) and self.timing.starts[following] < hi:
            tail = self.words[following][:GUARD_WORDS]
        needed = FRAME_MS * 3 * (sum(len(self.words[i]) for i in cues) + len(tail))
        if hi - lo < needed:
            return None
        self._serial += 1
        pcm = bytes(self.pcm[lo * PER_MS * 2 : hi * PER_MS * 2])
        counts = tuple(len(self.words[i]) for i in cues)
        words = tuple(word for i in cues for word in self.words[i])
        return Job(self._serial, lo, pcm, tuple(cues), counts, words, tail)

    def first_pass(self) -> list[tuple[int, int, list[int]]]:
        """Windows (lo, hi, cues) for runs of consecutive cues with words, each run within
        CHUNK_MS, padded by `pad_ms`; a job is made when the audio up to `hi` is decoded."""
        starts, ends = self.timing.starts, self.timing.ends
        runs: list[list[int]] = []
        for i in range(len(starts)):
            if not self.words[i]:
                continue
            run = runs[-1] if runs else None
            if (
                run is not None
                and run[-1] == i - 1
                and starts[i] >= starts[run[-1]]
                and max(ends[i], starts[i]) - starts[run[0]] <= CHUNK_MS
            ):
                run.append(i)
            else:
                runs.append([i])
        return [
            (
                starts[run[0]] - self.pad_ms,
                max(max(ends[i], starts[i]) for i in run) + self.pad_ms,
                run,
            )
            for run in runs
        ]

    def second_pass(self, jobs: list[Job], found: dict[int, Times | None]) -> list[Job]:
        """Single-cue windows for the cues of failed runs (padded as before) and for cues whose
        words touched a run's window edge (bounded by the neighbours' aligned words)."""
        edges: dict[int, tuple[bool, bool]] = {}
        failed: list[int] = []
        for job in jobs:
            head, tail = found.get(job.cues[0]), found.get(job.cues[-1])
            if head is None or tail is None:
                failed.extend(job.cues)
                continue
            first = job.offset_ms > 0 and head[0][0] <= job.offset_ms + EDGE_MS
            last = job.end_ms < self.duration_ms and tail[-1][1] >= job.end_ms - EDGE_MS
            if first:
                edges[job.cues[0]] = (True, edges.get(job.cues[0], (False, False))[1])
            if last:
                edges[job.cues[-1]] = (edges.get(job.cues[-1], (False, False))[0], True)
        redo = [(i, False, False) for i in failed]
        redo += [(i, first, last) for i, (first, last) in sorted(edges.items())]
        out = []
        for i, first, last in redo:
            start, end = self.timing.starts[i], max(self.timing.ends[i], self.timing.starts[i])
            if not (first or last):
                window = self.window(start - self.pad_ms, end + self.pad_ms, [i])
            else:
                window = self.window(*self._bounds(i, found, edges), [i], guard=False)
            if window is not None:
                out.append(window)
        return out

    def _bounds(
        self, i: int, found: dict[int, Times | None], edges: dict[int, tuple[bool, bool]]
    ) -> tuple[int, int]:
        start, end = self.timing.starts[i], max(self.timing.ends[i], self.timing.starts[i])
        prev, nxt = found.get(i - 1), found.get(i + 1)
        prev_ok = prev is not None and not edges.get(i - 1, (False, False))[1]
        next_ok = nxt is not None and not edges.get(i + 1, (False, False))[0]
        lo = prev[-1][1] if prev is not None and prev_ok else start - FALLBACK_MARGIN_MS
        hi = nxt[0][0] if nxt is not None and next_ok else end + FALLBACK_MARGIN_MS
        return max(lo, start - self.pad_ms), min(hi, end + self.pad_ms)
