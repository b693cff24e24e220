"""Snap to speech (one undoable edit each) and the strip's text picture (markers, bars,
window), over envelopes built from known speech flags and levels."""

from __future__ import annotations

import numpy as np
import pysubs2

from captions.edits import History
from captions.speech.envelope import Envelope
from captions.speech.snap import nearest, snap_end, snap_start
from captions.speech.strip import (
    BLOCKS,
    DEFAULT_SPAN_MS,
    Mark,
    StripWindow,
    draw,
    follow,
    zoom,
)
from captions.track import Timing, Track


def envelope_with_speech(*runs_ms: tuple[int, int], duration_ms: int = 20_000) -> Envelope:
    """Speech (loud) in each [start, end) ms run, silence elsewhere."""
    frames = duration_ms // 10
    speech = np.zeros(frames, dtype=np.bool_)
    level = np.full(frames, 40, dtype=np.uint8)  # -80 dBFS
    for start, end in runs_ms:
        speech[start // 10 : end // 10] = True
        level[start // 10 : end // 10] = 180  # -10 dBFS
    return Envelope(level=level, speech=speech, duration_ms=duration_ms)


def track_of(*cues: tuple[int, int]) -> Track:
    subs = pysubs2.SSAFile()
    for start, end in cues:
        subs.events.append(pysubs2.SSAEvent(start=start, end=end, text="x"))
    return Track(subs, "srt")


SPEECH = envelope_with_speech((1_000, 2_500), (3_000, 4_400), (6_000, 9_000))


def test_nearest_within_window_and_bounds() -> None:
    times = [1_000, 3_000, 6_000]
    assert nearest(times, 2_900, 500, 0, 10_000) == 3_000
    assert nearest(times, 2_000, 500, 0, 10_000) is None
    assert nearest(times, 2_000, 1_000, 0, 10_000) == 1_000  # tie: the earlier
    assert nearest(times, 5_900, 1_000, 0, 5_500) is None  # bound excludes 6000


def test_snap_start_moves_to_the_nearest_onset_and_undoes() -> None:
    track = track_of((800, 2_400), (3_300, 4_500))
    history = History(track)
    edit = snap_start(track.timing, 1, SPEECH)
    assert edit is not None
    assert edit.after.starts == (800, 3_000)
    assert edit.after.ends == (2_400, 4_500)
    assert "snapped" in edit.label and edit.focus == 1
    history.do(edit)
    assert track.events[1].start == 3_000
    history.undo()
    assert (track.events[1].start, track.events[1].end) == (3_300, 4_500)


def test_snap_end_moves_to_the_nearest_offset() -> None:
    track = track_of((1_000, 2_000), (3_000, 4_000))
    edit = snap_end(track.timing, 0, SPEECH)
    assert edit is not None
    assert edit.after.ends == (2_500, 4_000)
    assert edit.after.starts == track.timing.starts


def test_snap_never_crosses_the_other_end_of_the_cue() -> None:
    # The onset at 6000 is nearer the start (5600) but past the cue's end (5900): refused.
    timing = Timing((5_600,), (5_900,))
    assert snap_start(timing, 0, SPEECH) is None
    # The only offset near this end (2500) is before the cue's start (2550).
    assert snap_end(Timing((2_550,), (2_700,)), 0, SPEECH) is None


def test_snap_does_nothing_when_already_on_speech_or_too_far() -> None:
    assert snap_start(Timing((3_000,), (4_000,)), 0, SPEECH) is None
    assert snap_start(Timing((12_000,), (13_000,)), 0, SPEECH) is None
    wide = snap_start(Timing((11_000,), (13_000,)), 0, SPEECH, window_ms=5_000)
    assert wide is not None and wide.after.starts == (6_000,)


# --- the strip ------------------------------------------------------------------------------


def test_markers_sit_at_the_right_columns() -> None:
    """10 s over 100 columns: 100 ms a column, from 0 ms."""
    window = StripWindow(0, 10_000, 100)
    picture = draw(SPEECH, window, rows=2, active=(3_000, 4_400), boundaries=(1_000, 2_500, 6_000))
    assert picture.marker_row[30] == Mark.START.value
    assert picture.marker_row[44] == Mark.END.value
    assert picture.marker_row[10] == Mark.BOUNDARY.value
    assert picture.marker_row[25] == Mark.BOUNDARY.value
    assert picture.marker_row[60] == Mark.BOUNDARY.value
    assert dict(picture.markers) == {
        10: Mark.BOUNDARY,
        25: Mark.BOUNDARY,
        30: Mark.START,
        44: Mark.END,
        60: Mark.BOUNDARY,
    }
    assert picture.active == (30, 45)
    assert len(picture.marker_row) == 100
    assert all(len(row) == 100 for row in picture.bars)


def test_markers_follow_the_window() -> None:
    """The same cue in a window from 2 s over 40 columns (250 ms a column)."""
    picture = draw(SPEECH, StripWindow(2_000, 10_000, 40), active=(3_000, 4_400))
    assert dict(picture.markers) == {4: Mark.START, 9: Mark.END}
    assert picture.active == (4, 10)
    outside = draw(SPEECH, StripWindow(10_000, 10_000, 40), active=(3_000, 4_400))
    assert outside.markers == () and outside.active == (0, 0)


def test_bars_show_speech_loud_and_silence_empty() -> None:
    picture = draw(SPEECH, StripWindow(0, 10_000, 100), rows=2)
    bottom, top = picture.bars[1], picture.bars[0]
    assert bottom[5] == " " and top[5] == " "  # silence at 0.5 s
    assert bottom[15] == BLOCKS[-1] and top[15] != " "  # speech at 1.5 s
    assert picture.speech[15] and not picture.speech[5]
    # Beyond the end of the media: nothing drawn.
    late = draw(SPEECH, StripWindow(15_000, 10_000, 100), rows=2)
    assert late.bars[1][60:] == " " * 40


def test_a_zoomed_in_window_narrower_than_a_frame_per_column() -> None:
    picture = draw(SPEECH, StripWindow(950, 200, 40), rows=1)
    # 5 ms a column: 950..1000 ms is silence (10 columns), then speech.
    assert picture.speech[:10] == (False,) * 10
    assert all(picture.speech[10:])


def test_window_columns_and_times_are_inverse() -> None:
    window = StripWindow(-3_000, DEFAULT_SPAN_MS, 120)
    for col in range(120):
        assert window.column(window.time_at(col)) == col
    assert window.column(-3_001) is None
    assert window.column(7_000) is None


def test_follow_stays_put_then_turns_a_page() -> None:
    start = follow(None, 20_000, 10_000)
    assert start == 15_000
    assert follow(start, 21_000, 10_000) == start  # inside: only the playhead moves
    assert follow(start, 22_400, 10_000) == start
    assert follow(start, 22_600, 10_000) == 20_100  # 3/4 across: a page on, 1/4 behind
    assert follow(start, 15_500, 10_000) == 10_500  # back past the left edge: centred
    assert follow(start, 60_000, 10_000) == 55_000  # a seek far away


def test_zoom_steps_through_levels_and_stops_at_the_ends() -> None:
    assert zoom(10_000, -1) == 5_000
    assert zoom(10_000, 1) == 20_000
    assert zoom(2_000, -1) == 2_000
    assert zoom(80_000, 3) == 80_000


def test_a_snap_into_the_previous_cue_names_the_overlap() -> None:
    # Cue 2's onset (3000) lies inside cue 1 (to 3200): the edit says so, as a nudge's does.
    timing = Timing((800, 3_300), (3_200, 4_500))
    edit = snap_start(timing, 1, SPEECH)
    assert edit is not None and edit.after.starts == (800, 3_000)
    assert edit.overlaps_with == (0,)
    assert edit.label == "Cue 2 start snapped to speech at 00:03.000"


def test_a_snap_before_the_previous_start_keeps_the_list_in_time_order() -> None:
    # Cue 2 (3300) snaps to 3000, before cue 1's start (3100): it becomes row 1, as `i` would.
    timing = Timing((3_100, 3_300), (3_250, 4_500))
    edit = snap_start(timing, 1, SPEECH)
    assert edit is not None
    assert edit.order == (1, 0) and edit.focus == 0
    assert edit.label.startswith("Cue 1 start snapped")
