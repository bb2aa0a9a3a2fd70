"""Shared helpers for benchmarks: where the data is, how to time and measure memory honestly."""

from __future__ import annotations

import gzip
import json
import os
import resource
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BULK = SHARED / "eval" / "bulk"
DEV = SHARED / "eval" / "dev.jsonl"


@dataclass
class Figure:
    """One number a benchmark reports: printed in the table and saved in bench/results.json."""

    suite: str
    name: str
    value: float
    unit: str
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_jsonl_gz(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def cpu_seconds(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU time of this process spent in ``fn``: per-core throughput on a noisy machine."""
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def quick() -> bool:
    return os.environ.get("BENCH_QUICK") == "1"
