"""Parquet exports such as FineWeb-2-style dumps (``text``, ``id``, ``url``, ``date``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from cleaner.io.errors import ErrorLog


def read_parquet(
    path: Path, errors: ErrorLog, text_field: str, batch_rows: int = 2048
) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        errors.add(path, None, f"not a readable Parquet file: {exc}")
        return
    if text_field not in pf.schema_arrow.names:
        errors.add(
            path,
            None,
            f"no {text_field!r} column (columns: {', '.join(pf.schema_arrow.names)})",
        )
        return
    record = 0
    try:
        for batch in pf.iter_batches(batch_size=batch_rows):
            for row in batch.to_pylist():
                yield record, row
                record += 1
    except Exception as exc:
        errors.add(path, None, f"Parquet file unreadable after record {record}: {exc}")
