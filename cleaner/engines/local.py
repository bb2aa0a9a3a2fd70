"""Local execution: one process per core, results as they finish, with a tqdm bar."""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.pool
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")
R = TypeVar("R")


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent alone decides what happens (it stops
    # the pool), so workers do not each print a KeyboardInterrupt traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # the worker was started with the stop signals blocked (see below); a SIGTERM the parent
    # sent meanwhile ends it here, quietly
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _start_pool(context: mp.context.SpawnContext, processes: int) -> mp.pool.Pool:
    """A pool whose workers cannot be stopped half-way through starting: a stop while a worker
    unpickles its queues would make it print a traceback about semaphores the parent has
    already removed. Workers inherit the blocked mask and unblock it once started; the parent's
    own pending Ctrl-C or SIGTERM is delivered as soon as the pool exists."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        return context.Pool(processes, initializer=_worker_init)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def map_unordered(fn: Callable[[T], R], items: Sequence[T], workers: int, desc: str) -> Iterator[R]:
    """``fn`` over ``items``; the caller must not depend on completion order.

    When the caller stops early (an error, Ctrl-C, SIGTERM turned into an exception) the
    workers are terminated at once: no process outlives the run.
    """
    bar = tqdm(total=len(items), desc=desc, unit="file", dynamic_ncols=True, leave=True)
    try:
        if workers <= 1 or len(items) <= 1:
            for item in items:
                yield fn(item)
                bar.update()
            return
        # "spawn" keeps workers free of the parent's threads and open files (safe with pyarrow).
        context = mp.get_context("spawn")
        pool = _start_pool(context, min(workers, len(items)))
        try:
            for result in pool.imap_unordered(fn, items):
                yield result
                bar.update()
        except BaseException:
            pool.terminate()
            pool.join()
            raise
        pool.close()
        pool.join()
    finally:
        bar.close()
