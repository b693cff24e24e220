"""Per-cue refinement after the global fit: a cue start snaps to the speech onset it belongs
to when exactly one onset lies within a window of its fitted time, else keeps the fitted time.

An onset is a rise of the speech signal after a pause, followed by sustained speech. The
global fit matches whole stretches of speech, so it can sit a few tens of ms off the onsets
as a whole: the median distance of clear onsets from their fitted starts first re-anchors
every cue (the model's offsets move by it), then each clear cue snaps to its own onset.

Onsets are the starts of the detector's (webrtcvad's) first speech frames, placed to the ms
where the speech-band energy shows a sharp rise (captions.sync.onset). Measured: on the
synthetic talk the placed onsets sit a median 0 ms from the first audible sample (p95 3 ms;
the frame starts alone, 8 ms early); on the recorded voices of tests/voices.py the energy
rises at the detector's frame start or a few ms later, 20-30 ms after the forced aligners'
word starts (their 25 ms analysis windows see a sound before it starts: no energy rise is
there to find, in the 80-1000 Hz band either).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from captions.sync.centre import centre_shift
from captions.sync.model import FRAME_MS
from captions.sync.onset import Energies, refine_onsets

#: Look for the onset within this of the fitted start (ms) ...
WINDOW_MS = 250
#: ... after at least this much silence (ms) ...
MIN_PAUSE_MS = 150
#: ... followed by sustained speech: this share of the next SUSTAIN_MS is speech.
SUSTAIN_MS = 300
SUSTAIN_SHARE = 0.9
#: Snaps smaller than this (ms) are not worth a change.
MIN_MOVE_MS = 20
#: Fewer clear onsets than this cannot re-anchor the fit: no refinement.
MIN_CLEAR = 3
#: The fit is re-anchored on the onsets by at most this much (ms).
MAX_BIAS_MS = 100

Ints = npt.NDArray[np.int64]


def onsets_ms(speech: npt.NDArray[np.bool_]) -> Ints:
    """Times (ms) where speech starts after at least MIN_PAUSE_MS of silence and goes on."""
    flags = speech.astype(np.int8)
    rises = np.flatnonzero(np.diff(flags) == 1) + 1
    falls = np.flatnonzero(np.diff(flags) == -1) + 1
    previous_fall = np.searchsorted(falls, rises, side="right") - 1
    pause = np.where(previous_fall >= 0, rises - falls[np.maximum(previous_fall, 0)], rises)
    prefix = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
    ahead = SUSTAIN_MS // FRAME_MS
    ends = np.minimum(rises + ahead, len(flags))
    sustained = prefix[ends] - prefix[rises] >= SUSTAIN_SHARE * ahead
    keep = (pause * FRAME_MS >= MIN_PAUSE_MS) & sustained
    result: Ints = rises[keep].astype(np.int64) * FRAME_MS
    return result


def snap_starts(
    fitted: list[int],
    speech: npt.NDArray[np.bool_],
    energy: Energies | None = None,
    ends: list[int] | None = None,
) -> tuple[int, dict[int, int]]:
    """Re-anchor and snap fitted starts to clear onsets: (bias, {index: move}).

    When the fitted cues' `ends` bound the speech as their starts do (with `energy`), `bias`
    (ms, added to every start) is the shift that centres the speech in the cues
    (captions.sync.centre) and no start is snapped: the file keeps its own lead-in before the
    onsets. Measured on the recorded voices, snapping on top moved a cue 62 ms off its
    reference (a p95 of 47 ms against 16 ms without).

    Otherwise a start is clear when exactly one onset lies within WINDOW_MS of it. With
    `energy` (the 1 ms speech-band energy), onsets are placed to the ms where their rise is
    sharp (captions.sync.onset); only those are snapped to, and they alone set the bias when
    there are MIN_CLEAR of them (a gradual rise, e.g. a word starting on a breathy sound,
    leaves the detector's frame tens of ms after the word). `bias` is the median distance
    from clear starts to their onsets: what the fit's detector convention differs from the
    onsets by. Each clear start then moves the rest of the way to its onset (`move`, on top
    of the bias) when that is at least MIN_MOVE_MS.
    """
    centre = None
    if energy is not None and ends is not None and fitted:
        centre = centre_shift(
            np.asarray(fitted, dtype=np.int64), np.asarray(ends, dtype=np.int64), energy
        )
    if centre is not None:
        return int(np.clip(centre, -MAX_BIAS_MS, MAX_BIAS_MS)), {}
    onsets, sharp = refine_onsets(energy, onsets_ms(speech))
    if not len(onsets) or not fitted:
        return 0, {}
    times = np.asarray(fitted, dtype=np.int64)
    lo = np.searchsorted(onsets, times - WINDOW_MS, side="left")
    hi = np.searchsorted(onsets, times + WINDOW_MS, side="right")
    clear = np.flatnonzero(hi - lo == 1)
    if len(clear) < MIN_CLEAR:
        return 0, {}
    deltas = onsets[lo[clear]] - times[clear]
    snappable = sharp[lo[clear]]
    anchors = deltas[snappable] if np.count_nonzero(snappable) >= MIN_CLEAR else deltas
    bias = int(np.clip(np.median(anchors), -MAX_BIAS_MS, MAX_BIAS_MS))
    moves: dict[int, int] = {}
    for index, delta in zip(clear[snappable].tolist(), deltas[snappable].tolist(), strict=True):
        move = delta - bias
        if MIN_MOVE_MS <= abs(move) <= WINDOW_MS and fitted[index] + delta >= 0:
            moves[index] = move
    return bias, moves
