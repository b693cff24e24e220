"""Shared fixtures. The tiers: tests/unit (no UI, no libvlc), tests/app (the shipped app from
`make_app` under Textual's pilot, on tests/fakes.py's backend and clock), tests/integration
(real libvlc with --aout=adummy, the real terminal app in tmux)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_harness import SMALL_SRT


@pytest.fixture
def srt(tmp_path: Path) -> Path:
    """A small SRT file (tests.app_harness.SMALL_SRT) in the test's directory."""
    path = tmp_path / "talk.srt"
    path.write_text(SMALL_SRT, encoding="utf-8")
    return path


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    """A private state directory for crash journals."""
    return tmp_path / "state"


@pytest.fixture(autouse=True)
def _envelope_cache_outside_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """Audio envelopes the app computes go to one shared test cache (the tmux sessions' too),
    never the user's: each media file is analysed once per machine."""
    from tests.tmux_harness import SHARED_CACHE

    monkeypatch.setenv("CAPTION_PLAYER_CACHE_DIR", str(SHARED_CACHE))
