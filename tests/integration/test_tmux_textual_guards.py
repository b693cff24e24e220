"""Textual's failure modes in a real terminal (tmux), keys in one burst as a person's fingers or
a key repeat send them: Ctrl+P then PageUp/PageDown, and 100 edits; the app stays up, keeps
every edit and saves them."""

from __future__ import annotations

from pathlib import Path

import pytest

from captions.formats import load
from tests.tmux_harness import ROOT, player_command, tmux_session

TALK_SRT = ROOT / "samples" / "talk.srt"
TALK = ROOT / "samples" / "talk.opus"


#: What the terminal sends for PageUp and PageDown.
PAGE_KEYS = {"pageup": "\x1b[5~", "pagedown": "\x1b[6~"}


@pytest.mark.parametrize("page_key", sorted(PAGE_KEYS))
def test_palette_then_page_key_and_100_edits_in_bursts(tmp_path: Path, page_key: str) -> None:
    copy = tmp_path / "talk.srt"
    copy.write_bytes(TALK_SRT.read_bytes())
    argv = [*player_command(), str(TALK), str(copy), "--audio", "none", "--paused"]
    with tmux_session(argv) as tmux:
        tmux.wait_for("audio: none", timeout=60, what="libvlc ready")
        tmux.send("x")
        tmux.wait_for("offset +0.100 s", what="the first edit")
        # Ctrl+P and the page key in one write to the terminal, as one burst of input.
        tmux._run("send-keys", "-t", tmux.name, "-l", "\x10" + PAGE_KEYS[page_key])
        tmux.wait_for("Search for commands", what="the command palette")
        assert tmux.exit_status() is None and "Traceback" not in tmux.capture()
        tmux.send("Escape")
        tmux.wait_for(lambda s: "Search for commands" not in s, what="the palette closed")
        tmux.send(*["x"] * 100)
        tmux.wait_for("offset +10.100 s", timeout=60, what="the offset after 100 more edits")
        tmux.send("C-s")
        tmux.wait_for("Saved talk.srt", what="the save")
        tmux.send("q")
        assert tmux.wait_exit() == 0
    expected = [(e.start + 10_100, e.end + 10_100) for e in load(TALK_SRT).events]
    assert [(e.start, e.end) for e in load(copy).events] == expected
