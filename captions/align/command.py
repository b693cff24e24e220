"""`captions align MEDIA CAPTIONS OUT`: forced alignment of each cue's words to the speech."""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from captions.cli import _add_in_out, _load_input, _note, _option, _write_output
from captions.cli_io import report_stream
from captions.errors import CaptionError
from captions.formats import output_format
from captions.timecode import format_time, parse_duration

#: Below this share of words in the English dictionary, the text is taken for another language.
ENGLISH_SHARE = 0.5
#: At most this many unaligned cues are listed by number.
LIST_UNALIGNED = 20


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `align` subcommand."""
    p = subparsers.add_parser(
        "align",
        help="align each cue's words to the speech (pocketsphinx forced alignment)",
        description="Align every cue's words to the speech in MEDIA, in a window around the "
        "cue's current time, and write OUT with cue starts and ends from the speech. Cues that "
        "cannot be aligned keep their times and are listed. English only: for another "
        "--language the cues are aligned to speech activity instead.",
    )
    p.add_argument("media", metavar="MEDIA", help="audio or video file")
    _add_in_out(p)
    p.add_argument("--word-stamps", action="store_true", help="write word times (vtt, lrc, ass)")
    p.add_argument("--language", default="en", metavar="LANG", help="language of the text (en)")
    p.add_argument("--window", metavar="D", help="look this far around each cue (0.5s)")
    p.add_argument("--workers", type=int, default=0, metavar="N", help="processes (one per core)")
    p.add_argument("--json", action="store_true", help="print what was found as one JSON object")
    p.set_defaults(handler=run)


class Progress:
    """A bar on a terminal (redrawn in place), else a plain line every 10 %."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self._stream = stream
        self._label = label
        self._tty = stream.isatty()
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        if self._tty:
            filled = round(share * 30)
            bar = "#" * filled + "." * (30 - filled)
            self._stream.write(f"\rcaptions: {self._label} [{bar}] {done}/{total}")
            if done >= total:
                self._stream.write("\n")
            self._stream.flush()
        elif int(share * 10) > self._shown:
            self._shown = int(share * 10)
            self._stream.write(f"captions: {self._label} {done}/{total}\n")
            self._stream.flush()


def _is_english(language: str) -> bool:
    return language.lower().replace("_", "-").split("-", 1)[0] in ("en", "eng", "english")


def _window(text: str | None) -> int:
    if text is None:
        return 500
    value = _option("--window", parse_duration, text)
    if not 0 < value <= 30_000:
        raise CaptionError(f"--window: must be more than 0 s and at most 30 s, not {text!r}")
    return value


def report(result: Any, cues: int) -> dict[str, Any]:
    """What was found, as plain data (the --json output)."""
    return {
        "method": result.method,
        "cues": cues,
        "aligned": result.aligned,
        "unaligned": result.unaligned,
        "median_shift_ms": result.median_shift_ms,
        "words_with_espeak": result.pronounced_words,
        "words_skipped": result.skipped_words,
        "align_s": round(result.align_s, 3),
    }


def describe(result: Any, cues: int, starts: tuple[int, ...]) -> str:
    """What was found, for people (no caption text: only counts, numbers and times)."""
    lines = [
        f"aligned {result.aligned} of {cues} cues by {result.method}; "
        f"median start shift {result.median_shift_ms:.0f} ms; {result.align_s:.1f} s"
    ]
    if result.pronounced_words:
        lines.append(
            f"{len(result.pronounced_words)} words not in the dictionary: said by espeak-ng"
        )
    if result.skipped_words:
        lines.append(f"{len(result.skipped_words)} words skipped (no pronunciation)")
    if result.unaligned:
        listed = ", ".join(
            f"#{i + 1} ({format_time(starts[i])})" for i in result.unaligned[:LIST_UNALIGNED]
        )
        more = len(result.unaligned) - LIST_UNALIGNED
        lines.append(
            f"not aligned, times kept: {listed}" + (f" and {more} more" if more > 0 else "")
        )
    return "\n".join(lines)


def decode_until(media: Path, limit_ms: int) -> Iterator[Any]:
    """The media's audio as 16 kHz mono int16 blocks, decoding no further than `limit_ms`;
    raises CaptionError when there is none."""
    from captions.sync.audio import decode_pcm

    samples = 0
    for block in decode_pcm(media):
        yield block
        samples += len(block)
        if samples >= limit_ms * 16:
            break
    if not samples:
        raise CaptionError("the audio track is empty", path=media)


def run(args: argparse.Namespace) -> int:
    """Load, decode, align, write OUT, report."""
    from captions.align.activity import activity_align
    from captions.align.engine import AlignOptions, english_share, force_align
    from captions.align.stamps import STAMP_FORMATS, with_word_stamps

    pad_ms = _window(args.window)
    if not re.fullmatch(r"[A-Za-z]{2,8}([-_][A-Za-z0-9]{1,8})*", args.language):
        raise CaptionError("--language: give a language tag such as en, en-GB or fr")
    if args.workers < 0:
        raise CaptionError("--workers: must be 0 (one per core) or more")
    stamp_format = None
    if args.word_stamps:
        stamp_format = output_format(args.output, args.to_format) if args.output != "-" else None
        stamp_format = stamp_format or args.to_format
        if stamp_format not in STAMP_FORMATS:
            raise CaptionError(
                f"--word-stamps: {stamp_format or 'this output'} has no word stamps; "
                "write vtt, lrc or ass"
            )
    track = _load_input(args)
    if not len(track):
        raise CaptionError("no cues to align", path=args.input)
    english = _is_english(args.language)
    if english and english_share(track) < ENGLISH_SHARE:
        _note("most words are not in the English dictionary: aligning to speech activity")
        english = False
    elif not english:
        _note(
            f"no {args.language} model (pocketsphinx has English only): aligning to speech activity"
        )
    decoding = decode_until(Path(args.media), max(track.timing.ends) + pad_ms + 1000)
    blocks = itertools.chain([next(decoding)], decoding)  # a bad media file fails here, early
    before = track.timing
    if english:
        options = AlignOptions(pad_ms=pad_ms, workers=args.workers)
        result = force_align(
            track, blocks, options, Progress(sys.stderr, "aligning windows of cues")
        )
    else:
        import numpy as np

        result = activity_align(before, np.concatenate(list(blocks)), pad_ms)
    track.apply_timing(result.timing)
    track.word_times = result.word_times
    _write_output(args, with_word_stamps(track, stamp_format) if stamp_format else track)
    out = report_stream(args.output)  # stderr when OUT is stdout (`-`, /dev/stdout)
    if args.json:
        print(json.dumps(report(result, len(track))), file=out)
    else:
        print(describe(result, len(track), before.starts), file=out)
    return 0
