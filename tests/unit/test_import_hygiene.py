"""`captions/` is pure: importing every module of it, in a fresh interpreter, loads no UI or
playback code (as harlequin's tests/unit_tests/test_import_hygiene.py checks for its core)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "rich", "vlc", "player")

SCRIPT = """
import importlib, json, pkgutil, sys
import captions
names = ["captions"] + [m.name for m in pkgutil.walk_packages(captions.__path__, "captions.")]
for name in names:
    if name != "captions.__main__":
        importlib.import_module(name)
print(json.dumps({"modules": names, "loaded": sorted(sys.modules)}))
"""


def test_no_ui_or_playback_modules_are_imported() -> None:
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
    # The walk found the package's modules (not an empty, vacuous list).
    for expected in ("captions.cli", "captions.formats", "captions.track", "captions.timing"):
        assert expected in report["modules"]
    loaded = report["loaded"]
    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN]
    assert bad == [], bad


def test_the_cli_starts_without_ui_modules() -> None:
    """The command itself (with every registered subcommand) stays pure too."""
    code = (
        "import sys; from captions import cli; cli.build_parser(); "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
