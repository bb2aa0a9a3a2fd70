"""Turning one raw record (a dict from any reader) into a Document, with clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cleaner.config import InputConfig
from cleaner.document import Document
from cleaner.io.errors import ErrorLog

# Characters that are never text: C0 controls except tab/newline, DEL. Carriage returns are
# normalised to newlines separately so that a line count survives.
_CONTROL: dict[int, str | None] = {c: None for c in (*range(0, 9), 11, 12, *range(14, 32), 127)}
# NEL and the Unicode line and paragraph separators are line ends to str.splitlines and to many
# tokenizers: they become \n, so that \n is the only line break in published text.
_CONTROL.update({0x85: "\n", 0x2028: "\n", 0x2029: "\n"})


def normalise_text(text: str) -> str:
    """Unify line ends and drop control characters; never changes visible text."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isprintable():
        text = text.translate(_CONTROL)
    return text


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
    if cfg.text_field not in raw:
        errors.add(source, record, f"no {cfg.text_field!r} field")
        return None
    text = raw[cfg.text_field]
    if not isinstance(text, str):
        kind = "null" if text is None else type(text).__name__
        errors.add(source, record, f"{cfg.text_field!r} is {kind}, not a string")
        return None
    text = normalise_text(text)
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
