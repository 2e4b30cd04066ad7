"""Spreading a build's work over the cores: forked worker processes that share the parent's memory.

Forked workers see what the parent has loaded (the records, the model, the compiled layouts) without it
being pickled; only each task's number goes out and its result comes back.  The standard library's
ProcessPoolExecutor runs them: unlike multiprocessing.Pool, which forks a new worker in place of one the
system killed (a ten-year archive on a machine short of memory) and then waits for ever for the task
that worker held, it notices the death and says so (WorkerLost).
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator

from .errors import WorkerLost

__all__ = ["Background", "cores", "in_workers"]


def in_workers(task: Callable[[int], object], count: int, jobs: int, parallel: bool = True) -> Iterator:
    """task(0) ... task(count - 1), in any order; in `jobs` forked workers (0: one per core) when `parallel`
    and there is more than one task.  Tasks go out one at a time: give each a fair share of work (many
    small pieces batched into one), so that no worker is left waiting at the end."""
    jobs = min(jobs or cores(), count)
    if not parallel or jobs < 2 or not _can_fork():
        yield from map(task, range(count))
        return
    pool, futures = _forked(task, jobs, _run_task, range(count))
    try:
        for future in as_completed(futures):
            yield future.result()
    except BrokenProcessPool:
        raise WorkerLost() from None
    except BaseException:       # a failed task, Ctrl-C, SIGTERM: the workers stop now, not after their batch
        _stop(pool)
        raise
    finally:
        # All done, or a failed build or Ctrl-C: tasks not started are dropped, the running ones (a batch
        # each) end, and so do the workers.
        pool.shutdown(wait=True, cancel_futures=True)


def cores() -> int:
    """Cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class Background:
    """task() running in a forked process while this one goes on (a build loads on one core; the other
    is free).  `result()` waits for it.  Without fork, task() runs when its result is asked for."""

    def __init__(self, task: Callable[[], object]):
        self._task, self._pool, self._pending = task, None, None
        if _can_fork():
            self._pool, (self._pending,) = _forked(task, 1, _run_background, [None])

    def result(self):
        if self._pool is None:
            return self._task()
        try:
            return self._pending.result()
        except BrokenProcessPool:
            raise WorkerLost() from None
        except BaseException:
            _stop(self._pool)
            raise
        finally:
            self._pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers (the executor has no public way to, short of waiting for them)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass


def _forked(task: Callable, jobs: int, run: Callable, args) -> tuple[ProcessPoolExecutor, list]:
    """A pool of `jobs` workers, forked with `task` handed to each (not pickled), running `run` on each
    of `args`."""
    pool = ProcessPoolExecutor(jobs, multiprocessing.get_context("fork"), initializer=_Worker.start,
                               initargs=(task,))
    return pool, [pool.submit(run, a) for a in args]


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class _Worker:
    """The task of this worker process, set in the worker when it is forked; the parent never sets it."""
    task: Callable | None = None

    @classmethod
    def start(cls, task: Callable) -> None:
        cls.task = task
        _start_worker()


def _run_background(_):
    return _Worker.task()


def _run_task(i: int):
    try:
        return _Worker.task(i)
    finally:
        # Collections are held off (see _start_worker), but rendering leaves objects in reference cycles
        # (Jinja's contexts and frames): collected after each task, or a worker making a whole archive
        # grows by gigabytes.  Only the youngest generation, what was made since the last task: the
        # objects that outlive a task are not looked at again, nor are the parent's.
        gc.collect(0)


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool; a worker need not say so too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM ends a worker at once (the parent's handler, inherited by fork, would raise in it), and a
    # worker whose parent died (kill -9) goes with it instead of waiting for ever for its next task.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    # The parent holds Python's garbage collections off while it builds (pipeline.build), and so does a
    # worker forked then: what it makes is freed by reference counting, and the rest after each task.


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)        # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
