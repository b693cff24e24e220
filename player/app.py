"""The caption player: playback (PlaybackApp) plus search, help, the command palette and the
rule that keys act on the main screen only."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from textual import on
from textual.app import SystemCommand
from textual.screen import Screen

from player.help_screen import HelpScreen
from player.keymap import APP_KEYS, Key, bindings
from player.playback_app import PlaybackApp
from player.search_bar import SearchBar
from player.session import Session


class CaptionPlayerApp(PlaybackApp):
    """Plays a recording and follows its captions."""

    CSS_PATH = "app.tcss"
    TITLE = "caption-player"
    BINDINGS = bindings(APP_KEYS)
    #: Keys offered in the command palette.
    PALETTE_KEYS: tuple[Key, ...] = APP_KEYS

    def __init__(self, session: Session) -> None:
        super().__init__(session)

    # -- search ----------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.search_box.open(self.transcript.cursor)

    @on(SearchBar.Jump)
    def _search_jump(self, message: SearchBar.Jump) -> None:
        self.transcript.set_query(message.query)
        self._move_cursor_for_search(message.row)

    @on(SearchBar.Closed)
    def _search_closed(self) -> None:
        self.transcript.focus()

    def _move_cursor_for_search(self, row: int) -> None:
        self._last_cursor_move = time.monotonic()
        self.follow = False
        self.transcript.cursor_to_row(row, notify=False)
        self.refresh_status()

    def _search_step(self, forward: bool) -> None:
        query = self.search_box.search.query
        if not query:
            self.notify("No search yet: press / to search.", markup=False)
            return
        found = self.search_box.step(self.transcript.cursor, forward=forward)
        if found is None:
            self.notify(f"No match for {query!r}.", severity="warning", markup=False)
        else:
            self._move_cursor_for_search(found)

    def action_search_next(self) -> None:
        self._search_step(True)

    def action_search_previous(self) -> None:
        self._search_step(False)

    # -- help, palette, quit ----------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def _dialog_open(self) -> bool:
        """True while a dialog (a screen over the main one) has the keyboard."""
        return self.screen is not self.screen_stack[0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Our keys act on the main screen only: under a dialog, `z` or Del must not edit the
        captions behind it (quit stays, so Ctrl+Q always works)."""
        blocked = action != "quit" and action in self._own_actions() and self._dialog_open()
        return not blocked

    @classmethod
    def _own_actions(cls) -> frozenset[str]:
        return frozenset(key.action.split("(")[0] for key in cls.PALETTE_KEYS)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if screen is not self.screen_stack[0]:
            return  # the palette over a dialog offers no edits of what is behind it
        for key in self.PALETTE_KEYS:
            if key.palette and key.action not in ("quit", "help"):
                yield SystemCommand(
                    key.description, f"Key: {key.shown}", self._action_runner(key.action)
                )

    def _action_runner(self, action: str) -> Callable[[], None]:
        def run() -> None:
            self.call_later(self.run_action, action)

        return run

    async def action_quit(self) -> None:
        self._shutdown_backend()
        self.exit(0)
