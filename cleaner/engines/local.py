"""Local execution: one process per core, results as they finish, with a tqdm bar."""

from __future__ import annotations

import multiprocessing as mp
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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


@contextmanager
def _stops_deferred() -> Iterator[list[int]]:
    """Hold Ctrl-C and SIGTERM while worker processes start.

    A worker stopped half-way through starting (its parent interrupted between spawning it and
    writing its start-up data, or gone before it unpickled its queues) prints a traceback of its
    own. The parent's handlers only note a stop here, and the workers start with the stop
    signals blocked (the mask is inherited) until their initializer has run. Handlers can only
    be changed in the main thread; elsewhere (the Python API in a thread) nothing is deferred.
    """
    pending: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return
    previous = {
        s: signal.signal(s, lambda signum, frame: pending.append(signum)) for s in _STOP_SIGNALS
    }
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield pending
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for s, handler in previous.items():
            signal.signal(s, handler)


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
        with _stops_deferred() as pending:
            pool = context.Pool(min(workers, len(items)), initializer=_worker_init)
        try:
            for signum in pending:  # a stop that came while the workers started: act on it now
                signal.raise_signal(signum)
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
