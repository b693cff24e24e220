"""Auto-sync: the signals, the alignment against the synthetic talk (whose speech starts exactly
on each cue's timestamp), the `captions sync` command and its refusals.

Most cases run on the first 12 minutes of samples/talk.opus, cut into a WAV once per session;
tests/bench/bench_sync.py runs the same damaged copies on the whole talk.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from captions.cli import main
from captions.formats import load, save
from captions.sync import SpeechSignal, SyncError, SyncOptions, SyncSegment, decode_speech, sync
from captions.sync.align import _fast_len, peak_confidence
from captions.sync.audio import decode_pcm, detect_speech
from captions.sync.command import DEFAULT_MAX_OFFSET_MS
from captions.sync.engine import apply_segments
from captions.sync.signal import caption_cues, caption_signal, spans, spoken_ms
from captions.sync.vad import EnergyDetector, make_detector
from captions.track import Timing
from tests.pcm import RATE, first_samples, talk_excerpt, write_wav

ROOT = Path(__file__).resolve().parents[2]
TALK_SRT = ROOT / "samples" / "talk.srt"
EXCERPT_MS = 12 * 60_000

# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync")


@pytest.fixture(scope="session")
def excerpt(work: Path) -> Path:
    """The first 12 minutes of the talk as a 16 kHz WAV."""
    return talk_excerpt(work / "excerpt.wav", EXCERPT_MS)


def excerpt_captions(path: Path, base_ms: int = 0) -> Path:
    """The talk's cues from base_ms to base_ms + 12 min, moved to start at 0."""
    track = load(TALK_SRT)
    events = [e for e in track.events if base_ms <= e.start < base_ms + EXCERPT_MS]
    for event in events:
        event.start -= base_ms
        event.end = min(event.end - base_ms, EXCERPT_MS)
    track.subs.events = events
    track.changed()
    save(track, path)
    return path


@pytest.fixture(scope="session")
def truth(work: Path) -> Path:
    return excerpt_captions(work / "truth.srt")


@pytest.fixture(scope="session")
def speech(excerpt: Path) -> SpeechSignal:
    return decode_speech(excerpt)


def cli(*args: str | Path) -> int:
    return main([str(a) for a in args])


def damaged(truth: Path, out: Path, case: str) -> Path:
    """A damaged copy of the truth, made with the captions CLI as a user would."""
    if case == "offset_plus":
        assert cli("shift", truth, out, "--by", "3.2s") == 0
    elif case == "offset_minus":
        assert cli("shift", truth, out, "--by", "-7.5s") == 0
    elif case == "drift":
        assert cli("retime", truth, out, "--fps", "25:23.976") == 0
    elif case == "split":  # +2 s before 10:00 and +6 s after (10:00 is at 10:02 once shifted)
        middle = out.with_suffix(".mid.srt")
        assert cli("shift", truth, middle, "--by", "2s") == 0
        assert cli("shift", middle, out, "--by", "4s", "--from", "10:02") == 0
    else:
        raise AssertionError(case)
    return out


def start_errors(result_starts: tuple[int, ...], truth: Path) -> np.ndarray:
    return np.abs(np.array(result_starts) - np.array(load(truth).timing.starts))


# --- the pieces ----------------------------------------------------------------------------


def test_sync_imports_no_ui_or_playback() -> None:
    code = (
        "import sys, captions.sync, captions.sync.command, captions.sync.audio, "
        "captions.sync.engine, captions.sync.splits, captions.sync.vad\n"
        "captions.sync.sync\n"
        "bad = {'textual', 'rich', 'vlc'} & set(sys.modules)\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_cli_start_does_not_import_numpy_or_av() -> None:
    code = (
        "import sys, captions.cli\ncaptions.cli.build_parser()\n"
        "assert not {'numpy', 'av'} & set(sys.modules), 'sync loaded eagerly'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_spoken_length_comes_from_text_capped_by_the_cue() -> None:
    text = "x" * 30  # 2 s at 15 characters per second
    assert spoken_ms(text, 10_000) == 2000
    assert spoken_ms(text, 1500) == 1500
    assert spoken_ms("ok", 10_000) == 300  # the floor
    assert spoken_ms("a   b\n\nc", 10_000) == spoken_ms("a b c", 10_000)


def test_caption_signal_marks_speech_lead_ins_and_silence(tmp_path: Path) -> None:
    path = tmp_path / "gapless.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:05,000\n" + "x" * 30 + "\n\n"
        "2\n00:00:05,000 --> 00:00:09,000\n" + "y" * 15 + "\n",
        encoding="utf-8",
    )
    cues = caption_cues(load(path))
    fine, counted = caption_signal(cues, 1.0)
    frames = lambda a, b: fine[a // 10 : b // 10]  # noqa: E731
    assert (frames(0, 800) == 0).all()  # before the first lead-in: unknown
    assert (frames(800, 1000) == -1).all()  # lead-in
    assert (frames(1000, 2200) == 1).all()  # 60 % of a 2 s estimate: surely spoken
    assert (frames(2200, 3800) == 0).all()  # the estimate's uncertain end
    assert (frames(3800, 4800) == -1).all()  # silence expected before the next lead-in
    assert (frames(4800, 5000) == -1).all()
    assert (frames(5000, 5600) == 1).all()
    assert counted == int(np.count_nonzero(fine))
    coarse, _ = caption_signal(cues, 1.0, 10)
    padded = np.concatenate((fine, np.zeros(len(coarse) * 10 - len(fine))))
    assert np.allclose(coarse, padded.reshape(-1, 10).mean(axis=1))
    doubled = spans(cues, 2.0)
    assert doubled.on.tolist() == [200, 1000]


def test_fast_fft_size_is_the_smallest_5_smooth_size() -> None:
    def smooth(n: int) -> bool:
        for p in (2, 3, 5):
            while n % p == 0:
                n //= p
        return n == 1

    for n in range(1, 2000):
        size = _fast_len(n)
        assert size >= n and smooth(size)
        assert not any(smooth(m) for m in range(n, size))


def test_peak_confidence_separates_a_clear_peak_from_noise() -> None:
    rng = np.random.default_rng(1)
    noise = rng.normal(0, 1, 2001)
    assert peak_confidence(noise, int(np.argmax(noise)), 20) < 0.3
    peaked = noise.copy()
    peaked[700] = 40.0
    assert peak_confidence(peaked, 700, 20) > 0.8


def test_apply_segments_maps_by_source_start_and_keeps_times_before_zero() -> None:
    timing = Timing((0, 1000, 5000, 9000), (900, 4000, 8000, 9500))
    segments = [SyncSegment(None, -500, 1.0), SyncSegment(5000, 2000, 1.0)]
    mapped, clamped = apply_segments(timing, segments)
    assert mapped.starts == (-500, 500, 7000, 11000)  # clamped only when a file is written
    assert mapped.ends == (400, 3500, 10000, 11500)
    assert clamped == 1
    scaled, _ = apply_segments(timing, [SyncSegment(None, 100, 0.5)])
    assert scaled.starts == (100, 600, 2600, 4600)


def test_detector_falls_back_to_energy_without_webrtcvad(monkeypatch: pytest.MonkeyPatch) -> None:
    import captions.sync.vad as vad

    real = vad.importlib.import_module

    def no_webrtcvad(name: str) -> object:
        if name == "webrtcvad":
            raise ImportError(name)
        return real(name)

    monkeypatch.setattr(vad.importlib, "import_module", no_webrtcvad)
    assert make_detector().name == "energy"


# --- decoding ------------------------------------------------------------------------------


def test_decode_reports_progress_and_duration(excerpt: Path) -> None:
    seen: list[float] = []
    signal = decode_speech(excerpt, seen.append)
    assert signal.duration_ms == EXCERPT_MS
    assert len(signal.speech) == EXCERPT_MS // 10
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 5
    assert 0.3 < signal.speech.mean() < 0.9


def test_progress_callback_can_cancel_decoding(excerpt: Path) -> None:
    class Cancelled(Exception):
        pass

    def cancel(done: float) -> None:
        if done > 0.2:
            raise Cancelled

    with pytest.raises(Cancelled):
        decode_speech(excerpt, cancel)


def make_video(path: Path, audio: np.ndarray | None, seconds: int) -> Path:
    """A small MPEG-4 file: moving gray frames, and AAC audio when given."""
    with av.open(str(path), "w") as out:
        video = out.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        sound = out.add_stream("aac", rate=RATE) if audio is not None else None
        for i in range(seconds * 10):
            image = np.full((48, 64, 3), (i * 7) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        if sound is not None and audio is not None:
            step = 1024
            for at in range(0, len(audio) - step + 1, step):
                chunk = av.AudioFrame.from_ndarray(
                    audio[None, at : at + step].astype(np.int16), format="s16", layout="mono"
                )
                chunk.sample_rate = RATE
                chunk.pts = at
                chunk.time_base = Fraction(1, RATE)
                out.mux(sound.encode(chunk))
            out.mux(sound.encode(None))
    return path


def test_decodes_the_sound_of_a_video_file(work: Path, excerpt: Path, speech: SpeechSignal) -> None:
    seconds = 40
    pcm = first_samples(excerpt, seconds * RATE)
    signal = decode_speech(make_video(work / "talk.mp4", pcm, seconds))
    assert abs(signal.duration_ms - seconds * 1000) < 200
    frames = min(len(signal.speech), seconds * 100) - 10
    agree = np.mean(signal.speech[:frames] == speech.speech[:frames])
    assert agree > 0.9


# --- alignment against the truth -----------------------------------------------------------

CASES = ["offset_plus", "offset_minus", "drift", "split"]


@pytest.mark.parametrize("case", CASES)
def test_sync_repairs_damaged_copy(
    case: str, truth: Path, speech: SpeechSignal, work: Path
) -> None:
    bad = load(damaged(truth, work / f"{case}.srt", case))
    result = sync(bad, speech, SyncOptions())
    errors = start_errors(result.timing.starts, truth)
    assert np.median(errors) <= 40, (case, result)
    assert np.percentile(errors, 95) <= 100, (case, result)
    assert not result.unchanged and result.moved >= len(bad) - 1
    assert result.confidence >= 0.5
    if case == "drift":
        assert result.speed == pytest.approx(23.976 / 25, abs=1e-5)
        assert "speed" in result.part_confidence
    else:
        assert result.speed == 1.0
    assert len(result.segments) == (2 if case == "split" else 1)


def test_split_is_found_at_ten_minutes(truth: Path, speech: SpeechSignal, work: Path) -> None:
    result = sync(load(damaged(truth, work / "split2.srt", "split")), speech, SyncOptions())
    first, second = result.segments
    assert first.offset_ms == pytest.approx(-2000, abs=30)
    assert second.offset_ms == pytest.approx(-6000, abs=30)
    assert second.source_start_ms is not None
    assert 602_000 <= second.source_start_ms <= 602_000 + 15_000
    assert len(result.part_confidence) == 2


def test_without_splits_one_offset_is_kept(truth: Path, speech: SpeechSignal, work: Path) -> None:
    bad = load(damaged(truth, work / "split3.srt", "split"))
    result = sync(bad, speech, SyncOptions(splits=False))
    assert len(result.segments) == 1
    assert result.offset_ms == pytest.approx(-2000, abs=30)  # the longer part, before 10:00


def test_already_right_file_comes_back_unchanged(truth: Path, speech: SpeechSignal) -> None:
    track = load(truth)
    result = sync(track, speech, SyncOptions())
    assert result.unchanged
    assert result.timing == track.timing
    assert (result.offset_ms, result.speed, result.moved) == (0, 1.0, 0)
    assert result.segments == [SyncSegment(None, 0, 1.0)]


def test_small_offset_is_still_fixed(truth: Path, speech: SpeechSignal) -> None:
    track = load(truth)
    track.apply_timing(Timing(tuple(s + 300 for s in track.timing.starts), track.timing.ends))
    result = sync(track, speech, SyncOptions())
    assert not result.unchanged
    assert np.median(start_errors(result.timing.starts, truth)) <= 40


def test_energy_detector_aligns_too(excerpt: Path, truth: Path, work: Path) -> None:
    detector = EnergyDetector()
    samples, _ = detect_speech(decode_pcm(excerpt), detector)
    signal = SpeechSignal(detector.finish(), samples * 1000 // RATE, detector="energy")
    result = sync(load(damaged(truth, work / "energy.srt", "offset_plus")), signal)
    errors = start_errors(result.timing.starts, truth)
    assert np.median(errors) <= 40 and np.percentile(errors, 95) <= 100


# --- refusals ------------------------------------------------------------------------------


def test_captions_of_another_part_of_the_talk_are_refused(work: Path, speech: SpeechSignal) -> None:
    for base in (EXCERPT_MS, 2 * EXCERPT_MS):
        other = load(excerpt_captions(work / f"other{base}.srt", base))
        with pytest.raises(SyncError, match="do not match"):
            sync(other, speech, SyncOptions())


def test_shuffled_timing_is_refused(truth: Path, speech: SpeechSignal) -> None:
    track = load(truth)
    timing = track.timing
    rng = np.random.default_rng(7)
    lengths = np.diff(np.append(timing.starts, timing.ends[-1]))
    rng.shuffle(lengths)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    track.apply_timing(Timing(tuple(map(int, starts)), tuple(map(int, starts + lengths))))
    with pytest.raises(SyncError, match="do not match"):
        sync(track, speech, SyncOptions())


def test_offset_beyond_the_limit_is_refused(truth: Path, speech: SpeechSignal, work: Path) -> None:
    bad = load(damaged(truth, work / "far.srt", "offset_plus"))
    with pytest.raises(SyncError, match="do not match"):
        sync(bad, speech, SyncOptions(max_offset_ms=1000))


def test_silence_and_single_cue_are_refused(truth: Path, speech: SpeechSignal) -> None:
    silent = SpeechSignal(np.zeros(60_000, dtype=np.bool_), 600_000)
    with pytest.raises(SyncError, match="only silence"):
        sync(load(truth), silent, SyncOptions())
    one = load(truth)
    one.subs.events = one.events[:1]
    one.changed()
    with pytest.raises(SyncError, match="too few cues"):
        sync(one, speech, SyncOptions())


# --- the command ---------------------------------------------------------------------------


def test_command_writes_synced_file_and_reports(
    truth: Path, excerpt: Path, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = damaged(truth, work / "cmd.srt", "offset_plus")
    capsys.readouterr()
    out = work / "cmd-fixed.srt"
    assert cli("sync", excerpt, bad, out) == 0
    printed = capsys.readouterr().out
    assert "offset -3.2" in printed and "confidence" in printed and "moved" in printed
    errors = start_errors(load(out).timing.starts, truth)
    assert np.median(errors) <= 40
    assert cli("sync", excerpt, bad, work / "cmd.json.srt", "--json", "--no-drift") == 0
    found = json.loads(capsys.readouterr().out)
    assert found["offset_ms"] == pytest.approx(-3200, abs=30)
    assert found["speed"] == 1.0 and found["moved"] == found["cues"]
    assert set(found) >= {"segments", "confidence", "part_confidence", "decode_s", "align_s"}


def test_command_keeps_a_right_file_byte_for_byte(
    truth: Path, excerpt: Path, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = work / "same.srt"
    assert cli("sync", excerpt, truth, out) == 0
    assert "already in sync" in capsys.readouterr().out
    assert out.read_bytes() == truth.read_bytes()


def test_default_max_offset_matches_the_api() -> None:
    assert SyncOptions().max_offset_ms == DEFAULT_MAX_OFFSET_MS


def silent_wav(path: Path) -> Path:
    return write_wav(path, np.zeros(RATE * 20, dtype=np.int16))


def video_only(path: Path) -> Path:
    return make_video(path, None, 3)


def image(path: Path) -> Path:
    with av.open(str(path), "w", format="image2") as out:
        stream = out.add_stream("png", rate=1)
        stream.width, stream.height, stream.pix_fmt = 32, 32, "rgb24"
        frame = av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), dtype=np.uint8), "rgb24")
        out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def text_file(path: Path) -> Path:
    path.write_text("this is not a recording\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (video_only, "video.mp4", "no audio track"),
        (image, "still.png", "no audio track"),
        (text_file, "notes.txt", "no audio track|not a media file"),
        (silent_wav, "silence.wav", "only silence"),
    ],
)
def test_command_refuses_bad_media(
    make: Callable[[Path], Path],
    name: str,
    message: str,
    truth: Path,
    work: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    media = make(work / name)
    out = work / f"never-{name}.srt"
    capsys.readouterr()
    assert cli("sync", media, truth, out) == 2
    err = "".join(  # progress lines ("sync: decoding 10 %") aside
        line for line in capsys.readouterr().err.splitlines(True) if not line.startswith("sync: ")
    )
    assert err.count("\n") == 1 and err.startswith("captions: error: ")
    assert re.search(message, err), err
    assert not out.exists()


@pytest.mark.parametrize("what", ["one cue", "other talk", "missing media"])
def test_command_refuses_bad_captions(
    what: str, excerpt: Path, truth: Path, work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    media = excerpt
    if what == "one cue":
        captions = work / "one.srt"
        captions.write_text("1\n00:00:01,000 --> 00:00:03,000\nHello.\n", encoding="utf-8")
        message = "too few cues"
    elif what == "other talk":
        captions = excerpt_captions(work / "other-cmd.srt", EXCERPT_MS)
        message = "do not match"
    else:
        captions, media, message = truth, work / "nowhere.opus", "no such file"
    out = work / f"never-{what}.srt"
    capsys.readouterr()
    assert cli("sync", media, captions, out) == 2
    err = "".join(  # progress lines ("sync: decoding 10 %") aside
        line for line in capsys.readouterr().err.splitlines(True) if not line.startswith("sync: ")
    )
    assert err.count("\n") == 1 and err.startswith("captions: error: ") and message in err
    assert not out.exists()
