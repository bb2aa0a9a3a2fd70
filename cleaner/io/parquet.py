"""Parquet exports such as FineWeb-2-style dumps (``text``, ``id``, ``url``, ``date``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from cleaner.io.errors import ErrorLog
from cleaner.io.sources import InputFile


def read_parquet(
    path: Path | InputFile, errors: ErrorLog, text_field: str, batch_rows: int = 2048
) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(path, InputFile):  # standard input's spool, or an fsspec file (seekable)
        try:
            fh = path.open_raw()
        except OSError as exc:
            errors.add(path, None, f"unreadable: {exc.strerror or exc}")
            return
        with fh:
            yield from _read_parquet(fh, path, errors, text_field, batch_rows)
    else:
        yield from _read_parquet(path, path, errors, text_field, batch_rows)


def _read_parquet(
    source: Any, path: Path | InputFile, errors: ErrorLog, text_field: str, batch_rows: int
) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        pf = pq.ParquetFile(source)
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
