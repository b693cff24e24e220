"""A cue's text as words to align: tokens, dictionary spellings, and pronunciations for the rest.

pocketsphinx has no letter-to-sound rules: a word missing from its dictionary must be given
phones or left out. espeak-ng (when installed) says how a word sounds in IPA; `ipa_to_arpabet`
maps that to the CMU phone set of pocketsphinx's English model. Words with no pronunciation are
skipped: their neighbours carry the timing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: ASS override blocks and line breaks, removed before splitting a cue into words.
_TAGS = re.compile(r"\{[^}]*\}|<[^>]*>")
_BREAKS = re.compile(r"\\[Nnh]")
#: What stays of a token for the dictionary: letters, digits and inner apostrophes.
_NOT_WORD = re.compile(r"[^\w']+")
_SPEAKABLE = re.compile(r"[^\W_]")
#: Longest espeak-ng run (seconds) before we give up and skip the words it was asked about.
ESPEAK_TIMEOUT_S = 30

# IPA (espeak-ng, en-us) -> CMU phones. Longest match first; stress and length marks are removed.
_IPA: dict[str, tuple[str, ...]] = {
    "tʃ": ("CH",), "dʒ": ("JH",), "eɪ": ("EY",), "aɪ": ("AY",), "ɔɪ": ("OY",), "aʊ": ("AW",),
    "oʊ": ("OW",), "əʊ": ("OW",), "ɪə": ("IH", "R"), "ɛə": ("EH", "R"), "ʊə": ("UH", "R"),
    "iə": ("IY", "AH"), "aɪɚ": ("AY", "ER"), "aɪə": ("AY", "ER"),
    "i": ("IY",), "ɪ": ("IH",), "ᵻ": ("IH",), "e": ("EY",), "ɛ": ("EH",), "æ": ("AE",),
    "a": ("AE",), "ɑ": ("AA",), "ɒ": ("AA",), "ɔ": ("AO",), "o": ("OW",), "ʊ": ("UH",),
    "u": ("UW",), "ʌ": ("AH",), "ə": ("AH",), "ɐ": ("AH",), "ɚ": ("ER",), "ɜ": ("ER",),
    "ɝ": ("ER",), "p": ("P",), "b": ("B",), "t": ("T",), "d": ("D",), "k": ("K",),
    "ɡ": ("G",), "g": ("G",), "f": ("F",), "v": ("V",), "θ": ("TH",), "ð": ("DH",),
    "s": ("S",), "z": ("Z",), "ʃ": ("SH",), "ʒ": ("ZH",), "h": ("HH",), "x": ("HH",),
    "m": ("M",), "n": ("N",), "ŋ": ("NG",), "l": ("L",), "ɫ": ("L",), "ɹ": ("R",),
    "r": ("R",), "w": ("W",), "j": ("Y",), "ɾ": ("D",), "ʔ": (),
}  # fmt: skip
_IPA_KEYS = sorted(_IPA, key=len, reverse=True)
_IPA_DROP = re.compile("[ˈˌːˑ\u0329\u032f\u0361\u200d\u200c_-]")


@dataclass(frozen=True, slots=True)
class Token:
    """One whitespace-separated piece of a cue's text and the word we align it as ('' if none)."""

    text: str
    word: str


def tokens(text: str) -> list[Token]:
    """The cue text (pysubs2 `text`, ASS tags allowed) as tokens, in reading order."""
    plain = _BREAKS.sub(" ", _TAGS.sub("", text))
    out = []
    for piece in plain.split():
        word = _NOT_WORD.sub("", piece.lower().replace("’", "'")).strip("'_")
        out.append(Token(piece, word if _SPEAKABLE.search(word) else ""))
    return out


def ipa_to_arpabet(ipa: str) -> str:
    """espeak-ng IPA for one word (phonemes may be `_`-separated) -> CMU phones, '' if none."""
    rest = _IPA_DROP.sub("", ipa)
    phones: list[str] = []
    while rest:
        for key in _IPA_KEYS:
            if rest.startswith(key):
                phones.extend(_IPA[key])
                rest = rest[len(key) :]
                break
        else:
            rest = rest[1:]  # a symbol we have no phone for
    return " ".join(phones)


def espeak_pronunciations(words: Iterable[str], voice: str = "en-us") -> dict[str, str]:
    """CMU phones for each word, from one espeak-ng run; {} when espeak-ng is not installed."""
    wanted = sorted(set(words))
    program = shutil.which("espeak-ng")
    if not wanted or program is None:
        return {}
    try:
        done = subprocess.run(
            [program, "-q", "-v", voice, "--ipa", "--sep=_"],
            input="\n".join(wanted) + "\n",
            capture_output=True,
            text=True,
            timeout=ESPEAK_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or len(lines) != len(wanted):
        return {}
    found = {
        word: ipa_to_arpabet(line.replace(" ", ""))
        for word, line in zip(wanted, lines, strict=True)
    }
    return {word: phones for word, phones in found.items() if phones}


def missing_words(words: Iterable[str], known: Callable[[str], bool]) -> set[str]:
    """The words `known` says are not in the dictionary."""
    return {word for word in set(words) if word and not known(word)}
