"""Format-level tests of the captions core: round trips of every writable format, encodings,
content-based detection, ASS preservation and caption text that looks like markup."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pysubs2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from captions.errors import CaptionError
from captions.formats import (
    DEFAULT_FPS,
    FORMAT_EXTENSION,
    WRITE_FORMATS,
    detect_format,
    dumps,
    load,
    parse,
    save,
)
from captions.formats.reading_time import reading_time_ms
from captions.track import Track

# --- generated tracks ------------------------------------------------------------------------

# Words start with a letter and never hold what a format reads as markup or structure:
# <> (HTML tags), {} and \ (ASS override blocks and \N), | and / (MicroDVD/MPL2/TMP line breaks
# and italics), [] (transcript/LRC timestamps), - (so no "-->"). Markup-like text is tested
# byte-exact separately below.
_LETTER = st.characters(categories=("Lu", "Ll", "Lo"), codec="utf-8")
_REST = st.characters(
    categories=("L", "Nd", "Po", "Sc", "Sm"),
    exclude_characters="<>{}\\|/[]-&#",
    codec="utf-8",
)
_WORD = st.builds(lambda a, b: a + b, _LETTER, st.text(_REST, max_size=7))
_LINE = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)
_MULTILINE = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)
MAX_MS = 10 * 3_600_000


#: ASS/SSA times are H:MM:SS.cc: below 10 hours.
ASS_MAX_MS = 10 * 3_600_000 - 10


@st.composite
def free_tracks(
    draw: st.DrawFn, text: st.SearchStrategy[str] = _MULTILINE, max_ms: int = MAX_MS
) -> list[Cue]:
    """Cues sorted by start (ties allowed), with any duration >= 1 ms: overlaps and gaps."""
    starts = sorted(draw(st.lists(st.integers(0, max_ms - 60_000), min_size=1, max_size=12)))
    return [Cue(start, start + draw(st.integers(1, 60_000)), draw(text)) for start in starts]


@st.composite
def chained_tracks(
    draw: st.DrawFn, text: st.SearchStrategy[str] = _MULTILINE, max_ms: int = MAX_MS
) -> list[Cue]:
    """Back-to-back cues (each ends where the next starts), strictly increasing starts: what a
    format without end times (transcript, LRC) can express."""
    starts = sorted(set(draw(st.lists(st.integers(0, max_ms), min_size=1, max_size=12))))
    texts = [draw(text) for _ in starts]
    ends = [*starts[1:], starts[-1] + reading_time_ms(texts[-1])]
    return [Cue(s, e, t) for s, e, t in zip(starts, ends, texts, strict=True)]


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    text: str


def make_track(cues: list[Cue], fmt: str = "srt") -> Track:
    subs = pysubs2.SSAFile()
    for cue in cues:
        event = pysubs2.SSAEvent(start=cue.start, end=cue.end)
        event.plaintext = cue.text
        subs.events.append(event)
    return Track(subs=subs, format=fmt)


# --- what "round trip" means for each format's precision -------------------------------------


def exact(original: int, loaded: int) -> bool:
    return loaded == original


def centiseconds(original: int, loaded: int) -> bool:
    """ASS/SSA keep hundredths, rounded half up (pysubs2 follows Aegisub)."""
    return loaded == (original + 5) // 10 * 10


def lrc_centiseconds(original: int, loaded: int) -> bool:
    """LRC keeps hundredths, rounded to nearest."""
    return abs(loaded - original) <= 5 and loaded % 10 == 0


def deciseconds(original: int, loaded: int) -> bool:
    """MPL2 keeps tenths; pysubs2 truncates."""
    return loaded == original - original % 100


def whole_seconds(original: int, loaded: int) -> bool:
    """TMPlayer keeps whole seconds, truncated."""
    return loaded == original - original % 1000


def frames(original: int, loaded: int) -> bool:
    """MicroDVD keeps frame numbers: within half a frame (at DEFAULT_FPS) plus 1 ms rounding."""
    return abs(loaded - original) <= 1000 / DEFAULT_FPS / 2 + 1


def no_end(original: int, loaded: int) -> bool:
    """The format stores no end: checked separately (end >= start, not past the next start)."""
    return True


@dataclass(frozen=True)
class Spec:
    start: Callable[[int, int], bool]
    end: Callable[[int, int], bool]
    tracks: Callable[..., st.SearchStrategy[list[Cue]]] = free_tracks
    text: st.SearchStrategy[str] = _MULTILINE
    max_ms: int = MAX_MS


SPECS: dict[str, Spec] = {
    "srt": Spec(exact, exact),
    "vtt": Spec(exact, exact),
    "json": Spec(exact, exact),
    "ttml": Spec(exact, exact),
    "ass": Spec(centiseconds, centiseconds, max_ms=ASS_MAX_MS),
    "ssa": Spec(centiseconds, centiseconds, max_ms=ASS_MAX_MS),
    "microdvd": Spec(frames, frames),
    "mpl2": Spec(deciseconds, deciseconds),
    # TMPlayer has no end times: pysubs2 guesses one (start + 0.5 s + 67 ms/char), cut at the
    # next start.
    "tmp": Spec(whole_seconds, no_end),
    # Transcript: starts exact; each end is the next start (exact for chained tracks); the last
    # end is re-derived from the reading-time rule.
    "transcript": Spec(exact, exact, chained_tracks),
    # LRC has one line per cue: multi-line text is joined with spaces, so tracks are one-line.
    "lrc": Spec(lrc_centiseconds, lrc_centiseconds, chained_tracks, _LINE),
}


def test_every_writable_format_has_a_round_trip_spec() -> None:
    assert set(SPECS) == set(WRITE_FORMATS)


@pytest.mark.parametrize("fmt", sorted(SPECS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip(fmt: str, data: st.DataObject) -> None:
    spec = SPECS[fmt]
    cues = data.draw(spec.tracks(spec.text, max_ms=spec.max_ms))
    text = dumps(make_track(cues, fmt), fmt)
    # Content detection recognises our own output, with the format's usual file name.
    assert detect_format(text, f"out{FORMAT_EXTENSION[fmt]}") == fmt
    loaded = parse(text, fmt)
    events = loaded.events
    assert len(events) == len(cues)
    for i, (cue, event) in enumerate(zip(cues, events, strict=True)):
        assert event.plaintext == cue.text, (fmt, i)
        assert spec.start(cue.start, event.start), (fmt, i, cue.start, event.start)
        assert 0 <= event.start <= event.end, (fmt, i)
        if fmt == "transcript" and i == len(cues) - 1:
            assert event.end == event.start + reading_time_ms(cue.text)
        else:
            assert spec.end(cue.end, event.end), (fmt, i, cue.end, event.end)
        if i + 1 < len(events) and spec.end is no_end:
            assert event.end <= events[i + 1].start


@settings(max_examples=25, deadline=None)
@given(cues=free_tracks())
def test_save_then_load_through_files_keeps_srt_exactly(tmp_path_factory, cues) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("rt") / "out.srt"
    save(make_track(cues), path)
    loaded = load(path)
    assert loaded.format == "srt" and loaded.encoding == "utf-8"
    got = [(e.start, e.end, e.plaintext) for e in loaded.events]
    assert got == [(c.start, c.end, c.text) for c in cues]


# --- encodings -------------------------------------------------------------------------------

FRENCH = (
    "Déjà vu : l'élève a reçu « ça » à Noël.\n"
    "Où est la gare ? Très près, après le café.\n"
    "Cœur naïf, façade crème, bientôt l'été.\n"
)
RUSSIAN = (
    "Десять лет назад я посетил офис в Сингапуре.\n"
    "Мы очень хорошо пообедали, и я сказал, что обязательно вернусь.\n"
    "Сегодня я впервые показываю на своём слайде смайлик.\n"
    "Прошлой зимой мы получили премию за нашу работу.\n"
    "Спасибо всем, кто пришёл послушать этот доклад.\n"
)
CZECH = "Příliš žluťoučký kůň úpěl ďábelské ódy.\nČeská republika, řeka Vltava, šťastný život.\n"


def srt_text(lines: str) -> str:
    cues = [line for line in lines.splitlines() if line]
    return "".join(
        f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\n{line}\n\n"
        for i, line in enumerate(cues, start=1)
    )


@pytest.mark.parametrize(
    ("codec", "prefix", "text", "reported"),
    [
        ("utf-8", b"", FRENCH + RUSSIAN, {"utf-8"}),
        ("utf-8", codecs.BOM_UTF8, FRENCH + RUSSIAN, {"utf-8-sig"}),
        ("utf-16-le", codecs.BOM_UTF16_LE, FRENCH + RUSSIAN, {"utf-16-le-sig"}),
        ("utf-16-be", codecs.BOM_UTF16_BE, FRENCH + RUSSIAN, {"utf-16-be-sig"}),
        ("cp1252", b"", FRENCH + "Prix : 5 € – “citation”.\n", {"cp1252"}),
        # latin-1 bytes are also valid cp1252 (same letters where both define them): either
        # name decodes this text to the same characters.
        ("latin-1", b"", FRENCH.replace("œ", "oe"), {"latin_1", "iso8859_1", "cp1252"}),
        ("cp1251", b"", RUSSIAN, {"cp1251"}),
        ("koi8-r", b"", RUSSIAN, {"koi8_r"}),
        ("cp1250", b"", CZECH, {"cp1250"}),
    ],
)
def test_encodings_load_without_mojibake(
    tmp_path: Path, codec: str, prefix: bytes, text: str, reported: set[str]
) -> None:
    source = srt_text(text)
    path = tmp_path / "in.srt"
    path.write_bytes(prefix + source.encode(codec))
    track = load(path)
    assert track.encoding.replace("-", "_").lower() in {r.replace("-", "_") for r in reported}
    expected = [line for line in text.splitlines() if line]
    assert [e.plaintext for e in track.events] == expected
    # Output is UTF-8 unless asked.
    save(track, tmp_path / "out.srt")
    assert (tmp_path / "out.srt").read_bytes().decode("utf-8") == source


def test_output_encoding_can_be_chosen(tmp_path: Path) -> None:
    track = parse(srt_text(RUSSIAN), "srt")
    save(track, tmp_path / "out.srt", encoding="cp1251")
    again = load(tmp_path / "out.srt")
    assert again.encoding == "cp1251"
    assert [e.plaintext for e in again.events] == [e.plaintext for e in track.events]


# --- detection from content ------------------------------------------------------------------


def test_seed_transcript_is_detected_in_a_txt(tmp_path: Path) -> None:
    path = tmp_path / "talk.txt"
    path.write_text(
        "Skip to content\nSome page text\n[00:00.000]\nHello there.\n[00:04.500]\nSecond.\n"
    )
    track = load(path)
    assert track.format == "transcript"
    assert [e.plaintext for e in track.events] == ["Hello there.", "Second."]
    assert track.warnings == ["skipped 2 lines of text before the first timestamp"]


def test_srt_content_in_a_txt_is_srt(tmp_path: Path) -> None:
    path = tmp_path / "captions.txt"
    path.write_text(srt_text("One\nTwo\n"))
    track = load(path)
    assert track.format == "srt"
    assert [(e.start, e.plaintext) for e in track.events] == [(1000, "One"), (2000, "Two")]


@pytest.mark.parametrize("name", ["song.lrc", "song.txt", "song.srt"])
def test_lrc_is_detected_whatever_the_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("[ar:Someone]\n[ti:A song]\n[00:01.50]First line\n[00:03.25]Second line\n")
    track = load(path)
    assert track.format == "lrc"
    assert [(e.start, e.plaintext) for e in track.events] == [
        (1500, "First line"),
        (3250, "Second line"),
    ]


def test_vtt_and_ass_content_detected_from_a_wrong_extension(tmp_path: Path) -> None:
    vtt = tmp_path / "a.srt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n")
    assert load(vtt).format == "vtt"
    ass = tmp_path / "b.txt"
    ass.write_text(ASS_SAMPLE)
    assert load(ass).format == "ass"


# --- ASS: load then save changes nothing the format keeps ------------------------------------

ASS_SAMPLE = r"""[Script Info]
; Script generated by Aegisub 3.2.2
; http://www.aegisub.org/
Title: Demo talk
ScriptType: v4.00+
WrapStyle: 0
ScaledBorderAndShadow: yes
YCbCr Matrix: TV.709
PlayResX: 1920
PlayResY: 1080

[Aegisub Project Garbage]
Last Style Storage: Default
Audio File: talk.opus
Active Line: 3

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,48,&H00FFFFFF,&H000000FF,&H00000000,&H64000000,0,0,0,0,100,100,0,0,1,2,1,2,10,10,40,1
Style: Sign,Verdana,36,&H0000FFFF,&H000000FF,&H00202020,&H80000000,-1,-1,0,0,95,100,1.5,0,1,3,0,8,20,20,30,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:04.50,Default,Ann,0,0,0,,Ten years ago, I visited {\i1}Singapore{\i0} office.
Comment: 0,0:00:04.50,0:00:05.00,Default,,0,0,0,,TODO check this line
Dialogue: 1,0:00:04.50,0:00:09.99,Sign,,0,0,0,,{\pos(960,80)\fad(200,200)\c&H00FF00&}Exactly ten years ago\Nat Google
Dialogue: 0,0:00:10.00,0:00:12.00,Default,Bob,12,12,50,Banner;30,Had a really {\b1}great{\b0} lunch.
Dialogue: 0,0:00:11.00,0:00:13.25,Default,,0,0,0,,Overlapping cue, with commas, in text
"""  # noqa: E501


def _ass_content(text: str) -> list[str]:
    """Lines that carry meaning: pysubs2 writes its own `; Script generated by` comment lines
    in place of the original's, so `;` comments in [Script Info] are not compared."""
    return [line.rstrip() for line in text.splitlines() if line.strip() and line[:1] != ";"]


def test_ass_load_then_save_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "talk.ass"
    path.write_text(ASS_SAMPLE, encoding="utf-8")
    track = load(path)
    assert track.format == "ass"
    assert len(track) == 5 and track.events[1].is_comment
    save(track, tmp_path / "out.ass")
    written = (tmp_path / "out.ass").read_text(encoding="utf-8")
    assert _ass_content(written) == _ass_content(ASS_SAMPLE)
    # What differs at all is exactly those two comment lines.
    diff = set(written.splitlines()) ^ set(ASS_SAMPLE.splitlines())
    assert all(line.startswith("; ") for line in diff), diff


def test_ass_to_ssa_and_back_keeps_styles_and_tags(tmp_path: Path) -> None:
    track = parse(ASS_SAMPLE, "ass")
    ssa = parse(dumps(track, "ssa"), "ssa")
    assert set(ssa.subs.styles) == {"Default", "Sign"}
    assert [e.text for e in ssa.events] == [e.text for e in track.events]


# --- caption text that looks like markup or terminal control ---------------------------------

TRICKY = [
    "[bold]Loud[/bold] and [/i] unbalanced",
    "[link=https://x]click[/link] and [@click=app.quit]x[/]",
    "\x1b[2J\x1b[31mred\x1b[0m after a clear screen",
    "bell\x07 soh\x01 stx\x02 del\x7f tab\tinside",
    "ünïcödé — “quotes” 漢字 🎉",
    "Moved from 10:00 --> 11:00, an arrow and times in the text",
]


def _tricky_file(fmt: str) -> str:
    """The TRICKY texts as a file in the canonical layout pysubs2 writes (numbered cues)."""
    if fmt in ("srt", "vtt"):
        sep = "," if fmt == "srt" else "."
        head = "" if fmt == "srt" else "WEBVTT\n\n"
        return head + "".join(
            f"{i}\n00:00:{i:02d}{sep}000 --> 00:00:{i:02d}{sep}500\n{t}\n\n"
            for i, t in enumerate(TRICKY, start=1)
        )
    return "".join(f"[00:{i:02d}.000]\n{t}\n" for i, t in enumerate(TRICKY, start=1))


@pytest.mark.parametrize(
    ("fmt", "name"), [("srt", "x.srt"), ("vtt", "x.vtt"), ("transcript", "x.txt")]
)
def test_markup_and_control_characters_survive_byte_exact(
    tmp_path: Path, fmt: str, name: str
) -> None:
    source = _tricky_file(fmt)
    path = tmp_path / name
    path.write_bytes(source.encode("utf-8"))
    track = load(path)
    assert track.format == fmt
    assert [e.plaintext for e in track.events] == TRICKY
    out = tmp_path / ("out" + Path(name).suffix)
    save(track, out)
    assert out.read_bytes() == source.encode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "ass", "ttml", "lrc", "mpl2", "tmp", "microdvd"])
def test_markup_like_text_survives_other_formats(fmt: str) -> None:
    """The bracket/ANSI text survives every format that can hold it; TTML (XML 1.0) cannot hold
    C0 control characters, which are dropped when writing it, and its reader turns a tab into a
    space (XML whitespace)."""
    track = make_track([Cue(i * 1000, i * 1000 + 900, t) for i, t in enumerate(TRICKY, 1)])
    loaded = parse(dumps(track, fmt), fmt)
    expected = TRICKY
    if fmt == "ttml":
        expected = [
            "".join(c for c in t.replace("\t", " ") if c >= " " or c == "\n") for t in TRICKY
        ]
    assert [e.plaintext for e in loaded.events] == expected


def test_a_time_a_format_cannot_hold_is_refused_not_clamped() -> None:
    track = make_track([Cue(ASS_MAX_MS, ASS_MAX_MS + 1000, "late")])
    assert "09:59:59,990 --> 10:00:00,990" in dumps(track, "srt")  # SRT holds it
    with pytest.raises(CaptionError, match="past the largest ass can hold"):
        dumps(track, "ass")


def test_json_output_is_json() -> None:
    track = make_track([Cue(0, 1000, "a")])
    assert json.loads(dumps(track, "json"))["events"][0]["text"] == "a"
