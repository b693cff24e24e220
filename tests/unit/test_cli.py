"""The `captions` command end to end: each subcommand, stdin/stdout, backups, atomic output and
one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from captions import cli
from captions.formats import load
from tests.cli_run import one_error_line, run, srt, times

#: The seed transcript as given (a web-page paste), copied into the repository.
SEED = Path(__file__).resolve().parents[1] / "data" / "seed_transcript.txt"


# --- entry points ----------------------------------------------------------------------------


def test_python_dash_m_and_help_list_every_subcommand() -> None:
    result = run("--help")
    assert result.returncode == 0
    out = result.stdout.decode()
    for command in ("info", "convert", "shift", "retime", "tidy"):
        assert command in out


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "captions"
    assert script.exists(), "run `.venv/bin/pip install -e .`"
    result = subprocess.run([script, "--help"], capture_output=True, timeout=60, check=False)
    assert result.returncode == 0 and b"convert" in result.stdout


def test_no_subcommand_is_a_one_line_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "COMMAND" in one_error_line(result.stderr)


# --- info ------------------------------------------------------------------------------------


def test_info_on_the_seed_text_and_json() -> None:
    result = run("info", SEED)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "transcript (detected)" in out
    assert "489" in out and "utf-8" in out
    assert "skipped 7 lines of text before the first timestamp" in out

    result = run("info", SEED, "--json")
    assert result.returncode == 0
    info = json.loads(result.stdout)
    assert info["format"] == "transcript" and info["format_detected"] is True
    assert info["encoding"] == "utf-8"
    assert info["cues"] == 489
    assert info["first_start_ms"] == 0 and info["first_start"] == "00:00.000"
    assert info["last_end_ms"] > 2_503_752
    assert info["duration_ms"] == info["last_end_ms"] - info["first_start_ms"]
    assert info["overlaps"] == 0
    assert set(info["over_tidy_limits"]) == {
        "too_long",
        "too_short",
        "too_fast",
        "gap_too_small",
        "lines_too_long",
    }
    assert info["over_tidy_limits"]["too_long"] > 0  # the seed has a 23 s segment
    assert info["warnings"] == [
        "skipped 7 lines of text before the first timestamp",
        "1 line of text after the last cue taken as page text (kept in the file, not shown)",
    ]


def test_info_counts_overlaps_and_cues_over_limits(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.srt"
    path.write_text(
        srt(
            (0, 10_000, "A cue shown for ten seconds."),  # too long
            (5000, 6000, "Overlaps the first."),  # overlap
            (12_000, 12_100, "Too short and far too fast for anyone to read at all."),
            (20_000, 21_000, "Fine."),
        )
    )
    assert cli.main(["info", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["cues"] == 4 and info["overlaps"] == 1
    assert info["first_start_ms"] == 0 and info["last_end_ms"] == 21_000
    over = info["over_tidy_limits"]
    assert over["too_long"] == 1 and over["too_short"] >= 1 and over["too_fast"] >= 1
    assert cli.main(["info", str(path)]) == 0
    text = capsys.readouterr().out
    assert "overlaps:" in text and "srt (detected)" in text


def test_info_from_stdin_with_given_format() -> None:
    data = srt((0, 1000, "a"), (2000, 3000, "b")).encode()
    result = run("info", "-", "--from", "srt", "--json", stdin=data)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["file"] == "-" and info["format_detected"] is False and info["cues"] == 2


# --- convert ---------------------------------------------------------------------------------


def test_convert_seed_to_srt_and_vtt(tmp_path: Path) -> None:
    out = tmp_path / "talk.srt"
    result = run("convert", SEED, out)
    assert result.returncode == 0, result.stderr
    assert b"warning:" in result.stderr and b"skipped 7 lines" in result.stderr
    track = load(out)
    assert track.format == "srt" and len(track) == 489
    assert track.events[0].plaintext == "Ten years ago, I visited Singapore office."
    assert track.events[-1].start == 2_503_752
    vtt = tmp_path / "talk.vtt"
    assert run("convert", out, vtt).returncode == 0
    assert vtt.read_text().startswith("WEBVTT")
    assert [(e.start, e.end) for e in load(vtt).events] == [(e.start, e.end) for e in track.events]


def test_convert_stdin_to_stdout_with_to(small_srt: Path) -> None:
    result = run("convert", "-", "-", "--to", "vtt", stdin=small_srt.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"WEBVTT")
    assert b"00:00:01.000 --> 00:00:03.000" in result.stdout


def test_convert_to_stdout_keeps_the_input_format(small_srt: Path) -> None:
    result = run("convert", small_srt, "-")
    assert result.returncode == 0
    assert result.stdout.decode() == small_srt.read_text()


def test_convert_output_format_from_extension_and_override(small_srt: Path, tmp_path: Path) -> None:
    assert cli.main(["convert", str(small_srt), str(tmp_path / "a.lrc")]) == 0
    assert load(tmp_path / "a.lrc").format == "lrc"
    assert cli.main(["convert", str(small_srt), str(tmp_path / "b.txt"), "--to", "ass"]) == 0
    assert (tmp_path / "b.txt").read_text().startswith("[Script Info]")


def test_convert_encodings(tmp_path: Path) -> None:
    src = tmp_path / "in.srt"
    src.write_bytes(srt((0, 1000, "Grüße, déjà vu")).encode("latin-1"))
    out = tmp_path / "out.srt"
    assert run("convert", src, out, "--encoding", "latin-1").returncode == 0
    assert "Grüße, déjà vu" in out.read_text(encoding="utf-8")
    out16 = tmp_path / "out16.srt"
    result = run("convert", src, out16, "--output-encoding", "utf-16")
    assert result.returncode == 0, result.stderr
    assert out16.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert load(out16).events[0].plaintext == "Grüße, déjà vu"


def test_convert_explicit_from_that_does_not_fit(small_srt: Path) -> None:
    result = run("convert", small_srt, "-", "--from", "transcript")
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert str(small_srt) in line and "timestamp" in line


def test_convert_microdvd_with_a_frame_rate(small_srt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.sub"
    assert run("convert", small_srt, out, "--frame-rate", "25").returncode == 0
    text = out.read_text()
    assert text.startswith("{0}{0}25") and "{25}{75}One" in text
    assert times(out) == times(small_srt)  # whole frames at 25 fps: exact here
    result = run("convert", small_srt, out, "--frame-rate", "-3")
    assert "--frame-rate" in one_error_line(result.stderr)


def test_media_duration_ends_the_last_transcript_cue(tmp_path: Path) -> None:
    src = tmp_path / "t.txt"
    src.write_text("[00:00.000]\nFirst\n[00:05.000]\nLast\n")
    out = tmp_path / "t.srt"
    assert run("convert", src, out, "--media-duration", "1:00").returncode == 0
    assert times(out) == [(0, 5000), (5000, 60_000)]


def test_sami_reads_but_needs_to_for_stdout(tmp_path: Path) -> None:
    src = tmp_path / "a.smi"
    src.write_text(
        "<SAMI><BODY><SYNC Start=1000><P Class=ENCC>Hello</P>"
        "<SYNC Start=2000><P Class=ENCC>&nbsp;</P></BODY></SAMI>\n"
    )
    result = run("convert", src, "-")
    assert "--to" in one_error_line(result.stderr)
    result = run("convert", src, "-", "--to", "srt")
    assert result.returncode == 0 and b"Hello" in result.stdout


# --- shift -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by", "delta"),
    [("1.5s", 1500), ("-250ms", -250), ("+1500", 1500), ("-00:00:01.500", -1500), ("0", 0)],
)
def test_shift_duration_syntaxes(small_srt: Path, tmp_path: Path, by: str, delta: int) -> None:
    out = tmp_path / "out.srt"
    result = run("shift", small_srt, out, "--by", by)
    assert result.returncode == 0, result.stderr
    expected = [(max(0, a + delta), max(0, a + delta, b + delta)) for a, b in times(small_srt)]
    assert times(out) == expected
    clamped = sum(1 for a, _ in times(small_srt) if a + delta < 0)
    assert result.stderr.decode().splitlines()[-1].endswith(f" {clamped} clamped at 0")


def test_shift_clamps_at_zero_and_says_how_many(small_srt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.srt"
    result = run("shift", small_srt, out, "--by", "-4.5s")
    assert result.returncode == 0
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "2 clamped at 0" in lines[0]
    got = times(out)
    assert got[:2] == [(0, 0), (0, 1500)]
    assert all(a <= b for a, b in got)


@pytest.mark.parametrize("since", ["10", "00:10.000", "0:00:10.000", "10.0"])
def test_shift_from_time(small_srt: Path, tmp_path: Path, since: str) -> None:
    out = tmp_path / "out.srt"
    assert run("shift", small_srt, out, "--by", "+2s", "--from", since).returncode == 0
    assert times(out) == [(1000, 3000), (4000, 6000), (12_000, 14_000), (22_000, 24_000)]


def test_shift_in_place_keeps_a_backup(small_srt: Path) -> None:
    original = small_srt.read_bytes()
    result = run("shift", small_srt, small_srt, "--by", "1s")
    assert result.returncode == 0, result.stderr
    backup = small_srt.with_name("in.srt.bak")
    assert backup.read_bytes() == original
    assert times(small_srt)[0] == (2000, 4000)
    assert "kept the original" in result.stderr.decode()


def test_in_place_through_another_spelling_of_the_path(small_srt: Path) -> None:
    other = small_srt.parent / "." / small_srt.name
    assert run("shift", small_srt, other, "--by", "1s", cwd=small_srt.parent).returncode == 0
    assert small_srt.with_name("in.srt.bak").exists()


@pytest.mark.parametrize("bad", ["1.5x", "", "--", "abc", "1:2:3:4", "00:61.000"])
def test_shift_bad_duration_is_one_line(small_srt: Path, bad: str) -> None:
    result = run("shift", small_srt, "-", "--by", bad)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr.decode()
    if bad not in ("--",):
        assert "--by" in one_error_line(result.stderr)


def test_shift_bad_from_time(small_srt: Path) -> None:
    result = run("shift", small_srt, "-", "--by", "1s", "--from", "soon")
    assert result.returncode == 2
    assert "--from" in one_error_line(result.stderr)


def test_missing_required_option_is_one_line_exit_2(small_srt: Path) -> None:
    result = run("shift", small_srt, "-")
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert "--by" in line and "captions shift --help" in line


# --- retime ----------------------------------------------------------------------------------


def test_retime_two_anchors_map_exactly(small_srt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.srt"
    # 4 s plays at 5 s and 20 s at 25 s: slope 1.25, offset 0.
    result = run("retime", small_srt, out, "--map", "4=5", "--map", "00:20.000=00:25.000")
    assert result.returncode == 0, result.stderr
    got = times(out)
    assert got[1][0] == 5000 and got[3][0] == 25_000
    assert got == [(round(a * 1.25), round(b * 1.25)) for a, b in times(small_srt)]


def test_retime_three_anchors_is_piecewise(small_srt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.srt"
    maps = ["--map", "1=1", "--map", "10=12", "--map", "20=22"]
    assert run("retime", small_srt, out, *maps).returncode == 0
    got = times(out)
    assert got[0][0] == 1000 and got[2][0] == 12_000 and got[3][0] == 22_000
    assert got[3][1] == 24_000  # beyond the last anchor: slope 1 continues


def test_retime_scale_and_fps(small_srt: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.srt"
    assert run("retime", small_srt, out, "--scale", "2").returncode == 0
    assert times(out) == [(2 * a, 2 * b) for a, b in times(small_srt)]
    assert run("retime", small_srt, out, "--fps", "25:50", "--force").returncode == 0
    assert times(out) == [(a // 2, b // 2) for a, b in times(small_srt)]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--map", "1=2"], "two anchors"),
        (["--map", "1=2", "--map", "1=3"], "different source"),
        (["--map", "1=5", "--map", "2=3"], "order"),
        (["--map", "12", "--map", "3=4"], "SRC=DST"),
        (["--scale", "0"], "--scale"),
        (["--scale", "2", "--fps", "25:24"], "either"),
        (["--fps", "25"], "IN:OUT"),
        ([], "either"),
    ],
)
def test_retime_bad_options(small_srt: Path, args: list[str], needle: str) -> None:
    result = run("retime", small_srt, "-", *args)
    assert result.returncode == 2
    assert needle in one_error_line(result.stderr)


# --- tidy ------------------------------------------------------------------------------------


def test_tidy_caps_long_cues_and_reports(tmp_path: Path) -> None:
    src = tmp_path / "long.srt"
    words = " ".join(["word"] * 60)
    src.write_text(srt((0, 23_000, words), (23_000, 24_000, "Short.")))
    out = tmp_path / "out.srt"
    result = run("tidy", src, out, "--max-line-chars", "42", "--max-lines", "2")
    assert result.returncode == 0, result.stderr
    assert "tidied" in result.stderr.decode()
    events = load(out).events
    assert len(events) > 2
    for event in events:
        assert 0 <= event.end - event.start <= 7000
        assert all(len(line) <= 42 for line in event.plaintext.splitlines())
        assert len(event.plaintext.splitlines()) <= 2


def test_tidy_options_reach_the_limits(tmp_path: Path) -> None:
    src = tmp_path / "in.srt"
    src.write_text(srt((0, 5000, "Hello there."), (5000, 10_000, "General Kenobi.")))
    out = tmp_path / "out.srt"
    result = run("tidy", src, out, "--max-duration", "3s", "--min-gap", "200ms")
    assert result.returncode == 0, result.stderr
    got = times(out)
    assert all(b - a <= 3000 for a, b in got)
    assert got[1][0] - got[0][1] >= 200


@pytest.mark.parametrize(
    "args",
    [
        ["--max-duration", "soon"],
        ["--min-duration", "-1s"],
        ["--max-cps", "fast"],
        ["--max-cps", "0"],
        ["--max-line-chars", "x"],
        ["--max-lines", "0"],
        ["--min-duration", "9s"],
    ],
)
def test_tidy_bad_options(small_srt: Path, args: list[str]) -> None:
    result = run("tidy", small_srt, "-", *args)
    assert result.returncode == 2
    one_error_line(result.stderr)


# --- errors and atomic output ----------------------------------------------------------------
