"""Forced alignment of caption words to the speech (pocketsphinx), and word stamps on export.

The names are imported on first use: `captions align` registers its subcommand without loading
numpy, PyAV or pocketsphinx.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AlignOptions": "captions.align.engine",
    "AlignResult": "captions.align.engine",
    "force_align": "captions.align.engine",
    "STAMP_FORMATS": "captions.align.stamps",
    "with_word_stamps": "captions.align.stamps",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'captions.align' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
