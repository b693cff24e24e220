"""The bad-input corpus (tests/data/bad/): every file fails with exit status 2 and one line
`captions: error: FILE[:LINE]: message`, quickly, with no traceback, whatever the subcommand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).parent / "data" / "bad"
ROOT = Path(__file__).resolve().parents[1]

#: file -> (line number the message names, or None; a phrase the message must contain)
EXPECTED: dict[str, tuple[int | None, str]] = {
    "empty.srt": (None, "the file is empty"),
    "whitespace_only.vtt": (None, "the file is empty"),
    "garbage.bin": (None, "binary file"),
    "garbage_high_bytes.srt": (None, "encoding cannot be recognised"),
    "photo.srt": (None, "this is a JPEG image, not a caption file"),
    "not_captions.txt": (None, "not a caption file"),
    "out_of_range_minutes.srt": (6, "timestamp 00:61:05,000 is out of range"),
    "out_of_range_hours.srt": (6, "timestamp 999:00:05,000 is out of range"),
    "out_of_range.txt": (3, "timestamp [00:75.000] is out of range"),
    "malformed_timestamp.srt": (6, "malformed timing line '00:0x:05,000 --> 00:00:06,000'"),
    "missing_end_time.srt": (6, "malformed timing line '00:00:05,000 -->'"),
    "malformed_timestamp.txt": (3, "malformed timestamp [00:1x.000]"),
    "backwards.txt": (3, "timestamps must not go backwards"),
    "end_before_start.srt": (6, "cue 2 ends before it starts"),
    "end_before_start.vtt": (6, "cue 2 ends before it starts"),
    "truncated_utf16le.srt": (None, "broken utf-16 text at byte 88 (truncated"),
    "truncated_utf16be.srt": (None, "broken utf-16 text at byte 88 (truncated"),
    "truncated_utf16_surrogate.srt": (None, "broken utf-16 text"),
}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "captions", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )


def assert_one_error(result: subprocess.CompletedProcess[str], path: Path, line: int | None) -> str:
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert lines[0].startswith(f"captions: error: {where}"), lines[0]
    return lines[0]


def test_the_corpus_is_complete() -> None:
    assert {p.name for p in BAD.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_info_on_bad_input(name: str) -> None:
    line, phrase = EXPECTED[name]
    path = BAD / name
    message = assert_one_error(run("info", path), path, line)
    assert phrase in message


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_convert_on_bad_input_writes_nothing(name: str, tmp_path: Path) -> None:
    line, phrase = EXPECTED[name]
    path = BAD / name
    out = tmp_path / "out.srt"
    message = assert_one_error(run("convert", path, out), path, line)
    assert phrase in message
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("command", [["shift", "--by", "1s"], ["tidy"], ["retime", "--scale", "2"]])
def test_other_commands_fail_the_same_way(command: list[str], tmp_path: Path) -> None:
    path = BAD / "end_before_start.srt"
    result = run(command[0], path, tmp_path / "o.srt", *command[1:])
    assert "cue 2 ends before it starts" in assert_one_error(result, path, 6)


@pytest.fixture(scope="module")
def huge_one_liners(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """50 MB files of a single line (generated, never committed): plain text, and one line of
    repeated SRT timing text, which looks like captions to a sniffer."""
    folder = tmp_path_factory.mktemp("huge")
    plain = folder / "one_line.srt"
    plain.write_bytes(b"a" * 50_000_000)
    timing = folder / "one_line_timings.srt"
    unit = b"00:00:01,000 --> 00:00:02,000 "
    timing.write_bytes(unit * (50_000_000 // len(unit)))
    lyric = folder / "one_line_stamps.txt"
    lyric.write_bytes(b"[00:00.000]" * (50_000_000 // 11))
    return [plain, timing, lyric]


@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize(
    "given", [[], ["--from", "srt"], ["--from", "lrc"], ["--from", "transcript"]]
)
def test_fifty_megabytes_on_one_line(
    huge_one_liners: list[Path], which: int, given: list[str]
) -> None:
    path = huge_one_liners[which]
    assert path.stat().st_size >= 49_000_000
    result = run("info", path, *given)
    if given:
        message = assert_one_error(result, path, 1)
        assert "characters long; not a caption file" in message
    else:
        message = assert_one_error(result, path, 1 if which == 2 else None)
        assert "not a caption file" in message
