#!/usr/bin/env python3
"""Regenerate samples/talk.opus from samples/talk.txt: synthetic speech whose onsets are the truth.

Each cue's text is spoken by espeak-ng (fixed voice and settings), resampled to 16 kHz with sox,
trimmed to its first and last sample above ONSET_THRESHOLD, and placed so that first sample falls
exactly on the cue's timestamp (16 samples per ms). Where the speech would not end MIN_GAP_MS
before the next cue starts, the speaking rate is raised (iteratively, up to MAX_RATE words per
minute); past that the audio is time-compressed with sox `tempo`, and as a last resort truncated
(an "overrun", reported). The track is assembled in numpy, written as WAV to a temporary folder and
encoded with opusenc; nothing but OUT is written. Same input and tools -> the same WAV (its SHA-256
is in the summary) and, with a fixed Ogg serial, the same Opus file.

After encoding, the Opus file is decoded again (opusdec) and each cue's onset measured as the first
sample above the threshold after (timestamp - 100 ms); the errors are in the summary, the JSON
object on the last line of output.

Usage: .venv/bin/python samples/make_talk_audio.py [--text samples/talk.txt]
       [--out samples/talk.opus] [--jobs 2] [--keep-wav PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

import captions

HERE = Path(__file__).resolve().parent
SAMPLE_RATE = 16_000
PER_MS = SAMPLE_RATE // 1000
VOICE = "en-us"
BASE_RATE = 175  # espeak-ng's default words per minute
MAX_RATE = 450  # fastest rate used before falling back to sox tempo
PITCH = 50
AMPLITUDE = 100
#: "Audible": absolute sample value above this (of full scale, -40 dBFS).
ONSET_THRESHOLD = 0.01
#: Speech must end at least this long before the next cue's onset (so a search for an onset
#: starting 100 ms early never meets the previous cue's speech).
MIN_GAP_MS = 150
#: Sub-threshold lead-in kept before the onset and tail kept after the last audible sample.
PRE_ROLL_MS = 5
POST_ROLL_MS = 10
#: Silence after the last cue's speech.
END_SILENCE_MS = 1000
BITRATE_KBPS = 16
MAX_DELAY_MS = 200
OGG_SERIAL = 20250903
#: Where verification starts looking for a cue's onset, relative to its timestamp.
SEARCH_BEFORE_MS = 100

Audio = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Task:
    index: int
    text: str
    start_ms: int
    slot_ms: int | None  # time available for the speech; None for the last cue


@dataclass(frozen=True)
class Speech:
    index: int
    audio: Audio  # PRE_ROLL + speech + POST_ROLL, onset at sample PRE_ROLL_MS * PER_MS
    onset: int  # samples of lead-in before the onset
    speech_ms: float  # onset to last audible sample
    rate: int
    tempo: float  # sox tempo factor applied (1.0: none)
    truncated: bool


def run(cmd: list[str], data: bytes | None = None) -> bytes:
    """Run a tool and return its stdout; exit with its stderr on failure."""
    proc = subprocess.run(cmd, input=data, capture_output=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"make_talk_audio: {cmd[0]} failed: {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def to_float(wav_bytes: bytes, extra: list[str] | None = None) -> Audio:
    """WAV bytes -> float32 mono at SAMPLE_RATE through sox (rate, then optional effects)."""
    raw = run(
        [
            *("sox", "-V1", "-t", "wav", "-", "-t", "raw", "-e", "floating-point", "-b", "32"),
            *("-c", "1", "-r", str(SAMPLE_RATE), "-", *(extra or [])),
        ],
        wav_bytes,
    )
    return np.frombuffer(raw, dtype="<f4").astype(np.float32)


def espeak(text: str, rate: int) -> bytes:
    """espeak-ng's WAV for `text` at `rate` words per minute (text on stdin, UTF-8)."""
    cmd = ["espeak-ng", "-v", VOICE, "-s", str(rate), "-p", str(PITCH), "-a", str(AMPLITUDE)]
    return run([*cmd, "-b", "1", "--stdout"], text.encode("utf-8"))


def audible(audio: Audio) -> tuple[int, int] | None:
    """Indices of the first and last sample above ONSET_THRESHOLD."""
    loud = np.flatnonzero(np.abs(audio) > ONSET_THRESHOLD)
    return (int(loud[0]), int(loud[-1])) if loud.size else None


def trimmed(audio: Audio) -> tuple[Audio, int, float]:
    """Cut to lead-in + audible part + tail; returns (audio, lead-in samples, speech ms)."""
    span = audible(audio)
    if span is None:
        return np.zeros(0, np.float32), 0, 0.0
    first, last = span
    lead = min(first, PRE_ROLL_MS * PER_MS)
    cut = audio[first - lead : last + 1 + POST_ROLL_MS * PER_MS].copy()
    return cut, lead, (last - first + 1) / PER_MS


def fit(task: Task) -> Speech:
    """Synthesize a cue, raising the rate until it fits its slot; tempo or truncate past that."""
    text = " ".join(task.text.split())
    rate = BASE_RATE
    while True:
        wav = espeak(text, rate)
        audio, lead, speech_ms = trimmed(to_float(wav))
        if task.slot_ms is None or speech_ms <= task.slot_ms or rate >= MAX_RATE:
            break
        rate = min(MAX_RATE, math.ceil(rate * speech_ms / task.slot_ms * 1.02))
    tempo, truncated = 1.0, False
    if task.slot_ms is not None and speech_ms > task.slot_ms:
        tempo = round(speech_ms / task.slot_ms * 1.02, 4)
        audio, lead, speech_ms = trimmed(to_float(wav, ["tempo", "-s", f"{tempo}"]))
        if speech_ms > task.slot_ms:
            keep = lead + task.slot_ms * PER_MS
            audio = audio[:keep].copy()
            fade = min(keep, 5 * PER_MS)
            audio[keep - fade :] *= np.linspace(1, 0, fade, dtype=np.float32)
            speech_ms, truncated = float(task.slot_ms), True
    return Speech(task.index, audio, lead, speech_ms, rate, tempo, truncated)


def tasks_from(path: Path) -> list[Task]:
    """One task per cue of the transcript, with the time its speech may take."""
    track = captions.load(path)
    for warning in track.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    starts = [e.start for e in track.events]
    out = []
    for i, event in enumerate(track.events):
        slot = starts[i + 1] - starts[i] - MIN_GAP_MS if i + 1 < len(starts) else None
        out.append(Task(i, event.plaintext, event.start, slot))
    return out


def assemble(tasks: list[Task], speeches: list[Speech]) -> Audio:
    """The whole track, each cue's onset exactly on its timestamp."""
    last = speeches[-1]
    total = tasks[-1].start_ms * PER_MS + len(last.audio) - last.onset + END_SILENCE_MS * PER_MS
    track = np.zeros(total, np.float32)
    for task, speech in zip(tasks, speeches, strict=True):
        onset = task.start_ms * PER_MS
        begin = onset - speech.onset
        audio = speech.audio[max(0, -begin) :]  # no lead-in before 0
        begin = max(0, begin)
        track[begin : begin + len(audio)] += audio
    return track


def to_pcm16(audio: Audio) -> bytes:
    """float32 in [-1, 1] -> little-endian 16-bit PCM."""
    return (np.round(np.clip(audio, -1.0, 1.0) * 32767.0)).astype("<i2").tobytes()


def write_wav(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)


def first_audible_ms(audio: Audio, rate: int, start_ms: int) -> float | None:
    """ms of the first sample above ONSET_THRESHOLD at or after start_ms - SEARCH_BEFORE_MS."""
    begin = max(0, (start_ms - SEARCH_BEFORE_MS) * rate // 1000)
    loud = np.flatnonzero(np.abs(audio[begin : begin + 2 * rate]) > ONSET_THRESHOLD)
    return (begin + int(loud[0])) * 1000 / rate if loud.size else None


def onset_errors(audio: Audio, rate: int, starts: list[int]) -> list[float]:
    """Measured onset minus timestamp for each cue, in ms (inf when nothing is audible)."""
    errors = []
    for start in starts:
        found = first_audible_ms(audio, rate, start)
        errors.append(math.inf if found is None else found - start)
    return errors


def decode_opus(path: Path, tmp: Path) -> tuple[Audio, int]:
    """Decode with opusdec (honours pre-skip) at 48 kHz, float."""
    out = tmp / "decoded.raw"
    run(["opusdec", "--quiet", "--rate", "48000", "--float", str(path), str(out)])
    return np.fromfile(out, dtype="<f4").astype(np.float32), 48_000


def stats(errors: list[float]) -> dict[str, float]:
    absolute = np.abs(np.array(errors))
    return {
        "median_abs_ms": round(float(np.median(absolute)), 3),
        "max_abs_ms": round(float(absolute.max()), 3),
        "mean_ms": round(float(np.mean(errors)), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--text", type=Path, default=HERE / "talk.txt")
    parser.add_argument("--out", type=Path, default=HERE / "talk.opus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep-wav", type=Path, help="also copy the WAV here (keep it out of git)")
    args = parser.parse_args()
    for tool in ("espeak-ng", "sox", "opusenc", "opusdec"):
        if shutil.which(tool) is None:
            sys.exit(
                f"make_talk_audio: {tool} is not installed (apt-get install espeak-ng sox "
                "opus-tools)"
            )

    tasks = tasks_from(args.text)
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        speeches = pool.map(fit, tasks, chunksize=4)
    track = assemble(tasks, speeches)
    pcm = to_pcm16(track)
    placed = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32767.0
    wav_errors = onset_errors(placed, SAMPLE_RATE, [t.start_ms for t in tasks])

    with tempfile.TemporaryDirectory(prefix="talk-audio-") as tmpdir:
        tmp = Path(tmpdir)
        wav_path = tmp / "talk.wav"
        write_wav(wav_path, pcm)
        if args.keep_wav:
            shutil.copyfile(wav_path, args.keep_wav)
        encoded = tmp / "talk.opus"
        run(
            [
                *("opusenc", "--quiet", "--bitrate", str(BITRATE_KBPS)),
                *("--max-delay", str(MAX_DELAY_MS), "--serial", str(OGG_SERIAL)),
                *("--title", "talk (synthetic speech of talk.txt)"),
                *("--comment", f"GENERATOR=make_talk_audio.py espeak-ng {VOICE}"),
                *(str(wav_path), str(encoded)),
            ]
        )
        decoded, decoded_rate = decode_opus(encoded, tmp)
        opus_errors = onset_errors(decoded, decoded_rate, [t.start_ms for t in tasks])
        shutil.move(str(encoded), args.out)

    spare = [
        t.slot_ms - s.speech_ms
        for t, s in zip(tasks, speeches, strict=True)
        if t.slot_ms is not None
    ]
    summary = {
        "cues": len(tasks),
        "duration_ms": len(track) // PER_MS,
        "rate_raised": sum(s.rate > BASE_RATE for s in speeches),
        "max_rate": max(s.rate for s in speeches),
        "tempo_compressed": sum(s.tempo != 1.0 for s in speeches),
        "overruns": [s.index for s in speeches if s.truncated],
        "min_silence_before_next_ms": round(MIN_GAP_MS + min(spare), 1),
        "worst_onset_error_ms": round(max(abs(e) for e in wav_errors), 3),
        "opus_onset_error": stats(opus_errors),
        "opus_bytes": args.out.stat().st_size,
        "wav_sha256": hashlib.sha256(pcm).hexdigest(),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
