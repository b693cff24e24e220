"""`caption-player [MEDIA] [CAPTIONS]`: play a recording with live captions."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

from captions.errors import CaptionError
from captions.formats import EXTENSIONS
from captions.option_values import (
    argparse_type,
    duration,
    join_negative_values,
    nonnegative_duration,
    time_point,
)
from captions.paths import DEFAULT_READ_LIMIT, parse_size, path_kind, set_read_limit
from captions.text_safety import inert_line
from player.config import ConfigError, default_path, load_config
from player.settings import VIDEO_MODES, Settings

T = TypeVar("T")

#: The bundled talk, played when no arguments are given.
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_MEDIA = SAMPLES / "talk.opus"
SAMPLE_CAPTIONS = SAMPLES / "talk.txt"


#: Options whose value may start with "-" (`--reaction -1s` is a value, not an option).
SIGNED_OPTIONS = frozenset({"--start", "--rate", "--step", "--reaction", "--rewind-on-resume"})


#: Options that take a duration (`150ms`, `0.5s`): flag, parser, help.
DURATION_OPTIONS: tuple[tuple[str, Callable[[str], int], str], ...] = (
    ("--step", duration, "nudge step for cue starts and ends (default 100ms)"),
    (
        "--reaction",
        nonnegative_duration,
        "reaction time subtracted by 'starts now' and anchors (default 250ms)",
    ),
    (
        "--rewind-on-resume",
        nonnegative_duration,
        "seek back this much when playback resumes (default 0)",
    ),
)


class UsageError(Exception):
    """A bad command line: one line, exit status 2."""


def find_sidecar(media: Path) -> Path | None:
    """A caption file with the media's stem beside it, if there is one."""
    for ext in EXTENSIONS:  # the format registry's order: .srt first
        candidate = media.with_suffix(ext)
        if candidate.is_file() and candidate != media:
            return candidate
    return None


def check_media_file(media: Path) -> None:
    """Cheap checks before the UI starts; libvlc's deep check runs after the first paint."""
    if not media.exists():
        raise UsageError(f"{media}: no such file")
    if media.is_dir():
        raise UsageError(f"{media}: is a directory, not a media file")
    kind = path_kind(media)
    if kind is not None:
        raise UsageError(f"{media}: is {kind}, not a media file (playing needs a seekable file)")
    if media.stat().st_size == 0:
        raise UsageError(f"{media}: the file is empty, not playable media")


class OneLineParser(argparse.ArgumentParser):
    """A usage error is one line, `caption-player: error: …`, exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {inert_line(message)} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="caption-player",
        description="Play a recording with live captions; the spoken cue is highlighted.",
    )
    parser.add_argument(
        "media", nargs="?", type=Path, help="audio or video file (default: the bundled talk)"
    )
    parser.add_argument(
        "captions",
        nargs="?",
        type=Path,
        help="caption file (default: same name as MEDIA, any supported format)",
    )
    parser.add_argument(
        "--audio",
        default=None,
        help="audio output: auto, none (silent; the clock still runs), pulse, alsa… "
        "(default: the config file's, else auto)",
    )
    parser.add_argument(
        "--video",
        nargs="?",
        const="window",
        default="auto",
        choices=VIDEO_MODES,
        help="where a video's picture goes: auto (default: VLC's window with a display, else the"
        " terminal), window (VLC's window, with the captions as edited), terminal (a pane above"
        " the transcript), none (audio only); --video alone means window",
    )
    parser.add_argument(
        "--second",
        type=Path,
        metavar="FILE",
        help="a second caption track (e.g. a translation) shown under the main one; the"
        " editor edits the main track only",
    )
    parser.add_argument(
        "--start",
        type=argparse_type(time_point),
        default=0,
        metavar="TIME",
        help="start position (mm:ss.mmm, h:mm:ss.mmm or seconds)",
    )
    parser.add_argument("--rate", type=float, default=None, help="playback speed (default 1.0)")
    parser.add_argument("--encoding", help="caption file encoding (default: detected)")
    parser.add_argument(
        "--max-input-size",
        type=argparse_type(parse_size),
        metavar="SIZE",
        help="refuse a caption file larger than SIZE (default 256M; K, M, G: powers of 1024)",
    )
    parser.add_argument("--paused", action="store_true", help="open paused")
    for flag, parse, what in DURATION_OPTIONS:
        parser.add_argument(flag, type=argparse_type(parse), default=None, metavar="D", help=what)
    parser.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help=f"config file (default: {default_path()})",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `caption-player` command."""
    parser = build_parser()
    args = parser.parse_args(
        join_negative_values(sys.argv[1:] if argv is None else argv, SIGNED_OPTIONS)
    )
    try:
        return _run(args)
    except (UsageError, CaptionError, ConfigError) as exc:
        print(f"caption-player: error: {inert_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _require_terminal() -> None:
    """A full-screen UI sizes itself from the terminal on standard input and output."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "standard input and output must be a terminal (do not pipe or redirect them)"
        )


def settings_from(args: argparse.Namespace) -> Settings:
    """The command line as Settings: finds the bundled talk or the captions beside the media."""
    notes: list[str] = []
    set_read_limit(args.max_input_size or DEFAULT_READ_LIMIT)
    media: Path | None = args.media
    caption_path: Path | None = args.captions
    if media is None:
        media, caption_path = SAMPLE_MEDIA, SAMPLE_CAPTIONS
        if not media.is_file():
            raise UsageError(f"{media}: the bundled talk is missing; give a MEDIA file")
    check_media_file(media)
    from player.keymap import BINDING_IDS

    config = load_config(args.config, binding_ids=BINDING_IDS)

    def pick(given: T | None, configured: T | None, default: T) -> T:
        """The command line wins over the config file, which wins over the default."""
        return given if given is not None else configured if configured is not None else default

    rate = pick(args.rate, config.rate, 1.0)
    if not 0.25 <= rate <= 4.0:
        raise UsageError("--rate must be between 0.25 and 4")
    if caption_path is None:
        caption_path = find_sidecar(media)
        if caption_path is None:
            notes.append(f"no captions beside {media.name}")
    return Settings(
        media=media,
        captions=caption_path,
        audio=pick(args.audio, config.audio, "auto"),
        video=args.video,
        second=args.second,
        start_ms=args.start,
        rate=rate,
        encoding=args.encoding,
        autoplay=not args.paused,
        step_ms=max(1, abs(pick(args.step, config.step_ms, 100))),
        reaction_ms=max(0, pick(args.reaction, config.reaction_ms, 250)),
        rewind_on_resume_ms=max(0, pick(args.rewind_on_resume, config.rewind_on_resume_ms, 0)),
        keymap=config.keymap,
        notes=tuple(notes),
    )


def _run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    from player.app import make_app
    from player.playback.vlc_log import default_log_path, detach_stderr, open_log

    app = make_app(settings)
    _require_terminal()
    # Whatever a C library writes to fd 2 (ALSA, codecs) goes to a log, never over the UI.
    stderr_log = default_log_path().with_name("stderr.log")
    detached = detach_stderr(open_log(stderr_log))
    # Everything loaded so far (100,000 cues are millions of objects) stays alive: keep it out
    # of the garbage collector's scans, which otherwise pause key handling for ~100 ms.
    gc.freeze()
    try:
        code = app.run()
    finally:
        if detached is not None:
            detached.restore()
    if app.error_message:
        print(f"caption-player: error: {inert_line(app.error_message)}", file=sys.stderr)
        return 2
    if isinstance(code, int):
        return code
    return app.return_code or 0  # 1 when the app stopped on an unhandled error
