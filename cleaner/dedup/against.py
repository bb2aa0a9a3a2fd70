"""Dedup across runs: the signature index an output carries, and loading it for ``--against``.

Every run with near dedup writes ``index/signatures.parquet`` beside its shards: one row per published
document (id, exact key, length, MinHash signature) and, in the file metadata, how the
signatures were made. A later run given ``--against THAT_OUTPUT`` loads it (about 600 bytes a
document, no text to re-read or re-hash) and removes its own documents that duplicate one of
them. An output without the index, or signed with other parameters, is re-signed from its
shards' text instead: slower, same result. Outputs of the layout before ``data/`` are read
where their files are.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from cleaner.dedup.minhash import MinHasher, exact_key
from cleaner.io.atomic import atomic_write
from cleaner.output import names
from cleaner.output.verify import folder_layout, load_manifest

SCHEME = "oph-densified-v1"  # bump when signatures change meaning
INDEX_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("exact_key", pa.binary(16)),
        ("n_chars", pa.int64()),
        ("signature", pa.list_(pa.uint32())),
    ]
)


def _params(config: Any) -> dict[str, Any]:
    return {"scheme": SCHEME, "num_perm": config.num_perm, "shingle_size": config.shingle_size}


@dataclass
class Reference:
    ids: list[str]
    keys: list[bytes]
    lengths: list[int]
    signatures: np.ndarray


class SignatureIndexWriter:
    """Streams the kept rows' signatures from each checkpoint into ``signatures.parquet``."""

    def __init__(self, out: Path, config: Any) -> None:
        self._file = ExitStack()  # renames the file into place at close
        tmp = self._file.enter_context(atomic_write(out / names.SIGNATURES))
        schema = INDEX_SCHEMA.with_metadata({"cleaner.signatures": json.dumps(_params(config))})
        self.writer = pq.ParquetWriter(tmp, schema, compression="zstd")

    def add(self, checkpoint: Path, rows: list[int]) -> None:
        if not rows:
            return
        table = pq.read_table(checkpoint, columns=INDEX_SCHEMA.names).take(pa.array(rows))
        self.writer.write_table(table.cast(self.writer.schema))

    def close(self) -> None:
        self.writer.close()
        self._file.close()


def load_against(previous: Path, config: Any, ids_path: Path) -> Reference:
    """The published documents of ``previous``; their ids are saved to ``ids_path``."""
    if not previous.is_dir():
        raise ValueError(f"--against {previous}: not an output folder")
    index = previous / names.located(names.SIGNATURES, folder_layout(previous))
    meta = pq.read_schema(index).metadata or {} if index.exists() else {}
    recorded = json.loads(meta.get(b"cleaner.signatures", b"{}"))
    if recorded == _params(config):
        table = pq.read_table(index)
        flat = table.column("signature").combine_chunks().flatten().to_numpy(zero_copy_only=False)
        ref = Reference(
            table.column("id").to_pylist(),
            table.column("exact_key").to_pylist(),
            table.column("n_chars").to_pylist(),
            flat.reshape(table.num_rows, config.num_perm).astype(np.uint32),
        )
    else:
        ref = _from_shards(previous, config)
    pq.write_table(pa.table({"id": pa.array(ref.ids, pa.string())}), ids_path)
    return ref


def _shards(previous: Path) -> list[Path]:
    """The shards of an output: those its manifest lists, or without one those its layout's
    pattern finds."""
    try:
        manifest = load_manifest(previous)
    except ValueError:
        return sorted(previous.glob(names.shard_glob(folder_layout(previous))))
    return [previous / shard["file"] for shard in manifest["shards"]]


def _from_shards(previous: Path, config: Any) -> Reference:
    shards = _shards(previous)
    if not shards:
        raise ValueError(
            f"--against {previous}: no {names.SIGNATURES} and no {names.SHARD_GLOB} shards"
        )
    hasher = MinHasher(config.num_perm, config.shingle_size)
    ref = Reference([], [], [], np.zeros((0, config.num_perm), np.uint32))
    sigs = []
    for shard in shards:
        table = pq.read_table(shard, columns=["id", "text"])
        texts = table.column("text").to_pylist()
        ref.ids.extend(table.column("id").to_pylist())
        ref.keys.extend(exact_key(t) for t in texts)
        ref.lengths.extend(len(t) for t in texts)
        sigs.append(hasher.signatures(texts))
    ref.signatures = np.vstack(sigs)
    return ref
