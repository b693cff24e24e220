"""The auto-sync command in the TUI: worker with progress, review screen that previews the
proposal, Cancel restores, Apply is one undoable edit. Real decoding of the synthetic talk."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from textual.widgets import DataTable

from captions.formats import load, save
from captions.timing import shift
from player.ui.dialogs.sync_review import SyncReviewScreen
from tests.app_harness import make_editor, running_flow, started, until
from tests.pcm import talk_excerpt

ROOT = Path(__file__).resolve().parents[2]
TALK_SRT = ROOT / "samples" / "talk.srt"
EXCERPT_MS = 5 * 60_000


@pytest.fixture(scope="module")
def excerpt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The talk's first five minutes as WAV, and its true captions as SRT."""
    work = tmp_path_factory.mktemp("autosync")
    media = talk_excerpt(work / "excerpt.wav", EXCERPT_MS)
    track = load(TALK_SRT)
    track.subs.events = [e for e in track.events if e.start < EXCERPT_MS - 5000]
    track.changed()
    truth = work / "truth.srt"
    save(track, truth)
    return media, truth


async def review_shown(pilot: object) -> SyncReviewScreen:
    """Wait until the review is on screen and mounted (its table filled), not just pushed."""
    app = pilot.app  # type: ignore[attr-defined]
    await until(
        pilot,
        lambda: isinstance(app.screen, SyncReviewScreen) and app.screen.is_mounted,
        "the auto-sync review screen",
    )
    review: SyncReviewScreen = app.screen
    return review


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
        await started(pilot)
        before = app.track.timing
        await pilot.press("Y")
        review = await review_shown(pilot)
        table = review.query_one(DataTable)
        assert table.row_count == len(before)  # every cue moves
        # Previewing: the track already has the proposal.
        errors = [abs(a - b) for a, b in zip(app.track.timing.starts, truth.starts, strict=True)]
        assert statistics.median(errors) <= 40
        flow = running_flow(app)  # awaiting the review's answer
        await pilot.press("escape")
        await until(pilot, lambda: flow.is_finished, "the cancelled auto-sync to end")
        assert app.track.timing == before and not document.dirty

        await pilot.press("Y")
        review = await review_shown(pilot)
        flow = running_flow(app)
        await pilot.click("#apply")
        await until(pilot, lambda: flow.is_finished, "the applied auto-sync to end")
        errors = [abs(a - b) for a, b in zip(app.track.timing.starts, truth.starts, strict=True)]
        assert statistics.median(errors) <= 40 and max(errors) <= 100
        assert document.dirty
        await pilot.press("ctrl+z")
        await until(pilot, lambda: document.history.can_redo, "Ctrl+Z to undo the auto-sync")
        assert app.track.timing == before


async def test_auto_sync_on_right_file_changes_nothing(
    excerpt: tuple[Path, Path], tmp_path: Path
) -> None:
    media, truth_path = excerpt
    copy = tmp_path / "right.srt"
    copy.write_bytes(truth_path.read_bytes())
    app, _, _, document = make_editor(copy, tmp_path / "state", duration_ms=EXCERPT_MS, media=media)
    async with app.run_test() as pilot:
        await started(pilot)
        before = app.track.timing
        notices = len(app._notifications)
        await pilot.press("Y")
        # The flow ends with a notice (nothing to change) or, wrongly, with a review.
        await until(
            pilot,
            lambda: len(app._notifications) > notices or isinstance(app.screen, SyncReviewScreen),
            "auto-sync to report",
        )
        assert app.track.timing == before and not document.dirty
        assert not isinstance(app.screen, SyncReviewScreen)
