"""The auto-sync command in the TUI: worker with progress, review screen that previews the
proposal, Cancel restores, Apply is one undoable edit. Real decoding of the synthetic talk."""

from __future__ import annotations

import statistics
import wave
from pathlib import Path

import numpy as np
import pytest
from textual.widgets import DataTable

from captions.formats import load, save
from captions.sync.audio import decode_pcm
from captions.timing import shift
from player.app import CaptionPlayerApp as EditorApp
from player.ui.dialogs.sync_review import SyncReviewScreen
from tests.app_harness import make_editor

ROOT = Path(__file__).resolve().parents[2]
TALK = ROOT / "samples" / "talk.opus"
TALK_SRT = ROOT / "samples" / "talk.srt"
RATE = 16_000
EXCERPT_MS = 5 * 60_000


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The talk's first five minutes as WAV, and its true captions as SRT."""
    work = tmp_path_factory.mktemp("autosync")
    blocks, have = [], 0
    for block in decode_pcm(TALK):
        blocks.append(block)
        have += len(block)
        if have >= EXCERPT_MS * RATE // 1000:
            break
    pcm = np.concatenate(blocks)[: EXCERPT_MS * RATE // 1000]
    media = work / "excerpt.wav"
    with wave.open(str(media), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.astype(np.int16).tobytes())
    track = load(TALK_SRT)
    track.subs.events = [e for e in track.events if e.start < EXCERPT_MS - 5000]
    track.changed()
    truth = work / "truth.srt"
    save(track, truth)
    return media, truth


async def wait_for_review(app: EditorApp, pilot: object) -> SyncReviewScreen:
    for _ in range(600):  # up to 60 s on a loaded machine
        if isinstance(app.screen, SyncReviewScreen):
            return app.screen
        await pilot.pause(0.1)  # type: ignore[attr-defined]
    raise AssertionError("the review screen never appeared")


async def test_auto_sync_review_cancel_then_apply_and_undo(
    excerpt: tuple[Path, Path], tmp_path: Path
) -> None:
    media, truth_path = excerpt
    truth = load(truth_path).timing
    late = load(truth_path)
    late.apply_timing(shift(late.timing, 3200).timing)
    damaged = tmp_path / "late.srt"
    save(late, damaged)

    app, _, _, document = make_editor(
        damaged, tmp_path / "state", duration_ms=EXCERPT_MS, media=media
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await app.started.wait()
        await pilot.pause()
        before = app.track.timing
        await pilot.press("Y")
        review = await wait_for_review(app, pilot)
        table = review.query_one(DataTable)
        assert table.row_count == len(before)  # every cue moves
        # Previewing: the track already has the proposal.
        errors = [abs(a - b) for a, b in zip(app.track.timing.starts, truth.starts, strict=True)]
        assert statistics.median(errors) <= 40
        await pilot.press("escape")
        await pilot.pause()
        assert app.track.timing == before and not document.dirty

        await pilot.press("Y")
        review = await wait_for_review(app, pilot)
        await pilot.click("#apply")
        await pilot.pause()
        errors = [abs(a - b) for a, b in zip(app.track.timing.starts, truth.starts, strict=True)]
        assert statistics.median(errors) <= 40 and max(errors) <= 100
        assert document.dirty
        await pilot.press("ctrl+z")
        assert app.track.timing == before


async def test_auto_sync_on_right_file_changes_nothing(
    excerpt: tuple[Path, Path], tmp_path: Path
) -> None:
    media, truth_path = excerpt
    copy = tmp_path / "right.srt"
    copy.write_bytes(truth_path.read_bytes())
    app, _, _, document = make_editor(copy, tmp_path / "state", duration_ms=EXCERPT_MS, media=media)
    async with app.run_test() as pilot:
        await app.started.wait()
        await pilot.pause()
        before = app.track.timing
        await pilot.press("Y")
        for _ in range(600):
            await pilot.pause(0.1)
            if app.main.sync_progress is None:
                break
        assert app.track.timing == before and not document.dirty
        assert not isinstance(app.screen, SyncReviewScreen)
