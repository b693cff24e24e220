"""Shared set-up for pilot tests: a small track, a fake clock and the shipped app (built by
`make_app`, as the command builds it) on a FakeBackend."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.worker import Worker, WorkerState

from captions.document import Document
from captions.formats import parse
from captions.track import Track
from player.app import CaptionPlayerApp, make_app
from player.editing.journal import Journal
from player.settings import Settings
from tests.fakes import FakeBackend, FakeTime

SMALL_SRT = """1
00:00:01,000 --> 00:00:03,000
First cue is here.

2
00:00:03,000 --> 00:00:05,500
Second cue follows at once.

3
00:00:07,000 --> 00:00:09,000
Third, after a silence.

4
00:00:09,000 --> 00:00:12,000
Fourth and last words.
"""


def small_track(text: str = SMALL_SRT) -> Track:
    return parse(text, "srt")


async def started(pilot: object) -> None:
    """Wait for the start-up worker's report (not for every worker: a dialog flow may be
    waiting for an answer) and the repaint after it."""
    app = pilot.app  # type: ignore[attr-defined]
    await app.started.wait()
    await pilot.pause()  # type: ignore[attr-defined]


def make_player(
    track: Track | None = None,
    *,
    duration_ms: int = 15_000,
    now: FakeTime | None = None,
    autoplay: bool = False,
    load_error: str | None = None,
    media: Path | None = Path("fake.opus"),
    rewind_on_resume_ms: int = 0,
    state_dir: Path | None = None,
) -> tuple[CaptionPlayerApp, FakeBackend, FakeTime]:
    """The app on a bare track (no caption file open for editing)."""
    clock = now or FakeTime()
    backend = FakeBackend(duration_ms, clock, load_error=load_error)
    settings = Settings(media=media, autoplay=autoplay, rewind_on_resume_ms=rewind_on_resume_ms)
    app = make_app(
        settings,
        backend_factory=lambda: backend,
        track=track or small_track(),
        captions_label="small.srt [srt, utf-8]",
        journal=Journal(state_dir) if state_dir is not None else None,
    )
    return app, backend, clock


def make_editor(
    caption_file: Path,
    state_dir: Path,
    *,
    duration_ms: int = 15_000,
    autoplay: bool = False,
    media: Path | None = Path("fake.opus"),
    keymap: dict[str, str] | None = None,
) -> tuple[CaptionPlayerApp, FakeBackend, FakeTime, Document]:
    """The app on a real caption file, with a fake backend and a private journal."""
    clock = FakeTime()
    backend = FakeBackend(duration_ms, clock)
    settings = Settings(media=media, captions=caption_file, autoplay=autoplay, keymap=keymap or {})
    app = make_app(
        settings,
        backend_factory=lambda: backend,
        journal=Journal(state_dir),
        captions_label=caption_file.name,
    )
    document = app.editing.document
    assert document is not None
    return app, backend, clock, document


async def screen_workers_done(pilot: object) -> None:
    """Wait until the active screen's own workers (e.g. a dialog's preview) have finished; a
    dialog flow of the main screen may meanwhile be waiting for the dialog's answer."""
    app = pilot.app  # type: ignore[attr-defined]
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    while any(w.node is app.screen and w.state in busy for w in app.workers):
        await pilot.pause(0.01)  # type: ignore[attr-defined]


#: How long `until` lets a condition take before it fails the test: a guard against hanging
#: the suite when the condition never comes, not a measure of speed.
HANG_GUARD_S = 300.0


async def until(pilot: object, condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition()` holds (checked after every short pause), however
    long a loaded machine takes; `what` names the awaited state in the failure."""
    give_up = time.monotonic() + HANG_GUARD_S
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"gave up waiting for {what} after {HANG_GUARD_S:.0f} s")
        await pilot.pause(0.01)  # type: ignore[attr-defined]


def running_flow(app: CaptionPlayerApp) -> Worker[Any]:
    """The dialog flow worker (group "flow") now running, e.g. one awaiting a dialog's answer."""
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    flows = [w for w in app.workers if w.group == "flow" and w.state in busy]
    assert len(flows) == 1, flows
    return flows[0]
