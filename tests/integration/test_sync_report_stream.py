"""`captions sync MEDIA IN OUT` with OUT on stdout (`-` or /dev/stdout): stdout holds the
captions and nothing else; what sync found goes to stderr, as the notes of shift, retime and
tidy always do. With OUT a file the report stays on stdout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pysubs2
import pytest

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "samples" / "talk.opus"
TALK_SRT = ROOT / "samples" / "talk.srt"
CAPTIONS = Path(sys.executable).parent / "captions"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CAPTIONS), *map(str, args)], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def late(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The talk's captions 1.5 s late."""
    path = tmp_path_factory.mktemp("late") / "late.srt"
    assert run("shift", TALK_SRT, path, "--by", "1.5s").returncode == 0
    return path


@pytest.mark.parametrize("out", ["-", "/dev/stdout"])
def test_stdout_holds_only_the_captions(late: Path, out: str) -> None:
    done = run("sync", TALK, late, out)
    assert done.returncode == 0, done.stderr
    written = pysubs2.SSAFile.from_string(done.stdout, format_="srt")
    assert len(written) == len(pysubs2.load(str(TALK_SRT)))
    assert "offset" not in done.stdout and "confidence" not in done.stdout
    assert "offset -1.5" in done.stderr and "confidence" in done.stderr


def test_the_json_report_goes_to_stderr_too(late: Path) -> None:
    done = run("sync", "--json", TALK, late, "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1\n") and '"offset_ms"' not in done.stdout
    assert '"offset_ms"' in done.stderr


def test_with_a_file_out_the_report_stays_on_stdout(late: Path, tmp_path: Path) -> None:
    done = run("sync", TALK, late, tmp_path / "fixed.srt")
    assert done.returncode == 0, done.stderr
    assert "offset -1.5" in done.stdout and "confidence" in done.stdout


def test_align_to_dev_stdout_keeps_its_report_off_the_captions(tmp_path: Path) -> None:
    """`captions align` said `-` only: with /dev/stdout its report went into the captions."""
    transcript = tmp_path / "two.txt"
    transcript.write_text("[00:00.000]\nTen years ago.\n[00:04.000]\nNext.\n", encoding="utf-8")
    done = run("align", TALK, transcript, "/dev/stdout", "--to", "srt", "--language", "fr")
    assert done.returncode == 0, done.stderr
    assert len(pysubs2.SSAFile.from_string(done.stdout, format_="srt")) == 2
    assert "aligned" not in done.stdout and "speech activity" in done.stderr
