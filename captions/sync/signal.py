"""The captions' side of the match: when each cue is probably being spoken, per 10 ms frame.

Whisper-style transcripts have no gaps (each cue ends where the next starts), so a cue's
spoken part is estimated from its text at a typical speaking rate, capped by its own end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from captions.sync.model import FRAME_MS
from captions.track import Track

#: Typical speaking rate (characters per second, spaces and punctuation included).
SPEAKING_CPS = 15.0
#: The first SURE_SHARE of the estimate counts as speech, up to MAYBE_SHARE as perhaps speech:
#: only cue starts then mark sharp edges, so errors of the estimate cannot bias the offset.
SURE_SHARE = 0.6
MAYBE_SHARE = 1.4
#: After the spoken part, silence is expected for at most this long (ms): a long gap between
#: cues may hide speech that lost its captions.
SILENT_MS = 2000
#: Just before a cue starts is expected to be silent (ms).
LEAD_IN_MS = 200
#: Shortest spoken part assumed for a cue with text (ms).
MIN_SPOKEN_MS = 300

_SPACE = re.compile(r"\s+")

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Cues:
    """Cues that carry text, sorted by start: start and estimated spoken length (ms)."""

    starts: Floats
    spoken: Floats

    def __len__(self) -> int:
        return len(self.starts)


def spoken_ms(text: str, slot_ms: int) -> float:
    """How long `text` takes to say at SPEAKING_CPS, at least MIN_SPOKEN_MS, at most the cue's
    own length `slot_ms` (when it has one)."""
    estimate = max(MIN_SPOKEN_MS, len(_SPACE.sub(" ", text).strip()) * 1000 / SPEAKING_CPS)
    return min(estimate, slot_ms) if slot_ms > 0 else estimate


def caption_cues(track: Track) -> Cues:
    """The track's spoken cues (not comments, not empty), sorted by start."""
    rows = sorted(
        (e.start, spoken_ms(e.plaintext, e.end - e.start))
        for e in track.events
        if not e.is_comment and e.plaintext.strip()
    )
    starts = np.array([r[0] for r in rows], dtype=np.float64)
    spoken = np.array([r[1] for r in rows], dtype=np.float64)
    return Cues(starts, spoken)


@dataclass(frozen=True, eq=False)
class Spans:
    """Each cue's stretch of the caption signal in frames under some speed, in order: silent
    lead-in from `lead`, surely spoken from `on` to `mid`, perhaps still spoken (the estimate's
    error) until `unsure`, silent again until `off`; nothing is expected from there to the next
    cue's lead-in."""

    lead: Ints
    on: Ints
    mid: Ints
    unsure: Ints
    off: Ints

    def part(self, lo: int, hi: int) -> Spans:
        """The spans of cues lo..hi-1."""
        return Spans(*(a[lo:hi] for a in (self.lead, self.on, self.mid, self.unsure, self.off)))


def spans(cues: Cues, speed: float) -> Spans:
    """Frame spans of every cue with its times multiplied by `speed`."""
    scale = speed / FRAME_MS
    on = np.rint(cues.starts * scale).astype(np.int64)
    sure = np.rint((cues.starts + cues.spoken * SURE_SHARE) * scale).astype(np.int64)
    maybe = np.rint((cues.starts + cues.spoken * MAYBE_SHARE) * scale).astype(np.int64)
    lead_frames = round(LEAD_IN_MS * scale)
    gaps = np.diff(on)
    lead = on - np.minimum(lead_frames, np.append(lead_frames, gaps // 2))
    following = np.append(lead[1:], maybe[-1:])
    mid = np.clip(sure, on, following)
    unsure = np.clip(maybe, mid, following)
    off = np.minimum(following, unsure + round(SILENT_MS * scale))
    return Spans(lead, on, mid, unsure, off)


#: The signal's value from each span edge to the next: lead-in, sure, unsure, silent, nothing.
_PIECE_VALUES = np.array([-1.0, 1.0, 0.0, -1.0, 0.0])


def caption_signal(cues: Cues, speed: float, frames: int = 1) -> tuple[Floats, int]:
    """The captions as a signal from time 0, one value per `frames` 10 ms frames: +1 where a
    cue is surely being spoken, -1 where silence is expected (lead-ins, after the spoken
    part), 0 where nothing is known; a value over several frames is their mean. Also returns
    how many 10 ms frames carry a value (+1 or -1)."""
    sp = spans(cues, speed)
    knots = np.stack((sp.lead, sp.on, sp.mid, sp.unsure, sp.off), axis=1).ravel()
    values = np.tile(_PIECE_VALUES, len(cues))
    lengths = np.diff(knots, append=knots[-1:])
    integral = np.concatenate(([0.0], np.cumsum(values * lengths)))[:-1]
    size = -(-int(knots[-1]) // frames) + 1
    edges = np.arange(size + 1, dtype=np.float64) * frames
    signal = np.diff(np.interp(edges, knots, integral)) / frames
    return signal, int(np.sum(lengths[values != 0]))
