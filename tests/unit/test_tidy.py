"""tidy and over_limits: hand-computed examples, hypothesis properties (limits met, text kept,
idempotent, input untouched) and the Whisper-style sample talk."""

from __future__ import annotations

import math
import shutil
from collections.abc import Sequence
from itertools import groupby, pairwise
from pathlib import Path

import pysubs2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from captions import reflow
from captions.formats import load
from captions.tidy import TidyLimits, over_limits, tidy

PROPERTY = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
ROOT = Path(__file__).resolve().parents[2]
SEED = Path("/work/shared/seeds/000_014141487b4f9b5e.txt")


def ev(start: int, end: int, text: str, **fields: object) -> pysubs2.SSAEvent:
    return pysubs2.SSAEvent(start=start, end=end, text=text, **fields)  # type: ignore[arg-type]


def times(events: Sequence[pysubs2.SSAEvent]) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.text) for e in events]


# --- examples computed by hand (default limits: 7 s, 0.8 s, 80 ms, 20 cps) -------------------


def test_continuous_segments_get_gaps_min_duration_and_cap() -> None:
    events = [
        ev(0, 3000, "Hello there."),  # next starts at 3000: end 3000 - 80
        ev(3000, 3200, "Hi."),  # 0.8 s minimum: 3800, room until 4920
        ev(5000, 5100, "Wait, what happened here?"),  # 25 chars: 1250 ms, room until 5820
        ev(5900, 20000, "Fine."),  # short text, 14.1 s: capped at 7 s
    ]
    result = tidy(events, TidyLimits())
    assert [(e.start, e.end) for e in result.events] == [
        (0, 2920),
        (3000, 3800),
        (5000, 5820),
        (5900, 12900),
    ]
    assert (result.changed, result.split) == (4, 0)


SENTENCES = [
    "Aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj.",
    "Kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt.",
    "Uuuu vvvv wwww xxxx yyyy zzzz aaaa bbbb cccc dddd.",
]


def test_long_cue_split_in_proportion_at_sentence_ends() -> None:
    # 152 characters cannot be read in 7 s at 20 cps: 21 s is cut into ceil(21 / 7) = 3 pieces
    # of 41 visible characters each, i.e. 7 s each, then the 80 ms gaps.
    source = ev(0, 21000, "{\\an8}" + " ".join(SENTENCES), style="Top", name="Ann", layer=2)
    result = tidy([source], TidyLimits())
    assert times(result.events) == [
        (0, 6920, "{\\an8}" + SENTENCES[0]),
        (7000, 13920, "{\\an8}" + SENTENCES[1]),
        (14000, 21000, "{\\an8}" + SENTENCES[2]),
    ]
    assert all((e.style, e.name, e.layer) == ("Top", "Ann", 2) for e in result.events)
    assert (result.changed, result.split) == (1, 2)
    assert source.end == 21000 and source.text.startswith("{\\an8}Aaaa")  # input untouched


def test_reflow_balances_two_lines() -> None:
    text = "This is a fairly long line of text that should wrap nicely"
    result = tidy([ev(0, 4000, text)], TidyLimits(max_line_chars=42, max_lines=2))
    # 58 characters; the most even break gives lines of 29 and 28.
    assert times(result.events) == [
        (0, 4000, "This is a fairly long line of\\Ntext that should wrap nicely")
    ]
    assert result.changed == 1


def test_text_within_limits_is_untouched_and_same_object() -> None:
    event = ev(0, 4000, "Short line\\Nand another")
    result = tidy([event], TidyLimits(max_line_chars=42, max_lines=2))
    assert result.events[0] is event
    assert (result.changed, result.split) == (0, 0)


def test_overlapping_cues_are_kept_and_order_does_not_matter() -> None:
    a = ev(0, 5000, "a")
    b = ev(1000, 1100, "b")  # overlaps a; 50 ms before c: end 1150 - 80
    c = ev(1150, 3000, "c")
    expected = {"a": (0, 5000), "b": (1000, 1070), "c": (1150, 3000)}
    for order in ([a, b, c], [c, a, b]):
        result = tidy(order, TidyLimits())
        assert [e.text for e in result.events] == [e.text for e in order]
        assert {e.text: (e.start, e.end) for e in result.events} == expected


def test_comments_are_left_alone_and_ignored() -> None:
    comment = ev(900, 950, "note to self", type="Comment")
    events = [ev(0, 100, "one"), comment, ev(1000, 2000, "two")]
    result = tidy(events, TidyLimits())
    assert result.events[1] is comment
    assert (result.events[0].start, result.events[0].end) == (0, 800)


def test_reversed_cue_is_repaired_and_drawings_are_not_split() -> None:
    drawing = "{\\p1}m 0 0 l 100 0 100 100 l 0 100" + " l 5 5" * 40 + "{\\p0}"
    events = [ev(500, 100, "x"), ev(10_000, 40_000, drawing)]
    result = tidy(events, TidyLimits(max_line_chars=10, max_lines=1))
    assert times(result.events) == [(500, 1300, "x"), (10_000, 17_000, drawing)]


def test_over_limits_counts_by_hand() -> None:
    events = [
        ev(0, 8000, "x"),  # too long
        ev(8050, 8100, "too fast text here"),  # too short, too fast; gap 50 before it
        ev(9000, 12000, "a line that is much too long to fit\\Non\\Nthree"),
        ev(9500, 9600, "hidden", type="Comment"),
    ]
    counts = over_limits(events, TidyLimits(max_line_chars=20, max_lines=2))
    assert counts == {
        "too_long": 1,
        "too_short": 1,
        "too_fast": 1,
        "gap_too_small": 1,
        "lines_too_long": 1,
    }


def test_limits_are_validated() -> None:
    with pytest.raises(ValueError):
        TidyLimits(min_duration_ms=8000)
    with pytest.raises(ValueError):
        TidyLimits(max_cps=0)
    with pytest.raises(ValueError):
        TidyLimits(max_line_chars=0, max_lines=2)


# --- properties ------------------------------------------------------------------------------

WORD = st.builds(
    lambda core, punct, tag: tag + core + punct,
    st.one_of(
        st.text(alphabet="abcdefghijklmnop", min_size=1, max_size=10),
        st.text(alphabet="xyz", min_size=30, max_size=60),  # longer than any line limit
    ),
    st.sampled_from(["", "", "", ".", ",", "?", "!", ";", ":"]),
    st.sampled_from(["", "", "", "", "{\\i1}", "{\\an8}", "{\\fnTimes New Roman}"]),
)
SEPARATOR = st.sampled_from([" ", " ", " ", " ", "  ", "\\N", "\\n", " \\N "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORD, max_size=60))
    out = ""
    for i, word in enumerate(words):
        out += (draw(SEPARATOR) if i else "") + word
    return out + draw(st.sampled_from(["", "", " ", "{\\i0}"]))


@st.composite
def event_lists(draw: st.DrawFn) -> list[pysubs2.SSAEvent]:
    count = draw(st.integers(min_value=0, max_value=25))
    events = []
    for i in range(count):
        start = draw(st.integers(min_value=0, max_value=60_000))
        duration = draw(
            st.one_of(
                st.integers(min_value=0, max_value=3000),
                st.integers(min_value=3000, max_value=40_000),
                st.integers(min_value=-500, max_value=0),
            )
        )
        events.append(
            ev(
                start,
                start + duration,
                draw(texts()),
                name=f"e{i}",
                style=draw(st.sampled_from(["Default", "Top"])),
                layer=draw(st.integers(min_value=0, max_value=2)),
                type="Comment" if draw(st.integers(0, 9)) == 0 else "Dialogue",
            )
        )
    return events


@st.composite
def limit_sets(draw: st.DrawFn) -> TidyLimits:
    max_duration = draw(st.integers(min_value=1000, max_value=10_000))
    reflows = draw(st.booleans())
    return TidyLimits(
        max_duration_ms=max_duration,
        min_duration_ms=draw(st.integers(min_value=0, max_value=max_duration)),
        min_gap_ms=draw(st.integers(min_value=0, max_value=300)),
        max_cps=draw(st.floats(min_value=5.0, max_value=30.0)),
        max_line_chars=draw(st.integers(min_value=8, max_value=50)) if reflows else None,
        max_lines=draw(st.integers(min_value=1, max_value=3)) if reflows else None,
    )


def snapshot(events: Sequence[pysubs2.SSAEvent]) -> list[dict[str, object]]:
    return [e.as_dict() for e in events]


def source_of(event: pysubs2.SSAEvent) -> int:
    return int(event.name[1:])


def in_start_order(events: Sequence[pysubs2.SSAEvent]) -> list[pysubs2.SSAEvent]:
    return sorted((e for e in events if not e.is_comment), key=lambda e: e.start)


def widths(event: pysubs2.SSAEvent) -> int:
    return sum(len(w) for w in event.plaintext.split())


@PROPERTY
@given(event_lists(), limit_sets())
def test_tidy_meets_its_limits_and_keeps_text(
    events: list[pysubs2.SSAEvent], limits: TidyLimits
) -> None:
    before = snapshot(events)
    result = tidy(events, limits)
    out = result.events
    assert snapshot(events) == before  # input not mutated

    # Every output cue comes from an input cue, in file order, keeping its other fields.
    sources = [source_of(e) for e in out]
    assert sorted(set(sources)) == list(range(len(events)))
    assert sources == sorted(sources)
    assert result.split == len(out) - len(events)
    changed = 0
    for index, group in groupby(out, key=source_of):
        pieces = list(group)
        source = events[index]
        fixed = {k: v for k, v in source.as_dict().items() if k not in ("start", "end", "text")}
        for piece in pieces:
            assert {k: v for k, v in piece.as_dict().items() if k in fixed} == fixed
        if source.is_comment:
            assert pieces == [source] and pieces[0] is source
            continue
        # Starts never move; pieces share the cue's time in proportion to their text.
        assert pieces[0].start == source.start
        span = max(source.end, source.start) - source.start
        total = sum(widths(p) for p in pieces)
        for piece, following in pairwise(pieces):
            assert following.start - piece.start == pytest.approx(
                span * widths(piece) / total, abs=3
            )
        if len(pieces) > 1 or times(pieces) != times([source]):
            changed += 1
            assert all(p is not source for p in pieces)
    assert result.changed == changed

    # Text is kept, word for word, in order.
    assert [w for e in out for w in e.plaintext.split()] == [
        w for e in events for w in e.plaintext.split()
    ]

    ordered = in_start_order(out)
    for event in ordered:
        assert event.start <= event.end
        assert event.end - event.start <= limits.max_duration_ms
        if limits.max_line_chars is not None and limits.max_lines is not None:
            lines = event.plaintext.split("\n")
            assert len(lines) <= limits.max_lines
            for line in lines:
                assert len(line.strip()) <= limits.max_line_chars or len(line.split()) == 1
    for event, following in pairwise(ordered):
        if following.start >= event.end:  # consecutive and not overlapping
            gap = following.start - event.end
            assert gap >= min(limits.min_gap_ms, following.start - event.start)
    # Short cues were extended as far as the next cue allowed.
    for position, event in enumerate(ordered):
        chars = len(event.plaintext.replace("\n", ""))
        reading = math.ceil(chars * 1000 / limits.max_cps)
        wanted = min(limits.max_duration_ms, max(limits.min_duration_ms, reading))
        if event.end - event.start < wanted:
            assert position + 1 < len(ordered)
            following = ordered[position + 1]
            assert following.start < event.end or event.end == max(
                event.start, following.start - limits.min_gap_ms
            )

    # Idempotent.
    again = tidy(out, limits)
    assert times(again.events) == times(out)
    assert (again.changed, again.split) == (0, 0)
    assert over_limits(again.events, limits) == over_limits(out, limits)


@PROPERTY
@given(st.text(alphabet="ab .,\t\n-", max_size=40))
def test_plain_text_words_match_the_markup_parser(text: str) -> None:
    assert reflow.words_of(text) == reflow._parse_words(text)


@PROPERTY
@given(st.lists(WORD, min_size=1, max_size=40), st.integers(min_value=5, max_value=50))
def test_wrap_uses_fewest_lines_and_keeps_words(words: list[str], width: int) -> None:
    parsed = reflow.words_of(" ".join(words))
    wrapped = reflow.wrap(parsed, width)
    lines = wrapped.split("\\N")
    assert len(lines) == reflow.greedy_lines(parsed, width)
    assert [w.text for w in reflow.words_of(wrapped)] == [w.text for w in parsed]
    for line in lines:
        assert len(reflow.visible(line)) <= width or " " not in reflow.visible(line)


# --- the sample talk -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def talk(tmp_path_factory: pytest.TempPathFactory) -> list[pysubs2.SSAEvent]:
    path = ROOT / "samples" / "talk.txt"
    if not path.exists():
        path = tmp_path_factory.mktemp("talk") / "talk.txt"
        shutil.copy(SEED, path)
    events = load(path).events
    for i, event in enumerate(events):
        event.name = f"e{i}"
    return events


@pytest.mark.parametrize(
    "limits", [TidyLimits(), TidyLimits(max_line_chars=42, max_lines=2)], ids=["timing", "reflow"]
)
def test_talk_long_segment_becomes_readable_pieces(
    talk: list[pysubs2.SSAEvent], limits: TidyLimits
) -> None:
    longest = max(range(len(talk)), key=lambda i: talk[i].end - talk[i].start)
    source = talk[longest]
    assert source.end - source.start >= 23_000
    assert len(source.plaintext) > 150
    result = tidy(talk, limits)
    pieces = [e for e in result.events if e.name == source.name]
    assert len(pieces) >= math.ceil((source.end - source.start) / limits.max_duration_ms)
    assert " ".join(p.plaintext.replace("\n", " ") for p in pieces).split() == (
        source.plaintext.split()
    )
    span = source.end - source.start
    total = sum(widths(p) for p in pieces)
    for piece, following in pairwise(pieces):
        assert following.start - piece.start == pytest.approx(span * widths(piece) / total, abs=2)
    for piece in pieces:
        duration = piece.end - piece.start
        assert 0 < duration <= limits.max_duration_ms
        assert len(piece.plaintext.replace("\n", "")) * 1000 <= limits.max_cps * duration
    counts = over_limits(result.events, limits)
    assert counts["too_long"] == counts["gap_too_small"] == counts["lines_too_long"] == 0
    assert over_limits(talk, limits)["too_long"] > 0  # there was something to fix
