"""Forced alignment of caption words to the speech (pocketsphinx), and word stamps on export."""

from captions.align.engine import AlignOptions, AlignResult, force_align
from captions.align.stamps import STAMP_FORMATS, with_word_stamps

__all__ = ["STAMP_FORMATS", "AlignOptions", "AlignResult", "force_align", "with_word_stamps"]
