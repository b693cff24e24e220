"""The audio strip as a person sees it: `caption-player` in tmux playing the bundled talk, the
strip drawn under the now panel and its playhead (▲) moving with the clock; compact at 80x24,
hidden when the terminal is smaller."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.integration.test_tmux import STATUS, assert_no_noise, playing_status, seconds
from tests.tmux_harness import player_command, tmux_session

pytestmark = pytest.mark.tmux

BARS = set("▁▂▃▄▅▆▇█")
PLAYHEAD = "▲"


def strip_rows(screen: str) -> list[str]:
    """The rows between the now panel's bottom border and the transcript's first row."""
    lines = screen.splitlines()
    bottom = next((i for i, line in enumerate(lines) if line.startswith("╰")), None)
    if bottom is None:
        return []
    rows = []
    for line in lines[bottom + 1 :]:
        if re.match(r"^[▶› ] \d+:\d\d", line):
            break
        rows.append(line)
    return rows


def playhead_column(screen: str) -> int | None:
    rows = strip_rows(screen)
    if not rows or PLAYHEAD not in rows[-1]:
        return None
    return rows[-1].index(PLAYHEAD)


def elapsed(screen: str) -> float:
    match = STATUS.search(screen)
    assert match, screen
    return seconds(match.group(2))


def drawn(screen: str) -> bool:
    rows = strip_rows(screen)
    return (
        playing_status(screen)
        and playhead_column(screen) is not None
        and any(BARS & set(row) for row in rows[:-1])
    )


def test_strip_is_drawn_and_follows_the_playhead(tmp_path: Path) -> None:
    env = {"CAPTION_PLAYER_CACHE_DIR": str(tmp_path / "cache")}
    argv = [*player_command(), "--audio", "none", "--start", "0:30"]
    with tmux_session(argv, width=120, height=40, env=env) as term:
        try:
            screen = term.wait_for(drawn, timeout=90, what="the audio strip while playing")
            rows = strip_rows(screen)
            assert len(rows) == 4, rows  # 3 rows of bars and the marker row at 120x40
            assert all(len(row) <= 120 for row in rows)
            # The active cue's start or end is marked.
            assert "[" in rows[-1] or "]" in rows[-1], rows
            first_col, first_t = playhead_column(screen), elapsed(screen)
            assert first_col is not None
            # Playing on, the playhead moves right (or the window turns, re-centring it).
            screen = term.wait_for(
                lambda s: drawn(s) and elapsed(s) >= first_t + 2,
                timeout=30,
                what="two more seconds of playback",
            )
            later_col = playhead_column(screen)
            assert later_col is not None
            assert later_col > first_col or abs(later_col - 60) <= 2, (first_col, later_col)
            assert strip_rows(screen) != rows
            term.send("q")
            assert term.wait_exit(timeout=30) == 0
        finally:
            assert_no_noise(term)
    # The envelope was cached for next time.
    assert list((tmp_path / "cache" / "envelopes").glob("*.env"))


def test_strip_is_compact_at_80x24_and_hidden_at_70x18(tmp_path: Path) -> None:
    env = {"CAPTION_PLAYER_CACHE_DIR": str(tmp_path / "cache")}
    argv = [*player_command(), "--audio", "none"]
    with tmux_session(argv, width=80, height=24, env=env) as term:
        try:
            screen = term.wait_for(drawn, timeout=90, what="the audio strip at 80x24")
            rows = strip_rows(screen)
            assert len(rows) == 2, rows  # one row of bars and the marker row
            assert len(screen.splitlines()) <= 24
            term.send("q")
            assert term.wait_exit(timeout=30) == 0
        finally:
            assert_no_noise(term)
    with tmux_session(argv, width=70, height=18, env=env) as term:
        try:
            screen = term.wait_for(playing_status, timeout=60, what="playback at 70x18")
            assert strip_rows(screen) == [], screen
            assert PLAYHEAD not in screen
            term.send("q")
            assert term.wait_exit(timeout=30) == 0
        finally:
            assert_no_noise(term)
