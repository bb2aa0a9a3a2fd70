"""Turning one raw record (a dict from any reader) into a Document, with clear errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cleaner.config import InputConfig
from cleaner.document import Document
from cleaner.io.errors import ErrorLog

# Characters that are never text: C0 controls except tab/newline, DEL, and the C1 controls
# (in web text they are mojibake, never line structure). Carriage returns are normalised to
# newlines separately so that a line count survives.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone surrogates (JSON "\\ud800" escapes) are not encodable as UTF-8: Parquet cannot store them.
_SURROGATE = re.compile("[\ud800-\udfff]")
# NEL and the Unicode line and paragraph separators are line ends to str.splitlines and to many
# tokenizers: they become \n (before the C1 controls are dropped), so that \n is the only line
# break in published text.
_LINE_SEPARATORS = str.maketrans({0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
# Field values nested deeper than this are kept as their JSON text. Everything downstream walks
# metadata recursively (lone-surrogate repair, json.dumps into the metadata column, str() of a
# date); a valid JSON line may nest 100,000 levels, which would end the whole file with a
# RecursionError. Real metadata nests a handful of levels.
MAX_NESTING = 100


class _Raw(str):
    """Text written as is by _dumps_iterative (punctuation, keys), not as a JSON string."""


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` (a dict or list) nests more than ``limit`` containers deep."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list, tuple)))
    return False


def _dumps_iterative(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, default=str)`` without recursion."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            out.append(item)
        elif isinstance(item, dict) and item:
            out.append("{")
            stack.append(_Raw("}"))
            entries = list(item.items())
            # pushed in reverse so that they pop in order
            for i in range(len(entries) - 1, -1, -1):
                key, child = entries[i]
                stack.append(child)
                key = key if isinstance(key, str) else str(key)
                stack.append(_Raw(json.dumps(key, ensure_ascii=False) + ": "))
                if i:
                    stack.append(_Raw(", "))
        elif isinstance(item, (list, tuple)) and item:
            out.append("[")
            stack.append(_Raw("]"))
            for i in range(len(item) - 1, -1, -1):
                stack.append(item[i])
                if i:
                    stack.append(_Raw(", "))
        else:
            out.append(json.dumps(item, ensure_ascii=False, default=str))
    return "".join(out)


def _flatten_deep(
    raw: dict[str, Any], text_field: str, source: Path, record: int, errors: ErrorLog
) -> dict[str, Any]:
    """``raw`` with every value nested deeper than MAX_NESTING replaced by its JSON text.

    The text field is left alone: a list there must stay an error, not become text.
    """
    deep = [
        k
        for k, v in raw.items()
        if k != text_field and isinstance(v, (dict, list, tuple)) and _deeper_than(v, MAX_NESTING)
    ]
    if not deep:
        return raw
    raw = dict(raw)
    for key in deep:
        raw[key] = _dumps_iterative(raw[key])
        errors.add(
            source,
            record,
            f"{key!r} nested more than {MAX_NESTING} levels deep: kept as JSON text",
            severity="warning",
        )
    return raw


def normalise_text(text: str) -> str:
    """Unify line ends and drop control characters; never changes visible text."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = text.translate(_LINE_SEPARATORS)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text


def _encodable(value: Any) -> tuple[Any, bool]:
    """``value`` with lone surrogates replaced by U+FFFD (strings inside lists and dicts too)."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return _SURROGATE.sub("\ufffd", value), True
        return value, False
    if isinstance(value, dict):
        changed = False
        out = {}
        for k, v in value.items():
            k2, c1 = _encodable(k)
            v2, c2 = _encodable(v)
            out[k2] = v2
            changed = changed or c1 or c2
        return (out, True) if changed else (value, False)
    if isinstance(value, list):
        items = [_encodable(v) for v in value]
        if any(c for _, c in items):
            return [v for v, _ in items], True
    return value, False


def record_to_document(
    raw: dict[str, Any],
    *,
    source: Path,
    record: int,
    cfg: InputConfig,
    errors: ErrorLog,
) -> Document | None:
    """The Document for one record, or None (and an error logged) when it has no usable text."""
    name = source.name
    raw = _flatten_deep(raw, cfg.text_field, source, record, errors)
    if cfg.text_field not in raw:
        errors.add(source, record, f"no {cfg.text_field!r} field")
        return None
    text = raw[cfg.text_field]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        errors.add(source, record, f"{cfg.text_field!r} is {kind}, not a string")
        return None
    text, fixed = _encodable(normalise_text(text))
    if not text.strip():
        errors.add(source, record, "empty document")
        return None
    if len(text) > cfg.max_doc_chars:
        if cfg.oversized == "skip":
            errors.add(
                source, record, f"document of {len(text)} characters skipped (--max-doc-chars)"
            )
            return None
        errors.add(
            source,
            record,
            f"document of {len(text)} characters truncated to {cfg.max_doc_chars}",
            severity="warning",
        )
        text = text[: cfg.max_doc_chars]
    fields, fixed_fields = _encodable({k: v for k, v in raw.items() if k != cfg.text_field})
    if fixed_fields:
        raw = fields
    if fixed or fixed_fields:
        errors.add(source, record, "lone surrogates replaced with U+FFFD", severity="warning")
    doc_id = raw.get(cfg.id_field)
    doc_id = f"{name}#{record}" if doc_id is None or doc_id == "" else str(doc_id)
    url = raw.get(cfg.url_field)
    url = str(url) if url not in (None, "") else None
    site = raw.get(cfg.site_field) if cfg.site_field else None
    used = {cfg.text_field, cfg.id_field, cfg.url_field, cfg.site_field}
    metadata = {k: v for k, v in raw.items() if k not in used}
    return Document(
        id=doc_id,
        text=text,
        url=url,
        site=str(site) if site not in (None, "") else None,
        source=str(source),
        record=record,
        metadata=metadata,
    )
