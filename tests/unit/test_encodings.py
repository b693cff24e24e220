"""Encodings of real caption text: CJK legacy codecs, UTF-16 without BOM, UTF-8 with a few bad
bytes, and codec names that write the file back byte for byte.

`data/gb2312_cdown_srt.srt` is cdown/srt's `srt_tools/tests/files/gb2312.srt` (MIT). The
Chinese lyrics (LibLrc's test.lrc) and the Korean SAMI file (shinyuchoi/sub's test.smi) are read
from ../shared/corpus at test time and re-encoded; the corpus holds no Japanese text, so the
Shift-JIS case encodes the Japanese lines below.
"""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest

from captions.formats import load
from captions.textcodec import decode, decode_text

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "subtitles"
GB2312_SRT = DATA / "gb2312_cdown_srt.srt"
JAPANESE_SRT = (
    "1\n00:00:01,000 --> 00:00:03,500\nこんにちは。今日は字幕の話をします。\n\n"
    "2\n00:00:04,000 --> 00:00:06,000\n東京から来ました、よろしくお願いします。\n\n"
    "3\n00:00:06,500 --> 00:00:09,000\n①まず、時間を合わせましょう。\n"
)


def corpus_bytes(name: str) -> bytes:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared corpus is not part of a clone)")
    return path.read_bytes()


def corpus_text(name: str) -> str:
    return corpus_bytes(name).decode("utf-8-sig")


def chinese_lyrics() -> str:
    return corpus_text("liblrc__test.lrc")


def korean_sami() -> str:
    return corpus_text("shinyuchoi__test.smi")


def big5_lyrics() -> str:
    """The lyric lines that Big5 can hold (Big5 has traditional characters only)."""
    lines = []
    for line in chinese_lyrics().splitlines():
        try:
            line.encode("big5")
        except UnicodeEncodeError:
            continue
        lines.append(line)
    assert len(lines) >= 10
    return "\n".join(lines) + "\n"


def test_real_gb2312_file_is_chinese_not_cp1252() -> None:
    data = GB2312_SRT.read_bytes()
    text, codec = decode(data)
    assert codec in ("gb2312", "gbk", "gb18030")
    assert "宇宙守护神  保护我们远离邪恶" in text
    assert text.encode(codec) == data
    track = load(GB2312_SRT)
    assert track.events[1].plaintext == "他能徒手抓住子弹  拦住疾速的火车"


@pytest.mark.parametrize(
    ("make_text", "codec", "accepted"),
    [
        (chinese_lyrics, "gbk", {"gbk", "gb18030"}),
        (chinese_lyrics, "gb18030", {"gb18030"}),
        (big5_lyrics, "big5", {"big5", "cp950", "big5hkscs"}),
        (korean_sami, "cp949", {"cp949"}),
        (korean_sami, "euc_kr", {"euc_kr", "cp949"}),
        (lambda: JAPANESE_SRT.replace("①", "1."), "shift_jis", {"shift_jis", "cp932"}),
        (lambda: JAPANESE_SRT, "cp932", {"cp932"}),
        (lambda: JAPANESE_SRT.replace("①", "1."), "euc_jp", {"euc_jp", "euc_jis_2004"}),
    ],
    ids=["gbk", "gb18030", "big5", "cp949", "euc-kr", "shift-jis", "cp932", "euc-jp"],
)
def test_cjk_legacy_encodings_are_detected(
    make_text: object, codec: str, accepted: set[str]
) -> None:
    assert callable(make_text)
    source = make_text()
    try:
        data = source.encode(codec)
    except UnicodeEncodeError:
        pytest.fail(f"the test text does not fit {codec}")
    decoded = decode_text(data)
    assert decoded.codec in accepted
    assert decoded.text == source
    assert decoded.text.encode(decoded.codec) == data
    assert decoded.warnings == ()


def test_gbk_file_longer_than_the_sample_decodes_whole() -> None:
    """Detection looks at the first 256 KiB (cut at a line end); a later line holds a
    character GB2312 lacks: the codec chosen must still decode the whole file."""
    head = chinese_lyrics()
    tail = "[09:59.00]喆\n"  # 喆 is in GBK, not in GB2312
    data = (head * 200 + tail).encode("gbk")
    assert len(data) > 262144
    decoded = decode_text(data)
    assert decoded.text.endswith(tail)
    assert decoded.text.encode(decoded.codec) == data


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path: Path, codec: str) -> None:
    for source in (chinese_lyrics(), corpus_text("webvttpy__sample.srt")):
        path = tmp_path / "in.lrc"
        path.write_bytes(source.encode(codec))
        text, used = decode(path.read_bytes())
        assert (text, used) == (source, codec)
    track = load(tmp_path / "in.lrc")
    assert track.encoding == codec and track.events


def test_utf16_without_bom_in_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "korean.smi"
    path.write_bytes(korean_sami().encode("utf-16-le"))
    result = subprocess.run(
        [sys.executable, "-m", "captions", "info", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "utf-16-le" in result.stdout


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le-sig"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be-sig"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le-sig"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be-sig"),
    ],
)
def test_codec_name_round_trips_the_file_with_its_bom(bom: bytes, codec: str, name: str) -> None:
    source = korean_sami()
    data = bom + source.encode(codec)
    text, used = decode(data)
    assert (text, used) == (source, name)
    assert text.encode(used) == data  # the BOM and byte order come back


def test_big_endian_utf16_file_is_saved_big_endian(tmp_path: Path) -> None:
    from captions.document import Document

    path = tmp_path / "sample.srt"
    source = corpus_text("webvttpy__sample.srt")
    path.write_bytes(codecs.BOM_UTF16_BE + source.encode("utf-16-be"))
    doc = Document.open(path)
    doc.do(doc.edits.shift_all(1000))
    doc.save()
    saved = path.read_bytes()
    assert saved.startswith(codecs.BOM_UTF16_BE)
    assert saved[2:].decode("utf-16-be").startswith("1\n00:00:01,500 --> ")
    assert load(path).encoding == "utf-16-be-sig"


def test_utf8_with_a_few_bad_bytes_stays_utf8_with_a_warning(tmp_path: Path) -> None:
    source = corpus_bytes("webvttpy__netflix_chicas_del_cable.vtt")
    lines = source.split(b"\n")
    lines[9] = lines[9] + b" \x92"  # a cp1252 apostrophe pasted into a UTF-8 file
    lines[40] = lines[40] + b" \xe9t\xe9"  # cp1252 "été"
    data = b"\n".join(lines)
    decoded = decode_text(data)
    assert decoded.codec == "utf-8"
    assert decoded.text == data.decode("utf-8", "replace")
    assert len(decoded.warnings) == 1
    assert "3 invalid UTF-8 bytes on lines 10, 41 replaced with U+FFFD" in decoded.warnings[0]
    path = tmp_path / "chicas.vtt"
    path.write_bytes(data)
    result = subprocess.run(
        [sys.executable, "-m", "captions", "info", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "utf-8" in result.stdout and "lines 10, 41" in result.stdout


def test_a_cp1252_file_is_still_cp1252() -> None:
    """The UTF-8 repair must not take over legacy files: the corpus' cp1252 Spanish file."""
    decoded = decode_text(corpus_bytes("derived__sample.es.cp1252.srt"))
    assert decoded.codec == "cp1252" and decoded.warnings == ()
    assert "\ufffd" not in decoded.text


@pytest.mark.parametrize(
    ("line", "codec"),
    [
        ("Ça va très bien, merci", "cp1252"),  # reads as two Big5 characters glued to Latin
        ("Déjà vu, naïve résumé", "cp1252"),
        ("Über Größe und Straße", "cp1252"),
        ("Zażółć gęślą jaźń", "cp1250"),
    ],
)
def test_short_western_lines_are_not_taken_for_cjk(line: str, codec: str) -> None:
    """A guard for the CJK detection: short code-page lines that also decode as GBK/Big5."""
    source = f"1\n00:00:01,000 --> 00:00:02,500\n{line}\n"
    decoded = decode_text(source.encode(codec))
    assert decoded.text == source and decoded.codec == codec
