"""JSON Lines (plain or gzip) and JSON arrays."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaner.io.decoding import decode_bytes
from cleaner.io.errors import ErrorLog


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def read_jsonl(path: Path, errors: ErrorLog) -> Iterator[tuple[int, dict[str, Any]]]:
    """(record number, object) for every parseable line; one bad line never stops the file."""
    record = -1
    try:
        with _open_binary(path) as fh:
            for record, raw_line in enumerate(fh):
                if not raw_line.strip():
                    continue
                text, encoding, lossy = decode_bytes(raw_line)
                if lossy:
                    errors.add(path, record, "invalid UTF-8 replaced with U+FFFD", "warning")
                elif encoding != "utf-8":
                    errors.add(path, record, f"decoded as {encoding}", "warning")
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    errors.add(path, record, f"malformed JSON: {exc.msg} at column {exc.colno}")
                    continue
                if not isinstance(obj, dict):
                    errors.add(path, record, f"JSON line is a {type(obj).__name__}, not an object")
                    continue
                yield record, obj
    except (EOFError, OSError, zlib.error) as exc:
        errors.add(path, None, f"file ends early or is unreadable after record {record}: {exc}")


def read_json_array(path: Path, errors: ErrorLog) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text, _, _ = decode_bytes(path.read_bytes())
        data = json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        errors.add(path, None, f"unreadable JSON: {exc}")
        return
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        errors.add(path, None, "JSON file is neither an array nor an object")
        return
    for record, obj in enumerate(data):
        if not isinstance(obj, dict):
            errors.add(path, record, f"array item is a {type(obj).__name__}, not an object")
            continue
        yield record, obj
