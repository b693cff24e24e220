"""Playback policy, with no UI: what the keys do to the player (seek clamp, previous/next cue,
speed steps, rewind on resume, the cue loop, following the spoken cue) and a status snapshot.

The screen calls these methods and repaints from what they return; timers and widgets stay in
the UI. Every method runs on the UI thread (libvlc is called from one thread).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pysubs2

from captions.track import Track
from player.playback.backend import MAX_RATE, MIN_RATE, Backend, EventKind
from player.playback.follower import CueFollower

#: Speed steps, as mpv's [ and ].
SPEED_STEP = 1.1
#: Within this long after a cue's start, "previous cue" goes to the one before it.
PREVIOUS_CUE_GRACE_MS = 1000


@dataclass(frozen=True, slots=True)
class StatusSnapshot:
    """Everything the status line shows, at one moment."""

    state: str  # … starting, ✖ failed, ■ ended, ▶ playing, ⏸ paused
    playing: bool
    position_ms: int
    duration_ms: int
    rate: float
    volume: int
    muted: bool
    audio: str
    notes: tuple[str, ...]
    #: What the user must not miss: follow off, the loop.
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll of the backend found."""

    errors: tuple[str, ...] = ()
    state_changed: bool = False  # playing <-> paused/ended: the poll interval changes
    clock_moved: bool = False  # the clock re-anchored: the highlight must be re-timed


class PlaybackController:
    """Owns the backend once it is ready, and the playback state the keys change."""

    def __init__(
        self,
        track: Track,
        *,
        start_ms: int = 0,
        rate: float = 1.0,
        autoplay: bool = True,
        rewind_on_resume_ms: int = 0,
        notes: tuple[str, ...] = (),
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.track = track
        self.start_ms = start_ms
        self.initial_rate = rate
        self.autoplay = autoplay
        self.rewind_on_resume_ms = max(0, rewind_on_resume_ms)
        self.backend: Backend | None = None
        self.follower: CueFollower | None = None
        self.duration_ms = 0
        self.follow = True
        # The looped cue, by identity (an edit may move it in the list), and its row.
        self.loop_event: pysubs2.SSAEvent | None = None
        self.loop_cue: int | None = None
        self.muted = False
        self.note = " · ".join(notes)
        self.error_message: str | None = None
        self._now = now
        self._last_cursor_move = 0.0
        self._armed_generation = -1

    # -- start and stop ---------------------------------------------------------------------------
    def attach(self, backend: Backend, duration_ms: int, *, has_media: bool = True) -> None:
        """The backend is ready: apply the start position, rate and autoplay."""
        self.backend = backend
        self.duration_ms = duration_ms
        self.follower = CueFollower(self.track, backend.clock)
        if backend.fallback_reason:
            self.note = " · ".join(filter(None, [self.note, backend.fallback_reason]))
        if self.initial_rate != 1.0:
            backend.set_rate(self.initial_rate)
        if has_media:
            if self.start_ms:
                backend.seek(self.start_ms)
            if self.autoplay:
                backend.play()

    def failed(self, message: str) -> None:
        """The backend could not start; the command prints `message`."""
        self.error_message = message

    def close(self) -> None:
        """Release the backend (idempotent)."""
        if self.backend is not None:
            backend, self.backend = self.backend, None
            backend.close()

    # -- reading ----------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.backend is not None and self.backend.playing

    def position_ms(self) -> int:
        """The playhead (extrapolated between libvlc's coarse time updates)."""
        return self.backend.position_ms() if self.backend is not None else self.start_ms

    def current_cue(self) -> int | None:
        """The cue at the playhead."""
        return self.track.cue_at(self.position_ms())

    def delay_to_next_boundary_s(self) -> float | None:
        """Seconds until the highlight must change (None: paused, or no boundary ahead).
        Also records the clock generation the answer is valid for."""
        if self.backend is None or self.follower is None:
            return None
        self._armed_generation = self.backend.clock.generation
        if not self.backend.playing:
            return None
        delay = self.follower.delay_to_next_boundary_s()
        return None if delay is None else max(0.0, delay)

    def status(self, *, offset_ms: int = 0) -> StatusSnapshot:
        """What the status line shows now."""
        backend = self.backend
        if backend is None:
            state = "…" if self.error_message is None else "✖"
        elif backend.ended:
            state = "■"
        else:
            state = "▶" if backend.playing else "⏸"
        notes = [self.note] if self.note else []
        flags = []
        if not self.follow:
            flags.append("follow off")
        if self.loop_cue is not None:
            flags.append(f"loop cue {self.loop_cue + 1}")
        return StatusSnapshot(
            state=state,
            playing=self.playing,
            position_ms=self.position_ms(),
            duration_ms=self.duration_ms,
            rate=backend.rate if backend else self.initial_rate,
            volume=backend.volume if backend else 100,
            muted=self.muted,
            audio=backend.audio_output if backend else "starting…",
            notes=tuple(notes),
            flags=tuple(flags),
        )

    # -- the poll ---------------------------------------------------------------------------------
    def poll(self) -> PollResult:
        """Drain the backend's recorded facts; keep the loop. (Following never resumes by
        itself: the cursor is the cue the user chose to edit.)"""
        backend = self.backend
        if backend is None:
            return PollResult()
        was_playing = backend.playing
        errors = []
        for event in backend.poll():
            if event.kind is EventKind.ERROR and event.message:
                self.note = event.message
                errors.append(event.message)
        self.check_loop()
        return PollResult(
            errors=tuple(errors),
            state_changed=backend.playing != was_playing,
            clock_moved=backend.clock.generation != self._armed_generation,
        )

    # -- playback keys ----------------------------------------------------------------------------
    def seek(self, ms: int) -> bool:
        """Seek to `ms`, clamped to the media; False when there is no player yet."""
        backend = self.backend
        if backend is None:
            return False
        limit = self.duration_ms if self.duration_ms > 0 else None
        backend.seek(max(0, ms if limit is None else min(ms, limit - 1)))
        return True

    def seek_by(self, delta_ms: int) -> bool:
        return self.seek(self.position_ms() + delta_ms)

    def toggle_pause(self) -> bool:
        """Pause, or resume (first rewinding by `rewind_on_resume_ms`)."""
        backend = self.backend
        if backend is None:
            return False
        if backend.playing:
            backend.pause()
        else:
            rewind = self.rewind_on_resume_ms
            if rewind and not backend.ended:
                backend.seek(max(0, backend.position_ms() - rewind))
            backend.play()
        return True

    def play(self) -> bool:
        """Resume if paused (as toggle_pause does); True if something changed."""
        return not self.playing and self.toggle_pause()

    def previous_cue(self) -> bool:
        """To the start of the current cue, or of the one before within its first second."""
        position = self.position_ms()
        current = self.track.cue_at(position)
        events = self.track.events
        if current is not None and position - events[current].start > PREVIOUS_CUE_GRACE_MS:
            target: int | None = current
        else:
            reference = events[current].start if current is not None else position
            target = self.track.index.previous_start(reference)
        return target is not None and self.seek(events[target].start)

    def next_cue(self) -> bool:
        target = self.track.index.next_start(self.position_ms())
        return target is not None and self.seek(self.track.events[target].start)

    def speed(self, direction: int) -> bool:
        """One step slower (<0) or faster (>0), or back to 1.0 (0)."""
        backend = self.backend
        if backend is None:
            return False
        if direction == 0:
            rate = 1.0
        else:
            rate = backend.rate * (SPEED_STEP if direction > 0 else 1 / SPEED_STEP)
            rate = round(min(MAX_RATE, max(MIN_RATE, rate)), 3)
        backend.set_rate(rate)
        return True

    def volume(self, delta: int) -> bool:
        if self.backend is None:
            return False
        self.backend.set_volume(self.backend.volume + delta)  # the backend clamps
        return True

    def toggle_mute(self) -> bool:
        if self.backend is None:
            return False
        self.muted = not self.muted
        self.backend.set_mute(self.muted)
        return True

    # -- loop -------------------------------------------------------------------------------------
    def toggle_loop(self, cue: int | None = None) -> str | None:
        """Loop cue `cue` (the active one, as Aegisub loops the active line; by default the
        cue at the playhead), going to its start when the playhead is elsewhere; or stop
        looping. A warning if there is no cue to loop."""
        if self.loop_event is not None:
            self.loop_event, self.loop_cue = None, None
            return None
        self.loop_cue = cue if cue is not None else self.current_cue()
        if self.loop_cue is None:
            return "No cue is playing to loop."
        event = self.loop_event = self.track.events[self.loop_cue]
        if not event.start <= self.position_ms() < event.end:
            self.seek(event.start)
        return None

    def check_loop(self) -> bool:
        """Jump back to the looped cue's start once the playhead passes its end."""
        event = self.loop_event
        if event is None or self.backend is None:
            return False
        position = self.position_ms()
        if position >= event.end or position < event.start - 1000:
            return self.seek(event.start)
        return False

    def relink_loop(self) -> bool:
        """After an edit: find the looped cue again; False if the edit replaced it (loop off)."""
        if self.loop_event is None:
            return True
        found = next((i for i, e in enumerate(self.track.events) if e is self.loop_event), None)
        self.loop_cue = found
        if found is None:
            self.loop_event = None
            return False
        return True

    # -- following --------------------------------------------------------------------------------
    def cursor_moved(self, row: int | None = None) -> bool:
        """The user moved the cursor to `row` (None: scrolled away): following stops, unless
        `row` is the spoken cue, where it resumes (as Aegisub keeps the active line apart from
        the one playing). True if following changed."""
        self._last_cursor_move = self._now()
        follow = row is not None and row == self.current_cue()
        changed, self.follow = follow != self.follow, follow
        return changed

    def toggle_follow(self) -> bool:
        """Following on/off by hand; returns the new value."""
        self._last_cursor_move = self._now()
        self.follow = not self.follow
        return self.follow
