"""The main screen: composes the widgets, owns the key bindings (so under a dialog they are
silent, as Textual gives only the active screen's bindings), and turns each key into one call of
a controller; it repaints from what the controller returns."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Footer, Header

from player.editing.outcome import Outcome, edit_summary
from player.keymap import APP_KEYS, EDITOR_KEYS, bindings
from player.playback.backend import BackendUnavailable, MediaError
from player.search import search_summary
from player.text_safety import inert
from player.ui.compositor import CroppedCompositor
from player.ui.messages import BackendFailed, BackendReady, JournalProblem
from player.ui.screens import flows
from player.ui.screens.actions import KeyActions
from player.ui.screens.align_flow import AlignmentMemo
from player.ui.screens.feedback import Feedback
from player.ui.screens.highlight import Highlighter
from player.ui.screens.strip_driver import EnvelopeProgress, EnvelopeReady, StripDriver
from player.ui.screens.ticker import Ticker
from player.ui.screens.watching import Watching
from player.ui.widgets.audio_strip import AudioStrip
from player.ui.widgets.now_panel import NowPanel
from player.ui.widgets.search_bar import SearchBar
from player.ui.widgets.status_bar import ActionLine, SeekBar, StatusLine
from player.ui.widgets.transcript_view import TranscriptView
from player.ui.widgets.video_pane import VideoPane

if TYPE_CHECKING:
    from player.app import CaptionPlayerApp
    from player.ui.dialogs.sync_review import SyncProgressScreen

JOURNAL_DELAY_S = 0.5  #: the journal is written this long after an edit (within a second)


class MainScreen(Feedback, KeyActions):
    """The transcript, the now panel, search, seek bar and status; every key of the player."""

    _footer_playing: bool | None = None  # the playing state the footer's Space label shows
    BINDINGS = bindings(APP_KEYS + EDITOR_KEYS)

    def __init__(self) -> None:
        super().__init__()
        self._compositor = CroppedCompositor()  # partial repaints render only what they touch
        self._journal_timer: Timer | None = None
        #: The auto-sync progress dialog while a sync runs.
        self.sync_progress: SyncProgressScreen | None = None
        #: The last alignment and the cue times and texts it was found for (align_flow).
        self.last_alignment: AlignmentMemo | None = None

    @property
    def player(self) -> CaptionPlayerApp:
        return cast("CaptionPlayerApp", self.app)

    # -- composition and start-up -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        track = self.player.playback.track
        self.now_panel = NowPanel(id="now")
        second = self.player.second
        self.transcript = TranscriptView(
            self._cue_start,
            self._cue_text,
            len(track),
            second=(lambda row: self.watching.second_under(row)) if second else None,
            id="transcript",
        )
        self.search_box = SearchBar(
            lambda row: self.watching.search_text(row, self._cue_text(row)), len(track), id="search"
        )
        self.video_pane = VideoPane(hold=lambda: self.watching.boundary_soon(), id="video")
        self.video_pane.display = False  # until playback says there is terminal video
        self.seek_bar = SeekBar(id="seekbar")
        self.status_line = StatusLine(id="status")
        self.audio_strip = AudioStrip(id="strip")
        self.strip_driver = StripDriver(self, self.audio_strip, position_ms=lambda: self.playhead)
        self.action_line = ActionLine(id="action")
        # Word marks, the strip's playhead and the poll: one timer (ticker.py says when).
        playback = self.player.playback
        self.ticker = Ticker(
            self, playback, self.strip_driver, self.poll, lambda: self.highlighter.mark_words()
        )
        self.highlighter = Highlighter(
            self,
            playback,
            self.transcript,
            self.now_panel,
            words_in=self.ticker.words_in,
        )
        self.watching = Watching(
            self, self.player.playback, self.now_panel, self.transcript, self.video_pane, second
        )
        yield Header()
        yield self.now_panel
        yield self.video_pane
        yield self.audio_strip
        yield self.transcript
        yield self.search_box
        yield self.seek_bar
        yield self.action_line
        yield self.status_line
        yield Footer()

    def on_mount(self) -> None:
        track = self.player.playback.track
        self.player.sub_title = inert(self.player.captions_label)
        self.transcript.focus()
        # The real first state (the cue at the start position), not an empty "between cues".
        self.highlighter.resync()
        self.transcript.set_overlaps(self.player.editing.overlaps)
        self.refresh_status()
        self.update_title()
        self._start_backend()
        editing = self.player.editing
        # A failed background journal write is shown at once, not at the next flush.
        editing.journal.on_error = lambda problem: self.post_message(JournalProblem(problem))
        shared = editing.claim_journal()
        if shared is not None:
            self.notify(shared, severity="warning", timeout=10, markup=False)
        self.strip_driver.cues(editing.timing, self.cursor if len(track) else None)
        self.strip_driver.start(self.player.settings.media)  # in a worker: playback never waits
        if self.player.editing.pending_recovery() is not None:
            self.run_worker(flows.recover(self), group="flow")

    @work(thread=True, exclusive=True, exit_on_error=False, group="backend")
    def _start_backend(self) -> None:
        """Create libvlc and check the media off the UI thread, after the first paint."""
        media = self.player.settings.media
        try:
            backend = self.player.backend_factory()
            if media is None:
                self.post_message(BackendReady(backend, 0))
                return
            info = backend.load(media)
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
        playback = self.player.playback
        playback.attach(message.backend, message.duration_ms, has_media=self.player.has_media)
        self.seek_bar.duration_ms = message.duration_ms
        if self.player.editing.media_ready(message.duration_ms):
            self.highlighter.invalidate()
        self.watching.backend_ready(message.backend)
        self.ticker.schedule()
        self.resync_highlight()
        # The start-up heap (~80,000 objects) stays: full collections, which scanned it in
        # 60-150 ms with the event loop stopped, skip it until the screen unmounts.
        gc.freeze()
        self.player.started.set()

    @on(BackendFailed)
    def _backend_failed(self, message: BackendFailed) -> None:
        self.player.playback.failed(message.message)
        self.player.started.set()
        self.app.exit(2, return_code=2)

    def on_unmount(self) -> None:
        self.stop_timers()
        gc.unfreeze()  # what start-up froze can be collected again (tests run many apps)

    def stop_timers(self) -> None:
        if self._journal_timer is not None:
            self._journal_timer.stop()
            self._journal_timer = None
        self.ticker.stop()
        self.highlighter.stop()
        self.watching.stop()

    # -- the clock, the poll and the status -------------------------------------------------------
    def poll(self) -> None:
        """Drain libvlc's recorded facts, keep the status fresh and the highlight scheduled."""
        result = self.player.playback.poll()
        for error in result.errors:
            self.attention(error, severity="error")
        if result.state_changed:
            self.ticker.schedule()
            self.refresh_bindings()
        if result.clock_moved:
            self.resync_highlight()
        self.refresh_status()

    def resync_highlight(self) -> None:
        """Show the cue at the playhead now and re-time the next boundary."""
        self.highlighter.resync()
        self.watching.resync()
        self.strip_driver.resync()

    def refresh_status(self) -> None:
        """Redraw the seek bar and status line."""
        status = self.player.playback.status()
        if self.playing != self._footer_playing:  # the footer offers Space as Play or Pause
            self._footer_playing = self.playing
            self.refresh_bindings()
        self.seek_bar.set_position(status.position_ms)
        self.strip_driver.active(self.cursor if len(self.player.playback.track) else None)
        self.strip_driver.resync()
        self.status_line.show(
            state=status.state,
            playing=status.playing,
            position_ms=status.position_ms,
            duration_ms=status.duration_ms,
            rate=status.rate,
            volume=status.volume,
            muted=status.muted,
            audio=inert(status.audio),
            captions=inert(self.player.captions_label),
            offset_ms=self.player.editing.offset_ms,
            note=" · ".join((*status.notes, *self.watching.notes())),
            flags=status.flags + self.player.editing.flags,
        )
        self.now_panel.show_active(self.player.playback.track, self.cursor)

    def update_title(self) -> None:
        dirty = self.player.editing.dirty
        self.player.title = "caption-player ● unsaved" if dirty else "caption-player"

    def _cue_start(self, row: int) -> int:
        return int(self.player.playback.track.events[row].start)

    def _cue_text(self, row: int) -> str:
        return str(self.player.playback.track.events[row].plaintext)

    # -- repainting from what the controllers did -------------------------------------------------
    def played(self, changed: bool, *, state: bool = False) -> None:
        """After a playback key: re-time the highlight and the status (and the poll rate)."""
        if not changed:
            return
        if state or self.player.playback.playing:
            self.ticker.schedule()  # fast for a while: libvlc's first updates re-time the clock
        if state:
            self.refresh_bindings()  # the footer offers Play or Pause
        self.resync_highlight()
        self.refresh_status()

    def warn(self, message: str | None) -> None:
        if message:
            self.say(message, warning=True)
        self.refresh_status()

    def show(self, outcome: Outcome) -> None:
        """After an edit, undo or redo: refresh list, highlight, title, status; journal soon.
        What happened goes to the action line; only errors become a toast."""
        if outcome.message:
            if outcome.severity == "error":
                self.attention(outcome.message, severity="error")
            else:
                self.say(outcome.message, warning=outcome.severity == "warning")
        edit = outcome.edit
        if edit is None:
            return
        track = self.player.playback.track
        self.transcript.set_rows(len(track))
        self.strip_driver.cues(self.player.editing.timing, None)
        self.search_box.search.reset(len(track))
        self.search_box.prepare()
        self.watching.track_edited()
        focus = getattr(edit, "focus", None)
        order = getattr(edit, "order", None)
        if outcome.verb.startswith("Undid") and isinstance(focus, int) and order is not None:
            focus = order[focus]  # the edit had moved its cue in the list: back where it was
        if isinstance(focus, int) and 0 <= focus < len(track):
            self.transcript.cursor_to_row(focus, notify=False)
        notes = list(outcome.notes)
        if not self.player.playback.relink_loop():
            notes.append("Loop stopped: the looped cue was changed.")
        self.transcript.set_overlaps(self.player.editing.overlaps)
        if self._journal_timer is None:
            self._journal_timer = self.set_timer(JOURNAL_DELAY_S, self._flush_journal)
        self.highlighter.invalidate()
        self.resync_highlight()
        self.update_title()
        self.refresh_status()
        if not outcome.quiet or notes:
            summary = "" if outcome.quiet else edit_summary(outcome.verb, edit)
            self.say(" · ".join(part for part in (summary, *notes) if part))

    def _flush_journal(self) -> None:
        self._journal_timer = None
        for problem in self.player.editing.flush_journal():
            self.attention(problem, severity="error")

    @on(JournalProblem)
    def _journal_problem(self, message: JournalProblem) -> None:
        self.notify(message.problem, severity="error", markup=False)

    # -- following and the cursor -----------------------------------------------------------------
    def _follow_changed(self) -> None:
        shown = self.highlighter.shown_cue
        if self.player.playback.follow and shown is not None and shown >= 0:
            self.transcript.cursor_to_row(shown, notify=False)
        self.refresh_status()

    @property
    def cursor(self) -> int:
        """The cue under the cursor (the spoken one while following)."""
        return self.transcript.cursor

    @property
    def playhead(self) -> int:
        return self.player.playback.position_ms()

    @property
    def playing(self) -> bool:
        return self.player.playback.playing

    @on(TranscriptView.CursorMoved)
    def _cursor_moved(self, message: TranscriptView.CursorMoved) -> None:
        """The active cue moved: following stops, or resumes on the spoken cue."""
        row = None if message.scrolled else message.row
        if self.player.playback.cursor_moved(row):
            self._follow_changed()
        else:
            self.refresh_status()

    @on(TranscriptView.RowChosen)
    def _row_chosen(self, message: TranscriptView.RowChosen) -> None:
        self.play_from(self.player.playback.track.events[message.row].start)
        self.player.playback.follow = True
        self._follow_changed()

    def play_from(self, ms: int) -> None:
        """Seek to `ms` and play."""
        playback = self.player.playback
        self.played(playback.seek(ms))
        self.played(playback.play(), state=True)

    @on(SeekBar.Seek)
    @on(AudioStrip.Seek)
    def _seek_clicked(self, message: SeekBar.Seek | AudioStrip.Seek) -> None:
        self.played(self.player.playback.seek(message.ms))

    # -- the audio strip --------------------------------------------------------------------------
    @on(EnvelopeProgress)
    def _envelope_progress(self, message: EnvelopeProgress) -> None:
        self.strip_driver.progress(message)

    @on(EnvelopeReady)
    def _envelope_ready(self, message: EnvelopeReady) -> None:
        self.strip_driver.ready(message)

    @on(AudioStrip.Zoomed)
    def _strip_zoomed(self) -> None:
        self.strip_driver.resync()
        if self.playing:
            self.ticker.schedule(settle=False)  # the playhead's steps changed length

    # -- search -----------------------------------------------------------------------------------
    @on(SearchBar.Jump)
    def _search_jump(self, message: SearchBar.Jump) -> None:
        self.transcript.set_query(message.query)
        self._move_cursor_for_search(message.row)
        if message.query.strip():
            self.say(search_summary(message.query, message.matches), warning=message.matches == 0)

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.transcript.focus()

    def _move_cursor_for_search(self, row: int) -> None:
        self.player.playback.cursor_moved(row)
        self.transcript.cursor_to_row(row, notify=False)
        self.refresh_status()

    def search_step(self, forward: bool) -> None:
        query = self.search_box.search.query
        if not query:
            self.say("No search yet: press / to search.")
            return
        found = self.search_box.step(self.cursor, forward=forward)
        if found is None:
            self.say(search_summary(query, 0), warning=True)
        elif found == self.cursor:
            self.say(f"Cue {found + 1} is the only one with {query!r}.")
        else:
            self._move_cursor_for_search(found)
            matches = self.search_box.search.count_matches()
            self.say(f"Cue {found + 1}: {search_summary(query, matches)}")
