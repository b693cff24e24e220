"""End to end with a display (Xvfb): `caption-player --video window` in tmux, the video in
libVLC's window with the captions as edited: a cue's text is on the picture, and once the cue
is deleted in the editor it leaves the picture (read back with PyAV's x11grab)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_video_window import display, screenshot, text_pixels
from tests.tmux_harness import player_command, tmux_session
from tests.video_samples import sample_video

pytestmark = [pytest.mark.tmux, pytest.mark.vlc]

__all__ = ["display"]  # the Xvfb fixture, shared with test_video_window

CUES = (
    "1\n00:00:00,500 --> 00:00:55,000\nHELLO WINDOW APP\n\n"
    "2\n00:00:56,000 --> 00:00:58,000\nLATER\n"
)


def test_deleting_a_cue_in_the_editor_removes_it_from_the_window(
    display: str, tmp_path: Path
) -> None:
    captions = tmp_path / "one.srt"
    captions.write_text(CUES, encoding="utf-8")
    argv = [*player_command(), str(sample_video()), str(captions), "--audio", "none"]
    argv += ["--video", "window"]
    with tmux_session(argv, width=100, height=30, env={"DISPLAY": display}) as tmux:
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        tmux.wait_for(
            lambda _: text_pixels(screenshot(display)).sum() > 200,
            timeout=30,
            what="the caption on the video window",
        )
        tmux.send("DC")  # Delete: the cue under the cursor
        tmux.wait_for("unsaved", timeout=10, what="the edit")
        tmux.wait_for(
            lambda _: text_pixels(screenshot(display)).sum() == 0,
            timeout=10,
            what="the caption gone from the window",
        )
