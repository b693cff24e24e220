"""An auto-sync proposal keeps times before 0 (issue 11: timing edits compose into one
transform of the original times; only writing a file clamps them at 0, and counts them)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pysubs2
import pytest

from captions.cli import main
from captions.formats import load
from captions.sync import SpeechSignal, sync
from player.editing.autosync import proposal_edit

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "samples" / "talk.opus"
TALK_SRT = ROOT / "samples" / "talk.srt"


def flags(runs: list[tuple[int, int]], length_ms: int) -> np.ndarray:
    speech = np.zeros(length_ms // 10, dtype=np.bool_)
    for start, end in runs:
        speech[start // 10 : end // 10] = True
    return speech


def regular_speech(count: int) -> tuple[list[int], SpeechSignal]:
    gaps = np.random.default_rng(7).integers(2400, 4000, count)
    times = [int(t) for t in 2000 + np.cumsum(gaps) // 10 * 10]
    length = times[-1] + 3000
    return times, SpeechSignal(flags([(t, t + 1500) for t in times], length), length)


def test_a_proposal_keeps_times_before_zero_and_counts_them(tmp_path: Path) -> None:
    """Captions 3 s late, with a first cue (no speech of its own) at 1 s: the proposal puts it
    at -2 s, says one cue starts before 0, and writing the file clamps it there."""
    times, speech = regular_speech(20)
    subs = pysubs2.SSAFile()
    subs.append(pysubs2.SSAEvent(start=1000, end=1400, text="music"))
    for t in times:
        subs.append(pysubs2.SSAEvent(start=t + 3000, end=t + 4500, text="word " * 4))
    path = tmp_path / "late.srt"
    subs.save(str(path))
    result = sync(load(path), speech)
    assert result.offset_ms == -3000, result.summary
    assert result.timing.starts[0] == -2000 and result.timing.ends[0] == -1600
    assert result.clamped == 1
    edit = proposal_edit(result, load(path).timing)
    assert edit.after.starts[0] == -2000 and edit.clamped == 1


def test_the_command_writes_a_proposal_before_zero_from_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the talk: captions 3 s late with a cue at 0.5 s that maps to -2.5 s."""
    track = load(TALK_SRT)
    subs = pysubs2.SSAFile()
    subs.append(pysubs2.SSAEvent(start=500, end=900, text="music"))
    for event in track.events:
        subs.append(
            pysubs2.SSAEvent(start=event.start + 3000, end=event.end + 3000, text=event.text)
        )
    path, out = tmp_path / "late.srt", tmp_path / "fixed.srt"
    subs.save(str(path))
    capsys.readouterr()
    assert main(["sync", str(TALK), str(path), str(out)]) == 0
    printed = capsys.readouterr().out
    # "music"; the talk's first cue, at 0 s, lands on 0 exactly (onsets placed to the ms).
    assert "1 clamped at 0" in printed, printed
    written = load(out)
    assert written.events[0].start == 0 and written.events[1].start == 0
