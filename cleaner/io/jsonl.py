"""JSON Lines (plain or gzip, UTF-8, legacy Korean or UTF-16/32 with a BOM) and JSON arrays."""

from __future__ import annotations

import codecs
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from json.decoder import scanstring
from json.scanner import NUMBER_RE
from pathlib import Path
from typing import IO, Any, AnyStr

from cleaner.config import InputConfig
from cleaner.io.decoding import (
    MARK_ERRORS,
    UNICODE_ENCODINGS,
    bom_encoding,
    decode_bytes,
    unmark,
)
from cleaner.io.errors import ErrorLog
from cleaner.io.sources import STREAM_ERRORS, InputFile, open_local

# Lines longer than this are skipped as they stream: the default of [input] max_line_bytes.
MAX_LINE_BYTES: int = InputConfig.max_line_bytes
# Bytes asked of the (decompressed) stream at a time: bounds what is held besides one line.
CHUNK_BYTES = 1024 * 1024
# Bytes a character takes in the encodings that a BOM declares (surrogate pairs take two units:
# the limit is then a little generous, never too strict).
_UNIT_BYTES = {"utf-16": 2, "utf-32": 4}


def _open_binary(path: Path | InputFile) -> IO[bytes]:
    """The bytes of a file, decompressed by its name (.gz, .bz2, .xz, .zst), streaming."""
    return path.open() if isinstance(path, InputFile) else open_local(path)


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


class _Chunks:
    """The chunks of a binary stream; an error that ends it early is kept for after the lines.

    Reading in chunks (rather than by line) is what lets the reader see the half line before a
    truncated gzip's cut, and bounds what one overlong line costs.
    """

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.error: Exception | None = None

    def __iter__(self) -> Iterator[bytes]:
        while True:
            try:
                chunk = self.fh.read1(CHUNK_BYTES)  # type: ignore[attr-defined]
            except STREAM_ERRORS as exc:
                self.error = exc
                return
            if not chunk:
                return
            yield chunk


def _decoded(chunks: Iterable[bytes], encoding: str) -> Iterator[str]:
    """Text of a UTF-16/32 stream; undecodable bytes are marked (see decoding.MARK_ERRORS)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors=MARK_ERRORS)
    for chunk in chunks:
        text = decoder.decode(chunk)
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def split_lines(chunks: Iterable[AnyStr], newline: AnyStr, limit: int) -> Iterator[AnyStr | None]:
    """Lines (without ``newline``) of a chunked stream; None stands for a line over ``limit``.

    An overlong line is dropped as it streams: at most ``limit`` of it plus one chunk is held.
    A last line without newline is a line; a newline at the very end adds none.
    """
    empty = newline[:0]
    parts: list[AnyStr] = []
    size = 0  # length of the line so far (its parts)
    too_long = False
    for chunk in chunks:
        pieces = chunk.split(newline)
        tail = pieces.pop()  # the start of a line that goes on in the next chunk
        for piece in pieces:
            if too_long:
                yield None
            elif parts:
                if size + len(piece) > limit:
                    yield None
                else:
                    parts.append(piece)
                    yield empty.join(parts)
                parts = []
            elif len(piece) > limit:
                yield None
            else:
                yield piece
            size = 0
            too_long = False
        if tail and not too_long:
            size += len(tail)
            if size > limit:
                too_long = True
                parts = []  # let go of it now: this is what bounds the memory
            else:
                parts.append(tail)
    if too_long:
        yield None
    elif parts:
        yield empty.join(parts)


def _sniff_bom(path: Path | InputFile) -> str | None:
    """The Unicode encoding a file's BOM declares, or None (UTF-8 or legacy, decided by line)."""
    try:
        with _open_binary(path) as fh:
            return bom_encoding(fh.read(4))
    except STREAM_ERRORS:
        return None  # the read proper reports what is wrong with the file


def read_jsonl(
    path: Path | InputFile, errors: ErrorLog, max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(record number, object) for every parseable line; one bad line never stops the file.

    The record number is the 0-based line number. Lines in a legacy encoding are decoded and
    reported once per file and encoding (with the first such record), not once per line. A
    UTF-16 or UTF-32 byte order mark at the start makes the whole file text in that encoding,
    split into lines after decoding (its newline is two or four bytes). A line longer than
    ``max_line_bytes`` is a record error and is skipped without being held whole.
    """
    record = -1
    hint: str | None = None
    legacy: Counter[str] = Counter()
    first_legacy: dict[str, int] = {}
    declared = _sniff_bom(path)
    try:
        with _open_binary(path) as fh:
            chunks = _Chunks(fh)
            lines: Iterator[bytes | None] | Iterator[str | None]
            if declared is None:
                lines = split_lines(chunks, b"\n", max_line_bytes)
            else:
                limit = max(1, max_line_bytes // _UNIT_BYTES[declared])
                lines = split_lines(_decoded(chunks, declared), "\n", limit)
            for record, line in enumerate(lines):
                if line is None:
                    errors.add(
                        path,
                        record,
                        f"line longer than {max_line_bytes:,} bytes skipped (--max-line-bytes)",
                    )
                    continue
                if not line.strip():
                    continue
                if isinstance(line, str):
                    text, lossy = unmark(line)
                    encoding = declared or "utf-8"
                else:
                    text, encoding, lossy = decode_bytes(line, hint, whole_file=False)
                if lossy:
                    errors.add(
                        path, record, f"invalid {encoding.upper()} replaced with U+FFFD", "warning"
                    )
                elif encoding not in UNICODE_ENCODINGS:
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
                line = text = ""
                yield record, obj
            if chunks.error is not None:
                raise chunks.error
    except STREAM_ERRORS as exc:
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


def read_json_array(
    path: Path | InputFile, errors: ErrorLog
) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text, encoding, lossy = decode_bytes(path.read_bytes())
        data = _parse(text)
    except (OSError, ValueError) as exc:  # JSONDecodeError is a ValueError
        errors.add(path, None, f"unreadable JSON: {exc}")
        return
    if lossy:
        errors.add(path, None, f"invalid {encoding.upper()} replaced with U+FFFD", "warning")
    elif encoding not in UNICODE_ENCODINGS:
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
