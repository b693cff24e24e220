"""`captions align`: ends from speech on the bundled talk and the seed transcript, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from captions.cli import main
from captions.formats import load
from captions.sync.audio import decode_pcm

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "samples" / "talk.opus"
CUES = 12  # the first minute of the talk: enough cues, little decoding
LOUD = 327  # 1 % of full scale: samples/README.md's rule for where speech is


def _speech_ends(starts: list[int], next_start: int) -> list[float]:
    """Where each cue's speech stops in the talk (last audible sample before the next cue)."""
    pcm = np.concatenate(list(_first_seconds(next_start / 1000 + 1)))
    loud = np.abs(pcm.astype(np.int32)) > LOUD
    bounds = [*starts[1:], next_start]
    ends = []
    for start, stop in zip(starts, bounds, strict=True):
        where = np.flatnonzero(loud[start * 16 : (stop - 100) * 16])
        ends.append(start + (int(where[-1]) + 1) / 16)
    return ends


def _first_seconds(seconds: float) -> list[np.ndarray]:
    blocks, samples = [], 0
    for block in decode_pcm(TALK):
        blocks.append(block)
        samples += len(block)
        if samples > seconds * 16000:
            break
    return blocks


def _slice(source: Path, out: Path, cues: int) -> tuple[Path, int]:
    """The lines of `source` up to (not including) the cue after `cues` stamped ones."""
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    stamps = [i for i, line in enumerate(lines) if line.startswith("[")]
    out.write_text("".join(lines[: stamps[cues]]), encoding="utf-8")
    text = lines[stamps[cues]].strip()[1:-1]
    minutes, seconds = text.split(":")
    return out, round((int(minutes) * 60 + float(seconds)) * 1000)


@pytest.mark.parametrize("source", ["samples/talk.txt", "tests/data/seed_transcript.txt"])
def test_align_writes_ends_from_speech(
    source: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript, next_start = _slice(ROOT / source, tmp_path / "slice.txt", CUES)
    out = tmp_path / "aligned.srt"
    status = main(["align", str(TALK), str(transcript), str(out), "--media-duration", "5:00"])
    assert status == 0, capsys.readouterr().err
    before = load(transcript, media_duration_ms=next_start)
    after = load(out)
    assert len(after) == CUES
    speech_ends = _speech_ends(list(before.timing.starts), next_start)
    for event, speech_end, start in zip(
        after.events, speech_ends, before.timing.starts, strict=True
    ):
        assert event.end <= speech_end + 500, (event.start, event.end, speech_end)
        assert event.end >= speech_end - 150
        assert abs(event.start - start) <= 60
    # Before: every cue ran to the next one's start, through the pause.
    assert sum(b.end - a.end for a, b in zip(after.events, before.events, strict=True)) > 5000
    assert f"aligned {CUES} of {CUES} cues" in capsys.readouterr().out


def test_align_word_stamps_in_vtt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    transcript, _ = _slice(ROOT / "samples" / "talk.txt", tmp_path / "slice.txt", 2)
    out = tmp_path / "aligned.vtt"
    assert main(["align", str(TALK), str(transcript), str(out), "--word-stamps"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Ten <00:00:00." in text and "<00:00:01." in text


def test_other_language_falls_back_to_speech_activity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript, _ = _slice(ROOT / "samples" / "talk.txt", tmp_path / "slice.txt", 3)
    out = tmp_path / "aligned.srt"
    assert main(["align", str(TALK), str(transcript), str(out), "--language", "fr"]) == 0
    captured = capsys.readouterr()
    assert "no fr model" in captured.err and "speech activity" in captured.err
    assert "by speech activity" in captured.out
    assert load(out).events[0].end < 4000 - 100  # ends where the speech stops


def _bad(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    good = tmp_path / "good.txt"
    good.write_text("[00:00.000]\nTen years ago.\n", encoding="utf-8")
    not_media = tmp_path / "notes.opus"
    not_media.write_bytes(b"this is not audio at all" * 100)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = str(tmp_path / "out.srt")
    return {
        "missing media": ([str(tmp_path / "nope.opus"), str(good), out], "no such file"),
        "not media": ([str(not_media), str(good), out], "not a media file"),
        "no cues": ([str(TALK), str(empty), out], "empty"),
        "stamps in srt": ([str(TALK), str(good), out, "--word-stamps"], "no word stamps"),
        "bad language": ([str(TALK), str(good), out, "--language", "x\x1b[31m"], "--language"),
        "bad window": ([str(TALK), str(good), out, "--window=-3s"], "--window"),
    }


@pytest.mark.parametrize(
    "case",
    ["missing media", "not media", "no cues", "stamps in srt", "bad language", "bad window"],
)
def test_bad_input_is_one_line_and_exit_2(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args, message = _bad(tmp_path)[case]
    status = main(["align", *args])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("captions: error:"), err
    assert message in err
    assert "\x1b" not in err
    assert not (tmp_path / "out.srt").exists()
