"""The now panel repaints the word marks as the cue is spoken (not only when the cue changes)."""

from __future__ import annotations

from player.app import CaptionPlayerApp
from player.ui.widgets.now_panel import Line, NowPanel
from tests.app_harness import make_player, started


def marked_chars(app: CaptionPlayerApp) -> int:
    """Characters of the current cue drawn in the "spoken" colour, read from the rendered
    strips (what the compositor writes), not from the widget's content."""
    line = app.query_one("#now-current", Line)
    segments = [seg for y in range(line.size.height) for seg in line.render_line(y)]
    # The spoken part is the first run of text: the colour of the first visible character.
    first = next(seg for seg in segments if seg.text.strip())
    colour = first.style.color if first.style else None
    return sum(len(seg.text) for seg in segments if seg.style and seg.style.color == colour)


async def test_word_marks_repaint_within_a_cue() -> None:
    app, _, _ = make_player()
    async with app.run_test() as pilot:
        await started(pilot)
        panel = app.query_one(NowPanel)
        track = app.playback.track  # cue 0: "First cue is here." from 1000 to 3000 ms
        panel.show_cue(track, 0, 1000)
        await pilot.pause()
        assert marked_chars(app) == len("First")
        panel.show_cue(track, 0, 1900)
        await pilot.pause()
        assert marked_chars(app) == len("First cue")
