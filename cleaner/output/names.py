"""The name of every file of an output folder, in one place.

The run writes these files; the card, the report, verify, publish and ``--against`` read them by
these names, so they cannot disagree. This module imports nothing, so any layer may use it.

Names are paths relative to the output folder, with ``/`` between parts. The layout keeps the
shards alone in ``data/``, so that every reader's default glob over it reads documents and
nothing else; the audit files and the dedup index sit in folders of their own.
"""

from __future__ import annotations

LAYOUT = 2  # recorded in the manifest; a manifest without "layout" is LEGACY_LAYOUT
DATA_DIR = "data"  # the shards, and only they
AUDIT_DIR = "audit"  # what was removed, for audits: further configs of the dataset card
INDEX_DIR = "index"  # the signature index of --against: not uploaded unless asked
SUBFOLDERS = (DATA_DIR, AUDIT_DIR, INDEX_DIR)

# "train-" puts the shards in the train split under the datasets library's default patterns
# too, should the card's configs ever be edited away
SHARD_PREFIX = "train"
SHARD_GLOB = f"{DATA_DIR}/{SHARD_PREFIX}-*.parquet"  # also the card's data_files pattern
MANIFEST = "manifest.json"
STATS = "stats.json"
REMOVED = f"{AUDIT_DIR}/removed.parquet"
DUPLICATES = f"{AUDIT_DIR}/duplicates.parquet"
SIGNATURES = f"{INDEX_DIR}/signatures.parquet"
# every replacement of personal data: type, rule, span (never the value)
PII = f"{AUDIT_DIR}/pii.parquet"
# every document dropped whole after cleaning: the reason, what was measured, the threshold
FILTERED = f"{AUDIT_DIR}/filtered.parquet"
ERRORS = "errors.jsonl"
CARD = "README.md"
REPORT = "report.html"
WORK_DIR = ".work"  # checkpoints of a run; removed after success unless --keep-work
# bookkeeping of output ownership (cleaner/output/ownership.py)
MARKER = ".cleaner-output"  # says the folder is a cleaner output
LOCK = ".cleaner.lock"  # held by the run writing the folder
JOURNAL = ".cleaner-journal"  # every name a run created here, recorded before the file

# Layout 1, written by cleaner before the data/ folder: every file at the top of the folder.
# Still read by verify, report and --against; a run into such a folder replaces it.
LEGACY_LAYOUT = 1
LEGACY_SHARD_GLOB = "part-*.parquet"
LEGACY_NAMES = {
    REMOVED: "removed.parquet",
    DUPLICATES: "duplicates.parquet",
    SIGNATURES: "signatures.parquet",
}


def shard_name(index: int) -> str:
    """``data/train-00000.parquet`` for shard 0."""
    return f"{DATA_DIR}/{SHARD_PREFIX}-{index:05d}.parquet"


def located(name: str, layout: int) -> str:
    """Where the file this version calls ``name`` is in an output of ``layout``."""
    return LEGACY_NAMES.get(name, name) if layout == LEGACY_LAYOUT else name


def shard_glob(layout: int) -> str:
    return LEGACY_SHARD_GLOB if layout == LEGACY_LAYOUT else SHARD_GLOB
