"""The command's video options: a bad --second file or --video value is one line and exit 2,
before the UI, and an escape sequence in the second file's name or content never prints raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_player_cli import TALK, assert_one_error_line, run_player

TALK_TXT = TALK.with_suffix(".txt")


@pytest.mark.parametrize(
    "content", [None, b"", b"not \x1b[31mcaptions at all\n", b"\x00\xff" * 512]
)
def test_a_bad_second_track_is_one_line_before_the_ui(
    content: bytes | None, tmp_path: Path
) -> None:
    second = tmp_path / "second\x1b[2J.srt"
    if content is not None:
        second.write_bytes(content)
    result = run_player(TALK, TALK_TXT, "--second", second, tmp_path=tmp_path)
    assert result.returncode == 2, result
    assert result.stdout == ""
    line = assert_one_error_line(result.stderr, None)
    assert "second" in line
    assert "\x1b" not in result.stderr


def test_an_unknown_video_mode_is_refused(tmp_path: Path) -> None:
    result = run_player(TALK, "--video", "hologram", tmp_path=tmp_path)
    assert result.returncode == 2
    assert "--video" in result.stderr and "terminal" in result.stderr
