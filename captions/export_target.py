"""Where an export goes by default, and the link between a typed file name and its format.

The default is beside the caption file being edited, named after it with the new format's
extension (`shifted.srt` -> `shifted.vtt`), and never a file that exists: then a number is added
(`shifted-2.srt`, `shifted-3.srt`, …). The export dialog keeps its file name and its format in
step with `format_of` (typed `out.ass` selects ASS) and `with_format` (choosing VTT makes the name
end in `.vtt`).
"""

from __future__ import annotations

from pathlib import Path

from captions import formats
from captions.errors import CaptionError

#: Numbered names tried before giving up (a directory of ten thousand exports is not normal).
MAX_NUMBERED = 10_000


def extension_of(fmt: str) -> str:
    """The extension a file of format `fmt` gets (`vtt` -> `.vtt`, `transcript` -> `.txt`)."""
    return formats.FORMAT_EXTENSION[formats.check_format(fmt, write=True)]


def format_of(path: str | Path) -> str | None:
    """The writable format a file name's extension names, or None (no or unknown extension, or
    a format that can only be read)."""
    fmt = formats.format_for_path(path)
    return fmt if fmt in formats.WRITE_FORMATS else None


def with_format(path_text: str, fmt: str) -> str:
    """`path_text` as typed, with the extension of `fmt` in place of a known caption
    extension (an unknown one, `notes.final`, is kept and the extension added)."""
    ext = extension_of(fmt)
    suffix = Path(path_text).suffix
    if suffix and formats.format_for_path(path_text) is not None:
        return path_text[: -len(suffix)] + ext
    return path_text + ext if path_text else ext


def default_export_path(caption_path: str | Path, fmt: str) -> Path:
    """Beside `caption_path`, named after it with `fmt`'s extension; a number is added when that
    file exists (the caption file itself included)."""
    source = Path(caption_path)
    ext = extension_of(fmt)
    first = source.with_suffix(ext)
    if not first.exists() and not first.is_symlink():
        return first
    for number in range(2, MAX_NUMBERED):
        candidate = source.with_name(f"{source.stem}-{number}{ext}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise CaptionError(f"no free name like {first.name} in this folder", path=source.parent)
