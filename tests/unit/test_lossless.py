"""A save keeps what the file carries; a timing edit changes only timestamps (issue 8).

Each test here is one loss seen before the format-preserving layer (`captions.formats.source`).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from captions import formats
from captions.document import Document
from captions.edits import History
from captions.errors import CaptionError
from captions.formats import dumps, parse, parse_bytes
from captions.history import EditFactory
from captions.track import Track

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_transcript.txt"


def _edits(track: Track) -> tuple[EditFactory, History]:
    history = History(track)
    return EditFactory(track, history=history), history


def _shift(track: Track, by_ms: int) -> str:
    factory, history = _edits(track)
    edit = factory.shift_all(by_ms)
    assert edit is not None
    history.do(edit)
    return dumps(track)


# --- braces are text outside ASS --------------------------------------------------------------

BRACES = {
    "srt": "1\n00:00:01,000 --> 00:00:02,000\nPrice {was} $5\n",
    "vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nPrice {was} $5\n",
    "transcript": "[00:01.000]\nPrice {was} $5\n[00:02.000]\nNext\n",
}


@pytest.mark.parametrize("fmt", sorted(BRACES))
def test_braces_are_text(fmt: str) -> None:
    text = BRACES[fmt]
    track = parse(text, fmt)
    assert track.events[0].plaintext == "Price {was} $5"
    assert dumps(track) == text
    assert "Price {was} $5" in _shift(parse(text, fmt), 500)


def test_braces_survive_a_text_edit_of_the_cue() -> None:
    track = parse(BRACES["srt"], "srt")
    factory, history = _edits(track)
    edit = factory.set_text(0, "Price {was} $6")
    assert edit is not None
    history.do(edit)
    assert dumps(track) == BRACES["srt"].replace("$5", "$6")


def test_braces_in_ass_are_still_tags() -> None:
    ass = ASS.replace("Hello there", "{\\i1}Hi{comment}")
    assert parse(ass, "ass").events[0].plaintext == "Hi"


# --- SRT --------------------------------------------------------------------------------------

SRT_TAGS = (
    "5\n00:00:01,000 --> 00:00:02,000\n<b>Bold</b> and <font color=#ff0000>red</font>\n\n"
    "9\n00:00:03,000 --> 00:00:04,000\n{\\an8}On top\n\n"
    "12\n00:00:05,000 --> 00:00:06,000\n<LAUGHING>\n"
)


def test_srt_tags_numbers_kept_on_save_and_shift() -> None:
    track = parse(SRT_TAGS, "srt")
    assert [e.plaintext for e in track.events] == ["Bold and red", "On top", "<LAUGHING>"]
    assert dumps(track) == SRT_TAGS
    shifted = _shift(parse(SRT_TAGS, "srt"), 1500)
    assert shifted == (
        SRT_TAGS.replace("00:00:06,000", "00:00:07,500")
        .replace("00:00:05,000", "00:00:06,500")
        .replace("00:00:04,000", "00:00:05,500")
        .replace("00:00:03,000", "00:00:04,500")
        .replace("00:00:02,000", "00:00:03,500")
        .replace("00:00:01,000", "00:00:02,500")
    )


def test_srt_text_edit_rewrites_only_that_block_and_keeps_numbers() -> None:
    track = parse(SRT_TAGS, "srt")
    factory, history = _edits(track)
    edit = factory.set_text(1, "Still on top")
    assert edit is not None
    history.do(edit)
    assert dumps(track) == SRT_TAGS.replace("{\\an8}On top", "{\\an8}Still on top")


def test_srt_renumbered_when_a_cue_is_deleted() -> None:
    track = parse(SRT_TAGS, "srt")
    factory, history = _edits(track)
    history.do(factory.delete(0))
    assert dumps(track) == (
        "1\n00:00:03,000 --> 00:00:04,000\n{\\an8}On top\n\n"
        "2\n00:00:05,000 --> 00:00:06,000\n<LAUGHING>\n"
    )


def test_srt_style_of_stamps_kept_dot_and_two_digits() -> None:
    text = "1\r\n0:00:01.25 --> 0:00:02.50\r\nSloppy stamps\r\n"
    out = _shift(parse(text, "srt"), 1500)
    assert out == "1\r\n0:00:02.75 --> 0:00:04.00\r\nSloppy stamps\r\n"


def test_insert_split_merge_keep_other_blocks() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:03,000\nOne two three four\n\n"
        "2\n00:00:05,000 --> 00:00:06,000\n<i>Five</i>\n\n"
        "3\n00:00:08,000 --> 00:00:09,000\nSix\n"
    )
    track = parse(text, "srt")
    factory, history = _edits(track)
    history.do(factory.split(0, 2000))
    out = dumps(track)
    assert out.endswith(
        "3\n00:00:05,000 --> 00:00:06,000\n<i>Five</i>\n\n4\n00:00:08,000 --> 00:00:09,000\nSix\n"
    )
    assert out.startswith("1\n00:00:01,000 --> 00:00:02,000\nOne two\n\n2\n00:00:02,000 -->")
    history.undo()
    assert dumps(track) == text
    history.do(factory.insert(6500, "New"))
    assert "3\n00:00:06,500 --> 00:00:08,000\nNew\n\n4\n00:00:08,000" in dumps(track)


def test_negative_timestamp_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "neg.srt"
    path.write_text("1\n-00:00:01,000 --> 00:00:02,000\nNo\n", encoding="utf-8")
    with pytest.raises(CaptionError) as info:
        formats.load(path)
    assert str(info.value).startswith(f"{path}:2: ")
    assert "negative" in str(info.value)


def test_bom_crlf_and_no_final_newline_kept(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + "1\r\n00:00:01,000 --> 00:00:02,000\r\nÉtat\r\n\r\n\r\n".encode()
    data += b"2\r\n00:00:03,000 --> 00:00:04,000\r\nEnd"
    path = tmp_path / "a.srt"
    path.write_bytes(data)
    document = Document.open(path)
    edit = document.edits.shift_all(0)
    assert edit is None
    document.save(force=True)
    assert path.read_bytes() == data
    document.do(document.edits.shift_all(1000))
    document.save(force=True)
    assert path.read_bytes() == data.replace(b"00:00:0", b"00:00:X").replace(
        b"00:00:X1", b"00:00:02"
    ).replace(b"00:00:X2", b"00:00:03").replace(b"00:00:X3", b"00:00:04").replace(
        b"00:00:X4", b"00:00:05"
    )


# --- WebVTT -----------------------------------------------------------------------------------

VTT = (
    "WEBVTT - a title\nKind: captions\nLanguage: en\n"
    "X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n"
    "STYLE\n::cue(.yellow) { color: yellow; }\n\n"
    "REGION\nid:fred width:40%\n\n"
    "intro\n00:05.000 --> 00:06.000 line:0 position:20% align:start\n"
    "<v Roger>Hi <c.yellow>there</c> <b>b</b> <ruby>漢<rt>kan</rt></ruby>\n\n"
    "NOTE a comment after a cue\nspanning lines\n\n"
    "00:01.000 --> 00:02.000\n<00:00:01.500>Never <00:00:01.750>gonna\n"
)


def test_vtt_blocks_settings_ids_kept_and_never_cues() -> None:
    track = parse(VTT, "vtt")
    assert [e.plaintext for e in track.events] == ["Hi there b 漢kan", "Never gonna"]
    assert [e.start for e in track.events] == [5000, 1000]  # file order, not re-sorted
    assert dumps(track) == VTT


def test_vtt_shift_moves_cue_and_word_stamps_not_the_header() -> None:
    out = _shift(parse(VTT, "vtt"), 1500)
    expected = (
        VTT.replace("00:05.000 --> 00:06.000", "00:06.500 --> 00:07.500")
        .replace("00:01.000 --> 00:02.000", "00:02.500 --> 00:03.500")
        .replace("<00:00:01.500>Never <00:00:01.750>", "<00:00:03.000>Never <00:00:03.250>")
    )
    assert out == expected
    assert "LOCAL:00:00:00.000" in out


def test_vtt_header_only_is_zero_cues_and_saves_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "empty.vtt"
    path.write_bytes(b"WEBVTT\n\nNOTE nothing yet\n")
    document = Document.open(path)
    assert len(document.track) == 0
    document.save(force=True)
    assert path.read_bytes() == b"WEBVTT\n\nNOTE nothing yet\n"


# --- ASS/SSA ----------------------------------------------------------------------------------

ASS = """[Script Info]
; Script generated by hand
; a second comment
Title: test
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default, Arial, 20, &H00FFFFFF, &H000000FF, &H00000000, &H80000000, 0, 0, 0, 0, 100, \
100, 0, 0, 1, 2, 2, 2, 10, 10, 10, 1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:02.50,Default,,0,0,0,,Hello there
; a comment line
Comment: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,not shown

[Aegisub Extradata]
Data: 1,key,evalue
"""


def test_ass_comments_sections_and_spaced_styles() -> None:
    track = parse(ASS, "ass")
    style = track.subs.styles["Default"]
    assert (style.bold, style.italic, style.underline, style.strikeout) == (False,) * 4
    assert dumps(track) == ASS
    out = _shift(parse(ASS, "ass"), 1500)
    assert out == ASS.replace("0:00:04.00", "0:00:05.50").replace(
        "0:00:03.00", "0:00:04.50"
    ).replace("0:00:02.50", "0:00:04.00").replace("0:00:01.00", "0:00:02.50")


def test_ssa_backcolour_alpha_kept() -> None:
    ssa = (
        "[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\nFormat: Name, Fontname, Fontsize, "
        "PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, "
        "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\n"
        "Style: Default,Arial,20,16777215,65535,65535,-2147483640,-1,0,1,3,0,2,30,30,30,0,0\n\n"
        "[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, "
        "Text\nDialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0000,0000,0000,,Hi\n"
    )
    assert dumps(parse(ssa, "ssa")) == ssa
    assert "0:00:02.00,0:00:03.00" in _shift(parse(ssa, "ssa"), 1000)


def test_ass_with_no_events_is_zero_cues() -> None:
    empty = ASS[: ASS.index("Dialogue:")] + "\n[Aegisub Extradata]\nData: 1,key,evalue\n"
    track = parse(empty, "ass")
    assert len(track) == 0
    assert dumps(track) == empty


# --- transcript -------------------------------------------------------------------------------


def test_seed_loads_489_cues_without_the_footer() -> None:
    data = SEED.read_bytes()
    track = parse_bytes(data, path=SEED)
    assert len(track) == 489
    assert "Sign up" not in track.events[-1].plaintext
    assert track.events[-1].plaintext.endswith("problem of verification.")
    assert any("1 line of text after the last cue" in w for w in track.warnings)
    assert any("skipped 7 lines of text before" in w for w in track.warnings)
    assert dumps(track).encode(track.encoding) == data
    out = _shift(parse_bytes(data, path=SEED), 1500)
    assert out.endswith(
        "Sign up for free to join this conversation on GitHub. Already have an "
        "account? Sign in to comment"
    )
    assert out.startswith(data.decode()[: data.decode().index("[00:00.000]")] + "[00:01.500]")


# --- MicroDVD ---------------------------------------------------------------------------------


def test_microdvd_gains_no_frame_rate_line() -> None:
    text = "{25}{75}One\n{100}{150}Two\n"
    track = parse(text, "microdvd")
    assert not dumps(track).startswith("{0}{0}") and not dumps(track).startswith("{1}{1}")


# --- conversions ------------------------------------------------------------------------------


def test_convert_srt_to_vtt_keeps_tags_numbers_top_and_back() -> None:
    srt = (
        "7\n00:00:01,000 --> 00:00:02,000\n{\\an8}<b>Bold</b> <i>it</i> <u>u</u>\n\n"
        "8\n00:00:03,000 --> 00:00:04,000\nPrice {was} $5\n"
    )
    losses: list[str] = []
    vtt = dumps(parse(srt, "srt"), "vtt", losses=losses)
    assert vtt == (
        "WEBVTT\n\n7\n00:00:01.000 --> 00:00:02.000 line:0\n<b>Bold</b> <i>it</i> <u>u</u>\n\n"
        "8\n00:00:03.000 --> 00:00:04.000\nPrice {was} $5\n"
    )
    back = dumps(parse(vtt, "vtt"), "srt")
    assert back == srt
    ass = dumps(parse(srt, "srt"), "ass", losses=losses)
    assert "{\\an8}{\\b1}Bold{\\b0} {\\i1}it{\\i0} {\\u1}u{\\u0}" in ass
    assert "Price (was) $5" in ass
    assert any("braces" in loss for loss in losses)


def test_convert_vtt_to_srt_names_the_settings_lost() -> None:
    losses: list[str] = []
    srt = dumps(parse(VTT, "vtt"), "srt", losses=losses)
    assert srt.startswith("1\n00:00:05,000 --> 00:00:06,000\n{\\an8}Hi there <b>b</b>")
    assert "VTT cue settings on 1 cue are not kept in SRT" in losses
    assert any("STYLE" in loss for loss in losses)


# --- LRC --------------------------------------------------------------------------------------

LRC = (
    "[ar:Someone]\n[offset:+500]\n"
    "[00:12.000]<00:12.500>Never <00:13.000>gonna {give}\n"
    "[00:10.00]Earlier line, later in the file\n"
    "[00:20.00]Last\n[00:22.00]\n"
)


def test_lrc_kept_word_stamps_offset_and_order() -> None:
    track = parse(LRC, "lrc")
    assert [e.plaintext for e in track.events] == [
        "Never gonna {give}",
        "Earlier line, later in the file",
        "Last",
    ]
    # The offset is applied to the times (500 ms sooner), never written into the stamps.
    assert [(e.start, e.end) for e in track.events] == [
        (11500, 19500),
        (9500, 11500),
        (19500, 21500),
    ]
    assert dumps(track) == LRC
    out = _shift(parse(LRC, "lrc"), 1500)
    assert out == (
        "[ar:Someone]\n[offset:+500]\n"
        "[00:13.500]<00:14.000>Never <00:14.500>gonna {give}\n"
        "[00:11.50]Earlier line, later in the file\n"
        "[00:21.50]Last\n[00:23.50]\n"
    )


def test_lrc_offset_applied_when_converting() -> None:
    srt = dumps(parse(LRC, "lrc"), "srt")
    assert "00:00:11,500 --> 00:00:19,500\nNever gonna {give}" in srt


def test_microdvd_and_mpl2_saved_as_read() -> None:
    sub = "{25}{75}{y:i}One|two\r\n{100}{150}Two\r\n"
    assert dumps(parse(sub, "microdvd")) == sub
    mpl = "[10][25]/Italic|line\n[30][45] Spaced\n"
    assert dumps(parse(mpl, "mpl2")) == mpl
    assert _shift(parse(mpl, "mpl2"), 1500) == "[25][40]/Italic|line\n[45][60] Spaced\n"


@pytest.mark.parametrize(
    ("fmt", "text", "line"),
    [
        ("vtt", "WEBVTT\n\n00:01.000 --> -00:02.000\nNo\n", 3),
        ("ass", ASS.replace("0,0:00:01.00,", "0,-0:00:01.00,"), 13),
    ],
)
def test_negative_timestamps_in_vtt_and_ass(fmt: str, text: str, line: int) -> None:
    with pytest.raises(CaptionError) as info:
        parse(text, fmt, path="x")
    assert str(info.value).startswith(f"x:{line}: negative timestamp")


def test_convert_vtt_voice_becomes_the_ass_speaker() -> None:
    vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Roger>Hi <c.yellow>there</c>\n"
    losses: list[str] = []
    ass = dumps(parse(vtt, "vtt"), "ass", losses=losses)
    assert ass.endswith("Dialogue: 0,0:00:01.00,0:00:02.00,Default,Roger,0,0,0,,Hi there\n")
    assert losses == ["VTT markup tags on 1 cue are not kept in ASS"]
    dumps(parse(vtt, "vtt"), "srt", losses=losses)
    assert "VTT <v> tags are not kept in SRT" in losses
