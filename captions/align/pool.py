"""The parent's side of the worker pool: windows sent as their audio is decoded, a bounded
number in flight, results shared out to the cues, and the workers ended on cancel."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from captions.align.decoder import JobResult, Pcm, run_job
from captions.align.plan import Job, Planner

Progress = Callable[[int, int], None]
Found = dict[int, list[tuple[int, int]] | None]


def stop(executor: ProcessPoolExecutor) -> None:
    """Cancel (Ctrl+C or an error): drop queued windows and end the workers now. The pool has
    no public way to end the windows already running, so its processes are terminated."""
    processes = list(getattr(executor, "_processes", {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def split(jobs: list[Job], results: Found, into: Found) -> None:
    """Each job's word times, shared out to its cues (None for every cue of a failed job)."""
    for job in jobs:
        times = results.get(job.index)
        at = 0
        for cue, count in zip(job.cues, job.counts, strict=True):
            into[cue] = None if times is None else times[at : at + count]
            at += count


def first_batch(
    executor: ProcessPoolExecutor,
    planner: Planner,
    windows: list[tuple[int, int, list[int]]],
    blocks: Iterable[Pcm],
    progress: Progress | None,
) -> tuple[list[Job], Found]:
    """Decode `blocks` into the planner's audio, sending each window to the pool once its audio
    is in; then wait for them all."""
    pending = deque(windows)
    jobs: list[Job] = []
    running: set[Future[JobResult]] = set()
    results: Found = {}
    buffer = bytearray()

    def submit(final: bool) -> None:
        planner.pcm = buffer
        while pending and (final or pending[0][1] <= planner.duration_ms):
            job = planner.window(*pending.popleft())
            if job is not None:
                jobs.append(job)
                running.add(executor.submit(run_job, job))

    def collect(timeout: float | None) -> None:
        nonlocal running
        done, running = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
        for future in done:
            index, times = future.result()
            results[index] = times
        if done and progress is not None:
            progress(len(results), len(windows))

    if progress is not None:
        progress(0, len(windows))
    for block in blocks:
        buffer += block.tobytes()
        submit(final=False)
        if running:
            collect(0)
    submit(final=True)
    while running:
        collect(None)
    if progress is not None:
        progress(len(windows), len(windows))
    return jobs, results


def run_batch(
    executor: ProcessPoolExecutor, workers: int, jobs: list[Job], progress: Progress | None
) -> Found:
    """Run `jobs` on the pool, a bounded number in flight (memory stays flat on long media)."""
    found: Found = {}
    if progress is not None:
        progress(0, len(jobs))
    queue = iter(jobs)
    running: set[Future[JobResult]] = set()
    for job in queue:
        running.add(executor.submit(run_job, job))
        if len(running) >= 4 * workers:
            break
    while running:
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            index, times = future.result()
            found[index] = times
            following = next(queue, None)
            if following is not None:
                running.add(executor.submit(run_job, following))
        if progress is not None:
            progress(len(found), len(jobs))
    return found
