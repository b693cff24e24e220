"""Keep the memory of decoding's short-lived buffers in the process (glibc's malloc).

Every 2 s block of audio allocates and frees a few buffers of 64-400 KB (the FIFO's block,
the resampler's output, numpy's temporaries). In a fresh process (the segment worker, `captions
sync`) glibc's default thresholds sent those to fresh pages each time, given back at the free
(mmap, or a trim of the heap's top) and faulted in and zeroed again at the next block: the
42-minute talk's envelope in one pass took 104,000 page faults and 4.6-5.0 s CPU there,
against 9,000 and 4.1-4.6 s with buffers under `MMAP_THRESHOLD` taken from the heap and up
to `TRIM_THRESHOLD` of free heap kept. (A process that has already decoded once, as the
benchmark's, has had glibc raise its thresholds by itself: 2,000 faults either way.) The
setting lasts for the process: in the player, whose envelope is decoded on a thread of its own
process, it holds for the rest of the session too (at most TRIM_THRESHOLD of free heap kept).
"""

from __future__ import annotations

import ctypes
import functools
import sys

#: mallopt parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: Allocations below this come from the heap, not from pages of their own ...
MMAP_THRESHOLD = 1 << 20
#: ... and this much free heap is kept rather than given back.
TRIM_THRESHOLD = 4 << 20


@functools.cache
def keep_freed_memory() -> bool:
    """Set the thresholds, once per process; False where the C library is not glibc."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        gnu_get_libc_version = libc.gnu_get_libc_version  # glibc only (musl's mallopt: no-op)
    except (OSError, AttributeError):
        return False
    del gnu_get_libc_version
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )
