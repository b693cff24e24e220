"""Forced alignment: words, pronunciations, word stamps, and real alignment of short clips."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from captions.align.engine import AlignOptions, force_align
from captions.align.stamps import ass_text, lrc_text, vtt_text, with_word_stamps
from captions.align.words import espeak_pronunciations, ipa_to_arpabet, tokens
from captions.formats import dumps, load
from captions.track import WordTime
from tests import align_data

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng)",
)
WORDS = (
    WordTime("Hello,", 1000, 1400),
    WordTime("big", 1500, 1700),
    WordTime("world.", 1750, 2300),
)


def test_tokens_keep_the_text_and_give_dictionary_words() -> None:
    got = tokens("{\\i1}Hello,{\\i0} it’s\\Nme — 2014!")
    assert [t.text for t in got] == ["Hello,", "it’s", "me", "—", "2014!"]
    assert [t.word for t in got] == ["hello", "it's", "me", "", "2014"]


def test_ipa_maps_to_cmu_phones() -> None:
    assert ipa_to_arpabet("n_ˈʊɹ_ɹ_ɪ_p_s") == "N UH R R IH P S"
    assert ipa_to_arpabet("tʃ_ˈeɪ_n_dʒ") == "CH EY N JH"
    assert ipa_to_arpabet("ˈ") == ""


@needs_espeak
def test_espeak_gives_pronunciations_for_unknown_words() -> None:
    got = espeak_pronunciations(["neurips", "2014"])
    assert got["neurips"].startswith("N ")
    assert len(got["2014"].split()) > 8  # "twenty fourteen" / "two thousand fourteen"


def test_vtt_stamps_each_word_after_the_first() -> None:
    # In the caption model a kept VTT tag is a `{<...>}` block; the VTT writer puts it out bare.
    assert vtt_text(WORDS, 1000) == "Hello, {<00:00:01.500>}big {<00:00:01.750>}world."


def test_lrc_stamps_every_word() -> None:
    assert lrc_text(WORDS, 1000) == "<00:01.00>Hello, <00:01.50>big <00:01.75>world."


def test_ass_karaoke_durations_run_to_the_next_word() -> None:
    assert ass_text(WORDS, 900) == "{\\k10}{\\k50}Hello, {\\k25}big {\\k55}world."


def test_word_stamps_survive_the_writers(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("[00:01.000]\nHello, big world.\n[00:03.000]\nAgain.\n", encoding="utf-8")
    track = load(source, media_duration_ms=4000)
    track.word_times = {0: WORDS}
    vtt = dumps(with_word_stamps(track, "vtt"), "vtt")
    assert "Hello, <00:00:01.500>big <00:00:01.750>world." in vtt
    lrc = dumps(with_word_stamps(track, "lrc"), "lrc")
    assert "[00:01.00]<00:01.00>Hello, <00:01.50>big <00:01.75>world." in lrc
    ass = dumps(with_word_stamps(track, "ass"), "ass")
    assert "{\\k50}Hello, {\\k25}big {\\k55}world." in ass
    assert track.events[0].text == "Hello, big world."  # the original is untouched
    with pytest.raises(ValueError, match="no word stamps"):
        with_word_stamps(track, "srt")


# --- real alignment ------------------------------------------------------------------------

SENTENCES = (
    "The quick brown fox jumps over the lazy dog.",
    "Pocketsphinx aligns every word to the speech.",
    "Subtitles should leave the screen when the talking stops.",
)
GAP_MS = 1200
LOUD = 327  # 1 % of full scale


def _espeak_clip(folder: Path) -> tuple[Path, list[int], list[int]]:
    """Three sentences with pauses, as WAV; each sentence's first and last audible ms."""
    parts, starts, ends, at = [], [], [], 700
    for i, text in enumerate(SENTENCES):
        wav = folder / f"s{i}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), text], check=True)
        with wave.open(str(wav)) as f:
            rate = f.getframerate()
            audio = np.frombuffer(f.readframes(f.getnframes()), dtype=np.int16)
        audio = (
            audio[:: rate // 16000]
            if rate % 16000 == 0
            else np.interp(
                np.arange(0, len(audio), rate / 16000), np.arange(len(audio)), audio
            ).astype(np.int16)
        )
        loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > LOUD)
        audio = audio[loud[0] : loud[-1] + 1]
        parts += [np.zeros(at * 16 if i == 0 else GAP_MS * 16, np.int16), audio]
        starts.append(at if i == 0 else ends[-1] + GAP_MS)
        ends.append(starts[-1] + len(audio) // 16)
        at = 0
    parts.append(np.zeros(800 * 16, np.int16))
    path = folder / "clip.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.concatenate(parts).tobytes())
    return path, starts, ends


def _transcript(folder: Path, texts: list[str], starts: list[int]) -> Path:
    path = folder / "transcript.txt"
    path.write_text(
        "".join(
            f"[{s // 60000:02d}:{s % 60000 / 1000:06.3f}]\n{t}\n"
            for t, s in zip(texts, starts, strict=True)
        ),
        encoding="utf-8",
    )
    return path


@needs_espeak
def test_espeak_clip_aligns_starts_and_ends_from_speech(tmp_path: Path) -> None:
    clip, starts, ends = _espeak_clip(tmp_path)
    rough = [starts[0] + 180, starts[1] - 220, starts[2] + 150]  # an approximate transcript
    track = load(_transcript(tmp_path, list(SENTENCES), rough), media_duration_ms=ends[-1] + 800)
    with wave.open(str(clip)) as f:
        pcm = np.frombuffer(f.readframes(f.getnframes()), dtype=np.int16)
    result = force_align(track, pcm, AlignOptions(workers=1))
    assert result.unaligned == []
    assert "pocketsphinx" in result.pronounced_words  # not in the CMU dictionary: espeak-ng
    start_errors = [abs(a - b) for a, b in zip(result.timing.starts, starts, strict=True)]
    end_errors = [abs(a - b) for a, b in zip(result.timing.ends, ends, strict=True)]
    # The clip's truth is each sentence's first sample above -40 dBFS, after silence: the
    # start snaps to it (captions/align/onset.py; frame times alone were up to 28 ms early).
    assert max(start_errors) <= 10, start_errors
    assert max(end_errors) <= 100, end_errors
    words = result.word_times[0]
    assert [w.text for w in words] == SENTENCES[0].split()
    assert all(a.start_ms <= b.start_ms for a, b in itertools.pairwise(words))


def test_real_voice_aligns_against_the_mfa_textgrid(tmp_path: Path) -> None:
    try:
        root = align_data.fetch(align_data.MFA)
    except OSError as exc:
        pytest.skip(f"no copy of the MFA test corpus (offline?): {exc}")
    clip = next(c for c in align_data.mfa_clips(root) if c.name == "acoustic_corpus")
    cues = align_data.group_cues(clip.words)
    rough = [max(0, cue[0][1] + (150 if i % 2 else -150)) for i, cue in enumerate(cues)]
    texts = [" ".join(w[0] for w in cue) for cue in cues]
    from captions.sync.audio import decode_pcm

    pcm = np.concatenate(list(decode_pcm(clip.audio)))
    track = load(_transcript(tmp_path, texts, rough), media_duration_ms=len(pcm) // 16)
    result = force_align(track, pcm, AlignOptions(workers=1))
    assert result.unaligned == []
    word_errors = [
        abs(got.start_ms - ref[1])
        for i, cue in enumerate(cues)
        for ref, got in zip(cue, result.word_times[i], strict=True)
    ]
    start_errors = [abs(t - c[0][1]) for t, c in zip(result.timing.starts, cues, strict=True)]
    end_errors = [abs(t - c[-1][2]) for t, c in zip(result.timing.ends, cues, strict=True)]
    # Measured here: word starts median 10 ms, cue starts 20 ms (25 and 25 with the former
    # fixed +15 ms start shift); cue starts [0, 10, 20, 30, 50, 60, 10, 20] since the snap to
    # the energy rise (captions/align/rise.py; "lower in intensity", a quiet start, was 210 ms
    # late before it). Issue 12's targets: word starts 30 ms, cue starts 20 ms.
    assert np.median(word_errors) <= 20, word_errors
    assert np.median(start_errors) <= 60, start_errors
    assert np.median(end_errors) <= 60, end_errors


def test_cancelling_stops_the_workers_and_propagates(tmp_path: Path) -> None:
    track = load(
        _transcript(tmp_path, ["one two", "three four"], [0, 2000]), media_duration_ms=4000
    )
    pcm = np.zeros(4000 * 16, np.int16)
    calls = []

    def cancel(done: int, total: int) -> None:
        calls.append(done)
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        force_align(track, pcm, AlignOptions(workers=1), cancel)
    assert calls[-1] >= 1


def test_a_word_stretched_over_a_pause_ends_where_its_sound_does() -> None:
    from captions.align.loudness import clip_long_words

    rng = np.random.default_rng(0)
    pcm = np.zeros(10_000 * 16, np.int16)
    pcm[1000 * 16 : 1600 * 16] = rng.integers(-8000, 8000, 600 * 16)  # a word, then 8 s of pause
    found: dict[int, list[tuple[int, int]] | None] = {0: [(400, 900), (1000, 9500)], 1: None}
    clip_long_words(found, pcm)
    assert found[0] == [(400, 900), (1000, 1700)]
