"""Every option of the player in one object: the command line fills it (over the config file's
defaults, see `player.config`), `make_app` reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: The values of `Settings.video`.
VIDEO_MODES = ("auto", "window", "terminal", "none")


@dataclass(frozen=True)
class Settings:
    """What to open and how to play and edit it."""

    media: Path | None = None
    captions: Path | None = None
    #: Audio output: auto, none (silent; the clock still runs), pulse, alsa…
    audio: str = "auto"
    #: Where a video's picture goes: auto (window with a display, else terminal), window,
    #: terminal, none.
    video: str = "auto"
    #: A second caption track, shown under the main one (never edited).
    second: Path | None = None
    start_ms: int = 0
    rate: float = 1.0
    encoding: str | None = None
    autoplay: bool = True
    #: Nudge step for cue starts and ends.
    step_ms: int = 100
    #: Reaction time subtracted by "starts now" and anchors.
    reaction_ms: int = 250
    #: Seek back this much when playback resumes (to hear a fix again).
    rewind_on_resume_ms: int = 0
    #: Crash journals go under here (None: `$CAPTION_PLAYER_STATE_DIR` or the platform's).
    state_dir: Path | None = None
    #: Key remaps: binding id -> keys (Textual names, comma-separated), as `App.set_keymap`.
    keymap: dict[str, str] = field(default_factory=dict)
    #: Notes for the status line from opening (e.g. "no captions beside talk.opus").
    notes: tuple[str, ...] = ()
