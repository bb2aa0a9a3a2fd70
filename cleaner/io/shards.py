"""Parquet shards for training and publishing: bounded in rows and bytes, written atomically.

The published schema and the schemas of the side files written beside the shards live here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from cleaner.document import Document
from cleaner.io.atomic import atomic_write
from cleaner.output.names import shard_name

REMOVAL_TYPE = pa.struct(
    [
        ("rule", pa.string()),
        ("first_line", pa.int32()),
        ("last_line", pa.int32()),
        ("text", pa.string()),
    ]
)

# The published schema. Changing it is a breaking change for users: document it in README.md.
SHARD_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("source", pa.string()),
        ("record", pa.int64()),
        ("n_chars", pa.int32()),
        ("n_lines", pa.int32()),
        ("removed_rules", pa.list_(pa.string())),
        ("removed_lines", pa.int32()),
        ("removed_chars", pa.int32()),
        ("removals", pa.list_(REMOVAL_TYPE)),
        # a text-and-data-mining / AI-training reservation in the original text: the notice
        # line as written and its 0-based line number; both null when there is none
        ("rights_reservation", pa.string()),
        ("rights_reservation_line", pa.int32()),
        ("dup_cluster", pa.string()),
        ("dup_cluster_size", pa.int32()),
        ("metadata", pa.string()),
    ]
)

# the shards of outputs written before the rights columns (the layout without data/): still
# verified as they were written
EARLIER_SHARD_SCHEMA = pa.schema(
    [f for f in SHARD_SCHEMA if f.name not in ("rights_reservation", "rights_reservation_line")]
)


# The columns the dedup stage fills in; every other shard column comes from the document itself.
CLUSTER_FIELDS = ("dup_cluster", "dup_cluster_size")

# removed.parquet: one row per removed block
REMOVED_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("site", pa.string()),
        ("source", pa.string()),
        ("record", pa.int64()),
        ("rule", pa.string()),
        ("first_line", pa.int32()),
        ("last_line", pa.int32()),
        ("text", pa.string()),
    ]
)
# a replacement of personal data (cleaner.document.PiiSpan), never the value itself
PII_SPAN_TYPE = pa.struct(
    [
        ("type", pa.string()),
        ("rule", pa.string()),
        ("action", pa.string()),
        ("removal", pa.int32()),
        ("start", pa.int32()),
        ("end", pa.int32()),
    ]
)
# pii.parquet: one row per replacement; start/end are in the published text (removal null) or
# in the text of the document's removals[removal]
PII_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("site", pa.string()),
        ("source", pa.string()),
        ("record", pa.int64()),
        *[(f.name, f.type) for f in PII_SPAN_TYPE],
    ]
)
# filtered.parquet: one row per document dropped whole after cleaning (its text stays out: see
# removed.parquet for its removed lines, and the input file and record number for the rest)
FILTERED_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("site", pa.string()),
        ("source", pa.string()),
        ("record", pa.int64()),
        ("filter", pa.string()),  # the reason: reserved, min_chars, pii or the first filter failed
        ("value", pa.float64()),  # what that filter measured on the cleaned text
        ("threshold", pa.float64()),
        ("detail", pa.string()),  # the spam lexicon's evidence, the reservation kind; or null
        ("n_chars", pa.int32()),  # characters of the cleaned text that was dropped
    ]
)
# duplicates.parquet: one row per dropped duplicate
DUPLICATES_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("kept_id", pa.string()),
        ("similarity", pa.float32()),
        ("reason", pa.string()),
    ]
)


def document_row(doc: Document) -> dict[str, Any]:
    """The shard columns a document determines by itself: all but ``CLUSTER_FIELDS``."""
    return {
        "id": doc.id,
        "text": doc.text,
        "url": doc.url,
        "site": doc.site,
        "source": Path(doc.source).name if doc.source else None,
        "record": doc.record,
        "n_chars": len(doc.text),
        "n_lines": doc.text.count("\n") + 1 if doc.text else 0,
        "removed_rules": doc.removed_rules,
        "removed_lines": doc.removed_lines,
        "removed_chars": doc.removed_chars,
        "removals": [r.as_dict() for r in doc.removals],
        "rights_reservation": doc.rights.notice if doc.rights else None,
        "rights_reservation_line": doc.rights.line if doc.rights else None,
        "metadata": json.dumps(doc.metadata, ensure_ascii=False, default=str, sort_keys=True)
        if doc.metadata
        else None,
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(folder: Path, name: str) -> dict[str, Any]:
    """A manifest entry for the file ``name`` (relative to ``folder``): size and sha256."""
    path = folder / name
    return {"file": name, "bytes": path.stat().st_size, "sha256": sha256_of(path)}


@dataclass(frozen=True)
class ShardInfo:
    file: str
    rows: int
    bytes: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "bytes": self.bytes, "sha256": self.sha256}


def write_table_atomic(table: pa.Table, path: Path, compression: str = "zstd") -> None:
    with atomic_write(path) as tmp:
        pq.write_table(table, tmp, compression=compression)


class ShardWriter:
    """Buffers rows and cuts a new shard (``shard_name``: ``data/train-NNNNN.parquet``) at
    ``max_rows`` or ``max_bytes``.

    Size is estimated from the uncompressed UTF-8 content of a row (its text, the removed spans
    and the other fields). Compression usually makes files smaller than that, but every Parquet
    file also carries some kilobytes of schema and statistics, so very small limits give files
    a little over the limit.
    """

    def __init__(
        self,
        folder: Path,
        max_rows: int = 100_000,
        max_bytes: int = 256 * 1024 * 1024,
        compression: str = "zstd",
        schema: pa.Schema = SHARD_SCHEMA,
        on_new_file: Callable[[str], None] | None = None,
    ) -> None:
        self.folder = folder
        self.on_new_file = on_new_file  # told each shard's name before its file is created
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.compression = compression
        self.schema = schema
        self.shards: list[ShardInfo] = []
        self._rows: list[dict[str, Any]] = []
        self._bytes = 0
        folder.mkdir(parents=True, exist_ok=True)

    def add(self, row: dict[str, Any]) -> None:
        size = _row_bytes(row)
        if self._rows and (len(self._rows) >= self.max_rows or self._bytes + size > self.max_bytes):
            self.flush()
        self._rows.append(row)
        self._bytes += size

    def flush(self) -> None:
        if not self._rows:
            return
        name = shard_name(len(self.shards))
        path = self.folder / name
        if self.on_new_file is not None:
            self.on_new_file(name)
        table = pa.Table.from_pylist(self._rows, schema=self.schema)
        write_table_atomic(table, path, self.compression)
        self.shards.append(ShardInfo(name, len(self._rows), path.stat().st_size, sha256_of(path)))
        self._rows, self._bytes = [], 0

    def close(self) -> list[ShardInfo]:
        self.flush()
        return self.shards


def _row_bytes(row: dict[str, Any]) -> int:
    size = 0
    for value in row.values():
        if isinstance(value, str):
            size += len(value.encode("utf-8"))
        elif isinstance(value, list):
            size += sum(
                len(item.get("text", "").encode("utf-8")) + 16
                if isinstance(item, dict)
                else len(str(item))
                for item in value
            )
        else:
            size += 8
    return size
