"""Stage 2, over all checkpoints at once: exact and near duplicates, and which copy to keep.

Every kept document of every unit gets a *position* in dedup order: the ``--against`` documents
first (in a pseudo-unit numbered ``len(units)``), then the units in input order. Keys, lengths
and locations are numpy arrays (36 bytes a document, not Python objects); signatures are spilled
to ``work/signatures``; dates are only loaded for ``--keep newest``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cleaner import progress
from cleaner.dedup import DedupResult, MinHasher, deduplicate
from cleaner.dedup.against import load_against
from cleaner.dedup.lsh import SignatureStore, lsh_params
from cleaner.run.plan import RunContext

AGAINST_IDS = "against.parquet"  # in the work folder: the ids of the --against documents


@dataclass(frozen=True)
class Locations:
    """Where the document at each dedup position is: (unit index, row in its checkpoint)."""

    unit: np.ndarray  # int32; len(units) for an --against document
    row: np.ndarray  # int64


@dataclass
class DedupInputs:
    keys: np.ndarray  # (n, 2) uint64: the exact key of each position
    signatures: SignatureStore | None  # None without near dedup
    lengths: np.ndarray  # int64
    dates: list[str | None] | None  # only for --keep newest
    locations: Locations
    n_reference: int  # the first positions are --against documents


@dataclass
class Deduplicated:
    """Stage 2's answer, by position, and where each position is."""

    result: DedupResult
    locations: Locations
    n_reference: int


def run(ctx: RunContext) -> Deduplicated:
    inputs = load_inputs(ctx)
    config = ctx.config.dedup
    with progress.bar(total=1, desc="dedup", unit="stage") as bar:
        result = deduplicate(
            inputs.keys,
            inputs.signatures,
            inputs.lengths,
            threshold=config.threshold,
            keep=config.keep,
            dates=inputs.dates,
            n_reference=inputs.n_reference,
            shingles=shingle_loader(ctx, inputs.locations),
            spill_dir=ctx.work,
        )
        bar.update()
    return Deduplicated(result, inputs.locations, inputs.n_reference)


def load_inputs(ctx: RunContext) -> DedupInputs:
    """Keys, signatures, lengths, dates and locations of every kept document, by position."""
    config, units = ctx.config.dedup, ctx.units
    key_parts: list[np.ndarray] = []
    length_parts: list[np.ndarray] = []
    newest = config.keep == "newest"
    dates: list[str | None] = []
    loc_units: list[np.ndarray] = [np.zeros(0, np.int32)]
    loc_rows: list[np.ndarray] = [np.zeros(0, np.int64)]
    store = None
    if config.near:
        _, rows = lsh_params(config.threshold, config.num_perm)
        store = SignatureStore(config.num_perm, rows, ctx.work / "signatures")
    n_reference = 0
    if config.against:
        ref = load_against(Path(config.against), config, ctx.work / AGAINST_IDS)
        n_reference = len(ref.keys)
        key_parts.append(_key_rows(ref.keys))
        length_parts.append(np.asarray(ref.lengths, dtype=np.int64))
        dates.extend([None] * len(ref.keys) if newest else [])
        loc_units.append(np.full(len(ref.keys), len(units), np.int32))
        loc_rows.append(np.arange(len(ref.keys), dtype=np.int64))
        if store is not None:
            store.append(ref.signatures)
    columns = ["exact_key", "n_chars", "date", "dropped"] + (["signature"] if config.near else [])
    for u in units:
        table = pq.read_table(ctx.checkpoint(u), columns=columns)
        kept_rows = np.flatnonzero(~table.column("dropped").to_numpy(zero_copy_only=False))
        if not kept_rows.size:
            continue
        table = table.take(pa.array(kept_rows))
        key_parts.append(_key_rows(table.column("exact_key").to_pylist()))
        length_parts.append(table.column("n_chars").to_numpy().astype(np.int64))
        if newest:
            dates.extend(table.column("date").to_pylist())
        loc_units.append(np.full(kept_rows.size, u.index, np.int32))
        loc_rows.append(kept_rows.astype(np.int64))
        if store is not None:
            flat = (
                table.column("signature").combine_chunks().flatten().to_numpy(zero_copy_only=False)
            )
            store.append(flat.reshape(len(kept_rows), config.num_perm))
    if store is not None:
        store.close()
    keys = np.vstack(key_parts) if key_parts else np.zeros((0, 2), np.uint64)
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, np.int64)
    if not config.exact:
        # without exact dedup every document gets a distinct key
        keys = np.stack([np.arange(len(keys), dtype=np.uint64), np.zeros(len(keys), np.uint64)], 1)
    locations = Locations(np.concatenate(loc_units), np.concatenate(loc_rows))
    return DedupInputs(keys, store, lengths, dates if newest else None, locations, n_reference)


def _key_rows(keys: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(keys), dtype=np.uint64).reshape(-1, 2)


def shingle_loader(
    ctx: RunContext, locations: Locations
) -> Callable[[np.ndarray], list[np.ndarray | None]] | None:
    """Shingle sets of documents by position, read back from the checkpoints (exact checks of
    pairs near the threshold). ``--against`` documents have no text here: None."""
    config, units = ctx.config.dedup, ctx.units
    if not config.near:
        return None
    hasher = MinHasher(config.num_perm, config.shingle_size)

    def load(positions: np.ndarray) -> list[np.ndarray | None]:
        wanted: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for k, pos in enumerate(positions.tolist()):
            unit_index, row = int(locations.unit[pos]), int(locations.row[pos])
            if unit_index < len(units):
                wanted[unit_index].append((k, row))
        texts: list[str | None] = [None] * len(positions)
        for unit_index, items in wanted.items():
            column = pq.read_table(ctx.checkpoint(units[unit_index]), columns=["text"])
            picked = column.column("text").take(pa.array([row for _, row in items])).to_pylist()
            for (k, _), text in zip(items, picked, strict=True):
                texts[k] = text
        present = [t for t in texts if t is not None]
        sets = iter(hasher.shingle_sets(present))
        return [next(sets) if t is not None else None for t in texts]

    return load
