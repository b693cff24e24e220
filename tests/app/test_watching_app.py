"""The shipped app (make_app) with video and a second caption track, on a FakeBackend with a
fake frame source: the pane above the transcript and its key, the layout at 80×24, the second
track in the now panel and under each row on its own timing, its key, search in both, edits of
the main track only, and the window's captions after an edit."""

from __future__ import annotations

from pathlib import Path

from captions.formats import parse
from player.app import CaptionPlayerApp, make_app
from player.editing.journal import Journal
from player.settings import Settings
from player.ui.widgets.now_panel import Line, NowPanel
from player.ui.widgets.transcript_view import TranscriptView
from player.ui.widgets.video_pane import VideoPane
from tests.app_harness import small_track
from tests.fake_frames import FakeFrameSource, solid
from tests.fakes import FakeBackend, FakeTime

SECOND_SRT = """1
00:00:01,200 --> 00:00:02,600
Premier repère ici.

2
00:00:03,000 --> 00:00:05,000
Le deuxième suit.

3
00:00:07,500 --> 00:00:08,500
Troisième, après un silence.

4
00:00:09,000 --> 00:00:11,000
Quatrième et derniers mots.
"""


def make_watcher(
    *,
    video: bool = True,
    second: bool = True,
    window: bool = False,
    captions: Path | None = None,
    state_dir: Path | None = None,
) -> tuple[CaptionPlayerApp, FakeBackend, FakeFrameSource, FakeTime]:
    """The app on the small track (or the caption file `captions`, to edit), fake parts."""
    clock = FakeTime()
    frames = FakeFrameSource()
    backend = FakeBackend(
        15_000,
        clock,
        has_video=video,
        frames=frames if video and not window else None,
        window=window,
    )
    app = make_app(
        Settings(media=Path("fake.mp4"), captions=captions, autoplay=False),
        backend_factory=lambda: backend,
        track=None if captions else small_track(),
        second_track=parse(SECOND_SRT, "srt") if second else None,
        journal=Journal(state_dir) if state_dir else None,
        captions_label="small.srt [srt, utf-8]",
    )
    return app, backend, frames, clock


async def ready(pilot: object) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    await app.started.wait()
    await pilot.pause()  # type: ignore[attr-defined]


def second_line(app: CaptionPlayerApp) -> str:
    return app.query_one("#now-second", Line).text


def line_text(view: TranscriptView, y: int) -> str:
    return "".join(segment.text for segment in view.render_line(y))


async def test_the_pane_sits_above_the_transcript_and_v_toggles_it() -> None:
    app, _, frames, _ = make_watcher(second=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        pane = app.query_one(VideoPane)
        now = app.query_one(NowPanel)
        transcript = app.query_one(TranscriptView)
        shown_height = transcript.region.height
        assert pane.display and frames.enabled_calls[-1] is True
        assert now.region.bottom <= pane.region.y
        assert pane.region.bottom <= transcript.region.y
        assert frames.targets[-1] == (pane.region.width, pane.region.height * 2)
        frames.put(solid(100, 30, (200, 40, 40)))
        await pilot.pause(0.2)
        assert pane.frames_shown >= 1
        await pilot.press("v")
        await pilot.pause()
        assert not pane.display
        assert frames.enabled_calls[-1] is False
        assert transcript.region.height > shown_height  # the transcript takes the room
        await pilot.press("v")
        await pilot.pause()
        assert pane.display and frames.enabled_calls[-1] is True


async def test_at_80x24_the_now_panel_keeps_its_height_and_rows_stay_visible() -> None:
    for second in (False, True):
        app, _, _, _ = make_watcher(second=second)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            now = app.query_one(NowPanel)
            pane = app.query_one(VideoPane)
            transcript = app.query_one(TranscriptView)
            assert now.region.height == (8 if second else 7)
            assert now.query_one("#now-current").region.height == 3
            assert pane.region.height >= 4
            assert transcript.region.height >= 3
            assert transcript.region.bottom <= 24 - 3  # seek bar, status and footer below


async def test_media_without_video_has_no_pane() -> None:
    app, _, frames, _ = make_watcher(video=False, second=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert not app.query_one(VideoPane).display
        assert frames.enabled_calls == []
        await pilot.press("v")
        await pilot.pause()
        assert not app.query_one(VideoPane).display


async def test_the_second_track_follows_its_own_timing_in_the_now_panel() -> None:
    app, backend, _, clock = make_watcher()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        base = clock.t
        expected = [
            (1.1, None),  # main cue 1 is on (from 1.0 s), the second track not yet
            (1.3, "Premier repère ici."),
            (2.8, None),  # the second track's own gap, inside main cue 1
            (3.5, "Le deuxième suit."),
            (7.2, None),
            (7.6, "Troisième, après un silence."),
        ]
        for at, text in expected:
            backend.seek(int(at * 1000))
            clock.t = base + at
            app.main.resync_highlight()
            await pilot.pause()
            assert second_line(app) == (text or ""), f"at {at}s"


async def test_the_second_track_is_under_each_row_and_b_hides_it() -> None:
    app, _, _, _ = make_watcher()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        view = app.query_one(TranscriptView)
        backend_seek_ms = 3500
        app.playback.seek(backend_seek_ms)
        app.main.resync_highlight()
        await pilot.pause()
        assert "First cue is here." in line_text(view, 0)
        assert "Premier repère ici." in line_text(view, 1)
        assert "Le deuxième suit." in line_text(view, 3)
        assert second_line(app) == "Le deuxième suit."
        await pilot.press("b")
        await pilot.pause()
        assert not app.query_one(NowPanel).has_class("with-second")
        assert app.query_one(NowPanel).region.height == 7
        assert "Second cue" in line_text(view, 1)
        assert all("Premier" not in line_text(view, y) for y in range(8))
        await pilot.press("b")
        await pilot.pause()
        assert second_line(app) == "Le deuxième suit."
        assert "Premier repère ici." in line_text(view, 1)


async def test_search_finds_text_of_the_second_track() -> None:
    app, _, _, _ = make_watcher()
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        view = app.query_one(TranscriptView)
        await pilot.press("slash", *"derniers")
        assert view.cursor == 3  # only the second track says "derniers"
        await pilot.press("enter")
        await pilot.press("b")  # hidden, it is not searched
        await pilot.press("slash", *"troisi")
        assert view.cursor == 3  # no match: the cursor stays
        await pilot.press(*["backspace"] * 6, *"third")
        assert view.cursor == 2


async def test_edits_change_the_main_track_only(srt: Path, state_dir: Path) -> None:
    app, _, _, _ = make_watcher(captions=srt, state_dir=state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        second = app.second
        assert second is not None
        before = [(e.start, e.end, e.text) for e in second.track.events]
        await pilot.press("x", "x", "delete")
        await pilot.pause()
        assert len(app.track) == 3
        assert app.track.events[0].start == 3200  # the old second cue, 200 ms later
        assert [(e.start, e.end, e.text) for e in second.track.events] == before
        # The pairing follows the main track's new rows.
        assert "Le deuxième suit." in line_text(app.query_one(TranscriptView), 1)


async def test_a_video_window_gets_the_captions_again_after_an_edit(
    srt: Path, state_dir: Path
) -> None:
    app, backend, _, _ = make_watcher(second=False, window=True, captions=srt, state_dir=state_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert not app.query_one(VideoPane).display  # the picture is in the window
        assert len(backend.subtitles) == 1
        assert "First cue is here." in backend.subtitles[0].read_text(encoding="utf-8")
        await pilot.press("delete")  # the cue under the cursor: the first
        for _ in range(40):
            await pilot.pause(0.05)
            if len(backend.subtitles) > 1:
                break
        assert len(backend.subtitles) == 2
        text = backend.subtitles[-1].read_text(encoding="utf-8")
        assert "First cue is here." not in text and "Second cue follows" in text


async def test_the_status_line_says_why_there_is_no_picture() -> None:
    app, backend, _, _ = make_watcher(second=False)
    async with app.run_test(size=(160, 30)) as pilot:
        await ready(pilot)
        assert app.main.video_pane.active  # waiting for its first picture
        backend.video_note = "no picture: no libVLC decoder for snow video"
        app.main.poll()
        await pilot.pause()
        shown = app.main.status_line.text
        assert "no libVLC decoder for snow video" in shown
        assert not app.main.video_pane.active  # nothing to show: its rows are the list's
