"""Bytes to text: BOMs, strict UTF-8, then charset detection for legacy 8-bit files."""

from __future__ import annotations

import codecs

from captions.errors import CaptionError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode caption file bytes; returns (text, encoding name as reported to the user).

    An explicit `encoding` is used as is. Otherwise a BOM decides, then strict UTF-8, then
    charset-normalizer's best guess (cp1252, latin-1, cp1251, ...). Raises CaptionError for
    empty, binary or undecodable data.
    """
    if not data.strip():
        raise CaptionError("the file is empty; there are no captions to load")
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError:
            raise CaptionError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise CaptionError(
                f"not valid {encoding} at byte {exc.start}; try another --encoding"
            ) from None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as exc:
                raise CaptionError(
                    f"broken {name} text at byte {exc.start + len(bom)} (truncated or corrupt "
                    "file); re-export it or give --encoding"
                ) from None
    if b"\x00" in data[:65536]:
        raise CaptionError("this is a binary file, not captions (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise CaptionError("the text encoding cannot be recognised; give it with --encoding")
    try:
        return data.decode(best.encoding), best.encoding
    except UnicodeDecodeError:
        raise CaptionError(
            f"looks like {best.encoding} but does not decode as it; give the encoding with "
            "--encoding"
        ) from None
