"""The `captions` command: inspect, convert and retime caption files.

Every subcommand is an argparse subparser whose `handler(args) -> int` does the work: the
built-in ones are in `captions.cli_commands`, the shared IN/OUT handling in `captions.cli_io`.
Errors are one line on stderr, `captions: error: FILE[:LINE]: message`, with exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from captions.cli_commands import register_builtin
from captions.cli_io import (  # re-exported: the sync and align commands import them from here
    PROG,
    _add_in_out,
    _load_input,
    _note,
    _option,
    _write_output,
    report_stream,
)
from captions.errors import CaptionError
from captions.option_values import join_negative_values
from captions.paths import DEFAULT_READ_LIMIT, parse_size, set_read_limit
from captions.text_safety import inert_line

__all__ = [
    "PROG",
    "_add_in_out",
    "_load_input",
    "_note",
    "_option",
    "_write_output",
    "build_parser",
    "main",
    "report_stream",
]

#: Modules that add subcommands: each has `register(subparsers)`. Add one line per module.
COMMAND_MODULES: tuple[str, ...] = ("captions.sync.command", "captions.align.command")

#: Options whose value may start with "-" (a negative duration, or a bad value we report).
_SIGNED_OPTIONS = frozenset(
    {
        *("--by", "--max-duration", "--min-duration", "--min-gap", "--max-cps", "--scale"),
        *("--map", "--fps", "--frame-rate", "--max-offset", "--media-duration", "--from"),
        "--from-time",
        *("--max-line-chars", "--max-lines"),
    }
)


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, `captions: error: …`, exit status 2 (the
    usage is one `--help` away). Subcommand parsers inherit the class."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {inert_line(message)} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser: argparse.ArgumentParser = OneLineParser(
        prog=PROG, description="Inspect, convert and retime caption files."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_builtin(sub)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser.parse_args(join_negative_values(argv, _SIGNED_OPTIONS))
    try:
        size = getattr(args, "max_input_size", None)
        set_read_limit(
            _option("--max-input-size", parse_size, size) if size else DEFAULT_READ_LIMIT
        )
        status = int(args.handler(args))
        sys.stdout.flush()
        return status
    except CaptionError as exc:
        return _error(str(exc))
    except (ValueError, OverflowError) as exc:
        return _error(str(exc))
    except BrokenPipeError:
        _silence_broken_stdout()
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(f"{where}{exc.strerror or exc}")
    except KeyboardInterrupt:
        _note("interrupted")
        return 130
    except Exception as exc:  # a bug, not bad input: still one line, never a traceback
        if os.environ.get("CAPTIONS_DEBUG"):
            raise
        return _error(
            f"internal error: {type(exc).__name__}: {exc} (CAPTIONS_DEBUG=1 shows more)", 1
        )


def _error(message: str, status: int = 2) -> int:
    _silence_broken_stdout()
    print(f"{PROG}: error: {inert_line(message)}", file=sys.stderr)
    return status


def _silence_broken_stdout() -> None:
    """After a closed pipe, point stdout at devnull so the exit flush cannot raise."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
