"""Issue 11, item 2: timing edits compose, so a sequence of offsets that returns to zero
restores every time exactly; only writing a file clamps at 0, and says how many cues."""

from __future__ import annotations

import shutil
from pathlib import Path

import pysubs2
from hypothesis import given, settings
from hypothesis import strategies as st

from captions import formats
from captions.document import Document
from captions.edits import History
from captions.history import EditFactory
from captions.timing import clamp_at_zero
from captions.track import Timing, Track

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def times(track: Track) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in track.events]


def copy_talk(tmp_path: Path) -> Path:
    target = tmp_path / "talk.srt"
    shutil.copyfile(SAMPLES / "talk.srt", target)
    return target


def test_z_five_times_then_x_five_times_saves_the_original_times(tmp_path: Path) -> None:
    path = copy_talk(tmp_path)
    original = times(formats.load(path))
    original_bytes = path.read_bytes()
    doc = Document.open(path)
    for delta in [-1000] * 5 + [1000] * 5:  # the editor's Shift+Z and Shift+X
        doc.do(doc.edits.shift_all(delta))
    assert doc.history.offset_ms == 0
    assert times(doc.track) == original
    doc.save()
    assert times(formats.load(path)) == original  # cue 1 0-4 s, cue 2 from 4.000
    assert path.read_bytes() == original_bytes  # the lossless save finds nothing changed
    assert doc.clamped_on_write == 0 and doc.notes == []


def test_minus_54_then_plus_60_is_a_shift_of_6_seconds(tmp_path: Path) -> None:
    path = copy_talk(tmp_path)
    original = times(formats.load(path))
    doc = Document.open(path)
    doc.do(doc.edits.shift_all(-54_000))
    doc.do(doc.edits.shift_all(60_000))
    assert times(doc.track) == [(s + 6000, e + 6000) for s, e in original]
    doc.save()
    saved = times(formats.load(path))
    assert saved == [(s + 6000, e + 6000) for s, e in original]
    assert all(e > s for s, e in saved)  # no zero-length cue left behind


def test_saving_below_zero_clamps_only_the_file_and_counts(tmp_path: Path) -> None:
    path = copy_talk(tmp_path)
    original = times(formats.load(path))
    doc = Document.open(path)
    doc.do(doc.edits.shift_all(-10_500))
    below = sum(1 for s, _ in original if s - 10_500 < 0)
    assert below == 3
    doc.save()
    written = times(formats.load(path))
    assert written[:3] == [(0, 0), (0, 0), (0, 1500)]
    assert written[3:] == [(s - 10_500, e - 10_500) for s, e in original[3:]]
    assert doc.clamped_on_write == below
    assert doc.notes == [f"{below} cues start before 0: written from 0"]
    # The document in memory kept its times: shifting back and saving restores the file.
    assert times(doc.track)[0] == (-10_500, -6500)
    doc.do(doc.edits.shift_all(10_500))
    doc.save()
    assert times(formats.load(path)) == original
    assert doc.clamped_on_write == 0


def test_export_clamps_the_written_copy_only(tmp_path: Path) -> None:
    doc = Document.open(copy_talk(tmp_path))
    doc.do(doc.edits.shift_all(-5000))
    target = doc.export(tmp_path / "out.vtt", "vtt")
    assert times(formats.load(target))[0] == (0, 0)
    assert doc.clamped_on_write == 2 and "2 cues start before 0" in doc.notes[0]
    assert times(doc.track)[0] == (-5000, -1000)


def _track(spans: list[tuple[int, int]]) -> Track:
    subs = pysubs2.SSAFile()
    subs.events = [pysubs2.SSAEvent(start=s, end=e, text="x") for s, e in spans]
    return Track(subs=subs, format="srt")


SPANS = st.lists(
    st.tuples(st.integers(0, 600_000), st.integers(0, 20_000)).map(lambda p: (p[0], p[0] + p[1])),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(SPANS, st.lists(st.integers(-120_000, 120_000), max_size=12), st.data())
def test_any_offsets_summing_to_zero_restore_every_time(
    spans: list[tuple[int, int]], deltas: list[int], data: st.DataObject
) -> None:
    track = _track(spans)
    history = History(track)
    factory = EditFactory(track, history=history)
    order = data.draw(st.permutations([*deltas, -sum(deltas)]))
    for delta in order:
        edit = factory.shift_all(delta)
        if edit is not None:
            history.do(edit)
    assert history.offset_ms == 0
    assert times(track) == spans


def test_clamp_at_zero_counts_cues_that_start_before_zero() -> None:
    result = clamp_at_zero(Timing((-500, -100, 200), (-200, 300, 400)))
    assert result.timing == Timing((0, 0, 200), (0, 300, 400))
    assert result.below_zero == 2
    untouched = Timing((0, 5), (1, 6))
    assert clamp_at_zero(untouched).timing is untouched
