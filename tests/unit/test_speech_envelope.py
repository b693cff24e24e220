"""The speech envelope: loudness and speech per 10 ms from the real decode, its onsets against
the synthetic talk (each cue's speech starts on its timestamp), and its cache."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pysubs2
import pytest

from captions.speech import cache as cache_mod
from captions.speech import envelope as envelope_mod
from captions.speech.cache import EnvelopeCache, decode, default_cache_dir, encode, media_key
from captions.speech.envelope import Envelope, compute_envelope, speech_runs
from captions.speech.snap import snap_start
from captions.sync.audio import decode_speech
from captions.sync.model import SyncError
from captions.track import Timing
from tests.pcm import RATE, talk_excerpt, write_wav

ROOT = Path(__file__).resolve().parents[2]
TALK_SRT = ROOT / "samples" / "talk.srt"
EXCERPT_MS = 60_000


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first minute of the talk as a 16 kHz WAV."""
    return talk_excerpt(tmp_path_factory.mktemp("speech") / "excerpt.wav", EXCERPT_MS)


@pytest.fixture(scope="module")
def envelope(excerpt: Path) -> Envelope:
    return compute_envelope(excerpt)


def test_loudness_of_a_known_tone(tmp_path: Path) -> None:
    """A sine of amplitude 0.1 full scale is -23 dBFS RMS; digital silence is the floor."""
    t = np.arange(RATE) / RATE
    tone = 0.1 * 32767 * np.sin(2 * np.pi * 440 * t)
    pcm = np.concatenate((np.zeros(RATE // 2), tone))
    env = compute_envelope(write_wav(tmp_path / "tone.wav", pcm))
    assert env.frames == 150
    assert env.duration_ms == 1500
    db = env.db()
    assert np.all(db[:45] <= -99.0)
    assert np.median(db[55:145]) == pytest.approx(-23.0, abs=0.5)


def test_onsets_fall_on_the_cue_starts_of_the_talk(envelope: Envelope) -> None:
    """talk.opus's speech starts exactly at each cue's start: an onset lies within 30 ms of
    every cue start in the excerpt, and offsets come before the next cue starts."""
    starts = [e.start for e in pysubs2.load(str(TALK_SRT)).events if e.start < EXCERPT_MS - 500]
    onsets = envelope.onsets_ms
    errors = [int(np.min(np.abs(onsets - s))) for s in starts]
    assert len(starts) >= 10
    assert max(errors) <= 30, errors
    assert len(envelope.offsets_ms) == len(onsets)
    assert np.all(envelope.offsets_ms > onsets)
    assert envelope.detector == "webrtcvad"


def test_speech_runs_bridge_short_pauses_and_drop_short_bursts() -> None:
    flags = np.zeros(100, dtype=np.bool_)
    flags[10:30] = True  # 200 ms
    flags[35:50] = True  # after a 50 ms pause: bridged
    flags[70:73] = True  # a 30 ms burst: dropped
    flags[90:100] = True  # runs to the end
    onsets, offsets = speech_runs(flags)
    assert onsets.tolist() == [100, 900]
    assert offsets.tolist() == [500, 1000]
    empty = speech_runs(np.zeros(0, dtype=np.bool_))
    assert empty[0].tolist() == [] and empty[1].tolist() == []


def test_progress_reaches_one_and_can_cancel(excerpt: Path) -> None:
    seen: list[float] = []
    compute_envelope(excerpt, seen.append)
    assert seen[-1] == 1.0
    assert seen == sorted(seen)

    class Stop(Exception):
        pass

    def cancel(done: float) -> None:
        raise Stop

    with pytest.raises(Stop):
        compute_envelope(excerpt, cancel)


def test_partial_envelopes_are_prefixes_of_the_whole(
    excerpt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(envelope_mod, "PARTIAL_EVERY_S", 0.0)
    parts: list[Envelope] = []
    whole = compute_envelope(excerpt, partial=parts.append)
    assert parts, "no partial envelope was passed on"
    frames = [p.frames for p in parts]
    assert frames == sorted(frames) and frames[-1] < whole.frames
    for part in parts:
        assert np.array_equal(part.level, whole.level[: part.frames])
        assert np.array_equal(part.speech, whole.speech[: part.frames])
        assert part.duration_ms == part.frames * 10


def test_no_audio_is_a_clear_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not audio")
    with pytest.raises(SyncError):
        compute_envelope(text)
    with pytest.raises(SyncError):
        compute_envelope(tmp_path / "missing.wav")


def test_speech_signal_for_auto_sync_is_what_auto_sync_decodes(
    envelope: Envelope, excerpt: Path
) -> None:
    """The envelope's flags are auto-sync's own (same decode, same detector), so a cached
    envelope can stand in for `decode_speech` exactly."""
    signal = envelope.to_speech_signal()
    direct = decode_speech(excerpt)
    assert np.array_equal(signal.speech, direct.speech)
    assert signal.duration_ms == direct.duration_ms
    assert signal.detector == direct.detector
    # ... its band energy too, which places auto-sync's onsets to the ms.
    assert signal.band_energy is not None and direct.band_energy is not None
    assert np.array_equal(signal.band_energy, direct.band_energy)


def test_onsets_are_placed_to_the_ms_of_the_talks_cue_starts(envelope: Envelope) -> None:
    """With the band energy, onsets sit on the known starts (the detector's frame starts
    alone are a median 8-10 ms early on the talk)."""
    starts = [e.start for e in pysubs2.load(str(TALK_SRT)).events if e.start < EXCERPT_MS - 500]
    onsets = envelope.onsets_ms
    errors = np.array([int(onsets[np.argmin(np.abs(onsets - s))]) - s for s in starts])
    assert abs(float(np.median(errors))) <= 2, errors.tolist()
    assert float(np.percentile(np.abs(errors), 90)) <= 5, errors.tolist()


def test_snap_start_lands_on_the_talks_speech_to_the_ms(envelope: Envelope) -> None:
    """Cue starts of the talk moved by up to 400 ms snap back to within a few ms."""
    events = [e for e in pysubs2.load(str(TALK_SRT)).events if e.end < EXCERPT_MS - 500]
    starts, ends = [e.start for e in events], tuple(e.end for e in events)
    rng = np.random.default_rng(3)
    errors = []
    for i, truth in enumerate(starts):
        moved = max(0, truth + int(rng.integers(-400, 401)))
        edit = snap_start(Timing((*starts[:i], moved, *starts[i + 1 :]), ends), i, envelope)
        errors.append(abs((edit.after.starts[i] if edit else moved) - truth))
    assert len(errors) >= 10
    assert float(np.median(errors)) <= 3, errors


# --- cache -----------------------------------------------------------------------------------


def test_cache_round_trip_is_exact_and_compact(envelope: Envelope) -> None:
    data = encode(envelope)
    back = decode(data)
    assert np.array_equal(back.level, envelope.level)
    assert np.array_equal(back.speech, envelope.speech)
    assert back.duration_ms == envelope.duration_ms
    assert back.detector == envelope.detector
    assert back.band_energy is not None and envelope.band_energy is not None
    assert np.array_equal(back.band_energy, envelope.band_energy)
    assert np.array_equal(back.onsets_ms, envelope.onsets_ms)
    assert np.array_equal(back.offsets_ms, envelope.offsets_ms)
    # A byte of loudness and a bit of speech per 10 ms, a byte of energy per ms, 4 bytes an
    # onset, plus a header.
    onsets = len(envelope.onsets_ms)
    assert len(data) < envelope.frames * 9 / 8 + len(envelope.band_energy) + 4 * onsets + 64


def test_cache_stores_and_reopens_without_decoding(
    excerpt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = EnvelopeCache(tmp_path / "c")
    first = cache.load_or_compute(excerpt)
    assert cache.path_for(excerpt).exists()

    def no_decode(*args: object, **kwargs: object) -> Envelope:
        raise AssertionError("decoded again")

    monkeypatch.setattr(cache_mod, "compute_envelope", no_decode)
    progress: list[float] = []
    again = cache.load_or_compute(excerpt, progress.append)
    assert np.array_equal(again.level, first.level)
    assert progress == [1.0]


def test_cache_key_follows_the_file_identity(excerpt: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.wav"
    copy.write_bytes(excerpt.read_bytes())
    key = media_key(copy)
    assert key != media_key(excerpt)
    stat = copy.stat()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert media_key(copy) != key
    cache = EnvelopeCache(tmp_path / "c")
    assert cache.load(tmp_path / "gone.wav") is None


def test_a_torn_cache_file_is_ignored_and_removed(envelope: Envelope, tmp_path: Path) -> None:
    media = tmp_path / "m.wav"
    media.write_bytes(b"x")
    cache = EnvelopeCache(tmp_path / "c")
    path = cache.store(media, envelope)
    assert path is not None
    path.write_bytes(path.read_bytes()[:-10])
    assert cache.load(media) is None
    assert not path.exists()


def store_one_a_second(cache: EnvelopeCache, envelope: Envelope, folder: Path, count: int) -> None:
    """Store `envelope` for media m0.wav .. m{count-1}.wav in `folder`, each entry dated a
    second after the one before (m0 the oldest)."""
    for i in range(count):
        media = folder / f"m{i}.wav"
        media.write_bytes(b"x")
        path = cache.store(media, envelope)
        assert path is not None
        os.utime(path, ns=(i * 10**9, i * 10**9))


def test_cache_keeps_only_the_most_recent(envelope: Envelope, tmp_path: Path) -> None:
    cache = EnvelopeCache(tmp_path / "c", max_files=3)
    store_one_a_second(cache, envelope, tmp_path, 5)
    cache.prune()
    kept = sorted(p.name for p in (tmp_path / "c").glob("*.env"))
    assert len(kept) == 3
    assert cache.path_for(tmp_path / "m4.wav").name in kept
    assert cache.path_for(tmp_path / "m0.wav").name not in kept


def test_cache_keeps_within_its_byte_bound(envelope: Envelope, tmp_path: Path) -> None:
    size = len(encode(envelope))
    cache = EnvelopeCache(tmp_path / "c", max_bytes=2 * size + 1)
    store_one_a_second(cache, envelope, tmp_path, 4)
    cache.prune()
    kept = sorted(p.name for p in (tmp_path / "c").glob("*.env"))
    assert kept == sorted(cache.path_for(tmp_path / f"m{i}.wav").name for i in (2, 3))


def test_unwritable_cache_costs_nothing_but_the_cache(envelope: Envelope, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    media = tmp_path / "m.wav"
    media.write_bytes(b"x")
    assert EnvelopeCache(blocker / "c").store(media, envelope) is None


def test_cache_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CAPTION_PLAYER_CACHE_DIR", str(tmp_path))
    assert default_cache_dir() == tmp_path / "envelopes"
