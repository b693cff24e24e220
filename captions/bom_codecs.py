"""Codecs for UTF-16/32 text that starts with a byte order mark, in a fixed byte order.

Python has `utf-8-sig` (decode drops a leading BOM, encode writes one) but nothing alike for
UTF-16/32: `utf-16` reads either order and writes the machine's order, so a big-endian file
would be saved little-endian. Importing this module registers `utf-16-le-sig`,
`utf-16-be-sig`, `utf-32-le-sig` and `utf-32-be-sig`, which read a file with that BOM and
write the same BOM and byte order back, so the name alone round-trips the file.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Buffer

#: Registered name (as Python normalises it) -> (codec without BOM, its BOM).
SIG_CODECS: dict[str, tuple[str, bytes]] = {
    "utf_16_le_sig": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf_16_be_sig": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf_32_le_sig": ("utf-32-le", codecs.BOM_UTF32_LE),
    "utf_32_be_sig": ("utf-32-be", codecs.BOM_UTF32_BE),
}
#: Codec without BOM -> its stateless decoder taking (data, errors, final).
_DECODERS: dict[str, Callable[[bytes, str, bool], tuple[str, int]]] = {
    "utf-16-le": codecs.utf_16_le_decode,
    "utf-16-be": codecs.utf_16_be_decode,
    "utf-32-le": codecs.utf_32_le_decode,
    "utf-32-be": codecs.utf_32_be_decode,
}


def _codec_info(name: str, base: str, bom: bytes) -> codecs.CodecInfo:
    base_info = codecs.lookup(base)
    decode_part = _DECODERS[base]

    def encode(text: str, errors: str = "strict") -> tuple[bytes, int]:
        data, _ = base_info.encode(text, errors)
        return bom + data, len(text)

    def decode(data: Buffer, errors: str = "strict") -> tuple[str, int]:
        view = bytes(data)
        skip = len(bom) if view.startswith(bom) else 0
        text, _ = base_info.decode(view[skip:], errors)
        return text, len(view)

    class IncrementalEncoder(codecs.IncrementalEncoder):
        def __init__(self, errors: str = "strict") -> None:
            super().__init__(errors)
            self.first = True
            self.inner = base_info.incrementalencoder(errors)

        def encode(self, input: str, final: bool = False) -> bytes:
            data = bytes(self.inner.encode(input, final))
            if self.first and (input or final):
                self.first = False
                return bom + data
            return data

        def reset(self) -> None:
            self.first = True
            self.inner.reset()

    class IncrementalDecoder(codecs.BufferedIncrementalDecoder):
        def __init__(self, errors: str = "strict") -> None:
            super().__init__(errors)
            self.first = True

        def _buffer_decode(self, data: Buffer, errors: str, final: bool) -> tuple[str, int]:
            input = bytes(data)
            if self.first:
                if len(input) < len(bom) and bom.startswith(input) and not final:
                    return "", 0  # wait for the whole BOM
                self.first = False
                if input.startswith(bom):
                    text, used = decode_part(input[len(bom) :], errors, final)
                    return text, used + len(bom)
            return decode_part(input, errors, final)

        def reset(self) -> None:
            super().reset()
            self.first = True

    return codecs.CodecInfo(
        encode,
        decode,
        incrementalencoder=IncrementalEncoder,
        incrementaldecoder=IncrementalDecoder,
        name=name.replace("_", "-"),
    )


def _search(name: str) -> codecs.CodecInfo | None:
    entry = SIG_CODECS.get(name.replace("-", "_").lower())
    return _codec_info(name, *entry) if entry else None


codecs.register(_search)
