"""Forced alignment window by window: each window's result is its own (not the worker's
history), the next cue's first word guards a window's end, word starts at clear onsets,
cue starts at sharp rises of speech-band energy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from captions.align.decoder import align_words, make_decoder
from captions.align.engine import AlignOptions, cue_words, force_align
from captions.align.onset import onset_ms
from captions.align.plan import Planner
from captions.align.rise import rise_start
from captions.formats import load
from captions.track import Timing
from tests import align_data


def _mfa_acoustic(tmp_path: Path) -> tuple[np.ndarray, list[list[align_data.RefWord]], Path]:
    """The MFA recording (a human voice) and a start-only transcript of it, cues 150 ms off."""
    try:
        root = align_data.fetch(align_data.MFA)
    except OSError as exc:
        pytest.skip(f"no copy of the MFA test corpus (offline?): {exc}")
    from captions.sync.audio import decode_pcm

    clip = next(c for c in align_data.mfa_clips(root) if c.name == "acoustic_corpus")
    cues = align_data.group_cues(clip.words)
    shifts = [150 if i % 2 else -150 for i in range(len(cues))]
    path = tmp_path / "transcript.txt"
    path.write_text(align_data.transcript(cues, shifts), encoding="utf-8")
    return np.concatenate(list(decode_pcm(clip.audio))), cues, path


def test_a_window_aligns_the_same_whatever_the_decoder_did_before(tmp_path: Path) -> None:
    """pocketsphinx's noise estimate used to carry over from one utterance to the next: the
    same window came out differently on a fresh decoder and after another window."""
    pcm, _, path = _mfa_acoustic(tmp_path)
    track = load(path, media_duration_ms=len(pcm) // 16)
    per_cue, spoken = cue_words(track, AlignOptions())
    planner = Planner(track.timing, per_cue, 500)
    planner.pcm = pcm.tobytes()
    jobs = [planner.window(*window) for window in planner.first_pass()]
    assert len(jobs) >= 2 and all(job is not None for job in jobs)
    fresh = make_decoder(spoken)
    alone = [align_words(fresh, job) for job in reversed(jobs) if job is not None][::-1]
    used = make_decoder(spoken)
    in_order = [align_words(used, job) for job in jobs if job is not None]
    assert alone == in_order
    assert all(times is not None for times in alone)


def test_the_result_does_not_depend_on_the_number_of_workers(tmp_path: Path) -> None:
    pcm, _, path = _mfa_acoustic(tmp_path)
    track = load(path, media_duration_ms=len(pcm) // 16)
    one = force_align(track, pcm, AlignOptions(workers=1))
    two = force_align(track, pcm, AlignOptions(workers=2))
    assert one.timing == two.timing
    assert one.word_times == two.word_times


def _planner(starts: list[int], ends: list[int], words: list[str]) -> Planner:
    from captions.align.words import tokens

    planner = Planner(Timing(tuple(starts), tuple(ends)), [tokens(w) for w in words], 500)
    planner.pcm = bytes(2 * 16 * 20_000)  # 20 s of audio decoded
    return planner


def test_a_run_window_aligns_the_next_cues_first_word_as_a_guard() -> None:
    planner = _planner([1000, 3000, 9000], [3000, 9000, 12000], ["one two", "three four", "five"])
    job = planner.window(500, 3500, [0])
    assert job is not None and job.words == ("one", "two") and job.tail == ("three",)
    # The next cue starts past the window: its speech is not in it, so no guard.
    far = planner.window(2500, 8500, [1])
    assert far is not None and far.tail == ()
    # The last cue has no next one; a window bounded by aligned neighbours takes no guard.
    last = planner.window(8500, 12500, [2])
    bounded = planner.window(3000, 8000, [1], guard=False)
    assert last is not None and last.tail == ()
    assert bounded is not None and bounded.tail == ()


def _speech_after_pause(noise: float, onset: int = 1000) -> np.ndarray:
    """1 s of background, then a 300 ms 200 Hz burst at -12 dBFS, then background again."""
    rng = np.random.default_rng(7)
    pcm = rng.normal(0.0, noise, 16 * 2000)
    t = np.arange(16 * 300) / 16000
    pcm[onset * 16 : onset * 16 + len(t)] += 8000 * np.sin(2 * np.pi * 200 * t)
    return np.clip(pcm, -32768, 32767).astype(np.int16)


def test_a_word_after_a_quiet_pause_starts_at_its_first_audible_sample() -> None:
    pcm = _speech_after_pause(noise=3.0)
    assert onset_ms(pcm, 972, 1300) == 1000  # the frame time was 28 ms early
    assert onset_ms(pcm, 1006, 1300) == 1000  # or up to EARLIER_MS late
    assert onset_ms(pcm, 1015, 1300) == 1015  # the "pause" before holds the sound: kept
    assert onset_ms(pcm, 900, 1300) == 900  # the onset is past LATER_MS: kept


def test_a_word_in_a_noisy_recording_keeps_its_frame_time() -> None:
    pcm = _speech_after_pause(noise=1500.0)  # a background 15 dB under the word
    assert onset_ms(pcm, 972, 1300) == 972


def test_cue_starts_on_a_noisy_real_voice_land_on_the_speech_rise(tmp_path: Path) -> None:
    """MFA's cold_corpus (a hoarse voice over a noise floor): pocketsphinx put some cues' first
    words in the pause before the speech ("um" squeezed into noise, its sound given to the next
    word) or after the speech's first frames; their starts now move to the energy rise."""
    try:
        root = align_data.fetch(align_data.MFA)
    except OSError as exc:
        pytest.skip(f"no copy of the MFA test corpus (offline?): {exc}")
    from captions.sync.audio import decode_pcm

    clip = next(c for c in align_data.mfa_clips(root) if c.name == "cold_corpus")
    cues = align_data.group_cues(clip.words)
    # tests/bench/bench_align.py's jitter (seeded): ±250 ms, as a Whisper transcript's starts.
    shifts = [int(j) for j in np.random.default_rng(len(cues)).integers(-250, 251, len(cues))]
    path = tmp_path / "transcript.txt"
    path.write_text(align_data.transcript(cues, shifts), encoding="utf-8")
    pcm = np.concatenate(list(decode_pcm(clip.audio)))
    track = load(path, media_duration_ms=len(pcm) // 16)
    result = force_align(track, pcm, AlignOptions(workers=1))
    errors = [abs(t - c[0][1]) for t, c in zip(result.timing.starts, cues, strict=True)]
    # Measured: before, 4 of 10 starts were over 50 ms off, [61, 1, 11, 489, 353, 3, 13, 7,
    # 67, 17] ("uh" 61 ms early, "um" 353 early, "and" 67 late); now [10, 1, 10, 489, 0, 10,
    # 13, 0, 0, 17]. The 489 ms is "uh": the reference gives the first of two "uh"s 10 ms
    # and the second the breathy stretch after them, pocketsphinx the breath to the first.
    assert sum(e > 50 for e in errors) <= 1, errors
    assert np.median(errors) <= 20, errors


def _voice_after_pause(click_ms: int | None = None) -> np.ndarray:
    """A noise floor, then from 1000 ms a 300 ms voiced sound 30 dB above it; a 10 ms click."""
    rng = np.random.default_rng(3)
    pcm = rng.normal(0.0, 100.0, 16 * 2000)
    t = np.arange(16 * 300) / 16000
    pcm[16_000 : 16_000 + len(t)] += 3000 * np.sin(2 * np.pi * 440 * t)
    if click_ms is not None:
        pcm[click_ms * 16 : (click_ms + 10) * 16] += 3000 * rng.normal(size=160)
    return np.clip(pcm, -32768, 32767).astype(np.int16)


def test_a_cue_start_moves_to_the_sharp_rise_of_its_speech() -> None:
    pcm = _voice_after_pause()
    words = [(930, 1250), (1250, 1300)]
    assert (
        rise_start(pcm, words, 0) == 980
    )  # 50 ms early: the rise frame (990, its window holds 1000) - 10
    assert rise_start(pcm, [(1080, 1250), (1250, 1300)], 0) == 980  # 80 ms late
    assert rise_start(pcm, words, 1100) is None  # not before the previous cue's last word
    # A click 60 ms before the sound is not the start: one loud frame is no rise.
    assert rise_start(_voice_after_pause(click_ms=940), words, 0) == 980


def test_a_first_word_put_in_the_pause_moves_forward_to_the_speech() -> None:
    pcm = _voice_after_pause()
    # "um" squeezed into the noise 400 ms before the sound, the next word on the sound.
    assert rise_start(pcm, [(600, 660), (990, 1250)], 0) == 980
    # Its neighbour is not looked past: with no sound by the second word's end, it stays.
    assert rise_start(pcm, [(400, 460), (460, 700)], 0) is None
