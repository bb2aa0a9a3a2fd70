"""Local execution: one process per core, results as they finish, with a tqdm bar."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")
R = TypeVar("R")


def map_unordered(fn: Callable[[T], R], items: Sequence[T], workers: int, desc: str) -> Iterator[R]:
    """``fn`` over ``items``; the caller must not depend on completion order."""
    bar = tqdm(total=len(items), desc=desc, unit="file", dynamic_ncols=True, leave=True)
    try:
        if workers <= 1 or len(items) <= 1:
            for item in items:
                yield fn(item)
                bar.update()
            return
        # "spawn" keeps workers free of the parent's threads and open files (safe with pyarrow).
        context = mp.get_context("spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(items)), mp_context=context) as pool:
            futures = [pool.submit(fn, item) for item in items]
            for future in as_completed(futures):
                yield future.result()
                bar.update()
    finally:
        bar.close()
