"""Bytes to text: BOMs, UTF-16 without BOM, UTF-8 (a few bad bytes replaced, with a warning),
then charset detection for legacy 8-bit and CJK multi-byte files."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import captions.bom_codecs  # noqa: F401  (registers utf-16-le-sig and the like)
from captions.errors import CaptionError

#: BOM, codec of the text after it, codec that reads and writes the file with its BOM.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le-sig"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be-sig"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le-sig"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be-sig"),
)


#: File signatures of what people pass by mistake: images, media (the recording itself), archives.
_SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"GIF8", "a GIF image"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (0, b"\x1f\x8b", "a gzip archive"),
    (0, b"OggS", "an Ogg media file"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"RIFF", "a RIFF (WAV/AVI) media file"),
    (0, b"\x1a\x45\xdf\xa3", "a Matroska/WebM media file"),
    (4, b"ftyp", "an MP4/MOV media file"),
)


def binary_kind(data: bytes) -> str | None:
    """What a well-known binary file is, from its first bytes, or None."""
    for offset, magic, kind in _SIGNATURES:
        if data[offset : offset + len(magic)] == magic:
            return kind
    return None


@dataclass(frozen=True, slots=True)
class Decoded:
    """A caption file's text, the codec that writes it back, and what the user should know.

    `text.encode(codec)` gives the file's bytes back exactly, BOM included (`utf-8-sig`, and
    for UTF-16/32 `utf-16-le-sig` etc. from `captions.bom_codecs`), except bytes listed in
    `warnings` as replaced.
    """

    text: str
    codec: str
    warnings: tuple[str, ...] = ()


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """`decode_text` without the warnings: (text, codec)."""
    decoded = decode_text(data, encoding)
    return decoded.text, decoded.codec


def decode_text(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode caption file bytes.

    An explicit `encoding` is used as is (strictly). Otherwise a BOM decides, then UTF-16
    without a BOM (from where its NUL bytes fall), then UTF-8 (strict, or with a few invalid
    bytes replaced and named in a warning), then charset-normalizer's candidates re-ranked by
    `plausibility` (cp1252, cp1251, GB18030, Big5, Shift-JIS, CP949, ...). Raises CaptionError
    for empty, binary or undecodable data.
    """
    if not data.strip():
        raise CaptionError("the file is empty; there are no captions to load")
    kind = binary_kind(data)
    if kind is not None:
        raise CaptionError(f"this is {kind}, not a caption file")
    if encoding is not None:
        try:
            return Decoded(data.decode(encoding), encoding)
        except LookupError:
            raise CaptionError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            raise CaptionError(
                f"not valid {encoding} at byte {exc.start}; try another --encoding"
            ) from None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(codec), name)
            except UnicodeDecodeError as exc:
                raise CaptionError(
                    f"broken {codec[:6]} text at byte {exc.start + len(bom)} (truncated or "
                    "corrupt file); re-export it or give --encoding"
                ) from None
    if b"\x00" in data[:65536]:
        utf16 = _utf16_order(data)
        if utf16 is None:
            raise CaptionError("this is a binary file, not captions (it contains NUL bytes)")
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise CaptionError(
                f"broken {utf16} text (no BOM) at byte {exc.start} (truncated or corrupt "
                "file); re-export it or give --encoding"
            ) from None
        if "\x00" in text:
            raise CaptionError("this is a binary file, not captions (it contains NUL bytes)")
        return Decoded(text, utf16)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    return _decode_legacy(data)


def _utf16_order(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the NUL bytes of `data` (no BOM) fall as UTF-16 puts
    them: caption files are mostly ASCII (timestamps, digits, newlines), whose high byte is 0.
    Rule: at least a quarter of the code units in the first 64 KiB have a 0 high byte, and
    ten times fewer a 0 low byte (U+4E00 and the like have one)."""
    sample = data[:65536]
    sample = sample[: len(sample) // 2 * 2]
    units = len(sample) // 2
    if not units:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= units / 4 and even_nuls * 10 <= odd_nuls:
        return "utf-16-le"
    if even_nuls >= units / 4 and odd_nuls * 10 <= even_nuls:
        return "utf-16-be"
    return None


#: Most lines a warning names.
_LINES_NAMED = 10
#: Bytes `_mostly_utf8` decodes per call.
_WINDOW = 65536


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with its invalid sequences replaced by U+FFFD, when it is UTF-8 with a few bad
    bytes: at least as many valid multi-byte characters as invalid sequences. A legacy 8-bit
    or CJK file has almost no valid multi-byte UTF-8 sequences (they need a lead byte followed
    by exactly the right number of 0x80-0xBF bytes), so it falls through to detection."""
    view = memoryview(data)
    pieces: list[str] = []
    bad_spans: list[tuple[int, int]] = []
    valid_multibyte = 0
    pos = 0
    while pos < len(data):
        window = view[pos : pos + _WINDOW]  # bounded work per call, however far the next error
        try:
            piece, used = codecs.utf_8_decode(window, "strict", pos + _WINDOW >= len(data))
            bad = False
        except UnicodeDecodeError as exc:
            piece, _ = codecs.utf_8_decode(window[: exc.start], "strict", True)
            bad_spans.append((pos + exc.start, pos + exc.end))
            used, bad = exc.end, True
        pieces.append(piece)
        valid_multibyte += len(piece) - len(piece.encode("ascii", "ignore"))
        if bad:
            pieces.append("\ufffd")
        if len(bad_spans) > 64 and len(bad_spans) > 2 * valid_multibyte:
            return None  # clearly not UTF-8: stop early
        pos += used
    if valid_multibyte < len(bad_spans):
        return None
    text = "".join(pieces)
    lines: list[int] = []
    line, counted_to = 1, 0
    for start, _ in bad_spans:
        line += data.count(b"\n", counted_to, start)
        counted_to = start
        if not lines or lines[-1] != line:
            lines.append(line)
    named = ", ".join(map(str, lines[:_LINES_NAMED])) + (", …" if len(lines) > _LINES_NAMED else "")
    count = sum(end - start for start, end in bad_spans)
    plural = "s" if count > 1 else ""
    where = f"line{'s' if len(lines) > 1 else ''} {named}"
    return Decoded(
        text,
        "utf-8",
        (
            f"{count} invalid UTF-8 byte{plural} on {where} replaced with U+FFFD; "
            "a save writes the replacement character",
        ),
    )


#: Letters beyond ASCII of languages whose subtitles come in legacy 8-bit encodings. Text decoded
#: with the wrong code page mixes letters that no single language uses together ("Déjŕ", "élčve").
_ALPHABETS: tuple[str, ...] = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "äöüß",  # German
    "áéíñóúü",  # Spanish
    "áâãàçéêíóôõú",  # Portuguese
    "àèéìíîòóù",  # Italian
    "àçèéíïòóúü",  # Catalan
    "éëïóöü",  # Dutch
    "åäöéü",  # Swedish, Finnish
    "æøåéó",  # Danish, Norwegian
    "áðéíóúýþæö",  # Icelandic
    "ąćęłńóśźż",  # Polish
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "áéíóöőúüű",  # Hungarian
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Slovenian, Bosnian
    "çğıöşüâîû",  # Turkish
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
    "äõöüšž",  # Estonian
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђјљњћџѓќѕ",  # Cyrillic
    "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώϊϋΐΰς",  # Greek
)
_LETTER_SETS = tuple(frozenset(a + a.upper() + "İ") for a in _ALPHABETS)
#: Non-ASCII punctuation common in subtitles; it neither helps nor hurts a guess.
_NEUTRAL = frozenset("«»“”„‘’‚–—…€°·¿¡©®™♪♫\u00a0")
#: Scripts of Chinese, Japanese and Korean text, as code point ranges: Han ideographs serve all
#: three; CJK punctuation and full-width forms too. Mojibake of a CJK file read as a code page
#: is Latin letters; a Western file read as GBK or Big5 is rare Han mixed with other scripts.
_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
#: Half-width katakana (U+FF61-FF9F) are left out: Shift-JIS gives them for single bytes
#: 0xA1-0xDF, so Cyrillic or Greek read as Shift-JIS would be all "Japanese".
_CJK_COMMON = (
    (0x3000, 0x303F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFEF),
    (0x2460, 0x24FF),
    (0x3200, 0x33FF),
    *_HAN,
)
_CJK_SCRIPTS: tuple[tuple[tuple[int, int], ...], ...] = (
    (*_CJK_COMMON, (0x3100, 0x312F)),  # Chinese: Han, Bopomofo
    (*_CJK_COMMON, (0x3040, 0x30FF), (0x31F0, 0x31FF)),  # Japanese: Han, kana
    (*_CJK_COMMON, (0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)),  # Korean: Hangul
)


def _in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


#: A CJK letter glued to a Latin letter: what a Western file read as GBK or Big5 gives ("é" and
#: the ASCII letter after it make one Han character inside a Latin word); real CJK text seldom
#: writes a Latin letter against a Han, kana or Hangul one.
_CJK_LETTER = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_GLUED = re.compile(f"(?<=[A-Za-z])[{_CJK_LETTER}]|[{_CJK_LETTER}](?=[A-Za-z])")


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters (neutral punctuation aside) that belong to a single
    language's alphabet or CJK script: near 1 for correctly decoded text, lower for mojibake.
    CJK letters glued to Latin letters do not count for a CJK script."""
    counts: dict[str, int] = {}
    for char in text:
        if char >= "\x80" and char not in _NEUTRAL:
            counts[char] = counts.get(char, 0) + 1
    total = sum(counts.values())
    if not total:
        return 1.0
    best = max(sum(n for c, n in counts.items() if c in letters) for letters in _LETTER_SETS)
    glued: dict[str, int] = {}
    for match in _GLUED.finditer(text):
        glued[match[0]] = glued.get(match[0], 0) + 1
    for ranges in _CJK_SCRIPTS:
        in_script = [c for c in counts if _in_ranges(c, ranges)]
        best = max(best, sum(counts[c] - glued.get(c, 0) for c in in_script))
    return best / total


#: A narrower CJK codec -> the superset to try when a later part of the file needs it.
_WIDER = {
    "gb2312": "gbk",
    "gbk": "gb18030",
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_jp": "euc_jis_2004",
    "euc_kr": "cp949",
}


def _is_multibyte(codec: str) -> bool:
    """True for CJK double-byte codecs: a lead and a trail byte make one character."""
    return any(len(pair.decode(codec, "replace")) == 1 for pair in (b"\xb0\xa1", b"\x88\x9f"))


def _decode_legacy(data: bytes) -> Decoded:
    """charset-normalizer's candidates (plus cp1252), re-ranked by `plausibility`.

    Ties go to single-byte code pages before CJK multi-byte ones (a Cyrillic or Greek text
    of even-length words also reads as GBK or Johab, all "Han" or "Hangul"; a real CJK file
    of more than a few characters never reads as a code page's letters alone), then to
    cp1252, the most common legacy encoding, then to charset-normalizer's order.
    """
    from charset_normalizer import from_bytes

    sample = data[:262144]
    if len(data) > len(sample) and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # never cut a multi-byte character
    names = [m.encoding for m in from_bytes(sample) if m.encoding]
    if "cp1252" not in names:
        names.append("cp1252")
    ranked: list[tuple[float, bool, bool, int, str]] = []
    for order, name in enumerate(names):
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        score = -plausibility(text)
        ranked.append((score, _is_multibyte(name), name != "cp1252", order, name))
    for *_, name in sorted(ranked):
        codec: str | None = name
        while codec is not None:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:  # the sample decoded but a later part does not
                codec = _WIDER.get(codecs.lookup(codec).name.replace("-", "_"))
                continue
            notes: tuple[str, ...] = ()
            if text.encode(codec) != data:
                notes = (f"the file does not round-trip through {codec}: a save may change bytes",)
            return Decoded(text, codec, notes)
    raise CaptionError("the text encoding cannot be recognised; give it with --encoding")
