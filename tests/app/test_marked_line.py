"""The now panel's current line draws a word mark from two layouts of the cue (unmarked, all
marked): every row, cell by cell, is what laying out the marked cue whole draws."""

from __future__ import annotations

import random

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from player.ui.widgets.lines import MarkedLine, marked_lines, row_starts, text_extent
from player.ui.widgets.now_panel import NowPanel
from tests.app.test_compositor_rows import Recorder, full_render
from tests.app_harness import make_player, started

TEXTS = [
    "Short.",
    "A cue long enough to wrap over two rows of the now panel at this width, and still going "
    "on for a while so that the second row is full too, then a third row for good measure.",
    "Two lines\nof a cue, the second one longer than the first",
    "Escape \x1b[2J and a bell \x07 shown inert",
    "全角の文字は二つのセルを使います 全角の文字は二つのセルを使います",
    "  leading and trailing blanks  ",
    "word word word word word word word word word word word word word word word word word",
    "far too long " * 40,  # more than three rows: an ellipsis, laid out whole
    "a\ttab",
]


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    return [(char, segment.style) for segment in strip for char in segment.text]


def rows(line: MarkedLine) -> list[list[tuple[str, Style | None]]]:
    return [cells(line.render_line(y)) for y in range(line.size.height)]


def marks(text: str) -> list[int]:
    """Every word end, the ends, and a few points inside words."""
    ends = [i for i in range(1, len(text)) if text[i] == " " and text[i - 1] != " "]
    picks = random.Random(len(text)).sample(range(len(text) + 1), min(6, len(text) + 1))
    return sorted({0, len(text), len(text) + 3, *ends, *picks})


@pytest.mark.parametrize("size", [(120, 40), (61, 30)])
@pytest.mark.parametrize("second", [False, True])
async def test_every_mark_draws_what_the_whole_layout_draws(
    size: tuple[int, int], second: bool
) -> None:
    app, _, _ = make_player()
    async with app.run_test(size=size) as pilot:
        await started(pilot)
        panel = app.query_one(NowPanel)
        panel.set_class(second, "with-second")  # the cue sits at the bottom of its rows
        await pilot.pause()
        line = app.query_one("#now-current", MarkedLine)
        for text in TEXTS:
            for spoken in marks(text):
                line.mark(text, spoken)
                spliced = rows(line)
                line.set(marked_lines(text, spoken))
                assert rows(line) == spliced, (text, spoken)
                assert line.text == marked_lines(text, spoken).plain


async def test_a_theme_change_lays_the_cue_out_again() -> None:
    app, _, _ = make_player()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        line = app.query_one("#now-current", MarkedLine)
        text = TEXTS[1]
        line.mark(text, 30)
        before = rows(line)
        app.theme = "nord" if app.theme != "nord" else "gruvbox"
        await pilot.pause()
        line.mark(text, 30)
        after = rows(line)
        line.set(marked_lines(text, 30))
        assert rows(line) == after != before


def test_row_starts() -> None:
    plain = "one two three\nfour"
    assert row_starts(plain, [("one two", 2), ("three", 1), ("four", 0), ("", 0)]) == [
        (0, 2, "one two"),
        (8, 1, "three"),
        (14, 0, "four"),
        (18, 0, ""),
    ]
    assert row_starts(plain, [("one two", 0), ("thr…", 0)]) is None  # cut with an ellipsis
    assert row_starts(plain, [("one", 0), ("three", 0), ("four", 0)]) is None  # a word dropped
    assert row_starts("a\tb", [("a   b", 0)]) is None  # a tab expanded
    assert row_starts(plain, [("one two", 0), ("thrice", 0)]) is None  # a word changed


def test_text_extent() -> None:
    said = Style(color="red")
    unmarked = Strip([Segment("   "), Segment(" a b  ", Style(bold=True)), Segment("  ")])
    marked = Strip([Segment("   "), Segment(" a b  ", said), Segment("  ")])
    assert text_extent(unmarked, marked) == (" a b  ", 3)
    assert text_extent(unmarked, unmarked) == ("", 0)


async def test_showing_the_second_track_lays_the_cue_out_again() -> None:
    app, _, _ = make_player()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        panel = app.query_one(NowPanel)
        line = app.query_one("#now-current", MarkedLine)
        text = "Short."
        line.mark(text, 3)
        before = rows(line)
        panel.set_class(True, "with-second")  # the cue moves to the bottom of its rows
        await pilot.pause()
        line.mark(text, 3)
        after = rows(line)
        line.set(marked_lines(text, 3))
        assert rows(line) == after != before


async def test_a_mark_repaints_only_the_rows_it_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    app, _, _ = make_player()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        line = app.query_one("#now-current", MarkedLine)
        text = TEXTS[1]  # three rows
        line.mark(text, 0)
        rows(line)  # laid out
        first_row = len(line._layout.starts[0][2]) if line._layout else 0
        refreshed: list[tuple[object, ...]] = []
        original = line.refresh

        def counted(*regions: object, **kwargs: object) -> object:
            refreshed.append(regions)
            return original(*regions, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(line, "refresh", counted)
        line.mark(text, 5)  # inside the first row
        line.mark(text, first_row + 5)  # the first row done, into the second
        line.mark(text, first_row + 5)  # no change
        width = line.size.width
        assert [[(r.y, r.height, r.width) for r in regions] for regions in refreshed] == [  # type: ignore[attr-defined]
            [(0, 1, width)],
            [(0, 1, width), (1, 1, width)],
        ]
        line.mark("Short.", 2)  # another cue: all of it
        assert refreshed[-1] == ()


async def test_marks_repainted_row_by_row_compose_to_the_full_render() -> None:
    app, _, _ = make_player()
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        line = app.query_one("#now-current", MarkedLine)
        line.remove_class("silence")
        recorder = Recorder(app.main)
        text = TEXTS[1]
        for spoken in marks(text):
            line.mark(text, spoken)
            await recorder.settle(pilot)
        assert recorder.partials >= len(marks(text)) - 1
        assert recorder.terminal.rows == full_render(app.main)
