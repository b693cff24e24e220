"""The transcript with a second track: two lines a row (the second dimmed, under its cue), a
toggle back to one, and clicks, cursor and search on rows, not lines."""

from __future__ import annotations

from textual.app import App, ComposeResult

from player.ui.widgets.transcript_view import TranscriptView

MAIN = [f"main cue {i}" for i in range(50)]
SECOND = [f"zweite {i}" if i % 3 else "" for i in range(50)]


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TranscriptView(
            lambda row: row * 1000, MAIN.__getitem__, len(MAIN), second=SECOND.__getitem__
        )


def line_text(view: TranscriptView, y: int) -> str:
    return "".join(segment.text for segment in view.render_line(y))


async def test_each_row_has_its_second_line_under_it_dimmed() -> None:
    async with ListApp().run_test(size=(60, 12)) as pilot:
        view = pilot.app.query_one(TranscriptView)
        assert view.virtual_size.height == 100
        assert "main cue 0" in line_text(view, 0)
        assert line_text(view, 1).strip() == ""  # cue 0 has no second text
        assert "main cue 1" in line_text(view, 2)
        assert "zweite 1" in line_text(view, 3)
        assert "main cue" not in line_text(view, 3)
        second_style = next(s.style for s in view.render_line(3) if "zweite" in s.text)
        assert second_style is not None and second_style.italic


async def test_hiding_the_second_track_gives_one_line_a_row() -> None:
    async with ListApp().run_test(size=(60, 12)) as pilot:
        view = pilot.app.query_one(TranscriptView)
        view.show_second(False)
        await pilot.pause()
        assert view.virtual_size.height == 50
        assert "main cue 1" in line_text(view, 1)
        assert all("zweite" not in line_text(view, y) for y in range(10))
        view.show_second(True)
        await pilot.pause()
        assert "zweite 1" in line_text(view, 3)


async def test_cursor_and_clicks_work_in_rows() -> None:
    chosen: list[int] = []

    def hook(message: object) -> None:
        if isinstance(message, TranscriptView.RowChosen):
            chosen.append(message.row)

    async with ListApp().run_test(size=(60, 12), message_hook=hook) as pilot:
        view = pilot.app.query_one(TranscriptView)
        view.focus()
        await pilot.click(TranscriptView, offset=(20, 7))  # line 7: the second line of row 3
        await pilot.pause()
        assert view.cursor == 3 and not chosen  # a click moves the cursor
        await pilot.click(TranscriptView, offset=(20, 5), times=2)  # row 2's second line
        await pilot.pause()
        assert chosen and set(chosen) == {2}  # a double click plays (the hook sees it per node)
        assert view.cursor == 2
        view.cursor_to_row(30)
        await pilot.pause()
        top = int(view.scroll_offset.y)
        assert top % 2 == 0
        assert top <= 60 < top + view.scrollable_content_region.height
        assert "main cue 30" in line_text(view, 60 - top)
