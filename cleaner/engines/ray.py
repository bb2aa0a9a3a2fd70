"""Ray execution: the same per-file tasks, scheduled on a Ray cluster.

Each task reads its input file and writes its checkpoint into ``OUT/.work``; on a multi-node
cluster both the inputs and the output folder must therefore be on storage every node sees
(NFS, a mounted bucket). The driver only collects task keys, never documents, so its memory does
not grow with the corpus. ``RAY_ADDRESS`` selects an existing cluster; without it a local Ray
instance with ``workers`` CPUs is started for the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from cleaner import progress

T = TypeVar("T")
R = TypeVar("R")


def _call(fn: Callable[[Any], Any], item: Any) -> Any:
    return fn(item)


def map_unordered(fn: Callable[[T], R], items: Sequence[T], workers: int, desc: str) -> Iterator[R]:
    try:
        import ray
    except ImportError:
        raise RuntimeError("the ray engine needs Ray: pip install 'cleaner[ray]'") from None
    started_here = not ray.is_initialized()
    if started_here:
        address = os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=max(1, workers), include_dashboard=False, log_to_driver=False)
    task = ray.remote(_call)
    fn_ref = ray.put(fn)
    pending = [task.remote(fn_ref, item) for item in items]
    item_of = dict(zip(pending, items, strict=True))  # -v names the file each task finished
    bar = progress.bar(total=len(items), desc=f"{desc} (ray)", unit="file")
    try:
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            yield ray.get(done[0])
            bar.update()
            progress.item_done(desc, item_of[done[0]], len(items) - len(pending), len(items))
    finally:
        bar.close()
        for ref in pending:
            ray.cancel(ref)
        if started_here:
            ray.shutdown()
