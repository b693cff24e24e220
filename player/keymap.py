"""The one key map: app bindings, the footer, the help screen, the command palette and the
README's key table all come from here. Keys follow mpv where mpv has one."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace

from textual.binding import Binding, BindingType


@dataclass(frozen=True, slots=True)
class Key:
    """One key: what it does and where it shows."""

    keys: str  # Textual key names, comma-separated alternatives
    action: str
    description: str
    group: str = ""  # set by `in_group`
    footer: bool = False
    display: str | None = None  # how the help screen and README spell the key
    palette: bool = True  # offered in the command palette
    short: str | None = None  # footer label, when shorter than the description

    @property
    def id(self) -> str:
        """The binding id users remap in the config file's [keys] table: the action as
        written in the key map, e.g. `toggle_pause` or `seek(-5000)`."""
        return self.action

    def binding(self, *, priority: bool = False) -> Binding:
        """As a Textual Binding (with its id, so `App.set_keymap` can remap it)."""
        return Binding(
            self.keys,
            self.action,
            self.short or self.description,
            show=self.footer,
            key_display=self.display,
            priority=priority,
            id=self.id,
        )

    @property
    def shown(self) -> str:
        """Human spelling of the key."""
        return self.display or self.keys

    def shown_with(self, keymap: Mapping[str, str]) -> str:
        """The key's spelling once `keymap` (binding id -> keys) is applied."""
        return keymap.get(self.id, self.shown)


PLAYBACK = "Playback"
NAVIGATION = "Transcript"
WATCHING = "Watching"
SEARCH = "Search"
TIMING = "Timing"
EDITING = "Editing"
FILE = "File"


def in_group(group: str, *keys: Key, palette: bool = True) -> tuple[Key, ...]:
    """`keys` as listed, each shown under `group` (and offered in the palette or not)."""
    return tuple(replace(key, group=group, palette=palette) for key in keys)


#: Keys handled by the transcript list itself (cursor movement).
TRANSCRIPT_KEYS: tuple[Key, ...] = in_group(
    NAVIGATION,
    Key("up", "cursor(-1)", "Cursor up one cue", display="↑"),
    Key("down", "cursor(1)", "Cursor down one cue", display="↓"),
    Key("pageup", "page(-1)", "Cursor up one page", display="PgUp"),
    Key("pagedown", "page(1)", "Cursor down one page", display="PgDn"),
    Key("home", "cursor_to(0)", "Cursor to first cue", display="Home"),
    Key("end", "cursor_to(-1)", "Cursor to last cue", display="End"),
    Key("enter", "choose", "Play from the cue under the cursor", footer=True, display="Enter",
        short="Play cue"),
    palette=False,
)  # fmt: skip

#: Keys handled by the app.
APP_KEYS: tuple[Key, ...] = (
    *in_group(
        PLAYBACK,
        Key("space", "toggle_pause", "Play / pause", footer=True, display="Space", short="Pause"),
        Key("left", "seek(-5000)", "Seek back 5 s", display="←"),
        Key("right", "seek(5000)", "Seek forward 5 s", display="→"),
        Key("shift+left", "seek(-60000)", "Seek back 60 s", display="Shift+←"),
        Key("shift+right", "seek(60000)", "Seek forward 60 s", display="Shift+→"),
        Key("ctrl+left", "previous_cue", "Previous cue", display="Ctrl+←"),
        Key("ctrl+right", "next_cue", "Next cue", display="Ctrl+→"),
        Key("left_square_bracket", "speed(-1)", "Slower (speed ÷ 1.1)", display="["),
        Key("right_square_bracket", "speed(1)", "Faster (speed × 1.1)", display="]"),
        Key("backspace", "speed(0)", "Normal speed (1.0)", display="Backspace"),
        Key("9", "volume(-5)", "Volume down"),
        Key("0", "volume(5)", "Volume up"),
        Key("m", "mute", "Mute / unmute"),
        Key("l", "loop", "Loop the active cue (again to stop)", short="Loop"),
        Key("plus,equals_sign", "zoom(-1)", "Audio strip: zoom in", display="+"),
        Key("minus", "zoom(1)", "Audio strip: zoom out", display="-"),
    ),
    *in_group(NAVIGATION, Key("f", "follow", "Follow the spoken cue on / off", short="Follow")),
    *in_group(
        WATCHING,
        Key("v", "toggle_video", "Video pane on / off (hidden: no video decoded)"),
        Key("b", "toggle_second", "Second track on / off (edits change the main track only)"),
    ),
    *in_group(
        SEARCH,
        Key("slash", "search", "Search the text", footer=True, display="/", short="Search"),
        Key("n", "search_next", "Next match"),
        Key("N", "search_previous", "Previous match", display="Shift+N"),
    ),
    *in_group(
        FILE,
        Key("question_mark", "help", "Help: every key", footer=True, display="?", short="Help"),
        Key("q", "quit", "Quit", footer=True),
    ),
)

#: Keys of the timing editor: every change is an undoable edit of the caption file.
EDITOR_KEYS: tuple[Key, ...] = (
    *in_group(
        TIMING,
        Key("z", "offset(-100)", "All captions 100 ms earlier (saved in the file)",
            short="Earlier"),
        Key("x", "offset(100)", "All captions 100 ms later (saved in the file)", short="Later"),
        Key("Z", "offset(-1000)", "All captions 1 s earlier", display="Shift+Z"),
        Key("X", "offset(1000)", "All captions 1 s later", display="Shift+X"),
        Key("s", "starts_now(0)", "Cue under the cursor starts now: shift all"),
        Key("S", "starts_now(1)", "Cue under the cursor and later ones start now",
            display="Shift+S"),
        Key("a", "anchor", "Resync anchor: the cue under the cursor is heard now"),
        Key("A", "resync", "Resync from the anchors (preview, then apply)", display="Shift+A"),
        Key("i", "set_start", "Cue starts at the playhead"),
        Key("o", "set_end", "Cue ends at the playhead"),
        Key("I", "snap(0)", "Cue start to the nearest speech onset", display="Shift+I"),
        Key("O", "snap(1)", "Cue end to the nearest speech offset", display="Shift+O"),
        Key("comma", "nudge(-1,0)", "Nudge cue start earlier by the step", display=","),
        Key("full_stop", "nudge(1,0)", "Nudge cue start later by the step", display="."),
        Key("less_than_sign", "nudge(0,-1)", "Nudge cue end earlier by the step", display="<"),
        Key("greater_than_sign", "nudge(0,1)", "Nudge cue end later by the step", display=">"),
        Key("Y", "auto_sync", "Auto-sync to audio (review before applying)", display="Shift+Y"),
        Key("W", "align_words", "Align words to speech: starts, ends, word times",
            display="Shift+W"),
    ),
    *in_group(
        EDITING,
        Key("e", "edit_text", "Edit the cue's text"),
        Key("k", "split", "Split the cue at the playhead"),
        Key("j", "merge", "Join the cue with the next one"),
        Key("delete", "delete_cue", "Delete the cue", display="Del"),
        Key("insert", "insert_cue", "Insert a cue at the playhead (asks its text)", display="Ins"),
        Key("t", "tidy", "Tidy: durations, reading speed, gaps, line length"),
        Key("ctrl+z", "undo", "Undo", display="Ctrl+Z"),
        Key("ctrl+y", "redo", "Redo", display="Ctrl+Y"),
    ),
    *in_group(
        FILE,
        Key("ctrl+s", "save", "Save to the caption file (original kept as .bak)", footer=True,
            display="Ctrl+S", short="Save"),
        Key("ctrl+e", "export", "Export to another format", display="Ctrl+E"),
    ),
)  # fmt: skip

ALL_KEYS: tuple[Key, ...] = TRANSCRIPT_KEYS + APP_KEYS + EDITOR_KEYS
#: Keys offered in the command palette (those of the main screen).
PALETTE_KEYS: tuple[Key, ...] = APP_KEYS + EDITOR_KEYS
#: Every binding id, for checking a config file's [keys] table.
BINDING_IDS: frozenset[str] = frozenset(key.id for key in ALL_KEYS)


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    """Textual bindings for a group of keys."""
    return [key.binding() for key in keys]


def markdown_table(
    keys: tuple[Key, ...] = ALL_KEYS, keymap: Mapping[str, str] | None = None
) -> str:
    """The key table for the README (with `keymap`'s remaps applied)."""
    rows = ["| Key | Action | Group | Binding id |", "|---|---|---|---|"]
    for key in keys:
        shown = key.shown_with(keymap or {}).replace("|", "\\|")
        rows.append(f"| `{shown}` | {key.description} | {key.group} | `{key.id}` |")
    return "\n".join(rows)


if __name__ == "__main__":  # pragma: no cover - `python -m player.keymap` prints the README table
    sys.stdout.write(markdown_table() + "\n")
