"""The audio strip widget in a small app of its own: what it draws (markers at the right
columns), how little it repaints as the playhead moves, its size on small screens, clicks."""

from __future__ import annotations

import numpy as np
from textual import events
from textual.app import App, ComposeResult

from captions.speech.envelope import Envelope
from captions.speech.strip import Mark
from captions.track import Timing
from player.ui.widgets.audio_strip import PLAYHEAD, AudioStrip, rows_for


def speech_envelope(duration_ms: int = 60_000) -> Envelope:
    """Speech in the first 700 ms of every second, silence in the rest."""
    frames = duration_ms // 10
    speech = (np.arange(frames) % 100) < 70
    level = np.where(speech, 180, 40).astype(np.uint8)
    return Envelope(level=level, speech=speech, duration_ms=duration_ms)


CUES = Timing((1_000, 4_000, 6_500, 9_000), (3_500, 6_000, 8_800, 12_000))


class StripApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seeks: list[int] = []
        self.zooms: list[int] = []

    def compose(self) -> ComposeResult:
        yield AudioStrip(id="strip")

    def on_audio_strip_seek(self, message: AudioStrip.Seek) -> None:
        self.seeks.append(message.ms)

    def on_audio_strip_zoomed(self, message: AudioStrip.Zoomed) -> None:
        self.zooms.append(message.span_ms)


async def test_markers_and_playhead_at_the_right_columns() -> None:
    app = StripApp()
    async with app.run_test(size=(100, 40)) as pilot:
        strip = app.query_one(AudioStrip)
        strip.set_envelope(speech_envelope())
        strip.set_cues(CUES, active=1)
        strip.set_playhead(5_000)  # window 0..10 s: 100 ms a column over 100 columns
        await pilot.pause()
        picture = strip.picture
        assert picture is not None
        assert picture.window.start_ms == 0 and picture.window.width == 100
        assert dict(picture.markers) == {
            10: Mark.BOUNDARY,
            35: Mark.BOUNDARY,
            40: Mark.START,
            60: Mark.END,
            65: Mark.BOUNDARY,
            88: Mark.BOUNDARY,
            90: Mark.BOUNDARY,
        }
        assert strip.size.height == 4  # tall screen: 3 bar rows and the marker row
        marker_line = strip.render_line(3).text
        assert marker_line[40] == "[" and marker_line[60] == "]"
        assert marker_line.index(PLAYHEAD) == 50
        assert marker_line.endswith("10 s")  # the scale: the window's width
        # The playhead column is styled, the rest of the line is not.
        line = strip.render_line(0)
        head = strip.get_component_rich_style("audio-strip--playhead")
        styled = [
            i
            for i, seg in enumerate(s for s in line for _ in s.text)
            if seg.style and head.bgcolor and seg.style.bgcolor == head.bgcolor
        ]
        assert styled == [50]


async def test_the_scale_gives_way_to_a_marker_under_it() -> None:
    # The active cue ending at 9.8 s in a 0..10 s window: its `]` in the last columns, where
    # the scale `10 s` covered it.
    app = StripApp()
    async with app.run_test(size=(100, 40)) as pilot:
        strip = app.query_one(AudioStrip)
        strip.set_envelope(speech_envelope())
        strip.set_cues(Timing((1_000, 8_000), (3_500, 9_800)), active=1)
        strip.set_playhead(5_000)
        await pilot.pause()
        marker_line = strip.render_line(3).text
        assert marker_line[98] == "]" and "10 s" not in marker_line


async def test_moving_the_playhead_repaints_columns_not_the_strip() -> None:
    app = StripApp()
    async with app.run_test(size=(100, 40)) as pilot:
        strip = app.query_one(AudioStrip)
        strip.set_envelope(speech_envelope())
        strip.set_cues(CUES, active=0)
        strip.set_playhead(5_000)
        await pilot.pause()
        assert strip.picture is not None
        redraws = strip.redraws
        for ms in range(5_000, 7_500, 20):  # 20 ms ticks: 25 columns in 2.5 s
            strip.set_playhead(ms)
        await pilot.pause()
        assert strip.picture is not None
        assert strip.redraws == redraws
        assert strip.column_repaints == 24
        strip.set_playhead(7_500)  # three quarters across: a page on, a quarter behind
        await pilot.pause()
        assert strip.picture is not None
        assert strip.redraws == redraws + 1
        assert strip.picture.window.start_ms == 5_000


async def test_click_seeks_to_the_time_under_the_mouse() -> None:
    app = StripApp()
    async with app.run_test(size=(100, 40)) as pilot:
        strip = app.query_one(AudioStrip)
        strip.set_envelope(speech_envelope())
        strip.set_playhead(20_000)  # window 15..25 s
        await pilot.pause()
        await pilot.click(AudioStrip, offset=(30, 1))
        await pilot.pause()
        assert app.seeks == [18_050]


async def test_zoom_changes_the_span_and_redraws_around_the_playhead() -> None:
    app = StripApp()
    async with app.run_test(size=(100, 40)) as pilot:
        strip = app.query_one(AudioStrip)
        strip.set_envelope(speech_envelope())
        strip.set_playhead(20_000)
        assert strip.zoom(-1) == 5_000
        await pilot.pause()
        assert strip.picture is not None
        assert strip.picture.window.start_ms == 17_500
        assert strip.zoom(+2) == 20_000
        # The mouse wheel over the strip zooms too (Pilot has no wheel; its own helper does).
        await pilot._post_mouse_events([events.MouseScrollUp], AudioStrip, offset=(10, 1))
        await pilot.pause()
        assert strip.span_ms == 10_000 and app.zooms == [10_000]
        await pilot._post_mouse_events([events.MouseScrollDown], AudioStrip, offset=(10, 1))
        await pilot.pause()
        assert app.zooms == [10_000, 20_000]


async def test_progress_note_before_the_envelope() -> None:
    app = StripApp()
    async with app.run_test(size=(100, 40)) as pilot:
        strip = app.query_one(AudioStrip)
        strip.set_progress(0.42)
        await pilot.pause()
        assert "42%" in strip.render_line(0).text
        strip.set_envelope(None, "no audio track\x1b[31m")
        await pilot.pause()
        assert "\x1b" not in strip.render_line(0).text


def test_rows_by_screen_size() -> None:
    assert rows_for(120, 40) == 4
    assert rows_for(80, 24) == 2
    assert rows_for(80, 19) == 0
    assert rows_for(40, 40) == 0


async def test_compact_at_80x24_and_hidden_when_too_small() -> None:
    app = StripApp()
    async with app.run_test(size=(80, 24)) as pilot:
        strip = app.query_one(AudioStrip)
        strip.set_envelope(speech_envelope())
        await pilot.pause()
        assert strip.display and strip.size.height == 2
        await pilot.resize_terminal(70, 16)
        await pilot.pause()
        assert not strip.display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert strip.display and strip.size.height == 4
