"""Auto-sync and the audio strip share one analysis: with the strip's envelope cached, auto-sync
does not decode the recording again; without it, auto-sync's decode fills the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from captions.formats import load
from captions.speech import cache as cache_mod
from captions.speech.cache import EnvelopeCache
from captions.speech.envelope import Envelope
from captions.timing import shift
from player.editing.autosync import run_auto_sync
from tests.pcm import talk_excerpt

ROOT = Path(__file__).resolve().parents[2]
TALK_SRT = ROOT / "samples" / "talk.srt"
EXCERPT_MS = 3 * 60_000


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return talk_excerpt(tmp_path_factory.mktemp("autosync-envelope") / "excerpt.wav", EXCERPT_MS)


def late_track() -> object:
    track = load(TALK_SRT)
    track.subs.events = [e for e in track.events if e.start < EXCERPT_MS - 5000]
    track.changed()
    track.apply_timing(shift(track.timing, 2500).timing)
    return track


def test_auto_sync_reuses_the_cached_envelope_and_fills_it_otherwise(
    excerpt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAPTION_PLAYER_CACHE_DIR", str(tmp_path))
    cache = EnvelopeCache()
    assert cache.load(excerpt) is None
    first = run_auto_sync(excerpt, late_track(), lambda f, s: None, lambda: False)  # type: ignore[arg-type]
    assert first.error is None and first.result is not None
    assert cache.load(excerpt) is not None  # the strip will reopen it

    def no_decode(*args: object, **kwargs: object) -> Envelope:
        raise AssertionError("decoded again")

    monkeypatch.setattr(cache_mod, "compute_envelope", no_decode)
    again = run_auto_sync(excerpt, late_track(), lambda f, s: None, lambda: False)  # type: ignore[arg-type]
    assert again.error is None and again.result is not None
    assert again.result.offset_ms == first.result.offset_ms
    assert abs(first.result.offset_ms + 2500) <= 40
