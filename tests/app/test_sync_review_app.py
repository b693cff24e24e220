"""The auto-sync review says what was found in plain words and marks the cues snapped to their
speech (and by how much) and where each cut begins; a fake auto-syncer is injected through
`make_app`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Static

from captions.sync.model import SyncResult, SyncSegment
from captions.track import Timing, Track
from player.app import CaptionPlayerApp, make_app
from player.editing.autosync import SyncOutcome
from player.editing.journal import Journal
from player.settings import Settings
from player.ui.dialogs.sync_review import SyncReviewScreen
from tests.app_harness import SMALL_SRT, started
from tests.fakes import FakeBackend, FakeTime

SUMMARY = (
    "offset -0.350 s, speed 1.0007 (the audio runs 0.07 % slower), 1 cut (at 00:07.000 "
    "offset +1.200 s); 1 cue start snapped to the speech"
)


def fake_result() -> SyncResult:
    return SyncResult(
        segments=[SyncSegment(None, -350, 1.0007), SyncSegment(7000, 1200, 1.0007)],
        offset_ms=-350,
        speed=1.0007,
        confidence=0.9,
        part_confidence={"offset": 0.9},
        timing=Timing((650, 2772, 8205, 10206), (2651, 5153, 10206, 13208)),
        moved=4,
        unchanged=False,
        refined={1: 120},
        summary=SUMMARY,
    )


def fake_syncer(
    media: Path, track: Track, progress: Callable[[float, str | None], None], cancelled: object
) -> SyncOutcome:
    progress(1.0, None)
    return SyncOutcome(fake_result(), None)


def editor(tmp_path: Path) -> CaptionPlayerApp:
    srt = tmp_path / "small.srt"
    srt.write_text(SMALL_SRT, encoding="utf-8")
    backend = FakeBackend(15_000, FakeTime())
    return make_app(
        Settings(media=tmp_path / "talk.opus", captions=srt, autoplay=False),
        backend_factory=lambda: backend,
        journal=Journal(tmp_path / "state"),
        auto_syncer=fake_syncer,
    )


async def test_review_says_the_model_in_plain_words_and_marks_snaps_and_cuts(
    tmp_path: Path,
) -> None:
    app = editor(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await started(pilot)
        await pilot.press("Y")
        for _ in range(500):
            if isinstance(app.screen, SyncReviewScreen) and app.screen.is_mounted:
                break
            await pilot.pause(0.02)
        review = app.screen
        assert isinstance(review, SyncReviewScreen)
        summary = str(review.query_one("#review-summary", Static).render()).splitlines()
        assert summary[0] == SUMMARY
        assert "cut 1 at 00:07.000: from there offset +1.200 s, speed 1.0007" in summary
        table: DataTable[str] = review.query_one(DataTable)
        found = {str(table.get_row_at(r)[0]): str(table.get_row_at(r)[4]) for r in range(4)}
        assert found == {
            "1": "",
            "2": "snapped +0.120 s",
            "3": "cut 1: offset +1.200 s from here",  # the first cue at or after 00:07.000
            "4": "",
        }
        await pilot.click("#apply")
        await pilot.pause()
        assert app.track.timing == fake_result().timing
