"""`caption-player [MEDIA] [CAPTIONS]`: play a recording with live captions."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import NoReturn

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

#: The bundled talk, played when no arguments are given.
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_MEDIA = SAMPLES / "talk.opus"
SAMPLE_CAPTIONS = SAMPLES / "talk.txt"
#: Caption extensions tried beside the media, in this order.
SIDECAR_ORDER = (
    ".srt",
    ".vtt",
    ".ass",
    ".ssa",
    ".txt",
    ".lrc",
    ".json",
    ".ttml",
    ".sub",
    ".smi",
    ".sami",
    ".mpl",
    ".tmp",
    ".dfxp",
)


#: Options whose value may start with "-" (`--reaction -1s` is a value, not an option).
SIGNED_OPTIONS = frozenset({"--start", "--rate", "--step", "--reaction", "--rewind-on-resume"})


class UsageError(Exception):
    """A bad command line: one line, exit status 2."""


def find_sidecar(media: Path) -> Path | None:
    """A caption file with the media's stem beside it, if there is one."""
    for ext in SIDECAR_ORDER:
        if ext in EXTENSIONS:
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
        default="auto",
        help="audio output: auto, none (silent; the clock still runs), pulse, alsa…",
    )
    parser.add_argument(
        "--video",
        action="store_true",
        help="let VLC open a video window when the media has video and a display",
    )
    parser.add_argument(
        "--start",
        type=argparse_type(time_point),
        default=0,
        metavar="TIME",
        help="start position (mm:ss.mmm, h:mm:ss.mmm or seconds)",
    )
    parser.add_argument("--rate", type=float, default=1.0, help="playback speed (default 1.0)")
    parser.add_argument("--encoding", help="caption file encoding (default: detected)")
    parser.add_argument(
        "--max-input-size",
        type=argparse_type(parse_size),
        metavar="SIZE",
        help="refuse a caption file larger than SIZE (default 256M; K, M, G: powers of 1024)",
    )
    parser.add_argument("--paused", action="store_true", help="open paused")
    parser.add_argument(
        "--step",
        type=argparse_type(duration),
        default=100,
        metavar="D",
        help="nudge step for cue starts and ends (default 100ms)",
    )
    parser.add_argument(
        "--reaction",
        type=argparse_type(nonnegative_duration),
        default=250,
        metavar="D",
        help="reaction time subtracted by 'starts now' and anchors (default 250ms)",
    )
    parser.add_argument(
        "--rewind-on-resume",
        type=argparse_type(nonnegative_duration),
        default=0,
        metavar="D",
        help="seek back this much when playback resumes (default 0)",
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
    except (UsageError, CaptionError) as exc:
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


def _run(args: argparse.Namespace) -> int:
    from captions.document import Document
    from captions.track import Track

    notes: list[str] = []
    set_read_limit(args.max_input_size or DEFAULT_READ_LIMIT)
    media: Path | None = args.media
    caption_path: Path | None = args.captions
    if media is None:
        media, caption_path = SAMPLE_MEDIA, SAMPLE_CAPTIONS
        if not media.is_file():
            raise UsageError(f"{media}: the bundled talk is missing; give a MEDIA file")
    check_media_file(media)
    if not 0.25 <= args.rate <= 4.0:
        raise UsageError("--rate must be between 0.25 and 4")
    if caption_path is None:
        caption_path = find_sidecar(media)
        if caption_path is None:
            notes.append(f"no captions beside {media.name}")
    document: Document | None = None
    if caption_path is not None:
        document = Document.open(caption_path, encoding=args.encoding)
        document.edits.reaction_ms = max(0, args.reaction)
        track = document.track
        track.index  # part of loading: built now, not before the first paint  # noqa: B018
        label = f"{caption_path.name} [{track.format}, {track.encoding}]"
        notes.extend(track.warnings)
    else:
        import pysubs2

        track = Track(subs=pysubs2.SSAFile(), format="none")
        label = "no captions"

    from player.autosync_app import AutoSyncApp
    from player.session import Session
    from player.vlc_backend import VlcBackend
    from player.vlc_log import default_log_path, detach_stderr, open_log

    session = Session(
        media=media,
        track=track,
        captions_label=label,
        backend_factory=lambda: VlcBackend(audio=args.audio, video=args.video),
        notes=notes,
        start_ms=args.start,
        rate=args.rate,
        autoplay=not args.paused,
        rewind_on_resume_ms=max(0, args.rewind_on_resume),
    )
    _require_terminal()
    app = AutoSyncApp(session, document, step_ms=max(1, abs(args.step)))
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
    return code if isinstance(code, int) else 0
