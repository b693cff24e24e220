"""A long track decoded by segments on two cores (`captions.sync.segments`) is the one-pass
decode, sample for sample: on the 42-minute Opus talk (eleven joins, each inside speech or
silence as it falls), on a 44.1 kHz file (the resampler's phase at a join), where a join is
wrong (the rest decoded in one pass) and where timestamps do not count samples (Matroska)."""

from __future__ import annotations

import dataclasses
import os
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from captions.sync import segments
from captions.sync.audio import _one_pass, decode_pcm
from captions.sync.vad import Pcm
from tests.pcm import TALK


def whole(blocks: Iterator[Pcm]) -> Pcm:
    return np.concatenate(list(blocks))


@pytest.fixture(scope="module")
def talk_one_pass() -> Pcm:
    return whole(decode_pcm(TALK, workers=1))


def talk_timeline(**changes: Any) -> segments.Timeline:
    with av.open(str(TALK)) as container:
        stream = container.streams.audio[0]
        assert stream.duration is not None and stream.time_base is not None
        line = segments.plan(TALK, stream, float(stream.duration * stream.time_base), 2)
    assert line is not None
    return dataclasses.replace(line, **changes)


def test_the_talk_by_segments_is_the_one_pass_decode(talk_one_pass: Pcm) -> None:
    line = talk_timeline()
    assert len(line.joins) >= 10  # joins all through the talk
    fell_back: list[int] = []

    def one_pass_from(skip: int) -> Iterator[Pcm]:
        fell_back.append(skip)
        return _one_pass(TALK, None, skip)

    joined = whole(segments.decode_segments(TALK, line, None, one_pass_from))
    assert not fell_back  # every join was taken
    assert len(joined) == len(talk_one_pass)
    assert np.array_equal(joined, talk_one_pass)


def record_decoded_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The segments this process decodes itself (not the worker), in order, from now on."""
    decoded_here: list[int] = []
    own = segments._segment_items

    def recorded(media: Path, timeline: segments.Timeline, k: int) -> Iterator[segments.Item]:
        decoded_here.append(k)
        return own(media, timeline, k)

    monkeypatch.setattr(segments, "_segment_items", recorded)
    return decoded_here


def test_this_process_decodes_from_the_start_and_the_worker_from_the_end(
    talk_one_pass: Pcm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They meet in between: here a run of segments from the first, in the worker the rest
    (the last two asked of it at once; the second never, as this process starts on it next)."""
    line = talk_timeline()
    decoded_here = record_decoded_here(monkeypatch)
    joined = whole(segments.decode_segments(TALK, line, None, lambda s: _one_pass(TALK, None, s)))
    assert np.array_equal(joined, talk_one_pass)
    count = len(line.joins)
    assert decoded_here == list(range(len(decoded_here)))
    assert 2 <= len(decoded_here) <= count - 2


def test_a_worker_that_dies_leaves_its_segments_to_this_process(
    talk_one_pass: Pcm, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed while starting up, with two segments asked of it: both are decoded here, and
    the track is still the one-pass decode (no fallback needed)."""
    line = talk_timeline()
    decoded_here: list[int] = []
    own, ask = segments._segment_items, segments._Worker.ask

    def recorded(media: Path, timeline: segments.Timeline, k: int) -> Iterator[segments.Item]:
        decoded_here.append(k)
        return own(media, timeline, k)

    def ask_then_die(worker: Any, k: int) -> bool:
        asked = ask(worker, k)
        if worker.busy == 2:
            worker._proc.kill()
        return asked

    fell_back: list[int] = []

    def one_pass_from(skip: int) -> Iterator[Pcm]:
        fell_back.append(skip)
        return _one_pass(TALK, None, skip)

    monkeypatch.setattr(segments, "_segment_items", recorded)
    monkeypatch.setattr(segments._Worker, "ask", ask_then_die)
    joined = whole(segments.decode_segments(TALK, line, None, one_pass_from))
    assert np.array_equal(joined, talk_one_pass)
    assert not fell_back
    assert decoded_here == list(range(len(line.joins)))


def test_a_join_that_differs_is_not_taken(talk_one_pass: Pcm) -> None:
    """Without a pre-roll (decoding from the resampler's 0.1 s warm-up) the Opus decoder after
    the seek to 33:20 has not converged: the overlap differs, so from there on the track is
    decoded in one pass."""
    join = 2000 * 16_000
    line = talk_timeline(joins=(0, join), preroll_s=0.0)
    fell_back: list[int] = []

    def one_pass_from(skip: int) -> Iterator[Pcm]:
        fell_back.append(skip)
        return _one_pass(TALK, None, skip)

    joined = whole(segments.decode_segments(TALK, line, None, one_pass_from))
    assert fell_back == [join]
    assert np.array_equal(joined, talk_one_pass)


def tone_wav(path: Path, seconds: int = 150, rate: int = 44_100) -> Path:
    rng = np.random.default_rng(5)
    t = np.arange(seconds * rate) / rate
    tone = 8000 * np.sin(2 * np.pi * 220 * t) * (np.sin(2 * np.pi * 0.3 * t) > 0)
    pcm = (tone + rng.normal(0, 300, len(t))).astype(np.int16)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


def test_a_44_1_khz_track_joins_on_the_resamplers_phase(tmp_path: Path) -> None:
    path = tone_wav(tmp_path / "tone44k.wav")
    with av.open(str(path)) as container:
        line = segments.plan(path, container.streams.audio[0], 150.0, 2)
    assert line is not None and len(line.joins) == 2 and line.joins[1] % 160 == 0
    joined = whole(segments.decode_segments(path, line, None, lambda s: _one_pass(path, None, s)))
    assert np.array_equal(joined, whole(decode_pcm(path, workers=1)))


def test_of_two_segments_the_worker_decodes_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2-8 minutes of media make two segments: the worker was started and never asked (it
    may only take segments past the one after this process's), so this process decoded both."""
    path = tone_wav(tmp_path / "tone44k.wav")
    with av.open(str(path)) as container:
        line = segments.plan(path, container.streams.audio[0], 150.0, 2)
    assert line is not None and len(line.joins) == 2
    decoded_here = record_decoded_here(monkeypatch)
    joined = whole(segments.decode_segments(path, line, None, lambda s: _one_pass(path, None, s)))
    assert np.array_equal(joined, whole(decode_pcm(path, workers=1)))
    assert decoded_here == [0]


def test_without_a_worker_process_every_segment_is_decoded_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tone_wav(tmp_path / "tone44k.wav")
    one_pass = whole(decode_pcm(path, workers=1))
    monkeypatch.setattr("sys.executable", str(tmp_path / "no-such-python"))
    assert np.array_equal(whole(decode_pcm(path, workers=2)), one_pass)


def test_matroska_timestamps_are_not_taken_for_samples(tmp_path: Path) -> None:
    """Opus in Matroska counts 1 ms ticks (the first frame is 13.5 ms): no segment can be
    placed to the sample, and the track decodes whole, in one pass, as before."""
    path = tmp_path / "talk.mkv"
    with av.open(str(TALK)) as source, av.open(str(path), "w") as target:
        audio = source.streams.audio[0]
        stream = target.add_stream_from_template(audio)
        for packet in source.demux(audio):
            if packet.dts is None or packet.pts is None or audio.time_base is None:
                continue
            if packet.pts * audio.time_base > 150:
                break
            packet.stream = stream
            target.mux(packet)
    assert np.array_equal(whole(decode_pcm(path, workers=2)), whole(decode_pcm(path, workers=1)))


def _children() -> list[int]:
    me = str(os.getpid())
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_cancelling_stops_the_worker_process() -> None:
    class Cancelled(Exception):
        pass

    def cancel(done: float) -> None:
        if done > 0.2:
            raise Cancelled

    before = set(_children())
    with pytest.raises(Cancelled):
        for _ in decode_pcm(TALK, cancel, workers=2):
            pass
    assert set(_children()) <= before
