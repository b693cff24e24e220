"""The config file: defaults for options and key remaps; the command line wins; a bad file is
one line naming FILE:LINE and exit status 2; remapped keys show in help and the key table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from player.cli import build_parser, settings_from
from player.config import ConfigError, load_config
from player.keymap import BINDING_IDS, markdown_table
from tests.app_harness import SMALL_SRT, make_editor

ROOT = Path(__file__).resolve().parents[2]
GOOD = """\
audio = "none"
step = "50ms"
reaction = 200
rewind-on-resume = "2s"
rate = 1.25

[keys]
toggle_pause = "p"
"seek(-5000)" = "h"
"""


@pytest.fixture
def media(tmp_path: Path) -> Path:
    path = tmp_path / "talk.opus"
    path.write_bytes(b"not empty")
    (tmp_path / "talk.srt").write_text(SMALL_SRT, encoding="utf-8")
    return path


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_file_sets_defaults_and_the_command_line_wins(tmp_path: Path, media: Path) -> None:
    config = write(tmp_path, GOOD)
    args = build_parser().parse_args([str(media), "--config", str(config), "--step", "20ms"])
    settings = settings_from(args)
    assert settings.audio == "none" and settings.rate == 1.25
    assert settings.step_ms == 20  # the command line wins
    assert settings.reaction_ms == 200 and settings.rewind_on_resume_ms == 2000
    assert settings.keymap == {"toggle_pause": "p", "seek(-5000)": "h"}


def test_no_file_gives_the_built_in_defaults(
    tmp_path: Path, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAPTION_PLAYER_CONFIG", str(tmp_path / "absent.toml"))
    settings = settings_from(build_parser().parse_args([str(media)]))
    assert (settings.audio, settings.step_ms, settings.reaction_ms, settings.rate) == (
        "auto",
        100,
        250,
        1.0,
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('audio = "none"\nstep = "soon"\n', 2, "not a duration"),
        ("rate = 9\n", 1, "not between"),
        ("volume = 3\n", 1, "unknown setting"),
        ('audio = "none"\n[keys]\nno_such_action = "p"\n', 3, "no such binding id"),
        ("audio = \n", 1, "TOML"),
    ],
)
def test_bad_file_is_one_line_with_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, binding_ids=BINDING_IDS)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ") and words in message
    assert "\n" not in message


def test_bad_file_exits_2_from_the_command(tmp_path: Path, media: Path) -> None:
    path = write(tmp_path, 'step = "soon"\n')
    result = subprocess.run(
        [sys.executable, "-m", "player", str(media), "--config", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f'caption-player: error: {path}:1: step: \'soon\' is not a duration (e.g. "100ms", "1.5s")'
    ]


def test_a_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.toml")


def test_key_table_shows_remaps() -> None:
    table = markdown_table(keymap={"toggle_pause": "p"})
    assert "| `p` | Play / pause |" in table
    assert "| `Space` | Play / pause |" in markdown_table()


async def test_remapped_key_works_in_the_app(tmp_path: Path) -> None:
    srt = tmp_path / "talk.srt"
    srt.write_text(SMALL_SRT, encoding="utf-8")
    app, backend, _, _ = make_editor(srt, tmp_path / "state", keymap={"toggle_pause": "p"})
    async with app.run_test() as pilot:
        await app.started.wait()
        await pilot.pause()
        assert not backend.playing
        await pilot.press("p")
        await pilot.pause()
        assert backend.playing
        await pilot.press("space")  # no longer bound
        await pilot.pause()
        assert backend.playing
