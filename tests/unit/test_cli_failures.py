"""The `captions` command's failures: missing and unreadable paths, unknown formats, atomic output
that leaves nothing half-written, interrupts, and numbers that need a unit."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from captions import cli
from tests.cli_run import ROOT, one_error_line, run, srt


def test_missing_file(tmp_path: Path) -> None:
    result = run("info", tmp_path / "nope.srt")
    assert result.returncode == 2
    assert (
        one_error_line(result.stderr) == f"captions: error: {tmp_path / 'nope.srt'}: no such file"
    )


def test_directory_as_input(tmp_path: Path) -> None:
    result = run("convert", tmp_path, "-")
    assert result.returncode == 2
    assert "directory" in one_error_line(result.stderr)


def test_unknown_formats_are_one_line_errors(small_srt: Path, tmp_path: Path) -> None:
    for args in (["--to", "docx"], ["--from", "docx"]):
        result = run("convert", small_srt, tmp_path / "o.srt", *args)
        assert result.returncode == 2
        assert "docx" in one_error_line(result.stderr)
    result = run("convert", small_srt, tmp_path / "o.weird")
    assert "--to" in one_error_line(result.stderr)
    result = run("convert", small_srt, tmp_path / "o.srt", "--output-encoding", "klingon")
    assert "klingon" in one_error_line(result.stderr)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_output_into_a_missing_folder_writes_nothing(small_srt: Path, tmp_path: Path) -> None:
    result = run("convert", small_srt, tmp_path / "no" / "such" / "out.srt")
    assert result.returncode == 2
    assert "out.srt" in one_error_line(result.stderr)
    assert _leftovers(tmp_path) == ["in.srt"]


def test_output_onto_a_directory_leaves_no_partial_file(small_srt: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.srt"
    target.mkdir()
    result = run("convert", small_srt, target)
    assert result.returncode == 2
    one_error_line(result.stderr)
    assert _leftovers(tmp_path) == ["in.srt", "out.srt"]
    assert target.is_dir() and not any(target.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(small_srt: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run("convert", small_srt, folder / "out.srt")
        assert result.returncode == 2
        assert "out.srt" in one_error_line(result.stderr)
        assert not any(folder.iterdir())
    finally:
        folder.chmod(0o755)


def test_write_failing_midway_keeps_the_old_output(tmp_path: Path) -> None:
    """The file-size limit makes the write fail part-way (EFBIG), as a full disk would, even as
    root: the existing OUT is untouched and no temporary file is left behind."""
    src = tmp_path / "big.srt"
    src.write_text(srt(*[(i * 1000, i * 1000 + 900, f"cue number {i}") for i in range(2000)]))
    out = tmp_path / "out.srt"
    out.write_text("old content\n")
    limit = 4096

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = run("convert", src, out, preexec_fn=small_files)
    assert result.returncode == 2
    assert "out.srt" in one_error_line(result.stderr)
    assert out.read_text() == "old content\n"
    assert _leftovers(tmp_path) == ["big.srt", "out.srt"]


def test_closed_stdout_is_not_a_traceback(tmp_path: Path) -> None:
    src = tmp_path / "big.srt"
    src.write_text(srt(*[(i * 1000, i * 1000 + 900, f"cue number {i}") for i in range(20_000)]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "captions", "convert", str(src), "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=60)
    assert b"Traceback" not in stderr
    assert proc.returncode in (0, 1)


def test_keyboard_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("captions.cli_io.load", interrupted)  # where convert loads IN
    assert cli.main(["convert", "x.srt", "y.srt"]) == 130
    assert capsys.readouterr().err == "captions: interrupted\n"


def test_a_bare_number_with_a_fraction_asks_for_its_unit(small_srt: Path) -> None:
    # `--by 1.5` shifted by 2 ms (bare numbers are ms); an mpv user meant 1.5 s.
    result = run("shift", small_srt, "-", "--by", "1.5")
    assert result.returncode == 2
    assert "write 1.5s or 1.5ms" in one_error_line(result.stderr)
    result = run("shift", small_srt, "-", "--by=-1.5")
    assert "write -1.5s or -1.5ms" in one_error_line(result.stderr)  # the sign kept
