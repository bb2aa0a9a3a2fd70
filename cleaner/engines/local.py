"""Local execution: one process per core, results as they finish, with a tqdm bar."""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.pool
import signal
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TypeVar

from cleaner import progress

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


def _indexed(fn: Callable[[T], R], pair: tuple[int, T]) -> tuple[int, R]:
    # the index comes back with the result, so that -v can name the file that finished
    return pair[0], fn(pair[1])


def map_unordered(fn: Callable[[T], R], items: Sequence[T], workers: int, desc: str) -> Iterator[R]:
    """``fn`` over ``items``; the caller must not depend on completion order.

    When the caller stops early (an error, Ctrl-C, SIGTERM turned into an exception) the
    workers are terminated at once: no process outlives the run.
    """
    bar = progress.bar(total=len(items), desc=desc, unit="file", leave=True)
    total = len(items)
    try:
        if workers <= 1 or len(items) <= 1:
            for done, item in enumerate(items, 1):
                yield fn(item)
                bar.update()
                progress.item_done(desc, item, done, total)
            return
        # "spawn" keeps workers free of the parent's threads and open files (safe with pyarrow).
        context = mp.get_context("spawn")
        pool = _start_pool(context, min(workers, len(items)))
        try:
            indexed = pool.imap_unordered(partial(_indexed, fn), enumerate(items))
            for done, (index, result) in enumerate(indexed, 1):
                yield result
                bar.update()
                progress.item_done(desc, items[index], done, total)
        except BaseException:
            pool.terminate()
            pool.join()
            raise
        pool.close()
        pool.join()
    finally:
        bar.close()
