"""The strip driver in a small app: the envelope computed in a worker from a real file (and
reopened from the cache without decoding), errors shown as a note, the playhead moved by
columns and the wait for its next column."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.screen import Screen

from captions.speech import cache as cache_mod
from captions.speech.cache import EnvelopeCache
from captions.speech.envelope import Envelope
from captions.sync.audio import decode_pcm
from player.ui.screens.strip_driver import EnvelopeProgress, EnvelopeReady, StripDriver
from player.ui.widgets.audio_strip import AudioStrip

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "samples" / "talk.opus"


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 20 s of the talk as a 16 kHz WAV."""
    pcm = np.concatenate(list(_first(TALK, 20 * 16_000)))[: 20 * 16_000]
    path = tmp_path_factory.mktemp("driver") / "excerpt.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(pcm.astype(np.int16).tobytes())
    return path


def _first(media: Path, count: int) -> list[np.ndarray]:
    blocks, have = [], 0
    for block in decode_pcm(media):
        blocks.append(block)
        have += len(block)
        if have >= count:
            break
    return blocks


class Clock:
    """The playhead (`ms`) and the wall clock (`t`, s), both moved by hand."""

    def __init__(self) -> None:
        self.ms = 0
        self.t = 100.0


class StripScreen(Screen[None]):
    def __init__(self, media: Path | None, cache: EnvelopeCache, clock: Clock) -> None:
        super().__init__()
        self.media, self.cache, self.clock = media, cache, clock
        self.progress: list[float] = []

    def compose(self) -> ComposeResult:
        self.strip = AudioStrip()
        yield self.strip

    def on_mount(self) -> None:
        clock = self.clock
        self.driver = StripDriver(
            self,
            self.strip,
            position_ms=lambda: clock.ms,
            cache=self.cache,
            monotonic=lambda: clock.t,
        )
        self.driver.start(self.media)

    @on(EnvelopeProgress)
    def _progress(self, message: EnvelopeProgress) -> None:
        self.progress.append(message.fraction)
        self.driver.progress(message)

    @on(EnvelopeReady)
    def _ready(self, message: EnvelopeReady) -> None:
        self.driver.ready(message)


class DriverApp(App[None]):
    def __init__(self, media: Path | None, cache: EnvelopeCache) -> None:
        super().__init__()
        self.clock = Clock()
        self.strip_screen = StripScreen(media, cache, self.clock)

    def on_mount(self) -> None:
        self.push_screen(self.strip_screen)


async def test_envelope_is_computed_in_a_worker_then_reopened_from_the_cache(
    excerpt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = EnvelopeCache(tmp_path / "cache")
    app = DriverApp(excerpt, cache)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.strip_screen
        assert screen.driver.envelope is not None
        assert screen.driver.envelope.duration_ms == 20_000
        assert screen.progress and screen.progress[-1] == 1.0
        assert screen.strip.picture is not None
    assert cache.path_for(excerpt).exists()

    def no_decode(*args: object, **kwargs: object) -> Envelope:
        raise AssertionError("decoded again")

    monkeypatch.setattr(cache_mod, "compute_envelope", no_decode)
    again = DriverApp(excerpt, cache)
    async with again.run_test(size=(100, 40)) as pilot:
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert again.strip_screen.driver.envelope is not None


async def test_media_without_audio_is_a_note_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "bad\x1b[31m.wav"
    bad.write_bytes(b"RIFF not really")
    app = DriverApp(bad, EnvelopeCache(tmp_path / "cache"))
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        strip = app.strip_screen.strip
        assert strip.envelope is None
        line = strip.render_line(0).text
        assert line.startswith("audio:") and "\x1b" not in line


async def test_no_media_says_so(tmp_path: Path) -> None:
    app = DriverApp(None, EnvelopeCache(tmp_path / "cache"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.strip_screen.strip.render_line(0).text.startswith("audio: no media")


async def test_resync_moves_the_playhead_by_columns(tmp_path: Path) -> None:
    app = DriverApp(None, EnvelopeCache(tmp_path / "cache"))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.strip_screen
        frames = 60_000 // 10
        envelope = Envelope(
            level=np.full(frames, 100, dtype=np.uint8),
            speech=np.ones(frames, dtype=np.bool_),
            duration_ms=60_000,
        )
        app.clock.ms = 5_000  # the window opens centred on it: 0..10 s, 100 ms a column
        screen.driver.ready(EnvelopeReady(envelope))
        await pilot.pause()
        strip = screen.strip
        repaints = strip.column_repaints
        app.clock.ms, app.clock.t = 5_050, 101.0  # same column: nothing to repaint
        screen.driver.resync()
        assert strip.column_repaints == repaints
        app.clock.ms = 5_250
        screen.driver.resync()
        assert strip.column_repaints == repaints + 1
        assert strip.render_line(strip.size.height - 1).text.index("▲") == 52
        # Every read that lands in a new column moves it: a poll, a word mark, the ticker.
        app.clock.ms, app.clock.t = 5_450, 101.2
        screen.driver.resync()
        assert strip.column_repaints == repaints + 2
        assert strip.render_line(strip.size.height - 1).text.index("▲") == 54
        # The next column starts at 5.5 s: 50 ms away at 1x, 25 ms at 2x ...
        assert screen.driver.seconds_to_next_step(1.0, 0.0) == pytest.approx(0.05)
        assert screen.driver.seconds_to_next_step(2.0, 0.0) == pytest.approx(0.025)
        # ... but not sooner than the least step after the last move (0.25 s, at t=101.2).
        app.clock.t = 101.3
        assert screen.driver.seconds_to_next_step(1.0, 0.25) == pytest.approx(0.15)
        # A ticker frame (a word mark) moves it only when its last move is that old.
        app.clock.ms = 5_650
        screen.driver.resync(least_s=0.25)
        assert strip.column_repaints == repaints + 2
        app.clock.t = 101.45
        screen.driver.resync(least_s=0.25)
        assert strip.column_repaints == repaints + 3
        assert strip.render_line(strip.size.height - 1).text.index("▲") == 56


async def test_the_part_analysed_so_far_is_shown_with_the_progress(tmp_path: Path) -> None:
    app = DriverApp(None, EnvelopeCache(tmp_path / "cache"))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.strip_screen
        frames = 4_000  # 40 s analysed so far
        part = Envelope(
            level=np.full(frames, 180, dtype=np.uint8),
            speech=np.ones(frames, dtype=np.bool_),
            duration_ms=frames * 10,
        )
        app.clock.ms = 5_000
        screen.driver.progress(EnvelopeProgress(0.4, part))
        await pilot.pause()
        strip = screen.strip
        assert screen.driver.envelope is part
        assert strip.picture is not None
        assert strip.render_line(strip.size.height - 1).text.rstrip().endswith("analysing… 40%")
        screen.driver.ready(EnvelopeReady(part))
        await pilot.pause()
        assert "analysing" not in strip.render_line(strip.size.height - 1).text


def test_a_newer_progress_message_replaces_only_one_adding_nothing() -> None:
    frames = np.ones(10, dtype=np.bool_)
    part = Envelope(level=np.zeros(10, dtype=np.uint8), speech=frames, duration_ms=100)
    plain, with_part = EnvelopeProgress(0.5), EnvelopeProgress(0.5, part)
    assert EnvelopeProgress(0.6).can_replace(plain)
    assert not EnvelopeProgress(0.6).can_replace(with_part)
    assert EnvelopeProgress(0.6, part).can_replace(with_part)
