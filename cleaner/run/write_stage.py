"""Stage 3: the shards in input order, the side files, and last the manifest.

Writing in input order (not completion order) is what makes the output independent of the number
of workers. Every file is written under a temporary name and renamed; the manifest comes last,
so a folder with a manifest is complete.
"""

from __future__ import annotations

import hashlib
import sys
import time
from array import array
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cleaner import __version__, progress
from cleaner.dedup.against import SignatureIndexWriter
from cleaner.dedup.lsh import sorted_unique
from cleaner.io.atomic import atomic_write, write_json_atomic
from cleaner.io.errors import ErrorLog, InputError
from cleaner.io.shards import (
    CLUSTER_FIELDS,
    DUPLICATES_SCHEMA,
    FILTERED_SCHEMA,
    PII_SCHEMA,
    REMOVED_SCHEMA,
    SHARD_SCHEMA,
    ShardInfo,
    ShardWriter,
    file_entry,
    sha256_of,
)
from cleaner.io.sources import InputFile
from cleaner.output import names
from cleaner.output.card import write_card
from cleaner.run.clean_stage import FILTER_COLUMNS, Cleaned
from cleaner.run.dedup_stage import AGAINST_IDS, Deduplicated, Locations
from cleaner.run.plan import RunContext, Unit
from cleaner.run.stats import run_stats


@dataclass
class Written:
    """What stage 3 wrote: the shards, and the counts the statistics need."""

    shards: list[ShardInfo]
    exact_removed: int
    near_removed: int
    lengths_after: array[int]  # n_chars of every published document (8 bytes each)


@dataclass
class RunResult:
    out: Path
    manifest: dict[str, Any]
    stats: dict[str, Any]
    errors: list[InputError]

    @property
    def n_errors(self) -> int:
        return sum(1 for e in self.errors if e.severity == "error")


CARD_NOTE = "the dataset card is the publisher's to edit: not checked by cleaner verify"

# every name besides the shards that a run may write here
SIDE_FILES = (
    names.REMOVED,
    names.FILTERED,
    names.DUPLICATES,
    names.SIGNATURES,
    names.PII,
    names.ERRORS,
    names.STATS,
    names.CARD,
    names.MANIFEST,
)


def run(ctx: RunContext, dedup: Deduplicated) -> Written:
    """The shards in data/, the audit files (filtered.parquet among them) and the signature
    index."""
    out, config, units = ctx.out, ctx.config, ctx.units
    result, locations = dedup.result, dedup.locations
    # positions of unit u are [starts[u], starts[u + 1]): units come in order after --against
    starts = (
        np.searchsorted(locations.unit[dedup.n_reference :], np.arange(len(units) + 1))
        + dedup.n_reference
    )
    # only the ids of kept cluster members are ever named: read just those (not one per document)
    ids = _ids_at(ctx, locations, sorted_unique(result.cluster[result.cluster_size > 1]))
    # the old manifest goes first: no reader may pair it with shards it does not describe; then
    # what earlier runs wrote (old shards, half-written files of a killed run), and nothing else
    ctx.folder.withdraw_manifest()
    ctx.folder.remove_stale()
    ctx.folder.record_all(SIDE_FILES)
    writer = ShardWriter(
        out,
        config.output.shard_rows,
        config.output.shard_bytes,
        config.output.compression,
        on_new_file=ctx.folder.record,
    )
    removed = _RowSink(out / names.REMOVED, REMOVED_SCHEMA, config.output.write_removed)
    filtered = _RowSink(out / names.FILTERED, FILTERED_SCHEMA, config.output.write_filtered)
    duplicates = _RowSink(out / names.DUPLICATES, DUPLICATES_SCHEMA, config.dedup.write_duplicates)
    pii = _RowSink(out / names.PII, PII_SCHEMA, config.pii.enabled)
    lengths_after = array("q")  # 8 bytes a document rather than a Python int
    exact_removed = near_removed = 0
    checkpoint_fields = [f.name for f in SHARD_SCHEMA if f.name not in CLUSTER_FIELDS]
    index_writer = SignatureIndexWriter(out, config.dedup) if config.dedup.near else None
    if index_writer is None:  # an earlier run's index would describe other shards
        (out / names.SIGNATURES).unlink(missing_ok=True)
    for u in progress.bar(units, desc="write", unit="file"):
        table = pq.read_table(
            ctx.checkpoint(u), columns=[*checkpoint_fields, "dropped", "pii", *FILTER_COLUMNS]
        )
        kept_rows: list[int] = []
        position = np.full(table.num_rows, -1, dtype=np.int64)
        lo, hi = starts[u.index], starts[u.index + 1]
        position[locations.row[lo:hi]] = np.arange(lo, hi)
        for row_index, row in enumerate(table.to_pylist()):
            for span in row["removals"] or []:
                removed.add(
                    {
                        "id": row["id"],
                        "site": row["site"],
                        "source": row["source"],
                        "record": row["record"],
                        **span,
                    }
                )
            for span in row.pop("pii") or []:
                pii.add({k: row[k] for k in ("id", "site", "source", "record")} | span)
            why = {column: row.pop(column) for column in FILTER_COLUMNS}
            if row.pop("dropped"):
                filtered.add(
                    {
                        "id": row["id"],
                        "site": row["site"],
                        "source": row["source"],
                        "record": row["record"],
                        "filter": why["filter"],
                        "value": why["filter_value"],
                        "threshold": why["filter_threshold"],
                        "detail": why["filter_detail"],
                        "n_chars": row["n_chars"],
                    }
                )
                continue
            pos = int(position[row_index])
            if not result.keep[pos]:
                kept_id = ids[int(result.cluster[pos])]
                duplicates.add(
                    {
                        "id": row["id"],
                        "kept_id": kept_id,
                        "similarity": result.similarity[pos],
                        "reason": result.reason[pos],
                    }
                )
                if result.reason[pos] == "exact":
                    exact_removed += 1
                else:
                    near_removed += 1
                continue
            if result.cluster_size[pos] > 1:
                row["dup_cluster"] = ids[int(result.cluster[pos])]
                row["dup_cluster_size"] = result.cluster_size[pos]
            else:
                row["dup_cluster"] = None
                row["dup_cluster_size"] = 1
            lengths_after.append(row["n_chars"])
            writer.add(row)
            kept_rows.append(row_index)
        if index_writer is not None:
            index_writer.add(ctx.checkpoint(u), kept_rows)
    shards = writer.close()
    if index_writer is not None:
        index_writer.close()
    removed.close()
    filtered.close()
    duplicates.close()
    pii.close()
    return Written(shards, exact_removed, near_removed, lengths_after)


def finish(
    ctx: RunContext, cleaned: Cleaned, written: Written, started: float, command: str | None
) -> RunResult:
    """errors.jsonl, stats.json, the dataset card, and last manifest.json."""
    out = ctx.out
    error_log = ErrorLog()
    error_log.extend(cleaned.errors)
    error_log.write_jsonl(out / names.ERRORS)
    stats = run_stats(
        cleaned.stats,
        cleaned.errors,
        written.exact_removed,
        written.near_removed,
        written.shards,
        written.lengths_after,
        ctx.config.pii.modes() if ctx.config.pii.enabled else None,
    )
    stats["seconds"] = round(time.time() - started, 2)
    manifest = _manifest(ctx, written.shards)
    manifest["command"] = command
    write_json_atomic(stats, out / names.STATS)
    # every data file with its checksum, for `cleaner verify`; the card reads them, and is
    # listed without one: it is the publisher's to edit
    manifest["side_files"] = [file_entry(out, name) for name in _side_files(ctx)]
    write_card(out, manifest, stats)
    manifest["side_files"].append({"file": names.CARD, "sha256": None, "note": CARD_NOTE})
    write_json_atomic(manifest, out / names.MANIFEST)
    return RunResult(out, manifest, stats, cleaned.errors)


def _manifest(ctx: RunContext, shards: list[ShardInfo]) -> dict[str, Any]:
    config = ctx.config
    return {
        "tool": "cleaner",
        "version": __version__,
        "layout": names.LAYOUT,  # where the files are (cleaner/output/names.py)
        "python": sys.version.split()[0],
        "config": config.as_dict(),
        "config_hash": config.fingerprint(),
        "inputs": [_input_entry(u) for u in ctx.units],
        "shards": [s.as_dict() for s in shards],
        "rows": sum(s.rows for s in shards),
    }


def _side_files(ctx: RunContext) -> list[str]:
    """The data files this run wrote besides the shards (and the card)."""
    config = ctx.config
    return [
        name
        for name, on in (
            (names.REMOVED, config.output.write_removed),
            (names.FILTERED, config.output.write_filtered),
            (names.DUPLICATES, config.dedup.write_duplicates),
            (names.SIGNATURES, config.dedup.near),
            (names.PII, config.pii.enabled),
            (names.ERRORS, True),
            (names.STATS, True),
        )
        if on
    ]


def _input_entry(unit: Unit) -> dict[str, Any]:
    entry: dict[str, Any] = {"file": unit.path, "bytes": unit.size, "sha256": _input_sha256(unit)}
    if unit.stdin:
        # the bytes were read once from a pipe: there is no file to check them against
        entry["sha256_note"] = "standard input is not checksummed"
    elif entry["sha256"] is None and not unit.local and unit.size >= 0:
        entry["sha256_note"] = "the remote file could not be read again to checksum it"
    return entry


def _input_sha256(unit: Unit) -> str | None:
    """The input's checksum, or None when it cannot be read (it is in errors.jsonl then), or
    is standard input. A remote file is streamed once more through fsspec to hash it."""
    if unit.size < 0 or unit.stdin:
        return None
    try:
        if unit.local:
            return sha256_of(Path(unit.path))
        digest = hashlib.sha256()
        source = unit.source()
        assert isinstance(source, InputFile)
        with source.open_raw() as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def _ids_at(ctx: RunContext, locations: Locations, positions: np.ndarray) -> dict[int, str]:
    """{position: document id} for the given positions, read unit by unit."""
    ids: dict[int, str] = {}
    order = positions[np.argsort(locations.unit[positions], kind="stable")]
    bounds = np.flatnonzero(np.diff(locations.unit[order])) + 1
    for group in np.split(order, bounds) if order.size else []:
        unit_index = int(locations.unit[group[0]])
        path = (
            ctx.work / AGAINST_IDS  # ids of the --against dataset, never written again
            if unit_index == len(ctx.units)
            else ctx.checkpoint(ctx.units[unit_index])
        )
        column = pq.read_table(path, columns=["id"]).column("id")
        picked = column.take(pa.array(locations.row[group])).to_pylist()
        ids.update(zip(group.tolist(), picked, strict=True))
    return ids


class _RowSink:
    """Rows written to a Parquet file in batches (memory bounded), renamed into place at close."""

    def __init__(self, path: Path, schema: pa.Schema, enabled: bool, batch: int = 50_000) -> None:
        self.schema, self.batch = schema, batch
        self.rows: list[dict[str, Any]] = []
        self._file = ExitStack()  # renames the file into place at close
        self.writer = (
            pq.ParquetWriter(
                self._file.enter_context(atomic_write(path)), schema, compression="zstd"
            )
            if enabled
            else None
        )

    def add(self, row: dict[str, Any]) -> None:
        if self.writer is None:
            return
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self._flush()

    def _flush(self) -> None:
        assert self.writer is not None
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        if self.writer is None:
            return
        self._flush()
        self.writer.close()
        self._file.close()
