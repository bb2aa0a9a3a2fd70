"""Plain text (one document per file) and HTML pages (main text through trafilatura)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaner.io.decoding import UNICODE_ENCODINGS, decode_bytes
from cleaner.io.errors import ErrorLog


def _read_text(path: Path, errors: ErrorLog) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        errors.add(path, None, f"unreadable: {exc.strerror or exc}")
        return None
    text, encoding, lossy = decode_bytes(data)
    if lossy:
        errors.add(path, 0, f"invalid {encoding.upper()} replaced with U+FFFD", "warning")
    elif encoding not in UNICODE_ENCODINGS:
        errors.add(path, 0, f"decoded as {encoding}", "warning")
    return text


def read_txt(path: Path, errors: ErrorLog) -> Iterator[tuple[int, dict[str, Any]]]:
    text = _read_text(path, errors)
    if text is not None:
        yield 0, {"text": text, "id": path.stem}


def html_to_text(html: str) -> tuple[str | None, dict[str, Any]]:
    """Main text with one line per block, and the page metadata trafilatura found.

    Only the string is parsed: trafilatura fetches nothing when handed markup.
    """
    import trafilatura

    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    meta: dict[str, Any] = {}
    document = trafilatura.extract_metadata(html)
    if document is not None:
        for key in ("title", "url", "date", "sitename", "author"):
            value = getattr(document, key, None)
            if value:
                meta[key] = value
    return text, meta


def read_html(path: Path, errors: ErrorLog) -> Iterator[tuple[int, dict[str, Any]]]:
    html = _read_text(path, errors)
    if html is None:
        return
    try:
        text, meta = html_to_text(html)
    except Exception as exc:  # lxml and trafilatura raise a zoo of types on broken markup
        errors.add(path, 0, f"HTML could not be parsed: {exc}")
        return
    if not text:
        errors.add(path, 0, "trafilatura found no main text in the HTML page")
        return
    record: dict[str, Any] = {"text": text, "id": path.stem}
    if "url" in meta:
        record["url"] = meta.pop("url")
    record.update(meta)
    yield 0, record
