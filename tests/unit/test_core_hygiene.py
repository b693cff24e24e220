"""The playback and editing cores import no UI: importing every module of `player.playback`
and `player.editing` (and `player.settings`) in a fresh interpreter loads neither Textual nor
Rich (as tests/unit/test_import_hygiene.py checks for `captions/`)."""

from __future__ import annotations

from tests.fresh_imports import import_everything

FORBIDDEN = ("textual", "rich")


def test_cores_import_no_ui() -> None:
    report = import_everything(
        ["player.playback", "player.editing"], extra=["player.settings", "player.config"]
    )
    for expected in (
        "player.playback.controller",
        "player.playback.vlc_backend",
        "player.editing.session",
        "player.editing.autosync",
        "player.editing.align",
    ):
        assert expected in report.modules
    bad = report.from_packages(FORBIDDEN)
    assert bad == [], bad
