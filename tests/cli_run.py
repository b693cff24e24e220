"""Helpers for the `captions` command's end-to-end tests: a fresh interpreter, a small SRT."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from captions.formats import load

ROOT = Path(__file__).resolve().parents[1]


def run(
    *args: str | Path, stdin: bytes | None = None, cwd: Path | None = None, **kw: object
) -> subprocess.CompletedProcess[bytes]:
    """`python -m captions ARGS` in a fresh interpreter, with a timeout so nothing can hang."""
    return subprocess.run(
        [sys.executable, "-m", "captions", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=60,
        cwd=cwd or ROOT,
        check=False,
        **kw,  # type: ignore[arg-type]
    )


def srt(*cues: tuple[int, int, str]) -> str:
    def stamp(ms: int) -> str:
        h, rest = divmod(ms, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, frac = divmod(rest, 1000)
        return f"{h:02d}:{m:02d}:{s:02d},{frac:03d}"

    return "".join(
        f"{i}\n{stamp(a)} --> {stamp(b)}\n{text}\n\n" for i, (a, b, text) in enumerate(cues, 1)
    )


def times(path: Path) -> list[tuple[int, int]]:
    return [(e.start, e.end) for e in load(path).events]


def one_error_line(stderr: bytes) -> str:
    text = stderr.decode()
    assert "Traceback" not in text
    lines = text.splitlines()
    assert len(lines) == 1, text
    assert lines[0].startswith("captions: error: "), text
    return lines[0]
