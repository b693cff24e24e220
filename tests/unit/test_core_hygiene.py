"""The playback and editing cores import no UI: importing every module of `player.playback`
and `player.editing` (and `player.settings`) in a fresh interpreter loads neither Textual nor
Rich (as tests/unit/test_import_hygiene.py checks for `captions/`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "rich")

SCRIPT = """
import importlib, json, pkgutil, sys
import player.playback, player.editing
names = ["player.settings", "player.config"]
for package in (player.playback, player.editing):
    names.append(package.__name__)
    names += [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted(sys.modules)}))
"""


def test_cores_import_no_ui() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    for expected in (
        "player.playback.controller",
        "player.playback.vlc_backend",
        "player.editing.session",
        "player.editing.autosync",
        "player.editing.align",
    ):
        assert expected in report["modules"]
    bad = [m for m in report["loaded"] if m.split(".")[0] in FORBIDDEN]
    assert bad == [], bad
