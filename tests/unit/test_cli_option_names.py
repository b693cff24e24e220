"""Issue 11, item 9 (CLI): formats are `--from-format`/`--to-format` (`--from`/`--to` for short)
in every command, and shift's time is `--from-time`; shift's old `--from TIME` still works and
its help says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from captions import cli, formats

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def starts(path: Path) -> list[int]:
    return [e.start for e in formats.load(path).events]


def test_shift_from_time_and_the_old_spelling_agree(tmp_path: Path) -> None:
    new, old = tmp_path / "new.srt", tmp_path / "old.srt"
    assert (
        cli.main(["shift", str(SAMPLES / "talk.srt"), str(new), "--by", "2s", "--from-time", "10"])
        == 0
    )
    assert (
        cli.main(["shift", str(SAMPLES / "talk.srt"), str(old), "--by", "2s", "--from", "10"]) == 0
    )
    original = starts(SAMPLES / "talk.srt")
    assert starts(new) == starts(old) == [s + 2000 if s >= 10_000 else s for s in original]


def test_shift_takes_its_input_format_as_from_format(tmp_path: Path) -> None:
    out = tmp_path / "out.vtt"
    args = ["shift", str(SAMPLES / "talk.vtt"), str(out), "--by", "1s"]
    assert cli.main([*args, "--from-format", "vtt", "--to-format", "vtt", "--from-time", "4"]) == 0
    assert starts(out)[:2] == [0, 5000]


def test_both_spellings_at_once_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["shift", str(SAMPLES / "talk.srt"), str(tmp_path / "o.srt"), "--by", "1s"]
    assert cli.main([*args, "--from-time", "1", "--from", "2"]) == 2
    assert capsys.readouterr().err.strip() == (
        "captions: error: give --from-time once (--from is its old spelling)"
    )


@pytest.mark.parametrize("command", ["convert", "retime", "tidy"])
def test_other_commands_take_from_format_and_to_format(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    extra = ["--scale", "1"] if command == "retime" else []
    args = [command, str(SAMPLES / "talk.srt"), str(out), *extra]
    assert cli.main([*args, "--from-format", "srt", "--to-format", "vtt"]) == 0
    assert formats.load(out, "vtt").format == "vtt"
    out.unlink()
    assert cli.main([*args, "--from", "srt", "--to", "vtt"]) == 0  # the short spellings


def test_shift_help_names_the_old_spelling(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["shift", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--from-time TIME shift only cues starting at or after TIME" in help_text
    assert "old spelling of --from-time" in help_text
