"""Shared set-up for pilot tests: a small track, a fake clock and the app on a FakeBackend."""

from __future__ import annotations

from pathlib import Path

from captions.document import Document
from captions.formats import parse
from captions.track import Track
from player.app import CaptionPlayerApp
from player.autosync_app import AutoSyncApp
from player.fake_backend import FakeBackend
from player.journal import Journal
from player.session import Session

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


class FakeTime:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def small_track(text: str = SMALL_SRT) -> Track:
    return parse(text, "srt")


def make_app(
    track: Track | None = None,
    *,
    duration_ms: int = 15_000,
    now: FakeTime | None = None,
    autoplay: bool = False,
    load_error: str | None = None,
    media: Path | None = Path("fake.opus"),
) -> tuple[CaptionPlayerApp, FakeBackend, FakeTime]:
    clock = now or FakeTime()
    backend = FakeBackend(duration_ms, clock, load_error=load_error)
    session = Session(
        media=media,
        track=track or small_track(),
        captions_label="small.srt [srt, utf-8]",
        backend_factory=lambda: backend,
        autoplay=autoplay,
    )
    return CaptionPlayerApp(session), backend, clock


def make_editor(
    caption_file: Path,
    state_dir: Path,
    *,
    duration_ms: int = 15_000,
    autoplay: bool = False,
    media: Path | None = Path("fake.opus"),
) -> tuple[AutoSyncApp, FakeBackend, FakeTime, Document]:
    """The editor app on a real caption file, with a fake backend and a private journal."""
    clock = FakeTime()
    backend = FakeBackend(duration_ms, clock)
    document = Document.open(caption_file)
    session = Session(
        media=media,
        track=document.track,
        captions_label=caption_file.name,
        backend_factory=lambda: backend,
        autoplay=autoplay,
    )
    app = AutoSyncApp(session, document, journal=Journal(state_dir))
    return app, backend, clock, document
