"""read → clean → dedup → write, wired together.

Stage 1 runs per input file (in parallel, locally or on Ray) and leaves one checkpoint per file
in ``OUT/.work/``: the cleaned documents with their dedup keys, and the file's statistics and
errors. Stage 2 decides duplicates over all checkpoints. Stage 3 writes the shards in input order,
so the output does not depend on the number of workers or on completion order. A run that is
killed can be resumed: finished checkpoints are reused, unfinished ones redone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import sys
import time
from array import array
from collections import Counter, defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from cleaner import __version__
from cleaner.boilerplate import BoilerplateCleaner, templates
from cleaner.config import Config
from cleaner.dedup import MinHasher, deduplicate, exact_key
from cleaner.dedup.against import SignatureIndexWriter, load_against
from cleaner.dedup.lsh import SignatureStore, lsh_params, sorted_unique
from cleaner.document import Document, Removal
from cleaner.engines import get_engine
from cleaner.io.atomic import atomic_write, write_json_atomic
from cleaner.io.errors import ErrorLog, InputError
from cleaner.io.readers import expand_inputs, read_documents
from cleaner.io.shards import (
    DUPLICATES_SCHEMA,
    REMOVED_SCHEMA,
    SHARD_SCHEMA,
    ShardWriter,
    document_row,
    sha256_of,
    write_table_atomic,
)
from cleaner.output.card import write_card

WORK_DIR = ".work"
UNIT_SCHEMA = pa.schema(
    [
        *[f for f in SHARD_SCHEMA if f.name not in {"dup_cluster", "dup_cluster_size"}],
        pa.field("original_chars", pa.int64()),
        pa.field("exact_key", pa.binary(16)),
        pa.field("signature", pa.list_(pa.uint32())),
        pa.field("date", pa.string()),
    ]
)


class ResumeMismatch(RuntimeError):
    pass


@dataclass
class Unit:
    index: int
    path: str
    size: int
    mtime_ns: int

    @property
    def key(self) -> str:
        return f"u{self.index:06d}"


@dataclass
class UnitStats:
    docs_read: int = 0
    docs_short: int = 0
    docs_kept: int = 0
    chars_in: int = 0
    chars_after_clean: int = 0
    rule_docs: Counter[str] = field(default_factory=Counter)
    rule_lines: Counter[str] = field(default_factory=Counter)
    rule_chars: Counter[str] = field(default_factory=Counter)
    length_bins: Counter[int] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "docs_read": self.docs_read,
            "docs_short": self.docs_short,
            "docs_kept": self.docs_kept,
            "chars_in": self.chars_in,
            "chars_after_clean": self.chars_after_clean,
            "rule_docs": dict(self.rule_docs),
            "rule_lines": dict(self.rule_lines),
            "rule_chars": dict(self.rule_chars),
            "length_bins": {str(k): v for k, v in sorted(self.length_bins.items())},
        }


# --- stage 1: read and clean one file -------------------------------------------------------------


def build_cleaner(
    config: Config, template_filter: templates.TemplateFilter | None = None
) -> BoilerplateCleaner | None:
    if not config.clean.enabled:
        return None
    extra = [template_filter] if template_filter is not None else []
    return BoilerplateCleaner(config.clean.detectors, config.clean.disable, extra)


def process_unit(unit: Unit, config: Config, work: Path) -> str:
    """Read, clean and sign one input file; leave its checkpoint in ``work``. Returns the key."""
    errors = ErrorLog()
    stats = UnitStats()
    template_filter = templates.filter_for(config, work)
    cleaner = build_cleaner(config, template_filter)
    hasher = (
        MinHasher(config.dedup.num_perm, config.dedup.shingle_size) if config.dedup.near else None
    )
    rows: list[dict[str, Any]] = []
    texts: list[str] = []  # kept texts, signed together at the end (bulk hashing is the fast path)
    for doc in read_documents(Path(unit.path), config.input, errors):
        stats.docs_read += 1
        original_chars = len(doc.text)
        stats.chars_in += original_chars
        stats.length_bins[original_chars.bit_length()] += 1
        try:
            if template_filter is not None:
                template_filter.select(doc)
            if cleaner is not None:
                cleaner.clean(doc)
        except Exception as exc:  # a detector bug must not cost the rest of the file
            errors.add(unit.path, doc.record, f"cleaning failed: {type(exc).__name__}: {exc}")
            continue
        for removal in doc.removals:
            stats.rule_lines[removal.rule] += removal.n_lines
            stats.rule_chars[removal.rule] += len(removal.text)
        for rule in doc.removed_rules:
            stats.rule_docs[rule] += 1
        if len(doc.text.strip()) < config.clean.min_chars:
            stats.docs_short += 1
            stats.rule_docs["min_chars"] += 1
            stats.rule_chars["min_chars"] += len(doc.text)
            stats.rule_lines["min_chars"] += doc.text.count("\n") + 1
            # the removed spans still go to the audit file, marked as dropped
            rows.append(_unit_row(doc, original_chars, None, config.dedup.date_field, dropped=True))
            continue
        stats.docs_kept += 1
        stats.chars_after_clean += len(doc.text)
        rows.append(_unit_row(doc, original_chars, None, config.dedup.date_field, dropped=False))
        texts.append(doc.text)
    if hasher is not None and texts:
        signed = iter(hasher.signatures(texts).tolist())
        for row in rows:
            if not row["dropped"]:
                row["signature"] = next(signed)
    table = pa.Table.from_pylist(rows, schema=UNIT_SCHEMA.append(pa.field("dropped", pa.bool_())))
    write_table_atomic(table, work / f"{unit.key}.parquet", "zstd")
    # the JSON is written last: its presence marks the checkpoint as complete
    write_json_atomic(
        {
            "unit": unit.__dict__,
            "stats": stats.as_dict(),
            "errors": [e.as_dict() for e in errors.items],
        },
        work / f"{unit.key}.json",
    )
    return unit.key


def _unit_row(
    doc: Document,
    original_chars: int,
    signature: np.ndarray | None,
    date_field: str,
    dropped: bool,
) -> dict[str, Any]:
    row = document_row(doc)
    row.pop("dup_cluster")
    row.pop("dup_cluster_size")
    date = doc.metadata.get(date_field)  # --date-field, for --keep newest
    row.update(
        original_chars=original_chars,
        exact_key=exact_key(doc.text),
        signature=signature.tolist() if signature is not None else None,
        date=str(date) if date is not None else None,
        dropped=dropped,
    )
    return row


# --- planning and resume ----------------------------------------------------------------------------


def plan_units(inputs: list[str], config: Config) -> list[Unit]:
    units = []
    for index, path in enumerate(expand_inputs(inputs, config.input.format)):
        try:
            st = path.stat()
            # size -1 marks what cannot be hashed (a FIFO would block the manifest's sha256)
            size = st.st_size if stat.S_ISREG(st.st_mode) else -1
            units.append(Unit(index, str(path), size, st.st_mtime_ns))
        except OSError:
            units.append(Unit(index, str(path), -1, -1))
    return units


def _plan_fingerprint(units: list[Unit], config: Config) -> str:
    # the tool version is part of it: checkpoints of another version may have another layout
    blob = (
        json.dumps([[u.path, u.size, u.mtime_ns] for u in units])
        + config.fingerprint()
        + __version__
    )
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def prepare_work_dir(out: Path, units: list[Unit], config: Config, resume: bool) -> Path:
    work = out / WORK_DIR
    fingerprint = _plan_fingerprint(units, config)
    plan_file = work / "plan.json"
    if resume and plan_file.exists():
        recorded = json.loads(plan_file.read_text(encoding="utf-8")).get("fingerprint")
        if recorded != fingerprint:
            raise ResumeMismatch(
                f"{out}: the inputs or the configuration changed since the interrupted run; "
                "run again without --resume to start over"
            )
        return work
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    write_json_atomic({"fingerprint": fingerprint, "version": __version__}, plan_file)
    return work


def finished_units(work: Path, units: list[Unit]) -> set[str]:
    return {
        u.key
        for u in units
        if (work / f"{u.key}.json").exists() and (work / f"{u.key}.parquet").exists()
    }


# --- the run ----------------------------------------------------------------------------------------


@dataclass
class RunResult:
    out: Path
    manifest: dict[str, Any]
    stats: dict[str, Any]
    errors: list[InputError]

    @property
    def n_errors(self) -> int:
        return sum(1 for e in self.errors if e.severity == "error")


def run(
    inputs: list[str],
    out: Path,
    config: Config,
    *,
    resume: bool = False,
    engine: str = "local",
    command: str | None = None,
    keep_work: bool = False,
) -> RunResult:
    started = time.time()
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(
        out / f"{WORK_DIR}.trash", ignore_errors=True
    )  # left by a run killed while cleaning up
    units = plan_units(inputs, config)
    work = prepare_work_dir(out, units, config, resume)
    done = finished_units(work, units)
    todo = [u for u in units if u.key not in done]
    mapper = get_engine(engine)
    templates.prepare(units, config, work, mapper, resume)
    task = partial(process_unit, config=config, work=work)
    for _ in mapper(task, todo, config.workers, "read+clean"):
        pass

    unit_meta = [json.loads((work / f"{u.key}.json").read_text(encoding="utf-8")) for u in units]
    errors = [InputError(**e) for meta in unit_meta for e in meta["errors"]]
    errors.extend(_duplicate_ids(work, units))

    keys, signatures, lengths, dates, locations = _load_dedup_inputs(work, units, config)
    n_reference = int((locations[0] == len(units)).sum())
    with tqdm(total=1, desc="dedup", unit="stage", dynamic_ncols=True) as bar:
        result = deduplicate(
            keys,
            signatures,
            lengths,
            threshold=config.dedup.threshold,
            keep=config.dedup.keep,
            dates=dates,
            n_reference=n_reference,
            shingles=_shingle_loader(work, units, config, locations),
            spill_dir=work,
        )
        bar.update()

    manifest, stats = _write_outputs(out, work, units, config, result, locations, unit_meta, errors)
    stats["seconds"] = round(time.time() - started, 2)
    manifest["command"] = command
    write_json_atomic(stats, out / "stats.json")
    # the card reads the side files written above, and is itself listed in the manifest
    manifest["side_files"].append(write_card(out, manifest, stats).name)
    write_json_atomic(manifest, out / "manifest.json")
    if not keep_work:
        _discard(work)
    return RunResult(out, manifest, stats, errors)


def _discard(work: Path) -> None:
    """Remove the work folder so that a kill at any moment leaves it whole or gone: renamed
    away first (atomic), then deleted. A half-deleted folder would make --resume start over."""
    trash = work.with_name(work.name + ".trash")
    shutil.rmtree(trash, ignore_errors=True)
    work.rename(trash)
    shutil.rmtree(trash, ignore_errors=True)


def _duplicate_ids(work: Path, units: list[Unit]) -> list[InputError]:
    """A warning for every record whose id an earlier record already had (both are kept)."""
    first: dict[str, tuple[str, int]] = {}
    found: list[InputError] = []
    for u in units:
        table = pq.read_table(work / f"{u.key}.parquet", columns=["id", "record"])
        for doc_id, record in zip(
            table.column("id").to_pylist(), table.column("record").to_pylist(), strict=True
        ):
            if doc_id not in first:
                first[doc_id] = (u.path, record)
                continue
            where, at = first[doc_id]
            reason = f"duplicate id {doc_id!r} (first used by {where} record {at})"
            found.append(InputError(u.path, record, reason, "warning"))
    return found


def _load_dedup_inputs(
    work: Path, units: list[Unit], config: Config
) -> tuple[np.ndarray, SignatureStore | None, np.ndarray, list[str | None] | None, Locations]:
    """Keys, signatures (spilled to ``work/signatures``), lengths, dates and (unit, row) of every
    document. Documents of ``--against`` come first, located in a pseudo-unit ``len(units)``.
    Keys, lengths and locations are numpy arrays (36 bytes a document, not Python objects);
    dates are only loaded for ``--keep newest``."""
    key_parts: list[np.ndarray] = []
    length_parts: list[np.ndarray] = []
    newest = config.dedup.keep == "newest"
    dates: list[str | None] = []
    loc_units: list[np.ndarray] = [np.zeros(0, np.int32)]
    loc_rows: list[np.ndarray] = [np.zeros(0, np.int64)]
    store = None
    if config.dedup.near:
        _, rows = lsh_params(config.dedup.threshold, config.dedup.num_perm)
        store = SignatureStore(config.dedup.num_perm, rows, work / "signatures")
    if config.dedup.against:
        ref = load_against(Path(config.dedup.against), config.dedup, work / "against.parquet")
        key_parts.append(_key_rows(ref.keys))
        length_parts.append(np.asarray(ref.lengths, dtype=np.int64))
        dates.extend([None] * len(ref.keys) if newest else [])
        loc_units.append(np.full(len(ref.keys), len(units), np.int32))
        loc_rows.append(np.arange(len(ref.keys), dtype=np.int64))
        if store is not None:
            store.append(ref.signatures)
    columns = ["exact_key", "n_chars", "date", "dropped"] + (
        ["signature"] if config.dedup.near else []
    )
    for u in units:
        table = pq.read_table(work / f"{u.key}.parquet", columns=columns)
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
            store.append(flat.reshape(len(kept_rows), config.dedup.num_perm))
    if store is not None:
        store.close()
    keys = np.vstack(key_parts) if key_parts else np.zeros((0, 2), np.uint64)
    lengths = np.concatenate(length_parts) if length_parts else np.zeros(0, np.int64)
    if not config.dedup.exact:
        # without exact dedup every document gets a distinct key
        keys = np.stack([np.arange(len(keys), dtype=np.uint64), np.zeros(len(keys), np.uint64)], 1)
    locations = (np.concatenate(loc_units), np.concatenate(loc_rows))
    return keys, store, lengths, dates if newest else None, locations


# (unit index, row in its checkpoint) of every dedup position, as two arrays
Locations = tuple[np.ndarray, np.ndarray]


def _key_rows(keys: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(keys), dtype=np.uint64).reshape(-1, 2)


def _shingle_loader(work: Path, units: list[Unit], config: Config, locations: Locations) -> Any:
    """Shingle sets of documents by position, read back from the checkpoints (exact checks of
    pairs near the threshold). ``--against`` documents have no text here: None."""
    if not config.dedup.near:
        return None
    hasher = MinHasher(config.dedup.num_perm, config.dedup.shingle_size)

    def load(positions: np.ndarray) -> list[np.ndarray | None]:
        wanted: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for k, pos in enumerate(positions.tolist()):
            unit_index, row = int(locations[0][pos]), int(locations[1][pos])
            if unit_index < len(units):
                wanted[unit_index].append((k, row))
        texts: list[str | None] = [None] * len(positions)
        for unit_index, items in wanted.items():
            column = pq.read_table(work / f"{units[unit_index].key}.parquet", columns=["text"])
            picked = column.column("text").take(pa.array([row for _, row in items])).to_pylist()
            for (k, _), text in zip(items, picked, strict=True):
                texts[k] = text
        present = [t for t in texts if t is not None]
        sets = iter(hasher.shingle_sets(present))
        return [next(sets) if t is not None else None for t in texts]

    return load


def _write_outputs(
    out: Path,
    work: Path,
    units: list[Unit],
    config: Config,
    result: Any,
    locations: Locations,
    unit_meta: list[dict[str, Any]],
    errors: list[InputError],
) -> tuple[dict[str, Any], dict[str, Any]]:
    loc_unit, loc_row = locations
    n_reference = int((loc_unit == len(units)).sum())
    # positions of unit u are [starts[u], starts[u + 1]): units come in order after --against
    starts = np.searchsorted(loc_unit[n_reference:], np.arange(len(units) + 1)) + n_reference
    # only the ids of kept cluster members are ever named: read just those (not one per document)
    ids = _ids_at(work, units, locations, sorted_unique(result.cluster[result.cluster_size > 1]))
    writer = ShardWriter(
        out, config.output.shard_rows, config.output.shard_bytes, config.output.compression
    )
    # earlier runs' shards, and half-written files of a killed run, would otherwise linger
    for stale in [*out.glob("part-*.parquet"), *out.glob("*.tmp")]:
        stale.unlink()
    removed = _RowSink(out / "removed.parquet", REMOVED_SCHEMA, config.output.write_removed)
    duplicates = _RowSink(
        out / "duplicates.parquet", DUPLICATES_SCHEMA, config.dedup.write_duplicates
    )
    lengths_after = array("q")  # 8 bytes a document rather than a Python int
    exact_removed = near_removed = 0
    shard_fields = [
        f.name for f in SHARD_SCHEMA if f.name not in {"dup_cluster", "dup_cluster_size"}
    ]
    index_writer = SignatureIndexWriter(out, config.dedup) if config.dedup.near else None
    if index_writer is None:  # an earlier run's index would describe other shards
        (out / "signatures.parquet").unlink(missing_ok=True)
    for u in tqdm(units, desc="write", unit="file", dynamic_ncols=True):
        table = pq.read_table(work / f"{u.key}.parquet", columns=[*shard_fields, "dropped"])
        kept_rows: list[int] = []
        position = np.full(table.num_rows, -1, dtype=np.int64)
        lo, hi = starts[u.index], starts[u.index + 1]
        position[loc_row[lo:hi]] = np.arange(lo, hi)
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
            if row.pop("dropped"):
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
            index_writer.add(work / f"{u.key}.parquet", kept_rows)
    shards = writer.close()
    if index_writer is not None:
        index_writer.close()

    removed.close()
    duplicates.close()
    error_log = ErrorLog()
    error_log.extend(errors)
    error_log.write_jsonl(out / "errors.jsonl")

    stats = _aggregate_stats(unit_meta, errors, exact_removed, near_removed, shards, lengths_after)
    manifest = {
        "tool": "cleaner",
        "version": __version__,
        "python": sys.version.split()[0],
        "config": config.as_dict(),
        "config_hash": config.fingerprint(),
        "inputs": [
            {
                "file": u.path,
                "bytes": u.size,
                "sha256": _input_sha256(u),
            }
            for u in units
        ],
        "shards": [s.as_dict() for s in shards],
        "rows": sum(s.rows for s in shards),
        "side_files": [
            name
            for name, on in (
                ("removed.parquet", config.output.write_removed),
                ("duplicates.parquet", config.dedup.write_duplicates),
                ("signatures.parquet", config.dedup.near),
                ("errors.jsonl", True),
                ("stats.json", True),
            )
            if on
        ],
    }
    return manifest, stats


def _input_sha256(unit: Unit) -> str | None:
    """The input's checksum, or None when it cannot be read (it is in errors.jsonl then)."""
    if unit.size < 0:
        return None
    try:
        return sha256_of(Path(unit.path))
    except OSError:
        return None


def _ids_at(work: Path, units: list[Unit], locations: Locations, positions: np.ndarray) -> dict:
    """{position: document id} for the given positions, read unit by unit."""
    loc_unit, loc_row = locations
    ids: dict[int, str] = {}
    order = positions[np.argsort(loc_unit[positions], kind="stable")]
    bounds = np.flatnonzero(np.diff(loc_unit[order])) + 1
    for group in np.split(order, bounds) if order.size else []:
        unit_index = int(loc_unit[group[0]])
        path = (
            work / "against.parquet"  # ids of the --against dataset, never written again
            if unit_index == len(units)
            else work / f"{units[unit_index].key}.parquet"
        )
        column = pq.read_table(path, columns=["id"]).column("id")
        picked = column.take(pa.array(loc_row[group])).to_pylist()
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


def _aggregate_stats(
    unit_meta: list[dict[str, Any]],
    errors: list[InputError],
    exact_removed: int,
    near_removed: int,
    shards: list[Any],
    lengths_after: list[int],
) -> dict[str, Any]:
    rule_docs: Counter[str] = Counter()
    rule_lines: Counter[str] = Counter()
    rule_chars: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    bins_before: Counter[int] = Counter()
    for meta in unit_meta:
        s = meta["stats"]
        for key in ("docs_read", "docs_short", "docs_kept", "chars_in", "chars_after_clean"):
            totals[key] += s[key]
        rule_docs.update(s["rule_docs"])
        rule_lines.update(s["rule_lines"])
        rule_chars.update(s["rule_chars"])
        bins_before.update({int(k): v for k, v in s["length_bins"].items()})
    per_rule = defaultdict(dict)
    for rule in sorted(set(rule_lines) | set(rule_docs)):
        per_rule[rule] = {
            "docs": rule_docs[rule],
            "lines": rule_lines[rule],
            "chars": rule_chars[rule],
        }
    docs_out = sum(s.rows for s in shards)
    return {
        "stages": {
            "read": {
                "docs": totals["docs_read"],
                "chars": totals["chars_in"],
                "errors": sum(1 for e in errors if e.severity == "error"),
                "warnings": sum(1 for e in errors if e.severity == "warning"),
            },
            "clean": {
                "chars_removed": totals["chars_in"]
                - totals["chars_after_clean"]
                - rule_chars["min_chars"]
            },
            "filter": {"docs_removed": totals["docs_short"]},
            "exact_dedup": {"docs_removed": exact_removed},
            "near_dedup": {"docs_removed": near_removed},
            "write": {
                "docs": docs_out,
                "shards": len(shards),
                "bytes": sum(s.bytes for s in shards),
            },
        },
        "rules": dict(per_rule),
        "lengths": {
            "before": _histogram_summary(bins_before, totals["chars_in"]),
            "after": _histogram_summary(
                Counter(n.bit_length() for n in lengths_after), sum(lengths_after)
            ),
        },
    }


def _histogram_summary(bins: Counter[int], chars: int) -> dict[str, Any]:
    """Document count per power-of-two length bucket: bucket k holds lengths in [2^(k-1), 2^k)."""
    docs = sum(bins.values())
    return {
        "docs": docs,
        "chars": chars,
        "mean": round(chars / docs, 1) if docs else 0.0,
        "histogram": {f"<{1 << k}": bins[k] for k in sorted(bins)},
    }


def clean_document(text: str, config: Config | None = None) -> tuple[str, list[Removal]]:
    """Clean one text with the configured detectors (what ``cleaner clean`` does)."""
    cleaner = build_cleaner(config or Config()) or BoilerplateCleaner()
    return cleaner.clean_text(text)
