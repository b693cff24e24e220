"""Endless and odd inputs: the real CLIs under a memory limit, against /dev/zero, /dev/urandom
and FIFOs. Each must end with one line and exit status 2, never a traceback or a hang."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from captions.paths import DEFAULT_READ_LIMIT, FIFO_WAIT_S, format_size, parse_size

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_MEDIA = ROOT / "samples" / "talk.opus"
SAMPLE_SRT = ROOT / "samples" / "talk.srt"
#: Address space allowed to each CLI: the default cap plus the interpreter, far below what an
#: unbounded read of /dev/zero reaches.
MEMORY_LIMIT = 1 << 30


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(
    module: str, *args: str | Path, timeout: float = 120, stdin: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m module args` under MEMORY_LIMIT, stdin from `stdin` (default: empty)."""
    with open(stdin or os.devnull, "rb") as source:
        return subprocess.run(
            [sys.executable, "-m", module, *map(str, args)],
            capture_output=True,
            text=True,
            stdin=source,
            preexec_fn=limit_memory,
            timeout=timeout,
            cwd=ROOT,
        )


def assert_one_line_refusal(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr[-2000:]
    assert len(lines) == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.srt"
    os.mkfifo(path)
    yield path


def feed(path: Path, data: bytes, *, repeat: bool) -> threading.Thread:
    """Write `data` into the FIFO (forever if `repeat`) until the reader goes away."""

    def write() -> None:
        try:
            with open(path, "wb") as fp:
                fp.write(data)
                while repeat:
                    fp.write(data)
        except (BrokenPipeError, OSError):
            pass

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_captions_info_refuses_an_endless_device(device: str) -> None:
    line = assert_one_line_refusal(run_cli("captions", "info", device), device)
    assert "character device" in line and format_size(DEFAULT_READ_LIMIT) in line
    assert "--max-input-size" in line


def test_standard_input_is_read_with_the_cap() -> None:
    result = run_cli("captions", "info", "-", stdin=Path("/dev/zero"))
    assert_one_line_refusal(result, "standard input", format_size(DEFAULT_READ_LIMIT))
    result = run_cli("captions", "info", "-", stdin=SAMPLE_SRT)
    assert result.returncode == 0 and "srt" in result.stdout


def test_captions_limit_is_raised_or_lowered_by_the_option() -> None:
    line = assert_one_line_refusal(
        run_cli("captions", "convert", "/dev/zero", "-", "--max-input-size", "2M"), "/dev/zero"
    )
    assert "2 MiB input limit" in line
    line = assert_one_line_refusal(
        run_cli("captions", "info", SAMPLE_SRT, "--max-input-size", "1K"), str(SAMPLE_SRT)
    )
    assert f"{SAMPLE_SRT.stat().st_size:,} bytes, more than the 1 KiB input limit" in line
    assert run_cli("captions", "info", SAMPLE_SRT, "--max-input-size", "1M").returncode == 0


def test_captions_bad_size_names_the_option() -> None:
    assert_one_line_refusal(
        run_cli("captions", "info", SAMPLE_SRT, "--max-input-size", "lots"), "--max-input-size"
    )


def test_caption_player_refuses_an_endless_caption_file() -> None:
    line = assert_one_line_refusal(
        run_cli("player", SAMPLE_MEDIA, "/dev/zero"), "/dev/zero", "character device"
    )
    assert format_size(DEFAULT_READ_LIMIT) in line


def test_caption_player_option_sets_the_cap() -> None:
    assert_one_line_refusal(
        run_cli("player", SAMPLE_MEDIA, SAMPLE_SRT, "--max-input-size", "1K"), "1 KiB input limit"
    )


def test_endless_fifo_is_cut_at_the_cap(fifo: Path) -> None:
    feed(fifo, b"\0" * 65536, repeat=True)
    line = assert_one_line_refusal(
        run_cli("captions", "info", fifo, "--max-input-size", "8M"), str(fifo)
    )
    assert "FIFO" in line and "8 MiB" in line


def test_fifo_with_a_writer_is_read(fifo: Path) -> None:
    feed(fifo, SAMPLE_SRT.read_bytes(), repeat=False)
    result = run_cli("captions", "info", fifo)
    assert result.returncode == 0, result.stderr
    assert "srt" in result.stdout


def test_fifo_with_no_writer_is_refused_not_waited_on_forever(fifo: Path) -> None:
    result = run_cli("captions", "info", fifo, timeout=FIFO_WAIT_S + 60)
    line = assert_one_line_refusal(result, str(fifo), "FIFO")
    assert "nothing was written" in line


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_media_that_is_a_device_or_fifo_says_what_it_is(kind: str, fifo: Path) -> None:
    media = "/dev/zero" if kind == "device" else str(fifo)
    line = assert_one_line_refusal(run_cli("player", media, SAMPLE_SRT), media)
    assert ("character device" if kind == "device" else "FIFO (named pipe)") in line
    assert "empty" not in line


@pytest.mark.parametrize(
    ("text", "size"),
    [("256M", 256 << 20), ("1G", 1 << 30), ("512MiB", 512 << 20), ("1000", 1000), ("2kb", 2048)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "M", "-1M", "0", "1X"])
def test_parse_size_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_captions_sync_media_that_is_a_device_or_fifo_says_what_it_is(
    kind: str, fifo: Path, tmp_path: Path
) -> None:
    media = "/dev/zero" if kind == "device" else str(fifo)
    result = run_cli("captions", "sync", media, SAMPLE_SRT, tmp_path / "out.srt", timeout=60)
    line = assert_one_line_refusal(result, media)
    assert ("character device" if kind == "device" else "FIFO (named pipe)") in line
    assert not (tmp_path / "out.srt").exists()
