"""The mouse in the transcript: a click makes a row the active cue, a double click plays it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.message import Message

from player.ui.widgets.transcript_view import TranscriptView

TEXTS = [f"cue {i}" for i in range(50)]


class ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Message] = []

    def compose(self) -> ComposeResult:
        yield TranscriptView(lambda row: row * 1000, TEXTS.__getitem__, len(TEXTS))

    def on_transcript_view_cursor_moved(self, message: TranscriptView.CursorMoved) -> None:
        self.seen.append(message)

    def on_transcript_view_row_chosen(self, message: TranscriptView.RowChosen) -> None:
        self.seen.append(message)


async def test_click_makes_the_row_active_without_playing() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(TranscriptView)
        await pilot.click(TranscriptView, offset=(5, 7))
        await pilot.pause()
        assert view.cursor == 7
        assert [type(m) for m in app.seen] == [TranscriptView.CursorMoved]
        assert app.seen[0].row == 7  # type: ignore[attr-defined]


async def test_double_click_plays_the_row() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(TranscriptView)
        await pilot.double_click(TranscriptView, offset=(5, 4))
        await pilot.pause()
        assert view.cursor == 4
        chosen = [m for m in app.seen if isinstance(m, TranscriptView.RowChosen)]
        assert [m.row for m in chosen] == [4]
