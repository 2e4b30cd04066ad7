"""Spreading a build's work over the cores: forked worker processes that share the parent's memory.

Forked workers see what the parent has loaded (the records, the model, the compiled layouts) without it
being pickled; only each task's number goes out and its result comes back.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from typing import Callable, Iterator

__all__ = ["in_workers", "Background"]


def in_workers(task: Callable[[int], object], count: int, jobs: int, parallel: bool = True) -> Iterator:
    """task(0) ... task(count - 1), in any order; in `jobs` forked workers (0: one per core) when `parallel`
    and there is more than one task.  Tasks go out one at a time: give each a fair share of work (many
    small pieces batched into one), so that no worker is left waiting at the end."""
    global _TASK
    jobs = min(jobs or os.cpu_count() or 1, count)
    if not parallel or jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(task, range(count))
        return
    _TASK = task
    try:        # the workers are forked here, each with the task in its copy of this module
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker)
    finally:
        _TASK = None
    try:
        yield from pool.imap_unordered(_run_task, range(count))
    except BaseException:       # a failed build, Ctrl-C: end the workers whatever they are doing
        pool.terminate()
        pool.join()
        raise
    # All done: the workers are told to end, and end of themselves.  (Terminating them here once left a
    # year's preview waiting for ever on a worker that did not end.)
    pool.close()
    pool.join()


_TASK: Callable[[int], object] | None = None


class Background:
    """task() running in a forked process while this one goes on (a build loads on one core; the other
    is free).  `result()` waits for it.  Without fork, task() runs when its result is asked for."""

    def __init__(self, task: Callable[[], object]):
        global _BACKGROUND
        self._task, self._pool, self._pending = task, None, None
        if "fork" in multiprocessing.get_all_start_methods():
            _BACKGROUND = task
            try:        # the worker is forked here, with the task in its copy of this module
                self._pool = multiprocessing.get_context("fork").Pool(1, initializer=_start_worker)
                self._pending = self._pool.apply_async(_run_background)
            finally:
                _BACKGROUND = None

    def result(self):
        if self._pool is None:
            return self._task()
        try:
            return self._pending.get()
        finally:
            self._pool.close()
            self._pool.join()


_BACKGROUND: Callable[[], object] | None = None


def _run_background():
    return _BACKGROUND()


def _run_task(i: int):
    return _TASK(i)


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool; a worker need not say so too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent holds Python's garbage collections off while it builds (pipeline.build), and so does a
    # worker forked then: what it makes is freed by reference counting.  Rendering leaves a few dozen
    # objects in reference cycles per edition (a JSON encoder), and collecting for them took a tenth of
    # the rendering time (1,460 files rendered and hashed in one process: 1.12 s with, 1.01 s without).
