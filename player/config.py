"""The config file: defaults for the command-line options and key remaps, in TOML.

Read from `--config PATH`, else `$CAPTION_PLAYER_CONFIG`, else the user's config directory
(`platformdirs.user_config_path("caption-player") / "config.toml"`, on Linux
`~/.config/caption-player/config.toml`). A missing default file is no error. Example:

    audio = "none"              # auto, none, pulse, alsa…
    step = "50ms"               # nudge step
    reaction = "200ms"          # subtracted by "starts now" and anchors
    rewind-on-resume = "2s"
    rate = 1.0

    [keys]                      # binding id (see the help screen / README) = Textual keys
    toggle_pause = "p"
    "seek(-5000)" = "h,left"

Command-line options win over the file. A bad file is one line: `FILE:LINE: what is wrong`.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from captions.timecode import parse_duration
from player.text_safety import inert

ENV_CONFIG = "CAPTION_PLAYER_CONFIG"
DURATIONS = {
    "step": "step_ms",
    "reaction": "reaction_ms",
    "rewind-on-resume": "rewind_on_resume_ms",
}
KNOWN = ("audio", "rate", "keys", *DURATIONS)


class ConfigError(Exception):
    """A bad config file; `str()` is `FILE:LINE: what is wrong`."""


@dataclass(frozen=True)
class Config:
    """What the file sets (None: not set)."""

    path: Path | None = None
    audio: str | None = None
    rate: float | None = None
    step_ms: int | None = None
    reaction_ms: int | None = None
    rewind_on_resume_ms: int | None = None
    keymap: dict[str, str] = field(default_factory=dict)


def default_path() -> Path:
    """`$CAPTION_PLAYER_CONFIG`, else config.toml in the user's config directory."""
    override = os.environ.get(ENV_CONFIG)
    if override:
        return Path(override)
    return platformdirs.user_config_path("caption-player") / "config.toml"


def load_config(path: Path | None = None, *, binding_ids: frozenset[str] = frozenset()) -> Config:
    """Read the config file (`path` given: it must exist). `binding_ids`: the ids `[keys]` may
    remap (empty: not checked)."""
    explicit = path is not None
    target = path if path is not None else default_path()
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{inert(str(target))}: no such config file") from None
        return Config()
    except OSError as exc:
        raise ConfigError(f"{inert(str(target))}: cannot read: {exc.strerror}") from None
    text = raw.decode("utf-8", errors="replace")
    where = inert(str(target))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = match.group(1) if match else "1"
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "not valid TOML"
        raise ConfigError(f"{where}:{line}: {reason} (the file must be TOML)") from None
    return _parse(data, text, where, binding_ids, target)


def _line_of(text: str, key: str) -> int:
    """The line defining `key` (1 if it cannot be found)."""
    pattern = re.compile(rf"""^\s*["']?{re.escape(key)}["']?\s*=|^\s*\[\s*{re.escape(key)}\s*\]""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 1


def _parse(
    data: dict[str, Any], text: str, where: str, binding_ids: frozenset[str], path: Path
) -> Config:
    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}:{_line_of(text, key)}: {inert(key)}: {problem}")

    values: dict[str, Any] = {"path": path}
    for key, value in data.items():
        if key not in KNOWN:
            raise fail(key, f"unknown setting (known: {', '.join(KNOWN)})")
        if key == "audio":
            if not isinstance(value, str) or not value:
                raise fail(key, 'must be a string such as "auto", "none", "pulse"')
            values["audio"] = value
        elif key == "rate":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise fail(key, "must be a number between 0.25 and 4")
            if not 0.25 <= value <= 4.0:
                raise fail(key, f"{value} is not between 0.25 and 4")
            values["rate"] = float(value)
        elif key in DURATIONS:
            values[DURATIONS[key]] = _duration(value, lambda p, k=key: fail(k, p))
        else:
            values["keymap"] = _keys(value, binding_ids, fail)
    return Config(**values)


def _duration(value: object, fail: Any) -> int:
    if isinstance(value, bool):
        raise fail('must be a duration such as "100ms" or "1.5s"')
    if isinstance(value, int):
        result = value
    elif isinstance(value, str):
        try:
            result = parse_duration(value)
        except ValueError:
            raise fail(f'{inert(value)!r} is not a duration (e.g. "100ms", "1.5s")') from None
    else:
        raise fail('must be a duration such as "100ms" or "1.5s"')
    if result < 0:
        raise fail("must not be negative")
    return result


def _keys(value: object, binding_ids: frozenset[str], fail: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail("keys", 'must be a table: [keys] with lines like toggle_pause = "p"')
    keymap: dict[str, str] = {}
    for binding_id, keys in value.items():
        if binding_ids and binding_id not in binding_ids:
            raise fail(binding_id, "no such binding id (the help screen lists them)")
        if not isinstance(keys, str) or not keys.strip():
            raise fail(binding_id, 'must be a string of Textual key names, e.g. "p" or "ctrl+p"')
        keymap[binding_id] = keys.strip()
    return keymap
