"""Auto-sync's joint model on the whole 42-minute talk (decoded once), the per-cue snap to
speech onsets, real voices fetched from PyPI packages, progress and cancelling, and the bounds
on the search (memory, cue count, --max-offset against the media's length).

The talk's speech starts exactly on each cue's timestamp in samples/talk.srt: that is the truth.
"""

from __future__ import annotations

import os
import tracemalloc
import wave
from io import StringIO
from pathlib import Path

import numpy as np
import pysubs2
import pytest

from captions.cli import main
from captions.formats import load, save
from captions.sync import SpeechSignal, SyncError, SyncOptions, decode_speech, engine, splits, sync
from captions.sync.progress import Progress
from captions.sync.refine import onsets_ms, snap_starts
from captions.track import Track
from tests import voices

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "samples" / "talk.opus"
TALK_SRT = ROOT / "samples" / "talk.srt"
#: Captions that run 0.07 % fast: the audio is 1.0007 times as long.
DRIFT_SCALE = repr(1 / 1.0007)


def cli(*args: str | Path) -> int:
    return main([str(a) for a in args])


@pytest.fixture(scope="module")
def talk() -> SpeechSignal:
    """The whole talk's speech signal (one decode for this module)."""
    return decode_speech(TALK)


def drifted(out: Path, cut: bool) -> Path:
    """+4.35 s with speed 1.0007, and with `cut` 2 s more from 10:00 on."""
    shifted, scaled = out.with_suffix(".a.srt"), out.with_suffix(".b.srt")
    assert cli("shift", TALK_SRT, shifted, "--by", "4.35s") == 0
    assert cli("retime", shifted, scaled if cut else out, "--scale", DRIFT_SCALE) == 0
    if cut:
        assert cli("shift", scaled, out, "--by", "2s", "--from", "10:00") == 0
    return out


def start_errors(starts: tuple[int, ...]) -> np.ndarray:
    return np.abs(np.array(starts) - np.array(load(TALK_SRT).timing.starts))


# --- the joint model on the whole talk ------------------------------------------------------


def test_drift_is_found_as_one_straight_line(talk: SpeechSignal, tmp_path: Path) -> None:
    result = sync(load(drifted(tmp_path / "drift.srt", cut=False)), talk)
    errors = start_errors(result.timing.starts)
    assert np.median(errors) <= 20 and np.percentile(errors, 95) <= 60, result.summary
    assert result.cuts == [], result.summary
    assert result.speed == pytest.approx(1.0007, abs=2e-5)
    assert result.offset_ms == pytest.approx(-4350, abs=30)
    assert "speed 1.0007 (the audio runs 0.07 % slower), no cuts" in result.summary


def test_drift_and_a_cut_are_found_together(talk: SpeechSignal, tmp_path: Path) -> None:
    result = sync(load(drifted(tmp_path / "drift-cut.srt", cut=True)), talk)
    errors = start_errors(result.timing.starts)
    assert np.median(errors) <= 20 and np.percentile(errors, 95) <= 60, result.summary
    assert len(result.cuts) == 1, result.summary
    cut = result.cuts[0]
    assert cut.source_start_ms is not None and 600_000 <= cut.source_start_ms <= 620_000
    assert cut.offset_ms - result.offset_ms == pytest.approx(-2000, abs=30)
    assert result.speed == pytest.approx(1.0007, abs=2e-5)
    assert "1 cut (at 10:" in result.summary


def test_the_command_prints_the_model_in_plain_words(
    talk: SpeechSignal, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = drifted(tmp_path / "cmd.srt", cut=False)
    out = tmp_path / "fixed.srt"
    capsys.readouterr()
    assert cli("sync", TALK, bad, out) == 0
    printed = capsys.readouterr()
    assert "offset -4.3" in printed.out and "speed 1.0007 (the audio runs 0.07 % slower)" in (
        printed.out
    )
    assert "no cuts" in printed.out
    # Not a terminal: progress comes as plain lines on stderr, no carriage returns.
    assert "sync: decoding 100 %" in printed.err and "\r" not in printed.err
    assert np.median(start_errors(load(out).timing.starts)) <= 20


# --- per-cue refinement ---------------------------------------------------------------------


def flags(*runs: tuple[int, int], length_ms: int = 20_000) -> np.ndarray:
    speech = np.zeros(length_ms // 10, dtype=np.bool_)
    for start, end in runs:
        speech[start // 10 : end // 10] = True
    return speech


def test_onsets_need_a_pause_before_and_speech_that_goes_on() -> None:
    speech = flags((1000, 2000), (2100, 3000), (5000, 5100), (5400, 7000), (9000, 9500))
    # 2100 follows a 100 ms pause; 5000 is a 100 ms blip (5400 after it is clear).
    assert onsets_ms(speech).tolist() == [1000, 5400, 9000]


def test_cue_starts_snap_to_their_own_onsets_and_unclear_ones_stay() -> None:
    speech = flags((1000, 2000), (4000, 5000), (8000, 9000), (12_000, 13_000), (15_000, 15_300))
    speech |= flags((15_450, 16_000))
    # Fitted starts: three 40 ms late, one 100 ms early, one between two onsets 450 ms apart.
    fitted = [1040, 4040, 8040, 11_900, 15_250]
    bias, moves = snap_starts(fitted, speech)
    assert bias == -40  # the fit sat 40 ms late as a whole
    assert moves == {3: 140}  # 11_900 - 40 + 140 = 12_000; 12_150 has two onsets in reach


def irregular(count: int, seed: int) -> list[int]:
    """Speech onsets 2.4 to 4 s apart, at random."""
    gaps = np.random.default_rng(seed).integers(2400, 4000, count)
    return [int(t) for t in 2000 + np.cumsum(gaps) // 10 * 10]


def test_result_marks_refined_cues_and_how_far_they_moved(tmp_path: Path) -> None:
    times = irregular(20, 5)
    speech = flags(*[(t, t + 1500) for t in times], length_ms=times[-1] + 3000)
    signal = SpeechSignal(speech, times[-1] + 3000)
    subs = pysubs2.SSAFile()
    for k, t in enumerate(times):
        late = 120 if k == 5 else 0  # one cue sits 120 ms late against its neighbours
        subs.append(pysubs2.SSAEvent(start=t + 1000 + late, end=t + 2500, text="word " * 4))
    path = tmp_path / "jitter.srt"
    subs.save(str(path))
    result = sync(load(path), signal)
    assert result.offset_ms == pytest.approx(-1000, abs=20)
    assert result.refined.get(5) == pytest.approx(-120, abs=20), result.refined
    assert result.timing.starts[5] == times[5]
    assert "snapped to the speech" in result.summary
    plain = sync(load(path), signal, SyncOptions(refine=False))
    assert plain.refined == {} and plain.timing.starts[5] != times[5]


# --- real voices ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def librivox(tmp_path_factory: pytest.TempPathFactory) -> voices.Voice:
    found = voices.voice("librivox", tmp_path_factory.mktemp("voices"))
    if found is None:
        pytest.skip("cannot fetch pocketsphinx's sdist with pip (offline?): no real voice")
    return found


def test_a_real_voice_syncs_within_its_stated_error(librivox: voices.Voice, tmp_path: Path) -> None:
    """Five LibriVox readings (30 s), cues moved +2.3 s with speed 1.0008: every start comes
    back within 60 ms of the reference word times, median within 40 ms."""
    subs = librivox.subtitles()
    for event in subs:
        event.start, event.end = (
            round(event.start * 1.0008 + 2300),
            round(event.end * 1.0008 + 2300),
        )
    path = tmp_path / "reading.srt"
    subs.save(str(path))
    result = sync(load(path), decode_speech(librivox.wav))
    errors = np.abs(np.array(result.timing.starts) - np.array([c[0] for c in librivox.cues]))
    assert np.median(errors) <= 40 and errors.max() <= 60, (result.summary, errors)


# --- bounds ---------------------------------------------------------------------------------


def many_cues(count: int, every_ms: int) -> Track:
    subs = pysubs2.SSAFile()
    for k in range(count):
        subs.append(
            pysubs2.SSAEvent(start=k * every_ms, end=k * every_ms + every_ms // 2, text="ab")
        )
    return Track(subs, "srt")


def test_the_search_memory_stays_bounded_with_many_cues() -> None:
    """20,000 cues and a 5-minute offset range: the prefix table alone would be 480 MB."""
    rng = np.random.default_rng(3)
    speech = SpeechSignal(rng.random(60_000) < 0.5, 600_000)
    track = many_cues(20_000, 30)
    tracemalloc.start()
    try:
        with pytest.raises(SyncError, match="do not match"):
            sync(track, speech, SyncOptions(max_offset_ms=300_000, drift=False, refine=False))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= engine.SEARCH_BYTES, peak


def test_grouped_table_finds_the_same_model(monkeypatch: pytest.MonkeyPatch) -> None:
    times = irregular(90, 8)
    speech = flags(*[(t, t + 1500) for t in times], length_ms=times[-1] + 3000)
    scorer = splits.Scorer(speech)
    track = many_cues(len(times), 1000)
    for event, t in zip(track.events, times, strict=True):
        event.start, event.end, event.text = t + 400, t + 1900, "x" * 22  # 1.5 s of speech
    cues = engine.caption_cues(track)
    whole = splits.fit(cues, scorer, 1.0, 2000, True)
    monkeypatch.setattr(splits, "TABLE_CELLS", 20_000)
    monkeypatch.setattr(splits, "CHUNK_CELLS", 5_000)
    grouped = splits.fit(cues, scorer, 1.0, 2000, True)
    assert whole.lags == (-40,), whole
    assert (grouped.lags, grouped.scores) == (whole.lags, whole.scores)


def test_too_many_cues_are_refused_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    speech = SpeechSignal(np.ones(60_000, dtype=np.bool_), 600_000)
    with pytest.raises(SyncError, match=r"too many cues to align \(50,001; at most 50,000\)"):
        sync(many_cues(50_001, 10), speech)


def test_cues_beyond_the_media_are_left_out_of_the_search() -> None:
    """A million cues, most of them hours past the end of a 10-minute recording."""
    speech = SpeechSignal(np.zeros(60_000, dtype=np.bool_), 600_000)
    speech.speech[::3] = True
    track = many_cues(1_000_000, 1000)
    cues = engine._reachable(engine.caption_cues(track), speech, 60_000)
    assert len(cues) == (600_000 + 60_000) * 4 // 3 // 1000 + 1


def write_tone(path: Path, seconds: int) -> Path:
    t = np.arange(seconds * 16_000) / 16_000
    pcm = (np.sin(2 * np.pi * 220 * t) * 8000 * (np.sin(2 * np.pi * 0.5 * t) > 0)).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(pcm.tobytes())
    return path


def test_max_offset_beyond_the_media_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    media = write_tone(tmp_path / "tone.wav", 20)
    captions = tmp_path / "c.srt"
    save(many_cues(10, 2000), captions)
    out = tmp_path / "never.srt"
    capsys.readouterr()
    assert cli("sync", media, captions, out, "--max-offset", "50h") == 2
    errors = [
        line for line in capsys.readouterr().err.splitlines() if not line.startswith("sync: ")
    ]
    assert len(errors) == 1 and "--max-offset" in errors[0] and "longer than the media" in errors[0]
    assert not out.exists()


def test_help_states_the_memory_bound(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli("sync", "--help")
    text = " ".join(capsys.readouterr().out.split())
    assert "256 MB plus 1 MB per minute of media" in text
    assert "beyond the media's length" in text


# --- progress and cancelling ----------------------------------------------------------------


def test_progress_draws_a_bar_on_a_terminal_and_lines_otherwise() -> None:
    bar, lines = StringIO(), StringIO()
    for stream, terminal in ((bar, True), (lines, False)):
        progress = Progress(stream, terminal=terminal)
        for k in range(21):
            progress.fraction(k / 20)
        progress.stage("fitting")
    assert bar.getvalue().count("\r") == 21 and "[" + "#" * 30 + "] 100 %" in bar.getvalue()
    assert lines.getvalue().splitlines()[:3] == [
        "sync: decoding 0 %",
        "sync: decoding 10 %",
        "sync: decoding 20 %",
    ]
    assert lines.getvalue().endswith("sync: fitting ...\n")


def test_ctrl_c_cancels_with_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    media = write_tone(tmp_path / "tone.wav", 20)
    captions = tmp_path / "c.srt"
    save(many_cues(10, 2000), captions)
    out = tmp_path / "never.srt"

    def interrupt(self: Progress, done: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "fraction", interrupt)
    assert cli("sync", media, captions, out) == 130
    assert "cancelled; nothing written" in capsys.readouterr().err
    assert not out.exists()
    assert sorted(os.listdir(tmp_path)) == ["c.srt", "tone.wav"]
