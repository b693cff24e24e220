"""The player's core: VLC playback with the spoken cue highlighted on time."""

from __future__ import annotations

import time

import pysubs2
from textual import on, work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Footer, Header

from player import textual_guards
from player.backend import MAX_RATE, MIN_RATE, Backend, BackendUnavailable, EventKind, MediaError
from player.follower import CueFollower
from player.notices import NoticesApp
from player.now_panel import NowPanel
from player.search_bar import SearchBar
from player.session import BackendFailed, BackendReady, Session
from player.status_bar import SeekBar, StatusLine
from player.text_safety import inert
from player.transcript_view import TranscriptView

#: Speed steps, as mpv's [ and ].
SPEED_STEP = 1.1
#: Seconds of no cursor movement after which following resumes.
FOLLOW_RESUME_S = 5.0
#: Backend polling while playing / paused (seconds); cue changes do not wait for it.
POLL_PLAYING_S = 0.25
POLL_PAUSED_S = 0.5


class PlaybackApp(NoticesApp):
    """Playback and the screen: libvlc started after the first paint, the highlight on a timer
    set for the next cue boundary, the status, the playback keys and following."""

    def __init__(self, session: Session) -> None:
        textual_guards.install()
        super().__init__()
        self.session = session
        self.track = session.track
        self.backend: Backend | None = None
        self.duration_ms = 0
        self.follow = True
        # The looped cue, by identity (an edit may move it in the list), and its row.
        self.loop_event: pysubs2.SSAEvent | None = None
        self.loop_cue: int | None = None
        self.muted = False
        self.note = " · ".join(session.notes)
        self.error_message: str | None = None
        self.offset_ms = 0
        self.follower: CueFollower | None = None
        self._armed_generation = -1
        self._boundary_timer: Timer | None = None
        self._word_timer: Timer | None = None
        self._poll_timer: Timer | None = None
        self._last_cursor_move = 0.0
        self._shown_cue: int | None = -1

    # -- composition -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Kept as attributes: `query_one` would search a dialog on top, not the main screen.
        self.now_panel = NowPanel(id="now")
        self.transcript = TranscriptView(
            self._cue_start, self._cue_text, len(self.track), id="transcript"
        )
        self.search_box = SearchBar(self._cue_text, len(self.track), id="search")
        self.seek_bar = SeekBar(id="seekbar")
        self.status_line = StatusLine(id="status")
        yield Header()
        yield self.now_panel
        yield self.transcript
        yield self.search_box
        yield self.seek_bar
        yield self.status_line
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = inert(self.session.captions_label)
        self.transcript.focus()
        self._show_cue(None)
        self.refresh_status()
        self._start_backend()

    @work(thread=True, exclusive=True, exit_on_error=False, group="backend")
    def _start_backend(self) -> None:
        """Create libvlc and check the media off the UI thread, after the first paint."""
        try:
            backend = self.session.backend_factory()
            if self.session.media is None:
                self.post_message(BackendReady(backend, 0))
                return
            info = backend.load(self.session.media)
        except (BackendUnavailable, MediaError) as exc:
            self.post_message(BackendFailed(str(exc)))
            return
        except Exception as exc:  # a worker's error would otherwise vanish, leaving "starting…"
            self.post_message(
                BackendFailed(f"playback could not start: {type(exc).__name__}: {exc}")
            )
            return
        self.post_message(BackendReady(backend, info.duration_ms))

    @on(BackendReady)
    def _backend_ready(self, message: BackendReady) -> None:
        self.backend = message.backend
        self.duration_ms = message.duration_ms
        self.seek_bar.duration_ms = self.duration_ms
        backend = message.backend
        self.follower = CueFollower(self.track, backend.clock)
        if backend.fallback_reason:
            self.note = " · ".join(filter(None, [self.note, backend.fallback_reason]))
        if self.session.rate != 1.0:
            backend.set_rate(self.session.rate)
        if self.session.media is not None:
            if self.session.start_ms:
                backend.seek(self.session.start_ms)
            if self.session.autoplay:
                backend.play()
        self.media_ready(self.duration_ms)
        self._schedule_poll()
        self.resync_highlight()

    def media_ready(self, duration_ms: int) -> None:
        """The media's length is known (a hook for subclasses)."""

    @on(BackendFailed)
    def _backend_failed(self, message: BackendFailed) -> None:
        self.error_message = message.message
        self.exit(2, return_code=2)

    # -- clock and highlight --------------------------------------------------------------------
    def position_ms(self) -> int:
        """The playhead (extrapolated between libvlc's coarse time updates)."""
        return self.backend.position_ms() if self.backend is not None else self.session.start_ms

    def _schedule_poll(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
        playing = self.backend is not None and self.backend.playing
        self._poll_timer = self.set_interval(
            POLL_PLAYING_S if playing else POLL_PAUSED_S, self._poll
        )

    def _poll(self) -> None:
        """Drain libvlc's recorded facts, keep the status fresh and the highlight scheduled."""
        backend = self.backend
        if backend is None:
            return
        was_playing = backend.playing
        for event in backend.poll():
            if event.kind is EventKind.ERROR and event.message:
                self.note = event.message
                self.notify(event.message, severity="error", markup=False)
        if backend.playing != was_playing:
            self._schedule_poll()
        # Idle following resumes only while playing: paused, the cursor marks the cue to edit.
        idle = time.monotonic() - self._last_cursor_move > FOLLOW_RESUME_S
        if not self.follow and backend.playing and idle:
            self.set_follow(True)
        self._check_loop()
        if backend.clock.generation != self._armed_generation:
            self.resync_highlight()
        self.refresh_status()

    def resync_highlight(self) -> None:
        """Show the cue at the playhead now and set a timer for the next boundary."""
        self._apply_current(self.track.cue_at(self.position_ms()))
        self._arm_boundary_timer()

    def _arm_boundary_timer(self) -> None:
        if self._boundary_timer is not None:
            self._boundary_timer.stop()
            self._boundary_timer = None
        if self.backend is None or self.follower is None:
            return
        self._armed_generation = self.backend.clock.generation
        if not self.backend.playing:
            return
        delay = self.follower.delay_to_next_boundary_s()
        if delay is not None:
            self._boundary_timer = self.set_timer(max(0.0, delay), self._on_boundary)

    def _on_boundary(self) -> None:
        self._boundary_timer = None
        self._apply_current(self.track.cue_at(self.position_ms()))
        self._check_loop()
        self._arm_boundary_timer()

    def _apply_current(self, index: int | None) -> None:
        if index == self._shown_cue:
            return
        self._shown_cue = index
        self.transcript.set_current(index, follow=self.follow)
        self._show_cue(index)

    def _show_cue(self, index: int | None) -> None:
        """Fill the now panel for cue `index` (None: between cues) and time the word marks."""
        if self._word_timer is not None:
            self._word_timer.stop()
            self._word_timer = None
        wait_ms = self.now_panel.show_cue(self.track, index, self.position_ms())
        backend = self.backend
        if wait_ms is not None and backend is not None and backend.playing:
            # Never a negative delay (see player.textual_guards).
            seconds = max(0.0, wait_ms / 1000 / max(0.01, backend.rate))
            self._word_timer = self.set_timer(seconds, self._mark_next_word)

    def _mark_next_word(self) -> None:
        self._word_timer = None
        if self.backend is not None:
            self._show_cue(self._shown_cue)

    def _cue_start(self, row: int) -> int:
        return int(self.track.events[row].start)

    def _cue_text(self, row: int) -> str:
        return str(self.track.events[row].plaintext)

    def refresh_status(self) -> None:
        """Redraw the seek bar and status line."""
        backend = self.backend
        position = self.position_ms()
        self.seek_bar.set_position(position)
        if backend is None:
            state = "…" if self.error_message is None else "✖"
        elif backend.ended:
            state = "■"
        else:
            state = "▶" if backend.playing else "⏸"
        notes = [self.note] if self.note else []
        if self.loop_cue is not None:
            notes.append(f"loop cue {self.loop_cue + 1}")
        if not self.follow:
            notes.append("follow off")
        self.status_line.show(
            state=state,
            playing=backend is not None and backend.playing,
            position_ms=position,
            duration_ms=self.duration_ms,
            rate=backend.rate if backend else self.session.rate,
            volume=backend.volume if backend else 100,
            muted=self.muted,
            audio=inert(backend.audio_output) if backend else "starting…",
            captions=inert(self.session.captions_label),
            offset_ms=self.offset_ms,
            note=" · ".join(notes),
        )

    # -- playback actions -----------------------------------------------------------------------
    def _seek(self, ms: int) -> None:
        backend = self.backend
        if backend is None:
            return
        limit = self.duration_ms if self.duration_ms > 0 else None
        ms = max(0, ms if limit is None else min(ms, limit - 1))
        backend.seek(ms)
        self.resync_highlight()
        self.refresh_status()

    def action_toggle_pause(self) -> None:
        backend = self.backend
        if backend is None:
            return
        if backend.playing:
            backend.pause()
        else:
            rewind = self.session.rewind_on_resume_ms
            if rewind and not backend.ended:
                backend.seek(max(0, backend.position_ms() - rewind))
            backend.play()
        self._schedule_poll()
        self.resync_highlight()
        self.refresh_status()

    def action_seek(self, delta_ms: int) -> None:
        self._seek(self.position_ms() + delta_ms)

    def action_previous_cue(self) -> None:
        position = self.position_ms()
        current = self.track.cue_at(position)
        # Within the first second of a cue, go to the one before (as players do with chapters).
        if current is not None and position - self.track.events[current].start > 1000:
            target: int | None = current
        else:
            reference = self.track.events[current].start if current is not None else position
            target = self.track.index.previous_start(reference)
        if target is not None:
            self._seek(self.track.events[target].start)

    def action_next_cue(self) -> None:
        target = self.track.index.next_start(self.position_ms())
        if target is not None:
            self._seek(self.track.events[target].start)

    def action_speed(self, direction: int) -> None:
        backend = self.backend
        if backend is None:
            return
        if direction == 0:
            rate = 1.0
        else:
            rate = backend.rate * (SPEED_STEP if direction > 0 else 1 / SPEED_STEP)
            rate = round(min(MAX_RATE, max(MIN_RATE, rate)), 3)
        backend.set_rate(rate)
        self.resync_highlight()
        self.refresh_status()

    def action_volume(self, delta: int) -> None:
        if self.backend is not None:
            self.backend.set_volume(self.backend.volume + delta)  # the backend clamps
            self.refresh_status()

    def action_mute(self) -> None:
        if self.backend is not None:
            self.muted = not self.muted
            self.backend.set_mute(self.muted)
            self.refresh_status()

    def action_loop(self) -> None:
        if self.loop_event is not None:
            self.loop_event, self.loop_cue = None, None
        else:
            self.loop_cue = self.track.cue_at(self.position_ms())
            if self.loop_cue is None:
                self.notify("No cue is playing to loop.", severity="warning", markup=False)
            else:
                self.loop_event = self.track.events[self.loop_cue]
        self.refresh_status()

    def _check_loop(self) -> None:
        """Jump back to the looped cue's start once the playhead passes its end."""
        event = self.loop_event
        if event is None or self.backend is None:
            return
        position = self.position_ms()
        if position >= event.end or position < event.start - 1000:
            self._seek(event.start)

    @on(SeekBar.Seek)
    def _seek_bar_clicked(self, message: SeekBar.Seek) -> None:
        self._seek(message.ms)

    # -- following and the cursor ----------------------------------------------------------------
    def set_follow(self, value: bool) -> None:
        """Turn following the spoken cue on or off."""
        self.follow = value
        if value and self._shown_cue is not None:
            self.transcript.cursor_to_row(self._shown_cue, notify=False)
        self.refresh_status()

    def action_follow(self) -> None:
        self._last_cursor_move = time.monotonic()
        self.set_follow(not self.follow)

    @on(TranscriptView.CursorMoved)
    def _cursor_moved(self, message: TranscriptView.CursorMoved) -> None:
        self._last_cursor_move = time.monotonic()
        if self.follow:
            self.set_follow(False)

    @on(TranscriptView.RowChosen)
    def _row_chosen(self, message: TranscriptView.RowChosen) -> None:
        self._seek(self.track.events[message.row].start)
        if self.backend is not None and not self.backend.playing:
            self.action_toggle_pause()
        self.set_follow(True)

    def _shutdown_backend(self) -> None:
        for timer in (self._boundary_timer, self._word_timer, self._poll_timer):
            if timer is not None:
                timer.stop()
        self._boundary_timer = self._word_timer = self._poll_timer = None
        if self.backend is not None:
            backend, self.backend = self.backend, None
            backend.close()

    def on_unmount(self) -> None:
        self._shutdown_backend()
