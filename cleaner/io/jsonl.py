"""JSON Lines (plain or gzip) and JSON arrays."""

from __future__ import annotations

import gzip
import json
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaner.io.decoding import decode_bytes
from cleaner.io.errors import ErrorLog


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def _parse(text: str) -> Any:
    # strict=False: a raw tab or carriage return inside a string is recoverable text, not a
    # reason to lose the record (normalise_text cleans control characters afterwards).
    return json.loads(text, strict=False)


def read_jsonl(path: Path, errors: ErrorLog) -> Iterator[tuple[int, dict[str, Any]]]:
    """(record number, object) for every parseable line; one bad line never stops the file.

    The record number is the 0-based line number. Lines in a legacy encoding are decoded and
    reported once per file and encoding (with the first such record), not once per line.
    """
    record = -1
    hint: str | None = None
    legacy: Counter[str] = Counter()
    first_legacy: dict[str, int] = {}
    try:
        with _open_binary(path) as fh:
            for record, raw_line in enumerate(fh):
                if not raw_line.strip():
                    continue
                text, encoding, lossy = decode_bytes(raw_line, hint)
                if lossy:
                    errors.add(path, record, "invalid UTF-8 replaced with U+FFFD", "warning")
                elif encoding != "utf-8":
                    legacy[encoding] += 1
                    first_legacy.setdefault(encoding, record)
                elif hint is None and not text.isascii():
                    hint = "utf-8"  # the file has proved to be UTF-8
                try:
                    obj = _parse(text)
                except json.JSONDecodeError as exc:
                    errors.add(path, record, f"malformed JSON: {exc.msg} at column {exc.colno}")
                    continue
                except RecursionError:
                    errors.add(path, record, "malformed JSON: nested too deeply")
                    continue
                if not isinstance(obj, dict):
                    errors.add(path, record, f"JSON line is a {type(obj).__name__}, not an object")
                    continue
                # drop the raw and decoded copies of a huge line before the consumer works on it
                raw_line = text = b""
                yield record, obj
    except (EOFError, OSError, zlib.error) as exc:
        if record < 0:
            errors.add(path, None, f"unreadable: {getattr(exc, 'strerror', None) or exc}")
        else:
            errors.add(path, None, f"file ends early or is unreadable after record {record}: {exc}")
    finally:
        for encoding, n in legacy.items():
            errors.add(
                path,
                first_legacy[encoding],
                f"decoded as {encoding} ({n} line{'s' if n != 1 else ''}, the first at this record)",
                "warning",
            )


def read_json_array(path: Path, errors: ErrorLog) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text, encoding, lossy = decode_bytes(path.read_bytes())
        data = _parse(text)
    except (OSError, json.JSONDecodeError, RecursionError) as exc:
        errors.add(path, None, f"unreadable JSON: {exc}")
        return
    if lossy:
        errors.add(path, None, "invalid UTF-8 replaced with U+FFFD", "warning")
    elif encoding != "utf-8":
        errors.add(path, None, f"decoded as {encoding}", "warning")
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
