"""Issue 11 as a person sees it, in tmux at 80×24 and 120×40: the real app on the bundled talk
(real libvlc, silent output). The first paint, a two-line cue in the now panel, the status line
with the offset and the time while following is off and a loop is on, the last action on its
own line, the help and the tidy dialog on a small screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.tmux_harness import ROOT, player_command, tmux_session

TALK_SRT = ROOT / "samples" / "talk.srt"
TALK = ROOT / "samples" / "talk.opus"
FIRST = "Ten years ago, I visited Singapore office."
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def two_line_copy(tmp_path: Path) -> Path:
    """samples/talk.srt with its first cue on two lines."""
    copy = tmp_path / "talk.srt"
    text = TALK_SRT.read_text(encoding="utf-8")
    assert FIRST in text
    copy.write_text(text.replace(FIRST, "Ten years ago,\nI visited Singapore office.", 1), "utf-8")
    return copy


def status_row(screen: str) -> str:
    return next(line for line in screen.splitlines() if "offset " in line)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_what_the_editor_shows(two_line_copy: Path, width: int, height: int) -> None:
    argv = [*player_command(), str(TALK), str(two_line_copy), "--audio", "none", "--paused"]
    with tmux_session(argv, width=width, height=height) as tmux:
        # libvlc is ready when the duration is known (at 80 columns "audio: …" has no room).
        screen = tmux.wait_for("/ 41:50", timeout=60, what="libvlc ready")
        # The first paint already showed the real first state (4): cue 1, on two rows.
        for seen in tmux.captures:
            assert "◀ Ten years ago" not in seen and "next cue in 4.0 s" not in seen
            assert "00:00.000 / 00:00.000" not in seen
        rows = screen.splitlines()
        first = next(i for i, row in enumerate(rows) if "Ten years ago," in row)
        assert "I visited Singapore office." in rows[first + 1]
        assert "␊" not in screen
        assert "cue 1 · 00:00.000–00:04.000" in screen  # the active cue's start-end (9)
        assert re.search(r"Space\s+Play", screen)  # paused: the footer offers Play
        # Follow off, a loop on, three edits: the time and the offset stay (5).
        tmux.send("l", "Down", "x", "x", "x")
        screen = tmux.wait_for("offset +0.300 s", what="the offset after three x")
        row = status_row(screen)
        assert re.search(r"00:00\.\d{3} / 4\d:\d\d\.\d{3}", row), row
        assert "follow off" in row and "loop cue 1" in row, row
        assert "Shift all +0.100 s" in screen  # the last action, on its own line
        assert screen.count("Shift all +0.100 s") == 1  # replaced, not stacked
        # Help: every group name whole, End goes to the last key, not sideways (8).
        tmux.send("?")
        screen = tmux.wait_for("Keys — Esc closes", what="the help screen")
        for group in ("Transcript", "Playback"):  # the first page; the pilot test sees all
            assert re.search(rf"\b{group}\b", screen), group
        tmux.send("End")
        screen = tmux.wait_for(
            lambda s: re.search(r"Ctrl\+Y\s+Redo", s) is not None, what="the last key"
        )
        assert "Key" in screen and "Action" in screen  # the columns did not scroll away
        tmux.send("Escape")
        tmux.wait_for(lambda s: "Keys — Esc closes" not in s, what="help closed")
        # Tidy: the count and the buttons without tabbing (8).
        tmux.send("t")
        screen = tmux.wait_for("Would change", what="the tidy count")
        assert "Apply" in screen and "Cancel" in screen
        tmux.send("Escape")
