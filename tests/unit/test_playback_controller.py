"""PlaybackController without a pilot: seek clamp, previous/next cue, speed steps, rewind on
resume, the cue loop, following and the status snapshot, on the fake backend and clock."""

from __future__ import annotations

from pathlib import Path

from player.playback.controller import FOLLOW_RESUME_S, PlaybackController
from tests.app_harness import small_track
from tests.fakes import FakeBackend, FakeTime


def ready(
    *, autoplay: bool = True, rewind: int = 0, start: int = 0
) -> tuple[PlaybackController, FakeBackend, FakeTime]:
    clock = FakeTime()
    backend = FakeBackend(15_000, clock)
    backend.load(Path("x.opus"))
    controller = PlaybackController(
        small_track(), start_ms=start, autoplay=autoplay, rewind_on_resume_ms=rewind, now=clock
    )
    controller.attach(backend, 15_000)
    return controller, backend, clock


def test_nothing_happens_before_the_backend_is_ready() -> None:
    controller = PlaybackController(small_track(), start_ms=4000)
    assert not controller.seek(1000) and not controller.toggle_pause()
    assert controller.position_ms() == 4000
    assert controller.status().state == "…"
    controller.failed("no libvlc")
    assert controller.status().state == "✖"


def test_attach_applies_start_and_autoplay() -> None:
    controller, backend, _ = ready(start=3000)
    assert backend.playing and controller.position_ms() == 3000


def test_seek_is_clamped_to_the_media() -> None:
    controller, backend, _ = ready()
    controller.seek(99_000)
    assert backend.position_ms() == 14_999
    controller.seek_by(-60_000)
    assert backend.position_ms() == 0


def test_previous_and_next_cue() -> None:
    controller, backend, _ = ready(autoplay=False)
    controller.seek(3500)  # in cue 2 (3.0-5.5 s), within its first second
    assert controller.previous_cue() and backend.position_ms() == 1000
    controller.seek(4500)  # more than a second in: back to its own start
    assert controller.previous_cue() and backend.position_ms() == 3000
    assert controller.next_cue() and backend.position_ms() == 7000
    controller.seek(11_000)
    assert not controller.next_cue()  # no cue starts after the last


def test_speed_steps_and_reset() -> None:
    controller, backend, _ = ready()
    controller.speed(1)
    assert backend.rate == 1.1
    controller.speed(-1)
    controller.speed(-1)
    assert backend.rate == round(1.1 / 1.1 / 1.1, 3)
    for _ in range(40):
        controller.speed(-1)
    assert backend.rate == 0.25
    controller.speed(0)
    assert backend.rate == 1.0


def test_rewind_on_resume() -> None:
    controller, backend, clock = ready(rewind=2000)
    clock.advance(5.0)
    controller.toggle_pause()
    assert not backend.playing and controller.position_ms() == 5000
    controller.toggle_pause()
    assert backend.playing and controller.position_ms() == 3000


def test_loop_jumps_back_and_stops() -> None:
    controller, backend, clock = ready()
    clock.advance(1.5)
    assert controller.toggle_loop() is None and controller.loop_cue == 0
    clock.advance(2.0)  # past the end of cue 1 (3.0 s)
    assert controller.check_loop() and backend.position_ms() == 1000
    assert "loop cue 1" in controller.status().notes
    controller.toggle_loop()
    assert controller.loop_cue is None
    controller.seek(6000)  # between cues
    assert controller.toggle_loop() == "No cue is playing to loop."


def test_following_stops_on_cursor_moves_and_resumes_when_idle_while_playing() -> None:
    controller, _, clock = ready()
    assert controller.cursor_moved() and not controller.follow
    assert "follow off" in controller.status().notes
    assert not controller.poll().follow_resumed
    clock.advance(FOLLOW_RESUME_S + 0.1)
    assert controller.poll().follow_resumed and controller.follow
    controller.toggle_pause()  # paused: idle following does not come back
    controller.cursor_moved()
    clock.advance(FOLLOW_RESUME_S + 0.1)
    assert not controller.poll().follow_resumed and not controller.follow


def test_poll_reports_state_changes_and_close_releases_once() -> None:
    controller, backend, clock = ready()
    clock.advance(20.0)  # past the end
    result = controller.poll()
    assert result.state_changed and controller.status().state == "■"
    controller.close()
    controller.close()
    assert backend.closed and controller.backend is None
