"""`captions/` is pure: importing every module of it, in a fresh interpreter, loads no UI or
playback code (as harlequin's tests/unit_tests/test_import_hygiene.py checks for its core)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.fresh_imports import import_everything

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("textual", "rich", "vlc", "player")


def test_no_ui_or_playback_modules_are_imported() -> None:
    report = import_everything(["captions"], skip=["captions.__main__"])
    # The walk found the package's modules (not an empty, vacuous list).
    for expected in ("captions.cli", "captions.formats", "captions.track", "captions.timing"):
        assert expected in report.modules
    bad = report.from_packages(FORBIDDEN)
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
