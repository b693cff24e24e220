"""Make docs/screenshot.svg: caption-player on the bundled talk at 2:04.5, playing, 120x36.

The app is the one `caption-player` runs; playback is a `FakeBackend` on a clock that does not
move, so the picture is the same on every run.

    .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.fakes: the fake backend lives with the tests

from player.app import make_app  # noqa: E402
from player.editing.journal import Journal  # noqa: E402
from player.settings import Settings  # noqa: E402
from tests.fakes import FakeBackend  # noqa: E402

TALK = ROOT / "samples" / "talk.txt"
OUT = ROOT / "docs" / "screenshot.svg"
#: Where the screenshot is taken: in the cue that starts at 2:03.348.
POSITION_MS = 124_500
#: Length of samples/talk.opus as libvlc reports it (plus the Opus pre-roll), 41:50.9.
DURATION_MS = 2_510_927
SIZE = (120, 36)


def frozen() -> float:
    return 1000.0


async def shoot(out: Path) -> str:
    backend = FakeBackend(DURATION_MS, frozen, audio_output="none (adummy)")
    settings = Settings(
        media=ROOT / "samples" / "talk.opus", captions=TALK, start_ms=POSITION_MS, autoplay=True
    )
    with tempfile.TemporaryDirectory() as state:
        app = make_app(settings, backend_factory=lambda: backend, journal=Journal(state))
        track = app.track
        async with app.run_test(size=SIZE) as pilot:
            await app.started.wait()
            await pilot.pause()
            assert backend.playing and backend.position_ms() == POSITION_MS
            current = track.cue_at(POSITION_MS)
            assert current is not None and app.main.transcript.current == current
            # The status line follows the player on its poll timer: wait for it.
            for _ in range(100):
                if "adummy" in app.main.status_line.text:
                    break
                await pilot.pause(0.05)
            else:
                raise RuntimeError(
                    f"status line never showed the player: {app.main.status_line.text}"
                )
            await pilot.pause()
            return app.save_screenshot(filename=out.name, path=str(out.parent))


def main() -> int:
    written = asyncio.run(shoot(OUT))
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
