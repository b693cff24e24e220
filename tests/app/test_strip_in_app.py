"""The audio strip in the shipped app (make_app, fake backend): under the now panel, snap keys
as undoable edits, zoom keys, a click on the strip seeks, the mouse in the transcript."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from captions.speech.envelope import Envelope
from player.ui.screens.main import MainScreen
from player.ui.screens.strip_driver import EnvelopeReady
from player.ui.widgets.audio_strip import AudioStrip
from tests.app_harness import make_editor, started

#: The small SRT's cues: (1000, 3000), (3000, 5500), (7000, 9000), (9000, 12000).
#: Speech heard at 1.20-2.80 s, 3.10-5.20 s, 6.90-8.70 s and 9.00-11.60 s.
SPEECH_MS = ((1_200, 2_800), (3_100, 5_200), (6_900, 8_700), (9_000, 11_600))


def envelope() -> Envelope:
    frames = 15_000 // 10
    speech = np.zeros(frames, dtype=np.bool_)
    for start, end in SPEECH_MS:
        speech[start // 10 : end // 10] = True
    level = np.where(speech, 180, 30).astype(np.uint8)
    return Envelope(level=level, speech=speech, duration_ms=15_000)


def main_screen(app: object) -> MainScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, MainScreen)
    return screen


def times(app: object) -> list[tuple[int, int]]:
    events = app.editing.track.events  # type: ignore[attr-defined]
    return [(e.start, e.end) for e in events]


async def test_strip_sits_under_the_now_panel_and_says_why_it_is_empty(
    srt: Path, tmp_path: Path
) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")  # media "fake.opus" does not exist
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = main_screen(app)
        strip = screen.query_one(AudioStrip)
        assert strip.region.y == screen.now_panel.region.bottom
        assert strip.render_line(0).text.startswith("audio: ")
        await pilot.press("I")  # nothing to snap to: a warning, no edit
        assert not app.editing.dirty


async def test_snap_keys_are_one_undoable_edit_each(srt: Path, tmp_path: Path) -> None:
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = main_screen(app)
        screen.strip_driver.ready(EnvelopeReady(envelope()))
        await pilot.press("down")  # cue 2 (3000-5500) is active
        await pilot.press("I")
        assert times(app)[1] == (3_100, 5_500)
        await pilot.press("O")
        assert times(app)[1] == (3_100, 5_200)
        picture = screen.audio_strip.picture
        assert picture is not None
        assert picture.column(3_100) in dict(picture.markers)
        await pilot.press("ctrl+z")
        assert times(app)[1] == (3_100, 5_500)
        await pilot.press("ctrl+z")
        assert times(app)[1] == (3_000, 5_500)
        assert not app.editing.dirty


async def test_zoom_keys_and_a_click_on_the_strip(srt: Path, tmp_path: Path) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = main_screen(app)
        screen.strip_driver.ready(EnvelopeReady(envelope()))
        await pilot.press("plus")
        assert screen.audio_strip.span_ms == 5_000
        await pilot.press("minus", "minus")
        assert screen.audio_strip.span_ms == 20_000
        await pilot.pause()
        window = screen.audio_strip.window
        await pilot.click(AudioStrip, offset=(90, 1))
        await pilot.pause()
        assert backend.position_ms() == window.time_at(90)


async def test_transcript_click_makes_active_and_double_click_plays(
    srt: Path, tmp_path: Path
) -> None:
    app, backend, _, _ = make_editor(srt, tmp_path / "state")
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        screen = main_screen(app)
        await pilot.click("#transcript", offset=(5, 2))
        await pilot.pause()
        assert screen.cursor == 2 and not backend.playing
        assert screen.audio_strip._active == 2
        await pilot.double_click("#transcript", offset=(5, 3))
        await pilot.pause()
        assert screen.cursor == 3 and backend.playing
        assert backend.position_ms() >= 9_000
