"""Fixtures shared by the real-libVLC integration tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from player.playback.vlc_backend import VlcBackend
from tests.vlc_waits import started


@pytest.fixture
def terminal_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[VlcBackend]:
    """A started backend drawing video into the terminal's frame callbacks, with no display."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    backend = started(VlcBackend(audio="none", log_path=tmp_path / "vlc.log", terminal_video=True))
    yield backend
    backend.close()
