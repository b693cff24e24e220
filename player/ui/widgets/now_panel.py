"""The "now" panel: the cue being spoken, large and bold, with the spoken words marked and the
previous and next cues dimmed. Between cues it says so: silence is a state, not an error. With a
second track shown, its cue (on its own timing) is under the main one, dimmed."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content

from captions.timecode import format_time
from captions.track import Track
from player.text_safety import inert
from player.ui.widgets.lines import Line, MarkedLine
from player.ui.widgets.spoken_words import spoken_by_times

_WORD = re.compile(r"\S+")


def word_starts(text: str) -> list[int]:
    """Character offsets at which the words of `text` begin."""
    return [match.start() for match in _WORD.finditer(text)]


def spoken_chars(text: str, elapsed_ms: int, duration_ms: int) -> int:
    """How many characters of `text` are estimated spoken after `elapsed_ms` of `duration_ms`:
    words are spread over the cue in proportion to their length, a word counting as spoken from
    the moment it begins."""
    if duration_ms <= 0 or elapsed_ms >= duration_ms:
        return len(text)
    point = len(text) * max(0, elapsed_ms) / duration_ms
    spoken = 0
    for start in word_starts(text):
        if start > point:
            break
        match = _WORD.match(text, start)
        spoken = match.end() if match else start
    return spoken


def next_word_ms(text: str, elapsed_ms: int, duration_ms: int) -> int | None:
    """Elapsed ms within the cue at which the next word begins, or None after the last."""
    if not text or duration_ms <= 0:
        return None
    for start in word_starts(text):
        at = start * duration_ms / len(text)
        if at > elapsed_ms:
            return int(at) + 1
    return None


class NowPanel(Vertical):
    """Previous cue (dim), current cue (big), the second track's cue, next cue (dim)."""

    DEFAULT_CSS = """
    NowPanel { height: 7; padding: 0 2; border: round $accent; border-subtitle-align: right; }
    NowPanel > .now-side { color: $text-muted; height: 1; text-overflow: ellipsis;
                           text-wrap: nowrap; }
    NowPanel > #now-current {
        text-style: bold; height: 3; text-align: center; text-overflow: ellipsis;
    }
    NowPanel > #now-current.silence { text-style: italic; color: $text-muted; }
    NowPanel > #now-second { display: none; height: 1; text-align: center; color: $text-muted;
                             text-style: italic; text-overflow: ellipsis; text-wrap: nowrap; }
    NowPanel.with-second { height: 8; }
    NowPanel.with-second > #now-second { display: block; }
    /* The translation right under the cue it translates, not two blank rows below a short one. */
    NowPanel.with-second > #now-current { content-align-vertical: bottom; }
    """

    #: Characters of the current cue marked as spoken.
    spoken = 0
    #: The active cue's label on the border, as last set.
    _active_label = ""
    #: The side lines' texts as last set (a word mark changes only the current line).
    _sides: tuple[str | None, str | None] | None = None
    #: The previous, current and next cue's lines.
    _lines: tuple[Line, MarkedLine, Line]

    def compose(self) -> ComposeResult:
        # Kept, not looked up: a word mark is several times a second.
        self._lines = (
            Line(id="now-previous", classes="now-side"),
            MarkedLine(id="now-current"),
            Line(id="now-next", classes="now-side"),
        )
        yield self._lines[0]
        yield self._lines[1]
        yield Line(id="now-second")
        yield self._lines[2]

    def show_cue(self, track: Track, index: int | None, position_ms: int) -> int | None:
        """Show cue `index` of `track` at `position_ms` (None: between cues). Returns the media
        ms until the next word should be marked, or None."""
        if not len(track):
            self.show(None, None, None, silence_note="no captions")
            return None
        events = track.events

        def text(i: int | None) -> str | None:
            return None if i is None or not 0 <= i < len(events) else str(events[i].plaintext)

        if index is None:
            after = track.index.next_start(position_ms)
            note = "· silence ·"
            if after is not None:
                wait = max(0, events[after].start - position_ms)
                note = f"· silence · next cue in {wait / 1000:.1f} s"
            before = track.index.previous_start(position_ms + 1)
            self.show(text(before), None, text(after), silence_note=note)
            return None
        event = events[index]
        current = str(event.plaintext)
        words = track.word_times.get(index)
        timed = spoken_by_times(current, words, position_ms) if words else None
        if timed is not None:  # word times from forced alignment: marked as they are said
            spoken, next_ms = timed
            self.show(text(index - 1), current, text(index + 1), spoken=spoken)
            return None if next_ms is None else next_ms - position_ms
        elapsed = position_ms - event.start
        duration = event.end - event.start
        self.show(
            text(index - 1),
            current,
            text(index + 1),
            spoken=spoken_chars(current, elapsed, duration),
        )
        upcoming = next_word_ms(current, elapsed, duration)
        return None if upcoming is None else upcoming - elapsed

    def show_second(self, text: str | None, *, shown: bool = True) -> None:
        """The second track's cue now (None: none at this moment); `shown=False` hides the
        line and gives the panel its usual height."""
        self.set_class(shown, "with-second")
        line = self.query_one("#now-second", Line)
        line.set(Content(inert(" ".join(text.split()))) if shown and text else Content(""))

    def show(
        self,
        previous: str | None,
        current: str | None,
        following: str | None,
        spoken: int = 0,
        silence_note: str = "",
    ) -> None:
        """Show the three cues; `spoken` characters of the current one are marked as said."""
        self.spoken = spoken if current is not None else 0
        previous_line, main, next_line = self._lines
        if (previous, following) != self._sides:
            self._sides = (previous, following)
            previous_line.set(_side("◀ ", previous))
            next_line.set(_side("▶ ", following))
        if current is None:
            main.add_class("silence")
            main.set(Content(silence_note or "· silence ·"))
            return
        main.remove_class("silence")
        main.mark(current, spoken)

    def show_active(self, track: Track, index: int | None) -> None:
        """Name the active cue (the one keys edit) and its start–end on the panel's border.
        Set only when it changed: Textual repaints the whole panel on every assignment."""
        label = active_cue_label(track, index)
        if label != self._active_label:
            self._active_label = label
            self.border_subtitle = label


def active_cue_label(track: Track, index: int | None) -> str:
    """`cue 12 · 00:41.200–00:44.900 (3.700 s)` for the active cue, or "" for none."""
    if index is None or not 0 <= index < len(track):
        return ""
    event = track.events[index]
    hours = True if track.duration_ms >= 3_600_000 else None
    span = f"{format_time(event.start, hours=hours)}–{format_time(event.end, hours=hours)}"
    return f"cue {index + 1} · {span} ({(event.end - event.start) / 1000:.3f} s)"


def _side(prefix: str, text: str | None) -> Content:
    if not text:
        return Content("")
    return Content(prefix + inert(" ".join(text.split())))
