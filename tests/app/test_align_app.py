"""The forced-alignment key in the editor, with a fake aligner injected through `make_app`:
progress, cancel (nothing applied), the review (old -> new start and end, unaligned cues),
Apply as one undoable edit that keeps the word times, and the other-language note."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual.widgets import DataTable, Static

from captions.align.engine import AlignResult
from captions.track import Timing, Track, WordTime
from player.app import CaptionPlayerApp, make_app
from player.editing.align import FALLBACK_NOTE, AlignOutcome, Report
from player.editing.journal import Journal
from player.keymap import markdown_table
from player.settings import Settings
from player.ui.dialogs.align_review import NOT_ALIGNED, AlignReviewScreen
from player.ui.dialogs.sync_review import SyncProgressScreen
from tests.app_harness import SMALL_SRT, started
from tests.fakes import FakeBackend, FakeTime

ROOT = Path(__file__).resolve().parents[2]
#: What the fake "hears": cue 0 and 1 aligned, cue 2 not, cue 3 aligned.
ALIGNED = Timing((1120, 3050, 7000, 9210), (2480, 5010, 9000, 11300))
WORDS = {
    0: (WordTime("First", 1120, 1400), WordTime("cue", 1500, 1700), WordTime("is", 1750, 1900),
        WordTime("here.", 2000, 2480)),
    1: (WordTime("Second", 3050, 3500), WordTime("cue", 3600, 3900), WordTime("follows", 4000,
        4400), WordTime("at", 4450, 4550), WordTime("once.", 4600, 5010)),
    3: (WordTime("Fourth", 9210, 9700), WordTime("and", 9800, 10000), WordTime("last", 10100,
        10500), WordTime("words.", 10600, 11300)),
}  # fmt: skip


def proposal() -> AlignResult:
    return AlignResult(timing=ALIGNED, word_times=WORDS, unaligned=[2], start_shifts_ms=[120])


class FakeAligner:
    """Reports progress and returns `proposal()`; with `hold`, waits until cancelled first."""

    def __init__(self, *, hold: bool = False, note: str | None = None) -> None:
        self.hold = hold
        self.note = note
        self.calls: list[tuple[Path, int]] = []
        self.saw_cancel = threading.Event()

    def __call__(
        self, media: Path, track: Track, progress: Report, cancelled: Callable[[], bool]
    ) -> AlignOutcome:
        self.calls.append((media, len(track)))
        progress(0.5, "Aligning words: 1 of 2 windows")
        if self.hold:
            for _ in range(3000):  # at most 30 s; the test cancels at once
                if cancelled():
                    self.saw_cancel.set()
                    break
                threading.Event().wait(0.01)
        return AlignOutcome(proposal(), None, self.note)


def editor(tmp_path: Path, aligner: FakeAligner) -> CaptionPlayerApp:
    srt = tmp_path / "small.srt"
    srt.write_text(SMALL_SRT, encoding="utf-8")
    clock = FakeTime()
    backend = FakeBackend(15_000, clock)
    settings = Settings(media=tmp_path / "talk.opus", captions=srt, autoplay=False)
    return make_app(
        settings,
        backend_factory=lambda: backend,
        journal=Journal(tmp_path / "state"),
        aligner=aligner,
    )


async def wait_for(app: CaptionPlayerApp, pilot: object, kind: type) -> object:
    for _ in range(500):
        if isinstance(app.screen, kind) and app.screen.is_mounted:  # composed, not only pushed
            return app.screen
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError(f"{kind.__name__} never appeared")


def cell(table: DataTable[str], row: int, column: int) -> str:
    return str(table.get_row_at(row)[column])


async def test_align_key_reviews_then_applies_one_undoable_edit(tmp_path: Path) -> None:
    aligner = FakeAligner()
    app = editor(tmp_path, aligner)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        before = app.track.timing
        await pilot.press("W")
        review = await wait_for(app, pilot, AlignReviewScreen)
        assert aligner.calls == [(tmp_path / "talk.opus", 4)]
        assert app.track.timing == ALIGNED  # previewing
        table = review.query_one(DataTable)  # type: ignore[attr-defined]
        assert table.row_count == 4  # three moved, one not aligned
        assert cell(table, 0, 1) == "00:01.000 – 00:03.000"
        assert cell(table, 0, 2) == "00:01.120 – 00:02.480"
        assert cell(table, 2, 0) == "3" and cell(table, 2, 2) == NOT_ALIGNED
        summary = str(review.query_one("#review-summary", Static).render())  # type: ignore[attr-defined]
        assert "aligned 3 of 4 cues" in summary and "#3 (00:07.000)" in summary
        await pilot.click("#apply")
        await pilot.pause()
        assert not isinstance(app.screen, AlignReviewScreen)
        document = app.editing.document
        assert document is not None and document.dirty
        assert app.track.timing == ALIGNED and app.track.word_times == WORDS
        await pilot.press("ctrl+z")
        assert app.track.timing == before and app.track.word_times == {}
        assert not document.dirty
        await pilot.press("ctrl+y")
        assert app.track.timing == ALIGNED and app.track.word_times == WORDS


async def test_cancel_in_the_review_restores_everything(tmp_path: Path) -> None:
    app = editor(tmp_path, FakeAligner())
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        before = app.track.timing
        await pilot.press("W")
        await wait_for(app, pilot, AlignReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.track.timing == before and app.track.word_times == {}
        assert app.editing.document is not None and not app.editing.document.dirty


async def test_cancel_while_aligning_applies_nothing(tmp_path: Path) -> None:
    aligner = FakeAligner(hold=True)
    app = editor(tmp_path, aligner)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        before = app.track.timing
        await pilot.press("W")
        progress = await wait_for(app, pilot, SyncProgressScreen)
        await pilot.pause()
        stage = progress.query_one("#sync-stage").render()  # type: ignore[attr-defined]
        assert "1 of 2 windows" in str(stage)
        await pilot.press("escape")
        for _ in range(500):
            if app.main.sync_progress is None:
                break
            await pilot.pause(0.02)
        assert aligner.saw_cancel.is_set()
        assert not isinstance(app.screen, AlignReviewScreen | SyncProgressScreen)
        assert app.track.timing == before and app.track.word_times == {}
        assert app.editing.document is not None and not app.editing.document.dirty


async def test_another_language_shows_the_fallback_note(tmp_path: Path) -> None:
    app = editor(tmp_path, FakeAligner(note=FALLBACK_NOTE))
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("W")
        review = await wait_for(app, pilot, AlignReviewScreen)
        summary = str(review.query_one("#review-summary", Static).render())  # type: ignore[attr-defined]
        assert summary.startswith(FALLBACK_NOTE)


async def test_the_align_key_is_in_the_palette_help_and_readme(tmp_path: Path) -> None:
    app = editor(tmp_path, FakeAligner())
    async with app.run_test() as pilot:
        await started(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert any(title.startswith("Align words to speech") for title in titles)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in markdown_table().splitlines() if "`align_words`" in line)
    assert row in readme


async def test_after_esc_in_the_review_the_alignment_is_shown_again_without_aligning(
    tmp_path: Path,
) -> None:
    # Esc in the review threw a minute's alignment away; now Shift+W shows it again at once,
    # until a cue's time or text changes.
    aligner = FakeAligner()
    app = editor(tmp_path, aligner)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(pilot)
        await pilot.press("W")
        await wait_for(app, pilot, AlignReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert "Shift+W shows its review again" in app.main.query_one("#action").text  # type: ignore[attr-defined]
        await pilot.press("W")
        await wait_for(app, pilot, AlignReviewScreen)
        assert len(aligner.calls) == 1 and app.track.timing == ALIGNED
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("x")  # an edit: the old alignment no longer fits
        await pilot.press("W")
        await wait_for(app, pilot, AlignReviewScreen)
        assert len(aligner.calls) == 2
