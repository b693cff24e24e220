"""Fixtures of the unit tier."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_run import srt


@pytest.fixture
def small_srt(tmp_path: Path) -> Path:
    """Four cues in `in.srt` in the test's directory, for the `captions` command's tests."""
    path = tmp_path / "in.srt"
    path.write_text(
        srt(
            (1000, 3000, "One"),
            (4000, 6000, "Two"),
            (10_000, 12_000, "Three"),
            (20_000, 22_000, "Four"),
        )
    )
    return path
