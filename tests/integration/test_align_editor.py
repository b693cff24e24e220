"""The editor's alignment key with the real aligner (pocketsphinx in worker processes started
by forkserver from the app's worker thread) on a short espeak-ng clip; and the real runner
cancelled after its first window."""

from __future__ import annotations

from pathlib import Path

from captions.formats import load
from player.app import make_app
from player.editing.align import CANCELLED, run_alignment
from player.editing.journal import Journal
from player.settings import Settings
from player.ui.dialogs.align_review import AlignReviewScreen
from tests.app_harness import started
from tests.fakes import FakeBackend, FakeTime
from tests.unit.test_align import SENTENCES, _espeak_clip, _transcript, needs_espeak


@needs_espeak
async def test_align_key_with_the_real_aligner_sets_times_and_words(tmp_path: Path) -> None:
    clip, starts, ends = _espeak_clip(tmp_path)
    rough = [starts[0] + 180, starts[1] - 220, starts[2] + 150]
    captions = _transcript(tmp_path, list(SENTENCES), rough)
    backend = FakeBackend(ends[-1] + 800, FakeTime())
    app = make_app(
        Settings(media=clip, captions=captions, autoplay=False),
        backend_factory=lambda: backend,
        journal=Journal(tmp_path / "state"),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("W")
        for _ in range(1200):  # up to 120 s on a loaded machine
            screen = app.screen  # on screen, and composed: its buttons are there to click
            if (
                isinstance(screen, AlignReviewScreen)
                and screen.is_mounted
                and screen.query("#apply")
            ):
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, AlignReviewScreen)
        await pilot.click("#apply")
        await pilot.pause()
        timing = app.track.timing
        assert max(abs(a - b) for a, b in zip(timing.starts, starts, strict=True)) <= 60
        assert max(abs(a - b) for a, b in zip(timing.ends, ends, strict=True)) <= 100
        assert [w.text for w in app.track.word_times[0]] == SENTENCES[0].split()
        assert sorted(app.track.word_times) == [0, 1, 2]


@needs_espeak
def test_the_real_runner_cancelled_returns_nothing(tmp_path: Path) -> None:
    clip, starts, ends = _espeak_clip(tmp_path)
    track = load(_transcript(tmp_path, list(SENTENCES), starts), media_duration_ms=ends[-1])
    reports: list[float] = []
    outcome = run_alignment(
        clip, track, lambda fraction, _stage: reports.append(fraction), lambda: bool(reports)
    )
    assert outcome.result is None and outcome.error == CANCELLED
