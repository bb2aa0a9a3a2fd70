"""JSON Lines (plain or gzip) and JSON arrays."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from json.decoder import scanstring
from json.scanner import NUMBER_RE
from pathlib import Path
from typing import Any

from cleaner.io.decoding import decode_bytes
from cleaner.io.errors import ErrorLog


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def _parse(text: str) -> Any:
    # strict=False: a raw tab or carriage return inside a string is recoverable text, not a
    # reason to lose the record (normalise_text cleans control characters afterwards).
    try:
        return json.loads(text, strict=False)
    except RecursionError:
        # The C scanner recurses once per nesting level; valid JSON has no depth limit, so the
        # rare deep line is parsed again without recursion rather than lost.
        return loads_iterative(text)


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_CONSTANTS: tuple[tuple[str, Any], ...] = (
    ("null", None),
    ("true", True),
    ("false", False),
    ("NaN", float("nan")),
    ("Infinity", float("inf")),
    ("-Infinity", float("-inf")),
)


def _skip(text: str, pos: int) -> int:
    return _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]  # * always matches


def _key(text: str, pos: int) -> tuple[str, int]:
    """An object key and its colon at ``pos``; returns the key and the position of its value."""
    if text[pos : pos + 1] != '"':
        raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, pos)
    key, pos = scanstring(text, pos + 1, False)
    pos = _skip(text, pos)
    if text[pos : pos + 1] != ":":
        raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
    return key, _skip(text, pos + 1)


def loads_iterative(text: str) -> Any:
    """``json.loads(text, strict=False)`` with an explicit stack instead of recursion.

    Same values (duplicate keys: the last wins; NaN and Infinity accepted) and the same
    ``JSONDecodeError`` messages for the common faults; used only when json.loads recursed too
    deep, so its speed does not matter.
    """
    containers: list[dict[str, Any] | list[Any]] = []
    keys: list[str] = []  # the pending key of each open object
    pos = _skip(text, 0)
    while True:
        # one value at pos: a scalar, an empty container, or the opening of a container
        ch = text[pos : pos + 1]
        if ch == "{":
            pos = _skip(text, pos + 1)
            if text[pos : pos + 1] != "}":
                key, pos = _key(text, pos)
                containers.append({})
                keys.append(key)
                continue
            value: Any = {}
            pos += 1
        elif ch == "[":
            pos = _skip(text, pos + 1)
            if text[pos : pos + 1] != "]":
                containers.append([])
                continue
            value = []
            pos += 1
        elif ch == '"':
            value, pos = scanstring(text, pos + 1, False)
        else:
            match = NUMBER_RE.match(text, pos)
            if match is not None:
                integer, frac, exp = match.groups()
                value = float(integer + (frac or "") + (exp or "")) if frac or exp else int(integer)
                pos = match.end()
            else:
                for word, constant in _CONSTANTS:
                    if text.startswith(word, pos):
                        value = constant
                        pos += len(word)
                        break
                else:
                    raise json.JSONDecodeError("Expecting value", text, pos)
        # put the value into its container; close every container that ends here
        while True:
            pos = _skip(text, pos)
            if not containers:
                if pos != len(text):
                    raise json.JSONDecodeError("Extra data", text, pos)
                return value
            top = containers[-1]
            ch = text[pos : pos + 1]
            if isinstance(top, dict):
                top[keys[-1]] = value
                closing = "}"
            else:
                top.append(value)
                closing = "]"
            if ch == ",":
                pos = _skip(text, pos + 1)
                if isinstance(top, dict):
                    keys[-1], pos = _key(text, pos)
                break
            if ch != closing:
                raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
            value = containers.pop()
            if isinstance(value, dict):
                keys.pop()
            pos += 1


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
                except ValueError as exc:  # e.g. an integer of more than 4300 digits
                    errors.add(path, record, f"malformed JSON: {exc}")
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
    except (OSError, ValueError) as exc:  # JSONDecodeError is a ValueError
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
