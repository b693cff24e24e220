"""The bad-input corpus (tests/data/bad/): every file fails with exit status 2 and one line
`captions: error: FILE[:LINE]: message`, quickly, with no traceback, whatever the subcommand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from captions.errors import CaptionError
from captions.formats import load

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
ROOT = Path(__file__).resolve().parents[2]

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


# --- fuzz: any bytes load or fail with CaptionError, never another exception -----------------

_VALID = {
    ".srt": b"1\n00:00:01,000 --> 00:00:02,000\nHello <i>there</i>\n\n2\n"
    b"00:00:03,000 --> 00:00:04,500\nSecond\nline\n",
    ".vtt": b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000 align:start\nHello\n",
    ".txt": b"page text\n[00:00.000]\nHello\n[00:04.50]\nAgain\n",
    ".lrc": b"[ar:x]\n[offset:+100]\n[00:01.00]Hello\n[00:02.50]<00:02.60>Word\n",
    ".ass": b"[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, "
    b"Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,"
    b"Default,,0,0,0,,{\\i1}Hi{\\i0}\n",
    ".sub": b"{1}{1}25\n{25}{50}Hello|there\n",
    ".json": b'{"info": {}, "styles": {}, "events": [{"start": 0, "end": 10, "text": "x"}]}',
    ".ttml": b'<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="00:00:01.000" '
    b'end="00:00:02.000">Hi</p></div></body></tt>',
    ".mpl": b"[10][20] Hello|/italic\n",
    ".tmp": b"00:00:01:Hello|there\n",
}


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid file of some format with a few bytes replaced, inserted or cut."""
    suffix = draw(st.sampled_from(sorted(_VALID)))
    data = bytearray(_VALID[suffix])
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["replace", "insert", "cut"]))
        chunk = draw(
            st.binary(min_size=1, max_size=4) | st.sampled_from([b":", b"-->", b"[", b"9"])
        )
        if op == "insert":
            data[pos:pos] = chunk
        elif op == "replace":
            data[pos : pos + len(chunk)] = chunk
        else:
            del data[pos : pos + len(chunk)]
    return suffix, bytes(data)


def _load_or_caption_error(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    try:
        track = load(path)
    except CaptionError as exc:
        assert str(exc).strip()
        return
    # A VTT header with no cues after it, or an ASS/SSA file with no events, is a valid file
    # with 0 cues (issue 8); any other format that loads must hold a cue.
    assert len(track) > 0 or track.format in ("vtt", "ass", "ssa"), track.format
    assert all(0 <= e.start <= e.end for e in track.events)
    track.cue_at(1000)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=mutated())
def test_mutated_files_load_or_fail_cleanly(tmp_path: Path, case: tuple[str, bytes]) -> None:
    suffix, data = case
    _load_or_caption_error(tmp_path / f"fuzz{suffix}", data)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=512), suffix=st.sampled_from([".srt", ".txt", ".bin", ".sub"]))
def test_random_bytes_load_or_fail_cleanly(tmp_path: Path, data: bytes, suffix: str) -> None:
    _load_or_caption_error(tmp_path / f"fuzz{suffix}", data)
