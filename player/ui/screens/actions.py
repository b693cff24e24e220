"""The main screen's key actions: one line each, calling a controller (playback, editing) or
starting a dialog flow; the screen repaints from what comes back. Mixed into `MainScreen`,
which provides the members declared here."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from player.ui.screens import align_flow, flows
from player.ui.screens.help import HelpScreen

if TYPE_CHECKING:
    from player.app import CaptionPlayerApp
    from player.editing.outcome import Outcome
    from player.ui.screens.main import MainScreen
    from player.ui.screens.strip_driver import StripDriver
    from player.ui.screens.watching import Watching
    from player.ui.widgets.search_bar import SearchBar


class KeyActions(Screen[None]):
    """Every key of the player (the bindings are the main screen's)."""

    search_box: SearchBar
    strip_driver: StripDriver
    watching: Watching

    @property
    def _main(self) -> MainScreen:
        """This screen as the main screen, which the dialog flows take."""
        return cast("MainScreen", self)

    # -- provided by the main screen ---------------------------------------------------------------
    @property
    def player(self) -> CaptionPlayerApp:
        raise NotImplementedError

    @property
    def cursor(self) -> int:
        raise NotImplementedError

    @property
    def playhead(self) -> int:
        raise NotImplementedError

    def played(self, changed: bool, *, state: bool = False) -> None:
        raise NotImplementedError

    def warn(self, message: str | None) -> None:
        raise NotImplementedError

    def say(self, message: str, *, warning: bool = False) -> None:
        raise NotImplementedError

    def show(self, outcome: Outcome) -> None:
        raise NotImplementedError

    def _follow_changed(self) -> None:
        raise NotImplementedError

    def search_step(self, forward: bool) -> None:
        raise NotImplementedError

    # -- audio strip -------------------------------------------------------------------------------
    def action_zoom(self, steps: int) -> None:
        self.strip_driver.zoom(steps)

    def action_snap(self, end: int) -> None:
        envelope = self.strip_driver.envelope
        self.show(self.player.editing.snap(self.cursor, envelope, end=bool(end)))

    # -- playback keys: one line each -------------------------------------------------------------
    def action_toggle_pause(self) -> None:
        self.played(self.player.playback.toggle_pause(), state=True)

    def action_seek(self, delta_ms: int) -> None:
        self.played(self.player.playback.seek_by(delta_ms))

    def action_previous_cue(self) -> None:
        self.played(self.player.playback.previous_cue())

    def action_next_cue(self) -> None:
        self.played(self.player.playback.next_cue())

    def action_speed(self, direction: int) -> None:
        playback = self.player.playback
        if playback.speed(direction):
            self.say(f"Speed {playback.status().rate:.2f}×")
            self.played(True)

    def action_volume(self, delta: int) -> None:
        playback = self.player.playback
        if playback.volume(delta):
            self.say(f"Volume {playback.status().volume}")
            self.played(True)

    def action_mute(self) -> None:
        playback = self.player.playback
        if playback.toggle_mute():
            self.say("Muted" if playback.muted else "Sound on")
            self.played(True)

    def action_loop(self) -> None:
        playback = self.player.playback
        # Following, the active cue is the spoken one (the cursor may be a poll behind it).
        active = self.cursor if len(playback.track) and not playback.follow else None
        problem = playback.toggle_loop(active)
        if problem:
            self.warn(problem)
            return
        cue = playback.loop_cue
        self.say(f"Looping cue {cue + 1}" if cue is not None else "Loop off")
        self.played(True)

    def action_follow(self) -> None:
        self.player.playback.toggle_follow()
        self._follow_changed()

    def action_search(self) -> None:
        self.search_box.open(self.cursor)

    def action_search_next(self) -> None:
        self.search_step(True)

    def action_search_previous(self) -> None:
        self.search_step(False)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.player.settings.keymap))

    def action_toggle_video(self) -> None:
        self.say(self.watching.toggle_video())

    def action_toggle_second(self) -> None:
        self.say(self.watching.toggle_second())
        self.search_box.search.reset(len(self.player.playback.track))

    def action_quit(self) -> None:
        self.run_worker(flows.quit(self._main), group="flow")

    # -- editing keys: one line each --------------------------------------------------------------
    def action_offset(self, delta_ms: int) -> None:
        self.show(self.player.editing.offset(delta_ms))

    def action_starts_now(self, only_later: int) -> None:
        self.show(self.player.editing.starts_now(self.cursor, self.playhead, bool(only_later)))

    def action_set_start(self) -> None:
        self.show(self.player.editing.set_start(self.cursor, self.playhead))

    def action_set_end(self) -> None:
        self.show(self.player.editing.set_end(self.cursor, self.playhead))

    def action_nudge(self, start: int, end: int) -> None:
        self.show(self.player.editing.nudge(self.cursor, start, end))

    def action_anchor(self) -> None:
        self.show(self.player.editing.anchor(self.cursor, self.playhead))

    def action_split(self) -> None:
        self.show(self.player.editing.split(self.cursor, self.playhead))

    def action_merge(self) -> None:
        self.show(self.player.editing.merge(self.cursor))

    def action_delete_cue(self) -> None:
        self.show(self.player.editing.delete(self.cursor))

    def action_insert_cue(self) -> None:
        self.run_worker(flows.insert_cue(self._main), group="flow")

    def action_undo(self) -> None:
        self.show(self.player.editing.undo())

    def action_redo(self) -> None:
        self.show(self.player.editing.redo())

    # -- keys that open a dialog: a flow each (player/ui/screens/flows.py) ------------------------
    def action_resync(self) -> None:
        self.run_worker(flows.resync(self._main), group="flow")

    def action_edit_text(self) -> None:
        self.run_worker(flows.edit_text(self._main), group="flow")

    def action_tidy(self) -> None:
        self.run_worker(flows.tidy(self._main), group="flow")

    def action_auto_sync(self) -> None:
        self.run_worker(flows.auto_sync(self._main), group="flow")

    def action_align_words(self) -> None:
        self.run_worker(align_flow.align(self._main), group="flow")

    def action_save(self) -> None:
        self.run_worker(flows.save(self._main), group="flow")

    def action_export(self) -> None:
        self.run_worker(flows.export(self._main), group="flow")
