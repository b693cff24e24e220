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


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode caption file bytes; returns (text, encoding name as reported to the user).

    An explicit `encoding` is used as is. Otherwise a BOM decides, then strict UTF-8, then
    charset-normalizer's best guess (cp1252, latin-1, cp1251, ...). Raises CaptionError for
    empty, binary or undecodable data.
    """
    if not data.strip():
        raise CaptionError("the file is empty; there are no captions to load")
    kind = binary_kind(data)
    if kind is not None:
        raise CaptionError(f"this is {kind}, not a caption file")
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
    return _decode_legacy(data)


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
_NEUTRAL = frozenset("«»“”„‘’‚–—…€°·¿¡©®™\u00a0")


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters (neutral punctuation aside) that belong to a single
    language's alphabet: near 1 for correctly decoded text, lower for mojibake."""
    counts: dict[str, int] = {}
    for char in text:
        if char >= "\x80" and char not in _NEUTRAL:
            counts[char] = counts.get(char, 0) + 1
    total = sum(counts.values())
    if not total:
        return 1.0
    return (
        max(sum(n for c, n in counts.items() if c in letters) for letters in _LETTER_SETS) / total
    )


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """charset-normalizer's candidates (plus cp1252), re-ranked by `plausibility`; ties go to
    cp1252, the most common legacy encoding, then to charset-normalizer's order."""
    from charset_normalizer import from_bytes

    sample = data[:262144]
    names = [m.encoding for m in from_bytes(sample) if m.encoding]
    if "cp1252" not in names:
        names.append("cp1252")
    ranked: list[tuple[float, int, int, str]] = []
    for order, name in enumerate(names):
        try:
            text = sample.decode(name)
        except UnicodeDecodeError:
            continue
        ranked.append((-plausibility(text), name != "cp1252", order, name))
    if not ranked:
        raise CaptionError("the text encoding cannot be recognised; give it with --encoding")
    for *_, name in sorted(ranked):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:  # the sample decoded but a later part does not
            continue
    raise CaptionError("the text encoding cannot be recognised; give it with --encoding")
