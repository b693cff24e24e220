"""An app that stops on an unhandled error makes `caption-player` exit with status 1 (it
exited 0 after a crash, as if the user had quit)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.app import App

from player import cli

ROOT = Path(__file__).resolve().parents[2]


class CrashingApp(App[None]):
    """Fails as it mounts, as a widget's bug would; runs headless (no terminal here)."""

    error_message: str | None = None

    def on_mount(self) -> None:
        raise RuntimeError("a widget's bug")

    def run(self, **kwargs: object) -> None:  # type: ignore[override]
        return super().run(headless=True)


def test_a_crash_exits_non_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("player.app.make_app", lambda settings: CrashingApp())
    monkeypatch.setattr(cli, "_require_terminal", lambda: None)
    monkeypatch.setattr("player.playback.vlc_log.detach_stderr", lambda log: None)
    try:
        code = cli.main([str(ROOT / "samples" / "talk.opus"), str(ROOT / "samples" / "talk.txt")])
    finally:
        gc.unfreeze()
    assert code == 1
