"""One model found jointly: offset, a continuous speed and cuts, chosen by a penalised fit.

Each candidate speed (1.0 and the best of the coarse scan, which includes the frame-rate
ratios) starts a fit: cuts by binary segmentation at that speed, then the speed refined with
every segment keeping its own offset, then the cuts found again at the new speed. The models
compete on agreement minus what they cost: `CUT_COST_FRAMES` per cut and `SPEED_COST` for a
speed other than 1, so a straight line beats four steps when it explains the speech as well.
"""

from __future__ import annotations

import itertools

import numpy as np

from captions.sync.align import REFINE_STEP, REFINE_STEPS, Scorer, exact_speeds, snap_tolerance
from captions.sync.model import FRAME_MS
from captions.sync.signal import Cues
from captions.sync.splits import CUT_COST_FRAMES, Fit, fit, score_cues

#: Rounds of "refine the speed, find the cuts again".
ROUNDS = 3
#: Lag search around each segment's lag while the speed is refined (fine frames).
LAG_RADIUS = 12
#: Wider steps first: the speed is refined at these multiples of REFINE_STEP.
SCALES = (8, 1)


def penalised(model: Fit, cues: Cues) -> float:
    """The model's agreement minus the cost of its cuts and of a speed other than 1."""
    speed_cost = 0 if model.speed == 1.0 else snap_tolerance(cues)
    return model.score - CUT_COST_FRAMES * model.cuts - speed_cost


def _segment_score(cues: Cues, scorer: Scorer, model: Fit, speed: float) -> int:
    """Agreement of `model`'s segments at `speed`, each at its best lag near its own."""
    total = 0
    bounds = [*model.firsts, len(cues)]
    for (lo, hi), lag in zip(itertools.pairwise(bounds), model.lags, strict=True):
        centre = float(np.mean(cues.starts[lo:hi]))
        shift = round((model.speed - speed) * centre / FRAME_MS)
        lags = np.arange(-LAG_RADIUS, LAG_RADIUS + 1, dtype=np.int64) + lag + shift
        total += int(score_cues(scorer, cues, speed, lo, hi, lags).max())
    return total


def refine_speed(cues: Cues, scorer: Scorer, model: Fit) -> float:
    """The speed that best fits `model`'s segments; an exact speed (1.0 or a frame-rate ratio)
    near the best is kept unless the best beats it clearly."""
    speed = model.speed
    for scale in SCALES:
        grid = [speed + k * scale * REFINE_STEP for k in range(-REFINE_STEPS, REFINE_STEPS + 1)]
        scored = [(_segment_score(cues, scorer, model, s), s) for s in grid]
        speed = max(scored)[1]
    best = _segment_score(cues, scorer, model, speed)
    reach = REFINE_STEPS * REFINE_STEP
    for exact in sorted(exact_speeds(), key=lambda s: abs(s - speed)):
        if abs(exact - speed) > reach:
            break
        if _segment_score(cues, scorer, model, exact) >= best - snap_tolerance(cues):
            return exact
    return speed


def best_model(
    cues: Cues, scorer: Scorer, starts: list[float], max_lag: int, split: bool, drift: bool
) -> Fit:
    """The best penalised model over the starting speeds."""
    models: list[Fit] = []
    for start in dict.fromkeys(starts):
        model = fit(cues, scorer, start, max_lag, split)
        models.append(model)
        if not drift:
            continue
        for _ in range(ROUNDS):
            speed = refine_speed(cues, scorer, model)
            if speed == model.speed:
                break
            model = fit(cues, scorer, speed, max_lag, split)
            models.append(model)
    return max(models, key=lambda m: penalised(m, cues))
