"""Forked workers: the work comes back whole, or the build hears that a worker was killed."""
from __future__ import annotations

import os
import signal

import pytest

from epaper.core.errors import WorkerLost
from epaper.core.workers import Background, in_workers

PARENT = os.getpid()


def _killed_in_a_worker(result):
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return result


def test_tasks_run_in_workers_and_come_back_whole():
    pids = {}
    for i, pid in in_workers(lambda i: (i, os.getpid()), 20, 2):
        pids[i] = pid
    assert sorted(pids) == list(range(20)) and PARENT not in pids.values()
    assert Background(lambda: os.getpid()).result() != PARENT


def test_a_killed_worker_is_reported_not_waited_for():
    with pytest.raises(WorkerLost):
        list(in_workers(lambda i: _killed_in_a_worker(i) if i == 3 else i, 8, 2))
    with pytest.raises(WorkerLost):
        Background(lambda: _killed_in_a_worker(1)).result()
