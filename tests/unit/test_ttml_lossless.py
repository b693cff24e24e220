"""TTML saved through its source map: a no-op save gives the bytes back, a timing edit moves
only `begin`/`end` values (word-timed spans with them), a text edit redraws one `<p>`'s
content under its own start tag, and a file the map cannot cover is read as pysubs2 reads it.
The two files are pysubs2's test data (MIT, tkarabela/pysubs2 `tests/data/`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from captions.edits import History
from captions.formats import dumps, parse, parse_bytes
from captions.formats.ttml import ttml_stamp
from captions.history import EditFactory
from captions.track import Track

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = DATA / "ttml_example_pysubs2.ttml"  # offset times (`0.76s`), styles, regions, a head
APPLE = DATA / "ttml_example_apple_pysubs2.ttml"  # `ss.fff`/`m:ss.fff` times, word spans
TIME_VALUE = re.compile(r'\b(begin|end)="([^"]*)"')


def _load(path: Path) -> Track:
    return parse_bytes(path.read_bytes(), path=path)


def _editor(track: Track) -> tuple[History, EditFactory]:
    history = History(track)
    return history, EditFactory(track, history=history)


@pytest.mark.parametrize("path", [EXAMPLE, APPLE], ids=lambda p: p.name)
def test_no_op_render_is_the_source(path: Path) -> None:
    track = _load(path)
    assert track.source is not None
    assert dumps(track).encode(track.encoding) == path.read_bytes()


@pytest.mark.parametrize("path", [EXAMPLE, APPLE], ids=lambda p: p.name)
def test_a_shift_moves_only_time_values(path: Path) -> None:
    track = _load(path)
    before = dumps(track)
    history, edits = _editor(track)
    history.do(edits.shift_all(61_500))
    after = dumps(track)
    # Outside begin/end values, not a byte changed: head, styles, regions, ids, spans, comments.
    assert TIME_VALUE.sub("T", before) == TIME_VALUE.sub("T", after)
    assert len(TIME_VALUE.findall(before)) == len(TIME_VALUE.findall(after))
    again = parse(after, "ttml")
    loaded = parse(before, "ttml")
    assert [(e.start - 61_500, e.end - 61_500) for e in again.events] == [
        (e.start, e.end) for e in loaded.events
    ]
    history.undo()
    assert dumps(track) == before


def test_word_spans_move_with_their_line() -> None:
    track = _load(APPLE)
    _, edits = _editor(track)
    first = track.events[0]
    track_history = edits.history
    assert track_history is not None
    track_history.do(edits.nudge(0, start_by=1_000, keep_duration=True))
    out = dumps(track)
    line = out[out.index("<p ") : out.index("</p>")]
    # `<p begin="19.764"...>` and its first `<span begin="19.764" end="20.105">` by 1 s.
    assert 'begin="20.764" end="22.900"' in line
    assert '<span begin="20.764" end="21.105">When</span>' in line
    assert first.text.startswith("When")


def test_text_edit_redraws_one_paragraph_under_its_own_start_tag() -> None:
    track = _load(EXAMPLE)
    before = dumps(track)
    history, edits = _editor(track)
    history.do(edits.set_text(1, "Fish & <chips>\\Nsecond line"))
    after = dumps(track)
    start_tag = re.search(r'<p xml:id="subtitle2"[^>]*>', before)
    assert start_tag is not None
    head = start_tag.group(0)
    assert f"{head}Fish &amp; &lt;chips&gt;<br/>second line</p>" in after
    assert after.replace(after[after.index(head) : after.index("</p>", after.index(head))], "") == (
        before.replace(before[before.index(head) : before.index("</p>", before.index(head))], "")
    )
    assert parse(after, "ttml").events[1].plaintext == "Fish & <chips>\nsecond line"


def test_a_split_copy_drops_the_xml_id() -> None:
    track = _load(EXAMPLE)
    history, edits = _editor(track)
    event = track.events[0]
    history.do(edits.split(0, (event.start + event.end) // 2))
    out = dumps(track)
    assert out.count('xml:id="subtitle1"') == 1
    assert len(parse(out, "ttml").events) == len(track.events)


def test_a_file_it_cannot_map_is_read_as_pysubs2_reads_it() -> None:
    text = (
        '<tt xmlns="http://www.w3.org/ns/ttml"><body><div>'
        '<p begin="00:00:01.000" end="00:00:02.000">One</p>'
        '<p end="00:00:03.000">Begins at 0: no begin to rewrite</p>'
        "</div></body></tt>"
    )
    track = parse(text, "ttml")
    assert track.source is None and len(track.events) == 2


@pytest.mark.parametrize(
    ("old", "ms", "new"),
    [
        ("0.76s", 2_260, "2.26s"),
        ("5.0s", 6_500, "6.5s"),
        ("5.0s", 6_510, "6.51s"),
        ("12s", 12_345, "12.345s"),
        ("1500ms", 2_750, "2750ms"),
        ("1h", 7_200_000, "2h"),
        ("1h", 3_600_500, "3600.5s"),
        ("19.764", 81_264, "1:21.264"),
        ("19.764", 20_764, "20.764"),
        ("3:58.640", 239_640, "3:59.640"),
        ("00:00:01.375", 62_875, "00:01:02.875"),
        ("00:00:01.375", -5, "00:00:00.000"),
    ],
)
def test_times_are_written_in_their_own_style(old: str, ms: int, new: str) -> None:
    assert ttml_stamp(ms, old) == new


def test_an_edited_text_never_writes_what_xml_cannot_hold() -> None:
    track = _load(EXAMPLE)
    history, edits = _editor(track)
    history.do(edits.set_text(0, "bad\x1b[2J\x07 text"))
    out = dumps(track)
    assert "\x1b" not in out and "\x07" not in out
    assert parse(out, "ttml").events[0].plaintext == "bad[2J text"
