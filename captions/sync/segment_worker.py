"""The worker process of `captions.sync.segments`: `python -m captions.sync.segment_worker`.

Reads pickled requests `(media, timeline, k)` from stdin, one after another, and writes each
segment's result (`segments.decode_segment`) pickled to stdout, in the order asked. A process
of its own (not a thread: two decoding threads hand the GIL to each other at every 20 ms
frame, which cost as much CPU as the second core saved). It is started with a clean
`__main__`, so no caller's script is imported again (as multiprocessing's spawn would).
"""

from __future__ import annotations

import pickle
import sys

from captions.sync.segments import decode_segment


def serve() -> None:
    """Answer requests until stdin closes."""
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            media, line, k = pickle.load(requests)
        except EOFError:
            return
        pickle.dump(decode_segment(media, line, k), answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


if __name__ == "__main__":
    serve()
