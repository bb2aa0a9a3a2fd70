"""The name of every file of an output folder, in one place.

The run writes these files; the card, the report, verify, publish and ``--against`` read them by
these names, so they cannot disagree. This module imports nothing, so any layer may use it.
"""

from __future__ import annotations

SHARD_PREFIX = "part"
SHARD_GLOB = f"{SHARD_PREFIX}-*.parquet"  # also the card's data_files pattern
MANIFEST = "manifest.json"
STATS = "stats.json"
REMOVED = "removed.parquet"
DUPLICATES = "duplicates.parquet"
SIGNATURES = "signatures.parquet"
ERRORS = "errors.jsonl"
CARD = "README.md"
REPORT = "report.html"
WORK_DIR = ".work"  # checkpoints of a run; removed after success unless --keep-work
# bookkeeping of output ownership (cleaner/output/ownership.py)
MARKER = ".cleaner-output"  # says the folder is a cleaner output
LOCK = ".cleaner.lock"  # held by the run writing the folder
JOURNAL = ".cleaner-journal"  # every name a run created here, recorded before the file


def shard_name(index: int) -> str:
    """``part-00000.parquet`` for shard 0."""
    return f"{SHARD_PREFIX}-{index:05d}.parquet"
