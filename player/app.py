"""The only App, and `make_app`, the one way to build it (the command, the tests, the docs
scripts and the benchmarks all use it, so tests run the app as it ships)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pysubs2
from textual.app import SystemCommand
from textual.screen import Screen

from captions.document import Document
from captions.formats import load
from captions.pairing import SecondTrack
from captions.track import Track
from player import textual_guards
from player.editing.align import Aligner, run_alignment
from player.editing.autosync import AutoSyncer, run_auto_sync
from player.editing.journal import Journal
from player.editing.session import EditSession
from player.keymap import PALETTE_KEYS
from player.playback.backend import Backend
from player.playback.controller import PlaybackController
from player.settings import Settings
from player.ui.notices import NoticesApp
from player.ui.screens.main import MainScreen

BackendFactory = Callable[[], Backend]
#: Signals that end the app the abnormal way (a kill, the terminal closed): journal first.
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class CaptionPlayerApp(NoticesApp):
    """caption-player: playback, live captions, the timing editor and auto-sync. It holds the
    controllers; the main screen holds the widgets and the keys."""

    CSS_PATH = "ui/screens/main.tcss"
    TITLE = "caption-player"

    def __init__(
        self,
        settings: Settings,
        *,
        playback: PlaybackController,
        editing: EditSession,
        backend_factory: BackendFactory,
        captions_label: str,
        aligner: Aligner = run_alignment,
        auto_syncer: AutoSyncer = run_auto_sync,
        second: SecondTrack | None = None,
    ) -> None:
        textual_guards.install()
        super().__init__()
        self.settings = settings
        self.playback = playback
        self.editing = editing
        self.backend_factory = backend_factory
        self.captions_label = captions_label
        #: The second caption track (`--second`), shown with the main one, never edited.
        self.second = second
        self.has_media = settings.media is not None
        #: The analyses of the recording, run on worker threads (tests give fakes).
        self.aligner = aligner
        self.auto_syncer = auto_syncer
        #: Set once the start-up worker has reported (ready or failed).
        self.started = asyncio.Event()
        self.main = MainScreen()

    @property
    def track(self) -> Track:
        return self.playback.track

    @property
    def error_message(self) -> str | None:
        """Why playback could not start (the command prints it), or None."""
        return self.playback.error_message

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._exit_on_signal, signum)

    def on_unmount(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for signum in EXIT_SIGNALS:
                loop.remove_signal_handler(signum)
        self.shutdown()
        self.editing.journal_before_exit()
        self.editing.close()

    # -- abnormal exits: the journal first ------------------------------------------------------
    def _exit_on_signal(self, signum: int) -> None:
        self.editing.journal_before_exit()
        self.exit(128 + signum, return_code=128 + signum)

    def _handle_exception(self, error: Exception) -> None:
        """An exception inside Textual ends the app: the journal is written first (the journal
        timer would have written the last 0.5 s of edits too late)."""
        self.editing.journal_before_exit()
        super()._handle_exception(error)

    def shutdown(self) -> None:
        """Stop the timers and release the backend (idempotent)."""
        self.main.stop_timers()
        self.playback.close()

    async def action_quit(self) -> None:
        """Ctrl+Q (and q): quit, asking first when there are unsaved changes."""
        self.main.action_quit()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if screen is not self.main:
            return  # the palette over a dialog offers no edits of what is behind it
        for key in PALETTE_KEYS:
            if key.palette and key.action not in ("quit", "help"):
                yield SystemCommand(
                    key.description, f"Key: {key.shown}", self._action_runner(key.action)
                )

    def _action_runner(self, action: str) -> Callable[[], None]:
        def run() -> None:
            self.call_later(self.main.run_action, action)

        return run


def caption_label(path: Path, track: Track) -> str:
    return f"{path.name} [{track.format}, {track.encoding}]"


def make_app(
    settings: Settings,
    *,
    backend_factory: BackendFactory | None = None,
    document: Document | None = None,
    track: Track | None = None,
    journal: Journal | None = None,
    captions_label: str | None = None,
    now: Callable[[], float] | None = None,
    aligner: Aligner = run_alignment,
    auto_syncer: AutoSyncer = run_auto_sync,
    second_track: Track | None = None,
) -> CaptionPlayerApp:
    """Build the app from `settings`: opens `settings.captions` (unless a `document` or bare
    `track` is given) and `settings.second` (unless `second_track` is given); the backend
    defaults to libvlc; forced alignment and auto-sync default to the real analyses. Raises
    CaptionError for a bad file."""
    notes = list(settings.notes)
    if second_track is None and settings.second is not None:
        second_track = load(settings.second, encoding=settings.encoding)
    if second_track is not None:
        notes.extend(f"second track: {warning}" for warning in second_track.warnings)
    if document is None and track is None and settings.captions is not None:
        document = Document.open(settings.captions, encoding=settings.encoding)
    if document is not None:
        document.edits.reaction_ms = max(0, settings.reaction_ms)
        track = document.track
        notes.extend(track.warnings)
        label = captions_label or caption_label(document.path, track)
    elif track is not None:
        label = captions_label or "captions"
    else:
        track = Track(subs=pysubs2.SSAFile(), format="none")
        label = captions_label or "no captions"
    track.index  # part of loading: built now, not before the first paint  # noqa: B018
    if backend_factory is None:
        from player.playback.vlc_backend import VlcBackend

        def backend_factory() -> Backend:
            video = settings.video
            return VlcBackend(
                audio=settings.audio,
                video=video in ("auto", "window"),  # a window only where there is a display
                terminal_video=video in ("auto", "terminal"),
            )

    playback = PlaybackController(
        track,
        start_ms=settings.start_ms,
        rate=settings.rate,
        autoplay=settings.autoplay,
        rewind_on_resume_ms=settings.rewind_on_resume_ms,
        notes=tuple(notes),
        now=now or time.monotonic,
    )
    # Serialising 100,000 cues takes a few hundred ms: the journal writes on its own thread.
    journal = journal or Journal(settings.state_dir, background=True)
    editing = EditSession(track, document, journal, step_ms=settings.step_ms)
    return CaptionPlayerApp(
        settings,
        playback=playback,
        editing=editing,
        backend_factory=backend_factory,
        captions_label=label,
        aligner=aligner,
        auto_syncer=auto_syncer,
        second=SecondTrack(second_track) if second_track is not None else None,
    )
