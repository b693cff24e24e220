"""Word times in the editor: the now panel marks spoken words by them (not by text length),
they stay on their cue through a delete, and Export offers word stamps where they fit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input

from captions.track import WordTime
from player.app import CaptionPlayerApp
from player.ui.dialogs.export import ExportScreen
from player.ui.widgets.now_panel import Line
from tests.app_dialogs import open_dialog
from tests.app_harness import SMALL_SRT, make_editor, make_player, small_track, started

#: Cue 0 is "First cue is here." (1.000-3.000 s): "cue" is said late and "here." later still,
#: so marking by text length (the estimate) differs from marking by these times.
FIRST = (
    WordTime("First", 1000, 1200),
    WordTime("cue", 1800, 1950),
    WordTime("is", 2000, 2100),
    WordTime("here.", 2700, 2950),
)


def marked(app: CaptionPlayerApp) -> str:
    """The part of the spoken cue shown as said (the bold accent span at its start)."""
    content = app.query_one("#now-current", Line).render()
    ends = [span.end for span in content.spans if span.start == 0 and "bold" in str(span.style)]
    return content.plain[: max(ends, default=0)]


async def test_now_panel_marks_words_at_their_times() -> None:
    track = small_track()
    track.word_times = {0: FIRST}
    app, _, clock = make_player(track, autoplay=True)
    async with app.run_test() as pilot:
        await started(pilot)
        base = clock.t
        expected = [
            (1000, "First"),
            (1799, "First"),
            (1800, "First cue"),
            (2699, "First cue is"),
            (2700, "First cue is here."),
        ]
        for ms, said in expected:
            clock.t = base + ms / 1000 + 1e-7
            app.main.highlighter.invalidate()
            app.main.resync_highlight()
            await pilot.pause()
            assert marked(app) == said, f"at {ms} ms"
        # The next mark is timed for the next word's start, not a text-length estimate.
        assert app.main.now_panel.show_cue(app.track, 0, 1500) == 300
        assert app.main.now_panel.show_cue(app.track, 0, 2100) == 600


async def test_words_stay_on_their_cue_after_a_delete(tmp_path: Path) -> None:
    srt = tmp_path / "small.srt"
    srt.write_text(SMALL_SRT, encoding="utf-8")
    app, _, _, _ = make_editor(srt, tmp_path / "state")
    second = (WordTime("Second", 3000, 3400), WordTime("cue", 4500, 4700))
    app.track.word_times = {1: second}
    async with app.run_test() as pilot:
        await started(pilot)
        await pilot.press("delete")  # the cursor is on cue 0
        await pilot.pause()
        assert app.track.events[0].plaintext == "Second cue follows at once."
        assert app.track.word_times == {0: second}
        await pilot.press("ctrl+z")
        assert app.track.word_times == {1: second}


async def test_export_offers_word_stamps_where_the_format_holds_them(tmp_path: Path) -> None:
    srt = tmp_path / "small.srt"
    srt.write_text(SMALL_SRT, encoding="utf-8")
    app, _, _, _ = make_editor(srt, tmp_path / "state", media=tmp_path / "talk.opus")
    app.track.word_times = {0: FIRST}
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        dialog = await open_dialog(pilot, ExportScreen, "ctrl+e")
        stamps = dialog.query_one("#word-stamps", Checkbox)
        assert not stamps.display  # srt has no word stamps
        dialog.query_one("#format").value = "vtt"  # type: ignore[attr-defined]
        await pilot.pause()
        assert stamps.display
        stamps.value = True
        dialog.query_one("#path", Input).value = str(tmp_path / "out.vtt")
        await pilot.click("#export")
        await pilot.pause()
        vtt = (tmp_path / "out.vtt").read_text(encoding="utf-8")
        assert "First <00:00:01.800>cue <00:00:02.000>is <00:00:02.700>here." in vtt
        assert app.track.events[0].text == "First cue is here."  # the track is untouched


async def test_export_without_word_times_offers_no_stamps(tmp_path: Path) -> None:
    srt = tmp_path / "small.srt"
    srt.write_text(SMALL_SRT, encoding="utf-8")
    app, _, _, _ = make_editor(srt, tmp_path / "state", media=tmp_path / "talk.opus")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        dialog = await open_dialog(pilot, ExportScreen, "ctrl+e")
        dialog.query_one("#format").value = "vtt"  # type: ignore[attr-defined]
        await pilot.pause()
        assert not dialog.query_one("#word-stamps", Checkbox).display
